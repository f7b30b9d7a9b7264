#!/usr/bin/env bash
# The labspec GitHub Action's second step: runs the command the inputs name, writes the
# reports, the job summary and the outputs `verdict` and `exit-code`, and exits with
# labspec's own status. Inputs come as COMMAND, SPECS, EVIDENCE, BACKEND, ARGS, REPORTS
# and SUMMARY; LABSPEC names the binary (default: labspec on PATH).
set -uo pipefail
labspec="${LABSPEC:-labspec}"
reports="${REPORTS:-labspec-reports}"
read -r -a specs <<< "${SPECS:-specs}"
read -r -a extra <<< "${ARGS:-}"
mkdir -p "$reports"
report="junit:$reports/junit.xml,json:$reports/report.json,md:$reports/verdict.md"
case "${COMMAND:-validate}" in
validate)
    # One run: annotations on standard output, the per-file summaries on standard error.
    "$labspec" validate --format github "${specs[@]}" "${extra[@]}" 2> "$reports/summary.txt"
    code=$?
    summary="$(cat "$reports/summary.txt")"
    echo "$summary"
    verdict=$([ "$code" -eq 0 ] && echo valid || echo invalid)
    {
        echo "### labspec validate: $verdict"
        echo
        echo '```'
        echo "$summary"
        echo '```'
    } > "$reports/verdict.md"
    ;;
verify)
    if [ -z "${EVIDENCE:-}" ]; then echo "::error::verify needs the evidence input" >&2; exit 2; fi
    "$labspec" verify "${specs[0]}" --evidence "$EVIDENCE" --report "$report" --color never "${extra[@]}"
    code=$?
    ;;
run)
    where=()
    if [ "${BACKEND:-az}" = replay ]; then
        where=(--evidence "${EVIDENCE:?run with the replay backend needs the evidence input}")
    elif [ -n "${EVIDENCE:-}" ]; then
        where=(--evidence-dir "$EVIDENCE")
    fi
    "$labspec" run "${specs[0]}" --backend "${BACKEND:-az}" "${where[@]}" --report "$report" --color never "${extra[@]}"
    code=$?
    ;;
*)
    echo "::error::unknown command '${COMMAND}': use validate, verify or run" >&2
    exit 64
    ;;
esac
if [ "${COMMAND:-validate}" != validate ]; then
    verdict="$("$labspec" query --raw verdict.outcome < "$reports/report.json" 2>/dev/null || echo none)"
    [ -n "$verdict" ] || verdict=none
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "verdict=$verdict" >> "$GITHUB_OUTPUT"
    echo "exit-code=$code" >> "$GITHUB_OUTPUT"
fi
if [ "${SUMMARY:-true}" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$reports/verdict.md" ]; then
    cat "$reports/verdict.md" >> "$GITHUB_STEP_SUMMARY"
fi
exit "$code"
