"""Folder calls with several passwords, the files they leave out (`Skipped`), and legacy
PKCS#12: every expectation from cryptography, never from csrkit."""

import datetime as dt
import hashlib
import pathlib
from typing import Any, Tuple

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12
from cryptography.x509.oid import NameOID

import csrkit

SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
# pbeWithSHAAnd3-KeyTripleDES-CBC (PKCS#12 appendix C), DER-encoded OID: what
# `openssl pkcs12 -export -legacy` encrypts the key with.
PBE_SHA_3DES = bytes.fromhex("060a2a864886f70d010c0103")
# PBES2 (PKCS#5), DER-encoded OID: OpenSSL 3's default.
PBES2 = bytes.fromhex("06092a864886f70d01050d")


def leaf(cn: str, days: int) -> Tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def write(d: pathlib.Path, stem: str, key: Any, cert: x509.Certificate, password: bytes) -> None:
    (d / f"{stem}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (d / f"{stem}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password),
        )
    )


def test_list_folder_tries_each_password_and_names_what_it_skips(tmp_path: pathlib.Path) -> None:
    ka, ca = leaf("a.example.com", 20)
    kb, cb = leaf("b.example.com", 20)
    write(tmp_path, "a", ka, ca, b"pw-a")
    write(tmp_path, "b", kb, cb, b"pw-b")

    both = csrkit.list_folder(tmp_path, certs=True, key_password=["pw-a", b"pw-b"])
    assert {e["Name"]: e["HasPrivateKey"] for e in both["CertificateList"]} == {"a": True, "b": True}
    assert both["Skipped"] == []
    # A tuple is a list of passwords too.
    assert csrkit.list_folder(tmp_path, certs=True, key_password=("pw-b", "pw-a"))["Skipped"] == []

    one = csrkit.list_folder(tmp_path, certs=True, key_password="pw-a")
    assert {e["Name"]: e["HasPrivateKey"] for e in one["CertificateList"]} == {"a": True, "b": False}
    assert [(pathlib.Path(s["File"]).name, s["Kind"]) for s in one["Skipped"]] == [("b.key", "Locked")]
    assert one["Skipped"][0]["Reason"]

    # The CSR listing carries them too.
    csrs = csrkit.list_folder(tmp_path)
    assert sorted(pathlib.Path(s["File"]).name for s in csrs["Skipped"] if s["Kind"] == "Locked") == ["a.key", "b.key"]

    # reconcile takes the list as well: both keys open, so neither is skipped as locked.
    r = csrkit.reconcile({"CsrList": [], "TotalCount": 0}, tmp_path, key_password=["nope", "pw-a", "pw-b"])
    assert r["Api"] == "ListCsr"


def test_pkcs12_legacy_is_what_cryptography_loads(tmp_path: pathlib.Path) -> None:
    key, cert = leaf("legacy.example.com", 90)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    for legacy in (True, False):
        pfx = csrkit.pkcs12(key_pem, cert_pem, password="deploy", legacy=legacy)
        k, c, extra = crypto_pkcs12.load_key_and_certificates(pfx, b"deploy")
        assert k is not None and c is not None and extra == []
        assert k.public_key().public_bytes(*SPKI) == key.public_key().public_bytes(*SPKI)
        assert c == cert
        assert (PBE_SHA_3DES in pfx) is legacy
        assert (PBES2 in pfx) is not legacy


def test_inspect_a_key_alone_gives_its_facts(tmp_path: pathlib.Path) -> None:
    key, _ = leaf("key.example.com", 30)
    spki_sha2 = hashlib.sha256(key.public_key().public_bytes(*SPKI)).hexdigest()
    plain = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    info = csrkit.inspect(plain)
    assert info["Kind"] == "KEY"
    assert info == {
        "Kind": "KEY",
        "Algorithm": "ECC",
        "KeySize": key.curve.key_size,
        "KeySha2": spki_sha2,
        "Encrypted": False,
        "Format": "PKCS#8",
    }
    sec1 = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.BestAvailableEncryption(b"k-pw"),
    )
    (tmp_path / "k.key").write_bytes(sec1)
    enc = csrkit.inspect(tmp_path / "k.key", key_password="k-pw")
    assert enc["Kind"] == "KEY"
    assert (enc["KeySha2"], enc["Encrypted"], enc["Format"]) == (spki_sha2, True, "legacy PEM")
    with pytest.raises(csrkit.WrongPassword):
        csrkit.inspect(tmp_path / "k.key", key_password="wrong")


def test_upload_csr_requests_of_a_folder_read_into_the_sdk_model(tmp_path: pathlib.Path) -> None:
    from alibabacloud_cas20200407.models import UploadCsrRequest

    keys = {}
    for stem, pw in (("web", b"pw-a"), ("api", b"pw-b")):
        key = ec.generate_private_key(ec.SECP256R1())
        keys[stem] = key
        csr = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{stem}.example.com")]))
            .sign(key, hashes.SHA256())
        )
        (tmp_path / f"{stem}.csr").write_bytes(csr.public_bytes(serialization.Encoding.PEM))
        (tmp_path / f"{stem}.key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(pw),
            )
        )
    bodies = csrkit.upload_csr_requests(tmp_path, key_password=["pw-a", "pw-b"])
    assert len(bodies) == 2
    seen = set()
    for body in bodies:
        model = UploadCsrRequest().from_map(body)
        assert model.csr == body["Csr"] and model.key == body.get("Key") and model.name == body.get("Name")
        csr = x509.load_pem_x509_csr(model.csr.encode())
        assert csr.is_signature_valid
        assert model.key is not None
        k = serialization.load_pem_private_key(model.key.encode(), None)
        assert k.public_key().public_bytes(*SPKI) == csr.public_key().public_bytes(*SPKI)
        cn = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        seen.add(cn)
        stem = str(cn).split(".")[0]
        assert csr.public_key().public_bytes(*SPKI) == keys[stem].public_key().public_bytes(*SPKI)
    assert seen == {"web.example.com", "api.example.com"}
    # With one password, the other CSR has no key it can open: left out.
    assert len(csrkit.upload_csr_requests(tmp_path, key_password="pw-a")) == 1
