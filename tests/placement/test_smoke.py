from tests.placement.conftest import Api


def test_smoke(api: Api) -> None:
    r = api("GET", "/", version=None)
    assert r.status_code == 200, r.text
    rp = api.provider(VCPU=4, MEMORY_MB=1024)
    r = api("GET", "/allocation_candidates?resources=VCPU:1,MEMORY_MB:128")
    assert r.status_code == 200, r.text
    print(r.json())
