"""A bigger fuzz run of the property tests of tests/reliability (readers, records, pipeline).

    python bench/fuzz.py [--examples N]

Runs the ``test_fuzz_*`` modules with ``EVENTWIRE_FUZZ_EXAMPLES=N`` (the default suite uses 60;
the full-pipeline test gets a quarter) and prints, per test, the inputs tried and how many of
them per second, then the totals. Any failure is printed by pytest with its smallest example.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ("tests/reliability/test_fuzz_inputs.py", "tests/reliability/test_fuzz_records.py",
           "tests/reliability/test_fuzz_web.py")
#: hypothesis --hypothesis-show-statistics: "path::test:" then "- during generate phase
#: (1.23 seconds): ... - 57 passing, 0 failing, and 0 invalid test cases"
_TEST = re.compile(r"^(\S+::\S+):\s*$")
_PHASE = re.compile(r"during (\w+) phase \(([\d.]+) seconds\)")
_COUNTS = re.compile(r"(\d+) passing, (\d+) failing, and (\d+) invalid")


def parse(output: str) -> dict[str, tuple[int, int, float]]:
    """(passing, failing, seconds) per test from hypothesis' statistics."""
    found: dict[str, tuple[int, int, float]] = {}
    test, seconds = "", 0.0
    for line in output.splitlines():
        if m := _TEST.match(line.strip()):
            test, seconds = m.group(1), 0.0
        elif m := _PHASE.search(line):
            seconds += float(m.group(2))
        elif (m := _COUNTS.search(line)) and test:
            ok, bad, _ = found.get(test, (0, 0, 0.0))
            found[test] = (ok + int(m.group(1)), bad + int(m.group(2)), seconds)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000, help="examples per test")
    args = parser.parse_args()
    env = {**os.environ, "EVENTWIRE_FUZZ_EXAMPLES": str(args.examples)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "--hypothesis-show-statistics", *MODULES], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    stats = parse(done.stdout)
    for test, (ok, bad, seconds) in sorted(stats.items()):
        rate = ok / seconds if seconds else 0.0
        print(f"{test.split('::')[-1]:<58} {ok:6d} inputs {bad:3d} failing {rate:8.1f}/s")
    total = sum(ok for ok, _b, _s in stats.values())
    failing = sum(b for _o, b, _s in stats.values())
    print(f"total: {total} inputs, {failing} failing, {wall:.0f} s wall "
          f"({total / wall:.1f} inputs/s); pytest exit code {done.returncode}")
    if done.returncode:
        print(done.stdout[-4000:])


if __name__ == "__main__":
    main()
