#!/usr/bin/env bash
# A certificate's life at folder scale, csrkit against what a user would do instead, in
# one run (issue "A certificate's whole life"):
#   - `csrkit list --certs --expiring 30` over 10 000 certificates with their keys
#     matched (wall time, peak RSS; the best and the median of 5 runs);
#   - `csrkit renew DIR --expiring 30 --same-key --out NEW` of 1 000 due certificates with
#     their keys (the median of 3 runs, each into a new folder) against a loop of
#     `openssl x509 -x509toreq -in C -signkey K -out R` over the same 1 000.
# The certificates and keys are made by Python's cryptography (benches/make_certs.py).
# Usage: bash benches/lifecycle.sh [OUT.md]   (needs: cargo, openssl, python3 with
# cryptography, GNU time)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-benches/lifecycle.md}
N_LIST=${N_LIST:-10000} N_RENEW=${N_RENEW:-1000}
WORK=${WORK:-$(mktemp -d -p "${TMPDIR:-/tmp}")}
trap 'rm -rf "$WORK"' EXIT
cargo build --release --quiet -p csrkit-cli
BIN=$PWD/target/release/csrkit
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }
python3 benches/make_certs.py "$N_LIST" "$WORK/certs"
python3 benches/make_certs.py "$N_RENEW" "$WORK/due" --due-only
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# list
: > "$WORK/list.t"
for i in 1 2 3 4 5; do
  "$TIME" -f "%e %M" -a -o "$WORK/list.t" "$BIN" --quiet list "$WORK/certs" --certs --expiring 30 --json > "$WORK/list.json"
done
list_best=$(cut -d' ' -f1 "$WORK/list.t" | sort -n | head -1)
list_med=$(cut -d' ' -f1 "$WORK/list.t" | median)
list_rss=$(cut -d' ' -f2 "$WORK/list.t" | median)
matched=$(python3 -c "import json; v=json.load(open('$WORK/list.json')); l=v['CertificateList']; print(f\"{v['TotalCount']} due; keys matched for {sum(1 for e in l if e['KeyFile'])} of the page's {len(l)}\")")

# renew
: > "$WORK/renew.t"
for i in 1 2 3; do
  "$TIME" -f "%e" -a -o "$WORK/renew.t" "$BIN" --quiet renew "$WORK/due" --expiring 30 --same-key --out "$WORK/new$i" --json > "$WORK/renew.json"
done
renew_med=$(median < "$WORK/renew.t")
renewed=$(python3 -c "import json; v=json.load(open('$WORK/renew.json')); print(f\"{len(v['Renewed'])} renewed, {len(v['Skipped'])} skipped\")")
[ "$(ls "$WORK/new1" | grep -c '\.csr\.pem$')" = "$N_RENEW" ]
mkdir -p "$WORK/ossl"
t0=$(date +%s.%N)
for c in "$WORK"/due/*.crt; do
  b=$(basename "$c" .crt)
  openssl x509 -x509toreq -in "$c" -signkey "$WORK/due/$b.key" -out "$WORK/ossl/$b.csr" 2>/dev/null
done
t1=$(date +%s.%N)
ossl=$(python3 -c "print(f'{$t1-$t0:.2f}')")
ratio=$(python3 -c "print(f'{$ossl/$renew_med:.0f}')")
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(openssl version | cut -d' ' -f1-2), $("$BIN" --version), work folder on $(df -T "$WORK" | awk 'NR==2 {print $2}')."
  echo
  echo "| work | csrkit | OpenSSL | csrkit / OpenSSL |"
  echo "|---|---|---|---|"
  echo "| \`list --certs --expiring 30\`, $N_LIST certificates + $N_LIST keys ($matched) | best ${list_best} s, median ${list_med} s, peak RSS ${list_rss} KB | — | — |"
  echo "| \`renew DIR --expiring 30 --same-key\`, $N_RENEW due ($renewed) | median ${renew_med} s | loop of \`openssl x509 -x509toreq -signkey\`: ${ossl} s | ${ratio}x faster |"
} | tee "$OUT"
