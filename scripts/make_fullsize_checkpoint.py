#!/usr/bin/env python3
"""Writes a random-weight checkpoint with the full shapes of facebook/deit-base-distilled-patch16-224.

    /usr/bin/python3 scripts/make_fullsize_checkpoint.py --out /tmp/deit-fullsize [--format bin|safetensors|both]

Hidden 768, 12 layers, 12 heads, MLP 3072: 87,338,192 parameters in 203 tensors, like the real
model, in Hugging Face format (config.json plus pytorch_model.bin and/or model.safetensors). It
exercises the exporter, the safetensors path and the speed of the real shapes without the real
weights, which cannot be downloaded here. About 350 MB per format: keep it out of git.
"""
import argparse

import deit_checkpoint

SEED = 42
CLASSIFIER_GAIN = 3.0
PARAMETERS = 87_338_192
TENSORS = 203


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--format", choices=("bin", "safetensors", "both"), default="both")
    args = parser.parse_args()

    config = deit_checkpoint.hf_config(hidden=768, layers=12, heads=12, intermediate=3072,
                                       labels=deit_checkpoint.read_labels(),
                                       name="deit-base-distilled shapes (random weights)")
    state = deit_checkpoint.random_state_dict(config, SEED, CLASSIFIER_GAIN)
    parameters = sum(v.numel() for v in state.values())
    if (parameters, len(state)) != (PARAMETERS, TENSORS):
        raise SystemExit(f"{parameters:,} parameters in {len(state)} tensors; "
                         f"deit-base-distilled has {PARAMETERS:,} in {TENSORS}")
    formats = ("bin", "safetensors") if args.format == "both" else (args.format,)
    deit_checkpoint.write_checkpoint(args.out, config, state, formats)
    print(f"wrote {args.out} ({', '.join(formats)}): {parameters:,} parameters in {len(state)} tensors")


if __name__ == "__main__":
    main()
