#!/usr/bin/env bash
# Fuzzes labspec's readers with libFuzzer and AddressSanitizer: the spec loader (bytes →
# load → every static check), the JMESPath parser and interpreter, the artifact readers
# (JSON, JSON Lines, YAML) and the evidence manifest reader. Each target runs RUNS
# executions (default 1,000,000) from seed corpora made of the shipped specs, the test
# fixtures, the compliance suite and the shipped packs. A crash, a timeout, running out
# of memory or a sanitizer report stops the target and leaves the input under
# scripts/.fuzz/findings/ — turn it into a fixture (Tests/Fixtures/fuzz/). One leak inside
# Foundation is suppressed, with its reason, in scripts/lsan-suppressions.txt.
#
# Usage: scripts/fuzz.sh [TARGET…]   (RUNS=N to change the count; default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-1000000}"
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(spec jmespath artifact manifest)
WORK=scripts/.fuzz
BINARY=.build-fuzz/release/labspec-fuzz

swift build -c release --package-path Fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link,address >&2

mkdir -p "$WORK/findings"
seed() {
    local name=$1 folder="$WORK/seeds/$1"
    rm -rf "$folder"
    mkdir -p "$folder"
    case $name in
    spec)
        find specs Tests/Fixtures -name '*.yaml' -exec cp {} "$folder/" \; ;;
    jmespath)
        python3 - "$folder" <<'PY'
import json, glob, os, sys
n = 0
for path in glob.glob("Tests/Fixtures/jmespath/*.json"):
    for group in json.load(open(path)):
        given = json.dumps(group.get("given"))
        for case in group.get("cases", []):
            n += 1
            with open(os.path.join(sys.argv[1], f"case-{n}"), "w") as out:
                out.write(case["expression"].replace("\n", " ") + "\n" + given)
# The Community Edition's grammar cases: arithmetic, let, $ and the rest.
import yaml
for path in glob.glob("Tests/Fixtures/jmespath-community/grammar/*.yml"):
    try:
        cases = yaml.safe_load(open(path, encoding="utf-8"))
    except yaml.YAMLError:
        continue
    for case in cases.values():
        n += 1
        with open(os.path.join(sys.argv[1], f"case-{n}"), "w", encoding="utf-8", errors="replace") as out:
            out.write(str(case.get("query", "")).replace("\n", " ") + "\n" + json.dumps(case.get("context"), default=str))
PY
        ;;
    artifact)
        find examples/packs -type f -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$folder" \; ;;
    manifest)
        printf '%s' '{"labspec": "0.1.0", "spec_hash": "5029aca10b0ed080", "inputs": {"RG": "rg"}, "steps": [{"id": "list", "exit_code": 0, "attempts": 1}]}' \
            > "$folder/manifest.json"
        find examples/packs -name '*-gate.json' -exec cp {} "$folder/" \; ;;
    esac
}

printf '| target | executions | time | executions/s | findings |\n|---|---|---|---|---|\n'
for target in "${TARGETS[@]}"; do
    seed "$target"
    corpus="$WORK/corpus/$target"
    mkdir -p "$corpus"
    log="$WORK/$target.log"
    start=$(date +%s)
    status=0
    LSAN_OPTIONS="suppressions=$PWD/scripts/lsan-suppressions.txt" LABSPEC_FUZZ_TARGET=$target "$BINARY" -runs="$RUNS" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$WORK/findings/$target-" "$corpus" "$WORK/seeds/$target" > "$log" 2>&1 || status=$?
    seconds=$(( $(date +%s) - start ))
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    findings=$(find "$WORK/findings" -maxdepth 1 -name "$target-*" | wc -l)
    printf '| %s | %s | %s s | %s | %s |\n' "$target" "$runs" "$seconds" "$rate" "$findings"
    [ "$status" -eq 0 ] || { echo "$target: libFuzzer stopped with status $status; see $log" >&2; exit 1; }
done
