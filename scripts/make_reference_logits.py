#!/usr/bin/env python3
"""Writes the float64 reference logits of the test checkpoint, the fixture the Java tests compare against.

    /usr/bin/python3 scripts/make_reference_logits.py

Reads models/deit-test-checkpoint and every PNG in data/images, writes
testdata/reference-logits/deit-test.json, then checks that the exported models/deit-test/model.pt
(float32), fed the same uint8 crops, agrees with the reference within 1e-3 (max |logit difference|).
"""
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
MODEL = "models/deit-test/model.pt"
OUTPUT = "testdata/reference-logits/deit-test.json"
TOLERANCE = 1e-3


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    images = sorted(glob.glob(os.path.join(ROOT, "data", "images", "*.png")))
    config, state = reference_deit.load(os.path.join(ROOT, CHECKPOINT))
    crops = [reference_deit.center_crop(path) for path in images]
    logits = torch.stack([reference_deit.crop_logits(config, state, crop) for crop in crops])

    fixture = {
        "pillow_version": PIL.__version__,
        "torch_version": torch.__version__,
        "checkpoint": CHECKPOINT,
        "sha256": sha256_of(os.path.join(ROOT, CHECKPOINT, "pytorch_model.bin")),
        "images": {
            os.path.basename(path): {
                "crop_sha256": hashlib.sha256(crop.tobytes()).hexdigest(),
                "logits": row.tolist(),
                "top5": torch.topk(row, 5).indices.tolist(),
            }
            for path, crop, row in zip(images, crops, logits)
        },
    }
    out_path = os.path.join(ROOT, OUTPUT)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {OUTPUT}: {len(images)} images")

    model = torch.jit.load(os.path.join(ROOT, MODEL), map_location="cpu")
    with torch.no_grad():
        exported = model(torch.from_numpy(np.stack(crops))).to(torch.float64)
    difference = (exported - logits).abs().max().item()
    same_top5 = torch.equal(torch.topk(exported, 5).indices, torch.topk(logits, 5).indices)
    print(f"{MODEL} against the float64 reference: max |Δlogit| {difference:.3g}, top-5 identical: {same_top5}")
    if difference > TOLERANCE or not same_top5:
        raise SystemExit(f"{MODEL} disagrees with the reference (tolerance {TOLERANCE})")


if __name__ == "__main__":
    main()
