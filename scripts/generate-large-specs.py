#!/usr/bin/env python3
"""Writes large but valid lab specs for the load benchmark.

  steps-N.yaml      one lab with N = 2,500, 5,000 and 10,000 steps in 10 phases (captures, expectations,
                    data flow from step to step)
  large-5mb.yaml    a lab of about 5 MB: fewer steps with long Markdown descriptions
"""
import os
import textwrap
import sys


def step(index, previous):
    uses = f" --tag prev=${{VALUE_{previous}}}" if previous is not None else ""
    return (
        f"      - id: step-{index}\n"
        f"        title: Step number {index}\n"
        f"        az: 'group show --name ${{RG}} --query \"{{name: name, id: id}}\"{uses}'\n"
        f"        timeout: 30s\n"
        f"        expect:\n"
        f"          - {{query: name, equals: rg-lab}}\n"
        f"          - {{query: \"length(tags || `{{}}`)\", le: 10}}\n"
        f"        capture:\n"
        f"          VALUE_{index}: id\n"
    )


def lab(steps, phases, description_words=0):
    parts = [
        "labspec: 1\n",
        "id: large\n",
        "title: A large generated lab\n",
        "inputs:\n  RG: rg-lab\n",
        "phases:\n",
    ]
    per_phase = steps // phases
    index = 0
    previous = None
    for phase in range(phases):
        parts.append(f"  - id: phase-{phase}\n    steps:\n")
        for _ in range(per_phase):
            text = step(index, previous)
            if description_words:
                words = " ".join(f"word{(index * 7 + w) % 997}" for w in range(description_words))
                text += "        description: |\n"
                for line in textwrap.wrap(words, 80):
                    text += "          " + line + "\n"
            parts.append(text)
            previous = index
            index += 1
    parts.append(
        "evidence:\n  during-failure:\n    - claim: The first step ran\n"
        "      source: step-0\n      expect: [{query: name, equals: rg-lab}]\n"
    )
    return "".join(parts)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for count in (2_500, 5_000, 10_000):
        with open(os.path.join(out, f"steps-{count}.yaml"), "w") as handle:
            handle.write(lab(count, 10))
    with open(os.path.join(out, "large-5mb.yaml"), "w") as handle:
        handle.write(lab(2_000, 4, description_words=260))
    for name in ("steps-2500.yaml", "steps-5000.yaml", "steps-10000.yaml", "large-5mb.yaml"):
        size = os.path.getsize(os.path.join(out, name))
        print(f"{name}: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
