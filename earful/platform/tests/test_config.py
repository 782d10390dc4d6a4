from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from earful.config import envbool, envint, envstr, mailers, secret_key


def test_envbool_reads_the_usual_spellings(monkeypatch):
    for value, expected in [("1", True), ("yes", True), ("ON", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("EARFUL_TEST_FLAG", value)
        assert envbool("EARFUL_TEST_FLAG", not expected) is expected


def test_envbool_refuses_nonsense_loudly(monkeypatch):
    monkeypatch.setenv("EARFUL_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="EARFUL_TEST_FLAG='maybe'"):
        envbool("EARFUL_TEST_FLAG", False)


def test_envint_refuses_a_word(monkeypatch):
    monkeypatch.setenv("EARFUL_TEST_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        envint("EARFUL_TEST_N", 1)


def test_a_value_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("EARFUL_TEST_SECRET_FILE", str(secret))
    assert envstr("EARFUL_TEST_SECRET", "default") == "from-a-file"


def test_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 40
    assert secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_smtp_url_becomes_a_mailer_with_starttls():
    mailer = mailers("smtp://user%40corp:p%40ss@mail.example.com:587?tls=1")["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.com",
        "port": 587,
        "username": "user@corp",
        "password": "p@ss",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 30,
    }


def test_smtps_defaults_to_port_465_and_implicit_tls():
    options = mailers("smtps://mail.example.com")["default"]["OPTIONS"]
    assert isinstance(options, dict)
    assert options["port"] == 465
    assert options["use_ssl"] is True


def test_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'carrier-pigeon'"):
        mailers("carrier-pigeon://coop")


def test_the_cache_url_picks_a_backend() -> None:
    from earful.config import caches

    assert str(caches("locmem:")["default"]["BACKEND"]).endswith("LocMemCache")
    redis = caches("redis://127.0.0.1:6379/3")["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert caches("file:///var/cache/earful")["default"]["LOCATION"] == "/var/cache/earful"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL='memcached://x'"):
        caches("memcached://x")
