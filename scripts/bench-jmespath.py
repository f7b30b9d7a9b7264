#!/usr/bin/env python3
"""JMESPath benchmark: the `bench` cases of Tests/Fixtures/jmespath/benchmarks.json,
compiling and searching timed separately, labspec's engine (release build of
`jmespath-bench`) against the python `jmespath` module, in the same run.

The reference parses through Parser()._do_parse so its expression cache is bypassed.
With --cases Tests/Fixtures/jmespath-community/arithmetic-benchmarks.json and the python of a
virtual environment holding `jmespath-community` (the same module name), it times the
Community Edition arithmetic against that edition's reference.
Usage: scripts/bench-jmespath.py [--binary PATH] [--cases FILE]
"""
import argparse
import json
import os
import subprocess
import sys
import time

import jmespath
from jmespath import parser as jparser

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BENCHMARKS = os.path.join(ROOT, "Tests/Fixtures/jmespath/benchmarks.json")


def nanoseconds_per_run(body):
    iterations = 1
    while True:
        start = time.perf_counter_ns()
        for _ in range(iterations):
            body()
        elapsed = time.perf_counter_ns() - start
        if elapsed > 200_000_000:
            return elapsed / iterations
        iterations *= 10 if elapsed < 20_000_000 else 2


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--binary", default=os.path.join(ROOT, ".build/release/jmespath-bench"))
    arguments.add_argument("--cases", default=BENCHMARKS, help="benchmark cases in the compliance suite's format")
    options = arguments.parse_args()
    if not os.path.exists(options.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "jmespath-bench"], cwd=ROOT, check=True)
    ours = [json.loads(line) for line in subprocess.run(
        [options.binary, options.cases], check=True, capture_output=True, text=True).stdout.splitlines()]
    with open(options.cases) as handle:
        groups = json.load(handle)
    rows = []
    index = 0
    for group in groups:
        for case in group["cases"]:
            expression = case["expression"]
            parse = nanoseconds_per_run(lambda: jparser.Parser()._do_parse(expression))
            compiled = jmespath.compile(expression)
            search = nanoseconds_per_run(lambda: compiled.search(group["given"]))
            mine = ours[index]
            index += 1
            rows.append((case.get("comment", ""), parse, mine["parse_ns"], search, mine["search_ns"]))
    print("| case | python parse | labspec parse | × | python search | labspec search | × |")
    print("|---|---|---|---|---|---|---|")
    for comment, parse, our_parse, search, our_search in rows:
        print(f"| {comment} | {parse / 1000:.1f} µs | {our_parse / 1000:.2f} µs | {parse / our_parse:.0f}× "
              f"| {search / 1000:.1f} µs | {our_search / 1000:.2f} µs | {search / our_search:.0f}× |")
    def geometric(values):
        product = 1.0
        for value in values:
            product *= value
        return product ** (1 / len(values))
    print(f"\ngeometric mean speed-up: parse {geometric([r[1] / r[2] for r in rows]):.0f}×, "
          f"search {geometric([r[3] / r[4] for r in rows]):.0f}×")


if __name__ == "__main__":
    sys.exit(main())
