#!/usr/bin/env python3
"""Load benchmark: `labspec validate` (release build) on large generated specs against
PyYAML's libyaml bindings on the same files, in the same run.

References, both timed in-process (no interpreter start-up counted):
  libyaml events   yaml.parse(..., CSafeLoader): libyaml's parser alone, events only
  PyYAML CLoader   yaml.load(..., CSafeLoader): libyaml plus building Python objects
labspec is timed as a whole process (start-up, read, compose, typed plan, checks,
summary), so its figure is an upper bound on the load itself.

Usage: scripts/bench-load.py [--runs N] [--binary PATH]
"""
import argparse
import os
import subprocess
import sys

import yaml

from benchtiming import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, ".bench")


def libyaml_events(path):
    with open(path, "rb") as handle:
        for _ in yaml.parse(handle, Loader=yaml.CSafeLoader):
            pass


def pyyaml_load(path):
    with open(path, "rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)


def labspec_validate(binary, path):
    result = subprocess.run([binary, "validate", "--color", "never", path], capture_output=True)
    if result.returncode != 0:
        sys.exit(f"labspec validate failed on {path}:\n{result.stderr.decode()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/labspec"))
    args = parser.parse_args()
    if not hasattr(yaml, "CSafeLoader"):
        sys.exit("PyYAML was built without libyaml; the reference needs yaml.CSafeLoader")
    subprocess.run([sys.executable, os.path.join(HERE, "generate-large-specs.py"), WORK],
                   check=True, capture_output=True)
    print(f"runs per figure: {args.runs}; seconds as min / median\n")
    print("| spec | size | libyaml events | PyYAML CLoader | labspec validate | labspec ÷ events | labspec ÷ CLoader |")
    print("|---|---|---|---|---|---|---|")
    for name in ("steps-2500.yaml", "steps-5000.yaml", "steps-10000.yaml", "large-5mb.yaml"):
        path = os.path.join(WORK, name)
        size = os.path.getsize(path) / 1e6
        events = timed(lambda: libyaml_events(path), args.runs)
        load = timed(lambda: pyyaml_load(path), args.runs)
        ours = timed(lambda: labspec_validate(args.binary, path), args.runs)
        print(f"| {name} | {size:.1f} MB | {events[0]:.3f} / {events[1]:.3f} | {load[0]:.3f} / {load[1]:.3f} "
              f"| {ours[0]:.3f} / {ours[1]:.3f} | {ours[0] / events[0]:.2f}× | {ours[0] / load[0]:.2f}× |")


if __name__ == "__main__":
    main()
