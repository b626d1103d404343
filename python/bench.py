#!/usr/bin/env python3
"""csrkit's Python bindings against Python's cryptography, in one run.

    python python/bench.py [--quick]

- a P-256 key plus a CSR (subject, two SANs, keyUsage, extKeyUsage, signed, both as PEM);
- an RSA-2048 key plus the same CSR;
- inspect: the API fields of a CSR (KeySha2, the SANs, the six DN fields, SHA-256 and MD5
  of the DER, key algorithm and size, signature algorithm, the signature check), for an
  RSA-2048 and a P-256 CSR made by OpenSSL (vectors/csr);
- two threads making RSA-2048 keys against one thread making as many (wall time).

Each figure is the median of repeated timings (time.perf_counter); the ratio is csrkit's
time over cryptography's.
"""

import hashlib
import statistics
import sys
import threading
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# The installed package, not the source folder beside this script.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
import csrkit  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
QUICK = "--quick" in sys.argv
SUBJECT = [("C", "CN"), ("ST", "Beijing"), ("L", "Beijing"), ("O", "Example Co"), ("OU", "IT"), ("CN", "example.com")]
SANS = ["www.example.com", "example.com"]


def median_us(fn, n, repeat=7):
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - t) / n * 1e6)
    return statistics.median(runs)


def ours_generate(algorithm):
    return csrkit.generate(algorithm=algorithm, subject="/C=CN/ST=Beijing/L=Beijing/O=Example Co/OU=IT/CN=example.com", sans=SANS)


OIDS = {"C": NameOID.COUNTRY_NAME, "ST": NameOID.STATE_OR_PROVINCE_NAME, "L": NameOID.LOCALITY_NAME,
        "O": NameOID.ORGANIZATION_NAME, "OU": NameOID.ORGANIZATIONAL_UNIT_NAME, "CN": NameOID.COMMON_NAME}


def theirs_generate(kind):
    key = ec.generate_private_key(ec.SECP256R1()) if kind == "ecc" else rsa.generate_private_key(65537, 2048)
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(OIDS[k], v) for k, v in SUBJECT]))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(s) for s in SANS]), critical=False)
        .add_extension(x509.KeyUsage(True, False, kind != "ecc", False, False, False, False, False, False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (csr.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def theirs_inspect(pem: bytes):
    """What csrkit.inspect reports, computed with cryptography."""
    csr = x509.load_pem_x509_csr(pem)
    der = csr.public_bytes(serialization.Encoding.DER)
    pub = csr.public_key()
    spki = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    subject = {k: ",".join(a.value for a in csr.subject.get_attributes_for_oid(o)) or None for k, o in OIDS.items()}
    try:
        sans = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        san_values = [str(v.value) for v in sans]
    except x509.ExtensionNotFound:
        san_values = []
    return {
        "KeySha2": hashlib.sha256(spki).hexdigest(),
        "Sans": ",".join(san_values),
        "SubjectDN": csr.subject.rfc4514_string(),
        **subject,
        "Sha2": hashlib.sha256(der).hexdigest(),
        "Md5": hashlib.md5(der).hexdigest(),
        "KeySize": pub.key_size,
        "SignAlgorithm": csr.signature_algorithm_oid.dotted_string,
        "SignatureValid": csr.is_signature_valid,
    }


def threads_ratio(keys=4, runs=3):
    def make(n):
        for _ in range(n):
            csrkit.generate(algorithm="rsa2048")

    one, two = [], []
    for _ in range(runs):
        t = time.perf_counter()
        make(2 * keys)
        one.append(time.perf_counter() - t)
        t = time.perf_counter()
        ths = [threading.Thread(target=make, args=(keys,)) for _ in range(2)]
        [th.start() for th in ths]
        [th.join() for th in ths]
        two.append(time.perf_counter() - t)
    return statistics.median(one), statistics.median(two)


def main():
    rows = []
    n = 20 if QUICK else 200
    for label, kind in [("P-256 key + CSR", "ecc")]:
        ours = median_us(lambda: ours_generate(kind), n)
        theirs = median_us(lambda: theirs_generate(kind), n)
        rows.append((label, ours, theirs))
    nr = 3 if QUICK else 15
    ours = median_us(lambda: ours_generate("rsa2048"), nr, repeat=5)
    theirs = median_us(lambda: theirs_generate("rsa"), nr, repeat=5)
    rows.append(("RSA-2048 key + CSR", ours, theirs))
    for label, file in [("inspect RSA-2048 CSR", "rsa2048-sha256.pem"), ("inspect P-256 CSR", "p256-sha256.pem")]:
        pem = (ROOT / "vectors/csr" / file).read_bytes()
        a, b = csrkit.inspect(pem), theirs_inspect(pem)
        assert a["KeySha2"] == b["KeySha2"] and a["Sha2"] == b["Sha2"] and a["Sans"] == b["Sans"]
        assert a["SignatureValid"] is True and b["SignatureValid"] is True
        ni = 100 if QUICK else 2000
        rows.append((label, median_us(lambda: csrkit.inspect(pem), ni), median_us(lambda: theirs_inspect(pem), ni)))
    import cryptography
    print(f"csrkit (Python bindings) against cryptography {cryptography.__version__}, Python {sys.version.split()[0]}")
    print()
    print("| op | csrkit | cryptography | csrkit / cryptography |")
    print("|---|---:|---:|---:|")
    for label, ours, theirs in rows:
        print(f"| {label} | {ours:,.0f} µs | {theirs:,.0f} µs | {ours / theirs:.2f} |")
    one, two = threads_ratio(keys=2 if QUICK else 4)
    print()
    print(f"RSA-2048 keys, {2 * (2 if QUICK else 4)} in all: one thread {one:.2f} s, two threads {two:.2f} s: "
          f"two / one = {two / one:.2f}")


if __name__ == "__main__":
    main()
