"""What ``ionworks ingest`` will do with a folder, decided before any request.

The rules, applied to every file below the root (``ionworks ingest --dry-run``
prints what they decide):

- **Specifications.** A ``spec.json`` (a JSON object with a ``"name"``) names
  the cell specification of its folder and everything below it; a deeper
  ``spec.json`` takes over for its own folder. A folder with no ``spec.json``
  at all is one specification named after the folder (or ``--spec NAME``); a
  data file with none above it where others have one fails, saying so (unless
  ``--spec`` names its specification).
- **Cells.** A data file belongs to the cell of its nearest folder below its
  specification's folder that is not named after a cycler (``Maccor``,
  ``Neware``, ``BioLogic``, ``Arbin``, ... any case, a number after the name
  allowed: ``Neware-2``), at any depth; a ``cell.json`` in that folder gives
  the cell's other fields (a folder holding one is a cell whatever its name).
  A file without such a folder (in the specification's own folder, or only
  under cycler-named folders) is a cell of its own, named after the file; or,
  given ``cell_pattern``, a regular expression searched in the file's name
  whose group ``cell`` (else its first group) names the cell and group
  ``measurement``, if any, the measurement (a file it does not match is
  skipped, saying so).
- **Measurements.** A file is one measurement, named after the file without
  its extension; Maccor's numeric extensions (the channel: ``run.041``) are
  kept, so that two channels' files stay two measurements. A sidecar beside
  it gives the measurement's fields: ``<file>.json`` (the whole file name,
  ``run.mpr.json``), else ``<name>.json``; a ``"name"`` in it names the
  measurement. One run exported twice (``run.mpr`` and ``run.mpt``) is two
  measurements named by their whole file names.
- **Files are recognised by content** (:func:`ionworks_async.read.detect_reader`),
  never by extension. Skipped, each with its reason: hidden files and
  folders (a leading ``.``), macOS AppleDouble companions (``._run.csv``),
  metadata sidecars (``.json``), and files no reader recognises that are no
  data (notes, pictures). A data file no reader recognises — a cycler's
  binary extension, or text of rows of numbers — **fails**: a measurement
  would be missing.
- **One name, one record.** Every name taken from the file system is
  Unicode-normalised (NFC) before it is compared or sent: the NFC and NFD
  spellings of ``Zelle-ü`` are one cell. Two files that give one measurement
  its name are both refused (which one is meant cannot be told).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from .._arguments.query import nfc
from ..display import shown
from .data_files import looks_like_data
from .plan_items import Plan, PlannedCell, PlannedFile, PlannedSpec, Refused, Skipped
from .sidecars import cell_fields, json_object, sidecar_fields

_UNREAD = (
    "if it is a cycler's export, read it with `ionworks inspect` to see why, "
    "or move it out of the folder"
)
"""The fix of a data file no reader recognises."""

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


def _measurement_name(path: Path) -> str:
    name = nfc(path.name)
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or suffix.isdigit():
        return name  # Maccor writes the channel as the extension
    if stem.lower().endswith((".csv", ".bdf")) and suffix.lower() == "gz":
        stem = stem.rpartition(".")[0] or stem
    if stem.lower().endswith(".bdf") and len(stem) > 4:
        stem = stem[:-4]  # the Battery Data Format's x.bdf.csv, x.bdf.parquet
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


def plan_folder(
    root: Path, cell_pattern: str | None = None, spec_name: str | None = None
) -> Plan:
    """Decide what ``ingest`` does with every file below ``root`` (no request).

    Parameters
    ----------
    root : Path
        The lab's folder.
    cell_pattern : str, optional
        A regular expression naming the cell of a file that sits in no cell
        folder (see the module's rules).
    spec_name : str, optional
        The specification of files no ``spec.json`` governs (default: when
        the folder holds no ``spec.json`` at all, the folder's name).

    Returns
    -------
    Plan
        The specifications, cells and measurements, and each file skipped
        or refused with its reason.

    Raises
    ------
    ValueError
        When ``root`` is no folder, a ``spec.json`` is invalid, or
        ``cell_pattern`` is no regular expression.
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
    orphans: list[tuple[Path, str]] = []  # recognised, with no spec.json above

    def place(
        path: Path, reader: str, spec_folder: Path, found: _Cell | Skipped
    ) -> None:
        """Put a recognised file in its cell (or say why not)."""
        if isinstance(found, Skipped):
            skipped.append(found)
            return
        cell_name, cell_folder, how, measurement = found
        try:
            fields = sidecar_fields(path)
        except ValueError as error:
            refused.append(Refused(path, str(error), "fix or remove the sidecar"))
            return
        cell = cells.setdefault(
            (spec_folder, cell_name), {"folder": cell_folder, "how": how, "files": {}}
        )
        named = fields.get("name")
        if isinstance(named, str) and named.strip():
            name_of = nfc(named.strip())  # the sidecar says
        else:
            name_of = measurement or _measurement_name(path)
        cell["files"].setdefault(name_of, []).append(
            PlannedFile(path, reader, name_of, {**fields, "name": name_of})
        )

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
                if looks_like_data(path):  # a cycler's export we cannot read
                    refused.append(Refused(path, f"not read: {reason}", _UNREAD))
                else:
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
                orphans.append((path, reader))
                continue
            found = _cell_of(path, spec_folder, pattern)
            place(path, reader, spec_folder, found)
    if orphans and (spec_name is not None or not specs):
        specs[root] = PlannedSpec(
            root / "spec.json",
            {"name": nfc((spec_name or root.resolve().name).strip())},
            "--spec" if spec_name is not None else "the folder's name",
        )
        for path, reader in orphans:
            place(path, reader, root, _cell_of(path, root, pattern))
    else:
        refused += [
            Refused(
                path,
                "no spec.json in its folder or above",
                "add a spec.json naming its cell specification, or pass --spec",
            )
            for path, _ in orphans
        ]
    planned = []
    for (spec_folder, cell_name), cell in cells.items():
        files = []
        for name_of, candidates in cell["files"].items():
            if len(candidates) > 1 and _exports_of_one_run(candidates):
                # run.mpr and run.mpt: one test in two formats, each a
                # measurement named by its whole file name
                files += [_by_file_name(c) for c in candidates]
                continue
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
            fields = cell_fields(cell["folder"])
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
    used = {id(cell.spec) for cell in planned}
    return Plan(
        root,
        tuple(spec for spec in specs.values() if id(spec) in used),
        tuple(planned),
        tuple(skipped),
        tuple(refused),
    )


def _exports_of_one_run(candidates: list[PlannedFile]) -> bool:
    """Whether files share a measurement only by their stem (not by a sidecar)."""
    names = {nfc(c.path.name) for c in candidates}
    stems = all(c.measurement == _measurement_name(c.path) for c in candidates)
    return stems and len(names) == len(candidates)


def _by_file_name(planned: PlannedFile) -> PlannedFile:
    """Return the file as the measurement named by its whole file name."""
    name = nfc(planned.path.name)
    return attrs.evolve(
        planned, measurement=name, fields={**planned.fields, "name": name}
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
        fields = json_object(path)
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


_Cell = tuple[str, Path | None, str, str | None]
"""A file's cell: its name, its folder, how it was found, the measurement's name."""


def _cell_of(
    path: Path, spec_folder: Path, pattern: re.Pattern[str] | None
) -> _Cell | Skipped:
    """Name a file's cell: (name, its folder, how it was found, measurement)."""
    folder = path.parent
    while folder != spec_folder and spec_folder in folder.parents:
        if (folder / "cell.json").exists() or not is_cycler_folder(folder.name):
            return nfc(folder.name), folder, f"folder {folder}", None
        folder = folder.parent
    if pattern is None:  # its own cell, named as its measurement is
        return _measurement_name(path), None, "its own, named after its file", None
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
