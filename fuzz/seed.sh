#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the test vectors in ../vectors/.
#
#   csr, cert : CSRs, certificates and bad inputs (vectors/csr, cert, bad, realworld)
#   key       : private keys and bad inputs       (vectors/key, bad)
#   pem       : every vector                      (vectors/csr, cert, key, bad, realworld)
#   rfc4514   : the SubjectDN (and IssuerDN) strings of the vectors' .json sidecars
#
# Only the .pem, .der and .bin files are copied (never the .json sidecars). Files are
# named <vector dir>-<file name> so that names never collide. Running it again only
# adds or overwrites seeds; corpus entries the fuzzer found are kept.
# The corpora are not committed (see .gitignore).
set -euo pipefail
cd "$(dirname "$0")"
vectors=../vectors
corpus=corpus

copy() { # copy <target> <vector dir>...
    local target=$1
    shift
    mkdir -p "$corpus/$target"
    local dir f
    for dir in "$@"; do
        for f in "$vectors/$dir"/*.pem "$vectors/$dir"/*.der "$vectors/$dir"/*.bin; do
            [ -e "$f" ] || continue
            cp "$f" "$corpus/$target/$dir-$(basename "$f")"
        done
    done
}

copy csr csr cert bad realworld
copy cert csr cert bad realworld
copy key key keyenc bad
copy pem csr cert key keyenc bad realworld

# key_encrypted: keys encrypted by OpenSSL with the password the target uses ("fuzz"),
# with cheap parameters (PBKDF2 1 iteration, scrypt N=2^10) so each execution is fast;
# the fuzzer mutates them, the parameters included.
if command -v openssl >/dev/null 2>&1; then
    mkdir -p "$corpus/key_encrypted"
    tmp=$(mktemp -d)
    for f in "$vectors"/key/*-pkcs8.pem; do
        [ -e "$f" ] || continue
        b=$(basename "$f" .pem)
        openssl pkcs8 -topk8 -in "$f" -v2 aes-256-cbc -iter 1 -passout pass:fuzz \
            -out "$corpus/key_encrypted/$b-pbkdf2.pem" 2>/dev/null || true
        openssl pkcs8 -topk8 -in "$f" -v2 aes-128-cbc -iter 1 -passout pass:fuzz -outform DER \
            -out "$corpus/key_encrypted/$b-pbkdf2.der" 2>/dev/null || true
        openssl pkcs8 -topk8 -in "$f" -scrypt -scrypt_N 1024 -scrypt_r 8 -scrypt_p 1 \
            -passout pass:fuzz -out "$corpus/key_encrypted/$b-scrypt.pem" 2>/dev/null || true
        # PBES2 with 3DES, the PKCS#12 PBE, and legacy encrypted PEM (no iteration count).
        openssl pkcs8 -topk8 -in "$f" -v2 des3 -iter 1 -passout pass:fuzz \
            -out "$corpus/key_encrypted/$b-pbes2-des3.pem" 2>/dev/null || true
        openssl pkcs8 -topk8 -in "$f" -v1 PBE-SHA1-3DES -iter 1 -passout pass:fuzz \
            -out "$corpus/key_encrypted/$b-pbe-sha1-3des.pem" 2>/dev/null || true
        openssl pkey -in "$f" -traditional -aes128 -passout pass:fuzz \
            -out "$corpus/key_encrypted/$b-legacy-aes128.pem" 2>/dev/null || true
        openssl pkey -in "$f" -traditional -des3 -passout pass:fuzz \
            -out "$corpus/key_encrypted/$b-legacy-des3.pem" 2>/dev/null || true
    done
    rm -rf "$tmp"
fi

# rfc4514: one seed per distinct DN string, named by its SHA-1.
mkdir -p "$corpus/rfc4514"
if command -v python3 >/dev/null 2>&1; then
    python3 - "$vectors" "$corpus/rfc4514" <<'PY'
import glob, hashlib, json, os, sys
vectors, out = sys.argv[1], sys.argv[2]
seen = set()
for path in sorted(glob.glob(os.path.join(vectors, "*", "*.json"))):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        continue
    if not isinstance(doc, dict):
        continue
    for key in ("SubjectDN", "IssuerDN"):
        value = doc.get(key)
        if isinstance(value, str) and value not in seen:
            seen.add(value)
            data = value.encode("utf-8")
            with open(os.path.join(out, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
PY
elif command -v jq >/dev/null 2>&1; then
    for f in "$vectors"/*/*.json; do
        jq -r '[.SubjectDN, .IssuerDN] | .[] | strings' "$f" 2>/dev/null || true
    done | sort -u | while IFS= read -r dn; do
        printf '%s' "$dn" > "$corpus/rfc4514/$(printf '%s' "$dn" | sha1sum | cut -d' ' -f1)"
    done
else
    echo "seed.sh: python3 or jq is needed for the rfc4514 corpus" >&2
    exit 1
fi

for t in csr cert key pem rfc4514; do
    printf '%-8s %4d seeds\n' "$t" "$(find "$corpus/$t" -type f | wc -l)"
done

# pkcs12: bundles with the password the target uses ("fuzz") and one iteration, with and
# without a MAC, with unencrypted bags (so mutations reach the bag parser) and legacy
# ciphers; and the peer bundles of vectors/pkcs12 (their own passwords: they exercise the
# MAC, and the ones with no password open).
mkdir -p "$corpus/pkcs12"
for f in "$vectors"/pkcs12/*.p12 "$vectors"/pkcs12/*.pfx; do
    [ -e "$f" ] && cp "$f" "$corpus/pkcs12/pkcs12-$(basename "$f")"
done
if command -v openssl >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    key="$vectors/key/p256-pkcs8.pem"
    openssl req -x509 -key "$key" -subj /CN=fuzz -days 1 -out "$tmp/c.pem" 2>/dev/null
    p12() { openssl pkcs12 -export -inkey "$key" -in "$tmp/c.pem" -passout pass:fuzz "$@" 2>/dev/null || true; }
    p12 -noiter -nomaciter -out "$corpus/pkcs12/fuzz-aes.p12"
    p12 -nomac -certpbe NONE -keypbe NONE -out "$corpus/pkcs12/fuzz-plain-nomac.p12"
    p12 -certpbe NONE -keypbe NONE -nomaciter -out "$corpus/pkcs12/fuzz-plain-mac.p12"
    p12 -legacy -noiter -nomaciter -out "$corpus/pkcs12/fuzz-legacy.p12"
    rm -rf "$tmp"
fi
