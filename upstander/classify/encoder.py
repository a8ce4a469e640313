"""A small transformer for the second stage, run with onnxruntime (issue 17).

The first layers of all-MiniLM-L6-v2 (see `MODEL_CARD.md` for provenance and hashes), fine-tuned
here with a multi-label head over mean-pooled token states, exported to ONNX and quantised to
int8 (`train_encoder.py`, which needs torch; running it needs only onnxruntime and tokenizers).
It reads the post as the first stage's model sees it (normalised, protected groups as `grpx`,
handles and links removed), at most `MAX_TOKENS` word pieces.

The artefact is `artefacts/encoder.onnx` and `artefacts/encoder_tokenizer.json`; nothing is
downloaded. One intra-op thread for posts scored one at a time: the scorer is called from many
workers, and on two cores a second thread cost more than it gave. The occlusion variants of one
post (nine short texts in one call) run on `TOGETHER_THREADS`: there a second core almost halves
the wait for about a sixth more CPU (measured in `MODEL_CARD.md`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify.types import LABELS

MODEL_FILE: Final = "encoder.onnx"
TOKENIZER_FILE: Final = "encoder_tokenizer.json"
MAX_TOKENS: Final = 64
TOGETHER_THREADS: Final = 2
"""Intra-op threads for `predict(..., together=True)`, at most the cores this process may use."""

FloatArray = npt.NDArray[np.float32]


def artefact_digest(directory: Path) -> str:
    """sha256 over the ONNX model and the tokenizer, as shipped."""
    digest = hashlib.sha256()
    for name in (MODEL_FILE, TOKENIZER_FILE):
        digest.update((directory / name).read_bytes())
    return digest.hexdigest()


def pad(
    sequences: Sequence[Sequence[int]],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Word-piece ids padded with zeros to the longest sequence, and the attention mask."""
    width = max(len(seq) for seq in sequences)
    ids = np.zeros((len(sequences), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
    return ids, mask


def load_tokenizer(path: Path) -> Any:
    """The word-piece tokenizer as training and scoring both use it: at most `MAX_TOKENS` word
    pieces, never padded. MiniLM's file pads every post to 128 by itself; a model trained on
    those padding tokens (attended and pooled as words) reads an unpadded post differently."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    return tokenizer


class Encoder:
    """The quantised encoder and its tokenizer; `predict` gives probabilities per label."""

    def __init__(self, directory: Path, sha256: str | None = None) -> None:
        """Load the files in `directory`; with `sha256`, refuse them unless they match it."""
        self.digest = artefact_digest(directory)
        if sha256 is not None and self.digest != sha256:
            raise ValueError(f"{directory / MODEL_FILE} or its tokenizer is not the pinned file")
        self.tokenizer: Any = load_tokenizer(directory / TOKENIZER_FILE)
        self.session: Any = _session(directory / MODEL_FILE, threads=1)
        threads = min(TOGETHER_THREADS, len(os.sched_getaffinity(0)))
        # A second session (about 20 MB more) rather than two threads for every call.
        self.together_session: Any = (
            _session(directory / MODEL_FILE, threads) if threads > 1 else self.session
        )

    def predict(
        self, texts: Sequence[str], *, together: bool = False, pool: Executor | None = None
    ) -> FloatArray:
        """Probabilities (n x labels). An empty text is read as ".", so every row has a token.

        One post per call by default: int8 dynamic quantisation scales each call's activations
        together, so a post batched with others would score slightly differently from the same
        post alone. On two cores one at a time was no slower than batches of 32 (no padding).
        With a `pool`, its threads run those calls side by side (the session releases the
        interpreter lock while it runs), each post still alone in its call.
        `together` runs all the texts in one call: for the occlusion variants of one post
        (nearly the same length), compared only with each other.
        """
        # One text at a time: `encode_batch` starts its own threads, which on two busy cores
        # cost more than they gave (0.8 against 0.5 ms for an occlusion call's 7 variants).
        encoded = [self.tokenizer.encode(t or ".").ids for t in texts]
        if together and encoded:
            return _run(self.together_session, *pad(encoded))
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        for row, probs in enumerate((pool.map if pool else map)(self._alone, encoded)):
            out[row] = probs
        return out

    def _alone(self, ids: list[int]) -> FloatArray:
        batch = np.array([ids], dtype=np.int64)
        out: FloatArray = _run(self.session, batch, np.ones_like(batch))[0]
        return out


def _session(path: Path, threads: int) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    if threads > 1:
        # A pool thread that spins between calls holds the second core while the rules run on
        # the first: the same throughput for about a sixth less CPU without it (MODEL_CARD.md).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def _run(session: Any, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.int64]) -> FloatArray:
    [logits] = session.run(None, {"input_ids": ids, "attention_mask": mask})
    out: FloatArray = (1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))).astype(np.float32)
    return out
