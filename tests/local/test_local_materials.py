"""ionworks-local's materials, their property datasets, and analyses."""

from __future__ import annotations

import math

import pytest

from ionworks_async import AsyncIonworks, NotFoundError
from ionworks_async.errors import UnprocessableEntityError
from ionworks_async.local import LocalServer

from ..support import LOCAL_KEY


@pytest.fixture
def client(local_server: LocalServer) -> AsyncIonworks:
    return AsyncIonworks(
        LOCAL_KEY,
        local_server.url,
        project_id=local_server.default_project_id,
        cache_dir=False,
        max_retries=0,
        dataframe_backend="table",
    )


async def test_a_materials_tables_are_kept_versioned_and_read(
    client: AsyncIonworks,
) -> None:
    async with client:
        made = await client.request("POST", "/materials", {"name": "Graphite"})
        assert (await client.material.get(made["id"])).name == "Graphite"
        assert (await client.material.list(name="ilike.%graph%")).total == 1
        assert (await client.material.list(name_exact="Graphite")).total == 1
        datasets = client.material_property_dataset
        data = {"c [mol.m-3]": [1000.0, 1200.0], "k [S.m-1]": [0.9, math.nan]}
        dataset = await datasets.create(made["id"], "Conductivity", data)
        assert dataset.data_version == 1 and dataset.nan_counts == {
            "c [mol.m-3]": 0,
            "k [S.m-1]": 1,
        }
        assert await datasets.get_units(dataset.id) == {"c": "mol.m-3", "k": "S.m-1"}
        table = (await datasets.get_data(dataset.id)).to_dict()
        assert table == {"c [mol.m-3]": [1000.0, 1200.0], "k [S.m-1]": [0.9, None]}
        with pytest.raises(ValueError, match="column layout differs"):
            await datasets.replace_file(dataset.id, {"k": [1.0]})
        specs = [
            {"name": "c", "unit": "mol.m-3", "source_column_index": 0},
            {"name": "k", "unit": "S.m-1", "source_column_index": 1},
        ]
        again = await datasets.replace_file(
            dataset.id, {"c": [1.0], "k": [2.0]}, name="v2", columns=specs
        )
        assert (again.data_version, again.name) == (2, "v2")
        url = await datasets.get_download_url(dataset.id)
        assert url.startswith("http") and "/storage/" in url
        assert (await datasets.list(made["id"])).total == 1
        await datasets.delete(dataset.id)
        with pytest.raises(NotFoundError):
            await datasets.get(dataset.id)


async def test_an_analysis_is_attached_to_a_measurement(client: AsyncIonworks) -> None:
    async with client:
        spec = await client.cell_spec.create({"name": "S"})
        cell = await client.cell_instance.create(spec.id, {"name": "I"})
        measurement = await client.request(
            "POST",
            f"/cell_instances/{cell.id}/cell_measurements/create",
            {"name": "EIS", "measurement_type": "properties"},
        )
        analyses = client.analysis
        made = await analyses.create(
            measurement["id"],
            "ECM",
            "ecm_from_eis",
            {"R0 [Ohm]": [0.01, 0.02]},
            metadata={"model": "R-RC"},
            notes="fit",
        )
        assert made.project_id == spec.project_id and made.metadata == {"model": "R-RC"}
        assert (await analyses.get_data(made.id)).to_dict() == {
            "R0 [Ohm]": [0.01, 0.02]
        }
        found = await analyses.find_one(measurement["id"], analysis_type="ecm_from_eis")
        assert found.id == made.id
        assert (await analyses.list(project_id=spec.project_id)).total == 1
        updated = await analyses.update(made.id, {"notes": "refit"})
        assert updated.notes == "refit"
        with pytest.raises(NotFoundError):
            await analyses.create("no-such", "x", "t", {"a": [1.0]})
        with pytest.raises(UnprocessableEntityError, match="parquet"):
            await client.upload_multipart(
                "/analyses",
                data={
                    "measurement_id": measurement["id"],
                    "name": "x",
                    "analysis_type": "t",
                },
                files={
                    "file": ("data.parquet", b"not parquet", "application/octet-stream")
                },
            )
        await analyses.delete(made.id)
        assert (await analyses.list(measurement["id"])).total == 0
