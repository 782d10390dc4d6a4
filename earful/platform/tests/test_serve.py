"""`earful serve` from a fresh data folder: real processes, real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
        return response.status, response.read().decode()


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env["EARFUL_DATA_DIR"] = str(tmp_path / "data")
    return env


def test_serve_answers_with_the_login_page_and_the_stylesheet(fresh_env):
    earful = [sys.executable, "-m", "earful"]
    subprocess.run([*earful, "migrate", "-v0"], env=fresh_env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [*earful, "serve", "--port", str(port), "--workers", "1"],
        env=fresh_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200
        assert 'name="password"' in body
        status, css = get(f"http://127.0.0.1:{port}/static/css/earful.css")
        assert status == 200
        assert "--accent" in css
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert (Path(fresh_env["EARFUL_DATA_DIR"]) / "secret_key").exists()
