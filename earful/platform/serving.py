"""Running the web server and the background worker as processes."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from earful.wsgi import application

        return application


def serve(
    *, host: str, port: int, workers: int = 4, threads: int = 2, access_log: bool = True
) -> None:
    """Serve until interrupted. Blocks.

    Each worker process runs `threads` request threads (gunicorn's gthread worker), so
    a worker waiting on the database lets another request use the CPU.
    """
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": max(1, workers),
            "threads": max(1, threads),
            "accesslog": "-" if access_log else None,
            "timeout": 120,
            "graceful_timeout": 10,
        }
    ).run()


def start_worker(env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """A background-jobs worker in its own process, as `earful worker` would run it."""
    return subprocess.Popen([sys.executable, "-m", "earful", "worker"], env=env)  # noqa: S603
