"""csrkit.lint and csrkit.report, as the CLI's `lint --json` and `report`: CSRs and
certificates made by Python's cryptography, never by csrkit."""

import datetime as dt
import html.parser
import pathlib
from typing import List, Optional, Tuple

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import csrkit


def csr(cn: str, sans: List[str]) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    b = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    )
    if sans:
        b = b.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(s) for s in sans]), critical=False
        )
    return b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM)


def errors(results: List[csrkit.LintResult]) -> List[Tuple[str, str]]:
    return sorted(
        (f["Id"], f["Message"]) for r in results for f in r["Findings"] if f["Severity"] == "error"
    )


def test_lint_says_what_a_public_ca_refuses_and_the_private_profile_allows(tmp_path: pathlib.Path) -> None:
    # An internal name, a CN that is not one of the SANs: the CA/Browser Forum rules refuse both.
    bad = csr("www.example.com", ["printer.local"])
    [r] = csrkit.lint(bad)
    assert r["Kind"] == "CSR" and r["CommonName"] == "www.example.com"
    ids = {i for i, _ in errors([r])}
    assert {"san.internal_name", "subject.cn_not_in_san"} <= ids, ids
    message = dict(errors([r]))["san.internal_name"]
    assert "printer.local" in message
    # A private CA takes internal names.
    private = {i for i, _ in errors(csrkit.lint(bad, profile="private"))}
    assert "san.internal_name" not in private, private
    # A file path, and the file named in File.
    (tmp_path / "bad.csr").write_bytes(bad)
    [r] = csrkit.lint(tmp_path / "bad.csr")
    assert r["File"] == str(tmp_path / "bad.csr")
    # A name public CAs take: no error.
    assert errors(csrkit.lint(csr("www.example.com", ["www.example.com"]))) == []
    with pytest.raises(csrkit.Error, match="profile="):
        csrkit.lint(bad, profile="nope")  # type: ignore[arg-type]
    with pytest.raises(csrkit.Error, match="at="):
        csrkit.lint(bad, at="yesterday")


class _Text(html.parser.HTMLParser):
    """The text a browser shows, and the tags it would build."""

    def __init__(self) -> None:
        super().__init__()
        self.text: List[str] = []
        self.tags: List[str] = []

    def handle_starttag(self, tag: str, attrs: List[Tuple[str, Optional[str]]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_report_is_one_page_with_hostile_names_as_text(tmp_path: pathlib.Path) -> None:
    now = dt.datetime.now(dt.timezone.utc)
    key = ec.generate_private_key(ec.SECP256R1())
    hostile = '<img src=x onerror="document.title=1">'
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostile)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=10))
        .not_valid_after(now + dt.timedelta(days=5))
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "x.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    page = csrkit.report(tmp_path, at=now.strftime("%Y-%m-%d"))
    assert page.startswith("<!DOCTYPE html>")
    assert 'http-equiv="Content-Security-Policy"' in page
    parsed = _Text()
    parsed.feed(page)
    assert "img" not in parsed.tags, "the CN built no tag"
    assert any(hostile in t for t in parsed.text), "the CN shows as text"
    # A list of folders, and the same folder given as str.
    assert csrkit.report([str(tmp_path)], at=now.strftime("%Y-%m-%d")) == page
    with pytest.raises(NotADirectoryError):
        csrkit.report(tmp_path / "x.crt")
