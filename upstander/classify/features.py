"""Group marking and the hashed n-gram features shared by training and scoring.

Features are computed with numpy alone (no scikit-learn or scipy at scoring time): word 1-3-grams
hashed into 2^18 buckets and character 2-5-grams inside space-padded words hashed into 2^19,
each block counted and L2-normalised (the same design as scikit-learn's HashingVectorizer with
`char_wb`, but our own hash functions, so the artefact only works with this module).

Protected-group names are replaced by one token, `grpx`, before the statistical model sees the
text, so the model learns what is said about a group (and cannot learn that a group's name is
itself a sign of hate); non-protected groups (politicians, landlords...) become `ngrpx`. Which
group was named is kept aside to give the `target`.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify import lexicon
from upstander.classify.lexicon import alternation

WORD_FEATURES: Final = 2**18
_WORD_TOKENS: Final = r"[a-z0-9@][a-z0-9'@]*|[!?\"]"
CHAR_FEATURES: Final = 2**19


_GROUP_TARGET: Final[dict[str, str]] = {}
for _target, _terms in lexicon.GROUPS.items():
    for _term in _terms:
        _GROUP_TARGET.setdefault(_term, _target)
_GROUP_RE: Final = re.compile(rf"(?<![\w-])(?:{alternation(_GROUP_TARGET)})(?![\w-])")
_NONPROTECTED_RE: Final = re.compile(
    rf"(?<![\w-])(?:{alternation(lexicon.NONPROTECTED_GROUPS)})(?![\w-])"
)
_SLURS: Final[dict[str, str]] = {**lexicon.GENDERED_SLURS, **lexicon.STRONG_SLURS}
_SLUR_RE: Final = re.compile(rf"(?<![\w-])(?:{alternation(_SLURS)})(?![\w-])")
_WS: Final = re.compile(r"\s+")
_SKIN_GROUP: Final = re.compile(
    r"\b(?:(?:man|woman|person|people|men|women|boy|girl|family|kid|kids)\s+)?grpx"
    r"(?:\s+(?:darkskin|mediumskin|lightskin|male sign|female sign|people|folks|persons|"
    r"community|communities))*\b"
    r"|\b(?:man|woman|person|people|men|women|boy|girl)\s+(?:darkskin|mediumskin|lightskin)\b"
)
_GROUP_TOKEN: Final = re.compile(r"\bn?grpx\b")


@dataclass(frozen=True, slots=True)
class Marked:
    """A normalised text with groups marked, and what was found."""

    text: str
    groups: tuple[str, ...]
    slurs: tuple[tuple[str, str], ...]

    @property
    def main_target(self) -> str | None:
        """The most often named protected group (slurs included), if any."""
        found = [*self.groups, *(t for _, t in self.slurs)]
        if not found:
            return None
        return Counter(found).most_common(1)[0][0]


def mark_groups(normalised: str) -> Marked:
    """Replace group names by `grpx`/`ngrpx` and list the groups and slurs named."""
    groups: list[str] = []
    slurs: list[tuple[str, str]] = []
    homonyms: list[str] = []
    for match in _SLUR_RE.finditer(normalised):
        word = _WS.sub(" ", match.group(0))
        contexts = lexicon.HOMONYM_CONTEXTS.get(word, ())
        if any(c in normalised for c in contexts):
            homonyms.append(match.group(0))
            continue
        slurs.append((word, _SLURS[word]))

    def group(match: re.Match[str]) -> str:
        groups.append(_GROUP_TARGET[_WS.sub(" ", match.group(0))])
        return "grpx"

    text = _GROUP_RE.sub(group, normalised) if normalised else normalised
    text = _SKIN_GROUP.sub("grpx", text)
    text = _NONPROTECTED_RE.sub("ngrpx", text)
    for word in homonyms:
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", "homonymx", text)
    return Marked(text=text, groups=tuple(groups), slurs=tuple(slurs))


_WORD_RE: Final = re.compile(_WORD_TOKENS)
_MASK64: Final = np.uint64(0xFFFFFFFFFFFFFFFF)
_M1: Final = np.uint64(0x9E3779B97F4A7C15)
_M2: Final = np.uint64(0xBF58476D1CE4E5B9)
_M3: Final = np.uint64(0x94D049BB133111EB)
_BASE: Final = np.uint64(1_000_003)
N_FEATURES: Final = WORD_FEATURES + CHAR_FEATURES


def _mix(x: npt.NDArray[np.uint64], salt: int) -> npt.NDArray[np.uint64]:
    """A 64-bit finaliser (splitmix64) so that nearby inputs spread over the buckets."""
    with np.errstate(over="ignore"):
        z = x + np.uint64(salt) * _M1
        z = (z ^ (z >> np.uint64(30))) * _M2
        z = (z ^ (z >> np.uint64(27))) * _M3
        out: npt.NDArray[np.uint64] = z ^ (z >> np.uint64(31))
    return out


@dataclass(frozen=True, slots=True)
class Hashed:
    """Sparse features of a batch: entries sorted by document, L2-normalised per block."""

    docs: int
    rows: npt.NDArray[np.int64]
    cols: npt.NDArray[np.int64]
    vals: npt.NDArray[np.float32]

    def to_csr(self) -> Any:
        """The same features as a scipy CSR matrix (training only; scipy is imported here)."""
        import scipy.sparse as sp

        return sp.csr_matrix(
            (self.vals, (self.rows, self.cols)), shape=(self.docs, N_FEATURES), dtype=np.float32
        )

    def dot(self, weights: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """features @ weights, shape (docs, weights.shape[1]), without scipy."""
        out = np.zeros((self.docs, weights.shape[1]), dtype=np.float32)
        if self.rows.size == 0:
            return out
        contrib = weights[self.cols] * self.vals[:, None]
        starts = np.flatnonzero(np.r_[True, self.rows[1:] != self.rows[:-1]])
        out[self.rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
        return out


def _word_entries(texts: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(doc, feature) pairs for word 1-3-grams; `grpx` is dropped (it carries no weight)."""
    hashes: list[int] = []
    docs: list[int] = []
    for d, text in enumerate(texts):
        tokens = [t for t in _WORD_RE.findall(text) if t != "grpx"]
        hashes.extend(zlib.crc32(t.encode("utf-8")) for t in tokens)
        docs.extend([d] * len(tokens))
    if not hashes:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    h = np.array(hashes, dtype=np.uint64)
    dd = np.array(docs, dtype=np.int64)
    parts_cols = [_mix(h, 1)]
    parts_rows = [dd]
    same1 = dd[1:] == dd[:-1]
    with np.errstate(over="ignore"):
        bi = h[:-1] * _M2 + h[1:]
        parts_cols.append(_mix(bi[same1], 2))
        parts_rows.append(dd[1:][same1])
        same2 = same1[:-1] & same1[1:]
        tri = (h[:-2] * _M2 + h[1:-1]) * _M3 + h[2:]
        parts_cols.append(_mix(tri[same2], 3))
        parts_rows.append(dd[2:][same2])
    cols = (np.concatenate(parts_cols) % np.uint64(WORD_FEATURES)).astype(np.int64)
    return np.concatenate(parts_rows), cols


def _char_entries(texts: list[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(doc, feature) pairs for character 2-5-grams inside space-padded words."""
    padded = [" " + " ".join(_GROUP_TOKEN.sub(" ", t).split()) + " " for t in texts]
    big = "\x00".join(padded)
    codes = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.array([len(p) + 1 for p in padded], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    space = np.concatenate(([0], np.cumsum(codes == 32)))
    sep = np.concatenate(([0], np.cumsum(codes == 0)))
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    h = codes
    total = codes.size
    for n in range(2, 6):
        if total < n:
            break
        with np.errstate(over="ignore"):
            h = h[:-1] * _BASE + codes[n - 1 :]
        i = np.arange(total - n + 1)
        ok = (sep[i + n] - sep[i] == 0) & (space[i + n - 1] - space[i + 1] == 0)
        pos = i[ok]
        rows.append(np.searchsorted(starts, pos, side="right") - 1)
        cols.append(
            WORD_FEATURES + (_mix(h[ok], 10 + n) % np.uint64(CHAR_FEATURES)).astype(np.int64)
        )
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows).astype(np.int64), np.concatenate(cols)


def featurise(texts: list[str]) -> Hashed:
    """Hashed word 1-3-grams and character 2-5-grams, counted and L2-normalised per block."""
    n = len(texts)
    w_rows, w_cols = _word_entries(texts)
    c_rows, c_cols = _char_entries(texts)
    keys = np.concatenate((w_rows * N_FEATURES + w_cols, c_rows * N_FEATURES + c_cols))
    if keys.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Hashed(n, empty, empty, np.zeros(0, dtype=np.float32))
    uniq, counts = np.unique(keys, return_counts=True)
    rows = uniq // N_FEATURES
    cols = uniq % N_FEATURES
    vals = counts.astype(np.float32)
    block = rows * 2 + (cols >= WORD_FEATURES)
    norms = np.sqrt(np.bincount(block, weights=vals * vals, minlength=2 * n)).astype(np.float32)
    vals = vals / norms[block]
    return Hashed(n, rows, cols, vals.astype(np.float32))
