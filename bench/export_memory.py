"""How much memory and time does a 1,000,000-row export take, as CSV and as XLSX?

    .venv/bin/python bench/export_memory.py [--rows 1000000] [--json]

The rows are generated (id, customer, unit, score, submitted, verbatim) and go through
`earful.platform.exports.stream_csv` and `stream_xlsx` exactly as a download would,
every byte being read and thrown away. Each format runs twice: once timed, once under
tracemalloc for the peak of Python memory allocated (tracemalloc slows the run, so its
time is not the one reported). No database is used. With --json the last line printed
is one JSON object: {"rows", "csv_peak_mb", "xlsx_peak_mb", "csv_seconds",
"xlsx_seconds", "csv_mb", "xlsx_mb", "max_rss_mb"}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REASONS = [
    "Quick answer and a friendly technician, thank you.",
    'The invoice was wrong twice; "sorry" is not enough.',
    '=HYPERLINK("http://example.org")',
    "Hyvä palvelu, mutta toimitus myöhästyi viikon.",
    "",
]


def rows(count: int) -> Iterator[tuple[object, ...]]:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(count):
        yield (
            n + 1,
            f"Customer {n % 50_000} Oy",
            f"Office {n % 190}",
            n % 11,
            start + dt.timedelta(minutes=n),
            REASONS[n % len(REASONS)],
        )


HEADER = ["id", "customer", "unit", "score", "submitted_at", "reason"]


def drain(kind: str, count: int) -> int:
    """Build the response and read it to the end, as the server would; its size."""
    from earful.platform.exports import stream_csv, stream_xlsx

    make = stream_csv if kind == "csv" else stream_xlsx
    response = make(filename=f"bench.{kind}", header=HEADER, rows=rows(count))
    size = 0
    try:
        for chunk in cast(Iterator[bytes], response.streaming_content):
            size += len(chunk)
    finally:
        file = getattr(response, "file_to_stream", None)
        if file is not None:
            file.close()
    return size


def timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    size = run()
    return time.perf_counter() - started, size


def peak_mb(run: Callable[[], int]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "earful.settings")
    import django

    django.setup()

    result: dict[str, object] = {"rows": args.rows}
    for kind in ("csv", "xlsx"):
        run = functools.partial(drain, kind, args.rows)
        seconds, size = timed(run)
        print(f"{kind}: {args.rows:,} rows, {size / 1e6:.1f} MB in {seconds:.1f} s", flush=True)
        peak = peak_mb(run)
        print(f"{kind}: peak Python memory {peak:.2f} MB", flush=True)
        result[f"{kind}_peak_mb"] = round(peak, 2)
        result[f"{kind}_seconds"] = round(seconds, 2)
        result[f"{kind}_mb"] = round(size / 1e6, 1)
    # The whole process's peak resident memory (Linux: KiB), interpreter included.
    result["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(f"peak resident memory of the process: {result['max_rss_mb']} MB")
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
