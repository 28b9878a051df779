"""Stacks the model declares: built at start by their owner, rebuilt by a reset, never exported (runtime
state, as servers and volumes are not)."""

from __future__ import annotations

import pytest

from twinstack.model.loader import ModelError, validate
from twinstack.testing import Cloud


@pytest.mark.twinstack_model("models/stacks.yaml")
def test_model_stack_is_built_at_start_and_after_reset(cloud: Cloud) -> None:
    conn = cloud.connect("twinstack")
    stack = conn.orchestration.find_stack("seeded")
    assert stack.status == "CREATE_COMPLETE", stack.status_reason
    assert stack.outputs[0]["output_value"] == "10.50.0.0/24"
    assert conn.network.find_network("seeded-net") is not None
    conn.orchestration.delete_stack(stack)
    cloud.reset()
    assert conn.orchestration.find_stack("seeded").status == "CREATE_COMPLETE"


def test_model_section_errors() -> None:
    with pytest.raises(ModelError) as err:
        validate({"orchestration": {"stacks": [{"name": "9bad", "template": "x"}]}})
    assert "orchestration.stacks[0].name" in str(err.value)
