"""The whole model, one section per service, each section owned by its service package."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from twinstack.block_storage.model import BlockStorageModel
from twinstack.compute.model import ComputeModel
from twinstack.core.faults import FaultRule
from twinstack.dns.model import DnsModel
from twinstack.identity.model import IdentityModel
from twinstack.image.model import ImageModel
from twinstack.key_manager.model import KeyManagerModel
from twinstack.load_balancer.model import LoadBalancerModel
from twinstack.network.model import NetworkModel
from twinstack.object_storage.model import ObjectStorageModel
from twinstack.orchestration.model import OrchestrationModel


class CloudModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    inherit_default: bool = True  # layer over the built-in default model (false: bootstrap only)
    identity: IdentityModel = IdentityModel()
    compute: ComputeModel = ComputeModel()
    image: ImageModel = ImageModel()
    network: NetworkModel = NetworkModel()
    block_storage: BlockStorageModel = BlockStorageModel()
    load_balancer: LoadBalancerModel = LoadBalancerModel()
    orchestration: OrchestrationModel = OrchestrationModel()
    object_storage: ObjectStorageModel = ObjectStorageModel()
    dns: DnsModel = DnsModel()
    key_manager: KeyManagerModel = KeyManagerModel()
    faults: list[FaultRule] = []
    clock: dict[str, Any] = {}  # {mode: real|manual}
