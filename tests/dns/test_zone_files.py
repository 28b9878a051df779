"""Zone exports and imports (BIND zone files) through openstacksdk and raw HTTP: an exported zone imports
again as the same records under another name; a file without an SOA ends its import in ERROR."""

from __future__ import annotations

from typing import Any

import httpx

from twinstack.testing import Cloud

ZONE_FILE = """$ORIGIN imported.org.
$TTL 1800
@   IN SOA ns1.example.net. hostmaster.imported.org. (
        2026120501 ; serial
        3600 600 86400 3600 )
    IN NS  ns1.example.net.
www 600 IN A 192.0.2.10
    IN AAAA 2001:db8::10
mail IN MX 10 mx.imported.org.
alias IN CNAME www
txt IN TXT "v=spf1 -all ; not a comment"
"""


def test_import_a_zone_file(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    headers = {"X-Auth-Token": conn.auth_token, "Content-Type": "text/dns"}
    made = httpx.post(f"{cloud.url}/dns/v2/zones/tasks/imports", content=ZONE_FILE, headers=headers)
    assert made.status_code == 202, made.text
    task = conn.dns.get_zone_import(made.json()["id"])
    assert task.status == "COMPLETE", task.message
    zone = conn.dns.get_zone(task.zone_id)
    assert (zone.name, zone.email, zone.ttl, zone.status) == ("imported.org.", "hostmaster@imported.org", 1800,
                                                              "ACTIVE")
    sets = {(r.name, r.type): (r.ttl, sorted(r.records)) for r in conn.dns.recordsets(zone)}
    assert sets[("www.imported.org.", "A")] == (600, ["192.0.2.10"])
    assert sets[("www.imported.org.", "AAAA")][1] == ["2001:db8::10"]
    assert sets[("alias.imported.org.", "CNAME")][1] == ["www.imported.org."]
    assert sets[("txt.imported.org.", "TXT")][1] == ['"v=spf1 -all ; not a comment"']
    assert sets[("imported.org.", "NS")][1] == ["ns1.devstack.org."]  # the pool's, not the file's
    assert task.id in [i.id for i in conn.dns.zone_imports()]


def test_import_without_soa_fails(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    headers = {"X-Auth-Token": conn.auth_token, "Content-Type": "text/dns"}
    made = httpx.post(f"{cloud.url}/dns/v2/zones/tasks/imports", content="www.x.org. IN A 192.0.2.1\n",
                      headers=headers)
    task = httpx.get(made.json()["links"]["self"], headers=headers).json()
    assert (task["status"], task["message"]) == ("ERROR", "An SOA record is required.")
    wrong = httpx.post(f"{cloud.url}/dns/v2/zones/tasks/imports", content="{}",
                       headers={**headers, "Content-Type": "application/json"})
    assert wrong.status_code == 415


def test_export_then_import_elsewhere(cloud: Cloud) -> None:
    conn: Any = cloud.connect("twinstack")
    zone = conn.dns.create_zone(name="exported.org.", email="a@exported.org", ttl=1200)
    conn.dns.create_recordset(zone, name="www.exported.org.", type="A", records=["192.0.2.7"], ttl=300)
    # (openstacksdk 4.18's create_zone_export fails before sending, as create_zone_transfer_request does:
    # its base path names zone_id, a body attribute); the SDK reads the export back at /zones/tasks/export
    made = httpx.post(f"{cloud.url}/dns/v2/zones/{zone.id}/tasks/export", headers={"X-Auth-Token": conn.auth_token})
    assert made.status_code == 202, made.text
    export = conn.dns.get_zone_export(made.json()["id"])
    shown = export
    # (the SDK's ``location`` is its cloud location, not the export's; the body has Designate's)
    assert shown.status == "COMPLETE" and made.json()["links"]["self"].endswith(f"/exports/{export.id}")
    text = httpx.get(f"{cloud.url}/dns/v2/zones/tasks/exports/{export.id}/export",
                     headers={"X-Auth-Token": conn.auth_token}).text
    assert "$ORIGIN exported.org." in text and "www.exported.org. 300 IN A 192.0.2.7" in text
    conn.dns.delete_zone(zone)
    headers = {"X-Auth-Token": conn.auth_token, "Content-Type": "text/dns"}
    again = httpx.post(f"{cloud.url}/dns/v2/zones/tasks/imports", content=text, headers=headers).json()
    assert httpx.get(again["links"]["self"], headers=headers).json()["status"] == "COMPLETE"
    assert conn.dns.find_zone("exported.org.").ttl == 1200
