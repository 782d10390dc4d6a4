"""`earful serve`: the web application under gunicorn."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from earful.config import envbool, envint
from earful.platform.serving import serve


class Command(BaseCommand):
    help = "Serve Earful over HTTP with gunicorn (static files included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("EARFUL_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=envint("PORT", 8000))
        parser.add_argument(
            "--workers",
            type=int,
            default=envint("WEB_CONCURRENCY", 4),
            help="web processes (WEB_CONCURRENCY, default 4)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=envint("WEB_THREADS", 2),
            help="request threads per process (WEB_THREADS, default 2)",
        )
        parser.add_argument(
            "--no-access-log",
            action="store_false",
            dest="access_log",
            default=envbool("WEB_ACCESS_LOG", True),
            help="do not log each request to stdout (WEB_ACCESS_LOG=0)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        serve(
            host=options["host"],
            port=options["port"],
            workers=options["workers"],
            threads=options["threads"],
            access_log=options["access_log"],
        )
