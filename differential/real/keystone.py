"""Real Keystone on SQLite: keystone-manage db_sync/fernet_setup/credential_setup/bootstrap, then the
public WSGI app (keystone.server.wsgi) under a local TCP server."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from differential.real.serve import free_port, mount, serve, serve_until_killed, version_of

ADMIN_PASSWORD = "admin"


def configure(state: Path, url: str) -> Path:
    for sub in ("fernet-keys", "credential-keys"):
        (state / sub).mkdir(mode=0o700, exist_ok=True)
    conf = state / "keystone.conf"
    conf.write_text(f"""[DEFAULT]
debug = false
use_stderr = true
[database]
connection = sqlite:///{state}/keystone.db
[token]
provider = fernet
[fernet_tokens]
key_repository = {state}/fernet-keys
[fernet_receipts]
key_repository = {state}/fernet-keys
[credential]
key_repository = {state}/credential-keys
[cache]
enabled = false
[resource]
# as DevStack sets them: tokens then say is_admin_project
admin_project_name = admin
admin_project_domain_name = Default
""")
    manage = str(Path(sys.executable).with_name("keystone-manage"))
    user = ["--keystone-user", str(os.getuid()), "--keystone-group", str(os.getgid())]
    for args in (["db_sync"], ["fernet_setup", *user], ["credential_setup", *user],
                 ["bootstrap", "--bootstrap-password", ADMIN_PASSWORD, "--bootstrap-region-id", "RegionOne",
                  "--bootstrap-public-url", url, "--bootstrap-admin-url", url,
                  "--bootstrap-internal-url", url]):
        subprocess.run([manage, "--config-file", str(conf), *args], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return conf


def main() -> None:
    state = Path(tempfile.mkdtemp(prefix="differential-keystone-"))
    port = free_port()
    url = f"http://127.0.0.1:{port}/identity"
    conf = configure(state, url)
    os.environ["OS_KEYSTONE_CONFIG_FILES"] = str(conf)
    from keystone.server import wsgi

    app = wsgi.initialize_public_application()
    serve(mount("/identity", app), port)
    serve_until_killed(url=url, admin_user="admin", admin_password=ADMIN_PASSWORD, admin_project="admin",
                       keystone=version_of("keystone"))


if __name__ == "__main__":
    main()
