#!/usr/bin/env python3
"""A fleet folder as people keep one, made by Python `cryptography` and the OpenSSL command
line (SM2), never by csrkit, with what is in it counted by cryptography:

    make_fleet.py DIR  ->  writes the folder under DIR and prints its manifest (JSON)

- CAs: an RSA root, a P-384 intermediate that expires within 30 days, an SM2 root that
  expires within 30 days;
- leaves (RSA 2048/3072, P-256, P-384, SM2) due within 30 days, one expired, one not due;
- keys as PKCS#8, SEC1, encrypted PKCS#8 under two passwords, legacy encrypted PEM
  (`Proc-Type: 4,ENCRYPTED`), a key in the same PEM file as its certificate and chain
  (HAProxy), PKCS#12 bundles (one opened by a password given, one by none given);
- certbot `live/NAME/` folders (cert.pem, chain.pem, fullchain.pem, privkey.pem: one
  certificate in two files);
- names in CJK and with spaces; a README, a truncated certificate and an Ed25519
  certificate that csrkit does not renew.

The manifest: {"Passwords": {"A": ..., "B": ..., "C": ...}, "Certificates": [{"Sha2", "Cn",
"Files", "IsCa", "LeafIn" (files where it stands first), "DaysLeft" (floor of the days to
notAfter), "Algorithm" ("RSA 2048", "ECC P-256", "SM2", "Ed25519"), "KeyFile", "KeyPassword"
("A", "B", "C" or null), "Locked" (its every file needs password C)}]}.
"""
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORDS = {"A": "fleet-pass-A", "B": "fleet-pass-B", "C": "fleet-pass-C-not-given"}
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def cert(subject_cn, key, issuer_cn, issuer_key, days_left, ca=False, sans=None):
    b = (
        x509.CertificateBuilder()
        .subject_name(name(subject_cn))
        .issuer_name(name(issuer_cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=300))
        .not_valid_after(NOW + dt.timedelta(days=days_left, hours=12))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        b = b.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName(s if s.isascii() else s.encode("idna").decode()) for s in (sans or [subject_cn])]
            ),
            critical=False,
        )
    algo = None if isinstance(issuer_key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    return b.sign(issuer_key, algo)


def pem(c):
    return c.public_bytes(serialization.Encoding.PEM)


def key_pem(k, fmt=serialization.PrivateFormat.PKCS8, password=None):
    enc = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return k.private_bytes(serialization.Encoding.PEM, fmt, enc)


def openssl(*args):
    r = subprocess.run(["openssl", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"openssl {' '.join(args)}: {r.stderr}")


def main():
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    entries = {}  # sha2 -> entry

    def write(rel, data):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        return rel

    def record(c_der, cn, files, is_ca, leaf_in, days, algorithm, key_file=None, key_pw=None, locked=False):
        sha = hashlib.sha256(c_der).hexdigest()
        e = entries.setdefault(
            sha,
            {"Sha2": sha, "Cn": cn, "Files": [], "IsCa": is_ca, "LeafIn": [], "DaysLeft": days,
             "Algorithm": algorithm, "KeyFile": None, "KeyPassword": None, "Locked": locked},
        )
        for f in files:
            if f not in e["Files"]:
                e["Files"].append(f)
        e["LeafIn"] += [f for f in leaf_in if f not in e["LeafIn"]]
        if key_file:
            e["KeyFile"], e["KeyPassword"] = key_file, key_pw
        e["Locked"] = e["Locked"] and locked

    der = lambda c: c.public_bytes(serialization.Encoding.DER)

    # CAs.
    rsa_root_key = rsa.generate_private_key(65537, 3072)
    rsa_root = cert("Fleet RSA Root", rsa_root_key, "Fleet RSA Root", rsa_root_key, 3000, ca=True)
    ec_ca_key = ec.generate_private_key(ec.SECP384R1())
    ec_ca = cert("Fleet EC CA", ec_ca_key, "Fleet RSA Root", rsa_root_key, 20, ca=True)
    write("ca/rsa-root.pem", pem(rsa_root))
    record(der(rsa_root), "Fleet RSA Root", ["ca/rsa-root.pem"], True, ["ca/rsa-root.pem"], 3000, "RSA 3072")
    write("ca/ec-ca.pem", pem(ec_ca))
    record(der(ec_ca), "Fleet EC CA", ["ca/ec-ca.pem"], True, ["ca/ec-ca.pem"], 20, "ECC P-384")

    def leaf(cn, key, days, algorithm, issuer=(ec_ca, ec_ca_key)):
        return cert(cn, key, issuer[0].subject.rfc4514_string().split("=", 1)[1], issuer[1], days)

    # certbot live/ folders: cert.pem and fullchain.pem hold one certificate.
    for cn, key, days, alg in [
        ("www.example.com", rsa.generate_private_key(65537, 2048), 10, "RSA 2048"),
        ("api.example.com", ec.generate_private_key(ec.SECP256R1()), 5, "ECC P-256"),
    ]:
        c = leaf(cn, key, days, alg)
        d = f"live/{cn}"
        write(f"{d}/cert.pem", pem(c))
        write(f"{d}/chain.pem", pem(ec_ca))
        write(f"{d}/fullchain.pem", pem(c) + pem(ec_ca))
        write(f"{d}/privkey.pem", key_pem(key))
        record(der(c), cn, [f"{d}/cert.pem", f"{d}/fullchain.pem"], False,
               [f"{d}/cert.pem", f"{d}/fullchain.pem"], days, alg, f"{d}/privkey.pem")
        record(der(ec_ca), "Fleet EC CA", [f"{d}/chain.pem", f"{d}/fullchain.pem"], True,
               [f"{d}/chain.pem"], 20, "ECC P-384")

    # P-384 leaf, DER certificate, SEC1 key.
    k = ec.generate_private_key(ec.SECP384R1())
    c = leaf("shop.example.com", k, 20, "ECC P-384")
    write("shop/shop.cer", der(c))
    write("shop/shop.key", key_pem(k, serialization.PrivateFormat.TraditionalOpenSSL))
    record(der(c), "shop.example.com", ["shop/shop.cer"], False, ["shop/shop.cer"], 20, "ECC P-384", "shop/shop.key")

    # A CJK name, its key encrypted (PKCS#8) under password A.
    k = ec.generate_private_key(ec.SECP256R1())
    c = leaf("客户门户.example.com", k, 3, "ECC P-256")
    write("客户门户.crt", pem(c))
    write("客户门户.key", key_pem(k, password=PASSWORDS["A"]))
    record(der(c), "客户门户.example.com", ["客户门户.crt"], False, ["客户门户.crt"], 3, "ECC P-256", "客户门户.key", "A")

    # A name with spaces, RSA 3072, its key encrypted under password B.
    k = rsa.generate_private_key(65537, 3072)
    c = leaf("pay.example.com", k, 15, "RSA 3072", issuer=(rsa_root, rsa_root_key))
    write("pay site.pem", pem(c))
    write("pay site.key", key_pem(k, password=PASSWORDS["B"]))
    record(der(c), "pay.example.com", ["pay site.pem"], False, ["pay site.pem"], 15, "RSA 3072", "pay site.key", "B")

    # HAProxy: certificate, chain and key in one file.
    k = ec.generate_private_key(ec.SECP256R1())
    c = leaf("lb.example.com", k, 7, "ECC P-256")
    write("haproxy-lb.pem", pem(c) + pem(ec_ca) + key_pem(k))
    record(der(c), "lb.example.com", ["haproxy-lb.pem"], False, ["haproxy-lb.pem"], 7, "ECC P-256", "haproxy-lb.pem")
    record(der(ec_ca), "Fleet EC CA", ["haproxy-lb.pem"], True, [], 20, "ECC P-384")

    # PKCS#12 bundles: one under password A (opened), one under C (never given).
    for cn, pw, days, f in [("vpn.example.com", "A", 12, "vpn.pfx"), ("legacy.example.com", "C", 9, "locked.pfx")]:
        k = rsa.generate_private_key(65537, 2048)
        c = leaf(cn, k, days, "RSA 2048", issuer=(rsa_root, rsa_root_key))
        p12 = pkcs12.serialize_key_and_certificates(
            cn.encode(), k, c, [rsa_root], serialization.BestAvailableEncryption(PASSWORDS[pw].encode())
        )
        write(f, p12)
        record(der(c), cn, [f], False, [f], days, "RSA 2048", f, pw, locked=(pw == "C"))
        record(der(rsa_root), "Fleet RSA Root", [f], True, [], 3000, "RSA 3072", locked=(pw == "C"))

    # A legacy encrypted PEM key (Proc-Type: 4,ENCRYPTED), password A.
    k = rsa.generate_private_key(65537, 2048)
    c = leaf("old.example.com", k, 25, "RSA 2048", issuer=(rsa_root, rsa_root_key))
    write("old/old.crt", pem(c))
    write("old/old.key", key_pem(k, serialization.PrivateFormat.TraditionalOpenSSL, PASSWORDS["A"]))
    record(der(c), "old.example.com", ["old/old.crt"], False, ["old/old.crt"], 25, "RSA 2048", "old/old.key", "A")

    # Not due; no key; expired.
    for cn, days, with_key in [("later.example.com", 200, True), ("nokey.example.com", 8, False), ("expired.example.com", -4, True)]:
        k = ec.generate_private_key(ec.SECP256R1())
        c = leaf(cn, k, days, "ECC P-256")
        stem = cn.split(".")[0]
        write(f"misc/{stem}.crt", pem(c))
        if with_key:
            write(f"misc/{stem}.key", key_pem(k))
        record(der(c), cn, [f"misc/{stem}.crt"], False, [f"misc/{stem}.crt"], days, "ECC P-256",
               f"misc/{stem}.key" if with_key else None)

    # SM2: a root due within 30 days and a leaf, by the OpenSSL command line.
    with tempfile.TemporaryDirectory() as t:
        def p(n):
            return os.path.join(t, n)
        openssl("genpkey", "-algorithm", "SM2", "-out", p("root.key"))
        openssl("req", "-new", "-x509", "-key", p("root.key"), "-subj", "/CN=Fleet SM2 Root",
                "-days", "25", "-sm3", "-sigopt", "distid:1234567812345678",
                "-addext", "basicConstraints=critical,CA:TRUE", "-out", p("root.pem"))
        openssl("genpkey", "-algorithm", "SM2", "-out", p("leaf.key"))
        openssl("req", "-new", "-key", p("leaf.key"), "-subj", "/CN=gm.example.com", "-sm3",
                "-sigopt", "distid:1234567812345678", "-out", p("leaf.csr"))
        with open(p("ext"), "w") as f:
            f.write("basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:gm.example.com\n")
        openssl("x509", "-req", "-in", p("leaf.csr"), "-CA", p("root.pem"), "-CAkey", p("root.key"),
                "-CAcreateserial", "-days", "6", "-sm3", "-sigopt", "distid:1234567812345678",
                "-vfyopt", "distid:1234567812345678", "-extfile", p("ext"), "-out", p("leaf.pem"))
        for src, dst in [("root.pem", "gm/sm2-root.pem"), ("leaf.pem", "gm/gm.crt"), ("leaf.key", "gm/gm.key")]:
            with open(p(src), "rb") as f:
                write(dst, f.read())
    for rel, cn, ca, alg, key in [("gm/sm2-root.pem", "Fleet SM2 Root", True, "SM2", None),
                                  ("gm/gm.crt", "gm.example.com", False, "SM2", "gm/gm.key")]:
        with open(os.path.join(root, rel), "rb") as f:
            c = x509.load_pem_x509_certificate(f.read())
        days = (c.not_valid_after_utc - NOW).days
        record(der(c), cn, [rel], ca, [rel], days, alg, key)

    # What csrkit does not renew: an Ed25519 certificate due in 4 days, a truncated
    # certificate, a README.
    k = ed25519.Ed25519PrivateKey.generate()
    c = cert("ed.example.com", k, "ed.example.com", k, 4)
    write("odd/ed25519.crt", pem(c))
    record(der(c), "ed.example.com", ["odd/ed25519.crt"], False, ["odd/ed25519.crt"], 4, "Ed25519")
    write("odd/truncated.crt", pem(c)[:200])
    write("README.txt", b"certificates of the fleet\n")

    for e in entries.values():
        e["Files"].sort()
        e["LeafIn"].sort()
    json.dump({"Passwords": PASSWORDS, "Certificates": sorted(entries.values(), key=lambda e: e["Sha2"])},
              sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
