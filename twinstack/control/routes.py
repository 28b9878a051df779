"""The control plane's route table (below ``/_twinstack``)."""

from __future__ import annotations

from twinstack.control import api, console
from twinstack.core.pipeline import Handler, Service

ROUTES: list[tuple[str, dict[str, Handler]]] = [
    ("/health", {"GET": api.health}),
    ("/clouds.yaml", {"GET": api.clouds_yaml}),
    ("/reset", {"POST": api.reset}),
    ("/faults", {"GET": api.list_faults, "POST": api.add_fault, "DELETE": api.clear_faults}),
    ("/faults/{fault_id}", {"GET": api.show_fault, "DELETE": api.delete_fault}),
    ("/clock", {"GET": api.show_clock, "PUT": api.set_clock}),
    ("/clock/advance", {"POST": api.advance_clock}),
    ("/journal", {"GET": api.journal, "DELETE": api.clear_journal}),
    ("/snapshots", {"GET": api.list_snapshots, "POST": api.save_snapshot}),
    ("/snapshots/{name}", {"DELETE": api.delete_snapshot}),
    ("/snapshots/{name}/load", {"POST": api.load_snapshot}),
    ("/model", {"GET": api.show_model, "POST": api.apply_model}),
    # the console (docs/console.md) and the summaries only it needs
    ("/hosts", {"GET": console.hosts}),
    ("/hosts/{host}/servers", {"GET": console.host_servers}),
    ("/servers", {"GET": console.find_servers}),
    ("/ui", {"GET": console.ui}),
    ("/ui/{asset}", {"GET": console.ui_asset}),
]


def service() -> Service:
    return Service("control", "/_twinstack", "twinstack", ROUTES)
