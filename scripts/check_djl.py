#!/usr/bin/env python3
"""Measures exported models in the runtime users get: ./deit-stream classify (Java preprocessing, DJL 0.36,
libtorch 2.7.1), not Python's torch.

    /usr/bin/python3 scripts/check_djl.py --reference FIXTURE [--baseline FP32_MODEL_DIR] [--repeat K] MODEL_DIR...

--reference: a fixture from scripts/make_reference_logits.py (float64 logits of the checkpoint on the PNGs of
data/images). Each model is run on those PNGs and compared with it. --baseline: a float32 export, also run
through DJL; every model is then compared with it on all 6 photos of data/images (PNGs and JPEGs). Reported:
max |Δlogit|, top-1 agreement, identical top-5 order, and time. Exits 1 if a float32 model is off the
reference by more than 1e-3, or cannot run at all.

Timing: classify loads the model once, then classifies one file at a time and prints a line per file. The
time to the first line is JVM start + model load + the first (optimising) forward pass; the gaps between later
lines are the steady time per image (decode, preprocess, forward at batch 1, JSON): median and best.
--repeat K passes the images K times for more gaps. Indicative only: the machine is shared and noisy.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, "data", "images")
TOLERANCE = 1e-3  # float32 against float64, as make_reference_logits.py and the Java parity test


class Run:
    """One classify invocation: logits per file name, or per-file errors, plus timing."""

    def __init__(self, model_dir, files, repeat):
        with open(os.path.join(model_dir, "metadata.json")) as f:
            self.dtype = json.load(f)["dtype"]
        command = [os.path.join(ROOT, "deit-stream"), "classify", "--logits", "--model", model_dir]
        start = time.perf_counter()
        process = subprocess.Popen(command + files * repeat, cwd=ROOT, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.logits, self.errors, stamps = {}, {}, []
        for line in process.stdout:  # the JVM flushes each line: timestamp it on arrival
            stamps.append(time.perf_counter() - start)
            result = json.loads(line)
            name = os.path.basename(result["file"])
            if "error" in result:
                self.errors[name] = f'{result["error"]["code"]}: {result["error"]["message"]}'
            else:
                # Keep the first pass only; later repeats are there for timing.
                self.logits.setdefault(name, np.array(result["logits"], dtype=np.float64))
        stderr = process.stderr.read()
        self.returncode = process.wait()
        # A JVM killed by a native abort prints no Java exception: keep the end of stderr to show what happened.
        self.stderr_tail = "\n".join(stderr.strip().splitlines()[-5:])
        self.first = stamps[0] if stamps else None
        gaps = [b - a for a, b in zip(stamps, stamps[1:])]
        # Median and best gap: another process on the machine inflates the median, rarely the best.
        self.per_image = (statistics.median(gaps), min(gaps)) if gaps else None

    def describe(self):
        if self.first is None:
            return f"classify exited {self.returncode} with no output:\n{self.stderr_tail}"
        text = f"start+load+first image {self.first:.1f} s"
        if self.per_image is not None:
            text += ", then {:.3f} s/image (median; best {:.3f})".format(*self.per_image)
        return text


def compare(run, baseline, names):
    """max |Δlogit|, top-1 same, top-5 order same, over the names both have logits for."""
    names = [n for n in names if n in run.logits and n in baseline]
    if not names:
        return None
    a = np.stack([run.logits[n] for n in names])
    b = np.stack([baseline[n] for n in names])
    # argsort of the negated logits: top-5 best first; stable, so exact ties keep class order on both sides.
    top5_a, top5_b = (np.argsort(-x, axis=1, kind="stable")[:, :5] for x in (a, b))
    return (float(np.abs(a - b).max()), int((top5_a[:, 0] == top5_b[:, 0]).sum()),
            int((top5_a == top5_b).all(axis=1).sum()), len(names))


def report(label, figures):
    if figures is None:
        return f"  vs {label}: nothing to compare"
    difference, top1, top5, n = figures
    return f"  vs {label}: max |Δlogit| {difference:.3g}, top-1 same {top1}/{n}, top-5 order same {top5}/{n}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", metavar="FIXTURE", help="JSON from scripts/make_reference_logits.py")
    parser.add_argument("--baseline", metavar="MODEL_DIR", help="float32 export to compare with, in DJL")
    parser.add_argument("--repeat", type=int, default=1, help="pass the images K times, for timing")
    parser.add_argument("models", nargs="+", metavar="MODEL_DIR")
    args = parser.parse_args()
    if not args.reference and not args.baseline:
        parser.error("give --reference, --baseline or both")

    reference = {}
    if args.reference:
        with open(args.reference) as f:
            fixture = json.load(f)
        reference = {name: np.array(entry["logits"]) for name, entry in fixture["images"].items()}
        print(f"reference: {args.reference} (float64 logits of {fixture['checkpoint']}, {len(reference)} PNGs)")
    # Model against model uses every photo, JPEGs included; against the reference only its PNGs exist.
    photos = sorted(os.path.basename(p) for p in glob.glob(os.path.join(IMAGES, "*")))
    names = photos if args.baseline else sorted(reference)
    files = [os.path.join("data", "images", name) for name in names]

    baseline = None
    if args.baseline:
        baseline = Run(args.baseline, files, args.repeat)
        print(f"baseline {args.baseline} ({baseline.dtype}): {baseline.describe()}")
        if len(baseline.logits) != len(names):
            sys.exit(f"baseline did not classify every photo: {baseline.errors or baseline.stderr_tail}")

    failed = False
    for model_dir in args.models:
        run = baseline if model_dir == args.baseline else Run(model_dir, files, args.repeat)
        print(f"{model_dir} ({run.dtype}): {run.describe()}")
        for name, error in sorted(run.errors.items()):
            print(f"  {name}: {error}")
        if run.returncode != 0 and run.first is not None:
            print(f"  classify exited {run.returncode}:\n{run.stderr_tail}")
        ok = run.returncode == 0 and not run.errors
        if reference:
            figures = compare(run, reference, sorted(reference))
            print(report("float64 reference", figures))
            ok = ok and figures is not None and figures[0] <= TOLERANCE
        if baseline is not None and run is not baseline:
            print(report(f"{args.baseline} in DJL", compare(run, baseline.logits, names)))
        if run.dtype == "float32" and reference and not ok:
            print(f"  FAIL: a float32 model must run and stay within {TOLERANCE} of the reference")
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
