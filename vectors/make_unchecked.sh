#!/usr/bin/env bash
# (Re)generate vectors/unchecked/: certificates whose signature algorithm csrkit does not
# check (SHA-1, MD5, RSASSA-PSS), made by the openssl 3 CLI, with the CA that issued them
# and another CA. Each sidecar holds what OpenSSL says: the signature algorithm as
# `openssl x509 -text` names it and `openssl verify`'s verdict against the real CA.
# csrkit's rule: SignatureValid is null for these, with or without --issuer, whichever issuer.
set -euo pipefail
cd "$(dirname "$0")"
out=unchecked
rm -rf "$out" && mkdir "$out"
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" -subj "/O=Unchecked Test/CN=Unchecked Test CA" \
    -days 36500 -out "$out/ca.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/other.key" -subj "/O=Unchecked Test/CN=Other CA" \
    -days 36500 -out "$out/other-ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$tmp/leaf.key" -subj "/CN=leaf.example.com" -out "$tmp/leaf.csr" 2>/dev/null
sign() { # name, serial, options...
    local name=$1 serial=$2; shift 2
    openssl x509 -req -in "$tmp/leaf.csr" -CA "$out/ca.pem" -CAkey "$tmp/ca.key" -set_serial "$serial" \
        -days 36500 "$@" -out "$out/$name.pem" 2>/dev/null
}
sign leaf-sha1 1 -sha1
sign leaf-md5 2 -md5
sign leaf-pss 3 -sha256 -sigopt rsa_padding_mode:pss
for f in leaf-sha1 leaf-md5 leaf-pss; do
    alg=$(openssl x509 -in "$out/$f.pem" -noout -text | sed -n 's/^ *Signature Algorithm: *\([^ ]*\).*/\1/p' | head -1)
    verdict=$(openssl verify -CAfile "$out/ca.pem" "$out/$f.pem" 2>&1 | tail -1)
    cat > "$out/$f.json" <<JSON
{
  "File": "unchecked/$f.pem",
  "Issuer": "unchecked/ca.pem",
  "OtherIssuer": "unchecked/other-ca.pem",
  "OpenSSLSignatureAlgorithm": "$alg",
  "OpenSSLVerify": "$verdict",
  "SignatureValid": null,
  "Maker": "$(openssl version): openssl x509 -req -CA ca.pem (see make_unchecked.sh)"
}
JSON
done
echo "wrote $(ls "$out" | wc -l) files to vectors/$out"
