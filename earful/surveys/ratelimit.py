"""A small fixed-window rate limit on Django's cache.

With the default LocMemCache each process counts on its own, so the real limit is
this times the number of web processes; configure a shared cache (Redis, database)
in CACHES when that matters.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

# (key prefix, most hits, window in seconds)
TOKEN_LIMIT = (20, 3600)
IP_LIMIT = (60, 60)


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one hit in the current window; False once the limit is passed."""
    bucket = f"rl:{key}:{int(time.time() // window)}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    # Behind a proxy, SecurityMiddleware/the proxy sets REMOTE_ADDR correctly.
    return str(request.META.get("REMOTE_ADDR", ""))


def survey_post_allowed(request: HttpRequest, token: str) -> bool:
    """At most 20 POSTs per link per hour and 60 per client address per minute."""
    ip_ok = _hit(f"ip:{client_ip(request)}", *IP_LIMIT)
    token_ok = _hit(f"tok:{token}", *TOKEN_LIMIT)
    return ip_ok and token_ok
