"""A small transformer for the second stage, run with onnxruntime (issue 17).

The first layers of all-MiniLM-L6-v2 (see `MODEL_CARD.md` for provenance and hashes), fine-tuned
here with a multi-label head over mean-pooled token states, exported to ONNX and quantised to
int8 (`train_encoder.py`, which needs torch; running it needs only onnxruntime and tokenizers).
It reads the post as the first stage's model sees it (normalised, protected groups as `grpx`,
handles and links removed), at most `MAX_TOKENS` word pieces.

The artefact is `artefacts/encoder.onnx` and `artefacts/encoder_tokenizer.json`; nothing is
downloaded. One intra-op thread: the scorer is called from many workers, and on two cores a
second thread cost more than it gave (measured in `MODEL_CARD.md`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify.types import LABELS

MODEL_FILE: Final = "encoder.onnx"
TOKENIZER_FILE: Final = "encoder_tokenizer.json"
MAX_TOKENS: Final = 64

FloatArray = npt.NDArray[np.float32]


def artefact_digest(directory: Path) -> str:
    """sha256 over the ONNX model and the tokenizer, as shipped."""
    digest = hashlib.sha256()
    for name in (MODEL_FILE, TOKENIZER_FILE):
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()


class Encoder:
    """The quantised encoder and its tokenizer; `predict` gives probabilities per label."""

    def __init__(self, directory: Path, sha256: str | None = None) -> None:
        """Load the files in `directory`; with `sha256`, refuse them unless they match it."""
        import onnxruntime
        from tokenizers import Tokenizer

        self.digest = artefact_digest(directory)
        if sha256 is not None and self.digest != sha256:
            raise ValueError(f"{directory / MODEL_FILE} or its tokenizer is not the pinned file")
        self.tokenizer: Any = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session: Any = onnxruntime.InferenceSession(
            str(directory / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )

    def predict(self, texts: Sequence[str]) -> FloatArray:
        """Probabilities (n x labels). An empty text is read as ".", so every row has a token.

        One post per call: int8 dynamic quantisation scales each call's activations together,
        so a post batched with others would score slightly differently from the same post
        alone. On two cores one at a time was no slower than batches of 32 (no padding).
        """
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        for i, encoded in enumerate(self.tokenizer.encode_batch([t or "." for t in texts])):
            ids = np.array([encoded.ids], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            [logits] = self.session.run(None, feed)
            out[i] = 1.0 / (1.0 + np.exp(-np.clip(logits[0], -30, 30)))
        return out
