"""The learned second stage: a small neural network for posts the first stage is unsure about.

The first stage (rules + one logistic regression per label) scores every post. Posts whose
`abuse` lands in the uncertain band `[low, high)` and that no rule has already decided (no rule
floor at 0.5 or more, and not read as counter-speech or a denial of abuse) are scored again
here by a network trained on the public sets plus our contrast data (`contrast.py`),
multi-label with the same label keys (a label a dataset does not annotate is masked out of the
loss). The network is either the shipped one, a 3-layer
transformer fine-tuned from all-MiniLM-L6-v2 and run with onnxruntime (`encoder.py`, trained by
`train_encoder.py`), or `HashedNetwork`, one hidden layer over the same hashed word and
character n-grams folded into 2^17 buckets (numpy only; what `train.py` builds without torch).
A stacker, one logistic regression per label over both stages' raw logits, the first stage's
final logits and the rule signals (dampening, identity gate, strongest floor, groups and slurs
named), gives the rescored post's probabilities; rule floors and `abuse` = max of the abusive
labels apply as in the first stage. The result then replaces the first stage's (`alpha` = 1;
`blend` keeps the general form). The network is trained on the training split, the stacker on
one half of the validation split, and thresholds per label and the band are chosen on the other
half (never on the blind suite).

The artefact is `artefacts/second_stage.npz` (stacker, thresholds and, for the hashed network,
its weights as float16; loaded with `allow_pickle=False`) and `artefacts/second_stage.json`
(band, training facts and the encoder files' pinned sha256). Training is deterministic: fixed
seed and batch order.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify import lexicon
from upstander.classify.encoder import MODEL_FILE, TOKENIZER_FILE, Encoder
from upstander.classify.features import WORD_FEATURES, Hashed, featurise
from upstander.classify.types import LABELS

ARTEFACT_DIR: Final = Path(__file__).resolve().parent / "artefacts"
NAME: Final = "second_stage"
FORMAT: Final = 1
FOLD: Final = 2**16
"""Each feature block (words, characters) is folded into this many buckets."""
DIM: Final = 2 * FOLD
HIDDEN: Final = 32
SEED: Final = 20261204
EPOCHS: Final = 6
BATCH: Final = 256
LEARNING_RATE: Final = 5e-4
L2: Final = 1e-5
_ABUSE: Final = LABELS.index("abuse")
DECIDED_DAMPEN: Final = 0.3
"""Dampening at or below this means the rules read the post as counter-speech or a denial of
abuse ("No one should call her a whore", "Reported it and blocked"): decided, never routed, so
the network cannot outvote a recognised condemnation."""
_WORD: Final = re.compile(r"[a-z@][a-z0-9'@]*")
SKIP_WORDS: Final = lexicon.STOPWORDS | {"url", "ngrpx", "quotex", "homonymx", "grpx"}
"""Never named as a word the second stage relied on: function words and placeholder tokens."""
OCCLUDED_WORDS: Final = 8
"""Words tried per explanation at most: each is one more variant through both stages."""
MIN_LOG_ODDS_DROP: Final = 0.1
"""A word is named only if removing it lowers the label's log-odds by more (0.025 near 0.5)."""

if TYPE_CHECKING:
    from upstander.classify.builtin import RuleArrays

FloatArray = npt.NDArray[np.float32]


def fold(features: Hashed) -> Hashed:
    """The same features with each block folded into `FOLD` buckets (duplicates kept; they add)."""
    cols = features.cols
    folded = np.where(cols < WORD_FEATURES, cols % FOLD, FOLD + (cols - WORD_FEATURES) % FOLD)
    return Hashed(features.docs, features.rows, folded.astype(np.int64), features.vals)


def occlusion_words(model_text: str) -> list[str]:
    """Whole words the explanation may name: no stopwords, handles or placeholder tokens."""
    return sorted(
        {w for w in _WORD.findall(model_text) if w not in SKIP_WORDS and not w.startswith("@")}
    )


@dataclass(slots=True)
class HashedNetwork:
    """One hidden layer of ReLU units over the hashed n-grams folded into `DIM` buckets."""

    w1: FloatArray
    b1: FloatArray
    w2: FloatArray
    b2: FloatArray

    def forward(self, features: Hashed) -> FloatArray:
        """Raw probabilities (n x labels) from unfolded hashed features."""
        hidden = np.maximum(fold(features).dot(self.w1) + self.b1, 0.0)
        logits = hidden @ self.w2 + self.b2
        out: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)
        return out

    def predict(
        self, texts: Sequence[str], *, together: bool = False, pool: Executor | None = None
    ) -> FloatArray:
        """Raw probabilities (n x labels) of model texts (rows never affect each other)."""
        return self.forward(featurise(list(texts)))


Network = HashedNetwork | Encoder


@dataclass(slots=True)
class SecondStage:
    """The network, the stacker over both stages, per-label thresholds and the band."""

    network: Network
    thresholds: FloatArray
    stack_w: FloatArray = field(default_factory=lambda: _fallback_stack()[0])
    stack_b: FloatArray = field(default_factory=lambda: _fallback_stack()[1])
    low: float = 0.2
    high: float = 0.8
    alpha: float = 0.5
    meta: dict[str, Any] = field(default_factory=dict)
    digest: str = ""

    def predict(
        self, model_texts: Sequence[str], *, together: bool = False, pool: Executor | None = None
    ) -> FloatArray:
        """The network's raw probabilities (n x labels) of model texts; `together` lets the
        network score them in one call (occlusion variants, compared only with each other), and
        a `pool` lets it score them side by side (each alone, as without it)."""
        return self.network.predict(model_texts, together=together, pool=pool)

    def rescore(self, dense: FloatArray, floors: FloatArray) -> FloatArray:
        """Final probabilities of the rows given: the stacker over `dense_features`, then the
        thresholds and rule floors (dampening and gate are already among the stacker's inputs)."""
        from upstander.classify.builtin import RuleArrays, combine

        logits = np.clip(dense @ self.stack_w.T + self.stack_b, -30, 30)
        stacked = (1.0 / (1.0 + np.exp(-logits))).astype(np.float32)
        return combine(stacked, self.thresholds, RuleArrays.floors_only(floors))

    def routed(
        self, first: FloatArray, floors: FloatArray, dampen: FloatArray
    ) -> npt.NDArray[np.bool_]:
        """Rows the first stage is unsure about and no rule has decided either way."""
        abuse = first[:, _ABUSE]
        mask: npt.NDArray[np.bool_] = (
            (abuse >= self.low)
            & (abuse < self.high)
            & (floors.max(axis=1) < 0.5)
            & (dampen > DECIDED_DAMPEN)
        )
        return mask

    def explain(
        self,
        model_text: str,
        label: int,
        score: Callable[[list[str]], FloatArray] | None = None,
        rank: Callable[[list[str]], FloatArray] | None = None,
        *,
        most: int = OCCLUDED_WORDS,
    ) -> list[str]:
        """Up to three words whose removal lowers `label` most (occlusion over whole words).

        `score` maps model texts to final probabilities (the scorer passes the whole second
        stage: both models and the stacker, with the post's rule signals held fixed); by default
        the network alone. Only `most` distinct words are tried: those `rank` weighs highest (the
        scorer passes the first stage's weight of each word alone for `label`), else the first
        in alphabetical order.
        """
        words = occlusion_words(model_text)
        if len(words) > most:
            if rank is None:
                words = words[:most]
            else:
                keep = np.argsort(-rank(words), kind="stable")[:most]
                words = [words[j] for j in sorted(keep.tolist())]
        if not words:
            return []
        tokens = model_text.split()
        variants = [model_text]
        for word in words:
            variants.append(" ".join(t for t in tokens if word not in _WORD.findall(t)))
        if score is None:
            probs = self.predict(variants, together=True)[:, label]
        else:
            probs = score(variants)[:, label]
        # Compared as log-odds: a post scored 0.999 loses little probability when one of its
        # words goes, yet the word can still be what the score rests on.
        clipped = np.clip(probs.astype(np.float64), 1e-7, 1 - 1e-7)
        log_odds = np.log(clipped) - np.log1p(-clipped)
        drops = log_odds[0] - log_odds[1:]
        order = np.argsort(-drops, kind="stable")[:3]
        return [words[j] for j in order if drops[j] > MIN_LOG_ODDS_DROP]

    def save(self, directory: Path = ARTEFACT_DIR) -> None:
        """Write the stacker, thresholds and band (and the hashed network's weights).

        An encoder's own files (`encoder.py`) are written by `train_encoder.py`; their sha256 is
        pinned here, and loading refuses files that do not match it.
        """
        directory.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, Any] = {
            "thresholds": self.thresholds.astype(np.float32),
            "stack_w": self.stack_w.astype(np.float32),
            "stack_b": self.stack_b.astype(np.float32),
        }
        info: dict[str, Any] = {
            "format": FORMAT,
            "labels": list(LABELS),
            "band": [self.low, self.high],
            "alpha": self.alpha,
            "meta": self.meta,
        }
        if isinstance(self.network, HashedNetwork):
            arrays |= {
                "w1": self.network.w1.astype(np.float16),
                "b1": self.network.b1.astype(np.float32),
                "w2": self.network.w2.astype(np.float32),
                "b2": self.network.b2.astype(np.float32),
            }
            info |= {"fold": FOLD, "hidden": HIDDEN}
            for stale in (MODEL_FILE, TOKENIZER_FILE):  # an encoder's, now replaced
                (directory / stale).unlink(missing_ok=True)
        else:
            info |= {"network": "encoder", "encoder_sha256": self.network.digest}
        np.savez_compressed(directory / f"{NAME}.npz", **arrays)
        (directory / f"{NAME}.json").write_text(
            json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, directory: Path = ARTEFACT_DIR) -> SecondStage:
        info_raw = (directory / f"{NAME}.json").read_bytes()
        info = json.loads(info_raw)
        kind = info.get("network", "hashed")
        if (
            info.get("format") != FORMAT
            or info.get("labels") != list(LABELS)
            or (kind == "hashed" and info.get("fold") != FOLD)
        ):
            raise ValueError(f"{directory / NAME}.json is not a format-{FORMAT} second stage")
        with np.load(directory / f"{NAME}.npz", allow_pickle=False) as arrays:
            thresholds = np.asarray(arrays["thresholds"], dtype=np.float32)
            stack = [np.asarray(arrays[k], dtype=np.float32) for k in ("stack_w", "stack_b")]
            network: Network
            if kind == "hashed":
                w1 = np.ascontiguousarray(arrays["w1"])
                b1, w2, b2 = (np.asarray(arrays[k], dtype=np.float32) for k in ("b1", "w2", "b2"))
                weights = w1.tobytes() + b1.tobytes() + w2.tobytes() + b2.tobytes()
                network = HashedNetwork(w1.astype(np.float32), b1, w2, b2)
            else:
                network = Encoder(directory, sha256=str(info.get("encoder_sha256")))
                weights = network.digest.encode("ascii")
        digest = hashlib.sha256(
            weights + stack[0].tobytes() + stack[1].tobytes() + info_raw
        ).hexdigest()[:12]
        low, high = (float(v) for v in info["band"])
        return cls(
            network=network,
            thresholds=thresholds,
            stack_w=stack[0],
            stack_b=stack[1],
            low=low,
            high=high,
            alpha=float(info["alpha"]),
            meta=dict(info.get("meta", {})),
            digest=digest,
        )


N_DENSE: Final = 3 * len(LABELS) + 5
"""Stacker inputs: both stages' raw logits, the first stage's final logits, dampening, identity
gate, strongest rule floor, and how many groups and slurs were named."""


def _logit(p: FloatArray) -> FloatArray:
    q = np.clip(p, 1e-4, 1 - 1e-4)
    out: FloatArray = np.log(q / (1 - q)).astype(np.float32)
    return out


def dense_features(
    raw_first: FloatArray,
    raw_second: FloatArray,
    first_final: FloatArray,
    rules: RuleArrays,
    marked: tuple[FloatArray, FloatArray],
) -> FloatArray:
    """The stacker's inputs (n x `N_DENSE`)."""
    groups, slurs = marked
    out: FloatArray = np.column_stack(
        [
            _logit(raw_first),
            _logit(raw_second),
            _logit(first_final),
            rules.dampen,
            rules.gate,
            rules.floors.max(axis=1),
            groups,
            slurs,
        ]
    ).astype(np.float32)
    return out


def _fallback_stack() -> tuple[FloatArray, FloatArray]:
    """Stacker weights that give back the first stage's final score (each label's own logit)."""
    weights = np.zeros((len(LABELS), N_DENSE), dtype=np.float32)
    for j in range(len(LABELS)):
        weights[j, 2 * len(LABELS) + j] = 1.0
    return weights, np.zeros(len(LABELS), dtype=np.float32)


def _csr_folded(matrix: Any) -> Any:
    """A scipy CSR feature matrix folded to `DIM` columns (training only)."""
    import scipy.sparse as sp

    cols = matrix.indices.astype(np.int64)
    folded = np.where(cols < WORD_FEATURES, cols % FOLD, FOLD + (cols - WORD_FEATURES) % FOLD)
    out = sp.csr_matrix(
        (matrix.data.astype(np.float32), folded, matrix.indptr.copy()), shape=(matrix.shape[0], DIM)
    )
    out.sum_duplicates()
    return out


def train_network(
    features: Any,
    targets: FloatArray,
    mask: FloatArray,
    sample_weight: npt.NDArray[np.float64],
    *,
    epochs: int = EPOCHS,
    seed: int = SEED,
    validation: tuple[Any, FloatArray, FloatArray, npt.NDArray[np.float64]] | None = None,
    verbose: bool = True,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Fit the network with Adam on masked, weighted binary cross-entropy. Deterministic.

    With `validation` (features, targets, mask, weights), the weights kept are those of the epoch
    with the lowest validation loss (early stopping: the network memorises its training set).
    """
    rng = np.random.default_rng(seed)
    x = _csr_folded(features)
    n = x.shape[0]
    w1 = (rng.standard_normal((DIM, HIDDEN)) * 0.05).astype(np.float32)
    b1 = np.full(HIDDEN, 0.01, dtype=np.float32)
    w2 = (rng.standard_normal((HIDDEN, len(LABELS))) * (1 / np.sqrt(HIDDEN))).astype(np.float32)
    b2 = np.zeros(len(LABELS), dtype=np.float32)
    row_w = _balanced(targets, mask, sample_weight)
    x_val = None
    if validation is not None:
        x_val = _csr_folded(validation[0])
        val_y, val_w = validation[1], _balanced(validation[1], validation[2], validation[3])
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    best: tuple[float, int, list[FloatArray]] | None = None
    for epoch in range(epochs):
        t0 = time.perf_counter()
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, BATCH):
            step += 1
            idx = np.sort(order[start : start + BATCH])
            total += _batch_step(
                x[idx], targets[idx], row_w[idx], params, moments=(m, v), step=step
            )
        val_loss = float("nan")
        if x_val is not None:
            val_loss = _loss(x_val, val_y, val_w, params)
            if best is None or val_loss < best[0]:
                best = (val_loss, epoch + 1, [p.copy() for p in params])
        if verbose:
            print(
                f"  second stage epoch {epoch + 1}: loss {total / n:.4f}, "
                f"validation {val_loss:.4f}, {time.perf_counter() - t0:.1f}s"
            )
    if best is not None:
        if verbose:
            print(f"  second stage keeps epoch {best[1]}")
        w1, b1, w2, b2 = best[2]
    return w1, b1, w2, b2


def _batch_step(
    xb: Any,
    yb: FloatArray,
    wb: FloatArray,
    params: list[FloatArray],
    *,
    moments: tuple[list[FloatArray], list[FloatArray]],
    step: int,
) -> float:
    """One Adam step on a batch, in place; returns the batch's summed weighted loss."""
    import scipy.sparse as sp

    w1, b1, w2, b2 = params
    m, v = moments
    pre = np.asarray(xb @ w1) + b1
    hidden = np.maximum(pre, 0.0)
    prob = 1.0 / (1.0 + np.exp(-np.clip(hidden @ w2 + b2, -30, 30)))
    loss = float(-(wb * (yb * np.log(prob + 1e-7) + (1 - yb) * np.log(1 - prob + 1e-7))).sum())
    d_logits = ((prob - yb) * wb / yb.shape[0]).astype(np.float32)
    g_w2 = hidden.T @ d_logits
    g_b2 = d_logits.sum(axis=0)
    d_hidden = (d_logits @ w2.T) * (pre > 0)
    # Lazy Adam for the big input layer: only the buckets this batch uses are updated.
    touched, local = np.unique(xb.indices, return_inverse=True)
    xb_local = sp.csr_matrix(
        (xb.data, local.reshape(-1), xb.indptr), shape=(xb.shape[0], touched.size)
    )
    g_w1 = np.asarray(xb_local.T @ d_hidden, dtype=np.float32) + L2 * w1[touched]
    g_b1 = d_hidden.sum(axis=0)
    rows_w1, rows_m, rows_v = w1[touched], m[0][touched], v[0][touched]
    _adam(rows_w1, g_w1, rows_m, rows_v, step)
    w1[touched], m[0][touched], v[0][touched] = rows_w1, rows_m, rows_v
    for param, grad, first, second in zip(
        params[1:], (g_b1, g_w2, g_b2), m[1:], v[1:], strict=True
    ):
        _adam(param, grad, first, second, step)
    return loss


def _loss(x: Any, y: FloatArray, weights: FloatArray, params: list[FloatArray]) -> float:
    """Mean weighted binary cross-entropy of the network on folded features `x`."""
    w1, b1, w2, b2 = params
    hidden = np.maximum(np.asarray(x @ w1) + b1, 0.0)
    prob = 1.0 / (1.0 + np.exp(-np.clip(hidden @ w2 + b2, -30, 30)))
    loss = weights * (y * np.log(prob + 1e-7) + (1 - y) * np.log(1 - prob + 1e-7))
    return float(-loss.sum() / y.shape[0])


def _balanced(
    targets: FloatArray, mask: FloatArray, sample_weight: npt.NDArray[np.float64]
) -> FloatArray:
    """Per-row, per-label loss weights: each label's positives and negatives weigh the same."""
    n = targets.shape[0]
    label_w = np.ones_like(targets)
    for j in range(targets.shape[1]):
        known = mask[:, j] > 0
        pos = float((sample_weight * (known & (targets[:, j] > 0.5))).sum())
        neg = float((sample_weight * (known & (targets[:, j] < 0.5))).sum())
        if pos > 0 and neg > 0:
            label_w[:, j] = np.where(
                targets[:, j] > 0.5, (pos + neg) / (2 * pos), (pos + neg) / (2 * neg)
            )
    row_w = (label_w * mask * sample_weight[:, None]).astype(np.float32)
    out: FloatArray = row_w / (float(row_w.sum()) / (n * targets.shape[1]))
    return out


def _adam(
    param: FloatArray, grad: FloatArray, first: FloatArray, second: FloatArray, step: int
) -> None:
    """One Adam step, in place."""
    first *= 0.9
    first += 0.1 * grad
    second *= 0.999
    second += 0.001 * grad * grad
    param -= (
        LEARNING_RATE * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    )


def blend(
    first: FloatArray,
    second_final: FloatArray,
    routed: npt.NDArray[np.bool_],
    alpha: float,
) -> FloatArray:
    """First-stage probabilities, with routed rows blended with the second stage's."""
    out = first.copy()
    out[routed] = alpha * second_final[routed] + (1 - alpha) * first[routed]
    return out


def targets_and_mask(
    labels: Sequence[dict[str, int | None]],
) -> tuple[FloatArray, FloatArray]:
    """Label matrix and its mask (1 where the dataset annotates the label)."""
    y = np.zeros((len(labels), len(LABELS)), dtype=np.float32)
    mask = np.zeros_like(y)
    for i, row in enumerate(labels):
        for j, label in enumerate(LABELS):
            value = row.get(label)
            if value is not None:
                y[i, j] = float(value)
                mask[i, j] = 1.0
    return y, mask
