"""The `earful` console script: Django's management commands under friendlier names."""

from __future__ import annotations

import os
import sys

# Commands whose natural name is a Python keyword or too generic for Django's namespace.
ALIASES = {"import": "import_directory", "worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earful.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "earful"
    if len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
