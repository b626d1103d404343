#!/usr/bin/env python3
"""(Re)generate vectors/hostile/: CSRs and certificates at the edges of DER that OpenSSL
and Python's `cryptography` both read, or both refuse.

Each file is a peer-made vector of vectors/csr or vectors/cert (made by OpenSSL or
cryptography) with one part edited as a DER tree. The edit is a class of input that
csrkit once judged differently from both peers (found by fuzz/differential/diff.py).
Every verdict and every expected value in a sidecar is computed here by the peers:

- OpenSSL:      `openssl x509|req -inform DER -noout` (exit status), `-serial`,
                `-subject -nameopt sep_comma_plus,sname,utf8`, `-pubkey`;
- cryptography: load, then the subject, issuer, serial, dates, extensions and public key
                read; `SubjectAlternativeName` for the SANs.

A case the two peers disagree on is written only where csrkit's rule decides it (a public key that
is not usable is still inspected: OpenSSL reads such files, `cryptography` refuses to give
their key), with both verdicts recorded; any other is left out, and the script says so.

Usage: python3 vectors/make_hostile.py   (needs `openssl` 3 and cryptography 48)
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import cryptography
from cryptography import x509

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "hostile"


# ---- a minimal DER tree: [tag, children or content] --------------------------------
def parse(b: bytes) -> list:
    out, i = [], 0
    while i < len(b):
        tag, n = b[i], b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(b[i : i + k], "big")
            i += k
        c = b[i : i + n]
        out.append([tag, parse(c) if tag & 0x20 else c])
        i += n
    return out


def length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    s = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(s)]) + s


def encode(nodes: list) -> bytes:
    out = b""
    for tag, c in nodes:
        body = encode(c) if isinstance(c, list) else c
        out += bytes([tag]) + length(len(body)) + body
    return out


def der_of(path: Path) -> bytes:
    text = path.read_bytes()
    m = re.search(rb"-----BEGIN [A-Z ]+-----(.*?)-----END", text, re.S)
    return base64.b64decode(b"".join(m.group(1).split())) if m else text


# ---- the peers ---------------------------------------------------------------------
def openssl(*args: str, data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], input=data, capture_output=True)


def openssl_reads(kind: str, der: bytes) -> bool:
    return openssl("x509" if kind == "cert" else "req", "-inform", "DER", "-noout", data=der).returncode == 0


def crypto_reads(kind: str, der: bytes) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if kind == "csr":
                o = x509.load_der_x509_csr(der)
            else:
                o = x509.load_der_x509_certificate(der)
                o.issuer.rfc4514_string()
                o.serial_number, o.not_valid_before_utc, o.not_valid_after_utc
            o.subject.rfc4514_string()
            list(o.extensions)
            o.public_key()
            return True
        except Exception:  # noqa: BLE001 - any refusal is a refusal
            return False


def expected_values(kind: str, der: bytes, tree: list) -> dict:
    """What the peers say of a file both read."""
    cmd = "x509" if kind == "cert" else "req"
    exp = {}
    subj = openssl(cmd, "-inform", "DER", "-noout", "-subject", "-nameopt", "sep_comma_plus,sname,utf8",
                   data=der).stdout.decode().strip()
    exp["SubjectDN"] = subj.split("=", 1)[1] if subj.startswith("subject=") else subj
    if kind == "cert":
        serial = openssl("x509", "-inform", "DER", "-noout", "-serial", data=der).stdout.decode().strip()
        exp["SerialNumber"] = serial.split("=", 1)[1].lower()
    # KeySha2: the SubjectPublicKeyInfo as it stands: the bytes of the file's own
    # SubjectPublicKeyInfo, and OpenSSL's -pubkey where it can print the key.
    spki = encode([tbs(tree)[(SPKI + (1 if tbs(tree)[0][0] == 0xA0 else 0)) if kind == "cert" else 2]])
    exp["KeySha2"] = hashlib.sha256(spki).hexdigest()
    pub = openssl(cmd, "-inform", "DER", "-noout", "-pubkey", data=der)
    if pub.returncode == 0 and b"-----" in pub.stdout:
        printed = base64.b64decode(b"".join(pub.stdout.split(b"-----")[2].split()))
        assert printed == spki, "OpenSSL's -pubkey differs from the file's SubjectPublicKeyInfo"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        o = x509.load_der_x509_certificate(der) if kind == "cert" else x509.load_der_x509_csr(der)
        try:
            san = o.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            exp["DnsSans"] = san.get_values_for_type(x509.DNSName)
        except x509.ExtensionNotFound:
            exp["DnsSans"] = []
    return exp


# ---- the edits ----------------------------------------------------------------------
def tbs(t):  # TBSCertificate / CertificationRequestInfo children
    return t[0][1][0][1]


def cert_field(t, i):  # a TBSCertificate field by its index after the version
    return tbs(t)[i + (1 if tbs(t)[0][0] == 0xA0 else 0)]


SERIAL, SIGALG, ISSUER, VALIDITY, SUBJECT, SPKI = range(6)


def first_atv(t, which=SUBJECT):  # the first AttributeTypeAndValue of the subject
    return cert_field(t, which)[1][0][1][0][1]


def cn_atv(t):
    for rdn in cert_field(t, SUBJECT)[1]:
        for atv in rdn[1]:
            if atv[1][0][1] == b"\x55\x04\x03":
                return atv[1]
    raise ValueError("no CN")


def extensions(t):
    last = tbs(t)[-1]
    assert last[0] == 0xA3
    return last[1][0][1]


def set_bits(node, f):
    node[1] = f(node[1])


def spki_bits(spki):  # the BIT STRING node of a SubjectPublicKeyInfo
    return spki[1][1]


def rsa_inner(spki):
    return parse(spki_bits(spki)[1][1:])


def edit_rsa(spki, f):
    inner = rsa_inner(spki)
    f(inner[0][1])
    spki_bits(spki)[1] = b"\x00" + encode(inner)


P256_CERT = "cert/ecc-server-p256.pem"
RSA_CERT = "cert/rsa-selfsigned-server.pem"
P256_CSR = "csr/p256-sha256.pem"
RSA_CSR = "csr/rsa2048-sha256.pem"
OID_2_15156_3 = bytes.fromhex("f70403")

CASES = [
    # (name, source, kind, class, edit)
    ("cert-serial-nonminimal", P256_CERT, "cert", "a non-minimal INTEGER (serial 00 00 …)",
     lambda t: cert_field(t, SERIAL).__setitem__(1, b"\x00\x00" + cert_field(t, SERIAL)[1])),
    ("cert-serial-empty", P256_CERT, "cert", "an empty INTEGER (serial)",
     lambda t: cert_field(t, SERIAL).__setitem__(1, b"")),
    ("cert-negative-serial", P256_CERT, "cert", "a negative serial (RFC 5280 forbids it; both peers read it)",
     lambda t: cert_field(t, SERIAL).__setitem__(1, b"\x80" + cert_field(t, SERIAL)[1][1:])),
    ("cert-tbs-sigalg-extra-element", P256_CERT, "cert", "the TBS signature AlgorithmIdentifier with three elements",
     lambda t: cert_field(t, SIGALG)[1].extend([[0x05, b""], [0x05, b""]])),
    ("cert-tbs-sigalg-null-with-content", RSA_CERT, "cert", "a NULL parameter with content in the TBS signature algorithm",
     lambda t: cert_field(t, SIGALG)[1].__setitem__(1, [0x05, b"\x00"])),
    ("cert-tbs-sigalg-integer-nonminimal", P256_CERT, "cert", "a non-minimal INTEGER as the TBS signature algorithm's parameter",
     lambda t: cert_field(t, SIGALG)[1].append([0x02, b"\x00\x01"])),
    ("cert-tbs-sigalg-bad-bit-string", P256_CERT, "cert", "a malformed BIT STRING as the TBS signature algorithm's parameter",
     lambda t: cert_field(t, SIGALG)[1].append([0x03, b"\x09\x00"])),
    ("cert-tbs-sigalg-oid-0x80", P256_CERT, "cert", "a malformed OID (leading 0x80) in the TBS signature algorithm",
     lambda t: cert_field(t, SIGALG)[1].__setitem__(0, [0x06, b"\x2a\x80\x86\x48\xce\x3d\x04\x03\x02"])),
    ("cert-extension-oid-0x80", P256_CERT, "cert", "an extension whose OID has a subidentifier opening with 0x80",
     lambda t: extensions(t)[0][1].__setitem__(0, [0x06, b"\x55\x80\x1d\x13"])),
    ("cert-attribute-oid-0x80", P256_CERT, "cert", "an attribute type OID with a subidentifier opening with 0x80",
     lambda t: first_atv(t).__setitem__(0, [0x06, b"\x55\x80\x04\x06"])),
    ("cert-cn-application-9", P256_CERT, "cert", "a CN whose value is a constructed [APPLICATION 9], no string type",
     lambda t: cn_atv(t).__setitem__(1, [0x69, [[0x13, b"PyCA"]]])),
    ("cert-cn-integer", P256_CERT, "cert", "a CN whose value is an INTEGER",
     lambda t: cn_atv(t).__setitem__(1, [0x02, b"\x01"])),
    ("cert-cn-set", P256_CERT, "cert", "a CN whose value is a SET",
     lambda t: cn_atv(t).__setitem__(1, [0x31, [[0x0C, b"x"]]])),
    ("csr-attribute-value-integer-nonminimal", P256_CSR, "csr", "a CSR attribute whose value is a non-minimal INTEGER",
     lambda t: tbs(t)[3][1].append([0x30, [[0x06, b"\x2a\x03\x04"], [0x31, [[0x02, b"\x00\x01"]]]]])),
    ("cert-attribute-oid-2-15156-3", P256_CERT, "cert", "an attribute type 2.15156.3 (arc 2 takes any second arc)",
     lambda t: first_atv(t).__setitem__(0, [0x06, OID_2_15156_3])),
    ("cert-extension-oid-2-15156-3", P256_CERT, "cert", "an extension 2.15156.3",
     lambda t: extensions(t).append([0x30, [[0x06, OID_2_15156_3], [0x04, b"\x05\x00"]]])),
    ("cert-signature-oid-2-15156-3", P256_CERT, "cert", "a signature algorithm 2.15156.3 (outer and TBS)",
     lambda t: (cert_field(t, SIGALG).__setitem__(1, [[0x06, OID_2_15156_3]]),
                t[0][1][1].__setitem__(1, [[0x06, OID_2_15156_3]]))),
    ("cert-ec-point-off-curve", P256_CERT, "cert", "an EC point off its curve (csrkit: inspected)",
     lambda t: set_bits(spki_bits(cert_field(t, SPKI)), lambda b: b[:-1] + bytes([b[-1] ^ 1]))),
    ("csr-ec-point-off-curve", P256_CSR, "csr", "an EC point off its curve (csrkit: inspected)",
     lambda t: set_bits(spki_bits(tbs(t)[2]), lambda b: b[:-1] + bytes([b[-1] ^ 1]))),
    ("cert-rsa-exponent-even", RSA_CERT, "cert", "an RSA public exponent that is even",
     lambda t: edit_rsa(cert_field(t, SPKI), lambda n: n[1].__setitem__(1, b"\x01\x00\x02"))),
    ("csr-rsa-exponent-one", RSA_CSR, "csr", "an RSA public exponent of 1",
     lambda t: edit_rsa(tbs(t)[2], lambda n: n[1].__setitem__(1, b"\x01"))),
    ("csr-rsa-modulus-even", RSA_CSR, "csr", "an even RSA modulus",
     lambda t: edit_rsa(tbs(t)[2], lambda n: n[0].__setitem__(1, n[0][1][:-1] + bytes([n[0][1][-1] & 0xFE])))),
    ("cert-spki-unused-bits", P256_CERT, "cert", "a public-key BIT STRING with unused bits (csrkit: inspected)",
     lambda t: set_bits(spki_bits(cert_field(t, SPKI)), lambda b: b"\x01" + b[1:-1] + bytes([b[-1] & 0xFE]))),
]


def dnsname_utf8(t):
    """The first dNSName of the SAN becomes `biztosítás.hu` in UTF-8 (as real certificates
    carry it, IA5String by the ASN.1 notwithstanding)."""
    for ext in extensions(t):
        if ext[1][0][1] == b"\x55\x1d\x11":
            names = parse(ext[1][-1][1])
            names[0][1][0] = [0x82, "biztosítás.hu".encode()]
            ext[1][-1][1] = encode(names)
            return
    raise ValueError("no SAN")


CASES.append(("cert-dnsname-utf8", P256_CERT, "cert", "a dNSName SAN holding UTF-8", dnsname_utf8))


TERMINAL_CN = "\x1b]0;pwned\x07\x1b[2J"
TERMINAL_O = "line1\nline2\rover"
TERMINAL_OU = "abc\u202edcba\u2066x\x7f\u0085"


def terminal_vectors() -> list[tuple[str, str, bytes]]:
    """A CSR and a self-signed certificate made by cryptography whose subject holds what
    would drive a terminal: an OSC title and a clear-screen sequence in the CN, CR and LF
    in the O, bidirectional overrides, DEL and a C1 control in the OU; the CSR's SAN holds
    an ESC too."""
    import datetime

    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, TERMINAL_O),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, TERMINAL_OU),
        x509.NameAttribute(NameOID.COMMON_NAME, TERMINAL_CN),
    ])
    csr = (x509.CertificateSigningRequestBuilder().subject_name(name)
           .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier("https://x/\x1b[31mred")]),
                          critical=False)
           .sign(key, hashes.SHA256()))
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return [("csr-terminal-controls", "csr", csr.public_bytes(serialization.Encoding.DER)),
            ("cert-terminal-controls", "cert", cert.public_bytes(serialization.Encoding.DER)),
            ("terminal-controls-key", "key", key_pem)]


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    written, skipped = [], []
    for name, kind, data in terminal_vectors():
        if kind == "key":
            (OUT / f"{name}.pem").write_bytes(data)
            continue
        assert openssl_reads(kind, data) and crypto_reads(kind, data), name
        meta = {
            "File": f"hostile/{name}.der",
            "Kind": "CSR" if kind == "csr" else "CERTIFICATE",
            "Class": "a subject holding terminal controls (read; shown escaped in text)",
            "Source": "made here by cryptography (terminal_vectors), key in terminal-controls-key.pem",
            "OpenSSL": "read",
            "Cryptography": "read",
            "Expect": "read",
            "Controls": {"CN": TERMINAL_CN, "O": TERMINAL_O, "OU": TERMINAL_OU},
        }
        meta.update(expected_values(kind, data, parse(data)))
        (OUT / f"{name}.der").write_bytes(data)
        (OUT / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
        written.append(name)
    for name, source, kind, cls, edit in CASES:
        tree = parse(der_of(ROOT / source))
        tree = copy.deepcopy(tree)
        edit(tree)
        der = encode(tree)
        ossl, cry = openssl_reads(kind, der), crypto_reads(kind, der)
        inspected = "(csrkit: inspected)" in cls
        if ossl != cry and not inspected:
            skipped.append(f"{name}: OpenSSL {'reads' if ossl else 'refuses'}, cryptography "
                           f"{'reads' if cry else 'refuses'}")
            continue
        meta = {
            "File": f"hostile/{name}.der",
            "Kind": "CSR" if kind == "csr" else "CERTIFICATE",
            "Class": cls,
            "Source": source,
            "OpenSSL": "read" if ossl else "refused",
            "Cryptography": "read" if cry else "refused",
            "Expect": "read" if ossl or inspected else "refused",
        }
        if inspected:
            meta["KeyUnusable"] = True
        if meta["Expect"] == "read":
            meta.update(expected_values(kind, der, tree))
        (OUT / f"{name}.der").write_bytes(der)
        (OUT / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
        written.append(name)
    versions = {
        "OpenSSL": subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip(),
        "cryptography": cryptography.__version__,
        "Python": sys.version.split()[0],
    }
    (OUT / "versions.json").write_text(json.dumps(versions, indent=2) + "\n")
    print(f"wrote {len(written)} vectors to {OUT}")
    for s in skipped:
        print(f"not written (the peers disagree): {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
