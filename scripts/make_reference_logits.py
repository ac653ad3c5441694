#!/usr/bin/env python3
"""Writes the float64 reference logits of a checkpoint on every PNG in data/images: the fixture that the
Java tests and scripts/check_djl.py compare against.

    /usr/bin/python3 scripts/make_reference_logits.py [--checkpoint DIR --out FILE [--model MODEL_DIR]]

With no options: reads models/deit-test-checkpoint, writes testdata/reference-logits/deit-test.json, then
checks that the exported models/deit-test/model.pt (float32), fed the same uint8 crops, agrees with the
reference within 1e-3 (max |logit difference|). With --checkpoint, that self-check runs only when --model
names the checkpoint's float32 export.
"""
import argparse
import glob
import hashlib
import json
import os

import numpy as np
import PIL
import torch

import reference_deit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKPOINT = "models/deit-test-checkpoint"
MODEL = "models/deit-test"
OUTPUT = "testdata/reference-logits/deit-test.json"
TOLERANCE = 1e-3


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):  # full-size checkpoints are 350 MB
            digest.update(block)
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoint", help=f"Hugging Face checkpoint directory (default {CHECKPOINT})")
    parser.add_argument("--out", help=f"fixture to write (default {OUTPUT})")
    parser.add_argument("--model", help=f"float32 export to self-check (default {MODEL}, "
                                        "or none when --checkpoint is given)")
    args = parser.parse_args()
    checkpoint = args.checkpoint or CHECKPOINT
    output = args.out or OUTPUT
    model_dir = args.model or (None if args.checkpoint else MODEL)

    images = sorted(glob.glob(os.path.join(ROOT, "data", "images", "*.png")))
    config, state = reference_deit.load(os.path.join(ROOT, checkpoint))
    crops = [reference_deit.center_crop(path) for path in images]
    logits = torch.stack([reference_deit.crop_logits(config, state, crop) for crop in crops])
    del state

    fixture = {
        "pillow_version": PIL.__version__,
        "torch_version": torch.__version__,
        "checkpoint": checkpoint,
        "sha256": sha256_of(os.path.join(ROOT, checkpoint, "pytorch_model.bin")),
        "images": {
            os.path.basename(path): {
                "crop_sha256": hashlib.sha256(crop.tobytes()).hexdigest(),
                "logits": row.tolist(),
                "top5": torch.topk(row, 5).indices.tolist(),
            }
            for path, crop, row in zip(images, crops, logits)
        },
    }
    out_path = os.path.join(ROOT, output)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {output}: {len(images)} images")

    if model_dir is None:
        print("no --model: self-check skipped")
        return
    model_file = os.path.join(model_dir, "model.pt")
    model = torch.jit.load(os.path.join(ROOT, model_file), map_location="cpu")
    with torch.no_grad():
        exported = model(torch.from_numpy(np.stack(crops))).to(torch.float64)
    difference = (exported - logits).abs().max().item()
    same_top5 = torch.equal(torch.topk(exported, 5).indices, torch.topk(logits, 5).indices)
    print(f"{model_file} against the float64 reference: max |Δlogit| {difference:.3g}, top-5 identical: {same_top5}")
    if difference > TOLERANCE or not same_top5:
        raise SystemExit(f"{model_file} disagrees with the reference (tolerance {TOLERANCE})")


if __name__ == "__main__":
    main()
