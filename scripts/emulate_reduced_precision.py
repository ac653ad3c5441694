#!/usr/bin/env python3
"""Estimates float16 (and bfloat16) accuracy on a CPU torch that has no float16 kernels.

    /usr/bin/python3 scripts/emulate_reduced_precision.py --hf-dir CHECKPOINT_DIR [--image FILE]...

torch 1.13 on the CPU has no Half kernels for convolution, matmul, layer norm, GELU or softmax, so a
float16 model.pt cannot run here. This emulates one: the exporter's own module (deploy/export_model.py)
runs in float32 with its weights rounded to the reduced dtype, and every floating result inside the
transformer is rounded to that dtype too. That is how GPU kernels behave for these ops (they accumulate
in float32 and round their output), short of summation order. Preprocessing stays in float32, as in
the exported module.

The emulation is checked with bfloat16, which does have CPU kernels. They do not agree value for
value: linear and GELU match a single rounding of the float32 result in all but 0.01% of outputs,
but torch 1.13's CPU bfloat16 layer norm rounds on its own path (54% of its outputs differ by an ulp),
and an ulp here moves the logits as much as the rounding itself does. What the check shows is
whether the emulated error against float32 has the size of the real one; if it does, the emulated
float16 error is a fair estimate of the size of the real float16 error.
"""
import argparse
import glob
import os
import sys

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

import reference_deit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "deploy"))
import export_model  # noqa: E402  (deploy/ is not a package)


class RoundResults(TorchFunctionMode):
    """Rounds every float32 tensor result to `dtype` while `active`."""

    def __init__(self, dtype):
        super().__init__()
        self.dtype = dtype
        self.active = False

    def __torch_function__(self, func, types, args=(), kwargs=None):
        result = func(*args, **(kwargs or {}))
        if self.active and isinstance(result, torch.Tensor) and result.dtype == torch.float32:
            return result.to(self.dtype).to(torch.float32)
        return result


def emulated_logits(config, state, dtype, batch):
    module, _ = export_model.build_module(config, state, torch.float32)
    with torch.no_grad():
        for parameter in module.model.parameters():
            parameter.copy_(parameter.to(dtype).to(torch.float32))
    rounding = RoundResults(dtype)
    # Only the transformer runs in reduced precision; the module's rescale and normalization stay float32.
    module.model.register_forward_pre_hook(lambda *_: setattr(rounding, "active", True))
    module.model.register_forward_hook(lambda *_: setattr(rounding, "active", False))
    with torch.no_grad(), rounding:
        return module(batch).to(torch.float64)


def real_logits(config, state, dtype, batch):
    module, _ = export_model.build_module(config, state, dtype)
    with torch.no_grad():
        return module(batch).to(torch.float64)


def describe(logits, baseline):
    same_top1 = int((logits.argmax(1) == baseline.argmax(1)).sum())
    same_top5 = sum(torch.equal(a, b) for a, b in zip(logits.topk(5, dim=1).indices, baseline.topk(5, dim=1).indices))
    return (f"max |Δlogit| {(logits - baseline).abs().max().item():.3g}, top-1 same {same_top1}/{len(logits)}, "
            f"top-5 order same {same_top5}/{len(logits)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hf-dir", required=True)
    parser.add_argument("--image", action="append", dest="images", metavar="FILE",
                        help="an image to use, repeatable (default: every file in data/images)")
    args = parser.parse_args()
    torch.set_num_threads(os.cpu_count())
    images = args.images or sorted(glob.glob(os.path.join(ROOT, "data", "images", "*")))
    batch = torch.from_numpy(np.stack([reference_deit.center_crop(path) for path in images]))
    config, state, _ = export_model.load_checkpoint(args.hf_dir)

    float32 = real_logits(config, state, torch.float32, batch)
    bfloat16 = real_logits(config, state, torch.bfloat16, batch)
    emulated_bfloat16 = emulated_logits(config, state, torch.bfloat16, batch)
    emulated_float16 = emulated_logits(config, state, torch.float16, batch)
    print(f"{args.hf_dir}, {len(images)} images")
    print(f"  real bfloat16      vs float32: {describe(bfloat16, float32)}")
    print(f"  emulated bfloat16  vs float32: {describe(emulated_bfloat16, float32)}")
    print(f"  emulated bfloat16  vs real bfloat16: {describe(emulated_bfloat16, bfloat16)}")
    print(f"  emulated float16   vs float32: {describe(emulated_float16, float32)}")


if __name__ == "__main__":
    main()
