#!/usr/bin/env bash
# User-level throughput, csrkit against what a user would do instead, in one run:
#   - `csrkit batch` keys+CSRs per second (ECC, SM2, RSA-2048, all cores) against a
#     2-way parallel shell loop of `openssl req -new -newkey ...` writing the same files;
#   - `csrkit list` of 10 000 ECC CSRs with signature checks (wall time, peak RSS)
#     against a shell loop of `openssl req -verify -noout` over the same files (2-way).
# Usage: bash benches/throughput.sh [OUT.md]   (needs: cargo, openssl, GNU time, xargs)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-benches/throughput.md}
N_ECC=${N_ECC:-3000} N_SM2=${N_SM2:-3000} N_RSA=${N_RSA:-200}
O_ECC=${O_ECC:-400} O_SM2=${O_SM2:-400} O_RSA=${O_RSA:-100}
N_LIST=${N_LIST:-10000}
SUBJ="/C=CN/ST=Beijing/L=Beijing/O=Example Co/OU=IT"
cargo build --release --quiet
BIN=$PWD/target/release/csrkit
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 1; }

secs() { # secs CMD... -> wall seconds (GNU time), command output discarded
  local f="$WORK/time.$$"
  "$TIME" -f "%e %M" -o "$f" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; return 1; }
  cut -d' ' -f1 "$f"
}
rss() { cut -d' ' -f2 "$WORK/time.$$"; }

ossl_one() { # ossl_one ALG I DIR
  local alg=$1 i=$2 d=$3 cn="host$2.example.com"
  case $alg in
    ecc) openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
           -keyout "$d/$i.key.pem" -out "$d/$i.csr.pem" -subj "$SUBJ/CN=$cn" \
           -addext "subjectAltName=DNS:$cn" 2>/dev/null ;;
    rsa2048) openssl req -new -newkey rsa:2048 -nodes \
           -keyout "$d/$i.key.pem" -out "$d/$i.csr.pem" -subj "$SUBJ/CN=$cn" \
           -addext "subjectAltName=DNS:$cn" 2>/dev/null ;;
    sm2) openssl genpkey -algorithm SM2 -out "$d/$i.key.pem" 2>/dev/null &&
         openssl req -new -key "$d/$i.key.pem" -out "$d/$i.csr.pem" -sm3 \
           -sigopt distid:1234567812345678 -subj "$SUBJ/CN=$cn" \
           -addext "subjectAltName=DNS:$cn" 2>/dev/null ;;
  esac
}
export -f ossl_one
export SUBJ

rows=()
for spec in "ecc $N_ECC $O_ECC" "sm2 $N_SM2 $O_SM2" "rsa2048 $N_RSA $O_RSA"; do
  set -- $spec; alg=$1 n=$2 on=$3
  rm -rf "$WORK/c" "$WORK/o"; mkdir -p "$WORK/o"
  t=$(secs "$BIN" --quiet batch --count "$n" --algorithm "$alg" --out "$WORK/c" \
        --country CN --state Beijing --locality Beijing --org "Example Co" --ou IT \
        --cn 'host{i}.example.com')
  [ "$(ls "$WORK/c" | grep -c '\.csr\.pem$')" = "$n" ]
  ours=$(python3 -c "print(f'{$n/$t:.1f}')")
  t2=$(secs bash -c "seq 1 $on | xargs -P2 -I{} bash -c 'ossl_one $alg {} $WORK/o'")
  [ "$(ls "$WORK/o" | grep -c '\.csr\.pem$')" = "$on" ]
  theirs=$(python3 -c "print(f'{$on/$t2:.1f}')")
  ratio=$(python3 -c "print(f'{$ours/$theirs:.1f}')")
  rows+=("| batch $alg | $n in ${t} s: **$ours keys/s** | $on in ${t2} s: $theirs keys/s | ${ratio}x |")
  echo "batch $alg: csrkit $ours keys/s, openssl loop $theirs keys/s (${ratio}x)" >&2
done

# list: 10 000 ECC CSRs (keys removed), signatures checked by both.
rm -rf "$WORK/l"
"$BIN" --quiet batch --count "$N_LIST" --algorithm ecc --out "$WORK/l" --cn 'host{i}.example.com' >/dev/null
rm -f "$WORK"/l/*.key.pem
t=$(secs "$BIN" --quiet list "$WORK/l" --json); m=$(rss)
t50=$t; m50=$m
t=$(secs "$BIN" --quiet list "$WORK/l" --json --size 1000); m1000=$(rss)
bad=$("$BIN" --quiet list "$WORK/l" --json --size 1000 | python3 -c "import json,sys; print(sum(1 for e in json.load(sys.stdin)['CsrList'] if e['SignatureValid'] is not True))")
[ "$bad" = 0 ]
t2=$(secs bash -c "ls $WORK/l/*.csr.pem | xargs -P2 -I{} openssl req -verify -noout -in {}")
m2=$(rss)
ratio=$(python3 -c "print(f'{$t2/$t50:.1f}')")
rows+=("| list $N_LIST ECC CSRs, signatures checked | ${t50} s, peak RSS ${m50} KB (page 50); ${m1000} KB (page 1000) | ${t2} s (2-way xargs of \`openssl req -verify -noout\`) | ${ratio}x faster |")
echo "list: csrkit ${t50} s (${m50} KB), openssl loop ${t2} s (${ratio}x)" >&2

{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(openssl version | cut -d' ' -f1-2), $("$BIN" --version)."
  echo
  echo "| work | csrkit | OpenSSL shell loop | csrkit / OpenSSL |"
  echo "|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$OUT"
