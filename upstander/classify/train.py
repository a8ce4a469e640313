"""Train the built-in model: `python -m upstander.classify.train [--out DIR]`.

Reproducible: fixed seeds, deterministic solvers, hashed features (no fitted vocabulary). Reads
the public datasets (see `data.py`, `$UPSTANDER_DATA_DIR`) and our own examples
(`synthetic.py`), trains one logistic regression per label on the train splits, picks each
label's threshold on the validation splits (ours held out by template, plus the datasets' own
dev splits), and writes `artefacts/builtin.npz` + `artefacts/builtin.json`.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from upstander.classify import data, synthetic
from upstander.classify.builtin import Prepared, combine, prepare, rule_arrays
from upstander.classify.features import Hashed, featurise
from upstander.classify.model import ARTEFACT_DIR, TRAINING_SEED, LinearModel
from upstander.classify.normalize import Normaliser
from upstander.classify.synthetic import Example
from upstander.classify.types import LABELS

SEED: Final = TRAINING_SEED
SYNTHETIC_WEIGHT: Final = 4.0
C: Final = 8.0
_WORD: Final = re.compile(r"[a-z][a-z']+")


def known_words(examples: Iterable[Example], min_count: int = 5) -> list[str]:
    """Ordinary words (seen at least `min_count` times) that normalisation must leave alone."""
    counts: Counter[str] = Counter()
    for ex in examples:
        counts.update(_WORD.findall(ex.text.lower()))
    return sorted(w for w, c in counts.items() if c >= min_count and len(w) <= 20)


def _weight(ex: Example) -> float:
    return ex.weight * (SYNTHETIC_WEIGHT if ex.source == "ours" else 1.0)


@dataclass(slots=True)
class Featurised:
    """Examples after normalisation, rules and featurisation (reusable across folds)."""

    examples: list[Example]
    prepared: list[Prepared]
    features: Any
    """A scipy CSR matrix (rows = examples)."""

    def subset(self, keep: Sequence[int]) -> Featurised:
        rows = list(keep)
        return Featurised(
            [self.examples[i] for i in rows],
            [self.prepared[i] for i in rows],
            self.features[rows],
        )


def featurise_examples(examples: Sequence[Example], words: list[str]) -> Featurised:
    """Prepare and featurise examples with the normaliser built from `words`."""
    normaliser = Normaliser(words)
    prepared = [prepare(normaliser, ex.text) for ex in examples]
    hashed = featurise([p.model_text for p in prepared])
    return Featurised(list(examples), prepared, hashed.to_csr())


def fit(
    train: Sequence[Example],
    val: Sequence[Example],
    words: list[str],
    *,
    verbose: bool = True,
) -> LinearModel:
    """Fit one model (all labels) and calibrate thresholds on `val`."""
    t0 = time.perf_counter()
    train_f = featurise_examples(train, words)
    val_f = featurise_examples(val, words)
    if verbose:
        print(f"prepared {len(train) + len(val)} texts in {time.perf_counter() - t0:.1f}s")
    return fit_featurised(train_f, val_f, words, verbose=verbose)


def fit_featurised(
    train: Featurised,
    val: Featurised,
    words: list[str],
    *,
    verbose: bool = True,
    only: Sequence[str] | None = None,
) -> LinearModel:
    """Fit one logistic regression per label, then calibrate thresholds on `val`.

    `only` fits just those labels (the others never fire): the benchmark's cross-dataset folds
    use it to save time.
    """
    np.random.seed(SEED)
    random.seed(SEED)
    x_train = train.features
    examples = train.examples
    weights = np.zeros((x_train.shape[1], len(LABELS)), dtype=np.float32)
    intercepts = np.zeros(len(LABELS), dtype=np.float32)
    for j, label in enumerate(LABELS):
        rows = [i for i, ex in enumerate(examples) if ex.labels.get(label) is not None]
        y = np.array([examples[i].labels[label] for i in rows], dtype=np.int8)
        w = np.array([_weight(examples[i]) for i in rows], dtype=np.float64)
        if len(set(y.tolist())) < 2 or (only is not None and label not in only):
            intercepts[j] = -6.0
            continue
        pos = float(w[y == 1].sum())
        neg = float(w[y == 0].sum())
        w = np.where(y == 1, w * (neg + pos) / (2 * pos), w * (neg + pos) / (2 * neg))
        clf = LogisticRegression(C=C, solver="liblinear", max_iter=300, random_state=SEED)
        t1 = time.perf_counter()
        clf.fit(x_train[rows], y, sample_weight=w)
        weights[:, j] = clf.coef_[0].astype(np.float32)
        intercepts[j] = float(clf.intercept_[0])
        if verbose:
            print(
                f"  {label}: {len(rows)} rows, {int(y.sum())} positive, "
                f"{time.perf_counter() - t1:.1f}s"
            )
    model = LinearModel(
        weights=weights,
        intercepts=intercepts,
        thresholds=dict.fromkeys(LABELS, 0.5),
        known_words=words,
    )
    model.thresholds = calibrate(model, val, verbose=verbose)
    return model


def _f1(y: npt.NDArray[np.int8], pred: npt.NDArray[np.bool_], w: npt.NDArray[np.float64]) -> float:
    tp = float(w[(y == 1) & pred].sum())
    fp = float(w[(y == 0) & pred].sum())
    fn = float(w[(y == 1) & ~pred].sum())
    return 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def calibrate(model: LinearModel, val: Featurised, *, verbose: bool = True) -> dict[str, float]:
    """Per-label thresholds maximising weighted F1 of the *final* (rules included) output."""
    examples = val.examples
    raw = model.predict(_as_hashed(val.features))
    dampen, gate, floors = rule_arrays(val.prepared)
    thresholds = np.full(len(LABELS), 0.5, dtype=np.float32)
    grid = np.linspace(0.05, 0.95, 37, dtype=np.float32)
    order = [label for label in LABELS if label != "abuse"] + ["abuse"]
    for label in order:
        j = LABELS.index(label)
        rows = [i for i, ex in enumerate(examples) if ex.labels.get(label) is not None]
        if not rows:
            continue
        y = np.array([examples[i].labels[label] for i in rows], dtype=np.int8)
        if y.sum() == 0:
            continue
        w = np.array([2.0 if examples[i].source == "ours" else 1.0 for i in rows])
        best, best_t = -1.0, 0.5
        for t in grid:
            trial = thresholds.copy()
            trial[j] = t
            final = combine(raw[rows], trial, dampen[rows], gate[rows], floors[rows])
            score = _f1(y, final[:, j] >= 0.5, w)
            if score > best + 1e-9:
                best, best_t = score, float(t)
        thresholds[j] = best_t
        if verbose:
            print(f"  threshold {label}: {best_t:.3f} (val F1 {best:.3f}, {len(rows)} rows)")
    return {label: float(thresholds[j]) for j, label in enumerate(LABELS)}


def _as_hashed(matrix: Any) -> Hashed:
    coo = matrix.tocoo()
    order = np.lexsort((coo.col, coo.row))
    return Hashed(
        matrix.shape[0],
        coo.row[order].astype(np.int64),
        coo.col[order].astype(np.int64),
        coo.data[order].astype(np.float32),
    )


def split_examples(
    datasets: dict[str, list[Example]], ours: list[Example], exclude: str | None = None
) -> tuple[list[Example], list[Example]]:
    """Training and validation examples; `exclude` leaves one dataset out entirely."""
    train: list[Example] = [ex for ex in ours if ex.split == "train"]
    val: list[Example] = [ex for ex in ours if ex.split == "val"]
    for name, rows in datasets.items():
        if name == exclude:
            continue
        train.extend(ex for ex in rows if ex.split == "train")
        val.extend(ex for ex in rows if ex.split == "val")
    return train, val


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ARTEFACT_DIR)
    parser.add_argument("--data", type=Path, default=None, help="datasets folder")
    args = parser.parse_args(argv)
    random.seed(SEED)
    np.random.seed(SEED)
    t0 = time.perf_counter()
    datasets = data.load_all(args.data)
    ours = synthetic.generate(seed=SEED)
    train, val = split_examples(datasets, ours)
    words = known_words([*train, *val])
    print(f"{len(train)} training, {len(val)} validation examples; {len(words)} known words")
    model = fit(train, val, words)
    model.meta = _meta(datasets, ours, train, val)
    model.save(args.out)
    print(f"saved to {args.out} in {time.perf_counter() - t0:.0f}s")


def _meta(
    datasets: dict[str, list[Example]],
    ours: list[Example],
    train: list[Example],
    val: list[Example],
) -> dict[str, Any]:
    return {
        "seed": SEED,
        "C": C,
        "synthetic_weight": SYNTHETIC_WEIGHT,
        "train_rows": len(train),
        "val_rows": len(val),
        "datasets": {name: len(rows) for name, rows in datasets.items()},
        "ours": len(ours),
        "features": "hashed word 1-3 grams (2^18) + char_wb 2-5 grams (2^19), groups as grpx",
    }


if __name__ == "__main__":
    main()
