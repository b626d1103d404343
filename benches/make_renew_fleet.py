#!/usr/bin/env python3
"""The renewal benchmark's folder, made by Python `cryptography` and the OpenSSL command line
(SM2), never by csrkit:

    make_renew_fleet.py COPIES DIR [--password PW --iter N]

Each copy (a subfolder) holds 38 leaves as a fleet keeps them, each certificate beside
its key: 29 due within 30 days, 9 not due, in turn ECC P-256, RSA-2048, ECC P-384, SM2
and ECC P-256; keys as PKCS#8, SEC1 and PKCS#1 (76 files a copy: 5 copies are 380 files,
145 due). With `--password`, every key is encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256
with N iterations, AES-256-CBC, by `openssl pkcs8 -topk8 -v2 aes-256-cbc -iter N`), so
each key file costs one key derivation to open. Prints {"Files", "Due"} as counted here.
"""
import datetime as dt
import json
import os
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
ALGS = ["p256", "rsa2048", "p384", "sm2", "p256"]


def main():
    copies, out = int(sys.argv[1]), sys.argv[2]
    password = iters = None
    if "--password" in sys.argv:
        password = sys.argv[sys.argv.index("--password") + 1]
        iters = sys.argv[sys.argv.index("--iter") + 1] if "--iter" in sys.argv else "100000"
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Fleet CA")])
    files = due = 0
    for c in range(copies):
        d = os.path.join(out, f"copy{c}")
        os.makedirs(d, exist_ok=True)
        for i in range(38):
            alg = ALGS[i % len(ALGS)]
            cn = f"h{i}.copy{c}.example.com"
            left = 3 + i % 25 if i < 29 else 60 + i
            base = os.path.join(d, f"h{i}")
            if alg == "sm2":
                subprocess.run(["openssl", "genpkey", "-algorithm", "SM2", "-out", base + ".key"], check=True)
                cert_der = sm2_cert(base, cn, left, d)
                open(base + ".crt", "wb").write(cert_der)
            else:
                key = {"p256": lambda: ec.generate_private_key(ec.SECP256R1()),
                       "p384": lambda: ec.generate_private_key(ec.SECP384R1()),
                       "rsa2048": lambda: rsa.generate_private_key(65537, 2048)}[alg]()
                fmt = (serialization.PrivateFormat.TraditionalOpenSSL if i % 3 == 1
                       else serialization.PrivateFormat.PKCS8)
                open(base + ".key", "wb").write(key.private_bytes(
                    serialization.Encoding.PEM, fmt, serialization.NoEncryption()))
                cert = (x509.CertificateBuilder()
                        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
                        .issuer_name(ca_name).public_key(key.public_key())
                        .serial_number(x509.random_serial_number())
                        .not_valid_before(NOW - dt.timedelta(days=300))
                        .not_valid_after(NOW + dt.timedelta(days=left, hours=12))
                        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
                        .add_extension(x509.SubjectAlternativeName([x509.DNSName(cn)]), False)
                        .sign(ca_key, hashes.SHA256()))
                open(base + ".crt", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            if password:
                subprocess.run(["openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256",
                                "-iter", iters, "-in", base + ".key", "-out", base + ".key.enc",
                                "-passout", "pass:" + password], check=True)
                os.replace(base + ".key.enc", base + ".key")
            files += 2
            due += left <= 30
    print(json.dumps({"Files": files, "Due": due}))


def sm2_cert(base, cn, left, d):
    """An SM2 leaf by OpenSSL (cryptography has no SM2), self-issued, valid `left` days."""
    subprocess.run(["openssl", "req", "-new", "-x509", "-key", base + ".key", "-sm3", "-sigopt",
                    "distid:1234567812345678", "-subj", "/CN=" + cn, "-addext", "subjectAltName=DNS:" + cn,
                    "-addext", "basicConstraints=critical,CA:FALSE", "-days", str(left), "-outform", "DER",
                    "-out", base + ".crt"], check=True, capture_output=True)
    return open(base + ".crt", "rb").read()


main()
