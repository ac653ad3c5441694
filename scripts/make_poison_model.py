#!/usr/bin/env python3
"""Writes models/deit-poison-test: the committed test model, except that it fails on a marked image.

    /usr/bin/python3 scripts/make_poison_model.py

A forward pass over a batch that contains an image whose pixels are all POISON (13) raises inside
libtorch, as an out-of-memory or a kernel fault would. Every other batch gets models/deit-test's
logits unchanged. The Java tests use it to show that a failing batch is split until the poison image
fails alone, and that only that image is dead-lettered (INFERENCE_FAILED): a real engine failure
through DJL, not a mock.
"""
import json
import os
import shutil

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "models", "deit-test")
TARGET = os.path.join(ROOT, "models", "deit-poison-test")
POISON = 13


class Poisoned(torch.nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.poison = POISON

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        flat = images.reshape(images.shape[0], -1)
        if bool((flat == self.poison).all(dim=1).any()):
            raise RuntimeError("poison image in batch: every pixel is 13")
        return self.inner(images)


def main():
    inner = torch.jit.load(os.path.join(SOURCE, "model.pt"), map_location="cpu")
    module = torch.jit.script(Poisoned(inner))
    os.makedirs(TARGET, exist_ok=True)
    module.save(os.path.join(TARGET, "model.pt"))
    shutil.copyfile(os.path.join(SOURCE, "labels.txt"), os.path.join(TARGET, "labels.txt"))
    with open(os.path.join(SOURCE, "metadata.json")) as f:
        metadata = json.load(f)
    metadata["name"] = "deit-test poisoned (random weights; fails on all-13 images)"
    metadata["poison"] = {"pixel_value": POISON, "script": "scripts/make_poison_model.py"}
    with open(os.path.join(TARGET, "metadata.json"), "w") as f:
        json.dump(metadata, f, indent=2)
        f.write("\n")

    good = torch.full((2, 224, 224, 3), 100, dtype=torch.uint8)
    assert torch.equal(module(good), inner(good)), "the wrapper must not change good batches"
    try:
        module(torch.cat([good, torch.full((1, 224, 224, 3), POISON, dtype=torch.uint8)]))
    except Exception:
        print(f"wrote {TARGET}: good batches unchanged, poisoned batches raise")
        return
    raise SystemExit("a poisoned batch did not raise")


if __name__ == "__main__":
    main()
