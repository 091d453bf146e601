"""Call every method of the lab's sub-clients; print what each call returned.

Run by tests/integration/test_requests.py with the public client's
interpreter and with ours, against a server that records each call's
requests (``GET /__call__/{n}`` marks where a call begins). The script is
one file that imports ``ionworks``: a script written for the public client.
A value is described as JSON (a record by its non-null fields, an error
by its HTTP status or kind), so that the two clients' answers compare.
"""

import base64
import dataclasses
import enum
import json
import sys
import urllib.request

# client, method, args, kwargs; {"$": [client, method, attribute...]} is the
# answer of that method's latest call (an attribute of it)
CALLS = [
    ("site", "get", ["site-1"], {}),
    ("site", "get", ["missing"], {}),
    ("site", "list", [], {}),
    ("site", "list", [10, 20], {"name": "Bos", "location": "Lab", "order": "asc"}),
    (
        "site",
        "list",
        [],
        {
            "name_exact": "Boston",
            "created_by_email": "a@b.c",
            "created_after": "2026-01-01T00:00:00Z",
            "created_before": "2026-02-01",
            "updated_after": "2026-01-01",
            "updated_before": "2026-03-01",
            "order_by": "name",
        },
    ),
    ("site", "detail", ["site-1"], {}),
    ("site", "update", ["site-1", {"location": "Lab B"}], {}),
    ("site", "delete", ["site-1"], {}),
    ("site", "create", [{"name": "Paris"}], {}),
    ("site", "create_or_get", [{"name": "Paris"}], {}),
    ("site", "create_or_get", [{"name": "Existing"}], {}),
    ("site", "create_or_get", [{"name": "Nameless"}], {}),
    ("cycler", "get", ["cyc-1"], {}),
    ("cycler", "list", ["site-1"], {}),
    (
        "cycler",
        "list",
        ["site-1", 5, 0],
        {
            "name": "Mac",
            "project_id": "proj-1",
            "manufacturer": "Maccor",
            "model": "4000",
            "version": "2",
            "serial_number": "SN",
            "firmware_version": "1.2",
            "hostname": "lab",
            "calibration_due_after": "2026-01-01",
            "calibration_due_before": "2027-01-01",
            "order_by": "calibration_due_at",
            "order": "desc",
        },
    ),
    ("cycler", "detail", ["cyc-1"], {}),
    ("cycler", "detail_from_cycler", [{"$": ["cycler", "get"]}], {}),
    ("cycler", "update", ["cyc-1", {"hostname": "h"}], {}),
    ("cycler", "delete", ["cyc-1"], {}),
    ("cycler", "list_service_events", ["cyc-1"], {}),
    ("cycler", "list_service_events", ["cyc-1", 10, 10], {}),
    ("cycler", "start_service", ["cyc-1", "calibration", "2026-05-01T00:00:00Z"], {}),
    (
        "cycler",
        "start_service",
        ["cyc-1", "repair", "2026-05-01"],
        {"scheduled_until": "2026-05-02", "notes": "fan"},
    ),
    ("cycler", "complete_service", ["cyc-1"], {}),
    (
        "cycler",
        "complete_service",
        ["cyc-1", "2026-05-02", "done", 180, "firmware"],
        {},
    ),
    ("cycler", "create", ["site-1", {"name": "Arbin-2", "project_id": "proj-1"}], {}),
    ("cycler", "create_or_get", ["site-1", {"name": "Existing"}], {}),
    ("cycler", "create_or_get", ["site-1", {"name": "Nameless"}], {}),
    ("channel", "get", ["ch-1"], {}),
    ("channel", "list", ["cyc-1"], {}),
    ("channel", "list", ["cyc-1", 50, 50], {"name": "CH", "updated_before": "2027"}),
    ("channel", "list_all", [], {}),
    ("channel", "list_all", [10], {"cycler_id": "cyc-1", "name_exact": "CH1"}),
    ("channel", "update", ["ch-1", {"out_of_commission": True}], {}),
    ("channel", "list_incidents", ["ch-1"], {}),
    ("channel", "list_incidents", ["ch-1", 1, 2], {}),
    ("channel", "delete", ["ch-1"], {}),
    ("channel", "create", ["cyc-1", {"name": "CH9"}], {}),
    ("channel", "create_or_get", ["cyc-1", {"name": "Existing"}], {}),
    ("lab", "status", ["proj-1"], {}),
    ("lab", "utilization", ["proj-1"], {}),
    ("lab", "utilization", ["proj-1"], {"status": {"$": ["lab", "status"]}}),
    ("lab", "free_channels", ["proj-1"], {}),
    ("lab", "free_channels", ["proj-1"], {"min_amps": 2.0, "min_volts": 1.0}),
    (
        "lab",
        "free_channels",
        ["proj-1"],
        {"max_volts": 4.2, "status": {"$": ["lab", "status"]}},
    ),
    ("lab", "stale_channels", ["proj-1"], {}),
    ("lab", "on_channel", ["proj-1", "ch-3"], {}),
    ("lab", "on_channel", ["proj-1", "ch-1"], {"status": {"$": ["lab", "status"]}}),
    ("lab", "list_watched", ["proj-1"], {}),
    ("lab", "watched_channels", ["proj-1"], {}),
    ("planned_measurement", "get", ["pm-1"], {}),
    ("planned_measurement", "get", ["pm-1", "proj-2"], {}),
    ("planned_measurement", "list", [], {}),
    (
        "planned_measurement",
        "list",
        ["proj-2", 10, 0],
        {"status": "requested", "channel_id": "ch-1", "name": "aging", "order": "desc"},
    ),
    ("planned_measurement", "create", [{"name": "aging 2"}], {}),
    ("planned_measurement", "create_or_get", [{"name": "Existing"}, "proj-2"], {}),
    ("planned_measurement", "update", ["pm-1", {"name": "x"}], {}),
    (
        "planned_measurement",
        "schedule",
        ["pm-1", "ch-1", "2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z"],
        {},
    ),
    ("planned_measurement", "auto_schedule_proposal", [["pm-1", "pm-2"]], {}),
    (
        "planned_measurement",
        "auto_schedule_proposal",
        [["pm-1"], "2026-05-01T00:00:00Z", "proj-2"],
        {},
    ),
    (
        "planned_measurement",
        "apply_auto_schedule_proposal",
        [{"$": ["planned_measurement", "auto_schedule_proposal", "assignments"]}],
        {},
    ),
    (
        "planned_measurement",
        "apply_auto_schedule_proposal",
        [[{"planned_measurement_id": "pm-1", "channel_id": "ch-1"}]],
        {},
    ),
    ("planned_measurement", "cancel", ["pm-1"], {}),
    ("planned_measurement", "delete", ["pm-1"], {}),
    ("protocol", "list", [], {}),
    (
        "protocol",
        "list",
        ["proj-2", 10, 5],
        {"include": ["protocol_config", "source_protocol"], "name": "CC"},
    ),
    ("protocol", "get", ["pr-1"], {}),
    ("protocol", "find_by_name", ["CCCV"], {}),
    ("protocol", "human_readable", ["pr-1"], {}),
    ("protocol", "source_protocol", ["pr-1"], {}),
    ("protocol", "create", ["CCCV", "steps:\n  - Rest: {duration: 60}\n"], {}),
    (
        "protocol",
        "create",
        ["CCCV", {"steps": []}, "proj-2"],
        {"description": "d", "parameters_schema": {"a": 1}, "force_create": True},
    ),
    ("protocol", "create_or_get", ["CCCV", {"steps": []}], {"description": "d"}),
    ("protocol", "update", ["pr-1"], {"name": "CCCV 2"}),
    ("protocol", "delete", ["pr-1"], {}),
    ("protocol", "parse_file", ["@file"], {}),
    ("protocol", "validate", ["steps: []"], {}),
    ("protocol", "find_input_references", ["steps: []"], {}),
    ("protocol", "convert", ["steps: []", "maccor"], {}),
    (
        "protocol",
        "convert",
        [{"steps": []}, "neware", {"dc1": [1, 2]}, "p", 2.5, True],
        {},
    ),
    ("organization", "usage", [], {}),
    ("organization", "members", [], {}),
    ("organization", "get_member", [" a@B.c "], {}),
    ("organization", "get_member", ["nobody@b.c"], {}),
    ("organization", "invite", ["x@y.z"], {}),
    ("organization", "invite", ["x@y.z", "Admin"], {}),
    ("organization", "set_role", ["u-1", "Admin"], {}),
    ("organization", "deactivate", ["u-1"], {}),
    ("organization", "reactivate", ["u-1"], {}),
    ("organization", "resend_invite", ["u-2"], {}),
    ("organization", "remove", ["u-2"], {}),
    ("search", "query", ["cc"], {}),
    (
        "search",
        "query",
        ["cc"],
        {
            "limit": 5,
            "offset": 5,
            "per_type": 2,
            "entity_types": ["protocol", "material"],
            "project_id": "proj-1",
        },
    ),
    ("search", "query", [" cc "], {"entity_types": []}),
    ("urls", "project", [], {}),
    ("urls", "project", ["proj-2"], {}),
    ("urls", "model", ["m-1"], {}),
    ("urls", "parameterized_model", ["pm-1", "proj-2"], {}),
    ("urls", "optimization", ["o-1"], {}),
    ("urls", "pipeline", ["pl-1"], {}),
    ("urls", "study", ["st-1"], {}),
    ("urls", "simulation", ["sim-1"], {}),
    ("urls", "simulation", ["sim-2"], {}),
    ("urls", "simulation", ["sim-3", "pm-2", "proj-2"], {}),
    ("urls", "protocol", ["pr-1"], {}),
    ("urls", "material", ["mat-1"], {}),
    ("urls", "cell_specs", [], {}),
    ("urls", "cell_instances", ["cs-1"], {}),
    ("urls", "measurement", ["m-1"], {}),
    ("material", "get", ["mat-1"], {}),
    ("material", "list", [], {}),
    (
        "material",
        "list",
        [10, 0],
        {
            "project_id": "proj-2",
            "name": "ilike.%graph%",
            "manufacturer": "eq.Acme",
            "product_id": "P1",
            "created_at_gt": "2026-01-01",
            "updated_at_lt": "2027-01-01",
            "order_by": "name",
            "order": "asc",
        },
    ),
    ("material", "list", [], {"name_exact": "Graphite", "created_at": "2026"}),
    ("material", "list", [], {"name": "a", "name_exact": "b"}),
    ("study", "get", ["st-1"], {}),
    ("study", "get", ["st-1", "proj-2"], {}),
    ("study", "list", [], {}),
    ("study", "list", ["proj-2", 5, 10], {"name": "Age", "order_by": "name"}),
    ("study", "create", [{"name": "Ageing"}], {}),
    ("study", "create", ["Ageing"], {}),
    ("study", "create", [{"notes": "no name"}], {}),
    ("study", "update", ["st-1", {"name": "Ageing 2"}], {}),
    ("study", "delete", ["st-1"], {}),
    ("study", "assign_simulation", ["st-1", "sim-1"], {}),
    ("study", "remove_simulation", ["st-1", "sim-1", "proj-2"], {}),
    ("study", "assign_measurement", ["st-1", "m-1"], {}),
    ("study", "list_measurements", ["st-1"], {}),
    ("study", "list_measurements", ["st-1", "proj-2", 10, 20], {}),
    ("study", "remove_measurement", ["st-1", "m-1"], {}),
    ("job", "get", ["j-1"], {}),
    ("job", "get_metadata", ["j-1"], {}),
    ("job", "get_plot_data", ["j-1", "obj"], {}),
    ("job", "get_plot_data", ["j-1", "obj", 2, 100, 0.5, 9.5], {}),
    ("job", "get_series_channels", ["j-1"], {}),
    ("job", "get_series", ["j-1", "obj"], {}),
    (
        "job",
        "get_series",
        ["j-1", "obj", "data", ["t", "V"], "t", 500, 1.0, 2.0],
        {},
    ),
    ("job", "get_parameter_trace", ["j-1"], {}),
    ("job", "get_posterior_samples", ["j-1"], {}),
    ("job", "get_posterior_samples", ["nometa"], {}),
    ("job", "list", [], {}),
    ("job", "cancel", ["j-1"], {}),
    ("job", "create", ["@job"], {}),
    ("material_property_dataset", "list", ["mat-1"], {}),
    ("material_property_dataset", "list", ["mat-1", "proj-2", 10, 0], {}),
    ("material_property_dataset", "get", ["ds-1"], {}),
    ("material_property_dataset", "get_units", ["ds-1"], {}),
    ("material_property_dataset", "get_data", ["ds-1"], {}),
    (
        "material_property_dataset",
        "create",
        ["mat-1", "Conductivity", {"c [mol.m-3]": [1000.0, 1200.0], "k": [0.9, 1.0]}],
        {},
    ),
    (
        "material_property_dataset",
        "create",
        ["mat-1", "K", {"k": [0.9]}],
        {
            "columns": [{"name": "k", "unit": "S.m-1", "source_column_index": 0}],
            "project_id": "proj-2",
        },
    ),
    ("material_property_dataset", "update", ["ds-1"], {"name": "Conductivity 2"}),
    (
        "material_property_dataset",
        "update",
        ["ds-1"],
        {"columns": [{"name": "k", "unit": "S/m", "source_column_index": 1}]},
    ),
    (
        "material_property_dataset",
        "replace_file",
        ["ds-1", {"Electrolyte concentration": [900.0], "Conductivity": [0.8]}],
        {"name": "v3"},
    ),
    (
        "material_property_dataset",
        "replace_file",
        ["ds-1", {"Conductivity": [0.8], "Electrolyte concentration": [900.0]}],
        {},
    ),
    (
        "material_property_dataset",
        "replace_file",
        ["ds-1", {"a": [1.0]}],
        {"columns": [{"name": "a", "unit": "", "source_column_index": 0}]},
    ),
    ("material_property_dataset", "get_download_url", ["ds-1"], {}),
    ("material_property_dataset", "get_download_url", ["ds-1", "original"], {}),
    ("material_property_dataset", "delete", ["ds-1"], {}),
    ("material_property_dataset", "to_prior", ["ds-1", "Conductivity", "k"], {}),
    (
        "material_property_dataset",
        "to_prior",
        ["ds-1", "Conductivity", "k"],
        {"std": 0.1, "distribution": "cauchy"},
    ),
    (
        "material_property_dataset",
        "to_prior",
        ["ds-1", "Conductivity", "k"],
        {"rel_std": 0.1, "row": 5},
    ),
    ("material_property_dataset", "to_prior", ["ds-1", "Missing", "k"], {"std": 0.1}),
    ("analysis", "create", ["m-1", "ECM", "ecm_from_eis", {"R0": [0.01, 0.02]}], {}),
    (
        "analysis",
        "create",
        ["m-1", "ECM", "ecm_from_eis", {"R0": [0.01]}],
        {
            "columns": [{"name": "R0", "unit": "Ohm"}],
            "plots": [{"x": "R0"}],
            "metadata": {"model": "R-RC"},
            "notes": "n",
        },
    ),
    ("analysis", "get", ["an-1"], {}),
    ("analysis", "list", ["m-1"], {}),
    ("analysis", "list", [], {"project_id": "proj-1", "limit": 5, "offset": 5}),
    ("analysis", "list", [], {}),
    ("analysis", "find_one", ["m-1"], {"name": "ECM"}),
    ("analysis", "find_one", ["m-1"], {"analysis_type": "ecm_from_eis"}),
    ("analysis", "find_one", ["m-1"], {"analysis_id": "an-1"}),
    ("analysis", "find_one", ["m-2"], {"analysis_id": "an-1"}),
    ("analysis", "find_one", ["m-1"], {}),
    ("analysis", "update", ["an-1", {"notes": "x"}], {}),
    ("analysis", "delete", ["an-1"], {}),
    ("analysis", "get_download_url", ["an-1"], {}),
    ("analysis", "get_data", ["an-1"], {}),
    ("model", "get", ["mod-1"], {}),
    ("model", "get_simulation_settings", ["mod-1"], {}),
    ("model", "list", [], {}),
    ("model", "list", [10, 0], {"project_id": "proj-2", "name_exact": "SPMe"}),
    ("model", "create", [{"name": "SPMe", "config": {"type": "SPMe"}}], {}),
    ("model", "upload_custom", ["@model"], {"name": "Mine"}),
    (
        "model",
        "upload_custom",
        ["@model"],
        {"name": "Mine", "chemistry": "ecm", "description": "d", "project_id": "p2"},
    ),
    ("model", "upload_custom", [42], {"name": "Mine"}),
    ("model", "create_from_zoo", ["SPMe"], {}),
    ("model", "serialize", ["SPMe"], {}),
    ("model", "serialize", ["SPMe"], {"options": {"thermal": "lumped"}}),
    ("model", "download", ["SPMe"], {}),  # a JSON that is no model: an error
    ("model", "update", ["mod-1", {"name": "SPMe 2"}], {}),
    ("model", "delete", ["mod-1"], {}),
    ("model", "add_custom_variable", ["mod-1", {"name": "x", "expression": "1"}], {}),
    ("parameterized_model", "get", ["pm-1"], {}),
    ("parameterized_model", "list_by_cell_specification", ["cs-1"], {}),
    ("parameterized_model", "list_by_cell_specification", ["cs-1", 5, 5], {}),
    ("parameterized_model", "list_by_project", [], {}),
    (
        "parameterized_model",
        "list_by_project",
        ["proj-2", 10, 0],
        {"cell_spec_id": "cs-1", "summary": True},
    ),
    ("parameterized_model", "create", [None, {"name": "Chen", "model_id": "m"}], {}),
    ("parameterized_model", "create", ["cs-1", {"name": "Chen", "parameters": {}}], {}),
    ("parameterized_model", "create_or_get", ["cs-1", {"name": "Existing"}], {}),
    ("parameterized_model", "create_or_get", ["cs-1", {"name": "Nameless"}], {}),
    ("parameterized_model", "update", [None, "pm-1", {"name": "x"}], {}),
    ("parameterized_model", "update", ["cs-1", "pm-1", {"name": "x"}], {}),
    ("parameterized_model", "delete", [None, "pm-1"], {}),
    ("parameterized_model", "delete", ["cs-1", "pm-1"], {}),
    ("parameterized_model", "get_parameter_values", ["pm-1"], {}),
    ("parameterized_model", "get_variable_names", ["pm-1"], {}),
    ("simulation", "protocol", ["@sim"], {}),
    ("simulation", "protocol", ["@sim_design"], {}),
    ("simulation", "protocol", ["@sim_saved"], {}),
    ("simulation", "protocol", ["@sim_conditions"], {}),
    ("simulation", "protocol", ["@sim_doe3"], {}),
    ("simulation", "protocol_batch", ["@sim_doe3"], {}),
    ("simulation", "protocol_batch", ["@sim_conditions"], {}),
    ("simulation", "protocol_batch", ["@sim_unknown"], {}),
    ("simulation", "protocol_batch", ["@sim_both"], {}),
    ("simulation", "protocol_batch", ["@sim_design"], {}),
    ("simulation", "list", ["pm-1"], {}),
    ("simulation", "list", [None, "st-1"], {"state": "completed", "summary": True}),
    ("simulation", "list", [], {"protocol_id": "pr-1", "limit": 10, "offset": 0}),
    ("simulation", "list", [], {}),
    ("simulation", "list", ["pm-1", "st-1"], {}),
    ("simulation", "get", ["sim-1"], {}),
    ("simulation", "delete", ["sim-1"], {}),
    ("simulation", "get_statuses", [["sim-1", "sim-2"]], {}),
    ("simulation", "get_result", ["sim-1"], {}),
    ("simulation", "wait_for_completion", ["sim-1"], {"verbose": False}),
    ("simulation", "wait_for_completion", [["sim-1", "sim-fail"]], {"verbose": False}),
    ("simulation", "wait_for_completion", ["sim-fail"], {"verbose": False}),
    (
        "simulation",
        "wait_for_completion",
        ["sim-fail"],
        {"verbose": False, "raise_on_failure": False},
    ),
    ("ecm", "list_examples", [], {}),
    ("ecm", "get_example_data", ["ex-1"], {}),
    ("ecm", "fit_from_example", ["ex-1"], {}),
    ("ecm", "fit_from_example", ["ex-1", 1, False, 0.9, 5.0], {}),
    ("ecm", "fit_from_measurements", [{"measurements": [{"id": "m-1"}]}], {}),
    (
        "ecm",
        "fit_from_measurements",
        [
            {
                "measurements": [
                    {"id": "m-1", "start_step": 2, "end_step": 9, "initial_soc": 1.0},
                    {"id": "m-2", "capacity": 5.0},
                ],
                "ecm_options": {
                    "num_rcs": 3,
                    "fit_ocv": False,
                    "ocv_soc_curve": {"soc": [0.0, 0.5, 1.0], "ocv": [3.0, 3.6, 4.2]},
                    "bounds_capacity": {"lo": 4.0, "hi": 6.0},
                    "num_knots": 8,
                    "knot_schedule": [2, 4, 8],
                    "regularization": 0.5,
                    "unknown": 1,
                },
            }
        ],
        {},
    ),
    ("ecm", "fit_from_measurements", [{"measurements": []}], {}),
    (
        "ecm",
        "fit_from_measurements",
        [{"measurements": [{"id": "m"}], "ecm_options": {"num_rcs": 9}}],
        {},
    ),
    (
        "ecm",
        "fit_from_measurements",
        [
            {
                "measurements": [{"id": "m"}],
                "ecm_options": {"ocv_soc_curve": {"soc": [0.5, 0.2], "ocv": [3, 4]}},
            }
        ],
        {},
    ),
    ("ecm", "fit_from_file", ["@file"], {}),
    ("ecm", "fit_from_file", ["@file", 1, False, 0.5, 5.0, 0.3, "data.csv"], {}),
    ("ecm", "detect_and_read", ["@file"], {}),
    ("ecm", "wait_for_completion", ["j-ecm"], {"verbose": False}),
    ("ecm", "wait_for_completion", ["j-fail"], {"verbose": False}),
    (
        "ecm",
        "wait_for_completion",
        ["j-fail"],
        {"verbose": False, "raise_on_failure": False},
    ),
    ("ecm", "save_to_project", ["ECM", "cs-1", "@fit"], {}),
    ("ecm", "save_to_project", ["ECM", "cs-1", "@fit", "d", 2], {}),
    ("ecm", "validate", [], {"measurement_id": "m-1", "fit_results": "@fit"}),
    (
        "ecm",
        "validate",
        [],
        {
            "example_id": "ex-1",
            "parameterized_model_id": "pm-9",
            "start_step": 1,
            "end_step": 5,
            "initial_soc": 0.9,
            "capacity": 5.0,
        },
    ),
    ("model_builder", "list", [], {}),
    ("model_builder", "list", ["mod-1", "proj-2", 5, 5], {}),
    ("model_builder", "get", ["mb-1"], {}),
    ("model_builder", "create", ["mod-1", "B", {"elements": {}}], {}),
    ("model_builder", "create", ["mod-1", "B", {"elements": {}}, "d", "proj-2"], {}),
    ("model_builder", "create", ["mod-1", "B", 42], {}),
    ("model_builder", "update", ["mb-1"], {"name": "C", "config": {"elements": {}}}),
    ("model_builder", "delete", ["mb-1"], {}),
    ("model_builder", "check", ["mb-1", "cs-1"], {}),
    ("model_builder", "build", ["mb-1", "cs-1"], {}),
    (
        "model_builder",
        "build",
        ["mb-1", "cs-1"],
        {"save": True, "name": "n", "description": "d", "set_as_default": True},
    ),
    ("model_builder", "dry_run", ["mod-1", {"elements": {}}, "cs-1"], {}),
    ("model_builder", "preview_mapping", ["cs-1", {"a": "ratings.capacity"}], {}),
    ("model_builder", "calculations_producing", ["Electrode width [m]"], {}),
    ("model_builder", "resolved_cell_spec", ["cs-1"], {}),
    ("model_builder", "readiness", ["cs-1"], {}),
    ("model_builder", "readiness", ["cs-1", "mod-1"], {}),
    ("optimization", "run", [{"name": "o", "objective": "max"}], {}),
    ("optimization", "run", [{"name": "o", "project_id": "proj-2"}], {}),
    ("optimization", "get", ["opt-1"], {}),
    ("optimization", "list", [], {}),
    ("optimization", "list", ["proj-2", 5, 10], {}),
    ("optimization", "update", ["opt-1", {"name": "p"}], {}),
    ("optimization", "cancel", ["opt-1"], {}),
    ("optimization", "wait_for_completion", ["opt-1"], {"verbose": False}),
    ("optimization", "wait_for_completion", ["opt-failed"], {}),
    (
        "optimization",
        "wait_for_completion",
        ["opt-failed"],
        {"raise_on_failure": False, "poll_interval": 1},
    ),
    ("pipeline", "create", ["@pipeline"], {}),
    ("pipeline", "create", ["@pipeline_object"], {}),
    ("pipeline", "create", ["@pipeline_object"], {"name": "N", "options": {"a": 1}}),
    (
        "pipeline",
        "create",
        ["@pipeline_full"],
        {"description": "given", "project_id": None},
    ),
    ("pipeline", "create", ["@pipeline_full"], {"project_id": "proj-2"}),
    ("pipeline", "create", ["@pipeline"], {"project_id": "forbidden"}),
    ("pipeline", "create", ["@pipeline"], {"project_id": "not-a-uuid"}),
    ("pipeline", "create", [{"elements": {"x": {"element_type": "entry"}}}], {}),
    ("pipeline", "create", [42], {}),
    ("pipeline", "update", ["p-1"], {"name": "M"}),
    ("pipeline", "update", ["p-1", None, "d2"], {}),
    ("pipeline", "update", ["p-1"], {}),
    ("pipeline", "list", [], {}),
    (
        "pipeline",
        "list",
        ["proj-2", 5, 10, "p-1", "eq.P", "ilike.%d%", "completed", "a@b.c"],
        {
            "created_at": "2026-01-01",
            "updated_at_gt": "2026-01-02",
            "created_at_lt": "2027",
            "order_by": "name",
            "order": "asc",
        },
    ),
    ("pipeline", "get", ["p-1"], {}),
    ("pipeline", "cancel", ["p-1"], {}),
    ("pipeline", "delete", ["p-1"], {}),
    ("pipeline", "result", ["p-1"], {}),
    ("=pipeline|result", "element", ["known"], {}),
    ("=pipeline|result", "element", ["fit"], {}),
    ("==pipeline|result|element", ".trace", [], {}),
    ("==pipeline|result|element", ".posterior", [], {}),
    ("==pipeline|result|element", ".series", [], {}),
    ("=pipeline|result", "element", ["check"], {}),
    ("==pipeline|result|element", ".overlay", [], {}),
    ("=pipeline|result", "element", ["missing"], {}),
    ("=pipeline|result", ".results", [], {}),
    ("pipeline", "get_element_metadata", ["p-1", "fit"], {}),
    ("pipeline", "get_element_metadata", ["p-1", "known"], {}),
    ("pipeline", "get_element_metadata", ["p-1", "nothing"], {}),
    (
        "pipeline",
        "get_element_metadata",
        ["p-1", "fit"],
        {"elements": [{"name": "fit", "job_id": "j-given"}]},
    ),
    ("pipeline", "get_element_series_channels", ["p-1", "check"], {}),
    ("pipeline", "get_element_series", ["p-1", "fit", "obj"], {}),
    (
        "pipeline",
        "get_element_series",
        ["p-1", "fit", "obj"],
        {"source": "initial", "max_points": 10},
    ),
    ("pipeline", "wait_for_completion", ["p-1"], {"verbose": False}),
    ("pipeline", "wait_for_completion", ["p-fail"], {"verbose": False}),
    (
        "pipeline",
        "wait_for_completion",
        ["p-fail"],
        {"verbose": False, "raise_on_failure": False},
    ),
    ("simple_pipeline", "create", ["@pipeline"], {}),
    ("simple_pipeline", "create", ["@pipeline_object"], {}),
    ("simple_pipeline", "create", ["@pipeline_full"], {"options": {"b": 2}}),
    ("simple_pipeline", "create", [42], {}),
    ("simple_pipeline", "update", ["sp-1", "S"], {}),
    ("simple_pipeline", "update", ["sp-1"], {}),
    ("simple_pipeline", "get", ["sp-1"], {}),
    ("=simple_pipeline|get", ".result_object", [], {}),
    ("==simple_pipeline|get|.result_object", ".trace", [], {}),
    ("simple_pipeline", "list", [], {}),
    ("simple_pipeline", "list", ["proj-2", 5, 5, "n", "d", "s", "e"], {}),
    ("simple_pipeline", "cancel", ["sp-1"], {}),
    ("simple_pipeline", "delete", ["sp-1"], {}),
    ("simple_pipeline", "wait_for_completion", ["sp-1"], {"verbose": False}),
    ("electrolyte", "transport_from_dataset", ["ds-el"], {}),
    (
        "electrolyte",
        "transport_from_dataset",
        ["ds-el"],
        {
            "forms": {
                "Electrolyte conductivity [S.m-1]": "landesfeind",
                "Electrolyte diffusivity [m2.s-1]": "landesfeind",
                "Cation transference number": "landesfeind",
            }
        },
    ),
    (
        "electrolyte",
        "transport_from_dataset",
        ["ds-el"],
        {
            "columns": {"Thermodynamic factor": "Transference number"},
            "forms": {"Thermodynamic factor": "landesfeind"},
        },
    ),
    ("electrolyte", "transport_from_dataset", ["ds-el"], {"forms": {"Other": "x"}}),
    (
        "electrolyte",
        "transport_from_dataset",
        ["ds-el"],
        {"forms": {"Cation transference number": "cubic"}},
    ),
    ("electrolyte", "transport_from_dataset", ["ds-1"], {}),
    ("cell_spec", "get", ["cs-1"], {}),
    ("cell_spec", "get", ["missing"], {}),
    ("cell_spec", "list", [False, 10, 0], {}),
    (
        "cell_spec",
        "list",
        [True, 5, 5],
        {
            "name": "NM",
            "form_factor": "pouch",
            "created_by_email": "a@b.c",
            "created_after": "2026-01-01",
            "order_by": "name",
            "order": "desc",
            "project_id": "proj-2",
        },
    ),
    ("cell_spec", "list", [False, 10, 0], {"name_exact": "NMC"}),
    ("cell_spec", "list", [False, 10, 0], {"material_id": ["mat-1", "mat-2"]}),
    ("cell_spec", "list", [False, 10], {"anode_material_id": "mat-1"}),
    ("cell_spec", "list", [False, 10], {"material_id": []}),
    ("cell_spec", "related_specs", ["cs-1"], {}),
    ("cell_spec", "related_specs", ["cs-1"], {"slots": ["anode"], "limit": 5}),
    ("cell_spec", "related_specs", ["cs-1"], {"slots": ["lid"]}),
    ("cell_spec", "create", [{"name": "LFP"}], {}),
    ("cell_spec", "create_or_get", [{"name": "LFP"}], {}),
    ("cell_spec", "create_or_get", [{"name": "Existing"}], {}),
    ("cell_spec", "update", ["cs-1", {"notes": "n"}], {}),
    ("cell_spec", "delete", ["cs-1"], {}),
    ("cell_batch", "get", ["cb-1"], {}),
    ("cell_batch", "list", ["cs-1", 10, 0], {}),
    ("cell_batch", "list", ["cs-1", 10, 0], {"name": "B", "name_exact": "B1"}),
    ("cell_batch", "create", ["cs-1", {"name": "B2"}], {}),
    ("cell_batch", "create_or_get", ["cs-1", {"name": "Existing"}], {}),
    ("cell_batch", "update", ["cb-1", {"notes": "n"}], {}),
    ("cell_batch", "delete", ["cb-1"], {}),
    ("cell_instance", "get", ["ci-1"], {}),
    ("cell_instance", "list", ["cs-1", 10, 0], {}),
    (
        "cell_instance",
        "list",
        ["cs-1", 10, 10],
        {"name": "GR", "created_before": "2027", "order_by": "name", "order": "asc"},
    ),
    ("cell_instance", "create", ["cs-1", {"name": "GR-9"}], {}),
    ("cell_instance", "create_or_get", ["cs-1", {"name": "Existing"}], {}),
    ("cell_instance", "update", ["ci-1", {"notes": "n"}], {}),
    ("cell_instance", "delete", ["ci-1"], {}),
    ("cell_instance", "detail", ["ci-1"], {}),
    (
        "cell_instance",
        "detail",
        ["ci-1"],
        {"include_steps": False, "include_cycles": False, "include_time_series": False},
    ),
    ("project", "get", ["proj-1"], {}),
    ("project", "list", [10, 0], {}),
    ("project", "list", [5, 5], {"name": "Ag", "updated_before": "2027"}),
    ("project", "create", [{"name": "New"}], {}),
    ("project", "update", ["proj-1", {"name": "Renamed"}], {}),
    ("project", "delete", ["proj-9"], {}),
    ("project", "roles", [], {}),
    ("project", "add_member", ["proj-1", "u-2"], {}),
    ("project", "add_member", ["proj-1", "u-2", "Project Admin"], {}),
    ("project", "invite_member", ["proj-1", "ada@lab.example"], {}),
    ("project", "update_member", ["proj-1", "u-2", "Project Viewer"], {}),
    ("project", "remove_member", ["proj-1", "u-2"], {}),
    ("raw_data", "upload", ["proj-1", "@file"], {}),
    (
        "raw_data",
        "upload",
        ["proj-1", "@file"],
        {"name": "proc", "source": "maccor", "metadata": {"a": 1}},
    ),
    ("raw_data", "list", ["proj-1"], {}),
    ("raw_data", "list", ["proj-1", 5, 10], {}),
    ("raw_data", "get", ["rd-1"], {}),
    ("raw_data", "download_url", ["rd-1"], {}),
    ("raw_data", "download", ["rd-1"], {"use_cache": False}),
    ("raw_data", "update", ["rd-1"], {"name": "n", "metadata": {"b": 2}}),
    ("raw_data", "delete", ["rd-1"], {}),
    ("raw_data", "list_measurements", ["rd-1"], {}),
    ("raw_data", "list_measurements", ["rd-1", 5, 5], {}),
    ("cell_measurement", "list", ["ci-1", 10, 0], {}),
    (
        "cell_measurement",
        "list",
        ["ci-1", 10, 0, "time_series"],
        {"name": "run", "started_after": "2026-01-01", "order": "desc"},
    ),
    ("cell_measurement", "list_by_project", ["proj-1", 10, 0], {}),
    (
        "cell_measurement",
        "list_by_project",
        ["proj-1", 10, 0, "properties"],
        {"q": "run", "tags_all": ["a", "b"], "tags_any": ["c"], "order_by": "name"},
    ),
    ("cell_measurement", "list_tags", ["proj-1"], {}),
    ("cell_measurement", "list_tags", ["proj-1", "a", 5], {}),
    ("cell_measurement", "add_tags", ["m-1", ["a", "b"]], {}),
    ("cell_measurement", "remove_tags", [["m-1", "m-2"], ["a"]], {}),
    ("cell_measurement", "get", ["m-1"], {}),
    ("cell_measurement", "detail", ["m-1"], {"use_cache": False}),
    (
        "cell_measurement",
        "detail",
        ["m-1"],
        {"use_cache": False, "include_steps": False, "include_time_series": False},
    ),
    ("cell_measurement", "steps", ["m-1"], {"use_cache": False}),
    ("cell_measurement", "cycles", ["m-1"], {"use_cache": False}),
    ("cell_measurement", "steps_and_cycles", ["m-1"], {"use_cache": False}),
    ("cell_measurement", "time_series", ["m-1"], {"use_cache": False}),
    ("cell_measurement", "update", ["m-1", {"notes": "n"}], {}),
    ("cell_measurement", "delete", ["m-1"], {}),
    ("cell_measurement", "attach_raw_data", ["m-1", ["rd-1", "rd-2"]], {}),
    ("cell_measurement", "detach_raw_data", ["m-1", "rd-1"], {}),
    ("cell_measurement", "watch", ["m-1"], {}),
    ("cell_measurement", "unwatch", ["m-1"], {}),
    ("cell_measurement", "list_raw_data", ["m-1"], {}),
    ("cell_measurement", "list_raw_data", ["m-1", 5, 5], {}),
    ("cell_measurement", "wait_for_processing", [["m-1", "m-2"]], {}),
    ("cell_measurement", "wait_for_processing", ["m-failed"], {}),
    ("cell_measurement", "create", ["ci-1", "@measurement"], {}),
    (
        "cell_measurement",
        "create",
        ["ci-1", "@measurement"],
        {"wait_for_processing": False},
    ),
    ("cell_measurement", "create_or_get", ["ci-1", "@measurement"], {}),
    ("cell_measurement", "create_or_get", ["ci-1", "@existing_measurement"], {}),
    ("cell_measurement", "extend", ["m-1", "@more_rows"], {}),
    (
        "cell_measurement",
        "create_properties",
        ["ci-1", "Mass", {"mass_g": 45.1}],
        {"notes": "weighed", "tags": ["qc"], "start_time": "2026-01-01T00:00:00Z"},
    ),
    ("cell_measurement", "create_file", ["ci-1", "Photo", ["@file"]], {}),
    ("cell_measurement", "list_files", ["m-1"], {}),
    ("cell_measurement", "download_files", ["m-1"], {"use_cache": False}),
    ("cell_measurement", "get_file", ["m-1", "protocol.000"], {}),
]


DETAILS = {
    "CellInstanceDetail": ("instance", "specification_id", "measurements"),
    "CellMeasurementDetail": ("id", "name", "steps", "cycles", "time_series", "files"),
    "StepsAndCycles": ("steps", "cycles"),
}


def describe(value, top=True):
    """A JSON-ready account of a value, records by their non-null fields.

    The answer's own class is named (``type``); the classes of the records
    within it are not (pydantic dumps them as dicts).
    """
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode()}
    if isinstance(value, dict):
        return {str(k): describe(v, False) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "PaginatedList":
        described = {"list": [describe(v, top) for v in value]}  # a page: its total
        if hasattr(value, "total"):
            described["total"] = value.total
        return described
    if type(value).__module__.startswith("polars"):
        return {"frame": describe(value.to_dict(as_series=False), False)}
    shown = DETAILS.get(type(value).__name__)
    if shown is not None:  # frames within: described field by field
        described = {
            name: describe(getattr(value, name, None), False) for name in shown
        }
        return {"type": type(value).__name__, **described} if top else described
    if hasattr(value, "set_source"):  # an ionworks-schema result
        return {"type": type(value).__name__, **describe(value.to_config(), False)}
    if type(value).__name__ == "ParameterValues":
        return {"parameters": evaluated(value)}
    if hasattr(value, "model_dump"):
        fields = value.model_dump(mode="json")
    elif dataclasses.is_dataclass(value):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    else:  # an attrs class
        fields = {a.name: getattr(value, a.name) for a in type(value).__attrs_attrs__}
    fields.pop("extra", None)
    described = describe(fields, False)
    return {"type": type(value).__name__, **described} if top else described


def evaluated(values):
    """A PyBaMM ParameterValues' functions at three concentrations (6 digits)."""
    import numpy
    import pybamm

    found = {}
    for name in sorted(values.keys()):
        function = values[name]
        if callable(function):
            found[name] = []
            for c in (300.0, 1000.0, 1800.0):
                symbol = function(pybamm.Scalar(c), pybamm.Scalar(298.15))
                value = float(numpy.asarray(symbol.evaluate()).reshape(-1)[0])
                found[name].append(float(f"{value:.6g}"))
    return found


def pipeline_config(name):
    """A pipeline's config: canonical, an ionworks-schema object, with extras."""
    canonical = {
        "elements": {
            "known": {
                "element_type": "entry",
                "values": {"x": 1.0, "inf": float("inf"), "pair": [1.0, 2.0]},
            }
        }
    }
    if name == "@pipeline":
        return canonical
    if name == "@pipeline_full":
        return {
            **canonical,
            "name": "From dict",
            "description": "kept",
            "options": {"live_progress_updates": True},
            "project_id": "proj-3",
        }
    import ionworks_schema as iws

    entry = iws.direct_entries.DirectEntry(parameters={"y": 2.0})
    return iws.Pipeline({"known": entry}, name="Object", description="obj")


def simulation_config(name):
    """A simulation config of the kind the name says."""
    base = {
        "parameterized_model": {"capacity": 5.0, "chemistry": "NMC/Graphite"},
        "protocol_experiment": {"protocol": "steps: []", "name": "CC"},
        "experiment_parameters": {"Temperature [degC]": 25.0},
    }
    row = {"type": "discrete", "name": "x", "values": [1.0, 2.0, 3.0]}
    return {
        "@sim": base,
        "@sim_design": {**base, "design_parameters": {"x": 2}},
        "@sim_saved": {
            "parameterized_model": "pm-1",
            "protocol_id": "pr-1",
            "study_id": "st-1",
            "max_backward_jumps": 10,
            "extra_variables": ["Anode potential [V]"],
        },
        "@sim_conditions": {
            **base,
            "conditions": [
                {"experiment_parameters": {"Rate": 1.0}, "design_parameters": {"x": 1}},
                {"experiment_parameters": {"Temperature [degC]": 45.0}},
            ],
        },
        "@sim_doe3": {
            **base,
            "design_parameters_doe": {"sampling": "grid", "rows": [row]},
        },
        "@sim_unknown": {**base, "protocl": "typo"},
        "@sim_both": {**base, "protocol_id": "pr-1"},
    }[name]


def resolve(argument, answers):
    if isinstance(argument, dict) and set(argument) == {"$"}:
        name, method, *attributes = argument["$"]
        found = answers[name, method]
        for attribute in attributes:
            found = getattr(found, attribute)
        return found
    if argument == "@job":  # a script of the public client's imports it so
        from ionworks.job import JobCreationPayload

        return JobCreationPayload(job_type="datafit", params={"a": 1})
    if isinstance(argument, str) and argument.startswith("@pipeline"):
        return pipeline_config(argument)
    if isinstance(argument, str) and argument.startswith("@sim"):
        return simulation_config(argument)
    if argument == "@fit":
        return {
            "rmse_mV": 4.2,
            "num_rcs": 1,
            "time": [0.0],
            "data_voltage": [3.7],
            "model_voltage": [3.7],
            "soc": [0.0, 1.0],
            "ocv": [3.0, 4.2],
            "r0": [0.01, 0.01],
            "rc_pairs": None,
        }
    if argument == "@model":
        with open("model.json", "wb") as handle:
            handle.write(b'{"schema_version": "1.1", "pybamm_version": "25.1"}')
        return "model.json"
    if argument in ("@measurement", "@existing_measurement", "@more_rows"):
        rows = {
            "Time [s]": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0],
            "Voltage [V]": [4.0, 4.0, 3.9, 3.8, 3.7, 3.6],
            "Current [A]": [0.0, 0.0, 1.0, 1.0, 1.0, 1.0],
            "Step count": [0, 0, 1, 1, 1, 1],
        }
        if argument == "@more_rows":
            return {
                "Time [s]": [6.0, 7.0],
                "Voltage [V]": [3.55, 3.5],
                "Current [A]": [1.0, 1.0],
                "Step count": [1, 1],
            }
        name = "Existing" if argument == "@existing_measurement" else "run 2"
        return {"measurement": {"name": name}, "time_series": rows}
    if argument == "@file":
        with open("protocol.000", "wb") as handle:
            handle.write(b"MACCOR PROCEDURE\n")
        return "protocol.000"
    return argument


def main(url):
    from ionworks import Ionworks

    client = Ionworks(api_key="k" * 40, api_url=url, project_id="proj-1", max_retries=0)
    answers, described = {}, []
    for n, (name, method, args, kwargs) in enumerate(CALLS):
        urllib.request.urlopen(f"{url}/__call__/{n}").read()
        args = [resolve(a, answers) for a in args]
        kwargs = {k: resolve(v, answers) for k, v in kwargs.items()}
        try:
            if name.startswith("="):  # an earlier answer's method or attribute
                target = answers[tuple(name[1:].rsplit("|", 1))]
            else:
                target = getattr(client, name)
            if method.startswith("."):
                value = getattr(target, method[1:])
            else:
                value = getattr(target, method)(*args, **kwargs)
        except ValueError as error:
            value, outcome = (
                None,
                {"error": "ValueError", "status": getattr(error, "status_code", None)},
            )
        except Exception as error:
            value, outcome = (
                None,
                {"error": "status", "status": getattr(error, "status_code", None)},
            )
        else:
            outcome = describe(value)
        answers[name, method] = value
        described.append([name, method, outcome])
    print(json.dumps(described).replace(url, "{base}"))  # the port differs


if __name__ == "__main__":
    main(sys.argv[1])
