"""The organisation: its usage this period, and its members and their roles."""

from __future__ import annotations

from typing import Any

from ...errors import ResponseValidationError
from ...models import InviteResult
from ...models.organization import OrganizationMember, OrganizationUsage
from ...types import OrgRole
from .._records_api import parse_record
from .._routes import RouteResource, route

__all__ = ["AsyncOrganizationClient"]

USERS = "/organizations/{organization_id}/users"


class AsyncOrganizationClient(RouteResource):
    """Client for the organisation (the public client's ``client.organization``).

    The organisation is the client's ``organization_id``, else the one the
    key was issued for (asked once, from ``/users/me``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    def __init__(self, client: Any) -> None:
        super().__init__(client)
        self._organization_id: str | None = None

    async def usage(self) -> OrganizationUsage:
        """Return the organisation's usage and limits this billing period.

        Returns
        -------
        OrganizationUsage
            Simulation and compute hours used, and their limits.
        """
        path = "/organizations/current/usage"
        return await self._one("GET", path, OrganizationUsage)

    async def _users(self, user_id: str | None = None) -> str:
        organization = self._context.transport.settings.organization_id
        if not organization:
            if self._organization_id is None:
                me = await self._object("GET", "/users/me")
                authorized = me.get("authorized_organization") or {}
                found = authorized.get("id") if isinstance(authorized, dict) else None
                if not found:
                    raise ValueError(
                        "Could not determine the organization for this client. "
                        "Pass organization_id to Ionworks() or set "
                        "IONWORKS_ORGANIZATION_ID."
                    )
                self._organization_id = str(found)
            organization = self._organization_id
        path = route(USERS, organization_id=organization)
        return path if user_id is None else route(path + "/{user_id}", user_id=user_id)

    async def members(self) -> list[OrganizationMember]:
        """List the organisation's members, with their roles and projects.

        Returns
        -------
        list of OrganizationMember
            Each member.
        """
        path = await self._users()
        rows = await self._array("GET", path, what="members")
        try:
            return [OrganizationMember.from_api(row) for row in rows]
        except (TypeError, AttributeError) as error:
            raise ResponseValidationError(
                f"The Ionworks API answered GET {path} with a member that is not "
                f"valid: {error}.",
                method="GET",
                path=path,
            ) from None

    async def get_member(self, email: str) -> OrganizationMember:
        """Return the member of an email address (any case).

        Parameters
        ----------
        email : str
            Their email address.

        Returns
        -------
        OrganizationMember
            The member.

        Raises
        ------
        ValueError
            When no member has the address.
        """
        wanted = email.strip().lower()
        for member in await self.members():
            if (member.email or "").lower() == wanted:
                return member
        raise ValueError(f"No member with email {email!r} in this organization.")

    async def invite(self, email: str, role: OrgRole = "Member") -> InviteResult:
        """Invite someone by email to the organisation (or add an existing user).

        Parameters
        ----------
        email : str
            Their email address.
        role : {"Member", "Admin"}, optional
            Their role. Defaults to ``"Member"``.

        Returns
        -------
        InviteResult
            Their user id, and whether an email was sent.
        """
        path = await self._users() + "/by-email"
        body = {"email": email, "role_name": role}
        return parse_record(
            await self._json("POST", path, body=body), InviteResult, "POST", path
        )

    async def set_role(self, user_id: str, role: OrgRole) -> None:
        """Change a member's role.

        Parameters
        ----------
        user_id : str
            The member's user id.
        role : {"Member", "Admin"}
            The new role.
        """
        path = await self._users(user_id) + "/role"
        await self._json("PATCH", path, body={"role_name": role})

    async def deactivate(self, user_id: str) -> None:
        """Deactivate a member (they can no longer sign in; nothing is deleted).

        Parameters
        ----------
        user_id : str
            The member's user id.
        """
        await self._json("PATCH", await self._users(user_id), body={"is_active": False})

    async def reactivate(self, user_id: str) -> None:
        """Reactivate a deactivated member.

        Parameters
        ----------
        user_id : str
            The member's user id.
        """
        await self._json("PATCH", await self._users(user_id), body={"is_active": True})

    async def resend_invite(self, user_id: str) -> None:
        """Send a pending invitation's email again.

        Parameters
        ----------
        user_id : str
            The invited user's id.
        """
        path = await self._users(user_id) + "/resend-invite"
        await self._json("POST", path, body={})

    async def remove(self, user_id: str) -> None:
        """Remove a member from the organisation.

        Parameters
        ----------
        user_id : str
            The member's user id.
        """
        await self._delete(await self._users(user_id))
