from __future__ import annotations

from collections.abc import Iterator

import pytest

from earful.themes import engine


@pytest.fixture(autouse=True)
def _fresh_analysers() -> Iterator[None]:
    """Each test looks its analyser up afresh (test databases reuse version numbers);
    analysers of the same taxonomy content are shared, as they are in production."""
    engine._prepared.clear()
    yield
    engine._prepared.clear()
