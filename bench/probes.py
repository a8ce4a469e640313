"""Score the probe sets in `bench/probes/` (see its README): `python -m bench.probes [SET ...]`.

Prints `probes.<set>.caught: right/total` (abusive posts flagged) and `probes.<set>.passed`
(the others not flagged), with `--by-family` each family's share right, for the shipped scorer or
a candidate's artefacts folder (`--artefacts DIR`).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PROBES_DIR = Path(__file__).resolve().parent / "probes"


def probe_sets() -> list[str]:
    """The sets' names in the order they were written (p2 before p10)."""
    names = (path.stem for path in PROBES_DIR.glob("*.jsonl"))
    return sorted(names, key=lambda name: (len(name), name))


def read_set(name: str) -> list[dict[str, Any]]:
    path = PROBES_DIR / f"{name}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def tally(rows: Sequence[dict[str, Any]], flagged: Sequence[bool]) -> dict[str, tuple[int, int]]:
    """(right, total) for `caught`, `passed` and each `family:<name>`."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, flag in zip(rows, flagged, strict=True):
        right = bool(flag) == bool(row["abusive"])
        for key in ("caught" if row["abusive"] else "passed", f"family:{row['family']}"):
            counts[key][0] += right
            counts[key][1] += 1
    return {key: (right, total) for key, (right, total) in counts.items()}


def main(argv: Sequence[str] | None = None) -> None:
    from bench.classify import _scorer_from, missing_artefacts

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sets", nargs="*", help=f"default: all ({', '.join(probe_sets())})")
    parser.add_argument("--artefacts", type=Path, default=None, help="a candidate's folder")
    parser.add_argument("--by-family", action="store_true")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.sets) - set(probe_sets()))
    if unknown:
        parser.error(f"no probe set {', '.join(unknown)} (there are: {', '.join(probe_sets())})")
    missing = [] if args.artefacts is None else missing_artefacts(args.artefacts)
    if missing:
        parser.error(f"{args.artefacts} is not a trained scorer's folder: no {', '.join(missing)}")
    scorer = _scorer_from(args.artefacts)
    print(f"# scorer: {scorer.name}", flush=True)
    for name in args.sets or probe_sets():
        rows = read_set(name)
        scores = scorer.score([row["text"] for row in rows])
        counts = tally(rows, [score.flagged for score in scores])
        for key in ("caught", "passed"):
            right, total = counts[key]
            print(f"probes.{name}.{key}: {right}/{total} ({right / total:.1%})", flush=True)
        if args.by_family:
            for key in sorted(k for k in counts if k.startswith("family:")):
                right, total = counts[key]
                print(f"probes.{name}.{key[7:]}: {right}/{total}", flush=True)


if __name__ == "__main__":
    main()
