"""What the recording server answers: one stored example a route.

Each example has the shape the public client (ionworks-api 0.38) parses for
that route; ids are fixed so that a call's answer can name the next call's
record. Times are written as pydantic writes them back (``...Z``), so a
record read by either client dumps the same text.
"""

from __future__ import annotations

import io
import re
from typing import Any

T0 = "2026-01-02T03:04:05Z"
T1 = "2026-01-03T03:04:05Z"

SITE = {"id": "site-1", "name": "Boston", "location": "Lab A"}
CYCLER = {
    "id": "cyc-1",
    "name": "Maccor-1",
    "site_id": "site-1",
    "project_id": "proj-1",
    "manufacturer": "Maccor",
    "model": "4000",
    "port": 5000,
    "last_calibrated_at": T0,
    "calibration_interval_days": 365,
    "calibration_due_at": T1,
}
CHANNEL = {
    "id": "ch-1",
    "name": "CH1",
    "cycler_id": "cyc-1",
    "project_id": "proj-1",
    "out_of_commission": False,
    "max_amps": 5.0,
    "min_volts": 0.0,
    "max_volts": 5.0,
}
EVENT = {
    "id": "ev-1",
    "cycler_id": "cyc-1",
    "project_id": "proj-1",
    "event_type": "calibration",
    "scheduled_for": T0,
}
INCIDENT = {
    "id": "inc-1",
    "channel_id": "ch-1",
    "project_id": "proj-1",
    "category": "maintenance",
    "started_at": T0,
    "service_scheduled_until": T1,
}
_SUMMARY = {
    "id": "m-1",
    "name": "run 1",
    "updated_at": T0,
    "cell_instance_id": "ci-1",
    "watched": True,
}


def _lab_channel(number: int, state: str, **more: Any) -> dict[str, Any]:
    return {"id": f"ch-{number}", "name": f"CH{number}", "state": state, **more}


LAB_STATUS = {
    "sites": [
        {
            "id": "site-1",
            "name": "Boston",
            "cyclers": [
                {
                    "id": "cyc-1",
                    "name": "Maccor-1",
                    "channel_count": 4,
                    "occupied": 1,
                    "stale": 1,
                    "free": 2,
                    "channels": [
                        _lab_channel(
                            1, "free", max_amps=5.0, min_volts=0.0, max_volts=5.0
                        ),
                        _lab_channel(2, "free", max_amps=1.0),
                        _lab_channel(3, "occupied", measurement=_SUMMARY),
                        _lab_channel(
                            4,
                            "stale",
                            measurement={**_SUMMARY, "id": "m-2", "watched": False},
                        ),
                    ],
                }
            ],
        }
    ],
    "occupied": 1,
    "stale": 1,
    "free": 2,
    "out_of_commission": 0,
}
PLANNED = {
    "id": "pm-1",
    "name": "cycle aging",
    "project_id": "proj-1",
    "status": "requested",
    "protocol_id": "pr-1",
    "estimated_duration_seconds": 3600,
}
ASSIGNMENT = {
    "planned_measurement_id": "pm-1",
    "planned_measurement_name": "cycle aging",
    "planned_measurement_updated_at": T0,
    "channel_id": "ch-1",
    "channel_name": "CH1",
    "cycler_name": "Maccor-1",
    "planned_start_time": T0,
    "planned_end_time": T1,
}
PROPOSAL = {"generated_at": T0, "assignments": [ASSIGNMENT]}
PROTOCOL = {
    "id": "pr-1",
    "name": "CCCV",
    "organization_id": "org-1",
    "project_id": "proj-1",
    "protocol_config": {"steps": [{"Charge": {"current": 1.0}}]},
    "parameters_schema": {},
}
PARSED = {
    "parsed_protocol_ucp": "steps: []",
    "parsed_protocol_human": "Nothing",
    "raw_protocol": "abc",
    "cycler_type": "maccor",
    "required_drive_cycles": ["dc1"],
}
CONVERTED = {
    "target": "maccor",
    "primary": {
        "filename": "protocol.000",
        "content_base64": "aGVsbG8=",
        "media_type": "application/octet-stream",
    },
    "assets": [{"filename": "dc1.csv", "content_base64": "MSwy"}],
}
USAGE = {
    "period_start": T0,
    "period_end": T1,
    "simulation": {"usage": 1.5, "limit": 10.0},
    "compute": {"usage": 2.0, "usage_by_type": {"simulation": 2.0}},
}
ME = {
    "id": "u-1",
    "email": "a@b.c",
    "authorized_organization": {"id": "org-1", "name": "Org"},
}
MEMBER = {
    "id": "u-1",
    "email": "A@b.c",
    "organization_role": {"id": "r-0", "name": "Admin"},
    "user_project_roles": [{"project_id": "proj-1", "project_role_id": "r-1"}],
}
INVITE = {"user_id": "u-2", "invite_sent": True, "role_name": "Member"}
HITS = {
    "results": [
        {"id": "pr-1", "entity_type": "protocol", "name": "CCCV", "project_id": "p"}
    ],
    "query": "cc",
    "total": 1,
    "limit": 25,
    "offset": 0,
}
MATERIAL = {"id": "mat-1", "name": "Graphite", "manufacturer": "Acme"}
STUDY = {"id": "st-1", "name": "Ageing", "project_id": "proj-1"}
JOB = {
    "job_id": "j-1",
    "status": "completed",
    "job_type": "datafit",
    "priority": 5,
    "created_at": T0,
    "updated_at": T1,
    "is_terminal": True,
    "is_failed": False,
    "result": {"cost": 0.5},
}
METADATA = {
    "intermediate_results": [{"x": 1.0}],
    "samples": {"a": [1.0, 2.0]},
    "sample_costs": [0.1, 0.2],
    "sample_param_names": ["a"],
    "sample_burnin": 1,
}


PIPELINE = {
    "id": "p-1",
    "name": "Parameterise",
    "description": "d",
    "status": "completed",
    "is_terminal": True,
    "is_failed": False,
}
FAILED_PIPELINE = {**PIPELINE, "id": "p-fail", "status": "failed", "is_failed": True}
PIPELINE_RESULT = {
    "result": {"parameter_values": {"a": 1.0}},
    "element_results": {
        "known": {"parameter_values": {"a": 1.0}},
        "fit": {"x": [1.0], "fun": 0.1, "parameter_values": {"a": 1.0}},
        "check": {"validation_results": {"obj": {"rmse": 0.01}}},
        "typed": {"type": "element_result", "parameter_values": {"b": 2.0}},
    },
}
ELEMENTS = [
    {"name": "known", "element_type": "entry", "job_id": None},
    {
        "name": "fit",
        "element_type": "data_fit",
        "job_id": "j-fit",
        "progress": {"best_cost": 0.25},
    },
    {"name": "check", "element_type": "validation", "job_id": "j-val"},
    {"name": "typed", "element_type": "calculation", "job_id": "j-1"},
]
PLOT_METADATA = {
    **METADATA,
    "validation_plot_config": {"objectives": {"obj": {"plot_count": 2, "type": "EIS"}}},
}
SIMPLE_PIPELINE = {
    "id": "sp-1",
    "project_id": "proj-1",
    "organization_id": "org-1",
    "status": "completed",
    "created_at": T0,
    "updated_at": T1,
    "is_terminal": True,
    "is_failed": False,
    "name": "Simple",
    "job_id": "j-fit",
    "result": {"x": [1.0], "fun": 0.2, "parameter_values": {"a": 1.5}},
}
ELECTROLYTE_COLUMNS = {
    "Electrolyte concentration": [250.0, 500.0, 1000.0, 1500.0, 2000.0],
    "Electrolyte conductivity": [0.45, 0.75, 0.95, 0.9, 0.75],
    "Electrolyte diffusivity": [4.0e-10, 3.5e-10, 2.8e-10, 2.1e-10, 1.6e-10],
    "Transference number": [0.40, 0.38, 0.36, 0.33, 0.30],
}


SPEC = {
    "id": "cs-1",
    "name": "NMC",
    "project_id": "proj-1",
    "anode": {"material_id": "mat-1"},
    "cathode": {"material_id": "mat-2"},
}
BATCH = {"id": "cb-1", "name": "B1", "cell_specification_id": "cs-1"}
INSTANCE = {"id": "ci-1", "name": "GR-1", "cell_specification_id": "cs-1"}
MEASUREMENT = {
    "id": "m-1",
    "name": "run 1",
    "cell_instance_id": "ci-1",
    "measurement_type": "time_series",
    "processing_status": "ready",
    "tags": ["a"],
}
PROJECT = {"id": "proj-1", "name": "Ageing", "organization_id": "org-1"}
RAW = {"id": "rd-1", "project_id": "proj-1", "name": "proc", "filename": "p.000"}
STEPS_COLUMNS = {
    "Discharge capacity [A.h]": [0.5, 0.0],
    "Charge energy [W.h]": [0.0, 1.2],
}
RAW_UPLOAD = {
    "raw_data_id": "rd-new",
    "uploads": [
        {
            "filename": "protocol.000",
            "signed_url": "{base}/blob/upload/rd",
            "token": "t",
            "path": "p",
        }
    ],
}
CYCLES_COLUMNS = {"Cycle count": [0], "Discharge capacity [A.h]": [0.5]}


DATASET = {
    "id": "ds-1",
    "name": "Conductivity",
    "data_version": 2,
    "columns": [
        {"name": "Electrolyte concentration", "unit": "M", "source_column_index": 0},
        {"name": "Conductivity", "unit": "S.m-1", "source_column_index": 1},
    ],
}
DATASET_COLUMNS = {"Electrolyte concentration": [1000.0], "Conductivity": [0.9]}
ANALYSIS = {
    "id": "an-1",
    "measurement_id": "m-1",
    "name": "ECM",
    "analysis_type": "ecm_from_eis",
    "columns": [{"name": "R0", "unit": "Ohm"}],
    "metadata": {"model": "R-RC"},
}


MODEL = {
    "id": "mod-1",
    "name": "SPMe",
    "project_id": "proj-1",
    "config": {"type": "SPMe"},
    "simulation_settings": {"var_pts": {"x_n": 20}},
}
PARAMETERIZED = {"id": "pm-1", "name": "Chen", "simulation_settings": None}
BUILDER = {
    "id": "mb-1",
    "organization_id": "org-1",
    "project_id": "proj-1",
    "model_id": "mod-1",
    "name": "B",
    "config": {"elements": {}},
}
READINESS = {
    "ready": False,
    "issues": [
        {"severity": "error", "code": "MISSING", "message": "no b", "parameter": "b"}
    ],
    "resolved": 1,
    "total": 2,
}
FIT = {
    "rmse_mV": 4.2,
    "num_rcs": 1,
    "time": [0.0, 1.0],
    "data_voltage": [3.7, 3.6],
    "model_voltage": [3.71, 3.61],
    "soc": [0.0, 1.0],
    "ocv": [3.0, 4.2],
    "r0": [0.01, 0.01],
    "rc_pairs": [{"r": [0.02, 0.02], "c": [100.0, 100.0], "tau": [2.0, 2.0]}],
    "capacity_Ah": [5.0],
}
VALIDATION = {
    "rmse_mV": 5.0,
    "mae_mV": 4.0,
    "max_mV": 9.0,
    "num_rcs": 1,
    "capacity_Ah": [5.0],
    "initial_soc": 1.0,
    "model_source": "fit_results",
    "time": [0.0],
    "data_voltage": [3.7],
    "model_voltage": [3.7],
    "residual_mV": [0.0],
}
OPTIMIZATION = {"id": "opt-1", "name": "o", "job_id": "j-1", "project_id": "proj-1"}


TABLES = {
    "parquet": {"R0": [0.01, 0.02], "cycle": [1.0, 2.0]},
    "series": {
        "Time [s]": [0.0, 1.0, 2.0, 3.0],
        "Step count": [0, 0, 1, 1],
        "Discharge capacity [A.h]": [0.0, 0.5, 0.0, 0.0],
        "Charge capacity [A.h]": [0.0, 0.0, 0.1, 0.3],
    },
    "steps": {
        "Discharge capacity [A.h]": [0.5, 0.0],
        "Charge energy [W.h]": [0.0, 1.2],
    },
}


def _parquet(name: str = "parquet") -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = io.BytesIO()
    pq.write_table(pa.table(TABLES[name]), sink)
    return sink.getvalue()


def page(*items: dict[str, Any]) -> dict[str, Any]:
    """Return a list route's answer holding these records."""
    return {"items": list(items), "count": len(items), "total": len(items)}


CONFLICT = {"error_code": "CONFLICT", "message": "exists", "detail": {}}
NAMELESS_CONFLICT = {"error_code": "CONFLICT", "message": "exists"}

Answer = tuple[int, Any]  # status, JSON body (a str body is sent as text)

ROUTES: list[tuple[str, str, Any]] = [
    # method, path pattern, answer (or a function of the request's JSON body)
    ("GET", r"/cell_specifications/missing", (404, {"detail": "Not found"})),
    ("GET|PATCH", r"/cell_specifications/[^/]+", (200, SPEC)),
    ("DELETE", r"/cell_specifications/[^/]+", (204, None)),
    ("GET", r"/cell_specifications", (200, page(SPEC))),
    ("POST", r"/cell_specifications", "create:spec"),
    ("GET|PATCH", r"/cell_batches/[^/]+", (200, BATCH)),
    ("DELETE", r"/cell_batches/[^/]+", (204, None)),
    ("GET", r"/cell_specifications/[^/]+/cell_batches", (200, page(BATCH))),
    ("POST", r"/cell_specifications/[^/]+/cell_batches", "create:batch"),
    ("GET|PATCH", r"/cell_instances/[^/]+", (200, INSTANCE)),
    ("DELETE", r"/cell_instances/[^/]+", (204, None)),
    ("GET", r"/cell_specifications/[^/]+/cell_instances", (200, page(INSTANCE))),
    ("POST", r"/cell_specifications/[^/]+/cell_instances", "create:instance"),
    ("GET", r"/cell_instances/[^/]+/cell_measurements", (200, page(MEASUREMENT))),
    ("POST", r"/cell_instances/[^/]+/cell_measurements/initiate-upload", "initiate"),
    ("POST", r"/cell_instances/[^/]+/cell_measurements/create", "create:measurement"),
    ("POST", r"/cell_measurements/[^/]+/(confirm-upload|confirm-extend)", "confirm"),
    ("POST", r"/cell_measurements/[^/]+/initiate-extend", "initiate"),
    ("GET", r"/cell_measurements/tags", (200, [{"tag": "a", "usage_count": 2}])),
    ("POST", r"/cell_measurements/tags/bulk", (200, {"updated": 2})),
    ("GET", r"/cell_measurements", (200, page(MEASUREMENT))),
    (
        "GET",
        r"/cell_measurements/m-failed",
        (200, {**MEASUREMENT, "processing_status": "failed", "processing_error": "x"}),
    ),
    ("GET|PATCH", r"/cell_measurements/[^/]+", (200, MEASUREMENT)),
    ("DELETE", r"/cell_measurements/[^/]+", (204, None)),
    ("GET", r"/cell_measurements/[^/]+/time_series/download", "series"),
    ("GET", r"/cell_measurements/[^/]+/steps/download", "steps"),
    ("GET", r"/cell_measurements/[^/]+/cycles", (200, {"cycles": CYCLES_COLUMNS})),
    (
        "GET",
        r"/cell_measurements/[^/]+/steps_and_cycles",
        (200, {"steps": STEPS_COLUMNS, "cycles": CYCLES_COLUMNS}),
    ),
    ("GET", r"/cell_measurements/[^/]+/raw_data", (200, page(RAW))),
    ("POST", r"/cell_measurements/[^/]+/raw_data", (200, {})),
    ("DELETE", r"/cell_measurements/[^/]+/raw_data/[^/]+", (204, None)),
    ("POST", r"/cell_measurements/[^/]+/watch", (200, {})),
    ("DELETE", r"/cell_measurements/[^/]+/watch", (204, None)),
    ("GET", r"/cell_measurements/[^/]+/files", (200, {"filenames": ["protocol.000"]})),
    ("GET", r"/cell_measurements/[^/]+/files/[^/]+", (200, b"MACCOR PROCEDURE\n")),
    ("GET", r"/projects", (200, page(PROJECT))),
    ("POST", r"/projects", (201, PROJECT)),
    ("GET|PATCH", r"/projects/[^/]+", (200, PROJECT)),
    ("DELETE", r"/projects/[^/]+", (204, None)),
    ("GET", r"/roles/project", (200, [{"id": "r-1", "name": "Project Admin"}])),
    ("POST|PATCH", r"/projects/[^/]+/members(/[^/]+)?", (200, {})),
    ("POST", r"/projects/[^/]+/members/by-email", (200, INVITE)),
    ("DELETE", r"/projects/[^/]+/members/[^/]+", (204, None)),
    ("POST", r"/raw_data/initiate-upload", (200, RAW_UPLOAD)),
    ("POST", r"/raw_data/[^/]+/confirm-upload", (200, RAW)),
    ("GET", r"/raw_data", (200, page(RAW))),
    ("GET|PATCH", r"/raw_data/[^/]+", (200, RAW)),
    ("DELETE", r"/raw_data/[^/]+", (204, None)),
    ("GET", r"/raw_data/[^/]+/download-url", (200, {"url": "{base}/blob/raw"})),
    (
        "GET",
        r"/raw_data/[^/]+/cell_measurements",
        (200, {"items": ["m-1"], "total": 1}),
    ),
    ("GET", r"/blob/raw", (200, b"MACCOR PROCEDURE\n")),
    ("GET", r"/blob/upload/.*", (200, b"")),
    ("GET", r"/sites/missing", (404, {"detail": "Site not found"})),
    ("GET", r"/sites/[^/]+", (200, SITE)),
    ("PATCH", r"/sites/[^/]+", (200, SITE)),
    ("DELETE", r"/sites/[^/]+", (204, None)),
    ("GET", r"/sites", (200, page(SITE))),
    ("POST", r"/sites", "create:site"),
    ("GET", r"/sites/[^/]+/cyclers", (200, page(CYCLER))),
    ("POST", r"/sites/[^/]+/cyclers", "create:cycler"),
    ("GET", r"/cyclers/[^/]+", (200, CYCLER)),
    ("PATCH", r"/cyclers/[^/]+", (200, CYCLER)),
    ("DELETE", r"/cyclers/[^/]+", (204, None)),
    ("GET", r"/cyclers/[^/]+/service_events", (200, page(EVENT))),
    ("POST", r"/cyclers/[^/]+/service_events", (201, EVENT)),
    (
        "POST",
        r"/cyclers/[^/]+/service_events/complete",
        (200, {**EVENT, "performed_at": T1}),
    ),
    ("GET", r"/cyclers/[^/]+/channels", (200, page(CHANNEL))),
    ("POST", r"/cyclers/[^/]+/channels", "create:channel"),
    ("GET", r"/channels", (200, page(CHANNEL))),
    ("GET", r"/channels/[^/]+", (200, CHANNEL)),
    ("PATCH", r"/channels/[^/]+", (200, CHANNEL)),
    ("DELETE", r"/channels/[^/]+", (204, None)),
    ("GET", r"/channels/[^/]+/incidents", (200, page(INCIDENT))),
    ("GET", r"/projects/[^/]+/lab/status", (200, LAB_STATUS)),
    ("GET", r"/projects/[^/]+/lab/watched", (200, {"measurement_ids": ["m-1"]})),
    ("GET", r"/projects/[^/]+/planned_measurements", (200, page(PLANNED))),
    ("POST", r"/projects/[^/]+/planned_measurements", "create:planned"),
    ("GET", r"/projects/[^/]+/planned_measurements/[^/]+", (200, PLANNED)),
    ("PATCH", r"/projects/[^/]+/planned_measurements/[^/]+", (200, PLANNED)),
    ("DELETE", r"/projects/[^/]+/planned_measurements/[^/]+", (204, None)),
    (
        "POST",
        r"/projects/[^/]+/planned_measurements/auto_schedule_proposal",
        (200, PROPOSAL),
    ),
    (
        "POST",
        r"/projects/[^/]+/planned_measurements/apply_auto_schedule_proposal",
        (200, [{**PLANNED, "status": "scheduled", "channel_id": "ch-1"}]),
    ),
    ("GET", r"/experiment_templates", (200, page(PROTOCOL))),
    ("POST", r"/experiment_templates", (201, PROTOCOL)),
    ("GET", r"/experiment_templates/[^/]+", (200, PROTOCOL)),
    ("PATCH", r"/experiment_templates/[^/]+", (200, PROTOCOL)),
    ("DELETE", r"/experiment_templates/[^/]+", (204, None)),
    ("GET", r"/experiment_templates/[^/]+/human_readable", (200, "Charge at 1 A.")),
    ("GET", r"/experiment_templates/[^/]+/source_protocol", (200, "steps: []")),
    ("POST", r"/protocols/parse", (200, PARSED)),
    ("POST", r"/protocols/validate", (200, {"valid": True, "errors": []})),
    ("POST", r"/protocols/input_references", (200, ["input.capacity"])),
    ("POST", r"/protocols/convert", (200, CONVERTED)),
    ("GET", r"/organizations/current/usage", (200, USAGE)),
    ("GET", r"/users/me", (200, ME)),
    ("GET", r"/organizations/org-1/users", (200, [MEMBER])),
    ("POST", r"/organizations/org-1/users/by-email", (200, INVITE)),
    ("PATCH", r"/organizations/org-1/users/[^/]+(/role)?", (200, {})),
    ("POST", r"/organizations/org-1/users/[^/]+/resend-invite", (200, {})),
    ("DELETE", r"/organizations/org-1/users/[^/]+", (204, None)),
    ("GET", r"/search", (200, HITS)),
    (
        "GET",
        r"/simulations/sim-1",
        (
            200,
            {
                "id": "sim-1",
                "parameterized_model_id": "pm-9",
                "storage_folder": "f",
                "metrics": {"capacity": 5.0},
            },
        ),
    ),
    ("GET", r"/simulations/sim-fail", (200, {"id": "sim-fail", "job_id": "j-fail"})),
    ("GET", r"/simulations/sim-1/time_series/download", "series"),
    ("GET", r"/simulations/sim-1/steps/download", "steps"),
    ("GET", r"/simulations/[^/]+", (200, {"id": "sim-2"})),
    ("GET", r"/materials/[^/]+", (200, MATERIAL)),
    ("GET", r"/materials", (200, page(MATERIAL))),
    ("GET", r"/projects/[^/]+/studies", (200, page(STUDY))),
    ("POST", r"/projects/[^/]+/studies", (201, STUDY)),
    ("GET|PATCH", r"/projects/[^/]+/studies/[^/]+", (200, STUDY)),
    (
        "DELETE",
        r"/projects/[^/]+/studies/[^/]+(/(simulations|measurements)/[^/]+)?",
        (204, None),
    ),
    (
        "POST",
        r"/projects/[^/]+/studies/[^/]+/(simulations|measurements)/[^/]+",
        (200, {"study_id": "st-1", "assigned": True}),
    ),
    (
        "GET",
        r"/projects/[^/]+/studies/[^/]+/measurements",
        (200, {"items": [{"id": "m-1"}], "total": 1}),
    ),
    ("POST", r"/jobs/", (201, JOB)),
    ("GET", r"/jobs/", (200, [JOB])),
    ("GET", r"/jobs/nometa/metadata", (404, {"detail": "none"})),
    ("GET", r"/jobs/j-ecm", (200, {**JOB, "job_id": "j-ecm", "result": FIT})),
    (
        "GET",
        r"/jobs/j-fail",
        (200, {**JOB, "status": "failed", "is_failed": True, "error": "boom"}),
    ),
    ("GET", r"/jobs/j-(val|fit)/metadata", (200, PLOT_METADATA)),
    ("GET", r"/jobs/[^/]+/metadata", (200, METADATA)),
    ("GET", r"/jobs/[^/]+/series/channels", (200, {"obj": {"optimal": ["t"]}})),
    ("GET", r"/jobs/[^/]+/series", (200, {"t": [0, 1], "V": [3.0, 3.1]})),
    ("GET", r"/pipelines/datafits/j-val/plot_data", "plot"),
    ("GET", r"/pipelines/datafits/[^/]+/plot_data", (200, {"lines": []})),
    ("POST", r"/pipelines", "pipeline"),
    ("GET", r"/pipelines", (200, {"pipelines": [PIPELINE], "total": 7})),
    ("GET", r"/pipelines/p-fail", (200, FAILED_PIPELINE)),
    ("GET|PATCH", r"/pipelines/[^/]+", (200, PIPELINE)),
    ("DELETE", r"/pipelines/[^/]+", (204, None)),
    ("POST", r"/pipelines/[^/]+/cancel", (200, {**PIPELINE, "status": "cancelled"})),
    ("GET", r"/pipelines/[^/]+/result", (200, PIPELINE_RESULT)),
    ("GET", r"/pipelines/[^/]+/elements", (200, ELEMENTS)),
    ("POST", r"/simple_pipelines", (201, SIMPLE_PIPELINE)),
    ("GET", r"/simple_pipelines", (200, page(SIMPLE_PIPELINE))),
    ("GET|PATCH", r"/simple_pipelines/[^/]+", (200, SIMPLE_PIPELINE)),
    ("DELETE", r"/simple_pipelines/[^/]+", (204, None)),
    ("POST", r"/simple_pipelines/[^/]+/cancel", (200, SIMPLE_PIPELINE)),
    ("GET", r"/material_property_datasets/ds-el/data", (200, ELECTROLYTE_COLUMNS)),
    ("POST", r"/jobs/[^/]+/cancel", (200, {**JOB, "status": "cancelled"})),
    ("GET", r"/jobs/[^/]+", (200, JOB)),
    ("GET", r"/material_property_datasets", (200, page(DATASET))),
    ("POST", r"/material_property_datasets", (201, DATASET)),
    ("GET|PATCH", r"/material_property_datasets/[^/]+", (200, DATASET)),
    ("DELETE", r"/material_property_datasets/[^/]+", (204, None)),
    ("GET", r"/material_property_datasets/[^/]+/data", (200, DATASET_COLUMNS)),
    ("PATCH", r"/material_property_datasets/[^/]+/file", (200, DATASET)),
    (
        "GET",
        r"/material_property_datasets/[^/]+/download-url",
        (200, {"url": "{base}/blob/ds.parquet"}),
    ),
    (
        "GET",
        r"/analyses",
        (200, page(ANALYSIS, {**ANALYSIS, "id": "an-2", "name": "b"})),
    ),
    ("POST", r"/analyses", (201, ANALYSIS)),
    ("GET|PATCH", r"/analyses/[^/]+", (200, ANALYSIS)),
    ("DELETE", r"/analyses/[^/]+", (204, None)),
    ("GET", r"/analyses/[^/]+/download-url", (200, {"url": "{base}/blob/an.parquet"})),
    ("GET", r"/blob/[^/]+", "parquet"),
    ("GET", r"/models", (200, page(MODEL))),
    ("POST", r"/models", (201, MODEL)),
    ("POST", r"/models/upload-custom", (201, {**MODEL, "id": "mod-2"})),
    ("GET|PATCH", r"/models/[^/]+", (200, MODEL)),
    ("DELETE", r"/models/[^/]+", (204, None)),
    ("POST", r"/models/[^/]+/custom-variables", (200, MODEL)),
    ("POST", r"/discovery/ionworks_models/serialize", (200, {"name": "SPMe"})),
    ("GET", r"/parameterized_models", (200, page(PARAMETERIZED))),
    ("POST", r"/parameterized_models", (201, PARAMETERIZED)),
    ("GET", r"/cells/[^/]+/parameterized_models", (200, page(PARAMETERIZED))),
    ("POST", r"/cells/[^/]+/parameterized_models", "create:parameterized"),
    (
        "GET|PATCH",
        r"(/cells/[^/]+)?/parameterized_models/[^/]+",
        (200, PARAMETERIZED),
    ),
    ("DELETE", r"(/cells/[^/]+)?/parameterized_models/[^/]+", (204, None)),
    (
        "GET",
        r"/parameterized_models/[^/]+/parameter-values",
        (200, {"Nominal cell capacity [A.h]": 5.0}),
    ),
    (
        "GET",
        r"/parameterized_models/[^/]+/variable-names",
        (200, ["Voltage [V]", "Current [A]"]),
    ),
    ("POST", r"/protocols/parse-to-template", (200, {"template_id": "tpl-1"})),
    (
        "POST",
        r"/simulations/with-template/batch",
        (200, [{"simulation_id": "sim-1", "job_id": "j-1", "already_existed": False}]),
    ),
    (
        "GET",
        r"/simulations",
        (200, {"simulations": [{"id": "sim-1"}, {"id": "sim-2"}], "total": 2}),
    ),
    ("DELETE", r"/simulations/[^/]+", (204, None)),
    (
        "POST",
        r"/simulations/statuses",
        (200, [{"simulation_id": "sim-1", "status": "completed"}]),
    ),
    ("GET", r"/ecm/examples", (200, [{"id": "ex-1", "name": "HPPC"}])),
    ("GET", r"/ecm/examples/[^/]+/data", (200, {"t": [0.0], "V": [3.7]})),
    ("POST", r"/ecm/fit", (200, FIT)),
    (
        "POST",
        r"/ecm/fit-from-(measurements|file)",
        (200, {"job_id": "j-ecm", "status": "pending"}),
    ),
    ("POST", r"/ecm/detect-and-read", (200, {"format": "csv", "columns": ["t"]})),
    (
        "POST",
        r"/ecm/save-to-project",
        (200, {"model_id": "mod-9", "parameterized_model_id": "pm-9"}),
    ),
    ("POST", r"/ecm/validate", (200, VALIDATION)),
    ("GET", r"/model_builders", (200, page(BUILDER))),
    ("POST", r"/model_builders", (201, BUILDER)),
    ("POST", r"/model_builders/dry_run", (200, {"parameters": {"a": 1.0}})),
    ("POST", r"/model_builders/preview_mapping", (200, {"a": {"value": 1.0}})),
    (
        "GET",
        r"/model_builders/calculations/producing",
        (200, [{"name": "area", "inputs": ["width", "height"]}]),
    ),
    ("GET|PATCH", r"/model_builders/[^/]+", (200, BUILDER)),
    ("DELETE", r"/model_builders/[^/]+", (204, None)),
    ("POST", r"/model_builders/[^/]+/check", (200, READINESS)),
    (
        "POST",
        r"/model_builders/[^/]+/build",
        (
            200,
            {"parameters": {"a": 1.0}, "missing": ["b"], "issues": READINESS["issues"]},
        ),
    ),
    ("GET", r"/cell_specifications/[^/]+/resolved", (200, {"id": "cs-1", "name": "S"})),
    (
        "GET",
        r"/cell_specifications/[^/]+/builder_readiness",
        (
            200,
            [
                {
                    "model_builder_id": "mb-1",
                    "model_id": "mod-1",
                    "name": "B",
                    "ready": False,
                    "error_count": 1,
                    "warning_count": 0,
                }
            ],
        ),
    ),
    ("POST", r"/optimizations", (201, OPTIMIZATION)),
    ("GET", r"/optimizations", (200, {"items": [OPTIMIZATION], "total": 1})),
    ("GET", r"/optimizations/opt-failed", (200, {"status": "failed", "error": "x"})),
    ("GET", r"/optimizations/[^/]+", (200, {**OPTIMIZATION, "status": "succeeded"})),
    ("PATCH", r"/optimizations/[^/]+", (200, OPTIMIZATION)),
    ("POST", r"/optimizations/[^/]+/cancel", (200, {"status": "canceled"})),
]


def _initiate(body: Any) -> Answer:
    """A measurement's upload begun: its URLs, or a conflict for "Existing"."""
    measurement = body.get("measurement") if isinstance(body, dict) else None
    if isinstance(measurement, dict) and measurement.get("name") == "Existing":
        return 409, {**CONFLICT, "detail": {"existing_id": "m-1"}}
    uploads = [
        {
            "filename": name,
            "signed_url": "{base}/blob/upload/" + name,
            "token": "t",
            "path": name,
        }
        for name in ("time_series.parquet", "steps.parquet")
    ]
    return 200, {"measurement_id": "m-new", "uploads": uploads}


def _confirm(body: Any) -> Answer:
    """A measurement's upload confirmed: its record and steps made."""
    return 200, {**MEASUREMENT, "id": "m-new", "steps_created": 2}


_CREATED = {
    "spec": SPEC,
    "batch": BATCH,
    "instance": INSTANCE,
    "measurement": {**MEASUREMENT, "measurement_type": "properties"},
    "site": SITE,
    "cycler": CYCLER,
    "channel": CHANNEL,
    "planned": PLANNED,
    "parameterized": PARAMETERIZED,
}


def _pipeline(body: Any) -> Answer:
    """A pipeline submitted: refused for a project said to be so."""
    project = body.get("project_id") if isinstance(body, dict) else None
    if project == "forbidden":
        return 403, {"detail": "Forbidden"}
    if project == "not-a-uuid":
        return 400, {"detail": 'invalid input syntax for type uuid: "not-a-uuid"'}
    return 201, {**PIPELINE, "name": body.get("name") or PIPELINE["name"]}


def _plot(body: Any) -> Answer:
    """A validation's plots: two, each with a trace."""
    return 200, {"traces": [{"name": "model", "x": [0, 1], "y": [3.0, 3.1]}]}


_BY_BODY = {
    "pipeline": _pipeline,
    "plot": _plot,
    "initiate": _initiate,
    "confirm": _confirm,
}


def answer(method: str, path: str, body: Any) -> Answer:
    """Return the stored answer of a request (404 for a route not listed).

    A create answers the record, or a conflict when the body's name says so:
    ``"Existing"`` names the existing record's id, ``"Nameless"`` does not.
    """
    for verb, pattern, found in ROUTES:
        if re.fullmatch(verb, method) and re.fullmatch(pattern, path):
            if isinstance(found, str) and found in TABLES:
                return 200, _parquet(found)
            if not isinstance(found, str):
                return found  # type: ignore[no-any-return]
            if found in _BY_BODY:
                return _BY_BODY[found](body)
            record = _CREATED[found.removeprefix("create:")]
            name = body.get("name") if isinstance(body, dict) else None
            if name == "Existing":
                return 409, {**CONFLICT, "detail": {"existing_id": record["id"]}}
            if name == "Nameless":
                return 409, NAMELESS_CONFLICT
            return 201, {**record, **({"name": name} if name else {})}
    return 404, {"detail": f"no example for {method} {path}"}
