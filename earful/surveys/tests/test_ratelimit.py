from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from earful.surveys.ratelimit import survey_post_allowed


def allowed(count: int, *, tokens: int = 1000) -> list[bool]:
    """`count` POSTs from one address, spread over `tokens` links."""
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    return [survey_post_allowed(request, f"token-{n % tokens}") for n in range(count)]


def test_the_defaults_allow_sixty_posts_a_minute_from_one_address() -> None:
    assert allowed(61) == [True] * 60 + [False]


def test_the_defaults_allow_twenty_posts_an_hour_to_one_link() -> None:
    assert allowed(21, tokens=1) == [True] * 20 + [False]


def test_the_per_address_limit_comes_from_the_settings(settings: Any) -> None:
    settings.SURVEY_POSTS_PER_IP_PER_MINUTE = 500
    assert all(allowed(500))
    assert allowed(1) == [False]


def test_the_per_link_limit_comes_from_the_settings(settings: Any) -> None:
    settings.SURVEY_POSTS_PER_LINK_PER_HOUR = 3
    assert allowed(4, tokens=1) == [True, True, True, False]


def test_another_address_has_its_own_count() -> None:
    assert not all(allowed(61))
    other = RequestFactory().post("/", REMOTE_ADDR="192.0.2.8")
    assert survey_post_allowed(other, "token-x")


def test_with_a_redis_cache_the_count_is_kept_where_every_process_sees_it(settings: Any) -> None:
    import redis

    from earful.config import caches

    server = redis.Redis(host="127.0.0.1", port=6379, db=15, socket_connect_timeout=0.5)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis server at 127.0.0.1:6379")
    settings.CACHES = caches("redis://127.0.0.1:6379/15")
    cache.clear()
    try:
        assert allowed(61) == [True] * 60 + [False]
        keys = server.keys("earful:*rl:ip:192.0.2.7:*")
        assert len(keys) == 1
        assert int(server.get(keys[0]) or 0) == 61
    finally:
        cache.clear()
