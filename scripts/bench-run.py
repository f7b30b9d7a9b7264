#!/usr/bin/env python3
"""Run benchmark: N trivial steps through labspec's az backend against a bash script
making the same N calls to the same stand-in `az`, in the same run.

The stand-in is a two-line sh script that exits 0, so the figures measure what each
side adds per call: process start-up and bookkeeping.
Usage: scripts/bench-run.py [--steps N] [--runs R] [--binary PATH]
"""
import argparse
import os
import subprocess
import sys
import tempfile

from benchtiming import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed_command(command, runs, env):
    def once():
        result = subprocess.run(command, capture_output=True, env=env)
        if result.returncode != 0:
            sys.exit(f"{command[0]} failed:\n{result.stdout.decode()}\n{result.stderr.decode()}")
    return timed(once, runs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/labspec"))
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "labspec"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="labspec-bench-run-")
    az = os.path.join(work, "az")
    with open(az, "w") as handle:
        handle.write("#!/bin/sh\nexit 0\n")
    os.chmod(az, 0o755)
    spec = os.path.join(work, "trivial.yaml")
    with open(spec, "w") as handle:
        handle.write("labspec: 1\nid: trivial\ntitle: Trivial steps\nphases:\n  - id: p\n    steps:\n")
        for index in range(args.steps):
            handle.write(f"      - az: group show --name rg-{index}\n        expect: [{{exit-code: 0}}]\n")
    script = os.path.join(work, "trivial.sh")
    with open(script, "w") as handle:
        handle.write(f"#!/usr/bin/env bash\nset -e\nfor i in $(seq 0 {args.steps - 1}); do\n"
                     f"  \"{az}\" group show --name \"rg-$i\"\ndone\n")
    os.chmod(script, 0o755)
    env = dict(os.environ, NO_COLOR="1")
    bash = timed_command([script], args.runs, env)
    ours = timed_command([args.binary, "run", spec, "--az", az], args.runs, env)
    print(f"{args.steps} steps, {args.runs} runs, seconds as min / median\n")
    print("| runner | total | per step | ratio |")
    print("|---|---|---|---|")
    print(f"| bash loop | {bash[0]:.3f} / {bash[1]:.3f} | {bash[0] / args.steps * 1000:.2f} ms | 1.00× |")
    print(f"| labspec run --backend az | {ours[0]:.3f} / {ours[1]:.3f} | {ours[0] / args.steps * 1000:.2f} ms "
          f"| {ours[0] / bash[0]:.2f}× |")


if __name__ == "__main__":
    main()
