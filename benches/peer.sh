#!/usr/bin/env bash
# csrkit and OpenSSL's libcrypto on the same operations, in one criterion run, then the
# side-by-side table (op, csrkit median, OpenSSL median, ratio).
# Usage: bash benches/peer.sh [criterion args, e.g. a filter like 'sign/']
# Needs OpenSSL's headers for the `openssl` crate (Debian: libssl-dev pkg-config); the
# csrkit library itself never links OpenSSL.
set -euo pipefail
cd "$(dirname "$0")/peer"
if ! pkg-config --exists openssl 2>/dev/null; then
  echo "peer.sh: installing libssl-dev and pkg-config for the openssl crate" >&2
  (apt-get install -y libssl-dev pkg-config || sudo apt-get install -y libssl-dev pkg-config) >&2
fi
rm -rf target/criterion
cargo bench --bench peer -- "$@"
echo
python3 ../table.py target/criterion ../peer-table.md
