"""What ``ionworks ingest`` will do with a folder, decided before any request.

The rules, applied to every file below the root (``ionworks ingest --dry-run``
prints what they decide):

- **Specifications.** A ``spec.json`` (a JSON object with a ``"name"``) names
  the cell specification of its folder and everything below it; a deeper
  ``spec.json`` takes over for its own folder. A data file with none above it
  fails, saying so.
- **Cells.** A data file belongs to the cell of its nearest folder below its
  specification's folder that is not named after a cycler (``Maccor``,
  ``Neware``, ``BioLogic``, ``Arbin``, ... any case, a number after the name
  allowed: ``Neware-2``), at any depth; a ``cell.json`` in that folder gives
  the cell's other fields (a folder holding one is a cell whatever its name).
  A file without such a folder (in the specification's own folder, or only
  under cycler-named folders) is grouped by ``cell_pattern``, a regular
  expression searched in the file's name whose group ``cell`` (else its first
  group) names the cell; its group ``measurement``, if any, names the
  measurement. Without a pattern, or when it does not match, the file is
  skipped with that reason.
- **Measurements.** A file is one measurement, named after the file without
  its extension; Maccor's numeric extensions (the channel: ``run.041``) are
  kept, so that two channels' files stay two measurements. A sidecar beside
  it gives the measurement's fields: ``<file>.json`` (the whole file name,
  ``run.mpr.json``), else ``<name>.json``; a ``"name"`` in it names the
  measurement.
- **Files are recognised by content** (:func:`ionworks_async.read.detect_reader`),
  never by extension. Skipped, each with its reason: hidden files and
  folders (a leading ``.``), macOS AppleDouble companions (``._run.csv``),
  metadata sidecars (``.json``), and files no reader recognises.
- **One name, one record.** Every name taken from the file system is
  Unicode-normalised (NFC) before it is compared or sent: the NFC and NFD
  spellings of ``Zelle-ü`` are one cell. Two files that give one measurement
  its name are both refused (which one is meant cannot be told).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._arguments.query import nfc
from ..display import shown
from .plan_items import Plan, PlannedCell, PlannedFile, PlannedSpec, Refused, Skipped

__all__ = [
    "Plan",
    "PlannedCell",
    "PlannedFile",
    "PlannedSpec",
    "Refused",
    "Skipped",
    "is_cycler_folder",
    "plan_folder",
]


_CYCLER_FOLDER = re.compile(r"^([a-z]+?)[\s_-]*\d*$")


def is_cycler_folder(name: str) -> bool:
    """Whether a folder's name is a cycler's (``Maccor``, ``bio-logic 2``)."""
    letters = re.sub(r"[^a-z0-9]", "", name.lower())
    match = _CYCLER_FOLDER.match(letters)
    from ..read.readers import FOLDER_NAMES  # each reader names its cycler's

    return bool(match) and match is not None and match.group(1) in FOLDER_NAMES


def _object(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"not a readable JSON file ({error})") from None
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object")
    return value


def _measurement_name(path: Path) -> str:
    name = nfc(path.name)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or suffix.isdigit():
        return name  # Maccor writes the channel as the extension
    if stem.lower().endswith((".csv", ".bdf")) and suffix.lower() == "gz":
        stem = stem.rpartition(".")[0] or stem
    return stem


def _not_utf8(path: Path, root: Path) -> Refused | None:
    """Refuse a file whose name, or a folder's above it, is no UTF-8.

    Such a name (a zip made on Windows, a Latin-1 file system) reaches
    Python as undecodable bytes; it cannot be sent as a record's name, and
    which letters were meant cannot be told for sure.
    """
    text = str(path.relative_to(root))
    bad = [ch for ch in text if 0xDC80 <= ord(ch) <= 0xDCFF]
    if not bad:
        return None
    first = shown(bad[0])
    return Refused(
        path,
        f"its name holds bytes that are no UTF-8 ({first} in {shown(text)}), "
        "so it cannot be sent as a name",
        "rename it in UTF-8 (for a whole folder from Windows or Latin-1: "
        "convmv -f latin1 -t utf-8 -r --notest FOLDER), then run again",
    )


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is no file to read (a pipe, a device, a broken link), if so.

    Looked up without opening it: opening a named pipe waits for a writer.
    """
    from ..read.toolkit import not_regular

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "a link to nothing"
    except OSError as error:
        return f"it cannot be looked at: {error.strerror or type(error).__name__}"
    kind = not_regular(mode)
    return None if kind is None else f"not a regular file ({kind})"


def _walk(
    root: Path, skipped: list[Skipped]
) -> Iterator[tuple[Path, list[str], list[str]]]:
    """Every folder below ``root``, files sorted; linked folders followed once.

    Hidden folders are not entered. A link to a folder is followed unless
    its folder was entered already (a loop, or a second way to one folder),
    which goes to ``skipped`` with the reason.
    """
    entered = {_identity(root)}
    for folder, folders, files in os.walk(root, followlinks=True):
        kept = []
        for name in sorted(f for f in folders if not f.startswith(".")):
            identity = _identity(Path(folder, name))
            if identity in entered:
                reason = "a link to a folder that is read already (a loop, or twice)"
                skipped.append(Skipped(Path(folder, name), reason))
                continue
            entered.add(identity)
            kept.append(name)
        folders[:] = kept
        yield Path(folder), folders, sorted(files)


def _identity(folder: Path) -> tuple[int, int]:
    """Return the device and inode of a folder, links followed (what makes it one)."""
    status = folder.stat()
    return status.st_dev, status.st_ino


def plan_folder(root: Path, cell_pattern: str | None = None) -> Plan:
    """Decide what ``ingest`` does with every file below ``root`` (no request).

    Parameters
    ----------
    root : Path
        The lab's folder.
    cell_pattern : str, optional
        A regular expression naming the cell of a file that sits in no cell
        folder (see the module's rules).

    Returns
    -------
    Plan
        The specifications, cells and measurements, and each file skipped
        or refused with its reason.

    Raises
    ------
    ValueError
        When ``root`` is no folder, holds no ``spec.json``, a ``spec.json``
        is invalid, or ``cell_pattern`` is no regular expression.
    """
    from ..read import detect_reader
    from ..read.errors import CyclerFileError, UnknownFormatError

    if not root.is_dir():
        raise ValueError(f"{root}: no such folder")
    pattern = _compiled(cell_pattern)
    specs: dict[Path, PlannedSpec] = {}
    cells: dict[tuple[Path, str], dict[str, Any]] = {}
    skipped: list[Skipped] = []
    refused: list[Refused] = []
    for folder, _, names in _walk(root, skipped):
        if "spec.json" in names:
            specs[folder] = _spec(folder / "spec.json")
        spec_folder = _nearest(folder, specs, root)
        for name in names:
            path = folder / name
            if name in ("spec.json", "cell.json"):
                continue
            if name.startswith("._"):
                skipped.append(Skipped(path, "a macOS AppleDouble companion"))
                continue
            if name.startswith("."):
                skipped.append(Skipped(path, "a hidden file"))
                continue
            if name.lower().endswith(".json"):
                skipped.append(Skipped(path, "a metadata sidecar"))
                continue
            garbled = _not_utf8(path, root)
            if garbled is not None:
                refused.append(garbled)
                continue
            unread = _not_a_file(path)
            if unread is not None:
                skipped.append(Skipped(path, unread))
                continue
            try:
                reader = detect_reader(path)
            except UnknownFormatError as error:
                reason = str(error).removeprefix(f"{path}: ")
                skipped.append(Skipped(path, f"not a cycler file ({reason})"))
                continue
            except (CyclerFileError, OSError) as error:  # damaged, unreadable
                refused.append(
                    Refused(
                        path,
                        str(error).removeprefix(f"{path}: "),
                        "copy the file again from the cycler, or move it out of "
                        "the folder",
                    )
                )
                continue
            if spec_folder is None:
                refused.append(
                    Refused(
                        path,
                        "no spec.json in its folder or above",
                        "add a spec.json naming its cell specification",
                    )
                )
                continue
            found = _cell_of(path, spec_folder, pattern)
            if isinstance(found, Skipped):
                skipped.append(found)
                continue
            cell_name, cell_folder, how, measurement = found
            try:
                fields = _sidecar(path)
            except ValueError as error:
                refused.append(Refused(path, str(error), "fix or remove the sidecar"))
                continue
            key = (spec_folder, cell_name)
            cell = cells.setdefault(
                key, {"folder": cell_folder, "how": how, "files": {}}
            )
            named = fields.get("name")
            if isinstance(named, str) and named.strip():
                name_of = nfc(named.strip())  # the sidecar says
            else:
                name_of = measurement or _measurement_name(path)
            cell["files"].setdefault(name_of, []).append(
                PlannedFile(path, reader, name_of, {**fields, "name": name_of})
            )
    planned = []
    for (spec_folder, cell_name), cell in cells.items():
        files = []
        for name_of, candidates in cell["files"].items():
            if len(candidates) > 1:
                others = ", ".join(str(c.path) for c in candidates)
                refused += [
                    Refused(
                        c.path,
                        f"{len(candidates)} files would be measurement {name_of!r} "
                        f"of cell {cell_name!r} ({others})",
                        "rename all but one, or give each a sidecar of its "
                        f'whole name ("{c.path.name}.json") with its own "name"',
                    )
                    for c in candidates
                ]
                continue
            files.append(candidates[0])
        try:
            fields = _cell_fields(cell["folder"])
        except ValueError as error:
            refused += [
                Refused(f.path, f"cell.json of its cell: {error}", "fix cell.json")
                for f in files
            ]
            continue
        if files:
            planned.append(
                PlannedCell(
                    specs[spec_folder],
                    cell_name,
                    {**fields, "name": cell_name},
                    cell["how"],
                    tuple(files),
                )
            )
    if not specs:
        raise ValueError(
            f"{root}: no spec.json in it or below it (a JSON object with the "
            'cell specification\'s "name", e.g. {"name": "NMC 21700"})'
        )
    used = {id(cell.spec) for cell in planned}
    return Plan(
        root,
        tuple(spec for spec in specs.values() if id(spec) in used),
        tuple(planned),
        tuple(skipped),
        tuple(refused),
    )


def _compiled(cell_pattern: str | None) -> re.Pattern[str] | None:
    if cell_pattern is None:
        return None
    try:
        pattern = re.compile(cell_pattern)
    except re.error as error:
        raise ValueError(
            f"--cell-pattern {cell_pattern!r} is no regular expression ({error})"
        ) from None
    if not pattern.groups:
        raise ValueError(
            f"--cell-pattern {cell_pattern!r} needs a group naming the cell, "
            "e.g. '(?P<cell>[^_]+)_'"
        )
    return pattern


def _spec(path: Path) -> PlannedSpec:
    try:
        fields = _object(path)
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None
    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f'{path}: needs a non-empty "name"')
    return PlannedSpec(path, {**fields, "name": nfc(name.strip())})


def _nearest(folder: Path, specs: dict[Path, PlannedSpec], root: Path) -> Path | None:
    """Return the folder of the spec.json that governs ``folder``, if any."""
    for candidate in (folder, *folder.parents):
        if candidate in specs:
            return candidate
        if candidate == root:
            return None
    return None


def _cell_of(
    path: Path, spec_folder: Path, pattern: re.Pattern[str] | None
) -> tuple[str, Path | None, str, str | None] | Skipped:
    """Name a file's cell: (name, its folder, how it was found, measurement)."""
    folder = path.parent
    while folder != spec_folder and spec_folder in folder.parents:
        if (folder / "cell.json").exists() or not is_cycler_folder(folder.name):
            return nfc(folder.name), folder, f"folder {folder}", None
        folder = folder.parent
    if pattern is None:
        return Skipped(
            path,
            "in no cell folder: put it in a folder named after its cell, or "
            "pass --cell-pattern to name cells from file names",
        )
    match = pattern.search(nfc(path.name))
    if match is None:
        return Skipped(
            path, f"its name does not match --cell-pattern {pattern.pattern!r}"
        )
    groups = match.groupdict()
    cell = groups.get("cell") or match.group(1)
    if not cell:
        return Skipped(path, f"--cell-pattern {pattern.pattern!r} found no cell name")
    measurement = groups.get("measurement")
    return nfc(cell), None, f"pattern on the file name {path.name!r}", measurement


def _sidecar(path: Path) -> dict[str, Any]:
    """Return the fields of a file's sidecar: ``run.mpr.json``, else ``run.json``."""
    for sidecar in (path.with_name(f"{path.name}.json"), path.with_suffix(".json")):
        if sidecar != path and sidecar.exists():
            try:
                return _object(sidecar)
            except ValueError as error:
                raise ValueError(f"its sidecar {sidecar.name}: {error}") from None
    return {}


def _cell_fields(folder: Path | None) -> dict[str, Any]:
    if folder is None or not (folder / "cell.json").exists():
        return {}
    return _object(folder / "cell.json")
