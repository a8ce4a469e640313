"""Benchmark of small-number suppression: `python -m bench.suppression [--tables N]`.

Times `core.suppression.suppress_small_counts` on N random tables the size the statistics
page uses (8 categories x 4 quarters, counts skewed small, as a party's real figures are) and
prints one `name: value unit` line per figure, with the baseline: the statistics page draws
four such tables, so a table must take well under 100 ms for the page to stay under ~400 ms
without a cache.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from upstander.core.suppression import suppress_small_counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=500)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    suppress_small_counts([[1, 2], [3, 9]])  # warm up (scipy's first call)
    timings: list[float] = []
    hidden = cells = 0
    for _ in range(args.tables):
        table = [[rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 14, 30]) for _ in range(4)] for _ in range(8)]
        started = time.perf_counter()
        result = suppress_small_counts(table)
        timings.append(time.perf_counter() - started)
        flat = [c for row in result.cells for c in row]
        hidden += sum(c.hidden for c in flat)
        cells += len(flat)
    timings.sort()
    print(f"suppress_table_median: {statistics.median(timings) * 1000:.1f} ms")
    print(f"suppress_table_p95: {timings[int(len(timings) * 0.95)] * 1000:.1f} ms")
    print(f"suppress_hidden_share: {100 * hidden / cells:.1f} %")
    print("baseline_target_per_table: 100.0 ms")


if __name__ == "__main__":
    main()
