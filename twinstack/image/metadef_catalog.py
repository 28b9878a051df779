"""The metadefs catalog a new cloud starts with, as ``glance-manage db_load_metadefs`` (which DevStack runs)
leaves one: public, protected namespaces owned by ``admin``, so every resource type a client asks about
(Horizon's metadata editors for images, volumes, flavors, aggregates and servers) has at least one.

A few of upstream's namespaces, by their real names, associations and property names; the descriptions
are twinstack's own words."""

from __future__ import annotations

from typing import Any

PORT = {"type": "integer", "minimum": 1, "maximum": 65535}


def _webserver(name: str, key: str) -> dict[str, Any]:
    return {"name": name, "description": f"{name}, as installed in the image.", "properties": {
        f"sw_webserver_{key}_version": {"title": "Version", "type": "string"},
        f"sw_webserver_{key}_http_port": {"title": "HTTP Port", **PORT, "default": 80},
        f"sw_webserver_{key}_https_port": {"title": "HTTPS Port", **PORT, "default": 443}}}


# (namespace, display name, description, [(resource type, prefix, properties target)], properties, objects)
NAMESPACES: list[tuple[str, str, str, list[tuple[str, str | None, str | None]], dict[str, Any],
                       list[dict[str, Any]]]] = [
    ("OS::Compute::Watchdog", "Watchdog Behavior", "What the hypervisor does when a guest stops answering.",
     [("OS::Glance::Image", "hw_", None), ("OS::Cinder::Volume", "hw_", "image"), ("OS::Nova::Flavor", "hw:", None)],
     {"watchdog_action": {"title": "Watchdog Action", "description": "The action on a hung guest.",
                          "type": "string", "enum": ["disabled", "reset", "poweroff", "pause", "none"]}}, []),
    ("OS::Compute::GuestShutdownBehavior", "Shutdown Behavior", "How long a guest is given to stop cleanly.",
     [("OS::Glance::Image", None, None)],
     {"os_shutdown_timeout": {"title": "Shutdown timeout", "description": "Seconds before power off.",
                              "type": "integer", "minimum": 0}}, []),
    ("OS::Compute::InstanceData", "Instance Config Data", "Data given to a booting instance.",
     [("OS::Glance::Image", None, None), ("OS::Cinder::Volume", None, "image")],
     {"img_config_drive": {"title": "Config Drive", "description": "Whether a config drive is attached.",
                           "type": "string", "enum": ["optional", "mandatory"]}}, []),
    ("OS::Compute::HostCapabilities", "Compute Host Capabilities", "What a host must offer to be chosen.",
     [("OS::Nova::Flavor", "capabilities:", None), ("OS::Nova::Aggregate", "aggregate_instance_extra_specs:", None)],
     {"cpu_info:vendor": {"title": "Vendor", "description": "The CPU's maker.", "operators": ["<or>"],
                          "type": "string", "enum": ["Intel", "AMD"]}}, []),
    ("CIM::ProcessorAllocationSettingData", "CIM Processor Allocation Setting",
     "Processor requirements in the DMTF CIM vocabulary.",
     [("OS::Cinder::Volume", "CIM_PASD_", "image"), ("OS::Glance::Image", "CIM_PASD_", None),
      ("OS::Nova::Aggregate", "CIM_PASD_", None), ("OS::Nova::Flavor", "CIM_PASD_", None),
      ("OS::Nova::Server", None, "scheduler_hints")],
     {"ProcessorArchitecture": {"title": "Processor Architecture", "description": "The processor family.",
                                "operators": ["<or>"], "type": "string",
                                "enum": ["x86", "IA-64", "Power", "S/390", "ARM", "MIPS", "SPARC"]}}, []),
    ("OS::Software::WebServers", "Web Servers", "Web servers installed in an image or running on a server.",
     [("OS::Glance::Image", None, None), ("OS::Cinder::Volume", None, "image"),
      ("OS::Nova::Server", None, "metadata")],
     {}, [_webserver("Apache HTTP Server", "apache"), _webserver("Nginx", "nginx")]),
]
