"""`earful demo`: build the demo company, print its logins, run a worker and the clock,
and serve."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from earful.directory.demo import PASSWORD
from earful.platform.clock import start_clock
from earful.platform.demo import demo_build
from earful.platform.serving import serve, start_worker


class Command(BaseCommand):
    help = "Build the deterministic demo company, then serve it with a background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Build the data and exit.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Building the demo company (Aurora Inspection)…")
        result = demo_build(seed=options["seed"])
        for note in result.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write(f"Built in {result.seconds:.1f} s.\n")
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Log in at {url}/ with password {PASSWORD!r} as:"))
        for role, username, who in result.logins:
            self.stdout.write(f"  {role:<11} {username:<45} {who}")
        if options["no_serve"]:
            return
        env = demo_environment()
        self.stdout.write(f"Emails the demo sends are written to {env['EMAIL_URL']}")
        background = [start_worker(env), start_clock(env)]
        try:
            self.stdout.write(f"Serving at {url} (Ctrl+C stops).")
            serve(host=options["host"], port=options["port"])
        finally:
            for process in background:
                process.terminate()
            for process in background:
                process.wait(timeout=15)


def demo_environment() -> dict[str, str]:
    """The worker's and the clock's environment: unless EMAIL_URL says otherwise, the demo's
    survey emails go to files in the data directory, not to the demo customers."""
    env = dict(os.environ)
    env.setdefault("EMAIL_URL", f"file://{settings.DATA_DIR / 'demo-mail'}")
    return env
