#!/usr/bin/env python3
"""(Re)create vectors/keyenc/: private keys encrypted the older ways people still have them,
each made by the `openssl` 3.0 CLI, with a sidecar NAME.json of what OpenSSL reports.

- Encrypted PKCS#8 (`ENCRYPTED PRIVATE KEY`) with the schemes besides PBES2+AES:
  PBES2 with DES-EDE3-CBC (`openssl pkcs8 -topk8 -v2 des3`) and DES-CBC (`-v2 des`), and the
  PKCS#12 PBE schemes of RFC 7292 appendix C (`-v1 PBE-SHA1-3DES`, `PBE-SHA1-2DES`,
  `PBE-SHA1-RC2-40`, `PBE-SHA1-RC2-128`); and two PKCS#5 v1.5 PBES1 keys (`-v1 PBE-MD5-DES`,
  `PBE-SHA1-DES`) that csrkit refuses as unsupported.
- Legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`, `DEK-Info: CIPHER,IV`), as OpenSSL 1.x
  wrote `genrsa -aes256` and OpenSSL 3 writes with `-traditional`: `openssl rsa -traditional
  -aes256|-aes128|-des3|-des`, `openssl ec -aes128|-aes192|-aes256|-des3|-des` for P-256,
  P-384 and SM2 (which `openssl ec` labels `SM2 PRIVATE KEY`), and a HAProxy-style file with
  a certificate and its legacy-encrypted key. One key under a `-camellia256` DEK-Info: a
  cipher csrkit does not read.
- Broken legacy PEM, edited from the good ones here: the file cut in the middle (no END
  line), body lines removed (END kept), a DEK-Info IV that is not hex, an IV of the wrong
  length, a DEK-Info without its IV.

Every expected value comes from OpenSSL: `KeySha2` is
`openssl pkey -in F -passin ... -pubout -outform DER | sha256sum`, `KeySize` the bits of
`openssl pkey -text`. `OpenSSLReads`: whether `openssl pkey` reads the file with the password
(default provider only; `OpenSSLReadsWithLegacyProvider` with `-provider legacy -provider
default`). `CryptographyReads`: whether Python's cryptography `load_pem_private_key` /
`load_der_private_key` reads it with the password. csrkit computes nothing here.

Usage:  python3 vectors/make_keyenc.py   (needs openssl 3 and cryptography 48.0.0)

The script deletes vectors/keyenc/ and writes it again. Keys are random: bytes and hashes
change on every run, names and structure do not.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cryptography
from cryptography.hazmat.primitives import serialization

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "keyenc"
OPENSSL = os.environ.get("OPENSSL", "openssl")
PASSWORD = "csrkit-key-pass"
# A non-ASCII password: PKCS#12 PBE takes it as a BMPString from UTF-8, legacy PEM as its
# UTF-8 bytes (OpenSSL 3 does both).
UTF8_PASSWORD = "pässwörd-密码"
LEGACY = ["-provider", "legacy", "-provider", "default"]
WORK: Path


def run(*args: str, input: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run(list(args), input=input, capture_output=True)
    if check and p.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{p.stderr.decode(errors='replace')}")
    return p


def pass_arg(password: str) -> str:
    return "pass:" + password


def openssl_facts(path: Path, password: str) -> dict:
    """KeySha2, Algorithm and KeySize as OpenSSL reads the file (legacy provider loaded)."""
    spki = run(OPENSSL, "pkey", *LEGACY, "-in", str(path), "-passin", pass_arg(password),
               "-pubout", "-outform", "DER").stdout
    text = run(OPENSSL, "pkey", *LEGACY, "-in", str(path), "-passin", pass_arg(password),
               "-noout", "-text").stdout.decode()
    bits = int(re.search(r"Private-Key: \((\d+) bit", text).group(1))
    if "modulus:" in text:
        algorithm = "RSA"
    elif "SM2" in text:
        algorithm = "SM2"
    else:
        algorithm = "ECC"
    curve = re.search(r"NIST CURVE: (\S+)", text)
    return {
        "Algorithm": algorithm,
        "Curve": curve.group(1) if curve else ("SM2" if algorithm == "SM2" else None),
        "KeySize": bits,
        "KeySha2": hashlib.sha256(spki).hexdigest(),
    }


def openssl_reads(path: Path, password: str | None, legacy: bool) -> bool:
    args = [OPENSSL, "pkey", "-in", str(path), "-noout"]
    if legacy:
        args[2:2] = LEGACY
    args += ["-passin", pass_arg(password if password is not None else "")]
    return run(*args, check=False).returncode == 0


def cryptography_reads(path: Path, password: str) -> bool | str:
    data = path.read_bytes()
    load = (serialization.load_pem_private_key if data.lstrip().startswith(b"-----")
            or b"-----BEGIN" in data else serialization.load_der_private_key)
    try:
        load(data, password.encode())
        return True
    except Exception as e:  # noqa: BLE001 - the peer's verdict, recorded
        return f"refused: {type(e).__name__}: {e}"
    except BaseException as e:  # noqa: BLE001 - cryptography 48 panics on a short DEK-Info IV
        return f"panicked: {type(e).__name__}: {e}"


def put(name: str, data: bytes, meta: dict) -> None:
    path = OUT / name
    path.write_bytes(data)
    stem = name.rsplit(".", 1)[0]
    meta = {"File": f"keyenc/{name}", **meta}
    (OUT / f"{stem}.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")


def good(name: str, data: bytes, fmt: str, scheme: str, maker: str, password: str = PASSWORD,
         extra: dict | None = None) -> dict:
    path = WORK / name
    path.write_bytes(data)
    facts = openssl_facts(path, password)
    meta = {
        "Format": fmt,
        "Encrypted": True,
        "Scheme": scheme,
        "Password": password,
        **facts,
        "OpenSSLReads": openssl_reads(path, password, legacy=False),
        "OpenSSLReadsWithLegacyProvider": openssl_reads(path, password, legacy=True),
        "OpenSSLReadsWrongPassword": openssl_reads(path, "not-" + password, legacy=True),
        "CryptographyReads": cryptography_reads(path, password),
        "Maker": maker,
        **(extra or {}),
    }
    put(name, data, meta)
    return meta


def main() -> None:
    global WORK
    version = run(OPENSSL, "version").stdout.decode().strip()
    if not version.startswith("OpenSSL 3."):
        sys.exit(f"needs the OpenSSL 3 CLI, found {version!r} (set $OPENSSL)")
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    WORK = Path(tempfile.mkdtemp())
    try:
        make(version)
    finally:
        shutil.rmtree(WORK)


def make(version: str) -> None:
    keys = {}
    for alg, gen in [
        ("rsa2048", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
        ("p256", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
        ("p384", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"]),
        ("sm2", ["-algorithm", "SM2"]),
    ]:
        path = WORK / f"{alg}.key.pem"
        run(OPENSSL, "genpkey", *gen, "-out", str(path))
        keys[alg] = path

    # Encrypted PKCS#8.
    pkcs8 = [
        # (name, key, openssl pkcs8 options, scheme as OpenSSL names it, legacy provider)
        ("rsa2048-pbes2-des3", "rsa2048", ["-v2", "des3"], "PBES2 PBKDF2-HMAC-SHA256 DES-EDE3-CBC", False),
        ("p256-pbes2-des3", "p256", ["-v2", "des3"], "PBES2 PBKDF2-HMAC-SHA256 DES-EDE3-CBC", False),
        ("sm2-pbes2-des3", "sm2", ["-v2", "des3"], "PBES2 PBKDF2-HMAC-SHA256 DES-EDE3-CBC", False),
        ("p384-pbes2-des", "p384", ["-v2", "des"], "PBES2 PBKDF2-HMAC-SHA256 DES-CBC", True),
        ("rsa2048-pbe-sha1-3des", "rsa2048", ["-v1", "PBE-SHA1-3DES"], "pbeWithSHA1And3-KeyTripleDES-CBC", False),
        ("p256-pbe-sha1-3des", "p256", ["-v1", "PBE-SHA1-3DES"], "pbeWithSHA1And3-KeyTripleDES-CBC", False),
        ("sm2-pbe-sha1-3des", "sm2", ["-v1", "PBE-SHA1-3DES"], "pbeWithSHA1And3-KeyTripleDES-CBC", False),
        ("p384-pbe-sha1-2des", "p384", ["-v1", "PBE-SHA1-2DES"], "pbeWithSHA1And2-KeyTripleDES-CBC", False),
        ("p256-pbe-sha1-rc2-40", "p256", ["-v1", "PBE-SHA1-RC2-40"], "pbeWithSHA1And40BitRC2-CBC", True),
        ("rsa2048-pbe-sha1-rc2-128", "rsa2048", ["-v1", "PBE-SHA1-RC2-128"], "pbeWithSHA1And128BitRC2-CBC", True),
    ]
    for name, alg, opts, scheme, legacy in pkcs8:
        prov = LEGACY if legacy else []
        data = run(OPENSSL, "pkcs8", "-topk8", *prov, *opts, "-in", str(keys[alg]),
                   "-passout", pass_arg(PASSWORD)).stdout
        cmd = f"openssl pkcs8 -topk8 {' '.join(prov + opts)} -passout pass:{PASSWORD}"
        good(f"{name}.pem", data, "PKCS#8", scheme, cmd)
    # DER, and a UTF-8 password.
    der = run(OPENSSL, "pkcs8", "-topk8", "-v2", "des3", "-in", str(keys["p256"]), "-outform",
              "DER", "-passout", pass_arg(PASSWORD)).stdout
    good("p256-pbes2-des3-der.der", der, "PKCS#8", "PBES2 PBKDF2-HMAC-SHA256 DES-EDE3-CBC",
         f"openssl pkcs8 -topk8 -v2 des3 -outform DER -passout pass:{PASSWORD}")
    data = run(OPENSSL, "pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES", "-in", str(keys["rsa2048"]),
               "-passout", pass_arg(UTF8_PASSWORD)).stdout
    good("rsa2048-pbe-sha1-3des-utf8-password.pem", data, "PKCS#8",
         "pbeWithSHA1And3-KeyTripleDES-CBC",
         f"openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES -passout pass:{UTF8_PASSWORD}",
         password=UTF8_PASSWORD)

    # PKCS#5 v1.5 PBES1: refused by csrkit as an unsupported key encryption.
    for name, alg, scheme, oid in [
        ("rsa2048-pbe-md5-des", "rsa2048", "PBE-MD5-DES", "1.2.840.113549.1.5.3"),
        ("p256-pbe-sha1-des", "p256", "PBE-SHA1-DES", "1.2.840.113549.1.5.10"),
    ]:
        data = run(OPENSSL, "pkcs8", "-topk8", *LEGACY, "-v1", scheme, "-in", str(keys[alg]),
                   "-passout", pass_arg(PASSWORD)).stdout
        path = WORK / f"{name}.pem"
        path.write_bytes(data)
        asn1 = run(OPENSSL, "asn1parse", "-in", str(path)).stdout.decode()
        shown = re.search(r"OBJECT\s+:(\S+)", asn1).group(1)
        put(f"{name}.pem", data, {
            "Format": "PKCS#8",
            "Encrypted": True,
            "Scheme": shown,
            "SchemeOid": oid,
            "Password": PASSWORD,
            **openssl_facts(path, PASSWORD),
            "OpenSSLReads": openssl_reads(path, PASSWORD, legacy=False),
            "OpenSSLReadsWithLegacyProvider": openssl_reads(path, PASSWORD, legacy=True),
            "CryptographyReads": cryptography_reads(path, PASSWORD),
            "Expect": "UnsupportedAlgorithm",
            "Maker": f"openssl pkcs8 -topk8 -provider legacy -provider default -v1 {scheme} "
                     f"-passout pass:{PASSWORD}",
        })

    # Legacy encrypted PEM.
    legacy_pem = [
        # (name, key, command, cipher option, DEK-Info cipher, legacy provider)
        ("rsa2048-legacy-aes256", "rsa2048", "rsa", "-aes256", "AES-256-CBC", False),
        ("rsa2048-legacy-aes128", "rsa2048", "rsa", "-aes128", "AES-128-CBC", False),
        ("rsa2048-legacy-des3", "rsa2048", "rsa", "-des3", "DES-EDE3-CBC", False),
        ("rsa2048-legacy-des", "rsa2048", "rsa", "-des", "DES-CBC", True),
        ("p256-legacy-aes128", "p256", "ec", "-aes128", "AES-128-CBC", False),
        ("p256-legacy-aes192", "p256", "ec", "-aes192", "AES-192-CBC", False),
        ("p384-legacy-aes256", "p384", "ec", "-aes256", "AES-256-CBC", False),
        ("p384-legacy-des", "p384", "ec", "-des", "DES-CBC", True),
        ("sm2-legacy-des3", "sm2", "ec", "-des3", "DES-EDE3-CBC", False),
        ("sm2-legacy-aes128", "sm2", "ec", "-aes128", "AES-128-CBC", False),
    ]
    for name, alg, cmd, opt, cipher, legacy in legacy_pem:
        prov = LEGACY if legacy else []
        trad = ["-traditional"] if cmd == "rsa" else []
        data = run(OPENSSL, cmd, *prov, "-in", str(keys[alg]), *trad, opt,
                   "-passout", pass_arg(PASSWORD)).stdout
        assert b"Proc-Type: 4,ENCRYPTED" in data and f"DEK-Info: {cipher},".encode() in data, name
        label = re.search(rb"-----BEGIN ([A-Z0-9 ]+)-----", data).group(1).decode()
        good(f"{name}.pem", data, "legacy PEM", cipher,
             f"openssl {cmd} {' '.join(prov + trad)} {opt} -passout pass:{PASSWORD}".replace("  ", " "),
             extra={"Label": label})
    data = run(OPENSSL, "rsa", "-in", str(keys["rsa2048"]), "-traditional", "-aes256",
               "-passout", pass_arg(UTF8_PASSWORD)).stdout
    good("rsa2048-legacy-aes256-utf8-password.pem", data, "legacy PEM", "AES-256-CBC",
         f"openssl rsa -traditional -aes256 -passout pass:{UTF8_PASSWORD}",
         password=UTF8_PASSWORD, extra={"Label": "RSA PRIVATE KEY"})

    # HAProxy / nginx combined file: the certificate, then its key as legacy encrypted PEM.
    cert = WORK / "haproxy.crt"
    run(OPENSSL, "req", "-x509", "-new", "-key", str(keys["rsa2048"]), "-subj",
        "/CN=haproxy.example.com", "-days", "3650", "-out", str(cert))
    key_pem = (OUT / "rsa2048-legacy-aes256.pem").read_bytes()
    combined = cert.read_bytes() + key_pem
    cert_spki = run(OPENSSL, "x509", "-in", str(cert), "-noout", "-pubkey").stdout
    cert_key_sha2 = hashlib.sha256(
        run(OPENSSL, "pkey", "-pubin", "-outform", "DER", input=cert_spki).stdout).hexdigest()
    meta = good("haproxy-rsa2048-legacy-aes256.pem", combined, "legacy PEM", "AES-256-CBC",
                "openssl req -x509 -new -key rsa.key -subj /CN=haproxy.example.com, then the "
                "key of rsa2048-legacy-aes256.pem appended", extra={
                    "Label": "RSA PRIVATE KEY", "CertificateKeySha2": cert_key_sha2})
    assert meta["KeySha2"] == cert_key_sha2

    # A DEK-Info cipher csrkit does not read (OpenSSL writes and reads it).
    data = run(OPENSSL, "ec", "-in", str(keys["p256"]), "-camellia256",
               "-passout", pass_arg(PASSWORD)).stdout
    path = WORK / "camellia.pem"
    path.write_bytes(data)
    put("p256-legacy-camellia256.pem", data, {
        "Format": "legacy PEM",
        "Encrypted": True,
        "Scheme": "CAMELLIA-256-CBC",
        "Password": PASSWORD,
        **openssl_facts(path, PASSWORD),
        "OpenSSLReads": openssl_reads(path, PASSWORD, legacy=False),
        "CryptographyReads": cryptography_reads(path, PASSWORD),
        "Expect": "UnsupportedCipher",
        "Maker": f"openssl ec -camellia256 -passout pass:{PASSWORD}",
    })

    # Broken legacy PEM, edited from the good ones.
    base = (OUT / "p256-legacy-aes128.pem").read_bytes()
    rsa = (OUT / "rsa2048-legacy-aes256.pem").read_bytes()
    lines = rsa.split(b"\n")
    body_start = lines.index(b"") + 1
    end = next(i for i, l in enumerate(lines) if l.startswith(b"-----END"))
    bad = [
        ("bad-legacy-cut.pem", rsa[: len(rsa) // 2],
         "the first half of rsa2048-legacy-aes256.pem (no END line)", "Pem(MissingEnd)"),
        ("bad-legacy-lines-removed.pem",
         b"\n".join(lines[:body_start + 3] + lines[end:]),
         "rsa2048-legacy-aes256.pem with all but the first three base64 lines removed "
         "(END line kept)", "Pem(Truncated)"),
        ("bad-legacy-iv-not-hex.pem",
         re.sub(rb"(DEK-Info: AES-128-CBC,)[0-9A-F]{2}", rb"\1ZZ", base),
         "p256-legacy-aes128.pem with the IV's first two hex digits replaced by ZZ",
         "Pem(DekInfo)"),
        ("bad-legacy-iv-short.pem",
         re.sub(rb"(DEK-Info: AES-128-CBC,[0-9A-F]{16})[0-9A-F]{16}", rb"\1", base),
         "p256-legacy-aes128.pem with the IV cut to 8 bytes", "Pem(DekInfo)"),
        ("bad-legacy-no-iv.pem",
         re.sub(rb"(DEK-Info: AES-128-CBC),[0-9A-F]{32}", rb"\1", base),
         "p256-legacy-aes128.pem with DEK-Info naming the cipher only", "Pem(DekInfo)"),
    ]
    for name, data, how, expect in bad:
        assert data != base and data != rsa, name
        path = WORK / name
        path.write_bytes(data)
        put(name, data, {
            "Format": "legacy PEM",
            "Password": PASSWORD,
            "OpenSSLReads": openssl_reads(path, PASSWORD, legacy=True),
            "CryptographyReads": cryptography_reads(path, PASSWORD),
            "Expect": expect,
            "Maker": how,
        })

    (OUT / "README.md").write_text(
        "# keyenc: encrypted private keys made by OpenSSL\n\n"
        "Made by `python3 vectors/make_keyenc.py` (see its docstring for what each file is);\n"
        "each NAME.json holds the values OpenSSL and cryptography report for NAME.\n\n"
        "| tool | version |\n|---|---|\n"
        f"| OpenSSL | {version} |\n"
        f"| cryptography | {cryptography.__version__} |\n"
        f"| Python | {sys.version.split()[0]} |\n"
    )
    print(f"wrote {len(list(OUT.glob('*.json')))} vectors to {OUT}")


if __name__ == "__main__":
    main()
