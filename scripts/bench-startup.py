#!/usr/bin/env python3
"""Start-up benchmark: what the short commands cost (the ones pre-commit and CI call
hundreds of times) for the release binary (`scripts/release.sh`: Swift's libraries
linked in, stripped) and the ordinary release build (Swift's libraries loaded at
start), against a C program doing nothing (`/bin/true`) as the floor, in the same run.

Each figure is wall time (min / median of N runs) and peak resident memory (MiB, the
largest of the runs, as GNU time's %M reports it: measured from a small C parent, not
from a forked python, whose pages would count). With --before PATH, a release binary of an earlier commit is timed in the same run
beside the current one. Usage: scripts/bench-startup.py [--runs N] [--static PATH]
[--dynamic PATH] [--before PATH]
"""
import argparse
import glob
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def measure(argvs, runs):
    """Each argv `runs` times, taking turns, so a noisy spell of the machine touches all alike."""
    times = [[] for _ in argvs]
    for _ in range(runs):
        for index, argv in enumerate(argvs):
            start = time.perf_counter()
            result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            times[index].append(time.perf_counter() - start)
            if result.returncode != 0:
                raise SystemExit(f"{argv} exited {result.returncode}")
    figures = []
    for index, argv in enumerate(argvs):
        peaks = []
        for _ in range(3):
            result = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, cwd=ROOT, text=True)
            peaks.append(int(result.stderr.strip().splitlines()[-1]) / 1024)
        figures.append((min(times[index]), statistics.median(times[index]), max(peaks)))
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    found = sorted(glob.glob(os.path.join(ROOT, "dist/labspec-*-linux-*/labspec")))
    parser.add_argument("--static", default=found[-1] if found else None)
    parser.add_argument("--dynamic", default=os.path.join(ROOT, ".build/release/labspec"))
    parser.add_argument("--before", default=None)
    args = parser.parse_args()
    seed = "specs/managed-identity-key-vault-failure.yaml"
    pack = "examples/packs/managed-identity-key-vault-failure"
    commands = [("--version", ["--version"]), ("validate seed spec", ["validate", seed]),
                ("verify seed pack", ["verify", seed, "--evidence", pack])]
    print(f"runs per figure: {args.runs}; seconds as min / median, peak RSS in MiB\n")
    before = " static release, before | now ÷ before (median) |" if args.before else ""
    print("| command | /bin/true | static release | dynamic release | static ÷ dynamic (median) |" + before)
    print("|---|---|---|---|---|" + ("---|---|" if args.before else ""))
    for label, words in commands:
        binaries = [args.static, args.dynamic] + ([args.before] if args.before else [])
        floor, static, dynamic, *earlier = measure([["/bin/true"]] + [[binary] + words for binary in binaries], args.runs)
        print(f"| `{label}` | {floor[0]*1000:.1f} / {floor[1]*1000:.1f} ms, {floor[2]:.1f} MiB "
              f"| {static[0]*1000:.1f} / {static[1]*1000:.1f} ms, {static[2]:.1f} MiB "
              f"| {dynamic[0]*1000:.1f} / {dynamic[1]*1000:.1f} ms, {dynamic[2]:.1f} MiB "
              f"| {static[1]/dynamic[1]:.2f}× |", end="")
        if earlier:
            earlier = earlier[0]
            print(f" {earlier[0]*1000:.1f} / {earlier[1]*1000:.1f} ms, {earlier[2]:.1f} MiB | {static[1]/earlier[1]:.2f}× |", end="")
        print()
    print(f"\nstatic binary: {os.path.getsize(args.static)} bytes (stripped)")


if __name__ == "__main__":
    main()
