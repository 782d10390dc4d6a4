"""Reading settings from the environment, failing loudly on values that make no sense."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    """A string from NAME, or from the file named by NAME_FILE (for Docker secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = envstr(name, "1" if default else "0").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected one of 1/0, true/false, yes/no, on/off")


def envint(name: str, default: int) -> int:
    value = envstr(name, str(default)).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def default_data_dir() -> Path:
    """Where the SQLite file, the secret key and uploads live unless EARFUL_DATA_DIR says.

    In a source checkout that is `data/` beside pyproject.toml; an installed package
    uses the XDG data folder so that it never writes into site-packages.
    """
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").exists():
        return checkout / "data"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "earful"


def secret_key(data_dir: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data folder."""
    configured = envstr("SECRET_KEY", "")
    if configured:
        return configured
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(50)
    key_file.touch(mode=0o600)
    key_file.write_text(key, encoding="utf-8")
    return key


def mailers(url: str) -> dict[str, dict[str, object]]:
    """Django's MAILERS setting from a URL such as smtp://user:pass@host:587?tls=1.

    Schemes: smtp (STARTTLS with ?tls=1), smtps (implicit TLS), console, file:///path,
    locmem and dummy.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL={url!r}: unknown scheme {scheme!r}; use one of {', '.join(backends)}"
        )
    options: dict[str, object] = {}
    if scheme == "file":
        options["file_path"] = unquote(parts.path)
    if scheme in {"smtp", "smtps"}:
        query = parse_qs(parts.query)
        try:
            port = parts.port
            timeout = int(query.get("timeout", ["30"])[0])
        except ValueError:
            raise ImproperlyConfigured(
                f"EMAIL_URL={url!r}: the port and the timeout must be numbers"
            ) from None
        options.update(
            host=parts.hostname or "localhost",
            port=port or (465 if scheme == "smtps" else 25),
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_ssl=scheme == "smtps",
            use_tls=query.get("tls", ["0"])[0].lower() in _TRUE,
            timeout=timeout,
        )
    return {"default": {"BACKEND": backends[scheme], "OPTIONS": options}}


def caches(url: str) -> dict[str, dict[str, object]]:
    """Django's CACHES setting from a URL: `locmem:` (each process its own), `redis://host:
    6379/1` (shared by every process and machine: what rate limits want in production),
    `file:///path` (shared by the processes of one machine) or `dummy:`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "locmem":
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if scheme == "dummy":
        return {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    if scheme in {"redis", "rediss"}:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "earful",
            }
        }
    if scheme == "file" and parts.path:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": unquote(parts.path),
            }
        }
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r}: use locmem:, redis://host:port/db, file:///path or dummy:"
    )
