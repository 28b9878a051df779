"""Parameter ``custom_constraint`` checks (Heat's constraint plugins) that look a name or id up in another
service: flavors, images, networks, subnets, ports, routers, volumes. Others pass unchecked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from twinstack.block_storage import local as block_storage
from twinstack.compute import local as compute
from twinstack.core.errors import ApiError
from twinstack.image import local as image
from twinstack.network import local as network

if TYPE_CHECKING:
    from twinstack.cloud import Cloud
    from twinstack.core.context import Context


def checks(cloud: Cloud, caller: Context) -> dict[str, Callable[[str, Any], None]]:
    def flavor(name: str, value: Any) -> None:
        try:
            compute.find_flavor(cloud, caller, str(value))
        except ApiError:
            raise ValueError(f"Error validating value '{value}': The Flavor ID ({value}) could not be found.") \
                from None

    def glance(name: str, value: Any) -> None:
        try:
            image.proxy_get_image(cloud, caller, str(value))
            return
        except ApiError:
            pass
        if len(image.proxy_list_images(cloud, caller, name=str(value))) != 1:
            raise ValueError(f"Error validating value '{value}': No images matching {{'name': '{value}'}}.")

    def neutron(kind: str) -> Callable[[str, Any], None]:
        def check(name: str, value: Any) -> None:
            try:
                network.find_resource_id(cloud, caller, kind, str(value))
            except ApiError as err:
                raise ValueError(f"Error validating value '{value}': {err.message}") from None
        return check

    def volume(name: str, value: Any) -> None:
        try:
            block_storage.proxy_get_volume(cloud, caller, str(value))
        except ApiError:
            raise ValueError(f"Error validating value '{value}': The Volume ({value}) could not be found.") \
                from None

    return {"nova.flavor": flavor, "glance.image": glance, "neutron.network": neutron("network"),
            "neutron.subnet": neutron("subnet"), "neutron.port": neutron("port"), "neutron.router": neutron("router"),
            "neutron.security_group": neutron("security_group"), "cinder.volume": volume}
