#!/usr/bin/env python3
"""Writes labspec's catalogue of Azure CLI commands from the Azure CLI itself.

Run it with the python of a virtual environment that has azure-cli installed (by hand or
in CI, never when labspec runs):

    python3 -m venv .venv-az && .venv-az/bin/pip install azure-cli==2.91.0
    .venv-az/bin/python scripts/az-catalogue.py > Sources/LabSpec/AzCatalogueData.swift

It loads every command and its arguments through az's own command loader (no login, an
empty configuration folder) and writes a compact text, wrapped in a Swift string literal:

    # az VERSION
    *OPTION-SPEC                  the global options, one line
    =N OPTION-SPEC                option spec number N (base 36), shared by commands
    COMMAND PATH|MARKS|N N N …    a command: its marks and its options by number
    ^GROUP PATH|MARKS             a command group

An option spec is `NAMES FLAGS [VALUES]`: names joined by `,` (`--resource-group,-g`),
flags `v` (takes a value), `r` (required), `d` (deprecated), `p` (preview), `m` (takes
several values: the words up to the next option), `o` (its value may be left out), `a`
(may be given more than once); VALUES are the allowed values joined by `|`. Marks: `d`
deprecated, `p` preview, `x` experimental, `+` takes positional words.
"""
import os
import sys
import tempfile


def option_spec(argument):
    settings = argument.type.settings
    options = settings.get("options_list") or []
    names = []
    for option in options:
        text = getattr(option, "target", None) or str(option)
        if text.startswith("-") and not text.startswith("--__"):
            names.append(text)
    if not names:
        return None
    action = settings.get("action")
    nargs = settings.get("nargs")
    flags = ""
    action_name = action if isinstance(action, str) else getattr(action, "__name__", "")
    if action_name not in ("store_true", "store_false", "store_const", "count", "help", "version") and nargs != 0:
        flags += "v"
    if settings.get("required"):
        flags += "r"
    if settings.get("deprecate_info"):
        flags += "d"
    if settings.get("is_preview") or settings.get("preview_info"):
        flags += "p"
    if nargs in ("+", "*"):
        flags += "m"
    if nargs == "?":
        flags += "o"
    if action_name in ("append", "extend"):
        flags += "a"
    choices = settings.get("choices")
    values = ""
    if choices and "v" in flags:
        try:
            texts = sorted({str(choice) for choice in choices})
        except TypeError:
            texts = []
        if texts and all("|" not in text and " " not in text and "\n" not in text for text in texts):
            values = "|".join(texts)
    spec = ",".join(sorted(names, key=lambda name: (not name.startswith("--"), name))) + " " + (flags or "-")
    return spec + (" " + values if values else "")


def marks(item):
    text = ""
    if getattr(item, "deprecate_info", None):
        text += "d"
    if getattr(item, "preview_info", None):
        text += "p"
    if getattr(item, "experimental_info", None):
        text += "x"
    return text


def base36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, remainder = divmod(number, 36)
        text = digits[remainder] + text
        if number == 0:
            return text


def main():
    os.environ["AZURE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="az-catalogue-")
    os.environ["AZURE_CORE_COLLECT_TELEMETRY"] = "false"
    from azure.cli.core import get_default_cli, __version__
    from azure.cli.core.file_util import create_invoker_and_load_cmds_and_args

    cli = get_default_cli()
    create_invoker_and_load_cmds_and_args(cli)
    loader = cli.invocation.commands_loader
    global_specs = ["--debug -", "--help,-h -", "--only-show-errors -", "--output,-o v json|jsonc|none|table|tsv|yaml|yamlc",
                    "--query v", "--verbose -"]
    specs = {}
    lines = []
    for path in sorted(loader.command_table):
        command = loader.command_table[path]
        numbers = []
        positional = False
        for name in sorted(command.arguments):
            argument = command.arguments[name]
            options = argument.type.settings.get("options_list")
            if options is not None and len(options) == 0 or any(
                    not (getattr(option, "target", None) or str(option)).startswith("-") for option in options or []):
                positional = True
            spec = option_spec(argument)
            if spec is None or spec in global_specs:
                continue
            if spec not in specs:
                specs[spec] = len(specs)
            numbers.append(base36(specs[spec]))
        lines.append(f"{path}|{marks(command)}{'+' if positional else ''}|{' '.join(numbers)}")
    groups = [f"^{path}|{marks(group)}" for path, group in sorted(loader.command_group_table.items()) if path]
    out = [f"# az {__version__}", "*" + ";".join(global_specs)]
    out += [f"={base36(number)} {spec}" for spec, number in sorted(specs.items(), key=lambda item: item[1])]
    out += groups + lines
    text = "\n".join(out) + "\n"
    sys.stdout.write("// Generated by scripts/az-catalogue.py from the Azure CLI itself; do not edit.\n")
    sys.stdout.write(f"// az {__version__}: {len(lines)} commands, {len(specs)} distinct options.\n\n")
    sys.stdout.write("let azCatalogueText = #\"\"\"\n" + text + "\"\"\"#\n")
    print(f"az {__version__}: {len(lines)} commands, {len(groups)} groups, {len(specs)} option specs, "
          f"{len(text)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
