"""BatchResult.to_dict(): a bulk call's result, ready to return as JSON."""

from __future__ import annotations

import json

from ionworks_async import BatchResult, ConflictError, ItemFailure, Success, Unknown
from ionworks_async.models import CellSpecification


def test_a_batch_result_becomes_json_with_its_records_and_errors() -> None:
    spec = CellSpecification(id="s1", name="spec")
    result: BatchResult[CellSpecification] = BatchResult(
        succeeded=[Success(0, spec, True)],
        failed=[ItemFailure(1, "dup", ConflictError("taken", 409))],
        unknown=[Unknown(2, "late")],
        not_attempted=3,
        elapsed=0.5,
    )
    found = json.loads(json.dumps(result.to_dict()))
    assert found["ok"] is False and found["created"] == 1
    assert found["succeeded"][0]["record"]["name"] == "spec"
    assert found["failed"] == [
        {
            "index": 1,
            "name": "dup",
            "error": {"type": "ConflictError", "message": "taken", "status_code": 409},
        }
    ]
    assert found["unknown"] == [{"index": 2, "name": "late"}]
    assert (found["not_attempted"], found["failed_count"]) == (3, 1)
