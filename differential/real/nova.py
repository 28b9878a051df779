"""Real Nova API + Placement with the fake virt driver, set up exactly as Nova's own functional tests do
(nova.tests.functional.integrated_helpers._IntegratedTestBase: Database, PlacementFixture, NeutronFixture,
GlanceFixture, CinderFixture, conductor/scheduler/compute services), but with the Nova API and Placement
WSGI apps also served on real TCP ports so that the harness speaks HTTP to them.

Auth is Nova's noauth stub (X-Auth-User / X-Auth-Project-Id / X-Roles headers) and Placement's noauth2
(X-Auth-Token: admin)."""

from __future__ import annotations

import os
import sys
import threading

os.environ.setdefault("OS_NOVA_DISABLE_EVENTLET_PATCHING", "1")

# isort: off
# nova.tests.functional applies Nova's concurrency choice on import: it must come before any fixture module
from nova.tests.functional import integrated_helpers
from nova.tests import fixtures as nova_fixtures
from nova.tests.fixtures import glance as glance_fixture
from nova.tests.fixtures import neutron as neutron_fixture
# isort: on

from differential.real.serve import ready, serve

STOP = threading.Event()


class RealNova(integrated_helpers._IntegratedTestBase):
    # the API behaves as a deployment's does: casts stay casts, so a boot answers 202 before it builds
    CAST_AS_CALL = False
    REQUIRES_LOCKING = True

    def _setup_services(self) -> None:
        # the wheel installs api-paste.ini under the venv's etc/, not beside the source tree the tests assume
        self.flags(api_paste_config=os.path.join(sys.prefix, "etc", "nova", "api-paste.ini"), group="wsgi")
        super()._setup_services()

    def test_serve(self) -> None:
        from placement import deploy

        nova_url, _ = serve(self.api_fixture.app())
        placement_url, _ = serve(deploy.loadapp(self.placement_fixture.conf_fixture.conf))
        from importlib.metadata import version
        ready(nova_url=nova_url, placement_url=placement_url, project_id=nova_fixtures.PROJECT_ID,
              image_id=glance_fixture.GlanceFixture.image1["id"],
              image_name=glance_fixture.GlanceFixture.image1["name"],
              network_id=neutron_fixture.NeutronFixture.network_1["id"],
              network_name=neutron_fixture.NeutronFixture.network_1["name"],
              nova=version("nova"), placement=version("openstack-placement"),
              concurrency="threading" if os.environ["OS_NOVA_DISABLE_EVENTLET_PATCHING"] == "1" else "eventlet")
        STOP.wait()


def main() -> None:
    import unittest

    result = unittest.TestResult()
    RealNova("test_serve").run(result)
    for _case, trace in result.errors + result.failures:
        sys.stderr.write(trace)
    sys.exit(1)


if __name__ == "__main__":
    main()
