#!/usr/bin/env python3
"""(Re)create the "peer" files of vectors/realworld/: real certificates that other projects
made and publish in their test data (Go, OpenSSL, x509-limbo, BouncyCastle, pyca, GnuTLS,
Subversion, Mozilla's root store), chosen for what they exercise that csrkit's own corpus
does not: dates before 1970 and GeneralizedTime dates up to 9999, TeletexString / BMPString /
UniversalString / non-string attribute values, EV and eIDAS attributes, multi-valued RDNs.

Every file is copied byte for byte (data files), or is the DER of a certificate that a test
source holds as a constant (decoded from the constant, nothing else). Each copy is pinned by
its SHA-256, so another checkout of a source gives the same files or stops the run.

Every expected value comes from the `openssl` CLI and from Python's `cryptography`, checked
against each other and against a small DER walker; what they disagree about is written into
the sidecar's "Note". csrkit computes nothing here.

Usage:
    python3 vectors/make_realworld_peers.py [--bc DIR] [--gnutls DIR] [--subversion DIR]
        [--limbo DIR] [--openssl DIR] [--go DIR] [--check]

Each DIR is a checkout of that repository, or a (bare) git directory of it, read at the
commit pinned below (HEAD when the commit is absent; the SHA-256 pins decide). The same can
be given as environment variables PEERS_BC_JAVA, PEERS_GNUTLS, PEERS_SUBVERSION,
PEERS_X509_LIMBO, PEERS_OPENSSL, PEERS_GO. Without --go, Debian's golang-*-src
(/usr/share/go-*/src) is used. pyca's vectors come from the installed cryptography_vectors
package (same version as cryptography) and Mozilla's roots from Debian's ca-certificates.

The script deletes and rewrites only the files it names (PEERS below), then updates their
entries, the realworld count and "RealworldPeers" in vectors/manifest.json. It leaves every
other file alone. `--check` recomputes everything and compares with the files on disk
instead of writing.
"""

from __future__ import annotations

import argparse
import base64
import calendar
import datetime as dt
import glob
import hashlib
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import cryptography
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.x509.oid import ExtendedKeyUsageOID

ROOT = Path(__file__).resolve().parent
RW = ROOT / "realworld"
OPENSSL = os.environ.get("OPENSSL", "openssl")

# --------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------

# key -> (Project, Repository, pinned commit, argument, environment variable)
REPOS = {
    "go": ("Go", "golang/go", "99f419836986ddf906790a82461edf03801529c1", "--go", "PEERS_GO"),
    "bc": ("BouncyCastle Java", "bcgit/bc-java", "1a269caece1bfb2290ccd47098038c6edab3619b", "--bc",
           "PEERS_BC_JAVA"),
    "limbo": ("x509-limbo", "C2SP/x509-limbo", "8a2e6f41023b1716dc16fe63335e4bb972e4c3f6", "--limbo",
              "PEERS_X509_LIMBO"),
    "gnutls": ("GnuTLS", "gnutls/gnutls", "f8971291ba0b21b5caaeffecdb66210fb01cc7a2", "--gnutls",
               "PEERS_GNUTLS"),
    "svn": ("Apache Subversion", "apache/subversion", "33bbc9853714e0a0c8a0c5af1250d4c49179aac8",
            "--subversion", "PEERS_SUBVERSION"),
    "openssl": ("OpenSSL", "openssl/openssl", "ade63a95684aafa4968052aab8cc3866db2269fc", "--openssl",
                "PEERS_OPENSSL"),
}

# One entry per file written. Fields:
#   name     file stem in realworld/ (extension: .pem for PEM copies, .der otherwise)
#   src      "pyca", "mozilla" or a REPOS key
#   path     path inside the source
#   how      "file" (the file itself), "limbo:<field>" (a PEM string of an x509-limbo JSON
#            testcase), "go-const:<name>" (a Go raw-string PEM constant), "java-b64:<name>"
#            (a Java `byte[] name = Base64.decode("..." + ...)`), "c-b64:<first line>" (a C
#            base64 string literal sequence starting with that text), "c-pem:<name>" (a C
#            string `char name[] = "-----BEGIN ...\n" ...`)
#   sha256   SHA-256 of the bytes written
#   issuer   realworld/ file of the issuer (its signature is then checked), or None
#   note     what the file exercises
PEERS = [
    # ---- dates -------------------------------------------------------------------------
    dict(name="pyca-cert-pkits-utctime-1950-notbefore", src="pyca",
         path="x509/PKITS_data/certs/Validpre2000UTCnotBeforeDateTest3EE.crt", how="file",
         sha256="e2589e469d22c925f95e10976a9f570119bee30a6f3a4c9cd4731de848b23217",
         issuer="realworld/pyca-cert-pkits-good-ca.der",
         note="NIST PKITS 4.2.3: notBefore is the UTCTime 500101120100Z, i.e. 1950-01-01 12:01:00 UTC "
              "(RFC 5280: two-digit years 50-99 are 19xx): BeforeDate is negative"),
    dict(name="pyca-cert-pkits-generalizedtime-2050-notafter", src="pyca",
         path="x509/PKITS_data/certs/ValidGeneralizedTimenotAfterDateTest8EE.crt", how="file",
         sha256="343ea986f7526c1007e5749998d34eae6fd02ad790068602eb83ea9fa7abfe3e",
         issuer="realworld/pyca-cert-pkits-good-ca.der",
         note="NIST PKITS 4.2.8: notAfter is the GeneralizedTime 20500101120100Z, the first year that "
              "RFC 5280 writes as GeneralizedTime (2050-01-01 12:01:00 UTC)"),
    dict(name="gnutls-cert-utctime-1964-notafter", src="gnutls", path="tests/hostname-check.c",
         how="c-pem:pem_too_many",
         sha256="3ff6aaac0ccd641a7264dc87fc18cbb54a899dbf965b2c93ff3ddca3cc4f1dd9",
         issuer=None,
         note="UTCTime notAfter 640115205002Z = 1964-01-15 20:50:02 UTC, before its notBefore (2011): "
              "AfterDate is negative and Days is negative (floor of a negative quotient); the CN "
              "'***********************.gnutls.org' is a PrintableString holding '*', which "
              "PrintableString does not allow (wildcard CNs in PrintableString are common in the wild)"),
    dict(name="gnutls-cert-generalizedtime-2051-2055", src="gnutls",
         path="tests/cert-tests/data/template-generalized.pem", how="file",
         sha256="6504522d40392efc169102931156cbf8fbdfebda345405a311be42dbfa252acb",
         issuer=None,
         note="both dates are GeneralizedTime after 2049 (notBefore 2051-01-12, notAfter 2055-05-24); "
              "subject with UID, title, pseudonym and emailAddress (OpenSSL names UID, title, "
              "pseudonym, emailAddress)"),
    dict(name="gnutls-cert-generalizedtime-9999", src="gnutls",
         path="tests/cert-tests/data/pkcs7-chain-root.pem", how="file",
         sha256="d33390594a4999482a66e4893c7cdba33081f047ec11548d99b32216cc555b6f",
         issuer=None,
         note="notAfter is GeneralizedTime 99991231235959Z, RFC 5280's 'no well-defined expiration "
              "date' (9999-12-31 23:59:59 UTC = 253402300799000 ms); self-signed root"),
    dict(name="bc-cert-gsma-test-ci-2052", src="bc",
         path="prov/src/test/resources/org/bouncycastle/jce/provider/test/CERT_CI_ECDSA_NIST.pem",
         how="file", sha256="25442b79b12cca1f3c85debfb4fef9df4a32ee2afe31ad7e832839a599568998", issuer=None,
         note="GSMA eSIM (SGP.26) test CI root: P-256, ecdsa-with-SHA256, self-signed, notAfter "
              "GeneralizedTime 2052-02-01; subject in the order CN, OU, O, C"),
    dict(name="bc-cert-gsma-test-eum-2051", src="bc",
         path="prov/src/test/resources/org/bouncycastle/jce/provider/test/CERT_EUM_ECDSA_NIST.pem",
         how="file", sha256="6e01ca53159d4677417fd764e63153eacb7025300e639c4e7f28b664fe2fbd27",
         issuer="realworld/bc-cert-gsma-test-ci-2052.pem",
         note="GSMA eSIM test EUM CA: P-256, notAfter GeneralizedTime 2051-01-19, issued by the CI"),
    dict(name="bc-cert-gsma-test-euicc-7492", src="bc",
         path="prov/src/test/resources/org/bouncycastle/jce/provider/test/CERT_EUICC_ECDSA_NIST.pem",
         how="file", sha256="fc92d91090a594d447ca34087af8aa19edb21e323ff944a719d2b4d2ab7c19ce",
         issuer="realworld/bc-cert-gsma-test-eum-2051.pem",
         note="GSMA eSIM test eUICC certificate: notAfter is GeneralizedTime 74921102143903Z (year "
              "7492); serialNumber (the EID) in the subject; P-256, issued by the EUM"),
    dict(name="openssl-cert-mixed-ca-generalizedtime-2126", src="openssl", path="test/certs/mixed-ca-cert.pem",
         how="file", sha256="8b05d8dc432fcae22841e2e07524ce8b2d4f3c611fbce87b14c1977723bfa2ab", issuer=None,
         note="OpenSSL's test CA 'ECC CA' (test/certs/mkcert.sh, -days 36525): notBefore UTCTime 2026, "
              "notAfter GeneralizedTime 2126-08-26; a P-256 key signed with sha256WithRSAEncryption by "
              "'Root CA' (not in the corpus)"),
    # ---- string types and odd values ---------------------------------------------------
    dict(name="svn-cert-universalstring", src="svn", path="subversion/tests/libsvn_subr/x509-test.c",
         how="c-b64:MIIEnzCCA4egAwIBAgIBATANBgkqhkiG9w0BAQUFADCBqzELMAkGA1UEBhMCQVUx",
         sha256="019decfb6f26a0f6f2bbac00eed174fa1c2161870656b8eb80559fddead89b55", issuer=None,
         note="subject and issuer values (all but C) are UniversalString (UCS-4): Greek ST/L/O, and an OU "
              "of ten characters outside the BMP (U+1D7F6..U+1D7FF, mathematical monospace digits)"),
    dict(name="svn-cert-bmpstring", src="svn", path="subversion/tests/libsvn_subr/x509-test.c",
         how="c-b64:MIID3zCCAsegAwIBAgIBATANBgkqhkiG9w0BAQUFADBnMQswCQYDVQQGEwJBVTEd",
         sha256="2ea0094c1f513f92bf9206d707bf691f0a714e9c002d2859d9ee1a4b43f2a540", issuer=None,
         note="subject and issuer values (all but C) are BMPString (UTF-16): Greek ST, L, O"),
    dict(name="svn-cert-t61string-latin1", src="svn", path="subversion/tests/libsvn_subr/x509-test.c",
         how="c-b64:MIIDnTCCAoWgAwIBAgIBATANBgkqhkiG9w0BAQUFADBFMQswCQYDVQQGEwJBVTET",
         sha256="225e9d05c9312650624727786eb98a8a95b009c919ff782c360172d3b86d8baa", issuer=None,
         note="subject and issuer values (all but C) are TeletexString holding Latin-1 bytes (0xF8 'ø', "
              "0xC5 'Å'): read as Latin-1, as OpenSSL does"),
    dict(name="bc-cert-datev-t61-multivalued-issuer", src="bc",
         path="prov/src/test/java/org/bouncycastle/jce/provider/test/CertTest.java", how="java-b64:nameCert",
         sha256="05cd9e963b8045489970936fc5a3836c668cb9db15315f273e46c40ddcdb6e5c", issuer=None,
         note="German qualified certificate (DATEV, 2001): TeletexString values, one with a real T.61 "
              "diacritic (0xC8 'umlaut' before 'u' in 'Nürnberg') that Latin-1 reads as 'È' "
              "('NÈurnberg'); issuer RDN {0.2.262.1.10.7.20 (no OpenSSL name: dotted) + CN}; both dates "
              "GeneralizedTime before 2050 (2001, 2004); serialNumber in the subject"),
    dict(name="pyca-cert-bitstring-dn", src="pyca", path="x509/scottishpower-bitstring-dn.pem", how="file",
         sha256="19490e52f873e86121b99651820785c3399d203d97111edf53ca42c8ba91e0e1", issuer=None,
         note="real smart-meter certificate whose subject has x500UniqueIdentifier (2.5.4.45) as a BIT "
              "STRING: not a string type, so SubjectDN shows '#' + the hex of its DER"),
    dict(name="svn-cert-oid-arc-overflow", src="svn", path="subversion/tests/libsvn_subr/x509-test.c",
         how="c-b64:MIIDGTCCAgECAQEwDQYJKoZIhvcNAQEFBQAwRTELMAkGA1UEBhMCQVUxEzARBgNV",
         sha256="4e54a459e6d4f52e5ecb98935b30cc4ad5656f3e2752e560dc310692ac062f8e", issuer=None,
         note="subject attribute 2.5.4.2361183241434822606851: an OID arc that overflows 64 bits and "
              "wraps to 2.5.4.3 (CN) in a naive decoder; it is not a CN (CommonName null) and is shown "
              "as the dotted OID"),
    # ---- EV / eIDAS attributes, multi-valued RDNs --------------------------------------
    dict(name="limbo-cert-apple-ev-ecc-ca", src="limbo", path="limbo/_assets/online/apple.com.limbo.json",
         how="limbo:untrusted_intermediates.0",
         sha256="7541801e131b6ea914345ba0b967841baaf0e443eb68061f42d4436326c3be80",
         issuer="realworld/pyca-cert-digicert-global-root-g3.pem",
         note="real intermediate 'Apple Public EV Server ECC CA 1 - G1': P-256 key, ecdsa-with-SHA384 by "
              "DigiCert Global Root G3"),
    dict(name="limbo-cert-apple-com-ev", src="limbo", path="limbo/_assets/online/apple.com.limbo.json",
         how="limbo:peer_certificate",
         sha256="55c9c2b4734152211782eec5af8955559fc1dd45a2204735e3980b44a17dcc57",
         issuer="realworld/limbo-cert-apple-ev-ecc-ca.pem",
         note="real EV leaf of apple.com: businessCategory, jurisdictionC, jurisdictionST, serialNumber "
              "before C/ST/L/O/CN; P-256"),
    dict(name="gnutls-cert-ev-gmx-de", src="gnutls", path="tests/dn2.c", how="c-pem:pem",
         sha256="7b6363f8d23a0d3c02ecf885f2c2b77f88b9efcbb89743ab21f53914daba447c", issuer=None,
         note="real 2008 EV certificate of www.gmx.de: jurisdictionC, jurisdictionL (TeletexString), "
              "businessCategory 'V1.0, Clause 5.(b)' (a comma inside the value, unescaped), serialNumber, "
              "postalCode and street (TeletexString); RSA-1024"),
    dict(name="mozilla-ac-raiz-fnmt-rcm-servidores-seguros", src="mozilla",
         path="AC_RAIZ_FNMT-RCM_SERVIDORES_SEGUROS.crt", how="file",
         sha256="8e3f237813d3f3e2f5767bc2a694a7557f84bb79fd60ef1adc25afd0c1fc5ef6", issuer=None,
         note="Spanish eIDAS root: organizationIdentifier (2.5.4.97) 'VATES-Q2826004J' in subject and "
              "issuer; P-384, ecdsa-with-SHA384, self-signed"),
    dict(name="pyca-cert-pkits-optional-attribute-types", src="pyca",
         path="x509/PKITS_data/certs/RFC3280OptionalAttributeTypesCACert.crt", how="file",
         sha256="1e58102eade44d65344738cfa6c0b6e2449eee0623f34fe4dd1d4c5be6a71589",
         issuer="realworld/pyca-cert-pkits-trust-anchor.der",
         note="NIST PKITS: subject with L, GN, initials, pseudonym, SN, generationQualifier and title and "
              "no CN; OpenSSL's names for them: GN, initials, pseudonym, SN, generationQualifier, title"),
    dict(name="go-cert-multiple-rdn", src="go", path="src/crypto/x509/x509_test.go",
         how="go-const:certMultipleRDN",
         sha256="a213864eeafb5b3e5263847d35925de0d54b0da6fe53398c9097fd79dc2317b2", issuer=None,
         note="real Slovenian government certificate with the RDN {serialNumber + CN} (the first such "
              "certificate in the 'Pilot' CT log, per Go's comment); two OUs"),
    dict(name="svn-cert-multivalue-rdn", src="svn", path="subversion/tests/libsvn_subr/x509-test.c",
         how="c-b64:MIICsDCCAhmgAwIBAgIJAO9sL1fZ/VoPMA0GCSqGSIb3DQEBBQUAMHExbzAJBgNV",
         sha256="aac5d44438187af9a3b45350d7cb2e46004980aea7bac36d52b8dfc050ea0535", issuer=None,
         note="Chromium's test certificate (borrowed by Subversion): the whole subject and issuer is one "
              "RDN of five values {C + O + DC + CN + OU} in DER SET order; self-signed CA"),
]

SIGNAMES = {
    "1.2.840.113549.1.1.11": "SHA256WITHRSA", "1.2.840.113549.1.1.12": "SHA384WITHRSA",
    "1.2.840.113549.1.1.13": "SHA512WITHRSA", "1.2.840.10045.4.3.2": "SHA256WITHECDSA",
    "1.2.840.10045.4.3.3": "SHA384WITHECDSA", "1.2.840.10045.4.3.4": "SHA512WITHECDSA",
    "1.2.156.10197.1.501": "SM3WITHSM2", "1.2.840.113549.1.1.5": "SHA1WITHRSA",
    "1.2.840.10045.4.1": "SHA1WITHECDSA", "1.2.840.113549.1.1.4": "MD5WITHRSA",
    "1.2.840.113549.1.1.10": "RSASSA-PSS",
}
UNCHECKED = {"SHA1WITHRSA", "SHA1WITHECDSA", "MD5WITHRSA", "RSASSA-PSS"}
HASH_OF = {"SHA256WITHRSA": "sha256", "SHA384WITHRSA": "sha384", "SHA512WITHRSA": "sha512",
           "SHA256WITHECDSA": "sha256", "SHA384WITHECDSA": "sha384", "SHA512WITHECDSA": "sha512",
           "SHA1WITHRSA": "sha1", "SHA1WITHECDSA": "sha1", "MD5WITHRSA": "md5"}
OPENSSL_SIGNAMES = {
    "sha256WithRSAEncryption": "SHA256WITHRSA", "sha384WithRSAEncryption": "SHA384WITHRSA",
    "sha512WithRSAEncryption": "SHA512WITHRSA", "ecdsa-with-SHA256": "SHA256WITHECDSA",
    "ecdsa-with-SHA384": "SHA384WITHECDSA", "ecdsa-with-SHA512": "SHA512WITHECDSA",
    "SM2-with-SM3": "SM3WITHSM2", "sha1WithRSAEncryption": "SHA1WITHRSA",
    "ecdsa-with-SHA1": "SHA1WITHECDSA", "md5WithRSAEncryption": "MD5WITHRSA", "rsassaPss": "RSASSA-PSS",
}
CURVES = {"1.2.840.10045.3.1.7": ("ECC", 256), "1.3.132.0.34": ("ECC", 384), "1.3.132.0.35": ("ECC", 521),
          "1.2.156.10197.1.301": ("SM2", 256)}
FLAT = [("CommonName", "2.5.4.3"), ("Organization", "2.5.4.10"), ("OrganizationUnit", "2.5.4.11"),
        ("Locality", "2.5.4.7"), ("State", "2.5.4.8"), ("CountryCode", "2.5.4.6")]
# make_vectors.py's older short-name list (vectors/realworld/ files made by it use the dotted
# OID beyond these); used only to point the difference out in the Note
MAKE_VECTORS_NAMES = {"C", "ST", "L", "O", "OU", "CN", "emailAddress", "serialNumber", "DC", "UID", "street",
                      "title", "SN", "GN", "postalCode", "businessCategory"}
STRING_TAGS = {0x0C: "UTF8String", 0x13: "PrintableString", 0x16: "IA5String", 0x14: "TeletexString",
               0x1E: "BMPString", 0x1C: "UniversalString"}

# --------------------------------------------------------------------------
# DER walker (independent of OpenSSL and cryptography)
# --------------------------------------------------------------------------


def tlv(buf: bytes, off: int):
    """(tag, start, content start, end)."""
    tag = buf[off]
    assert tag & 0x1F != 0x1F, "high tag number"
    n = buf[off + 1]
    p = off + 2
    if n & 0x80:
        k = n & 0x7F
        assert 0 < k <= 4, "length form"
        n = int.from_bytes(buf[p:p + k], "big")
        p += k
    assert p + n <= len(buf), "length past end"
    return tag, off, p, p + n


def kids(buf: bytes, node):
    out, p = [], node[2]
    while p < node[3]:
        k = tlv(buf, p)
        out.append(k)
        p = k[3]
    return out


def raw(buf, node):
    return buf[node[1]:node[3]]


def body(buf, node):
    return buf[node[2]:node[3]]


def oid_str(b: bytes) -> str:
    arcs, v = [], 0
    for x in b:
        v = (v << 7) | (x & 0x7F)
        if not x & 0x80:
            arcs.append(v)
            v = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def cert_parts(der: bytes) -> dict:
    outer = tlv(der, 0)
    assert outer[3] == len(der), "data after the certificate"
    tbs, sigalg, sigbits = kids(der, outer)
    t = kids(der, tbs)
    i = 1 if t[0][0] == 0xA0 else 0
    serial, _, issuer, validity, subject, spki = t[i:i + 6]
    exts = next((k for k in t[i + 6:] if k[0] == 0xA3), None)
    return dict(tbs=raw(der, tbs), sig_oid=oid_str(body(der, kids(der, sigalg)[0])),
                sig=body(der, sigbits)[1:], serial=int.from_bytes(body(der, serial), "big", signed=True),
                issuer=raw(der, issuer), subject=raw(der, subject), spki=raw(der, spki),
                validity=[(k[0], body(der, k).decode("ascii")) for k in kids(der, validity)],
                exts=[] if exts is None else [ext_parts(der, e) for e in kids(der, kids(der, exts)[0])])


def ext_parts(der, e):
    k = kids(der, e)
    return oid_str(body(der, k[0])), body(der, k[-1])


def name_atvs(name_der: bytes):
    """[[(oid, value TLV bytes)]] in encoding order."""
    n = tlv(name_der, 0)
    return [[(oid_str(body(name_der, kids(name_der, a)[0])), raw(name_der, kids(name_der, a)[1]))
             for a in kids(name_der, rdn)] for rdn in kids(name_der, n)]


def value_text(v: bytes) -> str:
    """csrkit's reading of an attribute value (its TLV): the string, or `#` + the hex of its DER."""
    t = tlv(v, 0)
    c = body(v, t)
    if v[0] == 0x0C:
        return c.decode("utf-8")
    if v[0] in (0x13, 0x16, 0x14):  # OpenSSL prints these byte for byte (Latin-1)
        return c.decode("latin-1")
    if v[0] == 0x1E:
        return c.decode("utf-16-be")
    if v[0] == 0x1C:
        return c.decode("utf-32-be")
    return "#" + v.hex()


def der_time_ms(tag: int, s: str) -> int:
    if tag == 0x17:
        m = re.fullmatch(r"(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", s)
        y = int(m.group(1))
        y += 1900 if y >= 50 else 2000
        rest = [int(g) for g in m.groups()[1:]]
    else:
        assert tag == 0x18
        m = re.fullmatch(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", s)
        y, rest = int(m.group(1)), [int(g) for g in m.groups()[1:]]
    return calendar.timegm((y, *rest, 0, 0, 0)) * 1000


def der_san(exts):
    for oid, val in exts:
        if oid == "2.5.29.17":
            out, skipped = [], []
            for g in kids(val, tlv(val, 0)):
                c = body(val, g)
                if g[0] == 0x81:
                    out.append({"Type": 1, "Value": c.decode("ascii")})
                elif g[0] == 0x82:
                    out.append({"Type": 2, "Value": c.decode("ascii")})
                elif g[0] == 0x86:
                    out.append({"Type": 6, "Value": c.decode("ascii")})
                elif g[0] == 0x87:
                    out.append({"Type": 7, "Value": str(ipaddress.ip_address(c))})
                else:
                    skipped.append(g[0])
            return out, skipped
    return [], []


def der_ctype(exts) -> str:
    ca, eku = False, []
    for oid, val in exts:
        if oid == "2.5.29.19":
            k = kids(val, tlv(val, 0))
            ca = bool(k) and k[0][0] == 0x01 and body(val, k[0]) != b"\x00"
        elif oid == "2.5.29.37":
            eku = [oid_str(body(val, k)) for k in kids(val, tlv(val, 0))]
    return ctype_rule(ca, "1.3.6.1.5.5.7.3.2" in eku, "1.3.6.1.5.5.7.3.1" in eku)


def ctype_rule(ca: bool, client: bool, server: bool) -> str:
    if ca:
        return "CA"
    if client and not server:
        return "CLIENT"
    if server:
        return "SERVER"
    return "END_ENTITY"


def key_info(spki: bytes):
    s = tlv(spki, 0)
    alg, bits = kids(spki, s)
    a = kids(spki, alg)
    oid = oid_str(body(spki, a[0]))
    if oid == "1.2.840.113549.1.1.1":
        pk = body(spki, bits)[1:]
        n = kids(pk, tlv(pk, 0))[0]
        return "RSA", int.from_bytes(body(pk, n), "big").bit_length()
    if oid == "1.2.840.10045.2.1" and len(a) > 1 and a[1][0] == 0x06:
        return CURVES[oid_str(body(spki, a[1]))]
    raise ValueError(f"unsupported key {oid}")

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def pem(der: bytes) -> str:
    b = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + \
        "\n-----END CERTIFICATE-----\n"


def unpem(data: bytes) -> bytes:
    blocks = re.findall(rb"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", data, re.S)
    assert len(blocks) == 1, f"{len(blocks)} CERTIFICATE blocks"
    return base64.b64decode(b"".join(blocks[0].split()), validate=True)


def ossl(*args, input=None, check=True):
    p = subprocess.run([OPENSSL, *args], input=input, capture_output=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)}: {p.stderr.decode(errors='replace')}")
    return p


class Tree:
    """A source: a plain directory, or a git directory read at a commit."""

    def __init__(self, root: Path, rev: str | None, label: str):
        self.root, self.rev, self.label = root, rev, label

    def read(self, path: str) -> bytes:
        if self.rev is None:
            return (self.root / path).read_bytes()
        p = subprocess.run(["git", "-C", str(self.root), "show", f"{self.rev}:{path}"], capture_output=True)
        if p.returncode:
            raise FileNotFoundError(f"{self.label}: {path} at {self.rev}: {p.stderr.decode().strip()}")
        return p.stdout


def open_tree(key: str, given: str | None) -> Tree | None:
    project, repo, commit, arg, env = REPOS[key]
    spec = given or os.environ.get(env)
    if not spec:
        if key == "go":
            cands = sorted(glob.glob("/usr/share/go-*/src/crypto/x509/x509_test.go"))
            if cands:  # Debian's golang-*-src: the file is src/crypto/x509/x509_test.go
                return Tree(Path(cands[-1]).parents[3], None, "Debian golang-src")
        return None
    rev = None
    if "@" in spec:
        spec, rev = spec.rsplit("@", 1)
    root = Path(spec)
    is_git = (root / ".git").exists() or ((root / "HEAD").is_file() and (root / "objects").is_dir())
    if is_git and rev is None:
        ok = subprocess.run(["git", "-C", str(root), "cat-file", "-e", f"{commit}^{{commit}}"],
                            capture_output=True).returncode == 0
        rev = commit if ok else "HEAD"
    return Tree(root, rev if is_git else None, f"{repo} ({root})")


def c_literals(s: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', s))


def c_unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), s)


def extract(how: str, data: bytes) -> tuple[bytes, str]:
    """(bytes to write, extension) from a source file."""
    kind, _, arg = how.partition(":")
    if kind == "file":
        return data, ("pem" if b"-----BEGIN" in data else "der")
    text = data.decode("utf-8")
    if kind == "limbo":
        v = json.loads(text)
        for part in arg.split("."):
            v = v[int(part)] if part.isdigit() else v[part]
        return v.encode("ascii"), "pem"
    if kind == "go-const":
        m = re.search(r"const " + re.escape(arg) + r" = `([^`]*)`", text)
        return unpem(m.group(1).encode()), "der"
    if kind == "java-b64":
        m = re.search(r"byte\[\]\s+" + re.escape(arg) + r"\s*=\s*Base64\.decode\((.*?)\);", text, re.S)
        return base64.b64decode(c_literals(m.group(1)), validate=True), "der"
    if kind == "c-b64":
        i = text.index('"' + arg)
        m = re.match(r'(\s*"[A-Za-z0-9+/=]*")+', text[i - 1:])
        return base64.b64decode(c_literals(m.group(0)), validate=True), "der"
    if kind == "c-pem":
        m = re.search(r"char\s+" + re.escape(arg) + r"\[\]\s*=(.*?);", text, re.S)
        return unpem(c_unescape(c_literals(m.group(1))).encode("latin-1")), "der"
    raise ValueError(how)

# --------------------------------------------------------------------------
# expected values
# --------------------------------------------------------------------------


def openssl_names(der: bytes, which: str):
    """OpenSSL's view of a name, twice: [[(sname, value DER)]] from dump_all,dump_der (no
    ambiguity: every value is hex) and the plain `sep_comma_plus,sname,utf8` string."""
    d = ossl("x509", "-inform", "DER", "-noout", f"-{which}", "-nameopt",
             "sep_comma_plus,sname,utf8,dump_all,dump_der", input=der).stdout.decode().strip()
    d = d.split("=", 1)[1]
    rdns = [] if not d else [[(a.split("=#", 1)[0], bytes.fromhex(a.split("=#", 1)[1])) for a in r.split("+")]
                             for r in d.split(",")]
    plain = ossl("x509", "-inform", "DER", "-noout", f"-{which}", "-nameopt", "sep_comma_plus,sname,utf8",
                 input=der).stdout.decode("utf-8").rstrip("\n").split("=", 1)[1]
    return rdns, plain


def dn_expected(der: bytes, name_der: bytes, which: str, notes: list, flags: set):
    """SubjectDN/IssuerDN and [(oid, text)] per attribute; OpenSSL and the DER walker agree."""
    mine = name_atvs(name_der)
    theirs, plain = openssl_names(der, which)
    assert [[v for _, v in r] for r in mine] == [[v for _, v in r] for r in theirs], (which, mine, theirs)
    rdns = [[(oid, n, v) for (oid, v), (n, _) in zip(rm, rt)] for rm, rt in zip(mine, theirs)]
    for r in rdns:
        for oid, n, v in r:
            assert v[0] in STRING_TAGS or v[0] == 0x03, (which, oid, hex(v[0]))  # none other in this set
            assert n == oid or not re.fullmatch(r"[\d.]+", n), (oid, n)
    dn = ",".join("+".join(f"{n}={value_text(v)}" for _, n, v in r) for r in rdns)
    # OpenSSL's plain form prints a non-string value's bytes as Latin-1 (a BIT STRING without its
    # unused-bits octet); a string value as we read it
    def shown_value(v):
        if v[0] in STRING_TAGS:
            return value_text(v)
        return body(v, tlv(v, 0))[1 if v[0] == 0x03 else 0:].decode("latin-1")
    shown = ",".join("+".join(f"{n}={shown_value(v)}" for _, n, v in r) for r in rdns)
    assert shown == plain, (which, shown, plain)
    for r in rdns:
        for oid, n, v in r:
            if v[0] not in STRING_TAGS:
                flags.add("hex")
                notes.append(f"{which} {n} ({oid}) is a {'BIT STRING' if v[0] == 3 else hex(v[0])}: csrkit's "
                             f"'#' + hex of its DER, in lower case (OpenSSL's dump_der prints the same hex in "
                             f"upper case; without it OpenSSL prints the raw bytes)")
    names = {n for r in rdns for _, n, _ in r if n not in MAKE_VECTORS_NAMES and not re.fullmatch(r"[\d.]+", n)}
    return dn, [[(oid, value_text(v)) for oid, _, v in r] for r in rdns], names


def crypto_load(der: bytes):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            c = x509.load_der_x509_certificate(der)
            c.subject, c.issuer, c.serial_number, c.not_valid_before_utc  # noqa: B018
            try:
                c.extensions  # noqa: B018
                ext_err = None
            except Exception as e:  # noqa: BLE001
                ext_err = str(e)
        except Exception as e:  # noqa: BLE001
            return None, f"cryptography {cryptography.__version__} refuses the certificate ({e})", []
    return c, ext_err, [str(w.message).split(".")[0] for w in caught]


def verify_sig(signame: str, spki: bytes, tbs: bytes, sig: bytes) -> bool:
    """cryptography's primitives on the raw TBS (works when the certificate itself is refused)."""
    key = serialization.load_der_public_key(spki)
    h = getattr(hashes, HASH_OF[signame].upper())()
    try:
        if "RSA" in signame:
            key.verify(sig, tbs, padding.PKCS1v15(), h)
        else:
            key.verify(sig, tbs, ec.ECDSA(h))
        return True
    except InvalidSignature:
        return False


def ossl_verify_sig(signame: str, spki: bytes, tbs: bytes, sig: bytes, work: Path) -> bool:
    (work / "pub.der").write_bytes(spki)
    (work / "tbs.der").write_bytes(tbs)
    (work / "sig.bin").write_bytes(sig)
    p = ossl("pkeyutl", "-verify", "-pubin", "-inkey", str(work / "pub.der"), "-keyform", "DER", "-rawin",
             "-digest", HASH_OF[signame], "-in", str(work / "tbs.der"), "-sigfile", str(work / "sig.bin"),
             check=False)
    out = (p.stdout + p.stderr).decode()
    assert ("Signature Verified Successfully" in out) == (p.returncode == 0), out
    return p.returncode == 0


def ossl_chain_verify(der: bytes, issuer_der: bytes, work: Path) -> str:
    (work / "ca.pem").write_text(pem(issuer_der))
    (work / "leaf.pem").write_text(pem(der))
    p = ossl("verify", "-check_ss_sig", "-no_check_time", "-partial_chain", "-CAfile", str(work / "ca.pem"),
             str(work / "leaf.pem"), check=False)
    if p.returncode == 0:
        return "OK"
    lines = (p.stdout + p.stderr).decode().replace(str(work) + "/", "").strip().splitlines()
    reason = [ln for ln in lines if re.match(r"error \d+ at", ln)]
    return (reason or lines)[-1]


def expected(name: str, rel: str, der: bytes, issuer: tuple[str, bytes] | None, peer: dict, work: Path) -> dict:
    notes = [peer["note"]]
    uncertain, flags = [], set()
    parts = cert_parts(der)
    txt = ossl("x509", "-inform", "DER", "-noout", "-text", input=der).stdout.decode("utf-8")
    c, c_err, c_warn = crypto_load(der)
    if c is None:
        notes.append(c_err + "; the expected values come from OpenSSL and the DER walker")
    elif c_err:
        notes.append(f"cryptography {cryptography.__version__} reads the certificate but not its extensions "
                     f"({c_err})")
    if c_warn:
        notes.append(f"cryptography {cryptography.__version__} warns: " + "; ".join(c_warn))

    # serial
    assert parts["serial"] > 0, rel
    sh = format(parts["serial"], "x")
    sh = "0" * (len(sh) % 2) + sh
    s = ossl("x509", "-inform", "DER", "-noout", "-serial", input=der).stdout.decode().strip()
    assert s == "serial=" + sh.upper(), (rel, s)
    if c is not None:
        assert c.serial_number == parts["serial"], rel

    # names
    subj_dn, subj, names1 = dn_expected(der, parts["subject"], "subject", notes, flags)
    iss_dn, iss, names2 = dn_expected(der, parts["issuer"], "issuer", notes, flags)
    if c is not None:
        for label, cname, ours in (("subject", c.subject, subj), ("issuer", c.issuer, iss)):
            theirs = [[(a.oid.dotted_string, a.value) for a in r] for r in cname.rdns]
            mine = [[(o, v if not v.startswith("#") else None) for o, v in r] for r in ours]
            cmp_ = [[(o, v if isinstance(v, str) else None) for o, v in r] for r in theirs]
            if cmp_ != mine:
                notes.append(f"cryptography reads the {label} differently: {theirs}")
    flat = {}
    for key, oid in FLAT:
        vals = [v for r in subj for o, v in r if o == oid]
        flat[key] = ",".join(vals) if vals else None
    extra_names = sorted(names1 | names2)
    if extra_names:
        notes.append("attribute names as OpenSSL 3 prints them (-nameopt sname), which csrkit prints: "
                     + ", ".join(extra_names)
                     + " (make_vectors.py's own list prints the dotted OID beyond its 16 names)")

    # dates
    d = ossl("x509", "-inform", "DER", "-noout", "-startdate", "-enddate", input=der).stdout.decode()
    o_ms = []
    for x in re.findall(r"=(.*)", d):
        mon, day, hms, year, gmt = x.split()
        assert gmt == "GMT"
        t = dt.datetime.strptime(f"{mon} {day} {hms}", "%b %d %H:%M:%S")
        o_ms.append(calendar.timegm((int(year), t.month, t.day, t.hour, t.minute, t.second, 0, 0, 0)) * 1000)
    w_ms = [der_time_ms(tag, v) for tag, v in parts["validity"]]
    assert o_ms == w_ms, (rel, o_ms, w_ms)
    if c is not None:
        c_ms = [int(c.not_valid_before_utc.timestamp()) * 1000, int(c.not_valid_after_utc.timestamp()) * 1000]
        assert c_ms == w_ms, (rel, c_ms, w_ms)
    before, after = w_ms

    # key
    algo, size = key_info(parts["spki"])
    m = re.search(r"Public-Key: \((\d+) bit\)", txt)
    assert int(m.group(1)) == size, rel
    pub = ossl("x509", "-inform", "DER", "-noout", "-pubkey", input=der).stdout
    ksha = sha256(ossl("pkey", "-pubin", "-outform", "DER", input=pub).stdout)
    assert ksha == sha256(parts["spki"]), rel
    ckey = serialization.load_der_public_key(parts["spki"])
    assert (ckey.key_size if algo == "RSA" else ckey.curve.key_size) == size, rel

    # signature algorithm
    signame = SIGNAMES.get(parts["sig_oid"], parts["sig_oid"])
    onames = re.findall(r"Signature Algorithm: (\S+)", txt)
    assert onames and all(OPENSSL_SIGNAMES.get(n, n) == signame for n in onames), (rel, onames)
    if c is not None:
        assert c.signature_algorithm_oid.dotted_string == parts["sig_oid"], rel

    # certificate type
    ctype = der_ctype(parts["exts"])
    o_ca = re.search(r"X509v3 Basic Constraints:.*\n\s*CA:TRUE", txt) is not None
    m = re.search(r"X509v3 Extended Key Usage:.*\n\s*(.*)\n", txt)
    o_eku = m.group(1) if m else ""
    assert ctype == ctype_rule(o_ca, "TLS Web Client Authentication" in o_eku,
                               "TLS Web Server Authentication" in o_eku), (rel, ctype)
    if c is not None and c_err is None:
        try:
            bc = c.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            bc = False
        try:
            eku = list(c.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
        except x509.ExtensionNotFound:
            eku = []
        assert ctype == ctype_rule(bc, ExtendedKeyUsageOID.CLIENT_AUTH in eku,
                                   ExtendedKeyUsageOID.SERVER_AUTH in eku), rel

    # SANs
    sans, skipped = der_san(parts["exts"])
    m = re.search(r"X509v3 Subject Alternative Name: *(?:critical)?\n\s*(.*)\n", txt)
    o_sans = []
    for item in (m.group(1).split(", ") if m else []):
        t, v = item.split(":", 1)
        if t in ("email", "DNS", "URI"):
            o_sans.append(v)
        elif t == "IP Address":
            o_sans.append(str(ipaddress.ip_address(v)))
    assert o_sans == [e["Value"] for e in sans], (rel, o_sans, sans)
    if c is not None and c_err is None:
        try:
            g = c.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            c_sans = [str(x.value) if isinstance(x, x509.IPAddress) else x.value for x in g
                      if isinstance(x, (x509.RFC822Name, x509.DNSName, x509.UniformResourceIdentifier,
                                        x509.IPAddress))]
        except x509.ExtensionNotFound:
            c_sans = []
        assert c_sans == [e["Value"] for e in sans], (rel, c_sans)
    if skipped:
        notes.append(f"SAN entries of kinds outside the four csrkit reports (Types 1, 2, 6, 7) (tags {', '.join(hex(t) for t in skipped)}) "
                     "are left out of Sans/SanEntries")
        uncertain.append("csrkit reports SAN Types 1, 2, 6, 7 only (the kinds of the APIs' Sans); the expectation is that other "
                         "GeneralName kinds are skipped (not reported, not an error)")

    # signature
    self_signed = parts["subject"] == parts["issuer"]
    judge = issuer[1] if issuer else (der if self_signed else None)
    valid = None
    if judge is not None:
        ispki = cert_parts(judge)["spki"]
        if signame in UNCHECKED or signame not in HASH_OF:
            o = ossl_chain_verify(der, judge, work)
            cs = "cannot check"
            if c is not None:
                try:
                    c.verify_directly_issued_by(x509.load_der_x509_certificate(judge))
                    cs = "valid"
                except InvalidSignature:
                    cs = "invalid"
                except Exception as e:  # noqa: BLE001
                    cs = f"cannot check ({e})"
            elif signame in HASH_OF:
                cs = "valid" if verify_sig(signame, ispki, parts["tbs"], parts["sig"]) else "invalid"
            notes.append(f"{signame} is not checked (SignatureValid null); for the record, cryptography says "
                         f"{cs}, `openssl verify -check_ss_sig` says {o}")
        else:
            valid = verify_sig(signame, ispki, parts["tbs"], parts["sig"])
            assert valid == ossl_verify_sig(signame, ispki, parts["tbs"], parts["sig"], work), rel
            if c is not None:
                try:
                    c.verify_directly_issued_by(x509.load_der_x509_certificate(judge))
                    cv = True
                except InvalidSignature:
                    cv = False
                assert cv == valid, rel
            o = ossl_chain_verify(der, judge, work)
            if (o == "OK") != valid:
                notes.append(f"`openssl verify -check_ss_sig -partial_chain` says {o}, for reasons other "
                             f"than the signature (`openssl pkeyutl -verify` and cryptography agree: "
                             f"{'valid' if valid else 'invalid'})")

    days = (after - before) // 86400000
    if after < before:
        uncertain.append("notAfter is before notBefore: Days is the floor of a negative quotient "
                         f"({days}), as 'rounded down' (a floor) reads")
    if any(v[0] == 0x13 and re.search(rb"[^A-Za-z0-9 '()+,\-./:=?]", body(v, tlv(v, 0)))
           for r in name_atvs(parts["subject"]) + name_atvs(parts["issuer"]) for _, v in r):
        uncertain.append("a PrintableString holds characters outside PrintableString's set; OpenSSL reads it "
                         "as it stands (the expectation here), a strict reader refuses the certificate")
    if "hex" in flags:
        uncertain.append("no API page fixes the case of the '#' hex form; lower case is expected here")

    sans_json = json.dumps(sans, ensure_ascii=False, separators=(",", ":"))
    exp = {
        "File": rel, "Kind": "CERTIFICATE", "SerialNumber": sh, "SubjectDN": subj_dn,
        **flat,
        "Sans": sans_json, "SanEntries": sans, "BeforeDate": before, "AfterDate": after, "Days": days,
        "Algorithm": algo, "KeySize": size, "KeySha2": ksha, "SignAlgorithm": signame,
        "Sha2": sha256(der), "Md5": hashlib.md5(der).hexdigest(), "CertificateType": ctype,
        "IssuerDN": iss_dn, "X509Certificate": pem(der), "SignatureValid": valid,
    }
    if issuer is not None:
        exp["Issuer"] = issuer[0]
    exp["_notes"], exp["_uncertain"] = notes, uncertain
    return exp

# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------


def source_of(peer, src_info) -> tuple[dict, str]:
    """The sidecar's Source and the Maker sentence."""
    how = peer["how"]
    extracted = None
    if how.startswith("limbo:"):
        extracted = f"the PEM string at JSON field {how[6:]!r}, written as it stands"
    elif how.startswith("go-const:"):
        extracted = f"the DER of the PEM in the Go raw-string constant {how[9:]}"
    elif how.startswith("java-b64:"):
        extracted = f"the DER decoded from the base64 Java string constant {how[9:]}"
    elif how.startswith("c-b64:"):
        extracted = f"the DER decoded from the base64 C string literals that start with {how[6:22]!r}..."
    elif how.startswith("c-pem:"):
        extracted = f"the DER of the PEM in the C string {how[6:]}[]"
    if peer["src"] == "pyca":
        src = {"Project": "pyca/cryptography", "Repository": "pyca/cryptography", "Commit": None,
               "Package": "cryptography_vectors", "Version": src_info["pyca"],
               "Path": f"cryptography_vectors/{peer['path']}"}
        maker = (f"copied verbatim from the PyPI package cryptography_vectors {src_info['pyca']} "
                 f"(pyca/cryptography's test data): cryptography_vectors/{peer['path']}")
    elif peer["src"] == "mozilla":
        path = f"/usr/share/ca-certificates/mozilla/{peer['path']}"
        src = {"Project": "Mozilla CA store via Debian ca-certificates", "Package": "ca-certificates",
               "Version": src_info["mozilla"], "Path": path}
        maker = f"copied verbatim from Debian's ca-certificates {src_info['mozilla']}: {path}"
    else:
        project, repo, commit, *_ = REPOS[peer["src"]]
        src = {"Project": project, "Repository": repo, "Commit": commit, "Path": peer["path"]}
        maker = f"copied verbatim from {repo} {peer['path']} at {commit}"
    if extracted:
        src["Extracted"] = extracted
        maker += f" ({extracted})"
    return src, maker


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for key, (_, repo, _, arg, env) in REPOS.items():
        ap.add_argument(arg, dest=key, help=f"{repo} checkout or git dir[@commit] (env {env})")
    ap.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = ap.parse_args()

    import cryptography_vectors  # the PyPI package pyca ships its test data in
    if cryptography_vectors.__version__ != cryptography.__version__:
        sys.exit(f"cryptography_vectors {cryptography_vectors.__version__} != cryptography "
                 f"{cryptography.__version__}: pip install cryptography_vectors=={cryptography.__version__}")
    pyca = Path(cryptography_vectors.__file__).resolve().parent
    deb = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "ca-certificates"], capture_output=True, text=True)
    src_info = {"pyca": cryptography_vectors.__version__, "mozilla": deb.stdout}
    trees = {k: open_tree(k, getattr(args, k)) for k in REPOS}
    missing = sorted({p["src"] for p in PEERS if p["src"] in REPOS and trees[p["src"]] is None})
    if missing:
        sys.exit("make_realworld_peers.py: sources missing: " + ", ".join(
            f"{REPOS[k][1]} ({REPOS[k][3]} DIR or ${REPOS[k][4]})" for k in missing))

    # read and extract everything before touching realworld/
    copies = []
    for p in PEERS:
        if p["src"] == "pyca":
            data = (pyca / p["path"]).read_bytes()
        elif p["src"] == "mozilla":
            data = Path("/usr/share/ca-certificates/mozilla", p["path"]).read_bytes()
        else:
            data = trees[p["src"]].read(p["path"])
        out, ext = extract(p["how"], data)
        if sha256(out) != p["sha256"] and os.environ.get("PEERS_PIN") != "print":
            sys.exit(f"make_realworld_peers.py: {p['name']}: SHA-256 {sha256(out)} of the copy is not the "
                     f"pinned {p['sha256']} (another version of {p['src']}:{p['path']}?)")
        copies.append((p, out, ext))
    if os.environ.get("PEERS_PIN") == "print":
        for p, out, _ in copies:
            print(p["name"], sha256(out))
        return

    written = {}  # rel -> DER, for issuers
    results = []
    with tempfile.TemporaryDirectory(prefix="csrkit-peers-") as tmp:
        work = Path(tmp)
        for p, out, ext in copies:
            rel = f"realworld/{p['name']}.{ext}"
            der = unpem(out) if ext == "pem" else out
            v = ossl("x509", "-inform", "PEM" if ext == "pem" else "DER", "-noout", "-text", input=out)
            assert v.returncode == 0
            issuer = None
            if p["issuer"]:
                if p["issuer"] in written:
                    idata = written[p["issuer"]]
                else:
                    ipath = ROOT / p["issuer"]
                    assert ipath.exists(), f"{rel}: issuer {p['issuer']} missing (run make_vectors.py first)"
                    b = ipath.read_bytes()
                    idata = unpem(b) if b"-----BEGIN" in b else b
                issuer = (p["issuer"], idata)
            exp = expected(p["name"], rel, der, issuer, p, work)
            src, maker = source_of(p, src_info)
            notes, uncertain = exp.pop("_notes"), exp.pop("_uncertain")
            exp["Maker"] = maker
            exp["Source"] = src
            exp["Note"] = "; ".join(notes)
            if uncertain:
                exp["Uncertain"] = "; ".join(uncertain)
            written[rel] = der
            results.append((rel, out, exp))

    names = {p["name"] for p in PEERS}
    if args.check:
        bad = 0
        for rel, out, exp in results:
            jp = ROOT / Path(rel).with_suffix(".json")
            if not jp.exists() or not (ROOT / rel).exists() or (ROOT / rel).read_bytes() != out \
                    or json.loads(jp.read_text("utf-8")) != exp:
                print("differs:", rel)
                bad += 1
        print(f"{len(results)} peers checked, {bad} differ")
        sys.exit(1 if bad else 0)

    for f in RW.iterdir():
        if f.stem in names:
            f.unlink()
    entries = []
    for rel, out, exp in results:
        (ROOT / rel).write_bytes(out)
        j = str(Path(rel).with_suffix(".json"))
        (ROOT / j).write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        entries.append({"File": rel, "Expect": j, "Bytes": len(out), "Sha256OfFile": sha256(out)})

    mpath = ROOT / "manifest.json"
    if mpath.exists():
        m = json.loads(mpath.read_text("utf-8"))
        m["Files"] = [e for e in m["Files"] if not (e["File"].startswith("realworld/")
                                                    and Path(e["File"]).stem in names)] + entries
        m["Counts"]["realworld"] = sum(1 for e in m["Files"] if e["File"].startswith("realworld/"))
        m["RealworldPeers"] = {
            "Generator": "vectors/make_realworld_peers.py",
            "GeneratedAt": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
            "Tools": {"cryptography": cryptography.__version__,
                      "openssl": ossl("version").stdout.decode().strip()},
            "Sources": {**{REPOS[k][1]: REPOS[k][2] for k in sorted({p["src"] for p in PEERS} & set(REPOS))},
                        "cryptography_vectors": src_info["pyca"],
                        "ca-certificates (Debian)": src_info["mozilla"]},
            "Files": [e["File"] for e in entries],
        }
        mpath.write_text(json.dumps(m, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"peers": len(entries)}))


if __name__ == "__main__":
    main()
