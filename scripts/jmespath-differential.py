#!/usr/bin/env python3
"""Generates random JMESPath expression × document pairs and records what the reference
implementation answers, in the compliance suite's format:
[{given, cases: [{expression, result | error}]}].

Standard JMESPath is answered by python's `jmespath` (1.1.0, what `az --query` runs).
With --community, the same generator also writes Community Edition arithmetic, the root
`$` and `let`, answered
by `jmespath-community` (1.1.3, which installs as the same module: run this script with
the python of a virtual environment that holds it). Arithmetic operands are numbers
(literals and `length(...)`): the reference applies python's own `+` and `*` to strings,
lists and booleans, where labspec (and JEP-16) take numbers only. Multiplication is
written `×`: the reference binds an infix ASCII `*` tighter than `/`, so `a / b * c`
is `a / (b * c)` there and `(a / b) * c` in labspec. Multi-selects (and `merge`, which
takes one) are left out: that edition builds `[a]` on a null value as `[null]`, where
standard JMESPath, and labspec, give null; slices are left out as it slices strings.

The Swift test `DifferentialTests` replays the file when LABSPEC_JMESPATH_DIFFERENTIAL
(or LABSPEC_JMESPATH_COMMUNITY_DIFFERENTIAL) names it.
Usage: scripts/jmespath-differential.py [--community] --count 3000 --seed 7 --out FILE
"""
import argparse
import json
import random

import jmespath
from jmespath import exceptions

FIELDS = ["a", "b", "c", "foo", "bar", "n"]
STRINGS = ["", "a", "b", "foo", "bar", "Key Vault", "x-y"]
FUNCTIONS = {
    "abs": 1, "avg": 1, "ceil": 1, "contains": 2, "ends_with": 2, "floor": 1, "join": 2,
    "keys": 1, "length": 1, "map": 2, "max": 1, "max_by": 2, "merge": 2, "min": 1,
    "min_by": 2, "not_null": 2, "reverse": 1, "sort": 1, "sort_by": 2, "starts_with": 2,
    "sum": 1, "to_array": 1, "to_number": 1, "to_string": 1, "type": 1, "values": 1,
}
EXPREF_FUNCTIONS = {"map": 0, "max_by": 1, "min_by": 1, "sort_by": 1, "group_by": 1}
# The Community Edition's functions labspec has, generated with --community.
COMMUNITY_FUNCTIONS = {"items": 1, "from_items": 1, "zip": 2, "group_by": 2, "lower": 1, "upper": 1,
                       "split": 2, "replace": 3, "trim": 1, "trim_left": 1, "trim_right": 1,
                       "pad_left": 2, "pad_right": 2, "find_first": 2, "find_last": 2}
# Their optional arguments, added half the time: what each may be.
OPTIONAL_ARGUMENTS = {
    "split": ["`0`", "`1`", "`2`", "`-1`", "`1.5`"], "replace": ["`0`", "`1`", "`2`", "`-1`"],
    "trim": ["'a'", "''", "'ab'"], "trim_left": ["'a'", "' '"], "trim_right": ["'r'", "''"],
    "pad_left": ["'*'", "''", "'ab'"], "pad_right": ["'-'", "`1`"],
    "find_first": ["`0`", "`1`", "`-2`", "`5`", "`1.5`"], "find_last": ["`0`", "`2`", "`-1`", "`9`"],
}
STRING_FUNCTIONS = {"split", "replace", "trim", "trim_left", "trim_right", "pad_left", "pad_right",
                    "find_first", "find_last"}
# Set while generating an expression that calls a function with the wrong argument count.
WRONG_ARITY = []
# Set by --community: generate arithmetic too.
COMMUNITY = []


def document(rng, depth=0):
    roll = rng.random()
    if depth >= 3 or roll < 0.35:
        return rng.choice([None, True, False, 0, 1, 2, -3, 10, 2.5, "1", "10"] + STRINGS)
    if roll < 0.65:
        return [document(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {key: document(rng, depth + 1) for key in rng.sample(FIELDS, rng.randint(0, 4))}


def literal(rng):
    value = rng.choice([None, True, False, 0, 1, 2, -1, 2.5, "a", "foo", [1, 2], {"a": 1}, []])
    if isinstance(value, str) and rng.random() < 0.5:
        return "'" + value + "'"
    return "`" + json.dumps(value) + "`"


def numeric(rng, depth):
    """An expression whose value is a number (or an error both sides agree on)."""
    roll = rng.random()
    if depth >= 3 or roll < 0.4:
        return "`" + json.dumps(rng.choice([0, 1, 2, 3, 7, 10, -1, -4, 2.5, 0.5])) + "`"
    if roll < 0.6:
        return f"length({rng.choice(FIELDS + ['@'])})"
    if roll < 0.7:
        return rng.choice(["-", "+", "\u2212"]) + numeric(rng, depth + 1)
    if roll < 0.8:
        return f"({arithmetic(rng, depth + 1)})"
    return arithmetic(rng, depth + 1)


def arithmetic(rng, depth):
    operator = rng.choice(["+", "-", "\u2212", "\u00d7", "/", "\u00f7", "%", "//"])
    return f"{numeric(rng, depth + 1)} {operator} {numeric(rng, depth + 1)}"


def expression(rng, depth=0):
    if depth >= 3:
        return rng.choice(FIELDS + ["@", literal(rng)])
    if COMMUNITY and rng.random() < 0.25:
        return arithmetic(rng, depth)
    if COMMUNITY and rng.random() < 0.1:
        name = rng.choice(FIELDS)
        return rng.choice([
            f"$.{name}",
            f"let $v = {expression(rng, depth + 1)} in {expression(rng, depth + 1)} || $v",
            f"let $v = {expression(rng, depth + 1)} in {name}[?{rng.choice(FIELDS)} == $v]",
        ])
    choice = rng.randrange(17)
    # The Community Edition builds a multi-select on a null value (`[a]` on null is
    # [null]), where standard JMESPath gives null; labspec keeps the standard answer.
    # It also slices strings (JEP-15) where standard JMESPath and labspec give null.
    while COMMUNITY and choice in (3, 8, 9):
        choice = rng.randrange(17)
    sub = lambda: expression(rng, depth + 1)
    name = lambda: rng.choice(FIELDS)
    if choice == 0:
        return name()
    if choice == 1:
        return f"{sub()}.{name()}"
    if choice == 2:
        return f"{sub()}[{rng.randint(-3, 3)}]"
    if choice == 3:
        parts = [rng.choice(["", str(rng.randint(-3, 3))]) for _ in range(3)]
        step = parts[2] if parts[2] != "0" else "1"
        return f"{sub()}[{parts[0]}:{parts[1]}" + (f":{step}]" if rng.random() < 0.5 else "]")
    if choice == 4:
        return f"{sub()}[*].{name()}"
    if choice == 5:
        return f"{sub()}[]"
    if choice == 6:
        return f"{sub()}.*"
    if choice == 7:
        comparator = rng.choice(["==", "!=", "<", "<=", ">", ">="])
        return f"{sub()}[?{name()} {comparator} {rng.choice([literal(rng), name()])}]"
    if choice == 8:
        return f"[{sub()}, {sub()}]"
    if choice == 9:
        return f"{{k: {sub()}, v: {sub()}}}"
    if choice == 10:
        return f"{sub()} | {sub()}"
    if choice == 11:
        return f"{sub()} {rng.choice(['||', '&&'])} {sub()}"
    if choice == 12:
        # `!a - b` is `(!a) - b`, which python answers by counting false as 0.
        return f"!({sub()})" if COMMUNITY else f"!{sub()}"
    if choice == 13:
        return f"{sub()} {rng.choice(['==', '!=', '<', '>='])} {sub()}"
    if choice == 14:
        return literal(rng)
    functions = dict(FUNCTIONS, **COMMUNITY_FUNCTIONS) if COMMUNITY else FUNCTIONS
    function = rng.choice(sorted(set(functions) - ({"merge"} if COMMUNITY else set())))
    arguments = [sub() for _ in range(functions[function])]
    if function == "from_items" and rng.random() < 0.7:
        arguments[0] = f"items({sub()})"
    if function == "zip":
        # The reference zips a text as its characters; labspec (and the edition) take arrays.
        arguments = [f"to_array({argument})" for argument in arguments]
    if function in STRING_FUNCTIONS:
        strings = ["'" + text + "'" for text in STRINGS + ["aXbXc", "  pad  ", "ééa"]]
        for index in range(len(arguments)):
            if rng.random() < 0.7:
                arguments[index] = rng.choice(strings)
        if function.startswith("pad_"):
            arguments[1] = rng.choice(["`0`", "`3`", "`8`", "`-1`", "`2.5`"])
        for _ in range(rng.choice([0, 1, 2] if function.startswith("find_") else [0, 1])):
            arguments.append(rng.choice(OPTIONAL_ARGUMENTS[function]))
    if function == "merge":
        # The reference type-checks only the first argument of a variadic function;
        # keep later ones objects so both implementations agree on what is valid.
        arguments[1] = f"{{k: {sub()}}}"
    if function in EXPREF_FUNCTIONS:
        arguments[EXPREF_FUNCTIONS[function]] = "&" + name()
    if rng.random() < 0.05:
        arguments.append(sub())  # sometimes the wrong number of arguments
        WRONG_ARITY.append(True)
    return f"{function}({', '.join(arguments)})"


def reference(expression_text, given):
    try:
        return {"result": jmespath.search(expression_text, given)}
    # ArityError and UnknownFunctionError derive from ParseError: catch them first.
    except exceptions.ArityError:
        return {"error": "invalid-arity"}
    except exceptions.UnknownFunctionError:
        return {"error": "unknown-function"}
    except (exceptions.LexerError, exceptions.IncompleteExpressionError, exceptions.ParseError):
        return {"error": "syntax"}
    except exceptions.JMESPathTypeError:
        return {"error": "invalid-type"}
    except ZeroDivisionError:
        return {"error": "not-a-number"}
    except Exception:  # anything the reference itself trips over is not a usable case
        return None


def mixes_booleans_and_numbers(value):
    """Python compares True == 1 inside lists; JSON does not. Such results are skipped."""
    flat = json.dumps(value)
    return ("true" in flat or "false" in flat or "!" in flat) and any(ch.isdigit() for ch in flat)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    parser.add_argument("--community", action="store_true",
                        help="add Community Edition arithmetic (needs the jmespath-community module)")
    args = parser.parse_args()
    if args.community:
        COMMUNITY.append(True)
    rng = random.Random(args.seed)
    groups = []
    total = 0
    skipped_arity = [0]
    while total < args.count:
        given = document(rng)
        cases = []
        for _ in range(10):
            WRONG_ARITY.clear()
            text = expression(rng)
            answer = reference(text, given)
            if answer is None:
                continue
            # labspec checks argument counts when it compiles, so a wrong count is an error
            # even in a branch the reference never evaluates: compare only where the
            # reference reports the arity error too.
            if WRONG_ARITY and answer.get("error") != "invalid-arity":
                skipped_arity[0] += 1
                continue
            if ("==" in text or "!=" in text or "contains" in text) and mixes_booleans_and_numbers([given, text]):
                continue
            cases.append({"expression": text, **answer})
        groups.append({"given": given, "cases": cases})
        total += len(cases)
    with open(args.out, "w") as handle:
        json.dump(groups, handle)
    errors = sum(1 for group in groups for case in group["cases"] if "error" in case)
    print(f"{total} cases ({errors} expecting errors) written to {args.out}; "
          f"{skipped_arity[0]} skipped where only labspec's compile-time arity check applies")


if __name__ == "__main__":
    main()
