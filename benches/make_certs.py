#!/usr/bin/env python3
"""A folder of certificates with their keys, made by Python's `cryptography` (not by
csrkit), for the lifecycle benches (benches/lifecycle.sh).

Usage: python3 benches/make_certs.py N DIR [--due-only] [--issuers K] [--mixed] [--no-keys]

N leaf certificates `cert-I.crt` (P-256, SAN dNSName, EKU serverAuth, KU digitalSignature,
basicConstraints CA:FALSE) issued by one P-256 CA, each with its key `cert-I.key`
(PKCS#8 PEM, no password). notAfter is spread from 60 days ago to 340 days ahead
(I mod 400 days from -60), so about 90 in 400 expire within 30 days; with --due-only every
one expires within 30 days (and a tenth are already expired). With --issuers K (the report
bench), K CAs "Bench CA 1".."Bench CA K": every other leaf from the first, the rest spread
over all K.

--mixed (the lint bench, benches/lint.sh): every other certificate has an RSA-2048 key
instead, taken from a pool of 64 keys made once (RSA key generation would take most of the
run; the lint's cost per certificate is the same), so the RSA checks (small factors,
Fermat, ROCA) run on half the files. --no-keys writes no key files.
"""

import datetime as dt
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def main() -> int:
    n, out = int(sys.argv[1]), sys.argv[2]
    due_only = "--due-only" in sys.argv
    mixed = "--mixed" in sys.argv
    no_keys = "--no-keys" in sys.argv
    rsa_pool = ([rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(64)]
                if mixed else [])
    os.makedirs(out, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    issuers = int(sys.argv[sys.argv.index("--issuers") + 1]) if "--issuers" in sys.argv else 0
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_names = [x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Bench CA {k + 1}")])
                for k in range(issuers)] or [x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench CA")])]
    pem = serialization.Encoding.PEM
    for i in range(1, n + 1):
        key = rsa_pool[i % 64] if mixed and i % 2 == 0 else ec.generate_private_key(ec.SECP256R1())
        cn = f"host{i}.example.com"
        offset = (i % 33) - 3 if due_only else (i % 400) - 60
        not_after = now + dt.timedelta(days=offset, hours=12)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Co"),
                                     x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
            .issuer_name(ca_names[0 if i % 2 == 0 else i % len(ca_names)])
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_after - dt.timedelta(days=397))
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(cn)]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.KeyUsage(True, False, isinstance(key, rsa.RSAPrivateKey), False, False,
                                         False, False, False, False),
                           critical=True)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        with open(os.path.join(out, f"cert-{i}.crt"), "wb") as f:
            f.write(cert.public_bytes(pem))
        if no_keys:
            continue
        with open(os.path.join(out, f"cert-{i}.key"), "wb") as f:
            f.write(key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
