"""A small fixed-window rate limit on Django's cache.

With the default `CACHE_URL=locmem:` each process counts on its own, so the real limit
is this times the number of web processes; `CACHE_URL=redis://…` shares the count
between every process and machine.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

TOKEN_WINDOW = 3600  # seconds: the per-link limit counts POSTs per hour
IP_WINDOW = 60  # seconds: the per-address limit counts POSTs per minute


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
    """At most SURVEY_POSTS_PER_LINK_PER_HOUR POSTs per link (default 20) and
    SURVEY_POSTS_PER_IP_PER_MINUTE per client address (default 60)."""
    ip_ok = _hit(f"ip:{client_ip(request)}", settings.SURVEY_POSTS_PER_IP_PER_MINUTE, IP_WINDOW)
    token_ok = _hit(f"tok:{token}", settings.SURVEY_POSTS_PER_LINK_PER_HOUR, TOKEN_WINDOW)
    return ip_ok and token_ok
