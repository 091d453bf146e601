"""Projects: the pieces of work of an organisation (specifications, raw data).

Besides the plain methods (generated), a project's people: the roles that
can be granted, its members, and invitations by email.
"""

from __future__ import annotations

from typing import Any

from .._arguments.query import segment
from ..errors import ResponseValidationError
from ..models import InviteResult, ProjectRoleInfo
from ._generated import PlainProjects
from ._paths import project_path
from ._records_api import parse_record

__all__ = ["AsyncProjectClient"]

ROLES_PATH = "/roles/project"


class AsyncProjectClient(PlainProjects):
    """Client for projects (the public client's ``client.project``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def roles(self) -> list[ProjectRoleInfo]:
        """List the project roles that can be granted.

        Returns
        -------
        list of ProjectRoleInfo
            Each role's ``id``, ``name`` (``"Project Admin"``,
            ``"Project Contributor"``, ``"Project Viewer"``) and description.
        """
        payload = await self._api.transport.request_json("GET", ROLES_PATH)
        if not isinstance(payload, list):
            raise ResponseValidationError(
                f"GET {ROLES_PATH} did not answer a list of roles",
                method="GET",
                path=ROLES_PATH,
            )
        return [
            parse_record(row, ProjectRoleInfo, "GET", ROLES_PATH) for row in payload
        ]

    async def _role_id(self, role: str) -> str:
        """Resolve a role's name (any case) or id to its id."""
        if not isinstance(role, str) or not role:
            raise TypeError(f"role must be a role's name or id, got {role!r}")
        roles = await self.roles()
        for known in roles:
            if role in (known.id, known.name) or role.lower() == known.name.lower():
                return known.id
        names = ", ".join(repr(known.name) for known in roles)
        raise ValueError(f"Unknown project role {role!r}. Choose one of: {names}.")

    async def _send(self, method: str, path: str, body: dict[str, Any]) -> Any:
        return await self._api.transport.request_json(method, path, body=body)

    async def add_member(
        self, project_id: str, user_id: str, role: str = "Project Contributor"
    ) -> None:
        """Grant an organisation member a role in a project (or change it).

        Parameters
        ----------
        project_id : str
            The project.
        user_id : str
            The organisation member's user id (``whoami()["id"]`` for
            yourself; :meth:`invite_member` for someone new).
        role : str, optional
            A role's name (any case) or id. Defaults to
            ``"Project Contributor"``.
        """
        segment(user_id, "user_id")
        body = {"user_id": user_id, "project_role_id": await self._role_id(role)}
        await self._send("POST", project_path(project_id) + "/members", body)

    async def invite_member(
        self, project_id: str, email: str, role: str = "Project Contributor"
    ) -> InviteResult:
        """Invite someone to a project by email, adding them to the organisation.

        Parameters
        ----------
        project_id : str
            The project.
        email : str
            The person's email address.
        role : str, optional
            A role's name (any case) or id. Defaults to
            ``"Project Contributor"``.

        Returns
        -------
        InviteResult
            The user's id, whether an invitation email was sent, and whether
            they already belonged to the organisation.
        """
        if not isinstance(email, str) or "@" not in email:
            raise ValueError(f"email must be an email address, got {email!r}")
        path = project_path(project_id) + "/invites"
        body = {"email": email, "project_role_id": await self._role_id(role)}
        answer = await self._send("POST", path, body)
        return parse_record(answer, InviteResult, "POST", path)

    async def update_member(self, project_id: str, user_id: str, role: str) -> None:
        """Change a project member's role.

        Parameters
        ----------
        project_id : str
            The project.
        user_id : str
            The member's user id.
        role : str
            The new role's name (any case) or id.
        """
        path = f"{project_path(project_id)}/members/{segment(user_id, 'user_id')}"
        await self._send("PATCH", path, {"project_role_id": await self._role_id(role)})

    async def remove_member(self, project_id: str, user_id: str) -> None:
        """Remove a user from a project (they stay in the organisation).

        Parameters
        ----------
        project_id : str
            The project.
        user_id : str
            The member's user id.
        """
        path = f"{project_path(project_id)}/members/{segment(user_id, 'user_id')}"
        await self._api.transport.request_json("DELETE", path)
