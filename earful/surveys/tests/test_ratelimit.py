from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from earful.surveys.ratelimit import survey_post_allowed


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


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
