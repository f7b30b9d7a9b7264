#!/usr/bin/env python3
"""Verify benchmark: `labspec verify` (release build) on the seed lab's real pack and on
a synthetic pack 100x larger (100 copies of every artifact, 100x the claims), against a
python reference doing the core of the same work in the same run.

Reference (in-process, no interpreter start-up counted): read every artifact a claim
names, parse it (json, else yaml), run every `query` expectation and capture of every
claim with python's jmespath, ${NAME} filled from the captures. It skips what it does
not model (status/body/stderr subjects, matchers), so it is a lower bound on the work;
labspec is timed as a whole process (start-up, spec load and checks, verdict, output).

Usage: scripts/bench-verify.py [--runs N] [--binary PATH] [--copies N]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

import jmespath
import yaml

from benchtiming import timed

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, ".bench", "verify")
SPEC = os.path.join(ROOT, "specs", "managed-identity-key-vault-failure.yaml")
PACK = os.path.join(ROOT, "examples", "packs", "managed-identity-key-vault-failure")


def synthetic(copies):
    """A spec whose claims are the seed's, `copies` times over renamed artifacts."""
    with open(SPEC) as handle:
        seed = yaml.safe_load(handle)
    pack = os.path.join(WORK, f"pack-x{copies}")
    shutil.rmtree(pack, ignore_errors=True)
    os.makedirs(pack)
    steps, sides = [], {"during-failure": [], "after-fix": []}
    artifacts = sorted(name for name in os.listdir(PACK) if name[:2] <= "12")
    for copy in range(copies):
        prefix = f"r{copy:03d}-"
        for name in artifacts:
            shutil.copy(os.path.join(PACK, name), os.path.join(pack, prefix + name))
            action = {"http": "GET https://app.invalid/health"} if "http-response" in name else {"az": "version"}
            steps.append({"id": prefix + name.split(".")[0], **action, "evidence": prefix + name})
        for side, claims in seed["evidence"].items():
            for claim in claims:
                renamed = dict(claim, id=prefix + claim["id"], source=prefix + claim["source"])
                sides[side].append(renamed)
    spec = {"labspec": 1, "id": "verify-bench", "title": "Verify benchmark",
            "phases": [{"id": "record", "steps": steps}], "evidence": sides}
    path = os.path.join(WORK, f"spec-x{copies}.yaml")
    with open(path, "w") as handle:
        yaml.safe_dump(spec, handle, sort_keys=False, width=1000)
    return path, pack


def reference(spec_path, pack):
    with open(spec_path) as handle:
        spec = yaml.safe_load(handle)
    variables = {}
    fill = lambda text: re.sub(r"\$\{([A-Za-z0-9_.]+)\}", lambda m: variables.get(m.group(1), ""), text)
    for claims in spec["evidence"].values():
        for claim in claims:
            with open(os.path.join(pack, claim["source"])) as handle:
                text = handle.read()
            try:
                document = json.loads(text)
            except ValueError:
                document = yaml.safe_load(text)
            for name, capture in (claim.get("capture") or {}).items():
                query = capture.get("query") if isinstance(capture, dict) else capture
                if query:
                    variables[name] = str(jmespath.search(fill(query), document))
            for expectation in claim["expect"]:
                if "query" in expectation:
                    jmespath.search(fill(expectation["query"]), document)


def labspec_verify(binary, spec, pack):
    result = subprocess.run([binary, "verify", spec, "--evidence", pack, "--color", "never"], capture_output=True)
    if result.returncode != 0:
        sys.exit(f"labspec verify failed ({result.returncode}):\n{result.stdout.decode()[-2000:]}{result.stderr.decode()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=100)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/labspec"))
    args = parser.parse_args()
    os.makedirs(WORK, exist_ok=True)
    large_spec, large_pack = synthetic(args.copies)
    cases = [("seed pack (8 claims, 12 artifacts)", SPEC, PACK),
             (f"synthetic x{args.copies} ({8 * args.copies} claims, {12 * args.copies} artifacts)", large_spec, large_pack)]
    print("| pack | python reference (min / median) | labspec verify (min / median) | ratio (median) |")
    print("|---|---|---|---|")
    for label, spec, pack in cases:
        ref = timed(lambda: reference(spec, pack), args.runs)
        ours = timed(lambda: labspec_verify(args.binary, spec, pack), args.runs)
        print(f"| {label} | {ref[0]:.3f} / {ref[1]:.3f} s | {ours[0]:.3f} / {ours[1]:.3f} s | {ours[1] / ref[1]:.2f}× |")


if __name__ == "__main__":
    main()
