#!/usr/bin/env bash
# Builds the release binary of labspec for Linux: the Swift standard library and
# Foundation linked in (`--static-swift-stdlib`), so it runs where no Swift toolchain is
# installed. Checks that it needs nothing of the toolchain (ldd, and a run with an empty
# environment), strips it, and writes dist/labspec-VERSION-linux-ARCH.tar.gz with its
# SHA-256 beside it. libcurl is loaded only when an HTTP step runs.
#
# Usage: scripts/release.sh            (VERSION from `labspec --version`)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build-static
swift build -c release --static-swift-stdlib --product labspec --scratch-path "$scratch" >&2
binary="$scratch/release/labspec"

# Nothing of the toolchain may be needed: no Swift or Foundation library, no ICU.
if ldd "$binary" | grep -E 'libswift|libFoundation|libicu|_FoundationICU|libdispatch|libBlocksRuntime'; then
    echo "release.sh: the binary still needs the libraries above" >&2
    exit 1
fi
version="$(env -i "$binary" --version)"
arch="$(uname -m)"
name="labspec-$version-linux-$arch"
mkdir -p "dist/$name"
cp "$binary" "dist/$name/labspec"
strip "dist/$name/labspec"
cp README.md LICENSE* "dist/$name/" 2>/dev/null || true

# A clean environment (no PATH to the toolchain, no LD_LIBRARY_PATH) validates every
# shipped spec.
env -i LD_LIBRARY_PATH= "dist/$name/labspec" validate specs >&2

tar -czf "dist/$name.tar.gz" -C dist "$name"
(cd dist && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
echo "dist/$name.tar.gz"
echo "  binary: $(stat -c %s "dist/$name/labspec") bytes stripped; archive: $(stat -c %s "dist/$name.tar.gz") bytes"
echo "  sha256: $(cut -d' ' -f1 "dist/$name.tar.gz.sha256")"
