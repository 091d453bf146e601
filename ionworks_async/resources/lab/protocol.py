"""Protocols: a project's saved test procedures, and the API's protocol tools.

Saved protocols live at ``/experiment_templates``; parsing a cycler's file,
validating, finding a protocol's inputs and converting it to a cycler's
format are the API's ``/protocols`` tools (the hosted service's compute:
ionworks-local answers them as not available).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ...models.pages import PaginatedList
from ...models.planning import ConvertResult, ParsedProtocol, Protocol
from ...types import ConversionTarget
from .._routes import RouteResource, filter_pairs, plain_pairs, route
from .protocol_reading import converted, parsed, protocol_config

__all__ = ["AsyncProtocolClient"]

TEMPLATES = "/experiment_templates"
TEMPLATE = "/experiment_templates/{protocol_id}"


class AsyncProtocolClient(RouteResource):
    """Client for protocols (the public client's ``client.protocol``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def list(
        self,
        project_id: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        *,
        include: Sequence[str] | None = None,
        name: str | None = None,
        name_exact: str | None = None,
        created_by_email: str | None = None,
        created_after: str | None = None,
        created_before: str | None = None,
        updated_after: str | None = None,
        updated_before: str | None = None,
        order_by: str | None = None,
        order: str | None = None,
    ) -> PaginatedList[Protocol]:
        """List a project's protocols: one page, without the heavy fields.

        Parameters
        ----------
        project_id : str, optional
            The project (default: the client's).
        limit, offset : int, optional
            The page.
        include : sequence of str, optional
            Heavy fields to return too (``"protocol_config"``,
            ``"parameters_schema"``, ``"source_protocol"``, ...).
        name, name_exact : str, optional
            A part of the name (any case, literally), or the whole name.
        created_by_email : str, optional
            A part of the creator's email.
        created_after, created_before, updated_after, updated_before : str, optional
            ISO 8601 times bounding when the protocol was created or updated.
        order_by : str, optional
            The field to sort by.
        order : {"asc", "desc"}, optional
            The direction.

        Returns
        -------
        PaginatedList of Protocol
            The page, with ``total``.
        """
        params = plain_pairs(project_id=self._project(project_id))
        params += filter_pairs(limit, offset)
        params += plain_pairs(include=",".join(include) if include else None)
        params += filter_pairs(
            name=name,
            name_exact=name_exact,
            created_by_email=created_by_email,
            created_after=created_after,
            created_before=created_before,
            updated_after=updated_after,
            updated_before=updated_before,
            order_by=order_by,
            order=order,
        )
        return await self._page(TEMPLATES, Protocol, params)

    async def get(self, protocol_id: str) -> Protocol:
        """Get a protocol with all its fields.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.

        Returns
        -------
        Protocol
            The protocol.
        """
        path = route(TEMPLATE, protocol_id=protocol_id)
        return await self._one("GET", path, Protocol)

    async def find_by_name(
        self, name: str, project_id: str | None = None
    ) -> Protocol | None:
        """Return the project's protocol of this exact name, or ``None``.

        Parameters
        ----------
        name : str
            The whole name.
        project_id : str, optional
            The project (default: the client's).

        Returns
        -------
        Protocol or None
            The protocol (without its heavy fields).

        Raises
        ------
        ValueError
            When more than one protocol has the name (names are not unique).
        """
        matches = await self.list(project_id=project_id, name_exact=name, limit=2)
        if (matches.total or len(matches)) > 1:
            raise ValueError(
                f"{matches.total} protocols in this project are named {name!r}. "
                "Protocol names are not unique; use list(name_exact=...) and pick "
                "the one you want by id."
            )
        return matches[0] if matches else None

    async def human_readable(self, protocol_id: str) -> str:
        """Return a protocol described in words.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.

        Returns
        -------
        str
            The description.
        """
        return await self._text(
            route(TEMPLATE, protocol_id=protocol_id) + "/human_readable"
        )

    async def source_protocol(self, protocol_id: str) -> str:
        """Return the text a protocol was created from.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.

        Returns
        -------
        str
            The source text.
        """
        return await self._text(
            route(TEMPLATE, protocol_id=protocol_id) + "/source_protocol"
        )

    async def create(
        self,
        name: str,
        protocol: str | dict[str, Any],
        project_id: str | None = None,
        *,
        description: str | None = None,
        parameters_schema: dict[str, Any] | None = None,
        source_protocol: str | None = None,
        force_create: bool = False,
    ) -> Protocol:
        """Save a protocol in a project.

        Parameters
        ----------
        name : str
            Its name.
        protocol : str or dict
            The UCP protocol, as YAML text (kept as its source) or a mapping.
        project_id : str, optional
            The project (default: the client's).
        description : str, optional
            Free text.
        parameters_schema : dict, optional
            The JSON schema of the parameters it leaves open.
        source_protocol : str, optional
            The text it came from (default: ``protocol`` when it is text).
        force_create : bool, optional
            Save a new one even when an identical protocol exists (by default
            the API answers the existing one).

        Returns
        -------
        Protocol
            The saved protocol.
        """
        config = protocol_config(protocol)
        if source_protocol is None and isinstance(protocol, str):
            source_protocol = protocol
        body: dict[str, Any] = {
            "name": name,
            "protocol_config": config,
            "parameters_schema": parameters_schema or {},
            "project_id": self._project(project_id),
            "force_create": force_create,
        }
        if description is not None:
            body["description"] = description
        if source_protocol is not None:
            body["source_protocol"] = source_protocol
        return await self._one("POST", TEMPLATES, Protocol, body=body)

    async def create_or_get(
        self,
        name: str,
        protocol: str | dict[str, Any],
        project_id: str | None = None,
        **kwargs: Any,
    ) -> Protocol:
        """Save a protocol, or get the identical one the project already has.

        Parameters
        ----------
        name : str
            Its name.
        protocol : str or dict
            The UCP protocol.
        project_id : str, optional
            The project (default: the client's).
        **kwargs
            The keywords of :meth:`create` but ``force_create``.

        Returns
        -------
        Protocol
            The new protocol, or the existing identical one.
        """
        kwargs.pop("force_create", None)
        return await self.create(
            name, protocol, project_id, force_create=False, **kwargs
        )

    async def update(
        self,
        protocol_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
    ) -> Protocol:
        """Rename a protocol or change its description (its steps are fixed).

        Parameters
        ----------
        protocol_id : str
            The protocol's id.
        name, description : str, optional
            The new values.

        Returns
        -------
        Protocol
            The updated protocol.
        """
        body: dict[str, Any] = {}
        if name is not None:
            body["name"] = name
        if description is not None:
            body["description"] = description
        path = route(TEMPLATE, protocol_id=protocol_id)
        return await self._one("PATCH", path, Protocol, body=body)

    async def delete(self, protocol_id: str) -> None:
        """Delete a protocol.

        Parameters
        ----------
        protocol_id : str
            The protocol's id.
        """
        await self._delete(route(TEMPLATE, protocol_id=protocol_id))

    async def parse_file(self, file: str | Path | IO[bytes]) -> ParsedProtocol:
        """Read a cycler's protocol file (Maccor, Arbin, ...) as a UCP protocol.

        Parameters
        ----------
        file : str, Path or binary file
            The file.

        Returns
        -------
        ParsedProtocol
            The protocol (not saved), and what it still needs.
        """
        if isinstance(file, str | Path):
            path = Path(file)
            content, file_name = path.read_bytes(), path.name
        else:
            content = file.read()
            file_name = Path(str(getattr(file, "name", "protocol"))).name
        files = {"file": (file_name, content, "application/octet-stream")}
        answer = await self._multipart("/protocols/parse", files)
        return parsed(answer, "/protocols/parse")

    async def validate(self, protocol: str) -> dict[str, Any]:
        """Check a UCP protocol; return the API's findings.

        Parameters
        ----------
        protocol : str
            The protocol, as YAML text.

        Returns
        -------
        dict
            Whether it is valid, and its errors and warnings.
        """
        body = {"protocol": protocol}
        return await self._object("POST", "/protocols/validate", body=body)

    async def find_input_references(self, protocol: str) -> builtins.list[str]:
        """List the inputs a protocol refers to (``input.capacity``, ...).

        Parameters
        ----------
        protocol : str
            The protocol, as YAML text.

        Returns
        -------
        list of str
            The references.
        """
        path = "/protocols/input_references"
        answer = await self._array("POST", path, body={"protocol": protocol})
        return [str(item) for item in answer]

    async def convert(
        self,
        protocol: str | dict[str, Any],
        target: ConversionTarget,
        drive_cycles: dict[str, Any] | None = None,
        filename_stem: str = "protocol",
        nominal_capacity_ah: float | None = None,
        verify: bool = False,
    ) -> ConvertResult:
        """Convert a UCP protocol to a cycler's own protocol file.

        Parameters
        ----------
        protocol : str or dict
            The protocol.
        target : str
            ``"maccor"``, ``"arbin"``, ``"arbin_sdx"``, ``"neware"``,
            ``"biologic_bttest"`` or ``"novonix"``.
        drive_cycles : dict, optional
            The drive cycles it refers to, by name.
        filename_stem : str, optional
            The file's name without its extension. Defaults to ``"protocol"``.
        nominal_capacity_ah : float, optional
            The capacity C-rates are taken from.
        verify : bool, optional
            Read the result back and check it against the protocol.

        Returns
        -------
        ConvertResult
            The file, and the files it needs.
        """
        body: dict[str, Any] = {
            "protocol": protocol,
            "target": target,
            "filename_stem": filename_stem,
        }
        if drive_cycles is not None:
            body["drive_cycles"] = drive_cycles
        if nominal_capacity_ah is not None:
            body["nominal_capacity_ah"] = nominal_capacity_ah
        if verify:
            body["verify"] = True
        path = "/protocols/convert"
        return converted(await self._object("POST", path, body=body), path)
