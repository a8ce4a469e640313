"""Optional backend: a local Hugging Face sequence-classification model (CPU or GPU).

Needs the `transformers` and `torch` packages, which are not dependencies of Upstander; the
import is guarded and a missing package raises `ConfigurationError`. The model's labels are
mapped to ours by name (`toxic`/`toxicity` -> abuse, `insult`, `threat`, `identity_hate` /
`identity_attack` -> identity_attack, `obscene`/`profanity` -> profanity, `sexual_explicit` ->
sexual_harassment) or by an explicit `label_map`.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping, Sequence
from typing import Any, Final

from upstander.classify.types import (
    LABELS,
    ConfigurationError,
    Score,
    check_texts,
    neutral_score,
    score_from_labels,
)

_BY_NAME: Final[dict[str, str]] = {
    "toxic": "abuse",
    "toxicity": "abuse",
    "hate": "abuse",
    "hateful": "abuse",
    "offensive": "abuse",
    "abusive": "abuse",
    "severe_toxic": "abuse",
    "severe_toxicity": "abuse",
    "insult": "insult",
    "threat": "threat",
    "identity_hate": "identity_attack",
    "identity_attack": "identity_attack",
    "obscene": "profanity",
    "profanity": "profanity",
    "sexual_explicit": "sexual_harassment",
}


class TransformersScorer:
    """Scores posts with a local transformers model directory."""

    def __init__(
        self,
        model_path: str | None = None,
        *,
        label_map: Mapping[str, str] | None = None,
        batch_size: int = 32,
        max_length: int = 256,
    ) -> None:
        path = model_path or os.environ.get("UPSTANDER_TRANSFORMERS_MODEL", "")
        if not path:
            raise ConfigurationError(
                "the transformers scorer needs model_path= or $UPSTANDER_TRANSFORMERS_MODEL"
            )
        try:
            torch = importlib.import_module("torch")
            transformers = importlib.import_module("transformers")
        except ImportError as error:
            raise ConfigurationError(
                "the transformers scorer needs the optional packages 'transformers' and 'torch'"
            ) from error
        self._torch: Any = torch
        self._tokenizer: Any = transformers.AutoTokenizer.from_pretrained(path)
        self._model: Any = transformers.AutoModelForSequenceClassification.from_pretrained(path)
        self._model.eval()
        id2label: dict[int, str] = dict(self._model.config.id2label)
        mapping = dict(label_map or {})
        self._columns: dict[int, str] = {}
        for index, raw in id2label.items():
            key = str(raw).lower()
            ours = mapping.get(str(raw)) or mapping.get(key) or _BY_NAME.get(key)
            if ours in LABELS:
                self._columns[index] = ours
        if not self._columns:
            raise ConfigurationError(f"none of the model's labels {id2label} maps to {LABELS}")
        self._multi = (
            self._model.config.problem_type == "multi_label_classification"
            or len(self._columns) > 1
        )
        self._batch = batch_size
        self._max_length = max_length
        self._name = f"transformers-{os.path.basename(os.path.normpath(path))}"

    @property
    def name(self) -> str:
        return self._name

    def score(self, texts: Sequence[str]) -> list[Score]:
        clean = check_texts(texts)
        out: list[Score] = []
        for start in range(0, len(clean), self._batch):
            batch = clean[start : start + self._batch]
            todo = [t for t in batch if t.strip()]
            probs = self._probs(todo) if todo else []
            it = iter(probs)
            for text in batch:
                if not text.strip():
                    out.append(neutral_score(self._name, "empty text: nothing to score"))
                else:
                    out.append(self._to_score(next(it)))
        return out

    def _probs(self, texts: list[str]) -> list[list[float]]:
        torch = self._torch
        encoded = self._tokenizer(
            texts, padding=True, truncation=True, max_length=self._max_length, return_tensors="pt"
        )
        with torch.no_grad():
            logits = self._model(**encoded).logits
        probs = torch.sigmoid(logits) if self._multi else torch.softmax(logits, dim=-1)
        result: list[list[float]] = probs.tolist()
        return result

    def _to_score(self, row: list[float]) -> Score:
        labels = dict.fromkeys(LABELS, 0.0)
        for index, label in self._columns.items():
            labels[label] = max(labels[label], round(float(row[index]), 4))
        return score_from_labels(
            labels, explanation=[f"transformers model {self._name}"], scorer=self._name
        )
