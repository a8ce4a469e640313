"""The built-in scorer: normalisation, rules and the linear model, combined and explained.

Pipeline per post: `Normaliser` -> `mark_groups` (protected groups become `grpx`) -> rules
(floors, dampening for negation/counter-speech, quotes masked when condemned) -> hashed n-gram
features -> one logistic regression per label -> each probability is remapped so that its
calibrated threshold sits at 0.5 -> dampening, identity gating and rule floors -> `abuse` is the
maximum of the abusive labels (never profanity).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from upstander.classify import lexicon
from upstander.classify.features import Hashed, Marked, featurise, mark_groups
from upstander.classify.model import ARTEFACT_DIR, VERSION, LinearModel
from upstander.classify.normalize import Normaliser
from upstander.classify.rules import RuleResult, apply_rules
from upstander.classify.second_stage import DECIDED_DAMPEN, SecondStage, blend, dense_features
from upstander.classify.second_stage import NAME as SECOND_STAGE_NAME
from upstander.classify.types import (
    LABELS,
    MAX_TEXT_CHARS,
    Score,
    check_texts,
    neutral_score,
)

BATCH: Final = 1000
PARALLEL_POSTS: Final = 2
"""Posts of a batch the encoder scores side by side, each alone in its call (never more than the
cores this process may use): its session releases the interpreter lock while it runs, so a
second post's call fills the second core while the first runs (MODEL_CARD.md)."""
_IDX: Final = {label: i for i, label in enumerate(LABELS)}
_DAMPENED: Final = np.array(
    [label in ("abuse", "insult", "threat", "identity_attack") for label in LABELS]
)
_ABUSIVE: Final = np.array([label != "profanity" for label in LABELS])
_STRONG_SWEAR: Final = re.compile(
    r"\b(?:fuck\w*|motherfuck\w*|shit\w*|bullshit|cunt\w*|twat|wanker|bollocks|prick|"
    r"dickhead|bastard|bitch\w*|piss\w*|arsehole|asshole|crap|damn|goddamn|wtf|stfu)\b"
)
_ALWAYS_EXPLAIN: Final = ("rule: counter-speech", "rule: negated")
_WORD: Final = re.compile(r"[a-z@][a-z0-9'@]*")
# Handles and links say who is addressed, not how: the model never sees them (in the public
# tweets nearly every offensive post starts with one, so they would learn `profanity`).
_HANDLES_AND_LINKS: Final = re.compile(r"(?<![\w@])@user\b|\burl\b")
# Never named as a model "driver": function words, handles and our placeholder tokens.
_SKIP_WORDS: Final = lexicon.STOPWORDS | {"@user", "url", "ngrpx", "quotex", "homonymx"}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A text after normalisation, group marking and the rule layer."""

    normalised: str
    marked: Marked
    rules: RuleResult
    model_text: str
    truncated: bool


def prepare(normaliser: Normaliser, text: str) -> Prepared:
    """Normalise, mark groups and run the rules on one text."""
    truncated = len(text) > MAX_TEXT_CHARS
    if truncated:
        text = text[:MAX_TEXT_CHARS]
    normalised = normaliser.normalise(text)
    marked = mark_groups(normalised)
    rules = apply_rules(marked.text, list(marked.slurs))
    if _STRONG_SWEAR.search(normalised):
        rules.raise_floor("profanity", 0.75)
    model_text = _HANDLES_AND_LINKS.sub(" ", rules.masked)
    return Prepared(normalised, marked, rules, " ".join(model_text.split()), truncated)


def remap(
    raw: npt.NDArray[np.float32], thresholds: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """Monotone piecewise-linear map sending each label's threshold to 0.5."""
    t = np.clip(thresholds, 1e-4, 1 - 1e-4)
    low = 0.5 * raw / t
    high = 0.5 + 0.5 * (raw - t) / (1 - t)
    out: npt.NDArray[np.float32] = np.where(raw < t, low, high).astype(np.float32)
    return out


class RuleArrays(NamedTuple):
    """The rule layer's signals for a batch: dampening, identity gate and floors (n x labels)."""

    dampen: npt.NDArray[np.float32]
    gate: npt.NDArray[np.float32]
    floors: npt.NDArray[np.float32]

    def take(self, rows: npt.NDArray[np.int64] | npt.NDArray[np.bool_] | list[int]) -> RuleArrays:
        """The signals of some rows only."""
        return RuleArrays(self.dampen[rows], self.gate[rows], self.floors[rows])

    def repeat(self, n: int) -> RuleArrays:
        """One row's signals repeated `n` times."""
        return RuleArrays(
            np.repeat(self.dampen, n), np.repeat(self.gate, n), np.repeat(self.floors, n, axis=0)
        )

    @classmethod
    def floors_only(cls, floors: npt.NDArray[np.float32]) -> RuleArrays:
        """No dampening and no gate: only the floors apply (the second stage's output)."""
        ones = np.ones(floors.shape[0], dtype=np.float32)
        return cls(ones, ones, floors)


def combine(
    raw: npt.NDArray[np.float32], thresholds: npt.NDArray[np.float32], rules: RuleArrays
) -> npt.NDArray[np.float32]:
    """Final probabilities from raw model output (n x labels) and the rule layer's arrays."""
    probs = remap(raw, thresholds)
    # Counter-speech and denials damp every label: what the model saw is the condemnation with
    # the quoted abuse masked, which says nothing about harassment or doxxing (floors still apply).
    decided = (rules.dampen <= DECIDED_DAMPEN)[:, None]
    probs = np.where(_DAMPENED | decided, probs * rules.dampen[:, None], probs)
    ia = _IDX["identity_attack"]
    probs[:, ia] *= rules.gate
    probs = np.maximum(probs, rules.floors)
    others = probs[:, _ABUSIVE & (np.arange(len(LABELS)) != _IDX["abuse"])]
    probs[:, _IDX["abuse"]] = np.maximum(probs[:, _IDX["abuse"]], others.max(axis=1))
    out: npt.NDArray[np.float32] = np.clip(probs, 0.0, 1.0).astype(np.float32)
    return out


def rule_arrays(prepared: Sequence[Prepared]) -> RuleArrays:
    """Dampening, identity gate and floors for a batch."""
    n = len(prepared)
    dampen = np.ones(n, dtype=np.float32)
    gate = np.ones(n, dtype=np.float32)
    floors = np.zeros((n, len(LABELS)), dtype=np.float32)
    for i, p in enumerate(prepared):
        dampen[i] = p.rules.dampen
        if not p.marked.groups and not p.marked.slurs:
            gate[i] = 0.45
        for label, value in p.rules.floors.items():
            floors[i, _IDX[label]] = value
    return RuleArrays(dampen, gate, floors)


def _marked_counts(
    prepared: Sequence[Prepared],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """How many protected groups and slurs each text names."""
    groups = np.array([len(p.marked.groups) for p in prepared], dtype=np.float32)
    slurs = np.array([len(p.marked.slurs) for p in prepared], dtype=np.float32)
    return groups, slurs


class BuiltinScorer:
    """The default, offline scorer. Load it once and reuse it: it is thread-safe for reading.

    With no arguments it loads the shipped first stage and, when its artefact is there, the
    second stage (`second_stage.py`). A model given explicitly runs alone unless a second stage
    is given too (the benchmark's cross-dataset folds must not use one trained on everything).
    """

    def __init__(
        self, model: LinearModel | None = None, second_stage: SecondStage | None = None
    ) -> None:
        if model is None:
            model = LinearModel.load()
            shipped = ARTEFACT_DIR / f"{SECOND_STAGE_NAME}.npz"
            if second_stage is None and shipped.is_file():
                second_stage = SecondStage.load()
        self.model = model
        self.second_stage = second_stage
        self.normaliser = Normaliser(self.model.known_words)
        self._thresholds = np.array(
            [self.model.thresholds[label] for label in LABELS], dtype=np.float32
        )
        self._name = f"builtin-{VERSION}+{self.model.digest or 'unsaved'}"
        if second_stage is not None:
            self._name += f"+s2-{second_stage.digest or 'unsaved'}"

    @property
    def name(self) -> str:
        return self._name

    def score(self, texts: Sequence[str]) -> list[Score]:
        """Score posts; same order as given. Raises `InvalidTextError` for non-strings."""
        clean = check_texts(texts)
        results: list[Score | None] = [None] * len(clean)
        todo = [i for i, text in enumerate(clean) if text.strip()]
        for i, text in enumerate(clean):
            if not text.strip():
                results[i] = neutral_score(self._name, "empty text: nothing to score")
        for start in range(0, len(todo), BATCH):
            chunk = todo[start : start + BATCH]
            for i, score in zip(chunk, self._score_batch([clean[i] for i in chunk]), strict=True):
                results[i] = score
        return [r for r in results if r is not None]

    def raw(self, texts: Sequence[str]) -> tuple[list[Prepared], npt.NDArray[np.float32]]:
        """Prepared texts and raw model probabilities (used by training and the benchmark)."""
        prepared, features = self._prepare(texts)
        return prepared, self.model.predict(features)

    def _prepare(self, texts: Sequence[str]) -> tuple[list[Prepared], Hashed]:
        prepared = [prepare(self.normaliser, t) for t in texts]
        return prepared, featurise([p.model_text for p in prepared])

    def probabilities(
        self, texts: Sequence[str]
    ) -> tuple[list[Prepared], npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
        """Prepared texts, final probabilities and which rows the second stage rescored."""
        prepared, features = self._prepare(texts)
        probs, routed = self._final(prepared, features, self.model.predict(features))
        return prepared, probs, routed

    def _final(
        self,
        prepared: list[Prepared],
        features: Hashed,
        raw: npt.NDArray[np.float32],
        pool: Executor | None = None,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.bool_]]:
        rules = rule_arrays(prepared)
        probs = combine(raw, self._thresholds, rules)
        routed = np.zeros(len(prepared), dtype=bool)
        if self.second_stage is not None:
            routed = self.second_stage.routed(probs, rules.floors, rules.dampen)
            if routed.any():
                rows = np.flatnonzero(routed)
                second_raw = self.second_stage.predict(
                    [prepared[i].model_text for i in rows], pool=pool
                )
                dense = dense_features(
                    raw[rows],
                    second_raw,
                    probs[rows],
                    rules.take(rows),
                    _marked_counts([prepared[i] for i in rows]),
                )
                second = np.zeros_like(probs)
                second[rows] = self.second_stage.rescore(dense, rules.floors[rows])
                probs = blend(probs, second, routed, self.second_stage.alpha)
        return probs, routed

    def _score_batch(self, texts: list[str]) -> list[Score]:
        prepared, features = self._prepare(texts)
        raw = self.model.predict(features)
        undampened = remap(raw, self._thresholds)[:, _ABUSIVE].max(axis=1)
        with self._encoder_pool(len(texts)) as pool:
            probs, routed = self._final(prepared, features, raw, pool)
            drivers = self._drivers(prepared, probs, routed, pool)
        scores: list[Score] = []
        for i, p in enumerate(prepared):
            row = probs[i]
            labels = {label: round(float(row[j]), 4) for j, label in enumerate(LABELS)}
            flagged_labels = frozenset(label for label, v in labels.items() if v >= 0.5)
            abuse = labels["abuse"]
            flagged = abuse >= 0.5
            target: str | None = None
            if labels["identity_attack"] >= 0.5:
                target = p.rules.target or p.marked.main_target or "other"
            explanation = list(dict.fromkeys(p.rules.notes))  # a slur used twice, named once
            if p.rules.context and (
                undampened[i] >= 0.3 or p.rules.context.startswith(_ALWAYS_EXPLAIN)
            ):
                explanation.insert(0, p.rules.context)
            if drivers[i]:
                explanation.append(drivers[i])
            elif flagged and not p.rules.notes:
                top = max(
                    (label for label in LABELS if label != "profanity"), key=lambda k: labels[k]
                )
                explanation.append(f"model: {top} {labels[top]:.2f}")
            if target is not None:
                explanation.append(f"target: {target}")
            if "profanity" in flagged_labels and not flagged:
                explanation.append("profanity only: not flagged as abuse")
            if p.truncated:
                explanation.append(f"input truncated to {MAX_TEXT_CHARS} characters")
            scores.append(
                Score(
                    abuse=abuse,
                    flagged=flagged,
                    labels=labels,
                    flagged_labels=flagged_labels,
                    target=target,
                    explanation=explanation,
                    scorer=self._name,
                )
            )
        return scores

    @contextmanager
    def _encoder_pool(self, posts: int) -> Iterator[Executor | None]:
        """Threads for the encoder's calls in a batch; none for one post or one core.

        Made per batch, not kept: a pool's threads do not survive a fork (gunicorn workers)."""
        workers = min(PARALLEL_POSTS, len(os.sched_getaffinity(0)))
        if self.second_stage is None or posts < 2 or workers < 2:
            yield None
            return
        with ThreadPoolExecutor(workers, thread_name_prefix="upstander-encoder") as pool:
            yield pool

    def _occluder(self, prepared: Prepared) -> Callable[[list[str]], npt.NDArray[np.float32]]:
        """Final second-stage probabilities of variants of one post, its rule signals fixed."""
        stage = self.second_stage
        assert stage is not None
        one = rule_arrays([prepared])
        groups, slurs = _marked_counts([prepared])

        def score(model_texts: list[str]) -> npt.NDArray[np.float32]:
            n = len(model_texts)
            rules = one.repeat(n)
            raw = self.model.predict(featurise(model_texts))
            first = combine(raw, self._thresholds, rules)
            marked = (np.repeat(groups, n), np.repeat(slurs, n))
            second = stage.predict(model_texts, together=True)
            dense = dense_features(raw, second, first, rules, marked)
            return stage.rescore(dense, rules.floors)

        return score

    def _word_weights(self, label: int) -> Callable[[list[str]], npt.NDArray[np.float32]]:
        """The first stage's weight for `label` of each word alone (which words to occlude)."""

        def weights(words: list[str]) -> npt.NDArray[np.float32]:
            out: npt.NDArray[np.float32] = featurise(words).dot(self.model.weights)[:, label]
            return out

        return weights

    def _drivers(
        self,
        prepared: list[Prepared],
        probs: npt.NDArray[np.float32],
        routed: npt.NDArray[np.bool_],
        pool: Executor | None = None,
    ) -> list[str]:
        """For each post scored 0.3 or more, the words that pushed its top label up most.

        For a post the second stage rescored and flagged: the words whose removal lowers its
        score most (occlusion; with a `pool`, several posts at once); otherwise the first
        stage's largest word weights.
        """
        out = [""] * len(prepared)
        jobs: list[tuple[int, int, list[str]]] = []
        words_all: list[str] = []
        occluded: list[tuple[int, int]] = []
        for i, p in enumerate(prepared):
            row = probs[i]
            top = int(np.argmax(np.where(_ABUSIVE, row, -1.0)))
            if row[top] < 0.3:
                continue
            if routed[i] and self.second_stage is not None:
                if row[top] >= 0.5:
                    occluded.append((i, top))
                continue
            words = sorted({w for w in _WORD.findall(p.model_text) if w not in _SKIP_WORDS})[:40]
            if not words:
                continue
            jobs.append((i, top, words))
            words_all.extend(words)
        self._explain_occluded(prepared, probs, occluded, out, pool)
        if not jobs:
            return out
        contrib = featurise(words_all).dot(self.model.weights)
        k = 0
        for i, top, words in jobs:
            scores = contrib[k : k + len(words), top]
            k += len(words)
            order = np.argsort(-scores)[:3]
            picked = [
                ("<group>" if words[j] == "grpx" else words[j]) for j in order if scores[j] > 0.5
            ]
            if picked:
                out[i] = f"model: {LABELS[top]} driven by " + ", ".join(repr(w) for w in picked)
        return out

    def _explain_occluded(
        self,
        prepared: list[Prepared],
        probs: npt.NDArray[np.float32],
        occluded: list[tuple[int, int]],
        out: list[str],
        pool: Executor | None,
    ) -> None:
        """Name the words each (row, label) in `occluded` relied on, in `out`, by occlusion."""
        stage = self.second_stage
        if stage is None or not occluded:
            return

        def relied_on(job: tuple[int, int]) -> list[str]:
            i, top = job
            p = prepared[i]
            return stage.explain(p.model_text, top, self._occluder(p), self._word_weights(top))

        for (i, top), relied in zip(
            occluded, (pool.map if pool else map)(relied_on, occluded), strict=True
        ):
            out[i] = f"second stage: {LABELS[top]} {probs[i, top]:.2f}"
            if relied:
                out[i] = f"second stage: {LABELS[top]} relied on " + ", ".join(
                    repr(w) for w in relied
                )
