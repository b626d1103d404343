#!/usr/bin/env bash
# The renewal benchmark of benches/RESULTS.md ("renew DIR at fleet scale"): the 5x folder
# (380 files, 145 due) made by make_renew_fleet.py, plain and with PBKDF2-encrypted keys,
# renewed by the release binary; then the key derivations counted by callgrind on one copy.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -p csrkit-cli
B=target/release/csrkit
W=$(mktemp -d)
python3 benches/make_renew_fleet.py 5 "$W/plain"
python3 benches/make_renew_fleet.py 5 "$W/enc" --password bench-pass --iter 100000
python3 benches/make_renew_fleet.py 1 "$W/enc1" --password bench-pass --iter 1000
echo bench-pass > "$W/pw"; echo wrong-pass > "$W/wrong"
run() { rm -rf "$W/out"; /usr/bin/time -f "$* : %e s wall, %U s user, %M KB" "$B" -q renew "$@" --out "$W/out" || true; }
for i in 1 2 3; do
  run "$W/plain" --expiring 30 --same-key
  run "$W/plain" --expiring 30 --new-key same
done
for alg in RSA ECC SM2; do run "$W/plain" --expiring 30 --new-key same --algorithm "$alg"; done
for i in 1 2; do
  run "$W/enc" --expiring 30 --same-key --key-password-file "$W/pw"
  run "$W/enc" --expiring 30 --same-key --key-password-file "$W/wrong" --key-password-file "$W/pw"
done
rm -rf "$W/out"
valgrind --tool=callgrind --callgrind-out-file="$W/cg" "$B" -q renew "$W/enc1" --expiring 30 \
  --same-key --key-password-file "$W/pw" --out "$W/out" 2>&1 | grep refs
callgrind_annotate --tree=caller "$W/cg" | grep 'derive_from_password (' | head -3
rm -rf "$W"
