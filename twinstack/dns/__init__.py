"""DNS: Designate's v2 API (zones, recordsets) below ``/dns``."""
