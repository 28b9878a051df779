"""What Octavia accepts (octavia/common/constants.py and octavia-lib's constants): protocols and the
pools each listener protocol may use, algorithms, session persistence, health monitor and L7 values,
and the rules per listener protocol (TLS only where it terminates, headers only on HTTP)."""

from __future__ import annotations

LISTENER_PROTOCOLS = ("HTTP", "HTTPS", "TCP", "TERMINATED_HTTPS", "UDP", "SCTP", "PROMETHEUS")
POOL_PROTOCOLS = ("HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP", "UDP", "SCTP")
LB_ALGORITHMS = ("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT")
SP_TYPES = ("SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE")
HM_TYPES = ("HTTP", "HTTPS", "PING", "TCP", "TLS-HELLO", "UDP-CONNECT", "SCTP")
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "PATCH", "CONNECT")
L7_ACTIONS = ("REJECT", "REDIRECT_TO_URL", "REDIRECT_TO_POOL", "REDIRECT_PREFIX")
L7_RULE_TYPES = ("HOST_NAME", "PATH", "FILE_TYPE", "HEADER", "COOKIE", "SSL_CONN_HAS_CERT", "SSL_VERIFY_RESULT",
                 "SSL_DN_FIELD")
L7_COMPARE_TYPES = ("REGEX", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "EQUAL_TO")

# VALID_LISTENER_POOL_PROTOCOL_MAP: the pool protocols a listener of each protocol may send to
LISTENER_POOLS = {
    "TCP": ("HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP"),
    "HTTP": ("HTTP", "PROXY", "PROXYV2"),
    "HTTPS": ("HTTPS", "PROXY", "PROXYV2", "TCP"),
    "TERMINATED_HTTPS": ("HTTP", "PROXY", "PROXYV2"),
    "UDP": ("UDP",),
    "SCTP": ("SCTP",),
    "PROMETHEUS": (),
}
# L4_PROTOCOL_MAP: two listeners of one load balancer may share a port only on different L4 protocols
L4 = {"TCP": "TCP", "HTTP": "TCP", "HTTPS": "TCP", "TERMINATED_HTTPS": "TCP", "PROXY": "TCP", "PROXYV2": "TCP",
      "UDP": "UDP", "SCTP": "SCTP", "PROMETHEUS": "TCP"}
HTTP_LISTENERS = ("HTTP", "TERMINATED_HTTPS")  # header insertion, L7 policies on HTTP content
HEADERS = ("X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "X-Forwarded-Host")
SSL_HEADERS = ("X-SSL-Client-Verify", "X-SSL-Client-Has-Cert", "X-SSL-Client-DN", "X-SSL-Client-CN",
               "X-SSL-Issuer", "X-SSL-Client-SHA1", "X-SSL-Client-Not-Before", "X-SSL-Client-Not-After")
# the default timeouts (ms) a listener gets ([haproxy_amphora] timeout_* defaults)
TIMEOUTS = {"timeout_client_data": 50000, "timeout_member_connect": 5000, "timeout_member_data": 50000,
            "timeout_tcp_inspect": 0}
# health monitor types a pool protocol allows (octavia api/v2/controllers/health_monitor.py)
UDP_MONITORS = ("UDP-CONNECT", "SCTP", "HTTP", "TCP", "PING")
