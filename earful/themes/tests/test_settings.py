from __future__ import annotations

import os
import subprocess
import sys


def _text_engine(**env: str) -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh process with `env` (TEXT_ENGINE left out unless
    given) and print the engine they chose."""
    base = {k: v for k, v in os.environ.items() if k != "TEXT_ENGINE"}
    return subprocess.run(
        [sys.executable, "-c", "from earful import settings; print(settings.TEXT_ENGINE)"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_text_engine_is_the_embedding_one_unless_told_otherwise():
    assert _text_engine().stdout.strip() == "embedding"
    assert _text_engine(TEXT_ENGINE="fast").stdout.strip() == "fast"


def test_an_unknown_text_engine_fails_loudly_at_start():
    result = _text_engine(TEXT_ENGINE="magic")
    assert result.returncode != 0
    assert "TEXT_ENGINE='magic': expected fast or embedding" in result.stderr
