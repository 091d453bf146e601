"""Electrolyte transport properties as PyBaMM parameters, from a measured table.

A material property dataset holds an electrolyte's conductivity,
diffusivity and transference number against concentration; each becomes a
function of concentration ``c_e`` [mol.m-3] and temperature ``T`` that
PyBaMM evaluates: an interpolant through the points, or a fitted form
(Landesfeind and Gasteiger's, J. Electrochem. Soc. 166 (2019) A3079, with
``c`` in mol/L):

- conductivity [S/m]: ``q1 c (1 + q2 sqrt(c) + q3 c) / (1 + q4 c^4) / 10``;
- diffusivity [m2/s]: ``a exp(b c)``, fitted as a line through ``log(D)``;
- transference number, thermodynamic factor: a cubic in ``c``.

The fitting (numpy, scipy) runs in a worker thread; PyBaMM and scipy come
with ``pip install pybamm``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

from ..._runtime.threads import run_in_thread
from ...errors import MissingDependencyError, ResponseValidationError
from .._routes import RouteResource, route
from .datasets import DATASET

__all__ = ["DEFAULT_COLUMNS", "DEFAULT_CONCENTRATION_COLUMN", "AsyncElectrolyteClient"]

DEFAULT_COLUMNS: dict[str, str] = {
    "Electrolyte conductivity [S.m-1]": "Electrolyte conductivity",
    "Electrolyte diffusivity [m2.s-1]": "Electrolyte diffusivity",
    "Cation transference number": "Transference number",
}
"""PyBaMM's parameter name to the dataset's column, by default."""

DEFAULT_CONCENTRATION_COLUMN = "Electrolyte concentration"
"""The dataset's concentration column [mol.m-3], by default."""

PER_LITRE = 1e-3
"""mol.m-3 to mol/L."""

Form = Callable[[Any, Any], Any]


def _interpolant(pybamm: Any, c: Any, y: Any, name: str) -> Form:
    return lambda c_e, T: pybamm.Interpolant(c, y, c_e, name=name)


def _conductivity(pybamm: Any, c: Any, y: Any, name: str) -> Form:
    import numpy as np

    curve_fit = importlib.import_module("scipy.optimize").curve_fit

    def kappa(c_l: Any, q1: float, q2: float, q3: float, q4: float) -> Any:
        return q1 * c_l * (1 + q2 * np.sqrt(c_l) + q3 * c_l) / (1 + q4 * c_l**4) / 10

    fitted, _ = curve_fit(kappa, c * PER_LITRE, y, p0=[10.0, 0, 0, 0], maxfev=100_000)
    q1, q2, q3, q4 = (float(q) for q in fitted)

    def form(c_e: Any, T: Any) -> Any:
        c_l = c_e * PER_LITRE
        return (
            q1 * c_l * (1 + q2 * pybamm.sqrt(c_l) + q3 * c_l) / (1 + q4 * c_l**4) / 10
        )

    return form


def _diffusivity(pybamm: Any, c: Any, y: Any, name: str) -> Form:
    import numpy as np

    slope, intercept = np.polyfit(c * PER_LITRE, np.log(y), 1)
    a, b = float(np.exp(intercept)), float(slope)
    return lambda c_e, T: a * pybamm.exp(b * c_e * PER_LITRE)


def _cubic(pybamm: Any, c: Any, y: Any, name: str) -> Form:
    import numpy as np

    coefficients = [float(k) for k in np.polyfit(c * PER_LITRE, y, 3)]

    def form(c_e: Any, T: Any) -> Any:
        c_l = c_e * PER_LITRE
        value: Any = coefficients[0]
        for k in coefficients[1:]:
            value = value * c_l + k
        return value

    return form


LANDESFEIND: dict[str, Callable[[Any, Any, Any, str], Form]] = {
    "Electrolyte conductivity [S.m-1]": _conductivity,
    "Electrolyte diffusivity [m2.s-1]": _diffusivity,
    "Cation transference number": _cubic,
    "Thermodynamic factor": _cubic,
}
"""The parameters that have a fitted form, and its fit."""


def _form(pybamm: Any, form: str, name: str, c: Any, y: Any) -> Form:
    if form == "interpolant":
        return _interpolant(pybamm, c, y, name)
    if form == "landesfeind":
        if name not in LANDESFEIND:
            raise ValueError(
                f"No Landesfeind form for {name!r}; available: {sorted(LANDESFEIND)}."
            )
        return LANDESFEIND[name](pybamm, c, y, name)
    raise ValueError(
        f"Unknown form {form!r} for {name!r}; choose 'interpolant' or 'landesfeind'."
    )


def _array(table: Mapping[str, Any], column: str, path: str) -> Any:
    import numpy as np

    if column not in table:  # a frame's missing column: a lookup that failed
        raise KeyError(
            f"The dataset has no column {column!r}; its columns are {sorted(table)}. "
            "Name yours with columns= and concentration_column=."
        )
    try:
        return np.asarray(table[column], dtype=float)
    except (TypeError, ValueError):
        raise ResponseValidationError(
            f"The Ionworks API answered GET {path} with a column {column!r} that is "
            "not numbers.",
            method="GET",
            path=path,
        ) from None


class AsyncElectrolyteClient(RouteResource):
    """Client for electrolytes (the public client's ``client.electrolyte``).

    Parameters
    ----------
    client : AsyncIonworks
        The client whose session and settings the requests use.
    """

    async def transport_from_dataset(
        self,
        dataset_id: str,
        forms: Mapping[str, str] | None = None,
        columns: Mapping[str, str] | None = None,
        concentration_column: str = DEFAULT_CONCENTRATION_COLUMN,
    ) -> Any:
        """Return an electrolyte's transport properties as PyBaMM parameters.

        Parameters
        ----------
        dataset_id : str
            The material property dataset holding them.
        forms : dict of str to str, optional
            A parameter's form: ``"interpolant"`` (the default) or
            ``"landesfeind"`` (a fit; see the module).
        columns : dict of str to str, optional
            PyBaMM's parameter name to the dataset's column (default:
            :data:`DEFAULT_COLUMNS`).
        concentration_column : str, optional
            The concentration column [mol.m-3].

        Returns
        -------
        pybamm.ParameterValues
            One function of ``(c_e, T)`` a parameter.

        Raises
        ------
        MissingDependencyError
            When PyBaMM is not installed.
        ValueError
            For a form of a parameter not built, or an unknown form.
        KeyError
            For a column the dataset lacks, naming those it has.
        """
        try:
            pybamm = importlib.import_module("pybamm")
        except ImportError:
            raise MissingDependencyError(
                "transport_from_dataset builds PyBaMM parameters: pip install pybamm"
            ) from None
        columns = dict(columns or DEFAULT_COLUMNS)
        forms = dict(forms or {})
        unmapped = set(forms) - set(columns)
        if unmapped:
            raise ValueError(
                f"forms specified for parameters not in columns: {sorted(unmapped)}. "
                "Every form key must be one of the columns being built: "
                f"{sorted(columns)}."
            )
        path = route(DATASET, dataset_id=dataset_id) + "/data"
        table = await self._object("GET", path)

        def build() -> Any:
            c = _array(table, concentration_column, path)
            built = {
                name: _form(
                    pybamm,
                    forms.get(name, "interpolant"),
                    name,
                    c,
                    _array(table, column, path),
                )
                for name, column in columns.items()
            }
            return pybamm.ParameterValues(built)

        return await run_in_thread()(build)
