#!/usr/bin/env bash
# Make csrkit's GmSSL peer vectors: SM2 keys, CSRs and certificates written by
# the `gmssl` 3.x command line tool, each with a sidecar JSON of the values
# csrkit must report. Every expected value comes from `openssl` (3.x),
# `gmssl`, coreutils, or decrypt_sm4_key.py (gmssl-pyx), never from csrkit.
#
#   bash vectors/gmssl/make_gmssl.sh
#
# Needs on PATH: gmssl (3.x), openssl (3.x), python3 with the PyPI package
# gmssl-pyx, GNU coreutils (sha256sum, md5sum, od, date). It does not build or
# install anything. It rewrites only the files it makes in this folder (see
# README.md); keys are random, so hashes, serials and dates change every run.
set -euo pipefail
export LC_ALL=C.UTF-8

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$HERE"
DIR=gmssl                          # this folder, as seen from vectors/
VEC=$(cd .. && pwd)                # vectors/
DISTID=1234567812345678
PW='csrkit-GmSSL-Pw-2026'

die() { echo "make_gmssl.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- prerequisites
missing=()
for t in gmssl openssl python3 sha256sum md5sum od date awk sed; do
  command -v "$t" >/dev/null 2>&1 || missing+=("$t")
done
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import gmssl_pyx' 2>/dev/null; then
  missing+=("python3 package gmssl-pyx (pip install gmssl-pyx)")
fi
if command -v date >/dev/null 2>&1 && ! date -u -d 'Jan  1 00:00:00 2000 GMT' +%s >/dev/null 2>&1; then
  missing+=("GNU date (date -d)")
fi
if ((${#missing[@]})); then
  printf 'make_gmssl.sh: missing: %s\n' "${missing[@]}" >&2
  echo "make_gmssl.sh: gmssl comes from https://github.com/guanzhi/GmSSL (cmake, make, make install);" \
       "openssl 3.x from your distribution" >&2
  exit 1
fi
case "$(gmssl version 2>&1)" in GmSSL\ 3.*) ;; *) die "gmssl is not GmSSL 3.x: $(gmssl version 2>&1)";; esac
case "$(openssl version)" in OpenSSL\ 3.*) ;; *) die "openssl is not 3.x (needed for SM2): $(openssl version)";; esac

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# ---------------------------------------------------------------- helpers
# JSON string
j() {
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\r'/\\r}; s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}
# JSON array of strings
ja() {
  local out="" x
  for x in "$@"; do out+="${out:+, }$(j "$x")"; done
  printf '[%s]' "$out"
}
sha256_of() { sha256sum "$1" | cut -d' ' -f1; }
md5_of() { md5sum "$1" | cut -d' ' -f1; }

# DER of a PEM file, straight from its base64 (no re-encoding)
pem_body_der() {
  sed -n '/^-----BEGIN /,/^-----END /p' "$1" | sed '1d;$d' | openssl base64 -d > "$2"
  [ -s "$2" ] || die "$1: empty PEM body"
}

# asn1parse lines as "offset depth headerlen length kind|value"
asn1() {
  openssl asn1parse -inform DER -in "$1" | awk '{
    line = $0
    match(line, /^ *[0-9]+:/); off = substr(line, RSTART, RLENGTH - 1); gsub(/ /, "", off)
    match(line, /d=[0-9]+/); d = substr(line, RSTART + 2, RLENGTH - 2)
    match(line, /hl=[0-9]+/); hl = substr(line, RSTART + 3, RLENGTH - 3)
    match(line, / l= *[0-9]+/); l = substr(line, RSTART, RLENGTH); sub(/ l= */, "", l)
    rest = line; sub(/^.*(prim|cons): */, "", rest)
    val = ""; i = index(rest, ":"); if (i) { val = substr(rest, i + 1); rest = substr(rest, 1, i - 1) }
    sub(/ *\[HEX DUMP\] *$/, "", rest); sub(/ +$/, "", rest)
    print off " " d " " hl " " l " " rest "|" val
  }'
}

# dotted OID from the DER content bytes at OFFSET+HL, LEN long
oid_at() { # file offset hl len
  local hex i b n=0 out="" first=1
  hex=$(od -An -tx1 -v -j $(($2 + $3)) -N "$4" "$1" | tr -d ' \n')
  for ((i = 0; i < ${#hex}; i += 2)); do
    b=$((16#${hex:i:2}))
    n=$(((n << 7) | (b & 0x7f)))
    if (((b & 0x80) == 0)); then
      if ((first)); then
        if ((n < 80)); then out="$((n / 40)).$((n % 40))"; else out="2.$((n - 80))"; fi
        first=0
      else
        out+=".$n"
      fi
      n=0
    fi
  done
  echo "$out"
}

# "offset hl len" of the first asn1 line at DEPTH whose kind is KIND (nth match, default 1)
find_el() { # asn1file depth kind [nth]
  awk -v d="$2" -v k="$3" -v nth="${4:-1}" -F'|' '
    { split($1, a, " "); kind = $1; sub(/^[0-9]+ [0-9]+ [0-9]+ [0-9]+ /, "", kind)
      if (a[2] == d && kind == k && ++seen == nth) { print a[1], a[3], a[4]; exit } }' "$1"
}
value_of() { # asn1file depth kind [nth] -> the text after ':'
  awk -v d="$2" -v k="$3" -v nth="${4:-1}" -F'|' '
    { split($1, a, " "); kind = $1; sub(/^[0-9]+ [0-9]+ [0-9]+ [0-9]+ /, "", kind)
      if (a[2] == d && kind == k && ++seen == nth) { print $2; exit } }' "$1"
}

# KeySha2 of the public key in a CSR (req) or certificate (x509) PEM
keysha_of() { # req|x509 file
  openssl "$1" -in "$2" -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1
}

# SM2 signature check with openssl pkeyutl: prints true/false
sm2_check() { # pubkey.pem data sig id|""
  local out
  local args=(pkeyutl -verify -pubin -inkey "$1" -rawin -digest sm3 -in "$2" -sigfile "$3")
  [ -n "$4" ] && args+=(-pkeyopt "distid:$4")
  out=$(openssl "${args[@]}" 2>&1 || true)
  case "$out" in
    *"Signature Verified Successfully"*) echo true ;;
    *"Signature Verification Failure"*) echo false ;;
    *) die "pkeyutl: $out" ;;
  esac
}

# split a signed DER (CSR or certificate) into tbs and signature
split_signed() { # der asn1file tbs sig
  local off sigoff
  off=$(find_el "$2" 1 SEQUENCE | cut -d' ' -f1)
  sigoff=$(find_el "$2" 1 "BIT STRING" | cut -d' ' -f1)
  openssl asn1parse -inform DER -in "$1" -strparse "$off" -noout -out "$3"
  openssl asn1parse -inform DER -in "$1" -strparse "$sigoff" -noout -out "$4"
}

# signature algorithm OID (the OBJECT at depth 2: only the outer one is there)
sigalg_of() { # der asn1file -> "oid params"
  local o h l seqlen
  read -r o h l < <(find_el "$2" 2 OBJECT)
  seqlen=$(awk -v off="$((o - 2))" '$1 == off { print $4; exit }' "$2")
  local params=absent
  [ "$seqlen" = "$((h + l))" ] || params=present
  echo "$(oid_at "$1" "$o" "$h" "$l") $params"
}

# subject fields from openssl's multiline view
subject_lines() { # req|x509 file subject|issuer
  openssl "$1" -in "$2" -noout "-$3" -nameopt multiline,sname,utf8,-esc_msb | sed 1d
}
field() { # lines attr -> values joined by ","
  printf '%s\n' "$1" | sed -n -E "s/^ +$2 += //p" | paste -sd, -
}
jfield() { local v; v=$(field "$1" "$2"); if [ -n "$v" ]; then j "$v"; else printf null; fi; }
dn_of() { # req|x509 file subject|issuer -> csrkit's SubjectDN
  openssl "$1" -in "$2" -noout "-$3" -nameopt sep_comma_plus,sname,utf8 | sed -E "s/^$3=//"
}

req_verify_msg() { # csr [distid]
  local args=(req -verify -noout -in "$1")
  [ -n "${2:-}" ] && args+=(-vfyopt "distid:$2")
  # OpenSSL 3.0 exits 0 even when the signature is bad: read the message
  openssl "${args[@]}" 2>&1 | grep -E 'verify (OK|failure)' | head -1 || true
}

epoch_ms() { echo $(($(date -u -d "$1" +%s) * 1000)); }

# ---------------------------------------------------------------- clean
rm -f key-[0-9]*.pem key-[0-9]*.json csr-[0-9]*.pem csr-[0-9]*.json ca.pem ca.json leaf.pem leaf.json \
      password.txt
printf '%s\n' "$PW" > password.txt

# ---------------------------------------------------------------- make
declare -A MAKER
MAKER[key-1]="gmssl sm2keygen -pass $PW -out key-1.pem -pubout key-1-pub.pem"
MAKER[key-2]="gmssl sm2keygen -pass $PW -out key-2.pem -pubout key-2-pub.pem"
MAKER[key-3]="gmssl sm2keygen -pass $PW -out key-3.pem -pubout key-3-pub.pem"
for k in key-1 key-2 key-3; do
  gmssl sm2keygen -pass "$PW" -out "$k.pem" -pubout "$k-pub.pem"
done

LEAF_CN=www.gmssl-test.example.cn
CA_CN="csrkit GmSSL Test CA"
gmssl reqgen -C CN -ST Beijing -L Haidian -O PKU -OU CS -CN "$LEAF_CN" \
  -key key-1.pem -pass "$PW" -out csr-1.pem
MAKER[csr-1]="gmssl reqgen -C CN -ST Beijing -L Haidian -O PKU -OU CS -CN $LEAF_CN -key key-1.pem -pass $PW -out csr-1.pem"
gmssl reqgen -C CN -ST Beijing -L Haidian -O PKU -OU CA -CN "$CA_CN" \
  -key key-2.pem -pass "$PW" -out csr-2.pem
MAKER[csr-2]="gmssl reqgen -C CN -ST Beijing -L Haidian -O PKU -OU CA -CN '$CA_CN' -key key-2.pem -pass $PW -out csr-2.pem"
gmssl reqgen -C CN -ST 北京 -L 海淀 -O 北京大学 -OU 'R&D, Lab' -CN 测试.example.cn \
  -key key-3.pem -pass "$PW" -out csr-3.pem
MAKER[csr-3]="gmssl reqgen -C CN -ST 北京 -L 海淀 -O 北京大学 -OU 'R&D, Lab' -CN 测试.example.cn -key key-3.pem -pass $PW -out csr-3.pem"

gmssl certgen -C CN -ST Beijing -L Haidian -O PKU -OU CA -CN "$CA_CN" -serial_len 12 -days 3650 \
  -key key-2.pem -pass "$PW" -ca -path_len_constraint 0 -key_usage keyCertSign -key_usage cRLSign \
  -gen_subject_key_id -out ca.pem
MAKER[ca]="gmssl certgen -C CN -ST Beijing -L Haidian -O PKU -OU CA -CN '$CA_CN' -serial_len 12 -days 3650 -key key-2.pem -pass $PW -ca -path_len_constraint 0 -key_usage keyCertSign -key_usage cRLSign -gen_subject_key_id -out ca.pem"

gmssl reqsign -in csr-1.pem -serial_len 12 -days 365 -cacert ca.pem -key key-2.pem -pass "$PW" \
  -key_usage digitalSignature -ext_key_usage serverAuth -subject_dns_name "$LEAF_CN" \
  -gen_authority_key_id -gen_subject_key_id -out leaf.pem
MAKER[leaf]="gmssl reqsign -in csr-1.pem -serial_len 12 -days 365 -cacert ca.pem -key key-2.pem -pass $PW -key_usage digitalSignature -ext_key_usage serverAuth -subject_dns_name $LEAF_CN -gen_authority_key_id -gen_subject_key_id -out leaf.pem"

KEYS=(key-1 key-2 key-3)
CSRS=(csr-1 csr-2 csr-3)
CERTS=(ca leaf)

# ---------------------------------------------------------------- key facts
declare -A KSHA PBES2
for k in "${KEYS[@]}"; do
  # 1) gmssl's -pubout through openssl; 2) gmssl's own DER bytes; 3) decrypt the key itself
  a=$(openssl pkey -pubin -in "$k-pub.pem" -outform DER | sha256sum | cut -d' ' -f1)
  pem_body_der "$k-pub.pem" "$T/$k-pub.der"
  b=$(sha256_of "$T/$k-pub.der")
  [ "$a" = "$b" ] || die "$k: gmssl's SPKI bytes ($b) are not what openssl re-encodes ($a)"
  python3 "$HERE/decrypt_sm4_key.py" "$k.pem" password.txt --require-gmssl-readable > "$T/$k.dec.json" ||
    die "$k: decrypt_sm4_key.py failed"
  c=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["KeySha2"])' "$T/$k.dec.json")
  [ "$a" = "$c" ] || die "$k: decrypt_sm4_key.py says KeySha2 $c, gmssl's pubout says $a"
  KSHA[$k]=$a

  # PBES2 structure, from openssl asn1parse of the encrypted key
  pem_body_der "$k.pem" "$T/$k.der"
  asn1 "$T/$k.der" > "$T/$k.asn1"
  [ "$(value_of "$T/$k.asn1" 2 OBJECT)" = PBES2 ] || die "$k: not PBES2"
  [ "$(value_of "$T/$k.asn1" 4 OBJECT)" = PBKDF2 ] || die "$k: not PBKDF2"
  read -r o h l < <(find_el "$T/$k.asn1" 6 OBJECT); prf=$(oid_at "$T/$k.der" "$o" "$h" "$l")
  read -r o h l < <(find_el "$T/$k.asn1" 4 OBJECT 2); cipher=$(oid_at "$T/$k.der" "$o" "$h" "$l")
  read -r _ _ saltlen < <(find_el "$T/$k.asn1" 5 "OCTET STRING")
  read -r _ _ ivlen < <(find_el "$T/$k.asn1" 4 "OCTET STRING")
  iter=$((16#$(value_of "$T/$k.asn1" 5 INTEGER 1)))
  kl=$(value_of "$T/$k.asn1" 5 INTEGER 2); keylen=${kl:+$((16#$kl))}
  read -r _ _ prfseq < <(find_el "$T/$k.asn1" 5 SEQUENCE)
  read -r _ h l < <(find_el "$T/$k.asn1" 6 OBJECT)
  prfparams=present; [ "$prfseq" = "$((h + l))" ] && prfparams=absent
  [ "$prf" = 1.2.156.10197.1.401.2 ] || die "$k: PRF is $prf"
  [ "$cipher" = 1.2.156.10197.1.104.2 ] || die "$k: cipher is $cipher"
  python3 - "$T/$k.dec.json" "$prf" "$cipher" "$saltlen" "$iter" "${keylen:-None}" "$ivlen" "$prfparams" <<'PY' ||
import json, sys
p = json.load(open(sys.argv[1]))["Pbes2"]
want = [p["Prf"], p["Cipher"], str(p["SaltLength"]), str(p["Iterations"]), str(p["KeyLength"]),
        str(p["IvLength"]), p["PrfParameters"]]
sys.exit(0 if want == sys.argv[2:] else f"decrypt_sm4_key.py {want} != asn1parse {sys.argv[2:]}")
PY
    die "$k: decrypt_sm4_key.py and openssl asn1parse disagree on the PBES2 parameters"
  PBES2[$k]="{\"Prf\": $(j "$prf"), \"PrfName\": \"hmacWithSM3\", \"PrfParameters\": $(j "$prfparams"), \"Cipher\": $(j "$cipher"), \"CipherName\": \"sm4-cbc\", \"SaltLength\": $saltlen, \"Iterations\": $iter, \"KeyLength\": ${keylen:-null}, \"IvLength\": $ivlen}"
done

# gmssl itself reads the encrypted key back: sign with key-1, verify three ways
printf 'csrkit GmSSL vector check\n' > "$T/msg"
gmssl sm2sign -key key-1.pem -pass "$PW" -in "$T/msg" -out "$T/msg.sig"
gmssl sm2verify -pubkey key-1-pub.pem -in "$T/msg" -sig "$T/msg.sig" | grep -q 'verify : success' ||
  die "gmssl sm2verify -pubkey failed"
gmssl sm2verify -cert leaf.pem -in "$T/msg" -sig "$T/msg.sig" | grep -q 'verify : success' ||
  die "gmssl sm2verify -cert failed"
[ "$(sm2_check key-1-pub.pem "$T/msg" "$T/msg.sig" "$DISTID")" = true ] ||
  die "openssl cannot verify gmssl sm2sign's signature with distid $DISTID"
if gmssl sm2sign -key key-1.pem -pass "not-the-password" -in "$T/msg" -out "$T/bad.sig" >/dev/null 2>&1; then
  die "gmssl sm2sign accepted a wrong password"
fi
SIGNCHECK="gmssl sm2sign -key key-1.pem -pass $PW -in MSG -out SIG: OK; gmssl sm2verify -pubkey key-1-pub.pem (and -cert leaf.pem) -in MSG -sig SIG: 'verify : success'; openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:$DISTID: verified; a wrong -pass: 'private key decryption failure'"

# ---------------------------------------------------------------- CSRs and certificates
declare -A ASHA      # artifact file -> KeySha2
declare -A SUBJECT_FILE
for c in "${CSRS[@]}"; do ASHA[$DIR/$c.pem]=$(keysha_of req "$c.pem"); done
for c in "${CERTS[@]}"; do ASHA[$DIR/$c.pem]=$(keysha_of x509 "$c.pem"); done

# csrkit's main corpus has SM2 CSRs and a certificate with other keys: useful non-matches
OTHERS=()
for f in csr/sm2-sm3.pem cert/sm2-selfsigned.pem; do
  if [ -f "$VEC/$f" ]; then
    kind=req; [[ $f == cert/* ]] && kind=x509
    s=$(keysha_of "$kind" "$VEC/$f")
    for k in "${KEYS[@]}"; do [ "$s" != "${KSHA[$k]}" ] || die "$f has the key of $k?"; done
    OTHERS+=("$f")
  fi
done

check_sm2_pub() { # req|x509 file
  local txt
  txt=$(openssl "$1" -in "$2" -noout -text)
  grep -q 'Public-Key: (256 bit)' <<<"$txt" || die "$2: not a 256-bit key"
  grep -q 'ASN1 OID: SM2' <<<"$txt" || die "$2: not on the SM2 curve"
}

for c in "${CSRS[@]}"; do
  f=$c.pem
  pem_body_der "$f" "$T/$c.der"
  openssl req -in "$f" -outform DER -out "$T/$c.ossl.der"
  cmp -s "$T/$c.der" "$T/$c.ossl.der" || die "$f: openssl re-encodes the CSR differently"
  asn1 "$T/$c.der" > "$T/$c.asn1"
  read -r sigoid sigparams < <(sigalg_of "$T/$c.der" "$T/$c.asn1")
  [ "$sigoid" = 1.2.156.10197.1.501 ] || die "$f: signature algorithm $sigoid"
  check_sm2_pub req "$f"
  split_signed "$T/$c.der" "$T/$c.asn1" "$T/$c.tbs" "$T/$c.sig"
  openssl req -in "$f" -pubkey -noout > "$T/$c.pub.pem"
  v_id=$(sm2_check "$T/$c.pub.pem" "$T/$c.tbs" "$T/$c.sig" "$DISTID")
  v_empty=$(sm2_check "$T/$c.pub.pem" "$T/$c.tbs" "$T/$c.sig" "")
  m_id=$(req_verify_msg "$f" "$DISTID")
  m_def=$(req_verify_msg "$f")
  case "$m_id" in *"verify OK") r=true ;; *"verify failure") r=false ;; *) die "$f: req -verify: $m_id" ;; esac
  [ "$r" = "$v_id" ] || die "$f: openssl req -verify ($r) and pkeyutl ($v_id) disagree"
  lines=$(subject_lines req "$f" subject)
  {
    printf '{\n'
    printf '  "File": %s,\n' "$(j "$DIR/$f")"
    printf '  "Kind": "CSR",\n'
    printf '  "Algorithm": "SM2",\n  "KeySize": 256,\n'
    printf '  "KeySha2": %s,\n' "$(j "${ASHA[$DIR/$f]}")"
    printf '  "CommonName": %s,\n' "$(jfield "$lines" CN)"
    printf '  "CountryCode": %s,\n' "$(jfield "$lines" C)"
    printf '  "Province": %s,\n' "$(jfield "$lines" ST)"
    printf '  "Locality": %s,\n' "$(jfield "$lines" L)"
    printf '  "CorpName": %s,\n' "$(jfield "$lines" O)"
    printf '  "Department": %s,\n' "$(jfield "$lines" OU)"
    printf '  "Sans": "",\n  "SanEntries": [],\n'
    printf '  "SubjectDN": %s,\n' "$(j "$(dn_of req "$f" subject)")"
    printf '  "SignAlgorithm": "SM3WITHSM2",\n'
    printf '  "SignAlgorithmOid": %s,\n' "$(j "$sigoid")"
    printf '  "SignAlgorithmParameters": %s,\n' "$(j "$sigparams")"
    printf '  "SignatureValid": %s,\n' "$v_id"
    printf '  "Sha2": %s,\n' "$(j "$(sha256_of "$T/$c.der")")"
    printf '  "Md5": %s,\n' "$(j "$(md5_of "$T/$c.der")")"
    printf '  "OpensslReqVerify": {"-vfyopt distid:%s": %s, "no -vfyopt": %s},\n' "$DISTID" "$(j "$m_id")" "$(j "$m_def")"
    printf '  "PkeyutlVerify": {"distid:%s": %s, "empty id": %s},\n' "$DISTID" "$v_id" "$v_empty"
    printf '  "Maker": %s,\n' "$(j "${MAKER[$c]}")"
    printf '  "Note": %s\n' "$(j "made by GmSSL $(gmssl version | sed 's/^GmSSL //'). GmSSL signs CSRs with the SM2 ID $DISTID and writes no attributes (empty [0]); its DN strings are PrintableString where the value allows, else UTF8String. Checked with: openssl req -verify -vfyopt distid:$DISTID -in $DIR/$f -noout")"
    printf '}\n'
  } > "$c.json"
done

for c in "${CERTS[@]}"; do
  f=$c.pem
  pem_body_der "$f" "$T/$c.der"
  openssl x509 -in "$f" -outform DER -out "$T/$c.ossl.der"
  cmp -s "$T/$c.der" "$T/$c.ossl.der" || die "$f: openssl re-encodes the certificate differently"
  asn1 "$T/$c.der" > "$T/$c.asn1"
  read -r sigoid sigparams < <(sigalg_of "$T/$c.der" "$T/$c.asn1")
  [ "$sigoid" = 1.2.156.10197.1.501 ] || die "$f: signature algorithm $sigoid"
  check_sm2_pub x509 "$f"
  split_signed "$T/$c.der" "$T/$c.asn1" "$T/$c.tbs" "$T/$c.sig"
  issuer=ca.pem
  openssl x509 -in "$issuer" -pubkey -noout > "$T/$c.issuer.pub.pem"
  v_id=$(sm2_check "$T/$c.issuer.pub.pem" "$T/$c.tbs" "$T/$c.sig" "$DISTID")
  v_empty=$(sm2_check "$T/$c.issuer.pub.pem" "$T/$c.tbs" "$T/$c.sig" "")
  if [ "$c" = leaf ]; then
    gv=$(gmssl certverify -server -in leaf.pem -cacert ca.pem 2>&1 | tail -1)
    ov=$(openssl verify -CAfile ca.pem -vfyopt "distid:$DISTID" leaf.pem 2>&1 | head -1)
    [ "$gv" = "Verification success" ] || die "gmssl certverify leaf: $gv"
    [ "$ov" = "leaf.pem: OK" ] || die "openssl verify leaf: $ov"
    certverify="gmssl certverify -server -in leaf.pem -cacert ca.pem: '$gv'; openssl verify -CAfile ca.pem -vfyopt distid:$DISTID leaf.pem: '$ov'"
  else
    ss=$(openssl verify -CAfile ca.pem -check_ss_sig -vfyopt "distid:$DISTID" ca.pem 2>&1 | grep -E '^error|: OK$' | head -1 || true)
    certverify="the self-signature is checked with openssl pkeyutl (see PkeyutlVerify); openssl verify -CAfile ca.pem -check_ss_sig -vfyopt distid:$DISTID ca.pem says '$ss' (OpenSSL $(openssl version | cut -d' ' -f2) checks self-signatures with the empty ID; -vfyopt only reaches the chain)"
  fi
  [ "$v_id" = true ] || die "$f: signature does not verify with distid $DISTID"
  serial=$(openssl x509 -in "$f" -noout -serial | sed 's/^serial=//' | tr 'A-F' 'a-f')
  nb=$(openssl x509 -in "$f" -noout -startdate | sed 's/^notBefore=//')
  na=$(openssl x509 -in "$f" -noout -enddate | sed 's/^notAfter=//')
  before=$(epoch_ms "$nb"); after=$(epoch_ms "$na")
  exts=$(openssl x509 -in "$f" -noout -ext basicConstraints,extendedKeyUsage 2>/dev/null || true)
  if grep -q 'CA:TRUE' <<<"$exts"; then ctype=CA
  elif grep -q 'TLS Web Client Authentication' <<<"$exts" && ! grep -q 'TLS Web Server Authentication' <<<"$exts"; then ctype=CLIENT
  elif grep -q 'TLS Web Server Authentication' <<<"$exts"; then ctype=SERVER
  else ctype=END_ENTITY; fi
  sans=()
  while IFS= read -r s; do [ -n "$s" ] && sans+=("$s"); done < <(
    openssl x509 -in "$f" -noout -ext subjectAltName 2>/dev/null | sed 1d | tr ',' '\n' | sed -E 's/^ +//')
  entries="" compact=""
  for s in "${sans[@]}"; do
    case "$s" in DNS:*) ty=2 ;; email:*) ty=1 ;; URI:*) ty=6 ;; *) die "$f: SAN $s not expected" ;; esac
    v=${s#*:}
    entries+="${entries:+, }{\"Type\": $ty, \"Value\": $(j "$v")}"
    compact+="${compact:+,}{\"Type\":$ty,\"Value\":$(j "$v")}"
  done
  lines=$(subject_lines x509 "$f" subject)
  pem=$(openssl x509 -inform DER -in "$T/$c.der" -outform PEM)
  {
    printf '{\n'
    printf '  "File": %s,\n' "$(j "$DIR/$f")"
    printf '  "Kind": "CERTIFICATE",\n'
    printf '  "SerialNumber": %s,\n' "$(j "$serial")"
    printf '  "SubjectDN": %s,\n' "$(j "$(dn_of x509 "$f" subject)")"
    printf '  "CommonName": %s,\n' "$(jfield "$lines" CN)"
    printf '  "Organization": %s,\n' "$(jfield "$lines" O)"
    printf '  "OrganizationUnit": %s,\n' "$(jfield "$lines" OU)"
    printf '  "Locality": %s,\n' "$(jfield "$lines" L)"
    printf '  "State": %s,\n' "$(jfield "$lines" ST)"
    printf '  "CountryCode": %s,\n' "$(jfield "$lines" C)"
    printf '  "Sans": %s,\n' "$(j "[$compact]")"
    printf '  "SanEntries": [%s],\n' "$entries"
    printf '  "BeforeDate": %s,\n  "AfterDate": %s,\n' "$before" "$after"
    printf '  "Days": %s,\n' "$(((after - before) / 86400000))"
    printf '  "Algorithm": "SM2",\n  "KeySize": 256,\n'
    printf '  "KeySha2": %s,\n' "$(j "${ASHA[$DIR/$f]}")"
    printf '  "SignAlgorithm": "SM3WITHSM2",\n'
    printf '  "SignAlgorithmOid": %s,\n' "$(j "$sigoid")"
    printf '  "SignAlgorithmParameters": %s,\n' "$(j "$sigparams")"
    printf '  "Sha2": %s,\n' "$(j "$(sha256_of "$T/$c.der")")"
    printf '  "Md5": %s,\n' "$(j "$(md5_of "$T/$c.der")")"
    printf '  "CertificateType": %s,\n' "$(j "$ctype")"
    printf '  "IssuerDN": %s,\n' "$(j "$(dn_of x509 "$f" issuer)")"
    printf '  "X509Certificate": %s,\n' "$(j "$pem"$'\n')"
    printf '  "SignatureValid": %s,\n' "$v_id"
    [ "$c" = leaf ] && printf '  "Issuer": %s,\n' "$(j "$DIR/ca.pem")"
    printf '  "PkeyutlVerify": {"distid:%s": %s, "empty id": %s},\n' "$DISTID" "$v_id" "$v_empty"
    printf '  "ChainVerify": %s,\n' "$(j "$certverify")"
    printf '  "Maker": %s,\n' "$(j "${MAKER[$c]}")"
    printf '  "Note": %s\n' "$(j "made by GmSSL $(gmssl version | sed 's/^GmSSL //'), signed with the SM2 ID $DISTID; checked with openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:$DISTID on the TBSCertificate with the issuer's key")"
    printf '}\n'
  } > "$c.json"
done

# ---------------------------------------------------------------- key JSONs
ARTIFACTS=()
for c in "${CSRS[@]}" "${CERTS[@]}"; do ARTIFACTS+=("$DIR/$c.pem"); done
for k in "${KEYS[@]}"; do
  m=() n=()
  for a in "${ARTIFACTS[@]}"; do
    if [ "${ASHA[$a]}" = "${KSHA[$k]}" ]; then m+=("$a"); else n+=("$a"); fi
  done
  n+=("${OTHERS[@]}")
  ((${#m[@]})) || die "$k matches nothing"
  note="GmSSL's PKCS#8 EncryptedPrivateKeyInfo: PBES2, PBKDF2 with hmacWithSM3 (PRF AlgorithmIdentifier without parameters) and keyLength 16, SM4-CBC. OpenSSL 3.0 cannot read it ('unsupported prf'). Decrypt with: python3 vectors/gmssl/decrypt_sm4_key.py vectors/$DIR/$k.pem vectors/$DIR/password.txt"
  [ "$k" = key-1 ] && note+=". $SIGNCHECK"
  {
    printf '{\n'
    printf '  "File": %s,\n' "$(j "$DIR/$k.pem")"
    printf '  "Format": "pkcs8-encrypted",\n  "Encoding": "pem",\n'
    printf '  "Algorithm": "SM2",\n  "KeySize": 256,\n'
    printf '  "KeySha2": %s,\n' "$(j "${KSHA[$k]}")"
    printf '  "Password": %s,\n' "$(j "$DIR/password.txt")"
    printf '  "PublicKeyFile": %s,\n' "$(j "$DIR/$k-pub.pem")"
    printf '  "Pbes2": %s,\n' "${PBES2[$k]}"
    printf '  "Matches": %s,\n' "$(ja "${m[@]}")"
    printf '  "DoesNotMatch": %s,\n' "$(ja "${n[@]}")"
    printf '  "Maker": %s,\n' "$(j "${MAKER[$k]}")"
    printf '  "Note": %s\n' "$(j "$note")"
    printf '}\n'
  } > "$k.json"
done

# ---------------------------------------------------------------- self-check
for f in *.json; do
  python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$f" || die "$f is not valid JSON"
done
echo "make_gmssl.sh: $(gmssl version); $(openssl version)"
echo "make_gmssl.sh: wrote $(ls key-[0-9].pem key-[0-9]-pub.pem csr-[0-9].pem ca.pem leaf.pem *.json password.txt | wc -l) files in vectors/$DIR"
