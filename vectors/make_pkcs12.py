#!/usr/bin/env python3
"""(Re)create vectors/pkcs12/: PKCS#12 (RFC 7292) bundles made by tools that are not csrkit,
each with a sidecar NAME.json of the values those tools report.

Three makers:

- pyca/cryptography's own test bundles, copied byte for byte from the PyPI package
  cryptography_vectors (same version as the installed cryptography), with the password that
  pyca's tests/hazmat/primitives/test_pkcs12.py uses for each file (PYCA_PICKS below);
- the `openssl` 3.0 CLI (`openssl pkcs12 -export ...`), from keys and certificates it makes
  here, plus one bundle from Python's `cryptography` (the CA-first bag order, which the openssl
  CLI cannot write when the bundle holds a key);
- Java's `keytool` (`-genkeypair -storetype PKCS12`, `-certreq`/`-gencert`/`-importcert`).

Every expected value comes from `openssl pkcs12 -info` (MAC, encryption schemes, bag order,
attributes, certificates), `openssl pkey`/`openssl x509` (KeySha2, LeafSubjectDN, the leaf PEM)
and cryptography's `pkcs12.load_pkcs12` (leaf, chain order, friendly names), checked against
each other and against a small DER walker below, which also tells how the MAC key's password
was encoded (absent, empty BMPString, or the password as BMPString). csrkit computes nothing.

Usage:  python3 vectors/make_pkcs12.py

The script deletes the files it owns in vectors/pkcs12/ (*.p12, *.pfx, *.json, *-leaf.pem) and
writes them again; README.md there is left alone. Keys of the openssl/keytool/cryptography
bundles are random, so their bytes and hashes change on every run; the names and the structure
do not. pyca's files are verbatim and pinned by SHA-256.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import math
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import cryptography
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "pkcs12"
OPENSSL = os.environ.get("OPENSSL", "openssl")
KEYTOOL = os.environ.get("KEYTOOL", "keytool")
JAVA = os.environ.get("JAVA", "java")
NAME_RE = re.compile(r"^[A-Za-z0-9_-]+$")
WORK: Path  # temporary directory, set in main()

# --------------------------------------------------------------------------
# pyca's bundles: (NAME, file in cryptography_vectors/pkcs12/, password, note)
# The password is what pyca's tests/hazmat/primitives/test_pkcs12.py passes (None = no password).
# java-truststore.p12 is not in the test_pkcs12.py versions read; its MAC is keyed with the empty
# password (BMPString 00 00), found by the MAC check below, so it is "" here.
# --------------------------------------------------------------------------
PYCA_PICKS = [
    ("pyca-cert-key-aes256cbc", "cert-key-aes256cbc.p12", "cryptography",
     "PBES2 (PBKDF2-hmacWithSHA1, AES-256-CBC) for the certificate safe and the key bag; SHA-1 MAC; "
     "P-256 key and its self-signed CA certificate (pyca's x509/custom/ca/ca.pem)"),
    ("pyca-cert-none-key-none", "cert-none-key-none.p12", "cryptography",
     "nothing encrypted: a plain certBag and a plain keyBag (PrivateKeyInfo), SHA-1 MAC with the password"),
    ("pyca-cert-rc2-key-3des", "cert-rc2-key-3des.p12", "cryptography",
     "legacy: certificates under pbeWithSHAAnd40BitRC2-CBC, key under pbeWithSHAAnd3-KeyTripleDES-CBC, "
     "SHA-1 MAC (the openssl 3 CLI needs -legacy to read it)"),
    ("pyca-cert-aes256cbc-no-key", "cert-aes256cbc-no-key.p12", "cryptography",
     "one certificate, no key: cryptography reports it as an additional certificate, not as the leaf"),
    ("pyca-no-cert-key-aes256cbc", "no-cert-key-aes256cbc.p12", "cryptography",
     "a key and no certificate at all"),
    ("pyca-no-password", "no-password.p12", None,
     "no password: RC2-40 certificates and 3DES key encrypted, and the MAC keyed, with the absent "
     "(zero-length) password; the MacData iterations field holds an explicit INTEGER 1 (DEFAULT 1), "
     "so the file is BER, not DER (cryptography warns and falls back to BER); the key bag's friendlyName "
     "BMPString ends with U+0000 ('6BC162DA' + NUL; OpenSSL prints it without the NUL)"),
    ("pyca-java-truststore", "java-truststore.p12", "",
     "Java truststore: two trusted certificates (no key), each with Oracle's trusted-key-usage "
     "attribute 2.16.840.1.113894.746875.1.1, one friendlyName; SHA-256 MAC keyed with the EMPTY "
     "password (BMPString 00 00), not the absent one"),
    ("pyca-name-all-pwd", "name-all-pwd.p12", "password",
     "3DES (20000 iterations) for certificates and key, SHA-1 MAC with 1 iteration (field omitted); "
     "leaf + 2 unrelated certificates, friendly names name, name2, name3"),
    ("pyca-name-all-no-pwd", "name-all-no-pwd.p12", None,
     "same certificates and names, nothing encrypted, MAC keyed with the absent password"),
    ("pyca-name-2-3-pwd", "name-2-3-pwd.p12", "password",
     "the leaf has no friendly name, the two others do"),
    ("pyca-no-name-pwd", "no-name-pwd.p12", "password", "no friendly names at all"),
    ("pyca-name-unicode-pwd", "name-unicode-pwd.p12", "password",
     "non-ASCII friendly names (U+263A, U+00E4, U+00E7) as BMPStrings; the password is ASCII"),
    ("pyca-name-unicode-no-pwd", "name-unicode-no-pwd.p12", None,
     "the same names, no password"),
    ("pyca-no-cert-name-unicode-pwd", "no-cert-name-unicode-pwd.p12", "password",
     "no key, two certificates with non-ASCII friendly names (U+2639, U+00EF)"),
    ("pyca-no-cert-no-name-no-pwd", "no-cert-no-name-no-pwd.p12", None,
     "no key, two certificates, no names, no password"),
]

# SHA-256 of each pyca file (cryptography_vectors 48.0.0): another package version must give the same bytes
PYCA_PINS = {
    "cert-key-aes256cbc.p12": "a7b8f2cf403ff9054dd7337e0d9bccfb72742b859bd73b1e7833ae800cceb213",
    "cert-none-key-none.p12": "de7ea73ece83b8172466ff97f00cae0942a460e63f9a130ccf7d784fe7296b1e",
    "cert-rc2-key-3des.p12": "0af54d61e727c41afaa67053ea34251c118cb291de7a57826a37fff9d5ccb4aa",
    "cert-aes256cbc-no-key.p12": "aea2ba682f526f4425c1dd5f3b98b3817e6b1a64d5cb58c3957703bdc1e82b04",
    "no-cert-key-aes256cbc.p12": "076c214f982d805ef3cc6670595bc2989694cae98b44ad8f67767dfe10d4ffa8",
    "no-password.p12": "cc48f8a70f807e6c64cc7e269685ee29ca1d7ed36934bbf882a7f0845515425d",
    "java-truststore.p12": "bffae9d410f390f10444747d3951d22811dab81925bf49321e61e65a5167d790",
    "name-all-pwd.p12": "4208b92777e31b8efaafa23362491b1990af947693a6dbe000a0670febe56f4c",
    "name-all-no-pwd.p12": "c4a0f933f3b68b6d9efdf11725483f637fd9bc8e2074043fa8b9e0e20323fc91",
    "name-2-3-pwd.p12": "2567aefaab51f6dec295a4189d4a0315c88cf3f273b3a1e5622d961f05e9c45d",
    "no-name-pwd.p12": "58084a5da72dd02e3a6b8a8d32936b8fd50205a2186a15b0fc863f18250fb2ec",
    "name-unicode-pwd.p12": "566614621a1c47672437d03f3c3426949bd51720344a36a415f01b3341f0ae75",
    "name-unicode-no-pwd.p12": "a02b0ee6edc706ebe730c952479d158f5f5d7a74e006ed2020f5d76b4a62e345",
    "no-cert-name-unicode-pwd.p12": "5fde5234970215e68e85f76b644e921eadaf656ae1a1c2206a89caa0353cf86e",
    "no-cert-no-name-no-pwd.p12": "de2550a9bcee2934b6366876d421fd3ea8cedfc8652a6bb904b91aad9148250a",
}

# Fixed passwords of the bundles made here (stored in each sidecar).
PW = "csrkit-P12-pass"
PW_UTF8 = "pässwörd-密码"  # BMP characters only: UTF-16BE needs no surrogates
PW_KEYTOOL = "csrkit-keytool-pass"
PW_KEYTOOL_CA = "csrkit-keytool-ca-pass"

SUBJ = "/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=IT/CN={cn}"
CA_SUBJ = "/C=CN/O=Example Corp/CN=csrkit PKCS12 Test CA"

# --------------------------------------------------------------------------
# OIDs
# --------------------------------------------------------------------------
OID_DATA = "1.2.840.113549.1.7.1"
OID_ENCRYPTED_DATA = "1.2.840.113549.1.7.6"
OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
PKCS12_PBE = {  # OID -> OpenSSL's long name (what `openssl pkcs12 -info` prints)
    "1.2.840.113549.1.12.1.1": "pbeWithSHA1And128BitRC4",
    "1.2.840.113549.1.12.1.2": "pbeWithSHA1And40BitRC4",
    "1.2.840.113549.1.12.1.3": "pbeWithSHA1And3-KeyTripleDES-CBC",
    "1.2.840.113549.1.12.1.4": "pbeWithSHA1And2-KeyTripleDES-CBC",
    "1.2.840.113549.1.12.1.5": "pbeWithSHA1And128BitRC2-CBC",
    "1.2.840.113549.1.12.1.6": "pbeWithSHA1And40BitRC2-CBC",
}
PRF = {"1.2.840.113549.2.7": "hmacWithSHA1", "1.2.840.113549.2.8": "hmacWithSHA224",
       "1.2.840.113549.2.9": "hmacWithSHA256", "1.2.840.113549.2.10": "hmacWithSHA384",
       "1.2.840.113549.2.11": "hmacWithSHA512"}
CIPHER = {"2.16.840.1.101.3.4.1.2": "AES-128-CBC", "2.16.840.1.101.3.4.1.22": "AES-192-CBC",
          "2.16.840.1.101.3.4.1.42": "AES-256-CBC", "1.2.840.113549.3.7": "DES-EDE3-CBC",
          "1.2.156.10197.1.104.2": "SM4-CBC"}
DIGEST = {"1.3.14.3.2.26": "sha1", "2.16.840.1.101.3.4.2.4": "sha224", "2.16.840.1.101.3.4.2.1": "sha256",
          "2.16.840.1.101.3.4.2.2": "sha384", "2.16.840.1.101.3.4.2.3": "sha512",
          "1.2.156.10197.1.401": "sm3"}
BAG = {"1.2.840.113549.1.12.10.1.1": "keyBag", "1.2.840.113549.1.12.10.1.2": "pkcs8ShroudedKeyBag",
       "1.2.840.113549.1.12.10.1.3": "certBag", "1.2.840.113549.1.12.10.1.4": "crlBag",
       "1.2.840.113549.1.12.10.1.5": "secretBag", "1.2.840.113549.1.12.10.1.6": "safeContentsBag"}
OID_X509_CERT = "1.2.840.113549.1.9.22.1"
OID_FRIENDLY_NAME = "1.2.840.113549.1.9.20"
OID_LOCAL_KEY_ID = "1.2.840.113549.1.9.21"
OID_RSA = "1.2.840.113549.1.1.1"
OID_EC = "1.2.840.10045.2.1"
OID_SM2 = "1.2.156.10197.1.301"
CURVES = {"1.2.840.10045.3.1.7": "P-256", "1.3.132.0.34": "P-384", "1.3.132.0.35": "P-521", OID_SM2: "SM2"}

# --------------------------------------------------------------------------
# DER walker (independent of OpenSSL and cryptography)
# --------------------------------------------------------------------------


def tlv(buf: bytes, off: int):
    """(tag, start, content start, end). Definite lengths only."""
    tag = buf[off]
    assert tag & 0x1F != 0x1F, "high tag number"
    n = buf[off + 1]
    p = off + 2
    if n & 0x80:
        k = n & 0x7F
        assert 0 < k <= 4, "length form (indefinite lengths are not expected here)"
        n = int.from_bytes(buf[p:p + k], "big")
        p += k
    assert p + n <= len(buf), "length past end"
    return tag, off, p, p + n


def kids(buf: bytes, node):
    out, p = [], node[2]
    while p < node[3]:
        k = tlv(buf, p)
        out.append(k)
        p = k[3]
    return out


def body(buf, node) -> bytes:
    return buf[node[2]:node[3]]


def raw(buf, node) -> bytes:
    return buf[node[1]:node[3]]


def octets(buf, node) -> bytes:
    """An OCTET STRING's bytes, primitive or constructed (BER segments)."""
    if node[0] & 0x20:
        return b"".join(octets(buf, k) for k in kids(buf, node))
    return body(buf, node)


def oid_str(b: bytes) -> str:
    arcs, v = [], 0
    for x in b:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            arcs.append(v)
            v = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def integer(buf, node) -> int:
    assert node[0] == 0x02
    return int.from_bytes(body(buf, node), "big", signed=True)


def top(der: bytes):
    node = tlv(der, 0)
    assert node[3] == len(der), "data after the PFX"
    return node


def alg_desc(buf, alg_node) -> dict:
    """A PBE AlgorithmIdentifier as the sidecars describe it."""
    k = kids(buf, alg_node)
    oid = oid_str(body(buf, k[0]))
    if oid in PKCS12_PBE:
        salt, it = kids(buf, k[1])
        return {"Scheme": PKCS12_PBE[oid], "Oid": oid, "Kdf": "PKCS12 (RFC 7292 appendix B)",
                "Iterations": integer(buf, it), "SaltLength": len(body(buf, salt)), "_salt": body(buf, salt)}
    assert oid == OID_PBES2, f"PBE algorithm {oid}"
    kdf, enc = kids(buf, k[1])
    kdf_oid, kdf_params = kids(buf, kdf)
    assert oid_str(body(buf, kdf_oid)) == OID_PBKDF2, "PBES2 KDF other than PBKDF2"
    p = kids(buf, kdf_params)
    salt, it = p[0], p[1]
    assert salt[0] == 0x04, "PBKDF2 salt is not specified (OCTET STRING)"
    keylen, prf = None, "hmacWithSHA1"  # prf DEFAULT hmacWithSHA1
    for x in p[2:]:
        if x[0] == 0x02:
            keylen = integer(buf, x)
        else:
            prf_oid = oid_str(body(buf, kids(buf, x)[0]))
            prf = PRF.get(prf_oid, prf_oid)
    enc_k = kids(buf, enc)
    c_oid = oid_str(body(buf, enc_k[0]))
    d = {"Scheme": "PBES2", "Oid": OID_PBES2, "Kdf": "PBKDF2", "Prf": prf,
         "Cipher": CIPHER.get(c_oid, c_oid), "CipherOid": c_oid,
         "Iterations": integer(buf, it), "SaltLength": len(body(buf, salt)),
         "IvLength": len(body(buf, enc_k[1])), "_salt": body(buf, salt), "_iv": body(buf, enc_k[1])}
    if keylen is not None:
        d["KeyLength"] = keylen
    return d


def bag_attrs(buf, set_node) -> dict:
    out = {"FriendlyName": None, "LocalKeyId": None, "Other": []}
    for a in kids(buf, set_node):
        o, vals = kids(buf, a)
        oid = oid_str(body(buf, o))
        vs = kids(buf, vals)
        if oid == OID_FRIENDLY_NAME:
            assert vs[0][0] == 0x1E, "friendlyName is not a BMPString"
            out["FriendlyName"] = body(buf, vs[0]).decode("utf-16-be")
        elif oid == OID_LOCAL_KEY_ID:
            out["LocalKeyId"] = body(buf, vs[0]).hex()
        else:
            out["Other"].append(oid)
    return out


def walk_safe_contents(buf: bytes, pw: str | None) -> list[dict]:
    bags = []
    for b in kids(buf, top(buf)):
        k = kids(buf, b)
        kind = BAG.get(oid_str(body(buf, k[0])), oid_str(body(buf, k[0])))
        val = kids(buf, k[1])[0]
        bag = {"Type": kind}
        if kind == "certBag":
            cid, cval = kids(buf, val)
            assert oid_str(body(buf, cid)) == OID_X509_CERT, "certBag of another type"
            bag["CertDer"] = octets(buf, kids(buf, cval)[0])
        elif kind == "pkcs8ShroudedKeyBag":
            alg, ct = kids(buf, val)
            bag["Encryption"] = alg_desc(buf, alg)
            bag["KeyDer"], bag["PasswordForm"] = pbe_decrypt(bag["Encryption"], octets(buf, ct), pw)
        elif kind == "keyBag":
            bag["KeyDer"], bag["PasswordForm"] = raw(buf, val), None
        bag.update(bag_attrs(buf, k[2]) if len(k) > 2 else {"FriendlyName": None, "LocalKeyId": None, "Other": []})
        bags.append(bag)
    return bags


def walk_pfx(der: bytes, pw: str | None) -> dict:
    """Version, MAC parameters, and each safe: its type, its encryption and the password form that
    decrypts it, and its bags (decrypted here, with the password)."""
    pfx = kids(der, top(der))
    version = integer(der, pfx[0])
    ci = kids(der, pfx[1])
    assert oid_str(body(der, ci[0])) == OID_DATA, "authSafe is not id-data (public-key integrity mode?)"
    auth = octets(der, kids(der, ci[1])[0])
    mac = None
    if len(pfx) > 2:
        md = kids(der, pfx[2])
        dinfo = kids(der, md[0])
        alg = kids(der, dinfo[0])
        h = oid_str(body(der, alg[0]))
        it_explicit = len(md) > 2
        mac = {"hash": DIGEST[h], "hash_oid": h, "digest": body(der, dinfo[1]), "salt": body(der, md[1]),
               "iterations": integer(der, md[2]) if it_explicit else 1, "iterations_explicit": it_explicit,
               "alg_params": "NULL" if len(alg) > 1 and alg[1][0] == 0x05 else ("absent" if len(alg) == 1 else "other")}
    safes = []
    for c in kids(auth, top(auth)):
        k = kids(auth, c)
        ctype = oid_str(body(auth, k[0]))
        content = kids(auth, k[1])[0]
        if ctype == OID_DATA:
            safes.append({"ContentType": "data", "Encryption": None, "PasswordForm": None,
                          "Bags": walk_safe_contents(octets(auth, content), pw)})
        elif ctype == OID_ENCRYPTED_DATA:
            ed = kids(auth, content)
            eci = kids(auth, ed[1])
            assert oid_str(body(auth, eci[0])) == OID_DATA
            assert eci[2][0] in (0x80, 0xA0), "encryptedContent is not [0] IMPLICIT"
            enc = alg_desc(auth, eci[1])
            plain, form = pbe_decrypt(enc, octets(auth, eci[2]), pw)
            safes.append({"ContentType": "encryptedData", "Encryption": enc, "PasswordForm": form,
                          "Bags": walk_safe_contents(plain, pw)})
        else:
            raise AssertionError(f"safe of type {ctype} (enveloped data?)")
    return {"Version": version, "Mac": mac, "AuthSafe": auth, "Safes": safes}


def p12_kdf(hname: str, password: bytes, salt: bytes, id_: int, iterations: int, n: int) -> bytes:
    """RFC 7292 appendix B.2."""
    h = hashlib.new(hname)
    u, v = h.digest_size, h.block_size

    def fill(b: bytes) -> bytes:
        if not b:
            return b""
        k = v * math.ceil(len(b) / v)
        return (b * math.ceil(k / len(b)))[:k]

    d = bytes([id_]) * v
    i = bytearray(fill(salt) + fill(password))
    out = b""
    while len(out) < n:
        a = hashlib.new(hname, d + bytes(i)).digest()
        for _ in range(iterations - 1):
            a = hashlib.new(hname, a).digest()
        out += a
        b = int.from_bytes((a * math.ceil(v / u))[:v], "big")
        for j in range(0, len(i), v):
            i[j:j + v] = ((int.from_bytes(i[j:j + v], "big") + b + 1) % (1 << (8 * v))).to_bytes(v, "big")
    return out[:n]


def password_forms(password: str | None) -> dict[str, bytes]:
    """The candidate inputs to the RFC 7292 KDF: "absent" (zero bytes), and "empty" (BMPString
    00 00) for no or an empty password, "bmp" (UTF-16BE of the password + 00 00) otherwise."""
    cands = {"absent": b""}
    if password:
        cands["bmp"] = (password + "\0").encode("utf-16-be")
    else:
        cands["empty"] = b"\0\0"
    return cands


def cbc_decrypt(cipher: str, key: bytes, iv: bytes, ct: bytes) -> bytes | None:
    """CBC decryption and PKCS#7 unpadding; None when the padding is wrong."""
    if cipher == "RC2-40-CBC":  # cryptography's RC2 takes 128-bit keys only: openssl enc's RC2 primitive
        p = ossl("enc", "-d", "-rc2-40-cbc", "-K", key.hex(), "-iv", iv.hex(), "-nopad", "-provider", "legacy",
                 "-provider", "default", input=ct)
        padded = p.stdout
    else:
        from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        alg = (TripleDES(key) if cipher == "DES-EDE3-CBC"
               else algorithms.SM4(key) if cipher == "SM4-CBC" else algorithms.AES(key))
        d = Cipher(alg, modes.CBC(iv)).decryptor()
        padded = d.update(ct) + d.finalize()
    n = padded[-1] if padded else 0
    if not 1 <= n <= len(iv) or padded[-n:] != bytes([n]) * n:
        return None
    return padded[:-n]


def whole_der(b: bytes | None) -> bool:
    try:
        return b is not None and b[:1] == b"\x30" and tlv(b, 0)[3] == len(b)
    except (AssertionError, IndexError):
        return False


PBE_CIPHER = {"1.2.840.113549.1.12.1.3": ("DES-EDE3-CBC", 24), "1.2.840.113549.1.12.1.6": ("RC2-40-CBC", 5)}
PBES2_KEYLEN = {"AES-128-CBC": 16, "AES-192-CBC": 24, "AES-256-CBC": 32, "DES-EDE3-CBC": 24, "SM4-CBC": 16}
PRF_HASH = {"hmacWithSHA1": "sha1", "hmacWithSHA224": "sha224", "hmacWithSHA256": "sha256",
            "hmacWithSHA384": "sha384", "hmacWithSHA512": "sha512"}


def pbe_decrypt(enc: dict, ct: bytes, password: str | None) -> tuple[bytes, str]:
    """Decrypt with the password and say which form of it worked: "utf8" for PBES2 (PBKDF2 takes the
    password's UTF-8 bytes; no or an empty password is zero bytes), else a password_forms() key.
    The plaintext must unpad and be exactly one DER element."""
    if enc["Scheme"] == "PBES2":
        key = hashlib.pbkdf2_hmac(PRF_HASH[enc["Prf"]], (password or "").encode("utf-8"), enc["_salt"],
                                  enc["Iterations"], enc.get("KeyLength") or PBES2_KEYLEN[enc["Cipher"]])
        pt = cbc_decrypt(enc["Cipher"], key, enc["_iv"], ct)
        assert whole_der(pt), f"PBES2 does not decrypt with the password's UTF-8 bytes ({enc['Cipher']})"
        return pt, "utf8"
    cipher, klen = PBE_CIPHER[enc["Oid"]]
    ok = []
    for form, pwb in password_forms(password).items():
        key = p12_kdf("sha1", pwb, enc["_salt"], 1, enc["Iterations"], klen)
        iv = p12_kdf("sha1", pwb, enc["_salt"], 2, enc["Iterations"], 8)
        pt = cbc_decrypt(cipher, key, iv, ct)
        if whole_der(pt):
            ok.append((pt, form))
    assert len(ok) == 1, f"{enc['Scheme']} decrypts with {[f for _, f in ok]}"
    return ok[0]


def mac_password_form(w: dict, password: str | None) -> str:
    """How the password went into the MAC key (a password_forms() key). Exactly one must verify."""
    m = w["Mac"]
    ok = []
    for form, pw in password_forms(password).items():
        key = p12_kdf(m["hash"], pw, m["salt"], 3, m["iterations"], hashlib.new(m["hash"]).digest_size)
        if hmac.compare_digest(hmac.new(key, w["AuthSafe"], m["hash"]).digest(), m["digest"]):
            ok.append(form)
    assert len(ok) == 1, f"MAC verifies with {ok}"
    return ok[0]


def spki_alg(spki: bytes) -> tuple[str, str | None]:
    alg = kids(spki, kids(spki, top(spki))[0])
    oid = oid_str(body(spki, alg[0]))
    curve = oid_str(body(spki, alg[1])) if len(alg) > 1 and alg[1][0] == 0x06 else None
    if oid == OID_RSA:
        return "RSA", None
    if oid in (OID_EC, OID_SM2) and curve in CURVES:
        return ("SM2" if CURVES[curve] == "SM2" else "ECC"), CURVES[curve]
    raise AssertionError(f"key algorithm {oid}/{curve}")

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def pem_blocks(text: str, label: str) -> list[bytes]:
    return [base64.b64decode("".join(b.split()))
            for b in re.findall(rf"-----BEGIN {label}-----(.*?)-----END {label}-----", text, re.S)]


def shown(args) -> str:
    return shlex.join(str(a) for a in args).replace(str(WORK) + "/", "")


def run(args, input=None, check=True, env=None) -> subprocess.CompletedProcess:
    p = subprocess.run([str(a) for a in args], input=input, capture_output=True, cwd=WORK,
                       env={**os.environ, **(env or {})})
    if check and p.returncode != 0:
        raise RuntimeError(f"{shown(args)} failed ({p.returncode}):\n{p.stderr.decode(errors='replace')}")
    return p


def ossl(*args, input=None, check=True):
    return run([OPENSSL, *args], input=input, check=check)


def keytool(*args):
    return run([KEYTOOL, *args], env={"LC_ALL": "C.UTF-8"})


def passin(pw: str | None) -> str:
    # `pass:` (empty) makes `openssl pkcs12` try the absent password first, then the empty one
    return "pass:" + (pw or "")

# --------------------------------------------------------------------------
# what the tools say about a bundle
# --------------------------------------------------------------------------


def openssl_info(path: Path, pw: str | None) -> dict:
    """`openssl pkcs12 -info -nodes`: the structure lines (stderr) and, bag by bag, attributes,
    certificates and key (stdout), in file order."""
    p = ossl("pkcs12", "-legacy", "-info", "-nodes", "-in", path, "-passin", passin(pw))
    err = p.stderr.decode("utf-8", errors="replace").splitlines()
    out = p.stdout.decode("latin-1")  # friendly names come out lossy (BMP code units cut to bytes)
    mac, safes = None, []
    for line in err:
        if m := re.fullmatch(r"MAC: (\w+), Iteration (\d+)", line):
            mac = {"Algorithm": m[1], "Iterations": int(m[2]), "OpenSSL": line}
        elif m := re.fullmatch(r"MAC length: (\d+), salt length: (\d+)", line):
            mac.update({"Length": int(m[1]), "SaltLength": int(m[2])})
        elif line == "Warning: MAC is absent!":
            mac = None
        elif line == "PKCS7 Data":
            safes.append({"ContentType": "data", "OpenSSL": None, "Bags": []})
        elif m := re.fullmatch(r"PKCS7 Encrypted data: (.*)", line):
            safes.append({"ContentType": "encryptedData", "OpenSSL": m[1], "Bags": []})
        elif line == "Certificate bag":
            safes[-1]["Bags"].append({"Type": "certBag"})
        elif line == "Key bag":
            safes[-1]["Bags"].append({"Type": "keyBag", "OpenSSL": "none"})
        elif m := re.fullmatch(r"Shrouded Keybag: (.*)", line):
            safes[-1]["Bags"].append({"Type": "pkcs8ShroudedKeyBag", "OpenSSL": m[1]})
        elif line.strip():
            raise AssertionError(f"{path.name}: unexpected openssl line {line!r}")
    # stdout: one item per bag, each starting with "Bag Attributes"
    items = re.split(r"(?m)^(?=Bag Attributes)", out)[1:]
    bags = [b for s in safes for b in s["Bags"]]
    assert len(items) == len(bags), (path.name, len(items), len(bags))
    for bag, item in zip(bags, items):
        lk = re.search(r"(?m)^    localKeyID: ([0-9A-F ]+?) ?$", item)
        bag["LocalKeyId"] = lk[1].replace(" ", "").lower() if lk else None
        fn = re.search(r"(?m)^    friendlyName: (.*)$", item)
        bag["HasFriendlyName"] = fn is not None
        # OpenSSL 3.0 prints a BMPString friendlyName one byte per code unit (the low byte): only an
        # ASCII name comes out right
        bag["FriendlyNameOpenSSL"] = fn[1] if fn else None
        bag["OtherAttributes"] = re.findall(r"(?m)^    ([0-9.]+): ", item)
        if bag["Type"] == "certBag":
            (der,) = pem_blocks(item, "CERTIFICATE")
            bag["CertDer"] = der
        else:
            (der,) = pem_blocks(item, "PRIVATE KEY")
            bag["KeyDer"] = der
    return {"Mac": mac, "Safes": safes}


def openssl_spki(key_or_cert_pem: bytes, cert: bool) -> bytes:
    if cert:
        pub = ossl("x509", "-noout", "-pubkey", input=key_or_cert_pem).stdout
        return ossl("pkey", "-pubin", "-outform", "DER", input=pub).stdout
    return ossl("pkey", "-pubout", "-outform", "DER", input=key_or_cert_pem).stdout


def der_to_pem_cert(der: bytes) -> bytes:
    return ossl("x509", "-inform", "DER", "-outform", "PEM", input=der).stdout


def openssl_subject(der: bytes) -> str:
    s = ossl("x509", "-inform", "DER", "-noout", "-subject", "-nameopt", "sep_comma_plus,sname,utf8",
             input=der).stdout.decode("utf-8").strip()
    assert s.startswith("subject="), s
    return s[len("subject="):]


def openssl_key_bits(key_pem: bytes) -> int:
    t = ossl("pkey", "-noout", "-text_pub", input=key_pem).stdout.decode()
    return int(re.search(r"Public-Key: \((\d+) bit\)", t)[1])


def crypto_load(data: bytes, pw: str | None):
    """cryptography's view, or the error it gives. Returns (result, warning text, error text)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            r = pkcs12.load_pkcs12(data, None if pw is None else pw.encode("utf-8"))
            err = None
        except Exception as e:  # noqa: BLE001 (SM2 keys: cryptography does not read them)
            r, err = None, f"{type(e).__name__}: {e}"
    warn = "; ".join(str(w.message) for w in caught) or None
    return r, warn, err


def enc_merge(walker: dict | None, openssl_text: str | None) -> dict | str:
    """The walker's description of a PBE, checked against OpenSSL's line, plus that line."""
    if walker is None:
        assert openssl_text in (None, "none"), openssl_text
        return "none"
    if walker["Scheme"] == "PBES2":
        want = (f"PBES2, PBKDF2, {walker['Cipher']}, Iteration {walker['Iterations']}, PRF {walker['Prf']}")
    else:
        want = f"{walker['Scheme']}, Iteration {walker['Iterations']}"
    assert openssl_text == want, (openssl_text, want)
    return {**{k: v for k, v in walker.items() if not k.startswith("_")}, "OpenSSL": openssl_text}


def one_or_list(vals: list):
    """Sidecar value for the cert bags' encryption: the one scheme all cert bags share, else the list."""
    uniq = []
    for v in vals:
        if v not in uniq:
            uniq.append(v)
    if not uniq:
        return None
    return uniq[0] if len(uniq) == 1 else uniq


def expected(name: str, path: Path, pw: str | None, maker: str, source, note: str | None,
             keytool_list: dict | None = None) -> tuple[dict, bytes | None]:
    """The sidecar of one bundle, and the leaf certificate's PEM (openssl's) if there is a leaf."""
    data = path.read_bytes()
    w = walk_pfx(data, pw)
    o = openssl_info(path, pw)
    assert w["Version"] == 3, w["Version"]

    # MAC: the walker and OpenSSL agree; the walker tells which password form keys it
    if w["Mac"] is None:
        assert o["Mac"] is None
        mac, mac_form = None, None
    else:
        om, wm = o["Mac"], w["Mac"]
        assert (om["Algorithm"], om["Iterations"], om["SaltLength"], om["Length"]) == \
            (wm["hash"], wm["iterations"], len(wm["salt"]), len(wm["digest"])), (om, wm)
        mac = {"Algorithm": wm["hash"].upper().replace("SHA", "SHA-"), "Oid": wm["hash_oid"],
               "Iterations": wm["iterations"], "IterationsEncoded": wm["iterations_explicit"],
               "SaltLength": len(wm["salt"]), "Length": len(wm["digest"]),
               "Kdf": "PKCS12 (RFC 7292 appendix B, ID 3)", "DigestAlgorithmParams": wm["alg_params"],
               "OpenSSL": om["OpenSSL"]}
        mac_form = mac_password_form(w, pw)

    # safes and bags: OpenSSL lists every bag; the walker decrypts each safe and key bag itself,
    # gives the PBE details, the password form that decrypts, and the attributes decoded exactly
    assert [s["ContentType"] for s in o["Safes"]] == [s["ContentType"] for s in w["Safes"]]
    bags = []  # (OpenSSL's bag, walker's bag, the safe's encryption, the safe's password form, safe index)
    safes = []
    for si, (os_, ws) in enumerate(zip(o["Safes"], w["Safes"])):
        s_enc = enc_merge(ws["Encryption"], os_["OpenSSL"])
        safes.append({"ContentType": ws["ContentType"],
                      "Encryption": s_enc["OpenSSL"] if isinstance(s_enc, dict) else None,
                      "Bags": len(ws["Bags"])})
        assert [b["Type"] for b in ws["Bags"]] == [b["Type"] for b in os_["Bags"]]
        for ob, wb in zip(os_["Bags"], ws["Bags"]):
            assert wb["LocalKeyId"] == ob["LocalKeyId"]
            assert (wb["FriendlyName"] is not None) == ob["HasFriendlyName"]
            assert wb["Other"] == ob["OtherAttributes"]
            if ob["Type"] == "certBag":
                assert wb["CertDer"] == ob["CertDer"]
            bags.append((ob, wb, s_enc, ws["PasswordForm"], si))
    keys = [b for b in bags if b[0]["Type"] != "certBag"]
    certs = [b for b in bags if b[0]["Type"] == "certBag"]
    assert len(keys) <= 1, "more than one key"

    # the key: openssl's PEM -> SPKI; cryptography must agree
    r, cwarn, cerr = crypto_load(data, pw)
    key_alg = key_size = key_sha2 = curve = key_enc = key_form = None
    if keys:
        ob, wb, s_enc, *_ = keys[0]
        assert s_enc == "none", "a key bag inside an encrypted safe"  # none of these bundles has one
        if ob["Type"] == "keyBag":
            key_enc = "none"
        else:
            key_enc = enc_merge(wb["Encryption"], ob["OpenSSL"])
            key_form = wb["PasswordForm"]
        key_pem = (b"-----BEGIN PRIVATE KEY-----\n" + base64.encodebytes(ob["KeyDer"])
                   + b"-----END PRIVATE KEY-----\n")
        spki = openssl_spki(key_pem, cert=False)
        key_sha2 = sha256(spki)
        key_alg, curve = spki_alg(spki)
        key_size = openssl_key_bits(key_pem)
        # the PrivateKeyInfo decrypted here holds the same key as OpenSSL's
        assert sha256(ossl("pkey", "-inform", "DER", "-pubout", "-outform", "DER", input=wb["KeyDer"]).stdout) == key_sha2
        if r is not None:
            assert r.key is not None
            c_spki = r.key.public_key().public_bytes(serialization.Encoding.DER,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo)
            assert c_spki == spki, name
    elif r is not None:
        assert r.key is None

    # the leaf: the first cert bag whose public key is the key's (openssl x509 -pubkey), which must be
    # cryptography's cert; the chain: the other cert bags in file order, which must be cryptography's
    # additional_certs in its order
    leaf_i = None
    if key_sha2:
        for i, (ob, *_) in enumerate(certs):
            if sha256(openssl_spki(der_to_pem_cert(ob["CertDer"]), cert=True)) == key_sha2:
                leaf_i = i
                break
    leaf = certs[leaf_i] if leaf_i is not None else None
    chain = [c for i, c in enumerate(certs) if i != leaf_i]
    leaf_der = leaf[0]["CertDer"] if leaf else None

    def fname(ob, wb, c_name):
        """A bag's friendlyName: the walker's, checked against cryptography's and OpenSSL's (if ASCII)."""
        v = wb["FriendlyName"]
        if c_name is not ... and c_name != v:
            raise AssertionError((name, "friendlyName", v, c_name))
        if v is not None and v.isascii() and ob["FriendlyNameOpenSSL"] is not None:
            # (OpenSSL drops a trailing U+0000 kept inside the BMPString, as in pyca's no-password.p12)
            assert ob["FriendlyNameOpenSSL"] == v.rstrip("\0"), (name, ob["FriendlyNameOpenSSL"], v)
        assert (v is not None) == ob["HasFriendlyName"]
        return v

    def dec(b):
        return None if b is None else b.decode("utf-8")

    if r is not None:
        c_leaf = r.cert.certificate.public_bytes(serialization.Encoding.DER) if r.cert else None
        assert c_leaf == leaf_der, (name, "cryptography's leaf is not the first certificate matching the key")
        c_chain = [c.certificate.public_bytes(serialization.Encoding.DER) for c in r.additional_certs]
        assert c_chain == [c[0]["CertDer"] for c in chain], (name, "chain order differs from the bag order")
        c_leaf_name = dec(r.cert.friendly_name) if r.cert else ...
        c_chain_names = [dec(c.friendly_name) for c in r.additional_certs]
    else:
        c_leaf_name, c_chain_names = ..., [...] * len(chain)
    names = {
        "Key": fname(keys[0][0], keys[0][1], ...) if keys else None,
        "Leaf": fname(leaf[0], leaf[1], c_leaf_name) if leaf else None,
        "Chain": [fname(c[0], c[1], cn) for c, cn in zip(chain, c_chain_names)],
    }

    bag_order = []
    for ob, wb, s_enc, _, si in bags:
        e = {"Type": ob["Type"], "Safe": si}
        if ob["Type"] == "certBag":
            e["Sha2"] = sha256(ob["CertDer"])
            e["Role"] = "leaf" if leaf and ob is leaf[0] else "chain"
        else:
            e["Role"] = "key"
        e["FriendlyName"] = (names["Key"] if e["Role"] == "key" else names["Leaf"] if e["Role"] == "leaf"
                             else names["Chain"][[c[0] for c in chain].index(ob)])
        e["LocalKeyId"] = ob["LocalKeyId"]
        if ob["OtherAttributes"]:
            e["OtherAttributes"] = ob["OtherAttributes"]
        bag_order.append(e)

    exp = {
        "File": f"pkcs12/{path.name}",
        "Kind": "PKCS12",
        "Password": pw,
        "PasswordIsEmpty": pw == "",
        "MacPassword": mac_form,
        "Mac": mac,
        "KeyBagEncryption": key_enc,
        "CertBagEncryption": one_or_list([c[2] for c in certs]),
        "KeyPassword": key_form,
        "CertPassword": one_or_list([c[3] for c in certs if c[3]]),
        "HasKey": bool(keys),
        "KeyAlgorithm": key_alg,
        "KeyCurve": curve,
        "KeySize": key_size,
        "KeySha2": key_sha2,
        "LeafSha2": sha256(leaf_der) if leaf_der else None,
        "LeafSubjectDN": openssl_subject(leaf_der) if leaf_der else None,
        "LeafFile": f"pkcs12/{name}-leaf.pem" if leaf_der else None,
        "ChainSha2": [sha256(c[0]["CertDer"]) for c in chain],
        "CertCount": len(certs),
        "FriendlyNames": names,
        "Safes": safes,
        "BagOrder": bag_order,
    }
    if keytool_list:
        exp["KeytoolList"] = keytool_list
    if cwarn:
        exp["CryptographyWarning"] = cwarn
    if cerr:
        exp["CryptographyError"] = cerr
    exp["Maker"] = maker
    exp["Source"] = source
    if note:
        exp["Note"] = note
    return exp, (der_to_pem_cert(leaf_der) if leaf_der else None)


# --------------------------------------------------------------------------
# making the bundles
# --------------------------------------------------------------------------

EXT_CNF = """[req]
distinguished_name = dn
string_mask = utf8only
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:$ENV::LEAF_DNS
"""


def make_pki() -> dict:
    """An RSA-2048 CA and RSA-2048, P-256 and SM2 leaves it issues, all by openssl."""
    (WORK / "pki.cnf").write_text(EXT_CNF)
    ossl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "ca.key")
    run([OPENSSL, "req", "-new", "-x509", "-config", "pki.cnf", "-extensions", "v3_ca", "-key", "ca.key",
         "-days", "3650", "-sha256", "-set_serial", "1", "-subj", CA_SUBJ, "-out", "ca.pem"],
        env={"LEAF_DNS": "unused"})
    specs = {"rsa": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
             "p256": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt",
                      "ec_param_enc:named_curve"],
             "sm2": ["-algorithm", "SM2"]}
    for i, (k, spec) in enumerate(specs.items()):
        cn = f"p12-{k}.example.com"
        ossl("genpkey", *spec, "-out", f"{k}.key")
        run([OPENSSL, "req", "-new", "-config", "pki.cnf", "-key", f"{k}.key", "-subj", SUBJ.format(cn=cn),
             *(["-sm3"] if k == "sm2" else []), "-out", f"{k}.csr"], env={"LEAF_DNS": cn})
        run([OPENSSL, "x509", "-req", "-in", f"{k}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-set_serial", f"0x{0x1001 + i:x}", "-days", "365", "-sha256", "-extfile", "pki.cnf",
             "-extensions", "v3_leaf", "-out", f"{k}.pem"], env={"LEAF_DNS": cn})
    (WORK / "ca-then-rsa.pem").write_bytes((WORK / "ca.pem").read_bytes() + (WORK / "rsa.pem").read_bytes())
    return specs


# NAME, extension, openssl pkcs12 -export arguments (after -export), password, note
OPENSSL_BUNDLES = [
    ("openssl-rsa2048-aes256", "p12",
     ["-inkey", "rsa.key", "-in", "rsa.pem", "-certfile", "ca.pem", "-name", "csrkit rsa leaf",
      "-caname", "csrkit test ca"], PW,
     "OpenSSL 3 defaults: PBES2 (PBKDF2-hmacWithSHA256, AES-256-CBC, 2048 iterations) for the "
     "certificate safe and the key, SHA-256 MAC, 2048 iterations; leaf + CA, both named"),
    ("openssl-rsa2048-legacy", "pfx",
     ["-legacy", "-inkey", "rsa.key", "-in", "rsa.pem", "-certfile", "ca.pem", "-name", "csrkit rsa leaf"], PW,
     "`-legacy`: certificates under pbeWithSHA1And40BitRC2-CBC, key under pbeWithSHA1And3-KeyTripleDES-CBC, "
     "SHA-1 MAC, 2048 iterations; written with the .pfx extension"),
    ("openssl-p256-aes256", "p12",
     ["-inkey", "p256.key", "-in", "p256.pem", "-certfile", "ca.pem", "-name", "csrkit p256 leaf"], PW,
     "P-256 key, leaf issued by the RSA CA, OpenSSL 3 defaults"),
    ("openssl-rsa2048-empty-password", "p12",
     ["-inkey", "rsa.key", "-in", "rsa.pem", "-certfile", "ca.pem"], "",
     "`-passout pass:`: the empty password; PBKDF2 gets zero bytes, the MAC key the BMPString 00 00"),
    ("openssl-rsa2048-nomac", "p12",
     ["-nomac", "-inkey", "rsa.key", "-in", "rsa.pem", "-certfile", "ca.pem"], PW,
     "`-nomac`: no MacData at all (OpenSSL 3.0 can); the key is still PBES2-encrypted with the password, "
     "and the certificates are in a plain (unencrypted) safe"),
    ("openssl-certs-only", "p12",
     ["-nokeys", "-in", "rsa.pem", "-certfile", "ca.pem"], PW,
     "`-nokeys`: two certificates (leaf, CA) and no key; with no key there is no leaf: cryptography "
     "reports both as additional certificates"),
    ("openssl-sm2", "p12",
     ["-inkey", "sm2.key", "-in", "sm2.pem", "-certfile", "ca.pem", "-name", "csrkit sm2 leaf"], PW,
     "SM2 key (PKCS#8 with id-ecPublicKey + the SM2 curve), leaf issued by the RSA CA (sha256WithRSA); "
     "cryptography cannot load SM2 keys, so the leaf/chain/names are OpenSSL's alone"),
    ("openssl-sm2-sm4-sm3mac", "p12",
     ["-inkey", "sm2.key", "-in", "sm2.pem", "-certfile", "ca.pem", "-name", "csrkit sm2 leaf",
      "-keypbe", "SM4-CBC", "-certpbe", "SM4-CBC", "-macalg", "sm3"], PW,
     "SM2 key and certificates under PBES2 with SM4-CBC (PBKDF2 with OpenSSL's default PRF, "
     "hmacWithSHA256), HMAC-SM3 MAC: the Chinese-algorithm bundle OpenSSL and Tongsuo write"),
    ("openssl-rsa2048-utf8-password", "p12",
     ["-inkey", "rsa.key", "-in", "rsa.pem", "-certfile", "ca.pem", "-name", "密钥-ключ ☺"], PW_UTF8,
     "non-ASCII password given to openssl as UTF-8: PBKDF2 gets the UTF-8 bytes, the MAC key the "
     "UTF-16BE BMPString; non-ASCII friendly name"),
    ("openssl-p256-sha512-mac", "p12",
     ["-inkey", "p256.key", "-in", "p256.pem", "-certfile", "ca.pem", "-name", "csrkit p256 leaf",
      "-macalg", "sha512", "-iter", "4096"], PW,
     "SHA-512 MAC (the RFC 7292 KDF then works on 128-byte blocks) and 4096 iterations for MAC and PBKDF2"),
]


def make_openssl(specs) -> list[tuple]:
    out = []
    for name, ext, args, pw, note in OPENSSL_BUNDLES:
        f = f"{name}.{ext}"
        cmd = [OPENSSL, "pkcs12", "-export", *args, "-passout", "pass:" + pw, "-out", f]
        run(cmd)
        out.append((name, WORK / f, pw, f"openssl pkcs12 -export ({ossl('version').stdout.decode().strip()})",
                    {"Tool": "openssl", "Command": shown(cmd)}, note, None))
    return out


def make_crypto_ca_first() -> tuple:
    """CA first in the bag order, leaf second, key with no localKeyID: cryptography's
    serialize_key_and_certificates with cert=None and cas=[CA, leaf]. (openssl pkcs12 -export
    always writes the certificate matching the key first.)"""
    key = serialization.load_pem_private_key((WORK / "rsa.key").read_bytes(), None)
    ca = x509.load_pem_x509_certificate((WORK / "ca.pem").read_bytes())
    leaf = x509.load_pem_x509_certificate((WORK / "rsa.pem").read_bytes())
    enc = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
           .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA256())
           .build(PW.encode()))
    data = pkcs12.serialize_key_and_certificates(b"csrkit rsa key", key, None, [ca, leaf], enc)
    p = WORK / "crypto-rsa2048-ca-first.p12"
    p.write_bytes(data)
    call = ("pkcs12.serialize_key_and_certificates(b'csrkit rsa key', key, None, [ca, leaf], "
            "PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)"
            ".key_cert_algorithm(PBES.PBESv2SHA256AndAES256CBC).hmac_hash(SHA256()).build(password))")
    return ("crypto-rsa2048-ca-first", p, PW, f"Python cryptography {cryptography.__version__}",
            {"Tool": "cryptography", "Call": call, "Inputs": "key rsa.key, ca ca.pem, leaf rsa.pem (made by openssl)"},
            "CA certificate FIRST in the bag order, leaf second; no localKeyID anywhere, the key bag has a "
            "friendlyName only: the leaf is the certificate whose public key matches the key "
            "(OpenSSL 3 and cryptography pick it that way)", None)


def keytool_facts(store: str, pw: str) -> dict:
    t = keytool("-list", "-v", "-keystore", store, "-storepass", pw, "-storetype", "PKCS12").stdout.decode()
    entries = []
    for block in re.split(r"(?m)^Alias name: ", t)[1:]:
        alias = block.splitlines()[0].strip()
        etype = re.search(r"(?m)^Entry type: (\S+)", block)[1]
        cl = re.search(r"(?m)^Certificate chain length: (\d+)", block)
        entries.append({"Alias": alias, "EntryType": etype, "ChainLength": int(cl[1]) if cl else None,
                        "Owners": re.findall(r"(?m)^Owner: (.*)$", block)})
    n = int(re.search(r"Your keystore contains (\d+) entr", t)[1])
    assert n == len(entries)
    return {"Entries": entries, "Command": f"keytool -list -v -keystore {store} -storepass ... -storetype PKCS12"}


def make_keytool(java_version: str) -> list[tuple]:
    out = []
    base = ["-storetype", "PKCS12"]
    cmds = {}

    def kt(name, *args):
        cmd = [KEYTOOL, *args]
        keytool(*args)
        cmds.setdefault(name, []).append(shown(cmd))

    kt("keytool-rsa2048", "-genkeypair", *base, "-keystore", "keytool-rsa2048.p12", "-storepass", PW_KEYTOOL,
       "-alias", "rsakey", "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "365",
       "-dname", "CN=keytool-rsa.example.com, OU=IT, O=Example Corp, L=Hangzhou, ST=Zhejiang, C=CN",
       "-ext", "san=dns:keytool-rsa.example.com")
    kt("keytool-p256", "-genkeypair", *base, "-keystore", "keytool-p256.p12", "-storepass", PW_KEYTOOL,
       "-alias", "eckey", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
       "-validity", "365", "-dname", "CN=keytool-p256.example.com, OU=IT, O=Example Corp, C=CN",
       "-ext", "san=dns:keytool-p256.example.com")
    # a chain of two: keytool CA (RSA) signs a P-256 leaf's request; CA imported as trusted, then the reply
    ch = "keytool-p256-chain"
    kt(ch, "-genkeypair", *base, "-keystore", "keytool-ca.p12", "-storepass", PW_KEYTOOL_CA, "-alias", "ca",
       "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA", "-validity", "3650",
       "-dname", "CN=keytool Test CA, O=Example Corp, C=CN", "-ext", "bc:c=ca:true", "-ext", "ku:c=keyCertSign,cRLSign")
    kt(ch, "-genkeypair", *base, "-keystore", f"{ch}.p12", "-storepass", PW_KEYTOOL, "-alias", "leaf",
       "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "365",
       "-dname", "CN=keytool-chain.example.com, OU=IT, O=Example Corp, C=CN")
    kt(ch, "-certreq", *base, "-keystore", f"{ch}.p12", "-storepass", PW_KEYTOOL, "-alias", "leaf", "-file", "leaf.csr")
    kt(ch, "-gencert", *base, "-keystore", "keytool-ca.p12", "-storepass", PW_KEYTOOL_CA, "-alias", "ca",
       "-infile", "leaf.csr", "-outfile", "leaf.cer", "-validity", "365", "-ext", "ku:c=digitalSignature",
       "-ext", "eku=serverAuth,clientAuth", "-ext", "san=dns:keytool-chain.example.com", "-rfc")
    kt(ch, "-exportcert", *base, "-keystore", "keytool-ca.p12", "-storepass", PW_KEYTOOL_CA, "-alias", "ca",
       "-rfc", "-file", "keytool-ca.cer")
    kt(ch, "-importcert", *base, "-keystore", f"{ch}.p12", "-storepass", PW_KEYTOOL, "-alias", "ca",
       "-file", "keytool-ca.cer", "-noprompt")
    kt(ch, "-importcert", *base, "-keystore", f"{ch}.p12", "-storepass", PW_KEYTOOL, "-alias", "leaf",
       "-file", "leaf.cer", "-noprompt")
    notes = {
        "keytool-rsa2048": "keytool defaults (JDK 17): key bag first, then the certificate safe, both PBES2 "
                           "(PBKDF2-hmacWithSHA256, AES-256-CBC, 10000 iterations), SHA-256 MAC with 10000 "
                           "iterations and a 20-byte salt; self-signed RSA-2048 certificate; localKeyID is "
                           "the ASCII text 'Time <millis>'",
        "keytool-p256": "the same defaults with a self-signed P-256 (secp256r1) certificate",
        ch: "P-256 PrivateKeyEntry 'leaf' with a chain of two (leaf, keytool CA) plus a trustedCertEntry 'ca' "
            "for the same CA: the CA certificate is in the file TWICE (once named by its DN as part of the "
            "chain, once named 'ca' with Oracle's trusted-key-usage attribute); CertCount 3",
    }
    for name in ("keytool-rsa2048", "keytool-p256", ch):
        out.append((name, WORK / f"{name}.p12", PW_KEYTOOL, f"Java keytool ({java_version})",
                    {"Tool": "keytool", "Commands": cmds[name]}, notes[name],
                    keytool_facts(f"{name}.p12", PW_KEYTOOL)))
    return out

# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------

PIP_VECTORS = "pip install cryptography_vectors=={v}"


def pyca_base() -> tuple[Path, str]:
    try:
        import cryptography_vectors
    except ImportError:
        sys.exit("make_pkcs12.py needs pyca's test data, the PyPI package cryptography_vectors, at the "
                 "version of the installed cryptography. Run:\n    " + PIP_VECTORS.format(v=cryptography.__version__))
    if cryptography_vectors.__version__ != cryptography.__version__:
        sys.exit(f"make_pkcs12.py: cryptography_vectors {cryptography_vectors.__version__} does not match "
                 f"cryptography {cryptography.__version__}. Run:\n    " + PIP_VECTORS.format(v=cryptography.__version__))
    base = Path(cryptography_vectors.__file__).resolve().parent / "pkcs12"
    missing = [f for _, f, *_ in PYCA_PICKS if not (base / f).is_file()]
    if missing:
        sys.exit(f"make_pkcs12.py: missing in {base}: {missing}")
    return base, cryptography_vectors.__version__


def tool_versions() -> dict:
    for t in (OPENSSL, KEYTOOL, JAVA):
        if not shutil.which(t):
            sys.exit(f"make_pkcs12.py needs `{t}` on PATH (openssl 3.0 CLI; Java 17 keytool: "
                     "apt-get install openjdk-17-jdk-headless)")
    java = subprocess.run([JAVA, "-version"], capture_output=True, text=True)
    return {
        "python": platform.python_version(),
        "cryptography": cryptography.__version__,
        "openssl": subprocess.run([OPENSSL, "version"], capture_output=True, text=True).stdout.strip(),
        "openssl_built": subprocess.run([OPENSSL, "version", "-b"], capture_output=True, text=True).stdout.strip(),
        "java": " | ".join(java.stderr.strip().splitlines()),
        "keytool": os.path.realpath(shutil.which(KEYTOOL)),
    }


def main():
    global WORK
    base, pyca_version = pyca_base()
    tools = tool_versions()
    OUT.mkdir(exist_ok=True)
    for f in OUT.iterdir():
        if f.suffix in (".p12", ".pfx", ".json") or f.name.endswith("-leaf.pem"):
            f.unlink()
    manifest = []
    with tempfile.TemporaryDirectory(prefix="csrkit-pkcs12-") as tmp:
        WORK = Path(tmp)
        todo = []
        for name, fname, pw, note in PYCA_PICKS:
            data = (base / fname).read_bytes()
            if sha256(data) != PYCA_PINS[fname]:
                sys.exit(f"make_pkcs12.py: {base / fname} is not the file pinned here (SHA-256 {sha256(data)})")
            dst = WORK / f"{name}.p12"
            dst.write_bytes(data)
            todo.append((name, dst, pw,
                         f"copied verbatim from the PyPI package cryptography_vectors {pyca_version} "
                         f"(pyca/cryptography's test data): cryptography_vectors/pkcs12/{fname}",
                         {"Project": "pyca/cryptography", "Package": "cryptography_vectors", "Version": pyca_version,
                          "Path": f"cryptography_vectors/pkcs12/{fname}",
                          "PasswordFrom": "tests/hazmat/primitives/test_pkcs12.py" if fname != "java-truststore.p12"
                          else "the MAC check of this script (not in the test_pkcs12.py versions read)",
                          "Sha256OfFile": sha256(data)},
                         note, None))
        specs = make_pki()
        todo += make_openssl(specs)
        todo.append(make_crypto_ca_first())
        todo += make_keytool(tools["java"])
        for name, path, pw, maker, source, note, kt in todo:
            assert NAME_RE.match(name), name
            exp, leaf_pem = expected(name, path, pw, maker, source, note, kt)
            data = path.read_bytes()
            (OUT / path.name).write_bytes(data)
            (OUT / f"{name}.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            entry = {"File": exp["File"], "Expect": f"pkcs12/{name}.json", "Bytes": len(data),
                     "Sha256OfFile": sha256(data)}
            if leaf_pem:
                (OUT / f"{name}-leaf.pem").write_bytes(leaf_pem)
                entry["Leaf"] = exp["LeafFile"]
            manifest.append(entry)
            print(f"{exp['File']:48} key={exp['KeyAlgorithm'] or '-':4} certs={exp['CertCount']} "
                  f"mac={(exp['Mac'] or {}).get('Algorithm', '-')}")
    (OUT / "manifest.json").write_text(json.dumps({
        "Generator": "vectors/make_pkcs12.py",
        "GeneratedAt": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "Tools": {**tools, "cryptography_vectors": pyca_version},
        "Count": len(manifest),
        "Files": manifest,
    }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
