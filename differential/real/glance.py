"""Real Glance on SQLite with one file store: glance-manage db_sync and db_load_metadefs (as DevStack does), then
the API's WSGI app (glance.common.wsgi_app.init_app) under a local TCP server.

Authentication: the paste pipeline of the ``keystone`` flavor without its ``authtoken`` filter, so Glance's own
ContextMiddleware builds the request context from the headers keystonemiddleware would have set
(X-Identity-Status: Confirmed, X-User-Id, X-Project-Id, X-Roles): policies are checked as in a deployment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import uuid
from pathlib import Path

from differential.real.serve import free_port, serve, serve_until_killed, version_of

STORE_ID = "file"  # twinstack's one store id (twinstack/image/data.py)
DESCRIPTION = "Local file store"  # a deployment describes its stores; twinstack does
ADMIN = {"X-Identity-Status": "Confirmed", "X-User-Id": uuid.uuid4().hex, "X-Project-Id": uuid.uuid4().hex,
         "X-Roles": "reader,member,admin"}


def paste_ini(venv_etc: Path) -> str:
    """The shipped paste file, its keystone pipeline without authtoken (keystonemiddleware would need a Keystone)."""
    text = (venv_etc / "glance-api-paste.ini").read_text()
    keystone = "osprofiler authtoken context rootapp"
    if keystone not in text:
        raise RuntimeError("glance-api-paste.ini no longer has the keystone pipeline this runner edits")
    return text.replace(keystone, "osprofiler context rootapp")


def configure(state: Path) -> Path:
    etc = Path(sys.prefix) / "etc" / "glance"
    for sub in ("images", "staging", "tasks"):
        (state / sub).mkdir(exist_ok=True)
    (state / "glance-api-paste.ini").write_text(paste_ini(etc))
    conf = state / "glance-api.conf"
    conf.write_text(f"""[DEFAULT]
debug = false
use_stderr = true
enabled_backends = {STORE_ID}:file
[database]
connection = sqlite:///{state}/glance.db
[paste_deploy]
flavor = keystone
config_file = {state}/glance-api-paste.ini
[glance_store]
default_backend = {STORE_ID}
[{STORE_ID}]
store_description = {DESCRIPTION}
filesystem_store_datadir = {state}/images/
[os_glance_staging_store]
filesystem_store_datadir = {state}/staging/
[os_glance_tasks_store]
filesystem_store_datadir = {state}/tasks/
[oslo_policy]
enforce_new_defaults = true
enforce_scope = true
""")
    manage = str(Path(sys.executable).with_name("glance-manage"))
    for args in (["db_sync"], ["db_load_metadefs", str(etc / "metadefs")]):
        subprocess.run([manage, "--config-file", str(conf), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return conf


def seed(url: str) -> None:
    """A public active image, as DevStack uploads cirros and twinstack seeds one: lists then hold images with
    data (size, checksum, stores) on both sides."""
    def call(method: str, path: str, body: bytes, content_type: str) -> bytes:
        request = urllib.request.Request(url + path, data=body, method=method,
                                         headers={**ADMIN, "Content-Type": content_type})
        with urllib.request.urlopen(request, timeout=60) as response:
            return bytes(response.read())

    image = json.loads(call("POST", "/v2/images", json.dumps({
        "name": "cirros", "disk_format": "raw", "container_format": "bare", "visibility": "public"}).encode(),
        "application/json"))
    call("PUT", f"/v2/images/{image['id']}/file", b"\0" * 4096, "application/octet-stream")


def main() -> None:
    state = Path(tempfile.mkdtemp(prefix="differential-glance-"))
    configure(state)
    os.environ["OS_GLANCE_CONFIG_DIR"] = str(state)
    from glance.common import wsgi_app

    app = wsgi_app.init_app()
    port = free_port()
    url, _ = serve(app, port)
    seed(url)
    serve_until_killed(url=url, glance=version_of("glance"), glance_store=version_of("glance_store"))


if __name__ == "__main__":
    main()
