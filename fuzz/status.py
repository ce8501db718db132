"""A live execution rate for a running harness, printed to stderr every few seconds.

libFuzzer itself prints ``exec/s`` only when it finds new coverage and at power-of-two execution counts, which
leaves long silent stretches. The harness counts executions in :data:`COUNT` (one integer add per input) and a
daemon thread prints the rate when ``HCSDOC_FUZZ_STATUS`` is set to an interval in seconds (``hcsdoc fuzz`` sets
it). The thread sleeps between reports, so it costs the fuzzing loop nothing measurable.
"""

from __future__ import annotations

import os
import sys
import threading
import time

# COUNT[0]: inputs executed so far (a one-element list so the harness can add to it without a global statement).
COUNT: list[int] = [0]
FINDINGS: list[int] = [0]


def start(target: str) -> None:
    interval = float(os.environ.get("HCSDOC_FUZZ_STATUS", "0") or 0)
    if interval <= 0:
        return
    threading.Thread(target=_report, args=(target, interval), name="hcsdoc-fuzz-status", daemon=True).start()


def _report(target: str, interval: float) -> None:
    t0 = last_t = time.monotonic()
    last_n = COUNT[0]
    while True:
        time.sleep(interval)
        now, n = time.monotonic(), COUNT[0]
        rate_now = (n - last_n) / max(now - last_t, 1e-9)
        rate_all = n / max(now - t0, 1e-9)
        # One write per line: libFuzzer writes to the same stream from the fuzzing thread.
        sys.stderr.write(
            f"[hcsdoc fuzz {target}] {now - t0:6.0f}s  {n:>10,} execs  {rate_now:>8,.0f} exec/s now"
            f"  {rate_all:>8,.0f} exec/s overall  findings {FINDINGS[0]}\n"
        )
        sys.stderr.flush()
        last_t, last_n = now, n
