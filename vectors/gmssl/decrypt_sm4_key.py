#!/usr/bin/env python3
"""Decrypt an SM2 `ENCRYPTED PRIVATE KEY` (PKCS#8 PBES2, PBKDF2-HMAC-SM3,
SM4-CBC) without csrkit, and print the SHA-256 of its public key.

    python3 decrypt_sm4_key.py KEY.pem PASSWORD_FILE [--require-gmssl-readable]

KEY is PEM (`ENCRYPTED PRIVATE KEY`, LF or CRLF) or DER. PASSWORD_FILE holds the
password on its first line (the line break is not part of it).

The pieces, none of them csrkit:
  * a small strict DER walker (this file) reads the PBES2 structure;
  * PBKDF2 (RFC 8018 section 5.2) is this file's loop over `gmssl_pyx.sm3_hmac`,
    checked at start against a known answer made by `gmssl sm3_pbkdf2`;
  * `gmssl_pyx.sm4_cbc_padding_decrypt` decrypts;
  * `openssl pkey` derives the public key from the decrypted PrivateKeyInfo;
  * `gmssl_pyx.sm2_sign` / `sm2_verify` prove that the private scalar belongs
    to that public key.

Only PBES2 + PBKDF2 with PRF hmacWithSM3 (1.2.156.10197.1.401.2) + SM4-CBC
(1.2.156.10197.1.104.2) is accepted; any other OID (or a missing PRF, which
RFC 8018 defines as hmacWithSHA1) is refused. The decrypted key must be an SM2
PrivateKeyInfo.

On success it prints one JSON object on stdout and exits 0:
  {"KeySha2": "...", "PrivateKeyInfoOk": true, "GmsslReadable": true|false,
   "GmsslProblems": [...], "Pbes2": {...}, "PrivateKeyInfo": {...}}
KeySha2 is the lowercase hex SHA-256 of the DER SubjectPublicKeyInfo in
csrkit's canonical form (id-ecPublicKey + the sm2 curve OID).

GmsslReadable tells whether GmSSL 3.x's reader (src/pkcs8.c, src/x509_key.c)
would accept the file, by its rules; GmsslProblems lists why not. With
--require-gmssl-readable a file GmSSL would refuse is an error (exit 1).

Any failure: one line "decrypt_sm4_key: FILE: reason" on stderr, nothing on
stdout, exit 1 (2 for a usage error).

Needs: Python 3.8+, the PyPI package gmssl-pyx (2.1.0 was used), `openssl`
(3.x, for SM2) on PATH or in $OPENSSL.
"""

import base64
import hashlib
import json
import os
import re
import subprocess
import sys

OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
OID_HMAC_SM3 = "1.2.156.10197.1.401.2"
OID_SM4_CBC = "1.2.156.10197.1.104.2"
OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1"
OID_SM2 = "1.2.156.10197.1.301"

KNOWN = {
    "1.2.840.113549.2.7": "hmacWithSHA1",
    "1.2.840.113549.2.9": "hmacWithSHA256",
    "1.2.840.113549.2.10": "hmacWithSHA384",
    "1.2.840.113549.2.11": "hmacWithSHA512",
    "2.16.840.1.101.3.4.1.2": "aes-128-cbc",
    "2.16.840.1.101.3.4.1.42": "aes-256-cbc",
    "1.3.6.1.4.1.11591.4.11": "scrypt",
    OID_HMAC_SM3: "hmacWithSM3",
    OID_SM4_CBC: "sm4-cbc",
}

MAX_ITERATIONS = 16777215  # GmSSL's SM3_PBKDF2_MAX_ITER; also keeps this script from hanging
SM2_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123

# gmssl sm3_pbkdf2 -pass 'P@ssw0rd' -salt 0011223344556677 -iter 10000 -outlen 48 -hex
# (GmSSL 3.3.0-dev, guanzhi/GmSSL 24ae482701a7b124826c382fffc55c19f76d475d)
KAT = (b"P@ssw0rd", bytes.fromhex("0011223344556677"), 10000, 48,
       "111f5cb849b44ab176f95d145c335aa335f13808b815dfd0f86604d88d9c9f8a"
       "fe1723a685f84fdceacf74181c8c4f29")


class Fail(Exception):
    pass


class QuietStderr:
    """libgmssl (inside gmssl_pyx) prints its own trace lines on fd 2 when a
    call fails, even for an expected failure; hide them, this script reports."""

    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)
        return False


def name(oid):
    return f"{KNOWN[oid]} ({oid})" if oid in KNOWN else oid


# --------------------------------------------------------------------------
# strict DER
# --------------------------------------------------------------------------

class Tlv:
    def __init__(self, tag, value, raw):
        self.tag, self.value, self.raw = tag, value, raw


def der_read(buf, pos, what):
    """One TLV at buf[pos:]; returns (Tlv, next position). Low-tag-number form,
    definite minimal lengths only."""
    if pos + 2 > len(buf):
        raise Fail(f"DER: {what}: truncated")
    start = pos
    tag = buf[pos]
    if tag & 0x1F == 0x1F:
        raise Fail(f"DER: {what}: high tag numbers are not used here")
    ln = buf[pos + 1]
    pos += 2
    if ln == 0x80:
        raise Fail(f"DER: {what}: indefinite length")
    if ln > 0x80:
        n = ln & 0x7F
        if n > 4 or pos + n > len(buf):
            raise Fail(f"DER: {what}: bad length")
        b = buf[pos:pos + n]
        if b[0] == 0 or (n == 1 and b[0] < 0x80):
            raise Fail(f"DER: {what}: non-minimal length")
        ln = int.from_bytes(b, "big")
        pos += n
    if pos + ln > len(buf):
        raise Fail(f"DER: {what}: length runs past the end")
    return Tlv(tag, buf[pos:pos + ln], buf[start:pos + ln]), pos + ln


def der_children(tlv, what):
    if not tlv.tag & 0x20:
        raise Fail(f"DER: {what}: not constructed")
    out, pos = [], 0
    while pos < len(tlv.value):
        t, pos = der_read(tlv.value, pos, what)
        out.append(t)
    return out


def der_one(buf, what):
    t, end = der_read(buf, 0, what)
    if end != len(buf):
        raise Fail(f"DER: {what}: {len(buf) - end} trailing bytes")
    return t


def expect(t, tag, what):
    if t.tag != tag:
        raise Fail(f"{what}: expected tag 0x{tag:02x}, found 0x{t.tag:02x}")
    return t


def seq(t, what, lo, hi):
    expect(t, 0x30, what)
    c = der_children(t, what)
    if not lo <= len(c) <= hi:
        raise Fail(f"{what}: {len(c)} elements, expected {lo}..{hi}")
    return c


def oid_str(t, what):
    expect(t, 0x06, what)
    v = t.value
    if not v or v[-1] & 0x80:
        raise Fail(f"{what}: malformed OID")
    arcs, n = [], 0
    for i, b in enumerate(v):
        if n == 0 and b == 0x80:
            raise Fail(f"{what}: non-minimal OID arc")
        n = (n << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(n)
            n = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def uint(t, what):
    expect(t, 0x02, what)
    v = t.value
    if not v:
        raise Fail(f"{what}: empty INTEGER")
    if len(v) > 1 and ((v[0] == 0 and v[1] < 0x80) or (v[0] == 0xFF and v[1] >= 0x80)):
        raise Fail(f"{what}: non-minimal INTEGER")
    if v[0] & 0x80:
        raise Fail(f"{what}: negative INTEGER")
    return int.from_bytes(v, "big")


# --------------------------------------------------------------------------
# input
# --------------------------------------------------------------------------

def read_key(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:1] == b"\x30":
        return data, "der"
    text = data.decode("ascii", "strict") if data.isascii() else None
    if text is None:
        raise Fail("neither DER nor ASCII PEM")
    m = re.search(r"-----BEGIN ([A-Z0-9 ]+)-----\r?\n(.*?)-----END ([A-Z0-9 ]+)-----", text, re.S)
    if not m:
        raise Fail("no PEM block found")
    if m.group(1) != "ENCRYPTED PRIVATE KEY":
        raise Fail(f"PEM label is '{m.group(1)}', expected 'ENCRYPTED PRIVATE KEY'")
    if m.group(3) != m.group(1):
        raise Fail(f"PEM END label '{m.group(3)}' does not match BEGIN")
    body = re.sub(r"\s+", "", m.group(2))
    try:
        return base64.b64decode(body, validate=True), "pem"
    except ValueError as e:
        raise Fail(f"bad base64 in PEM: {e}")


def read_password(path):
    with open(path, "rb") as f:
        line = f.read().split(b"\n", 1)[0]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line


# --------------------------------------------------------------------------
# PBKDF2-HMAC-SM3 over gmssl-pyx
# --------------------------------------------------------------------------

def hmac_sm3(gm, key, msg):
    # gmssl_pyx.sm3_hmac refuses an empty key; HMAC pads a short key with zero
    # bytes to the 64-byte SM3 block, so the empty key is the same as 64 zeros.
    return gm.sm3_hmac(key if key else b"\0" * 64, msg)


def pbkdf2_sm3(gm, password, salt, iterations, dklen):
    out = b""
    block = 1
    while len(out) < dklen:
        u = hmac_sm3(gm, password, salt + block.to_bytes(4, "big"))
        acc = int.from_bytes(u, "big")
        for _ in range(iterations - 1):
            u = hmac_sm3(gm, password, u)
            acc ^= int.from_bytes(u, "big")
        out += acc.to_bytes(32, "big")
        block += 1
    return out[:dklen]


# --------------------------------------------------------------------------
# the work
# --------------------------------------------------------------------------

def parse_pbes2(der):
    """Returns (params dict, gmssl problems list)."""
    problems = []
    top = seq(der_one(der, "EncryptedPrivateKeyInfo"), "EncryptedPrivateKeyInfo", 2, 2)
    alg = seq(top[0], "encryptionAlgorithm", 2, 2)
    o = oid_str(alg[0], "encryptionAlgorithm")
    if o != OID_PBES2:
        raise Fail(f"encryption algorithm is {name(o)}, only PBES2 ({OID_PBES2}) is accepted")
    pbes2 = seq(alg[1], "PBES2-params", 2, 2)
    kdf = seq(pbes2[0], "keyDerivationFunc", 2, 2)
    o = oid_str(kdf[0], "keyDerivationFunc")
    if o != OID_PBKDF2:
        raise Fail(f"key derivation function is {name(o)}, only PBKDF2 ({OID_PBKDF2}) is accepted")
    kp = seq(kdf[1], "PBKDF2-params", 2, 4)
    if kp[0].tag != 0x04:
        raise Fail("PBKDF2 salt is not an OCTET STRING (otherSource is not supported)")
    salt = kp[0].value
    if not salt:
        raise Fail("PBKDF2 salt is empty")
    iterations = uint(kp[1], "PBKDF2 iterationCount")
    if iterations < 1:
        raise Fail("PBKDF2 iterationCount is 0")
    if iterations > MAX_ITERATIONS:
        raise Fail(f"PBKDF2 iterationCount {iterations} is over {MAX_ITERATIONS}")
    rest = kp[2:]
    key_length = None
    if rest and rest[0].tag == 0x02:
        key_length = uint(rest[0], "PBKDF2 keyLength")
        rest = rest[1:]
    if not rest:
        raise Fail("PBKDF2 PRF is absent, which means hmacWithSHA1 (RFC 8018); "
                   f"only hmacWithSM3 ({OID_HMAC_SM3}) is accepted")
    if len(rest) != 1:
        raise Fail("PBKDF2-params: unexpected elements")
    prf = seq(rest[0], "PBKDF2 prf", 1, 2)
    o = oid_str(prf[0], "PBKDF2 prf")
    if o != OID_HMAC_SM3:
        raise Fail(f"PBKDF2 PRF is {name(o)}, only hmacWithSM3 ({OID_HMAC_SM3}) is accepted")
    if len(prf) == 2:
        if prf[1].tag != 0x05 or prf[1].value:
            raise Fail("PBKDF2 prf parameters are neither absent nor NULL")
        prf_params = "NULL"
        problems.append("PRF AlgorithmIdentifier carries a NULL parameter: GmSSL requires "
                        "SEQUENCE { OID } with nothing after the OID")
    else:
        prf_params = "absent"
    enc = seq(pbes2[1], "encryptionScheme", 2, 2)
    o = oid_str(enc[0], "encryptionScheme")
    if o != OID_SM4_CBC:
        raise Fail(f"cipher is {name(o)}, only sm4-cbc ({OID_SM4_CBC}) is accepted")
    iv = expect(enc[1], 0x04, "sm4-cbc IV").value
    if len(iv) != 16:
        raise Fail(f"sm4-cbc IV is {len(iv)} bytes, expected 16")
    if key_length is not None and key_length != 16:
        raise Fail(f"PBKDF2 keyLength is {key_length}, SM4 needs 16")
    ct = expect(top[1], 0x04, "encryptedData").value
    if not ct or len(ct) % 16:
        raise Fail(f"encryptedData is {len(ct)} bytes, not a positive multiple of 16")
    if len(salt) > 64:
        problems.append(f"salt is {len(salt)} bytes; GmSSL takes at most 64")
    if not 10000 <= iterations <= MAX_ITERATIONS:
        problems.append(f"iterationCount {iterations}; GmSSL takes 10000..{MAX_ITERATIONS}")
    if len(ct) > 512:
        problems.append(f"encryptedData is {len(ct)} bytes; GmSSL takes at most 512")
    params = {
        "Scheme": OID_PBES2, "Kdf": OID_PBKDF2,
        "Prf": OID_HMAC_SM3, "PrfParameters": prf_params,
        "SaltLength": len(salt), "Iterations": iterations,
        "KeyLength": key_length,
        "Cipher": OID_SM4_CBC, "IvLength": len(iv),
        "EncryptedDataLength": len(ct),
    }
    return params, problems, salt, iv, ct


def parse_private_key_info(pki, problems):
    """Checks the SM2 PrivateKeyInfo; returns (d, embedded public point or None, info)."""
    top = seq(der_one(pki, "PrivateKeyInfo (decrypted)"), "PrivateKeyInfo", 3, 4)
    if uint(top[0], "PrivateKeyInfo version") != 0:
        raise Fail("PrivateKeyInfo version is not 0")
    alg = seq(top[1], "privateKeyAlgorithm", 1, 2)
    a = oid_str(alg[0], "privateKeyAlgorithm")
    if a == OID_EC_PUBLIC_KEY:
        if len(alg) != 2:
            raise Fail("id-ecPublicKey without a curve")
        curve = oid_str(alg[1], "privateKeyAlgorithm curve")
        if curve != OID_SM2:
            raise Fail(f"EC key on curve {curve}, not SM2 ({OID_SM2})")
        alg_form = "id-ecPublicKey+sm2"
    elif a == OID_SM2:
        alg_form = "id-sm2"
        problems.append("PrivateKeyInfo algorithm is id-sm2; GmSSL only reads id-ecPublicKey + sm2 curve")
    else:
        raise Fail(f"private key algorithm {a} is not SM2")
    if len(top) == 4 and top[3].tag != 0xA0:
        raise Fail("PrivateKeyInfo: unexpected element after privateKey")
    ec = seq(der_one(expect(top[2], 0x04, "privateKey").value, "ECPrivateKey"),
             "ECPrivateKey", 2, 4)
    if uint(ec[0], "ECPrivateKey version") != 1:
        raise Fail("ECPrivateKey version is not 1")
    dbytes = expect(ec[1], 0x04, "ECPrivateKey privateKey").value
    if len(dbytes) != 32:
        problems.append(f"private key is {len(dbytes)} bytes; GmSSL requires exactly 32")
        if len(dbytes) > 32:
            raise Fail(f"private key is {len(dbytes)} bytes")
    d = int.from_bytes(dbytes, "big")
    if not 1 <= d <= SM2_N - 2:
        raise Fail("private key is out of range [1, n-2]")
    pub = None
    has_params = False
    for t in ec[2:]:
        if t.tag == 0xA0:
            inner = der_one(t.value, "ECPrivateKey parameters")
            c = oid_str(inner, "ECPrivateKey parameters")
            if c != OID_SM2:
                raise Fail(f"ECPrivateKey parameters name curve {c}, not SM2")
            has_params = True
        elif t.tag == 0xA1:
            bs = expect(der_one(t.value, "ECPrivateKey publicKey"), 0x03, "ECPrivateKey publicKey").value
            if len(bs) != 66 or bs[0] != 0 or bs[1] != 4:
                raise Fail("ECPrivateKey publicKey is not an uncompressed 65-byte point")
            pub = bs[2:]
        else:
            raise Fail(f"ECPrivateKey: unexpected tag 0x{t.tag:02x}")
    info = {"Algorithm": alg_form, "EcParameters": has_params,
            "EcPublicKey": pub is not None, "Attributes": len(top) == 4}
    return dbytes.rjust(32, b"\0"), pub, info


def canonical_spki(point):
    alg = bytes.fromhex("301306072a8648ce3d020106082a811ccf5501822d")
    return bytes.fromhex("3059") + alg + bytes.fromhex("034200") + b"\x04" + point


def openssl_public_point(pki):
    exe = os.environ.get("OPENSSL", "openssl")
    try:
        p = subprocess.run([exe, "pkey", "-inform", "DER", "-pubout", "-outform", "DER"],
                           input=pki, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise Fail(f"'{exe}' not found (set $OPENSSL or put openssl on PATH)")
    if p.returncode != 0 or not p.stdout:
        err = p.stderr.decode(errors="replace").strip().splitlines()
        raise Fail("openssl pkey cannot read the decrypted PrivateKeyInfo: "
                   + (err[-1] if err else f"exit {p.returncode}"))
    spki = seq(der_one(p.stdout, "SPKI from openssl"), "SPKI from openssl", 2, 2)
    bs = expect(spki[1], 0x03, "SPKI subjectPublicKey").value
    if len(bs) != 66 or bs[:2] != b"\x00\x04":
        raise Fail("openssl returned an SPKI without an uncompressed SM2 point")
    return bs[2:], p.stdout


def run(key_path, pass_path, require_gmssl):
    try:
        import gmssl_pyx as gm
    except ImportError:
        raise Fail("the Python package gmssl-pyx is not installed (pip install gmssl-pyx)")
    pw, salt0, it0, n0, want = KAT
    if pbkdf2_sm3(gm, pw, salt0, it0, n0).hex() != want:
        raise Fail("self-test: PBKDF2-HMAC-SM3 does not match gmssl sm3_pbkdf2's known answer")

    der, _ = read_key(key_path)
    password = read_password(pass_path)
    params, problems, salt, iv, ct = parse_pbes2(der)
    key = pbkdf2_sm3(gm, password, salt, params["Iterations"], 16)
    try:
        with QuietStderr():
            pki = gm.sm4_cbc_padding_decrypt(key, iv, ct)
    except Exception as e:  # gmssl_pyx raises GmsslInnerError on bad padding
        raise Fail(f"SM4-CBC decryption failed (wrong password or damaged file): {e}")
    try:
        d, embedded, info = parse_private_key_info(pki, problems)
    except Fail as e:
        raise Fail(f"decrypted data is not an SM2 PrivateKeyInfo (wrong password?): {e}")

    point, ossl_spki = openssl_public_point(pki)
    if embedded is not None and embedded != point:
        raise Fail("the public key inside ECPrivateKey is not the one openssl derives")
    # the private scalar must belong to the public key: sign with d, verify with the point
    msg = b"decrypt_sm4_key.py check " + hashlib.sha256(pki).digest()
    with QuietStderr():
        sig = gm.sm2_sign(d, point, msg)
        good = gm.sm2_verify(point, msg, sig)
        forged = gm.sm2_verify(point, msg + b"x", sig)
    if not good:
        raise Fail("SM2 sign/verify round trip failed: private key does not match its public key")
    if forged:
        raise Fail("SM2 verify accepted a wrong message (gmssl_pyx is broken)")

    spki = canonical_spki(point)
    if ossl_spki != spki:
        # OpenSSL 3.0.0 to ~3.0.12 may write id-sm2; csrkit's KeySha2 uses the canonical form
        info["OpensslSpkiForm"] = "non-canonical"
    if require_gmssl and problems:
        raise Fail("GmSSL would not read this file: " + "; ".join(problems))
    return {
        "KeySha2": hashlib.sha256(spki).hexdigest(),
        "PrivateKeyInfoOk": True,
        "GmsslReadable": not problems,
        "GmsslProblems": problems,
        "Pbes2": params,
        "PrivateKeyInfo": info,
    }


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    if len(args) != 2 or any(f != "--require-gmssl-readable" for f in flags):
        print("usage: decrypt_sm4_key.py KEY.pem PASSWORD_FILE [--require-gmssl-readable]",
              file=sys.stderr)
        return 2
    try:
        out = run(args[0], args[1], bool(flags))
    except Fail as e:
        print(f"decrypt_sm4_key: {args[0]}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"decrypt_sm4_key: {e.filename or args[0]}: {e.strerror}", file=sys.stderr)
        return 1
    except Exception as e:  # anything unexpected is a failure too, never a silent pass
        print(f"decrypt_sm4_key: {args[0]}: unexpected {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
