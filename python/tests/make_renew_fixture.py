#!/usr/bin/env python3
"""A certificate folder as a user has one, for python/examples/alibaba_renew.py: CJK and
wildcard file names, an SM2 certificate, a PKCS#12 bundle, certificates with and without
their keys, due and not due. Made by the peers only: Python cryptography for the RSA and
ECDSA keys, certificates and the .pfx, the OpenSSL command line for SM2 (cryptography has
no SM2).

    python python/tests/make_renew_fixture.py DIR [--password PW]

Writes DIR (it must not exist) and prints, as JSON, what the tests expect of each
certificate: its file, its days left, whether it is due within 30 days, its key file (or
null), its algorithm family and key size, and the SHA-256 of its SubjectPublicKeyInfo,
all as cryptography and OpenSSL say.
"""

import argparse
import datetime as dt
import hashlib
import json
import pathlib
import subprocess
from typing import Dict, List, Optional, Tuple, Union

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PrivateKey = Union[ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey]


def spki_sha256(cert: x509.Certificate) -> str:
    der = cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def certificate(cn: str, key: PrivateKey, days: int, ca_key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    """A server certificate for `cn` with `days` from now to its notAfter (plus 12 hours,
    so that its DaysLeft is `days` whatever the hour)."""
    after = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days, hours=12)
    san: x509.GeneralName = x509.DNSName(cn) if cn.isascii() else x509.DNSName("portal.example.cn")
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "示例公司"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fixture CA")]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(after - dt.timedelta(days=90))
        .not_valid_after(after)
        .add_extension(x509.SubjectAlternativeName([san]), critical=False)
        .add_extension(x509.KeyUsage(True, key_encipherment=isinstance(key, rsa.RSAPrivateKey), content_commitment=False, data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )


def pem_key(key: PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def make(folder: pathlib.Path, password: str) -> List[Dict[str, object]]:
    folder.mkdir(parents=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    expected: List[Dict[str, object]] = []

    def add(stem: str, cert_file: str, key_file: Optional[str], cert: Optional[x509.Certificate], days: int, family: str, size: int, sha: str) -> None:
        expected.append({"Stem": stem, "File": cert_file, "KeyFile": key_file, "Due": days <= 30, "Days": days, "Algorithm": family, "KeySize": size, "KeySha2": sha})

    # PEM certificates and keys by cryptography: (stem, CN, key, days left, key kept).
    specs: List[Tuple[str, str, PrivateKey, int, bool]] = [
        ("客户门户", "客户门户", ec.generate_private_key(ec.SECP256R1()), 5, True),
        ("客户系统", "客户系统", rsa.generate_private_key(public_exponent=65537, key_size=3072), 12, False),
        ("*.example.com", "*.example.com", ec.generate_private_key(ec.SECP384R1()), 20, True),
        ("_.example.com", "*.example.com", ec.generate_private_key(ec.SECP256R1()), 25, False),
        ("expired", "expired.example.com", rsa.generate_private_key(public_exponent=65537, key_size=2048), -3, True),
        ("later", "later.example.com", ec.generate_private_key(ec.SECP256R1()), 300, True),
    ]
    for stem, cn, key, days, kept in specs:
        cert = certificate(cn, key, days, ca_key)
        (folder / f"{stem}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        if kept:
            (folder / f"{stem}.key").write_bytes(pem_key(key))
        family = "RSA" if isinstance(key, rsa.RSAPrivateKey) else "ECC"
        add(stem, f"{stem}.crt", f"{stem}.key" if kept else None, cert, days, family, key.key_size if isinstance(key, rsa.RSAPrivateKey) else key.curve.key_size, spki_sha256(cert))

    # A PKCS#12 bundle (cryptography), its password `password`: the key is in it.
    key = ec.generate_private_key(ec.SECP256R1())
    cert = certificate("门户.example.cn", key, 8, ca_key)
    pfx = pkcs12.serialize_key_and_certificates(b"portal", key, cert, None, serialization.BestAvailableEncryption(password.encode()))
    (folder / "门户.pfx").write_bytes(pfx)
    add("门户", "门户.pfx", "门户.pfx", cert, 8, "ECC", 256, spki_sha256(cert))

    # SM2 by OpenSSL: a certificate whose key is not in the folder, due in 10 days.
    sm2 = folder.parent / f".{folder.name}-sm2.key"
    subprocess.run(["openssl", "genpkey", "-algorithm", "SM2", "-out", str(sm2)], check=True)
    crt = folder / "国密站点.crt"
    subprocess.run(["openssl", "req", "-new", "-x509", "-key", str(sm2), "-sm3", "-days", "10", "-utf8", "-subj", "/O=示例/CN=国密站点", "-out", str(crt)], check=True)
    der = subprocess.run(["openssl", "x509", "-in", str(crt), "-noout", "-pubkey"], check=True, capture_output=True).stdout
    spki = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=der, check=True, capture_output=True).stdout
    sm2.unlink()
    # `-days 10` from now: notAfter is 10 days away to the second, so 9 whole days left.
    add("国密站点", "国密站点.crt", None, None, 9, "SM2", 256, hashlib.sha256(spki).hexdigest())

    return expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--password", default="fixture-pfx")
    args = ap.parse_args()
    print(json.dumps(make(args.dir, args.password), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
