#!/usr/bin/env python3
"""Catalogue benchmark: what checking `az` steps against the Azure CLI catalogue costs.

labspec reads and indexes its compiled-in catalogue (az's 6,105 commands) the first time
a lab has an `az` step. Measured as the difference between `labspec validate` (release
build, whole process) of a one-step lab whose step is `az` and of the same lab whose
step is `run` — against, in the same run, python reading the same catalogue text into
dictionaries (the same work, in an interpreter, process start-up not counted).

Usage: scripts/bench-catalogue.py [--runs N] [--binary PATH]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

from benchtiming import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

LAB = """labspec: 1
id: one-step
title: One step
phases:
  - id: p
    steps:
      - id: show
        {action}
        expect: [{{exit-code: 0}}]
"""


def python_index(text):
    specs, commands = [], {}
    for line in text.split("\n"):
        if line.startswith("="):
            specs.append(line.split(" ", 1)[1])
        elif line and line[0] not in "#*^":
            path, marks, numbers = line.split("|")
            commands[path] = [specs[int(n, 36)] for n in numbers.split()]
    return commands


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/labspec"))
    args = parser.parse_args()
    source = open(os.path.join(ROOT, "Sources/LabSpec/AzCatalogueData.swift"), encoding="utf-8").read()
    text = re.search(r'#"""\n(.*)"""#', source, re.S).group(1)
    folder = tempfile.mkdtemp()
    paths = {}
    for name, action in (("az", "az: group show --name rg"), ("run", "run: [echo, hi]")):
        paths[name] = os.path.join(folder, f"{name}.yaml")
        with open(paths[name], "w") as handle:
            handle.write(LAB.format(action=action))

    def validate(path):
        result = subprocess.run([args.binary, "validate", path], capture_output=True)
        if result.returncode != 0:
            sys.exit(result.stderr.decode())

    with_az = timed(lambda: validate(paths["az"]), args.runs)
    without = timed(lambda: validate(paths["run"]), args.runs)
    python = timed(lambda: python_index(text), args.runs)
    cost = (with_az[0] - without[0], with_az[1] - without[1])
    print(f"runs per figure: {args.runs}; seconds as min / median\n")
    print("| figure | min | median |")
    print("|---|---|---|")
    print(f"| labspec validate, `az` step | {with_az[0]:.4f} | {with_az[1]:.4f} |")
    print(f"| labspec validate, `run` step | {without[0]:.4f} | {without[1]:.4f} |")
    print(f"| catalogue load and index (difference) | {cost[0]:.4f} | {cost[1]:.4f} |")
    print(f"| python: the same text into dictionaries | {python[0]:.4f} | {python[1]:.4f} |")
    print(f"\nlabspec ÷ python (medians): {cost[1] / python[1]:.2f}×")


if __name__ == "__main__":
    main()
