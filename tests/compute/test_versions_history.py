"""compute/versions.py has one line of history for every microversion compute serves."""

from twinstack.compute import versions


def test_history_covers_the_served_range() -> None:
    served = [f"2.{minor}" for minor in range(versions.MIN.minor, versions.MAX.minor + 1)]
    assert list(versions.HISTORY) == served
    assert all(line.strip() for line in versions.HISTORY.values())
