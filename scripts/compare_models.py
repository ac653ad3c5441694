#!/usr/bin/env python3
"""Compares exported model directories on the bundled photos, against the float64 reference or each other.

    /usr/bin/python3 scripts/compare_models.py [--reference CHECKPOINT_DIR] [--image FILE]... MODEL_DIR...

Each MODEL_DIR's model.pt gets the uint8 crops of the images (default: every file in data/images).
With --reference, every model is compared with the float64 reference of that checkpoint; without
it, with the first MODEL_DIR. Reported per model: max |Δlogit|, how many images keep their top-1,
how many keep their whole top-5 in order, and the time per image (one batch: indicative only). A
model that cannot run here (float16 on a CPU torch without Half kernels) is reported as such, then
run with its weights upcast to float32, which checks its file but not its arithmetic.
"""
import argparse
import glob
import json
import os
import time

import numpy as np
import torch

import reference_deit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_model(model_dir, batch, upcast=False):
    model = torch.jit.load(os.path.join(model_dir, "model.pt"), map_location="cpu")
    if upcast:
        model.float()
    with torch.no_grad():
        model(batch[:1])  # the first call also optimizes the graph: keep it out of the timing
        start = time.perf_counter()
        logits = model(batch)
        seconds = time.perf_counter() - start
    return logits.to(torch.float64), seconds / len(batch)


def agreement(logits, baseline):
    top1 = int((logits.argmax(1) == baseline.argmax(1)).sum())
    top5 = sum(torch.equal(a, b) for a, b in zip(logits.topk(5, dim=1).indices, baseline.topk(5, dim=1).indices))
    return (logits - baseline).abs().max().item(), top1, top5


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", metavar="CHECKPOINT_DIR", help="Hugging Face checkpoint with pytorch_model.bin")
    parser.add_argument("--image", action="append", dest="images", metavar="FILE",
                        help="an image to use, repeatable (default: every file in data/images)")
    parser.add_argument("models", nargs="+", metavar="MODEL_DIR")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    args.images = args.images or sorted(glob.glob(os.path.join(ROOT, "data", "images", "*")))

    crops = [reference_deit.center_crop(path) for path in args.images]
    batch = torch.from_numpy(np.stack(crops))
    names = ", ".join(os.path.basename(path) for path in args.images)
    if args.reference:
        config, state = reference_deit.load(args.reference)
        start = time.perf_counter()
        baseline = torch.stack([reference_deit.crop_logits(config, state, crop) for crop in crops])
        baseline_name = "float64 reference"
        print(f"{baseline_name}: {(time.perf_counter() - start) / len(crops):.2f} s/image")
        del state
        models = args.models
    else:
        baseline, seconds = run_model(args.models[0], batch)
        baseline_name = args.models[0]
        print(f"{baseline_name}: {seconds:.2f} s/image")
        models = args.models[1:]
    print(f"images ({len(crops)}): {names}")
    top6 = baseline.topk(6, dim=1).values
    print(f"baseline {baseline_name}: logit std per image "
          + ", ".join(f"{s:.3f}" for s in baseline.std(1).tolist())
          + f"; top-1 {baseline.argmax(1).tolist()}; smallest gap between top-5 neighbours "
          f"{(top6[:, :-1] - top6[:, 1:]).min().item():.4f}")

    for model_dir in models:
        with open(os.path.join(model_dir, "metadata.json")) as f:
            dtype = json.load(f)["dtype"]
        try:
            logits, seconds = run_model(model_dir, batch)
        except RuntimeError as error:
            print(f"{model_dir} ({dtype}): cannot run with torch {torch.__version__} on this CPU: "
                  f"{str(error).strip().splitlines()[-1]}")
            # The module casts to its weights' dtype, so upcast weights still check the file's graph and
            # weights, though not the reduced-precision arithmetic.
            dtype += ", weights upcast to float32"
            logits, seconds = run_model(model_dir, batch, upcast=True)
        difference, top1, top5 = agreement(logits, baseline)
        print(f"{model_dir} ({dtype}) vs {baseline_name}: max |Δlogit| {difference:.3g}, "
              f"top-1 same {top1}/{len(crops)}, top-5 order same {top5}/{len(crops)}, {seconds:.2f} s/image")


if __name__ == "__main__":
    main()
