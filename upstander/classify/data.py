"""Loaders for the public labelled datasets in `../shared/data/`, mapped to Upstander's labels.

Each loader returns `synthetic.Example`s whose labels follow the mapping suggested in the
dataset's README; a label is None where the dataset says nothing about it (that head skips the
row). Splits: the dataset's own where it has one, else a fixed hash of the text (80/20).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from upstander.classify.synthetic import Example, Labels
from upstander.classify.types import LABELS

DATASETS: tuple[str, ...] = (
    "davidson",
    "edos",
    "stormfront",
    "toxigen",
    "convabuse",
    "hatemoji",
)


def data_dir() -> Path:
    """Where the datasets live: $UPSTANDER_DATA_DIR, else ../shared/data next to the repo."""
    env = os.environ.get("UPSTANDER_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return here.parents[3] / "shared" / "data"


def _hash_split(text: str, test_share: float = 0.2) -> str:
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).digest()
    return "test" if digest[0] < 256 * test_share else "train"


def _labels(**values: int | None) -> Labels:
    base: Labels = dict.fromkeys(LABELS, None)
    base.update(values)
    return base


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_davidson(root: Path) -> list[Example]:
    out: list[Example] = []
    for row in _rows(root / "davidson-hate-offensive" / "labeled_data.csv"):
        text = row["tweet"]
        cls = row["class"]
        if cls == "0":
            labels = _labels(abuse=1, identity_attack=1, doxxing=0, sexual_harassment=0)
            weight = 0.5
        elif cls == "1":
            labels = _labels(profanity=1, doxxing=0)
            weight = 0.5
        else:
            labels = _labels(
                abuse=0, insult=0, threat=0, identity_attack=0, sexual_harassment=0, doxxing=0
            )
            weight = 1.0
        out.append(Example(text, labels, None, "davidson", _hash_split(text), cls, weight))
    return out


def load_edos(root: Path) -> list[Example]:
    out: list[Example] = []
    for row in _rows(root / "edos" / "edos_labelled_aggregated.csv"):
        text = row["text"]
        sexist = row["label_sexist"] == "sexist"
        category = row["label_category"]
        vector = row["label_vector"]
        if sexist:
            threat = 1 if vector.startswith(("1.1", "1.2")) else 0
            labels = _labels(abuse=1, identity_attack=1, threat=threat, doxxing=0)
            weight = 0.5 if category.startswith("4") else 1.0
            target: str | None = "women"
        else:
            labels = _labels(abuse=0, identity_attack=0, threat=0, doxxing=0, sexual_harassment=0)
            weight = 0.3
            target = None
        split = {"dev": "val"}.get(row["split"], row["split"])
        out.append(Example(text, labels, target, "edos", split, category, weight))
    return out


def load_stormfront(root: Path) -> list[Example]:
    out: list[Example] = []
    for row in _rows(root / "stormfront-degibert" / "stormfront_sentences.csv"):
        label = row["label"]
        if label not in ("hate", "noHate"):
            continue
        text = row["text"]
        hate = label == "hate"
        labels = _labels(
            abuse=1 if hate else 0,
            identity_attack=1 if hate else 0,
            sexual_harassment=0,
            doxxing=0,
        )
        split = "test" if row["split"] == "test" else "train"
        out.append(Example(text, labels, None, "stormfront", split, label, 1.0 if hate else 0.5))
    return out


_TOXIGEN_TARGET = {
    "women": "women",
    "lgbtq": "lgbti",
    "bisexual": "lgbti",
    "trans": "lgbti",
    "jewish": "religion",
    "muslim": "religion",
    "physical_disability": "disability",
    "mental_disability": "disability",
}


def load_toxigen(root: Path) -> list[Example]:
    out: list[Example] = []
    seen: set[str] = set()
    for row in _rows(root / "toxigen-prompt-seeds" / "toxigen_prompt_seed_sentences.csv"):
        text = row["text"]
        if text in seen:
            continue
        seen.add(text)
        hate = row["label"] == "hate"
        if hate:
            labels = _labels(abuse=1, identity_attack=1, sexual_harassment=0, doxxing=0)
            target: str | None = _TOXIGEN_TARGET.get(row["target_group"], "race")
        else:
            labels = _labels(
                abuse=0,
                insult=0,
                threat=0,
                identity_attack=0,
                sexual_harassment=0,
                doxxing=0,
                profanity=0,
            )
            target = None
        out.append(Example(text, labels, target, "toxigen", _hash_split(text), row["label"], 2.0))
    return out


def load_convabuse(root: Path) -> list[Example]:
    out: list[Example] = []
    for row in _rows(root / "convabuse" / "convabuse_aggregated.csv"):
        text = row["text"]
        n = max(1, int(row["n_annotators"]))
        abusive = row["is_abuse"] == "1"

        def major(column: str, row: dict[str, str] = row, n: int = n) -> bool:
            return int(float(row[column] or 0)) * 2 >= n

        if abusive:
            sh = major("votes_sex_harassment")
            identity = any(
                major(c)
                for c in (
                    "votes_sexist",
                    "votes_homophobic",
                    "votes_racist",
                    "votes_ableist",
                    "votes_transphobic",
                )
            )
            insult = (not sh) and (major("votes_intellectual") or major("votes_target_system"))
            labels = _labels(
                abuse=1,
                sexual_harassment=1 if sh else 0,
                insult=1 if insult else None,
                identity_attack=1 if identity else 0,
                doxxing=0,
            )
            target: str | None = None
            if major("votes_sexist"):
                target = "women"
            elif major("votes_homophobic") or major("votes_transphobic"):
                target = "lgbti"
            elif major("votes_racist"):
                target = "race"
            elif major("votes_ableist"):
                target = "disability"
        else:
            labels = _labels(
                abuse=0, insult=0, threat=0, identity_attack=0, sexual_harassment=0, doxxing=0
            )
            target = None
        split = {"dev": "val"}.get(row["split"], row["split"])
        out.append(Example(text, labels, target, "convabuse", split, row["is_abuse"], 1.0))
    return out


def _hatemoji_target(codes: list[str]) -> str | None:
    for code in codes:
        if code.startswith(("gay", "trans", "lgbt", "bis", "les")):
            return "lgbti"
        if code.startswith(("mus", "jew", "sikh", "hind", "chr")):
            return "religion"
        if code.startswith("dis"):
            return "disability"
        if code.startswith(
            (
                "bla",
                "asi",
                "arab",
                "hisp",
                "indig",
                "african",
                "mix",
                "eth",
                "immig",
                "ref",
                "asy",
                "trav",
                "for",
                "nat",
            )
        ):
            return "race"
        if code.startswith("wom"):
            return "women"
    return "other" if codes and codes != ["none"] else None


def load_hatemoji(root: Path) -> list[Example]:
    out: list[Example] = []
    for name in ("train", "validation", "test"):
        for row in _rows(root / "hatemoji-build" / f"{name}.csv"):
            text = row["text"]
            hate = row["label_gold"] == "1"
            try:
                codes = [str(c) for c in ast.literal_eval(row["target"])]
            except (ValueError, SyntaxError):
                codes = []
            if hate:
                threat = 1 if row["type"] == "threateninglanguage" else 0
                labels = _labels(abuse=1, identity_attack=1, threat=threat, doxxing=0)
                target = _hatemoji_target(codes)
            else:
                labels = _labels(identity_attack=0, doxxing=0, sexual_harassment=0)
                target = None
            split = {"dev": "val"}.get(row["split"], row["split"])
            out.append(Example(text, labels, target, "hatemoji", split, row["type"], 1.0))
    return out


LOADERS: dict[str, Callable[[Path], list[Example]]] = {
    "davidson": load_davidson,
    "edos": load_edos,
    "stormfront": load_stormfront,
    "toxigen": load_toxigen,
    "convabuse": load_convabuse,
    "hatemoji": load_hatemoji,
}


def load_all(root: Path | None = None) -> dict[str, list[Example]]:
    """Every dataset, by name."""
    base = root or data_dir()
    return {name: LOADERS[name](base) for name in DATASETS}
