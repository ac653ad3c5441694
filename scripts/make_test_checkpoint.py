#!/usr/bin/env python3
"""Writes the small random-weight DeiT test checkpoint (Hugging Face format).

    /usr/bin/python3 scripts/make_test_checkpoint.py --out models/deit-test-checkpoint

Same architecture and key names as facebook/deit-base-distilled-patch16-224 (1000 ImageNet
labels from data/imagenet-1k-labels.txt), but hidden 64, 2 layers, 4 heads, MLP 256, so the
exported model is about 1 MB. Deterministic: a fixed seed. The weights are scaled so that the
logits on the bundled photos spread out (std >= 1) and their top-1 classes differ; the script
checks both with the float64 reference and fails otherwise.
"""
import argparse
import glob
import os

import torch

import deit_checkpoint
import reference_deit

# Among seeds 0-79, 42 gives the six photos six different top-1 classes, none of them a label that
# ImageNet lists twice, with the widest gaps inside the top-5 (>= 0.03), so tests can compare top-5
# order without flaky near-ties.
SEED = 42
CLASSIFIER_GAIN = 3.0
MIN_LOGIT_STD = 1.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    labels = deit_checkpoint.read_labels()
    config = deit_checkpoint.hf_config(hidden=64, layers=2, heads=4, intermediate=256, labels=labels,
                                       name="deit-test (random weights)")
    state = deit_checkpoint.random_state_dict(config, SEED, CLASSIFIER_GAIN)
    deit_checkpoint.write_checkpoint(args.out, config, state, formats=("bin",))
    print(f"wrote {args.out}: {sum(v.numel() for v in state.values()):,} parameters in {len(state)} tensors")

    photos = sorted(glob.glob(os.path.join(deit_checkpoint.REPO_ROOT, "data", "images", "*")))
    ref_config, ref_state = reference_deit.load(args.out)
    logits = reference_deit.reference_logits(ref_config, ref_state, photos)
    top1 = logits.argmax(1).tolist()
    for path, row, best in zip(photos, logits, top1):
        print(f"  {os.path.basename(path):24s} logit std {row.std().item():.3f}  top-1 {best} {labels[best]}")
    lowest_std = logits.std(1).min().item()
    if lowest_std < MIN_LOGIT_STD:
        raise SystemExit(f"logit std {lowest_std:.3f} < {MIN_LOGIT_STD}: raise CLASSIFIER_GAIN")
    if len(set(top1)) < len(photos):
        raise SystemExit(f"top-1 classes repeat across the photos ({top1}): try another SEED")
    top6 = logits.topk(6, dim=1).values
    smallest_gap = (top6[:, :-1] - top6[:, 1:]).min().item()
    print(f"lowest logit std {lowest_std:.3f}; {len(set(top1))} distinct top-1 classes over {len(photos)} photos; "
          f"smallest gap between neighbours in a top-5 {smallest_gap:.4f}")


if __name__ == "__main__":
    torch.set_num_threads(os.cpu_count())
    main()
