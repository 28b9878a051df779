"""placement/schemas: every body schema is valid JSON Schema, and each handler's version table picks
the schema in force at the request's microversion (no server needed)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from jsonschema.validators import Draft4Validator

from twinstack.placement.api import aggregates, allocations, providers, reshaper
from twinstack.placement.manager import base
from twinstack.placement.schemas import aggregates as agg_schemas
from twinstack.placement.schemas import allocations as alloc_schemas
from twinstack.placement.schemas import classes, inventories, traits
from twinstack.placement.schemas import providers as provider_schemas
from twinstack.placement.schemas import reshaper as reshape_schemas

TABLES = {"allocations.PUT": allocations.PUT_SCHEMAS, "allocations.POST": allocations.POST_SCHEMAS,
          "aggregates.PUT": aggregates.PUT_SCHEMAS, "providers.CREATE": providers.CREATE_SCHEMAS,
          "providers.UPDATE": providers.UPDATE_SCHEMAS, "reshaper": reshaper.SCHEMAS}


def _req(minor: int | None) -> Any:
    return SimpleNamespace(version=None if minor is None else SimpleNamespace(major=1, minor=minor))


def _all_schemas() -> list[dict[str, Any]]:
    modules = (alloc_schemas, agg_schemas, classes, inventories, traits, provider_schemas, reshape_schemas)
    return [v for m in modules for k, v in vars(m).items() if isinstance(v, dict) and not k.startswith("_")
            and v.get("type") in ("object", "array")]


def test_every_schema_is_valid_draft4() -> None:
    schemas = _all_schemas()
    assert len(schemas) >= 20
    for schema in schemas:
        Draft4Validator.check_schema(schema)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_version_tables_run_oldest_first(name: str) -> None:
    versions = list(TABLES[name])
    assert versions == sorted(versions) and len(set(versions)) == len(versions)


def test_schema_for_picks_the_newest_schema_not_after_the_request() -> None:
    table = allocations.PUT_SCHEMAS
    assert base.schema_for(_req(0), table) is alloc_schemas.update
    assert base.schema_for(_req(11), table) is alloc_schemas.update_v1_8
    assert base.schema_for(_req(12), table) is alloc_schemas.update_v1_12
    assert base.schema_for(_req(37), table) is alloc_schemas.update_v1_34
    assert base.schema_for(_req(39), table) is alloc_schemas.update_v1_38
    assert base.schema_for(_req(None), table) is alloc_schemas.update


def test_what_each_microversion_adds_to_a_consumers_allocations() -> None:
    def fields(schema: dict[str, Any]) -> tuple[set[str], list[str]]:
        return set(schema["properties"]), schema["required"]

    assert fields(alloc_schemas.update_v1_12) == ({"allocations", "project_id", "user_id"},
                                                  ["allocations", "project_id", "user_id"])
    assert "consumer_generation" in fields(alloc_schemas.update_v1_28)[1]
    assert "mappings" in fields(alloc_schemas.update_v1_34)[0]
    assert fields(alloc_schemas.update_v1_38)[1][-1] == "consumer_type"
    # 1.12 may not empty a consumer by PUT; from 1.28, and always in POST /allocations, it may
    assert alloc_schemas.update_v1_12["properties"]["allocations"]["minProperties"] == 1
    assert alloc_schemas.update_v1_28["properties"]["allocations"]["minProperties"] == 0
    inner = next(iter(alloc_schemas.manage_v1_13["patternProperties"].values()))
    assert inner["properties"]["allocations"]["minProperties"] == 0


def test_a_provider_has_a_parent_from_1_14() -> None:
    assert "parent_provider_uuid" not in provider_schemas.create["properties"]
    assert "parent_provider_uuid" in provider_schemas.update_v1_14["properties"]
    assert "uuid" not in provider_schemas.update_v1_14["properties"]
