#!/usr/bin/env bash
# The labspec GitHub Action's first step: puts `labspec` on the job's PATH. With
# LABSPEC_VERSION, downloads that release's Linux binary (LABSPEC_RELEASE_URL overrides
# where from) and checks its SHA-256 before installing it; without, builds labspec from
# the action's own checkout (ACTION_PATH) with Swift.
set -euo pipefail
: "${GITHUB_PATH:?runs inside a GitHub Actions job}"
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/labspec/bin"
mkdir -p "$bin"
if [ -n "${LABSPEC_VERSION:-}" ]; then
    name="labspec-${LABSPEC_VERSION}-linux-$(uname -m)"
    base="${LABSPEC_RELEASE_URL:-https://github.com/${ACTION_REPOSITORY:-labspec/labspec}/releases/download/v${LABSPEC_VERSION}}"
    work="$(mktemp -d)"
    curl --fail --silent --show-error --location --output "$work/$name.tar.gz" "$base/$name.tar.gz"
    curl --fail --silent --show-error --location --output "$work/$name.tar.gz.sha256" "$base/$name.tar.gz.sha256"
    (cd "$work" && sha256sum --check --status "$name.tar.gz.sha256") || {
        echo "::error::labspec $LABSPEC_VERSION: the download does not match its SHA-256" >&2
        exit 1
    }
    tar -xzf "$work/$name.tar.gz" -C "$work"
    install -m 0755 "$work/$name/labspec" "$bin/labspec"
else
    : "${ACTION_PATH:?the checkout of the action}"
    swift build -c release --product labspec --package-path "$ACTION_PATH" >&2
    ln -sf "$ACTION_PATH/.build/release/labspec" "$bin/labspec"
fi
"$bin/labspec" --version
echo "$bin" >> "$GITHUB_PATH"
