"""The library's advice, said as the command that prints it takes it.

An error of the library says what to pass in Python (``api_key=...``,
``reader=...``); printed by a command, that advice must name the command's
own flags, or be left out where the command has none.
"""

from __future__ import annotations

import re

import attrs

from ..ingest.plan import Plan
from ..ingest.report import LabReport

__all__ = ["for_command", "plain_text", "plan_for_command", "report_for_command"]

_EVERYWHERE = (
    (r"pass api_key=\.\.\., or set", "pass --api-key KEY, or set"),
    (r"api_key=\.\.\.", "--api-key KEY"),
    (r"pass api_url=\.\.\.\)", "pass --api-url URL)"),
    (r"api_url=\.\.\.", "--api-url URL"),
    (r"pass replace_failed=True", "run again with --replace-failed"),
)
_READING = (  # inspect, convert and plot take --reader
    (r"\(reader=\.\.\.\)", "(--reader NAME)"),
    (r"pass reader=\.\.\.", "pass --reader NAME"),
    (
        r"or map its columns \(extra_column_mappings=",
        "or, in Python, map its columns (read.time_series(FILE, extra_column_mappings=",
    ),
)
_INGESTING = (  # ingest recognises each file by its content: no --reader
    (
        r"; name its reader \(reader=\.\.\.\) or map its columns "
        r"\(extra_column_mappings=\{.*?\}\)",
        "",
    ),
    (r" \(pass reader=\.\.\. if it is another cycler's\)", ""),
)


def for_command(text: str, command: str) -> str:
    """Return ``text`` with its advice in the terms of ``command``.

    Parameters
    ----------
    text : str
        A message of the library.
    command : str
        The command printing it: ``ingest``, ``inspect``, ``convert``, ``plot``.
    """
    rules = _EVERYWHERE + (_INGESTING if command == "ingest" else _READING)
    for pattern, replacement in rules:
        text = re.sub(pattern, replacement, text)
    return text


def plain_text(docstring: str) -> str:
    """Return a docstring as a terminal shows it: no reStructuredText marks.

    ````ionworks ingest```` becomes ``ionworks ingest``, ``**Cells.**``
    ``Cells.``, a role such as ``:func:`name``` its ``name``.

    Parameters
    ----------
    docstring : str
        Text written for Sphinx and ``help()`` (a module's ``__doc__``).
    """
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", docstring)
    text = re.sub(r"``([^`]+)``", r"\1", text)
    return re.sub(r"\*\*([^*]+)\*\*", r"\1", text)


def report_for_command(report: LabReport) -> LabReport:
    """Return an ingest report whose reasons and fixes are in the command's terms."""
    outcomes = tuple(
        attrs.evolve(
            outcome,
            reason=None
            if outcome.reason is None
            else for_command(outcome.reason, "ingest"),
            fix=None if outcome.fix is None else for_command(outcome.fix, "ingest"),
        )
        for outcome in report.outcomes
    )
    return attrs.evolve(report, outcomes=outcomes)


def plan_for_command(plan: Plan) -> Plan:
    """Return an ingest plan whose reasons and fixes are in the command's terms."""
    return attrs.evolve(
        plan,
        skipped=tuple(
            attrs.evolve(s, reason=for_command(s.reason, "ingest"))
            for s in plan.skipped
        ),
        refused=tuple(
            attrs.evolve(
                r,
                reason=for_command(r.reason, "ingest"),
                fix=for_command(r.fix, "ingest"),
            )
            for r in plan.refused
        ),
    )
