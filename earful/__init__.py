"""Earful: self-hosted customer listening."""

__version__ = "0.1.0"
