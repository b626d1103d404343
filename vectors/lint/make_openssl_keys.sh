#!/usr/bin/env bash
# 1 000 RSA-2048 public keys made by the openssl CLI (OpenSSL 3.0), for the test that no
# known-weak-key rule (small prime factor, Fermat, ROCA, exponent) flags an ordinary key:
# keys/openssl-rsa2048-1000.pem, one PUBLIC KEY block per key. Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")"
out=keys/openssl-rsa2048-1000.pem
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
: > "$tmp"
for _ in $(seq 1000); do
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null \
        | openssl pkey -pubout >> "$tmp"
done
chmod 644 "$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "$(grep -c 'BEGIN PUBLIC KEY' "$out") keys in $out ($(openssl version))"
