"""Signal handlers of this app: each calls one service and is safe to run twice."""

from __future__ import annotations
