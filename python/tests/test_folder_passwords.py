"""Folder calls with several passwords, the files they leave out (`Skipped`), and legacy
PKCS#12: every expectation from cryptography, never from csrkit."""

import datetime as dt
import hashlib
import pathlib
from typing import Any, Dict, Tuple

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


def renewal_folder(d: pathlib.Path) -> Dict[str, x509.Certificate]:
    """Made by cryptography: a due leaf with its key (under pw-1), a due leaf whose key is
    under a second password (pw-2), a CA due too, and a leaf not due."""
    d.mkdir()
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Renew CA")])
    now = dt.datetime.now(dt.timezone.utc)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=300))
        .not_valid_after(now + dt.timedelta(days=10))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    (d / "ca.crt").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    certs = {"ca": ca}
    for stem, days, pw in (("one", 5, b"pw-1"), ("two", 12, b"pw-2"), ("fine", 200, b"pw-1")):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{stem}.example.com")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=80))
            .not_valid_after(now + dt.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"{stem}.example.com")]), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        write(d, stem, key, cert, pw)
        certs[stem] = cert
    return certs


def test_due_and_renew_folder_with_two_passwords(tmp_path: pathlib.Path) -> None:
    src = tmp_path / "certs"
    certs = renewal_folder(src)
    passwords = ["pw-1", "pw-2"]

    due = csrkit.due(src, expiring=30, key_password=passwords)
    assert sorted(d["CommonName"] or "" for d in due) == ["one.example.com", "two.example.com"]
    for d in due:
        assert d["KeyFile"] is not None and d["Files"]
        stem = pathlib.Path(d["Files"][0]).stem
        assert d["Sha2"] == certs[stem].fingerprint(hashes.SHA256()).hex()
    with_ca = csrkit.due(src, expiring=30, key_password=passwords, include_ca=True)
    assert sorted(d["CommonName"] or "" for d in with_ca) == ["Renew CA", "one.example.com", "two.example.com"]
    assert len(csrkit.due(src, all=True, key_password=passwords)) == 3

    out = tmp_path / "out"
    r = csrkit.renew_folder(src, out, expiring=30, same_key=True, key_password=passwords)
    renewed = [pathlib.Path(x["Certificate"] or "").stem for x in r["Renewed"]]
    skipped = [pathlib.Path(x["Certificate"] or "").stem for x in r["Skipped"]]
    locked = [pathlib.Path(x["File"]).stem for x in r["Locked"]]
    # Each due certificate in exactly one list (the CA, due too, skipped: a CA is renewed
    # only when asked); the one not due in none.
    assert sorted(renewed + skipped + locked) == ["ca", "one", "two"]
    assert sorted(renewed) == ["one", "two"] and skipped == ["ca"]
    for x in r["Renewed"]:
        assert x["NewKey"] is False
        csr = x509.load_pem_x509_csr(pathlib.Path(x["Csr"]).read_bytes())
        assert csr.is_signature_valid
        cert = certs[pathlib.Path(x["Certificate"] or "").stem]
        assert csr.public_key().public_bytes(*SPKI) == cert.public_key().public_bytes(*SPKI)
        assert csr.subject == cert.subject

    # The UploadCsr bodies of a same-key renewal: its keys stayed in the source folder.
    assert csrkit.upload_csr_requests(out, key_password=passwords) == []
    bodies = csrkit.upload_csr_requests(out, key_password=passwords, keys=[src])
    assert sorted(b.get("Name") or "" for b in bodies) == ["one_example_com", "two_example_com"]
    for b in bodies:
        key_pem = b.get("Key")
        assert key_pem is not None
        k = serialization.load_pem_private_key(key_pem.encode(), None)
        csr = x509.load_pem_x509_csr(b["Csr"].encode())
        assert k.public_key().public_bytes(*SPKI) == csr.public_key().public_bytes(*SPKI)
    # Lint findings ride along with each renewal (cabf: said, nothing refused).
    assert all(isinstance(x["Findings"], list) for x in r["Renewed"])

    # One password: the key under the other is locked, so that certificate is skipped.
    r1 = csrkit.renew_folder(src, tmp_path / "out1", expiring=30, same_key=True, key_password="pw-1")
    assert [pathlib.Path(x["Certificate"] or "").stem for x in r1["Renewed"]] == ["one"]
    assert sorted(pathlib.Path(x["Certificate"] or "").stem for x in r1["Skipped"]) == ["ca", "two"]
    assert [pathlib.Path(x["File"]).name for x in r1["Locked"]] == ["two.key"]

    # A new key: the CSR is the new key's, not the certificate's.
    rn = csrkit.renew_folder(src, tmp_path / "out2", all=True, new_key="same", key_password=passwords)
    assert sorted(pathlib.Path(x["Certificate"] or "").stem for x in rn["Renewed"]) == ["fine", "one", "two"]
    for x in rn["Renewed"]:
        assert x["NewKey"] is True and x["Key"] is not None
        csr = x509.load_pem_x509_csr(pathlib.Path(x["Csr"]).read_bytes())
        assert csr.is_signature_valid
        new = serialization.load_pem_private_key(pathlib.Path(x["Key"]).read_bytes(), b"pw-1")
        assert csr.public_key().public_bytes(*SPKI) == new.public_key().public_bytes(*SPKI)

    with pytest.raises(csrkit.Error):
        csrkit.renew_folder(src, tmp_path / "out3", expiring=30)
    with pytest.raises(csrkit.Error):
        csrkit.due(src, expiring=30, all=True)


def test_renew_folder_lints_what_it_makes(tmp_path: pathlib.Path) -> None:
    """A due certificate for an internal name (printer.local, made by cryptography): its
    renewal is said to break the cabf rules, refused under lint_profile="cabf" (nothing
    written), and written again with each error allowed."""
    src = tmp_path / "certs"
    src.mkdir()
    for stem, cn in (("printer", "printer.local"), ("www", "www.example.com")):
        key, cert = leaf(cn, 10)
        write(src, stem, key, cert, b"pw")
    r = csrkit.renew_folder(src, tmp_path / "a", expiring=30, same_key=True, key_password="pw")
    findings = {
        pathlib.Path(x["Certificate"] or "").stem: {f["Id"] for f in x["Findings"] if f["Severity"] == "error"}
        for x in r["Renewed"]
    }
    assert "san.internal_name" in findings["printer"] or "subject.cn_internal_name" in findings["printer"]
    refused = csrkit.renew_folder(
        src, tmp_path / "b", expiring=30, same_key=True, key_password="pw", lint_profile="cabf"
    )
    # Refused: exactly the renewals with an error (the certificates have no SAN extension,
    # so www's renewal has none either: san.missing), printer's among them.
    with_errors = sorted(stem for stem, errors in findings.items() if errors)
    assert "printer" in with_errors
    assert sorted(pathlib.Path(x["Certificate"] or "").stem for x in refused["Skipped"]) == with_errors
    assert all(x["Kind"] == "Refused" for x in refused["Skipped"])
    written = [p.name for p in (tmp_path / "b").iterdir()] if (tmp_path / "b").exists() else []
    assert not any(name.startswith(cn) for name in written for cn in ("printer", "www") if cn in with_errors)
    allowed = csrkit.renew_folder(
        src,
        tmp_path / "c",
        expiring=30,
        same_key=True,
        key_password="pw",
        lint_profile="cabf",
        allow_lint=sorted(findings["printer"] | findings["www"]),
    )
    assert sorted(pathlib.Path(x["Certificate"] or "").stem for x in allowed["Renewed"]) == ["printer", "www"]
    with pytest.raises(ValueError):
        csrkit.renew_folder(src, tmp_path / "d", all=True, same_key=True, allow_lint=["no.such_rule"])
