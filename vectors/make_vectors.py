#!/usr/bin/env python3
"""(Re)generate the csrkit test-vector corpus under vectors/.

Every artifact is made by OpenSSL (the `openssl` CLI) or by Python's
`cryptography` package, or hand-built from DER bytes here; every expected
value is computed by those tools (cryptography's x509 API, `openssl` output,
hashlib over the DER), never by csrkit.

Usage:  python3 vectors/make_vectors.py

The script wipes vectors/{csr,cert,key,bad} and vectors/manifest.json and
regenerates them; in vectors/realworld/ it deletes only the files it makes itself
(the others are vectors/make_realworld_peers.py's, and keep their manifest entries).
Keys are random, so the bytes differ from run to run; the structure and the names
of the files do not.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import cryptography
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, x25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT = Path(__file__).resolve().parent
SUBDIRS = ("csr", "cert", "key", "bad", "realworld")
DISTID = "1234567812345678"
OPENSSL = os.environ.get("OPENSSL", "openssl")

# --------------------------------------------------------------------------
# OIDs and names
# --------------------------------------------------------------------------
OID_RSA = "1.2.840.113549.1.1.1"
OID_EC = "1.2.840.10045.2.1"
OID_SM2 = "1.2.156.10197.1.301"  # the sm2 curve, also "id-sm2" as an algorithm
OID_SM2SM3 = "1.2.156.10197.1.501"
CURVES = {
    "1.2.840.10045.3.1.7": ("ECC", 256),
    "1.3.132.0.34": ("ECC", 384),
    "1.3.132.0.35": ("ECC", 521),
    OID_SM2: ("SM2", 256),
}
SIGNAMES = {
    "1.2.840.113549.1.1.11": "SHA256WITHRSA",
    "1.2.840.113549.1.1.12": "SHA384WITHRSA",
    "1.2.840.113549.1.1.13": "SHA512WITHRSA",
    "1.2.840.10045.4.3.2": "SHA256WITHECDSA",
    "1.2.840.10045.4.3.3": "SHA384WITHECDSA",
    "1.2.840.10045.4.3.4": "SHA512WITHECDSA",
    OID_SM2SM3: "SM3WITHSM2",
    "1.2.840.113549.1.1.5": "SHA1WITHRSA",
    "1.2.840.10045.4.1": "SHA1WITHECDSA",
    "1.2.840.113549.1.1.4": "MD5WITHRSA",
    "1.2.840.113549.1.1.10": "RSASSA-PSS",
}
UNCHECKED = {"SHA1WITHRSA", "SHA1WITHECDSA", "MD5WITHRSA", "RSASSA-PSS"}
HASH_OF = {
    "SHA256WITHRSA": hashes.SHA256, "SHA384WITHRSA": hashes.SHA384, "SHA512WITHRSA": hashes.SHA512,
    "SHA256WITHECDSA": hashes.SHA256, "SHA384WITHECDSA": hashes.SHA384, "SHA512WITHECDSA": hashes.SHA512,
}
# OpenSSL's long names in `-text` output -> the APIs' names (used for cross-checks)
OPENSSL_SIGNAMES = {
    "sha256WithRSAEncryption": "SHA256WITHRSA", "sha384WithRSAEncryption": "SHA384WITHRSA",
    "sha512WithRSAEncryption": "SHA512WITHRSA", "ecdsa-with-SHA256": "SHA256WITHECDSA",
    "ecdsa-with-SHA384": "SHA384WITHECDSA", "ecdsa-with-SHA512": "SHA512WITHECDSA",
    "SM2-with-SM3": "SM3WITHSM2", "sha1WithRSAEncryption": "SHA1WITHRSA",
    "ecdsa-with-SHA1": "SHA1WITHECDSA", "md5WithRSAEncryption": "MD5WITHRSA",
    "rsassaPss": "RSASSA-PSS",
}
# DN attribute names: exactly what OpenSSL 3.0 prints with `-nameopt sname` (its short name, else
# its long name), as csrkit names them; an OID not listed here is printed dotted, as OpenSSL does for the
# OIDs it does not know. Every entry was checked against OpenSSL 3.0.19 (a certificate holding the
# OID, printed with `openssl x509 -noout -subject -nameopt sep_comma_plus,sname,utf8`); the arcs
# 2.5.4.0-110, 0.9.2342.19200300.100.1.0-60 and 1.2.840.113549.1.9.0-30 were swept, and the OIDs
# there that are missing here (2.5.4.0-2, 2.5.4.55-64, ...) are ones OpenSSL 3.0 prints dotted.
DN_SHORT = {
    # X.520 (2.5.4.x)
    "2.5.4.3": "CN", "2.5.4.4": "SN", "2.5.4.5": "serialNumber", "2.5.4.6": "C", "2.5.4.7": "L",
    "2.5.4.8": "ST", "2.5.4.9": "street", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.12": "title",
    "2.5.4.13": "description", "2.5.4.14": "searchGuide", "2.5.4.15": "businessCategory",
    "2.5.4.16": "postalAddress", "2.5.4.17": "postalCode", "2.5.4.18": "postOfficeBox",
    "2.5.4.19": "physicalDeliveryOfficeName", "2.5.4.20": "telephoneNumber", "2.5.4.21": "telexNumber",
    "2.5.4.22": "teletexTerminalIdentifier", "2.5.4.23": "facsimileTelephoneNumber",
    "2.5.4.24": "x121Address", "2.5.4.25": "internationaliSDNNumber", "2.5.4.26": "registeredAddress",
    "2.5.4.27": "destinationIndicator", "2.5.4.28": "preferredDeliveryMethod",
    "2.5.4.29": "presentationAddress", "2.5.4.30": "supportedApplicationContext", "2.5.4.31": "member",
    "2.5.4.32": "owner", "2.5.4.33": "roleOccupant", "2.5.4.34": "seeAlso", "2.5.4.35": "userPassword",
    "2.5.4.36": "userCertificate", "2.5.4.37": "cACertificate", "2.5.4.38": "authorityRevocationList",
    "2.5.4.39": "certificateRevocationList", "2.5.4.40": "crossCertificatePair", "2.5.4.41": "name",
    "2.5.4.42": "GN", "2.5.4.43": "initials", "2.5.4.44": "generationQualifier",
    "2.5.4.45": "x500UniqueIdentifier", "2.5.4.46": "dnQualifier", "2.5.4.47": "enhancedSearchGuide",
    "2.5.4.48": "protocolInformation", "2.5.4.49": "distinguishedName", "2.5.4.50": "uniqueMember",
    "2.5.4.51": "houseIdentifier", "2.5.4.52": "supportedAlgorithms", "2.5.4.53": "deltaRevocationList",
    "2.5.4.54": "dmdName", "2.5.4.65": "pseudonym", "2.5.4.72": "role", "2.5.4.97": "organizationIdentifier",
    "2.5.4.98": "c3", "2.5.4.99": "n3", "2.5.4.100": "dnsName",
    # RFC 1274 / COSINE pilot attributes
    "0.9.2342.19200300.100.1.1": "UID", "0.9.2342.19200300.100.1.2": "textEncodedORAddress",
    "0.9.2342.19200300.100.1.3": "mail", "0.9.2342.19200300.100.1.4": "info",
    "0.9.2342.19200300.100.1.5": "favouriteDrink", "0.9.2342.19200300.100.1.6": "roomNumber",
    "0.9.2342.19200300.100.1.7": "photo", "0.9.2342.19200300.100.1.8": "userClass",
    "0.9.2342.19200300.100.1.9": "host", "0.9.2342.19200300.100.1.10": "manager",
    "0.9.2342.19200300.100.1.11": "documentIdentifier", "0.9.2342.19200300.100.1.12": "documentTitle",
    "0.9.2342.19200300.100.1.13": "documentVersion", "0.9.2342.19200300.100.1.14": "documentAuthor",
    "0.9.2342.19200300.100.1.15": "documentLocation", "0.9.2342.19200300.100.1.20": "homeTelephoneNumber",
    "0.9.2342.19200300.100.1.21": "secretary", "0.9.2342.19200300.100.1.22": "otherMailbox",
    "0.9.2342.19200300.100.1.23": "lastModifiedTime", "0.9.2342.19200300.100.1.24": "lastModifiedBy",
    "0.9.2342.19200300.100.1.25": "DC", "0.9.2342.19200300.100.1.26": "aRecord",
    "0.9.2342.19200300.100.1.27": "pilotAttributeType27", "0.9.2342.19200300.100.1.28": "mXRecord",
    "0.9.2342.19200300.100.1.29": "nSRecord", "0.9.2342.19200300.100.1.30": "sOARecord",
    "0.9.2342.19200300.100.1.31": "cNAMERecord", "0.9.2342.19200300.100.1.37": "associatedDomain",
    "0.9.2342.19200300.100.1.38": "associatedName", "0.9.2342.19200300.100.1.39": "homePostalAddress",
    "0.9.2342.19200300.100.1.40": "personalTitle", "0.9.2342.19200300.100.1.41": "mobileTelephoneNumber",
    "0.9.2342.19200300.100.1.42": "pagerTelephoneNumber", "0.9.2342.19200300.100.1.43": "friendlyCountryName",
    "0.9.2342.19200300.100.1.44": "uid", "0.9.2342.19200300.100.1.45": "organizationalStatus",
    "0.9.2342.19200300.100.1.46": "janetMailbox", "0.9.2342.19200300.100.1.47": "mailPreferenceOption",
    "0.9.2342.19200300.100.1.48": "buildingName", "0.9.2342.19200300.100.1.49": "dSAQuality",
    "0.9.2342.19200300.100.1.50": "singleLevelQuality", "0.9.2342.19200300.100.1.51": "subtreeMinimumQuality",
    "0.9.2342.19200300.100.1.52": "subtreeMaximumQuality", "0.9.2342.19200300.100.1.53": "personalSignature",
    "0.9.2342.19200300.100.1.54": "dITRedirect", "0.9.2342.19200300.100.1.55": "audio",
    "0.9.2342.19200300.100.1.56": "documentPublisher",
    # PKCS #9
    "1.2.840.113549.1.9.1": "emailAddress", "1.2.840.113549.1.9.2": "unstructuredName",
    "1.2.840.113549.1.9.3": "contentType", "1.2.840.113549.1.9.4": "messageDigest",
    "1.2.840.113549.1.9.5": "signingTime", "1.2.840.113549.1.9.6": "countersignature",
    "1.2.840.113549.1.9.7": "challengePassword", "1.2.840.113549.1.9.8": "unstructuredAddress",
    "1.2.840.113549.1.9.9": "extendedCertificateAttributes", "1.2.840.113549.1.9.14": "extReq",
    "1.2.840.113549.1.9.15": "SMIME-CAPS", "1.2.840.113549.1.9.16": "SMIME",
    "1.2.840.113549.1.9.20": "friendlyName", "1.2.840.113549.1.9.21": "localKeyID",
    # EV jurisdiction (Microsoft arc)
    "1.3.6.1.4.1.311.60.2.1.1": "jurisdictionL", "1.3.6.1.4.1.311.60.2.1.2": "jurisdictionST",
    "1.3.6.1.4.1.311.60.2.1.3": "jurisdictionC",
    # RFC 3739 personal data
    "1.3.6.1.5.5.7.9.1": "id-pda-dateOfBirth", "1.3.6.1.5.5.7.9.2": "id-pda-placeOfBirth",
    "1.3.6.1.5.5.7.9.3": "id-pda-gender", "1.3.6.1.5.5.7.9.4": "id-pda-countryOfCitizenship",
    "1.3.6.1.5.5.7.9.5": "id-pda-countryOfResidence",
    # Russian INN/OGRN/SNILS/...
    "1.2.643.3.131.1.1": "INN", "1.2.643.100.1": "OGRN", "1.2.643.100.3": "SNILS", "1.2.643.100.5": "OGRNIP",
    "1.2.643.100.111": "subjectSignTool", "1.2.643.100.112": "issuerSignTool",
    "1.2.643.100.113": "classSignTool",
}

# --------------------------------------------------------------------------
# tiny DER toolkit
# --------------------------------------------------------------------------

def der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + der_len(len(content)) + content


def der_uint(v: int) -> bytes:
    """INTEGER for a non-negative value (leading 00 when the high bit is set)."""
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    if b[0] & 0x80:
        b = b"\x00" + b
    return tlv(0x02, b)


def oid_encode(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = [40 * arcs[0] + arcs[1]] + arcs[2:]
    out = bytearray()
    for a in body:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


def oid_decode(content: bytes) -> str:
    arcs, v = [], 0
    for b in content:
        v = (v << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(v)
            v = 0
    first = arcs[0]
    x = min(first // 40, 2)
    return ".".join(str(a) for a in [x, first - 40 * x] + arcs[1:])


def parse_tlv(buf: bytes, off: int = 0):
    """-> (tag, start, content_start, end). Definite lengths only."""
    tag = buf[off]
    if tag & 0x1F == 0x1F:
        raise ValueError("high tag number")
    n = buf[off + 1]
    p = off + 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0:
            raise ValueError("indefinite length")
        n = int.from_bytes(buf[p:p + k], "big")
        p += k
    end = p + n
    if end > len(buf):
        raise ValueError("length past end")
    return tag, off, p, end


def kids(buf: bytes, node) -> list:
    out, p = [], node[2]
    while p < node[3]:
        t = parse_tlv(buf, p)
        out.append(t)
        p = t[3]
    return out


def raw(buf: bytes, node) -> bytes:
    return buf[node[1]:node[3]]


def content(buf: bytes, node) -> bytes:
    return buf[node[2]:node[3]]


class Node:
    """Editable DER tree; re-encoding recomputes every length."""

    def __init__(self, tag, body=None, children=None):
        self.tag, self.body, self.children = tag, body, children

    @classmethod
    def parse(cls, buf: bytes, node=None):
        node = node or parse_tlv(buf, 0)
        if node[0] & 0x20:
            return cls(node[0], children=[cls.parse(buf, k) for k in kids(buf, node)])
        return cls(node[0], body=content(buf, node))

    def encode(self) -> bytes:
        if self.children is not None:
            return tlv(self.tag, b"".join(c.encode() for c in self.children))
        return tlv(self.tag, self.body)


def decode_string(tag: int, b: bytes) -> str:
    if tag == 0x0C:
        return b.decode("utf-8")  # strict
    if tag in (0x13, 0x16, 0x12, 0x1A):
        return b.decode("ascii")
    if tag == 0x14:
        return b.decode("latin-1")
    if tag == 0x1E:
        return b.decode("utf-16-be")
    if tag == 0x1C:
        return b.decode("utf-32-be")
    raise ValueError(f"string tag {tag:#x}")


def parse_name(buf: bytes, node) -> list[list[tuple[str, str]]]:
    rdns = []
    for rdn in kids(buf, node):
        atvs = []
        for atv in kids(buf, rdn):
            o, v = kids(buf, atv)
            atvs.append((oid_decode(content(buf, o)), decode_string(v[0], content(buf, v))))
        rdns.append(atvs)
    return rdns


def dn_string(rdns) -> str:
    return ",".join("+".join(f"{DN_SHORT.get(o, o)}={v}" for o, v in rdn) for rdn in rdns)


def dn_values(rdns, short: str):
    vals = [v for rdn in rdns for o, v in rdn if DN_SHORT.get(o) == short]
    return ",".join(vals) if vals else None


def pem(der: bytes, label: str) -> str:
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def unpem(text: str) -> bytes:
    body = re.search(r"-----BEGIN [^-]+-----(.*?)-----END", text, re.S).group(1)
    return base64.b64decode("".join(body.split()))


def sha256(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def md5(b: bytes) -> str:
    return hashlib.md5(b).hexdigest()

# --------------------------------------------------------------------------
# process helpers
# --------------------------------------------------------------------------

WORK: Path  # temporary directory, set in main()


def shown(args) -> str:
    """Command line as recorded in "Maker": temporary paths shortened."""
    s = shlex.join(str(a) for a in args)
    return s.replace(str(WORK) + "/", "")


def run(args, input=None, check=True) -> subprocess.CompletedProcess:
    p = subprocess.run([str(a) for a in args], input=input, capture_output=True, cwd=WORK)
    if check and p.returncode != 0:
        raise RuntimeError(f"{shown(args)} failed ({p.returncode}):\n{p.stderr.decode(errors='replace')}")
    return p


def ossl(*args, input=None, check=True):
    return run([OPENSSL, *args], input=input, check=check)


def wfile(name: str, data: bytes) -> Path:
    p = WORK / name
    p.write_bytes(data)
    return p


MIN_CNF = "[req]\ndistinguished_name = dn\nstring_mask = utf8only\n[dn]\n"
DEFAULT_MASK_CNF = "[req]\ndistinguished_name = dn\nstring_mask = default\n[dn]\n"

# --------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------

def genkey(name: str, spec: str) -> tuple[Path, str]:
    """spec: rsa:BITS | ec:CURVE | sm2 | ed25519 | ed448 | dsa:BITS. Returns (path, maker)."""
    out = WORK / f"{name}.key.pem"
    kind, _, arg = spec.partition(":")
    if kind == "rsa":
        cmd = ["genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{arg}", "-out", out]
    elif kind == "ec":
        cmd = ["genpkey", "-algorithm", "EC", "-pkeyopt", f"ec_paramgen_curve:{arg}",
               "-pkeyopt", "ec_param_enc:named_curve", "-out", out]
    elif kind == "sm2":
        cmd = ["genpkey", "-algorithm", "SM2", "-out", out]
    elif kind in ("ed25519", "ed448"):
        cmd = ["genpkey", "-algorithm", kind.upper(), "-out", out]
    elif kind == "dsa":
        params = WORK / f"{name}.dsaparam.pem"
        ossl("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", f"dsa_paramgen_bits:{arg}", "-out", params)
        cmd = ["genpkey", "-paramfile", params, "-out", out]
    else:
        raise ValueError(spec)
    ossl(*cmd)
    return out, "openssl " + shown(cmd)


def spki_of_keyfile(path: Path) -> bytes:
    return ossl("pkey", "-in", path, "-pubout", "-outform", "DER").stdout


def key_info(spki: bytes) -> tuple[str, int, bytes]:
    """-> (Algorithm, KeySize, canonical SPKI DER). Raises on unsupported keys."""
    top = parse_tlv(spki)
    alg, bits = kids(spki, top)
    parts = kids(spki, alg)
    oid = oid_decode(content(spki, parts[0]))
    if oid == OID_RSA:
        k = serialization.load_der_public_key(spki)
        return "RSA", k.key_size, spki
    if oid == OID_EC:
        curve = oid_decode(content(spki, parts[1]))
        return (*CURVES[curve], spki)
    if oid == OID_SM2:  # id-sm2 as the algorithm: canonical form is id-ecPublicKey + sm2 curve
        canon = tlv(0x30, tlv(0x30, oid_encode(OID_EC) + oid_encode(OID_SM2)) + raw(spki, bits))
        return "SM2", 256, canon
    raise ValueError(f"unsupported key {oid}")


def openssl_keybits(spki: bytes) -> int:
    txt = ossl("pkey", "-pubin", "-inform", "DER", "-noout", "-text", input=spki).stdout.decode()
    return int(re.search(r"Public-Key: \((\d+) bit\)", txt).group(1))

# --------------------------------------------------------------------------
# signature checks (independent of csrkit)
# --------------------------------------------------------------------------

def sm2_verify(spki_canon: bytes, tbs: bytes, sig: bytes, distid: str | None = DISTID) -> bool:
    pub = wfile("sm2verify.pub.der", spki_canon)
    data = wfile("sm2verify.tbs", tbs)
    sigf = wfile("sm2verify.sig", sig)
    args = ["pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", pub, "-rawin",
            "-digest", "sm3", "-in", data, "-sigfile", sigf]
    if distid is not None:
        args += ["-pkeyopt", f"distid:{distid}"]
    p = ossl(*args, check=False)
    out = (p.stdout + p.stderr).decode()
    if "Signature Verified Successfully" in out:
        return True
    if "Signature Verification Failure" in out:
        return False
    raise RuntimeError("pkeyutl: " + out)


def verify_with(spki: bytes, signame: str, tbs: bytes, sig: bytes):
    """True/False for checked algorithms, None for unchecked ones."""
    if signame in UNCHECKED or signame not in SIGNAMES.values():
        return None
    algo, _, canon = key_info(spki)
    if signame == "SM3WITHSM2":
        if algo != "SM2":
            return False
        return sm2_verify(canon, tbs, sig)
    key = serialization.load_der_public_key(spki)
    h = HASH_OF[signame]()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            if not signame.endswith("RSA"):
                return False
            key.verify(sig, tbs, padding.PKCS1v15(), h)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            if not signame.endswith("ECDSA"):
                return False
            key.verify(sig, tbs, ec.ECDSA(h))
        else:
            return False
        return True
    except InvalidSignature:
        return False


def openssl_req_verify(der: bytes, distid: str | None) -> bool:
    f = wfile("reqverify.der", der)
    args = ["req", "-verify", "-inform", "DER", "-in", f, "-noout"]
    if distid:
        args += ["-vfyopt", f"distid:{distid}"]
    p = ossl(*args, check=False)  # OpenSSL 3.0 exits 0 even on failure: read the message
    out = (p.stdout + p.stderr).decode()
    if "verify OK" in out:
        return True
    if "verify failure" in out:
        return False
    raise RuntimeError("req -verify: " + out)

# --------------------------------------------------------------------------
# expected values
# --------------------------------------------------------------------------

REPORTED_SAN_KINDS = ("email", "DNS", "URI", "IP Address")  # OpenSSL's -text labels for Types 1, 2, 6, 7


def san_entries(ext_container, skipped: list | None = None) -> list[dict]:
    """SAN entries of the four kinds csrkit reports (email, DNS, URI, IP). Another kind raises, unless `skipped` is a list
    (realworld/ only): then it is left out and appended there."""
    try:
        san = ext_container.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    out = []
    for g in san:
        if isinstance(g, x509.RFC822Name):
            out.append({"Type": 1, "Value": g.value})
        elif isinstance(g, x509.DNSName):
            out.append({"Type": 2, "Value": g.value})
        elif isinstance(g, x509.UniformResourceIdentifier):
            out.append({"Type": 6, "Value": g.value})
        elif isinstance(g, x509.IPAddress):
            out.append({"Type": 7, "Value": str(g.value)})
        elif skipped is not None:
            skipped.append(g)
        else:
            raise ValueError(f"unexpected GeneralName {g!r}")
    return out


def openssl_text(kind: str, der: bytes) -> str:
    return ossl(kind, "-inform", "DER", "-noout", "-text", input=der).stdout.decode("utf-8")


def openssl_dn(kind: str, der: bytes, which: str) -> str:
    out = ossl(kind, "-inform", "DER", "-noout", f"-{which}",
               "-nameopt", "sep_comma_plus,sname,utf8", input=der).stdout.decode("utf-8")
    return out.strip().split("=", 1)[1]


def openssl_dn_names(kind: str, der: bytes, which: str, rdns) -> list[str]:
    """OpenSSL's attribute names (-nameopt sep_comma_plus,sname,utf8), one per attribute in
    encoding order, after checking that its output holds exactly our values, RDN grouping and
    order. Only the names may differ from dn_string's (see DN_SHORT)."""
    s = openssl_dn(kind, der, which)
    names, p = [], 0
    for i, rdn in enumerate(rdns):
        for j, (_, v) in enumerate(rdn):
            q = s.index("=", p)
            names.append(s[p:q])
            assert s[q + 1:q + 1 + len(v)] == v, (which, s, v)
            p = q + 1 + len(v)
            sep = "+" if j < len(rdn) - 1 else ("," if i < len(rdns) - 1 else "")
            assert s[p:p + len(sep)] == sep, (which, s, p)
            p += len(sep)
    assert p == len(s), (which, s)
    return names


DN_NAME_DIFFS: dict[str, set] = {}  # file -> {(oid, OpenSSL's name, ours)}; realworld/ only


def crosscheck_dn(kind: str, der: bytes, file: str, named_rdns, realworld: bool):
    """OpenSSL agrees with our DN strings. Outside realworld/ exactly; in realworld/ the
    attribute names may differ (recorded in DN_NAME_DIFFS and written into the Note)."""
    for which, rdns in named_rdns:
        names = openssl_dn_names(kind, der, which, rdns)
        flat = [o for rdn in rdns for o, _ in rdn]
        diff = {(o, n, DN_SHORT.get(o, o)) for o, n in zip(flat, names) if n != DN_SHORT.get(o, o)}
        if diff:
            assert realworld, (file, which, sorted(diff))
            DN_NAME_DIFFS.setdefault(file, set()).update(diff)


def crosscheck_text(kind: str, der: bytes, exp: dict, keysize: int, realworld: bool = False):
    txt = openssl_text(kind, der)
    m = re.search(r"Public-Key: \((\d+) bit\)", txt)
    assert m and int(m.group(1)) == keysize, (exp["File"], m and m.group(1), keysize)
    names = re.findall(r"Signature Algorithm: (\S+)", txt)
    assert all(OPENSSL_SIGNAMES.get(n, n) == exp["SignAlgorithm"] for n in names), (exp["File"], names)
    m = re.search(r"X509v3 Subject Alternative Name: *(?:critical)?\n\s*(.*)\n", txt)
    ossl_sans = []
    if m:
        for item in m.group(1).split(", "):
            t, v = item.split(":", 1)
            if realworld and t not in REPORTED_SAN_KINDS:
                continue  # left out of SanEntries too (san_entries(skipped=...))
            if t == "IP Address":
                v = str(ipaddress.ip_address(v))
            ossl_sans.append(v)
    assert ossl_sans == [e["Value"] for e in exp["SanEntries"]], (exp["File"], ossl_sans)


SKIPPED_SANS: dict[str, list] = {}  # file -> GeneralNames of other kinds left out; realworld/ only


def csr_expected(der: bytes, file: str, maker: str, *, crosscheck=True, realworld=False, **extra) -> dict:
    outer = parse_tlv(der)
    assert outer[3] == len(der)
    cri, sigalg, sigbits = kids(der, outer)
    version, subj, spki_node = kids(der, cri)[:3]
    spki = raw(der, spki_node)
    sig_oid = oid_decode(content(der, kids(der, sigalg)[0]))
    signame = SIGNAMES.get(sig_oid, sig_oid)
    algo, size, canon = key_info(spki)
    rdns = parse_name(der, subj)
    csr = x509.load_der_x509_csr(der)
    # the DER walk and cryptography agree on order and values
    assert [[(a.oid.dotted_string, a.value) for a in r] for r in csr.subject.rdns] == rdns, file
    skipped = [] if realworld else None
    sans = san_entries(csr.extensions, skipped)
    if skipped:
        SKIPPED_SANS[file] = skipped
    tbs, sig = raw(der, cri), content(der, sigbits)[1:]
    if signame in UNCHECKED:
        valid = None
    elif algo == "SM2":
        valid = openssl_req_verify(der, DISTID) if crosscheck else verify_with(spki, signame, tbs, sig)
        assert valid == verify_with(spki, signame, tbs, sig), file
    else:
        valid = csr.is_signature_valid
        assert valid == verify_with(spki, signame, tbs, sig), file
        if crosscheck:
            assert valid == openssl_req_verify(der, None), file
    exp = {
        "File": file,
        "Kind": "CSR",
        "Algorithm": algo,
        "KeySize": size,
        "KeySha2": sha256(canon),
        "CommonName": dn_values(rdns, "CN"),
        "CountryCode": dn_values(rdns, "C"),
        "Province": dn_values(rdns, "ST"),
        "Locality": dn_values(rdns, "L"),
        "CorpName": dn_values(rdns, "O"),
        "Department": dn_values(rdns, "OU"),
        "Sans": ",".join(e["Value"] for e in sans),
        "SanEntries": sans,
        "SubjectDN": dn_string(rdns),
        "SignAlgorithm": signame,
        "SignatureValid": valid,
        "Sha2": sha256(der),
        "Md5": md5(der),
        "Maker": maker,
    }
    if crosscheck:
        crosscheck_text("req", der, exp, size, realworld)
        crosscheck_dn("req", der, file, [("subject", rdns)], realworld)
        pub = ossl("req", "-inform", "DER", "-noout", "-pubkey", input=der).stdout
        assert sha256(ossl("pkey", "-pubin", "-outform", "DER", input=pub).stdout) == exp["KeySha2"], file
    exp.update(extra)
    return exp


def cert_expected(der: bytes, file: str, maker: str, *, issuer: tuple[str, bytes] | None = None,
                  crosscheck=True, realworld=False, **extra) -> dict:
    outer = parse_tlv(der)
    assert outer[3] == len(der)
    tbs, sigalg, sigbits = kids(der, outer)
    t = kids(der, tbs)
    i = 1 if t[0][0] == 0xA0 else 0
    serial_node, _, issuer_node, _, subj, spki_node = t[i:i + 6]
    spki = raw(der, spki_node)
    sig_oid = oid_decode(content(der, kids(der, sigalg)[0]))
    signame = SIGNAMES.get(sig_oid, sig_oid)
    algo, size, canon = key_info(spki)
    rdns = parse_name(der, subj)
    irdns = parse_name(der, issuer_node)
    cert = x509.load_der_x509_certificate(der)
    assert [[(a.oid.dotted_string, a.value) for a in r] for r in cert.subject.rdns] == rdns, file
    serial = cert.serial_number
    assert serial > 0
    sh = format(serial, "x")
    if len(sh) % 2:
        sh = "0" + sh
    before = int(cert.not_valid_before_utc.timestamp()) * 1000
    after = int(cert.not_valid_after_utc.timestamp()) * 1000
    try:
        bc = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        bc = False
    try:
        eku = list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        eku = []
    if bc:
        ctype = "CA"
    elif ExtendedKeyUsageOID.CLIENT_AUTH in eku and ExtendedKeyUsageOID.SERVER_AUTH not in eku:
        ctype = "CLIENT"
    elif ExtendedKeyUsageOID.SERVER_AUTH in eku:
        ctype = "SERVER"
    else:
        ctype = "END_ENTITY"
    tbs_b, sig = raw(der, tbs), content(der, sigbits)[1:]
    self_signed = irdns == rdns
    if issuer is not None:
        ispki = cert_spki(issuer[1])
        valid = verify_with(ispki, signame, tbs_b, sig)
    elif self_signed:
        valid = verify_with(spki, signame, tbs_b, sig)
    else:
        valid = None
    skipped = [] if realworld else None
    sans = san_entries(cert.extensions, skipped)
    if skipped:
        SKIPPED_SANS[file] = skipped
    exp = {
        "File": file,
        "Kind": "CERTIFICATE",
        "SerialNumber": sh,
        "SubjectDN": dn_string(rdns),
        "CommonName": dn_values(rdns, "CN"),
        "Organization": dn_values(rdns, "O"),
        "OrganizationUnit": dn_values(rdns, "OU"),
        "Locality": dn_values(rdns, "L"),
        "State": dn_values(rdns, "ST"),
        "CountryCode": dn_values(rdns, "C"),
        "Sans": json.dumps(sans, ensure_ascii=False, separators=(",", ":")),
        "SanEntries": sans,
        "BeforeDate": before,
        "AfterDate": after,
        "Days": (after - before) // 86400000,
        "Algorithm": algo,
        "KeySize": size,
        "KeySha2": sha256(canon),
        "SignAlgorithm": signame,
        "Sha2": sha256(der),
        "Md5": md5(der),
        "CertificateType": ctype,
        "IssuerDN": dn_string(irdns),
        "X509Certificate": pem(der, "CERTIFICATE"),
        "SignatureValid": valid,
    }
    if issuer is not None:
        exp["Issuer"] = issuer[0]
    exp["Maker"] = maker
    if crosscheck:
        crosscheck_text("x509", der, exp, size, realworld)
        crosscheck_dn("x509", der, file, [("subject", rdns), ("issuer", irdns)], realworld)
        s = ossl("x509", "-inform", "DER", "-noout", "-serial", input=der).stdout.decode().strip()
        assert s == "serial=" + sh.upper(), (file, s, sh)
        d = ossl("x509", "-inform", "DER", "-noout", "-startdate", "-enddate", input=der).stdout.decode()
        ts = [int(dt.datetime.strptime(x, "%b %d %H:%M:%S %Y GMT").replace(tzinfo=dt.timezone.utc)
                  .timestamp()) * 1000 for x in re.findall(r"=(.*)", d)]
        assert ts == [before, after], (file, ts)
        pub = ossl("x509", "-inform", "DER", "-noout", "-pubkey", input=der).stdout
        assert sha256(ossl("pkey", "-pubin", "-outform", "DER", input=pub).stdout) == exp["KeySha2"], file
        # openssl verify agrees whenever it can judge (issuer DN matches; not SM2, whose
        # `openssl verify` in 3.0 ignores -vfyopt distid and always uses the empty ID)
        judge = issuer[1] if issuer else (der if self_signed else None)
        if judge is not None and algo != "SM2" and signame not in UNCHECKED \
                and dn_string(parse_name(judge, cert_subject_node(judge))) == exp["IssuerDN"]:
            ca = wfile("verify.ca.pem", pem(judge, "CERTIFICATE").encode())
            leaf = wfile("verify.leaf.pem", pem(der, "CERTIFICATE").encode())
            # -no_check_time: the signature is the question, not the validity period (realworld/
            # holds expired certificates); -partial_chain: an issuer given may be an intermediate
            p = ossl("verify", "-check_ss_sig", "-no_check_time", "-partial_chain", "-CAfile", ca, leaf,
                     check=False)
            assert (p.returncode == 0) == valid, (file, p.stdout, p.stderr)
    exp.update(extra)
    return exp


def cert_tbs_fields(der: bytes):
    tbs = kids(der, parse_tlv(der))[0]
    t = kids(der, tbs)
    i = 1 if t[0][0] == 0xA0 else 0
    return t[i:i + 6]


def cert_spki(der: bytes) -> bytes:
    return raw(der, cert_tbs_fields(der)[5])


def cert_subject_node(der: bytes):
    return cert_tbs_fields(der)[4]

# --------------------------------------------------------------------------
# output bookkeeping
# --------------------------------------------------------------------------

MANIFEST: list[dict] = []


def put(rel: str, data: bytes | str, meta: dict, jsonname: str | None = None):
    """Write vectors/REL and its sidecar vectors/DIR/STEM.json."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = ROOT / rel
    assert not path.exists(), rel
    path.write_bytes(data)
    meta = {"File": rel, **{k: v for k, v in meta.items() if k != "File"}}
    j = jsonname or str(Path(rel).with_suffix(".json"))
    jp = ROOT / j
    assert not jp.exists(), j
    jp.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    MANIFEST.append({"File": rel, "Expect": j, "Bytes": len(data), "Sha256OfFile": sha256(data)})
    return meta


EXPECT: dict[str, dict] = {}  # rel -> expected JSON (csr and cert)


def put_csr(name: str, der: bytes, maker: str, *, form="pem", crosscheck=True, text=None, **extra):
    ext = "der" if form == "der" else "pem"
    rel = f"csr/{name}.{ext}"
    exp = csr_expected(der, rel, maker, crosscheck=crosscheck, **extra)
    data = der if form == "der" else (text if text is not None else pem(der, "CERTIFICATE REQUEST"))
    EXPECT[rel] = put(rel, data, exp)
    return rel


def put_cert(name: str, der: bytes, maker: str, *, form="pem", issuer=None, crosscheck=True, text=None,
             **extra):
    ext = "der" if form == "der" else "pem"
    rel = f"cert/{name}.{ext}"
    exp = cert_expected(der, rel, maker, issuer=issuer, crosscheck=crosscheck, **extra)
    data = der if form == "der" else (text if text is not None else pem(der, "CERTIFICATE"))
    EXPECT[rel] = put(rel, data, exp)
    return rel


def put_bad(name: str, ext: str, data: bytes | str, kind: str, why: str, maker: str, oid=None, **extra):
    meta = {"Expect": "error", "ErrorKind": kind}
    if kind == "unsupported_algorithm":
        assert oid
        meta["Oid"] = oid
    meta["Why"] = why
    meta["Maker"] = maker
    meta.update(extra)
    put(f"bad/{name}.{ext}", data, meta)

# --------------------------------------------------------------------------
# generators
# --------------------------------------------------------------------------

DEFAULT_SUBJ = "/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=IT/CN={cn}"


def openssl_csr(name: str, keyspec: str | Path, *, digest: list[str] | None = None,
                subj: str | None = None, sans: str | None = "default", sigopt: list[str] = (),
                utf8=False, cnf=MIN_CNF, addext: list[str] = ()):
    """Make a CSR with the openssl CLI. Returns (der, keypath, maker)."""
    if isinstance(keyspec, Path):
        key, kmaker = keyspec, None
    else:
        key, kmaker = genkey(name, keyspec)
    cn = f"{name}.example.com"
    subj = subj if subj is not None else DEFAULT_SUBJ.format(cn=cn)
    cfg = wfile(f"{name}.cnf", cnf.encode())
    args = ["req", "-config", cfg, "-new", "-key", key, *(digest or []), "-subj", subj]
    if utf8:
        args.append("-utf8")
    for s in sigopt:
        args += ["-sigopt", s]
    if sans == "default":
        sans = f"DNS:{cn}"
    if sans:
        args += ["-addext", f"subjectAltName={sans}"]
    for a in addext:
        args += ["-addext", a]
    out = WORK / f"{name}.csr.der"
    args += ["-outform", "DER", "-out", out]
    ossl(*args)
    maker = "openssl " + shown(args)
    if kmaker:
        maker = kmaker + " && " + maker
    return out.read_bytes(), key, maker


def crypto_name(pairs) -> x509.Name:
    return x509.Name([x509.NameAttribute(o, v) for o, v in pairs])


def std_name(cn: str) -> x509.Name:
    return crypto_name([(NameOID.COUNTRY_NAME, "CN"), (NameOID.STATE_OR_PROVINCE_NAME, "Zhejiang"),
                        (NameOID.LOCALITY_NAME, "Hangzhou"), (NameOID.ORGANIZATION_NAME, "Example Corp"),
                        (NameOID.ORGANIZATIONAL_UNIT_NAME, "IT"), (NameOID.COMMON_NAME, cn)])


def crypto_csr(key, name: x509.Name, sans: list | None, h):
    b = x509.CertificateSigningRequestBuilder().subject_name(name)
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    return b.sign(key, h).public_bytes(serialization.Encoding.DER)


def key_pem_bytes(key, fmt) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())


def write_key_tmp(name: str, key) -> Path:
    return wfile(f"{name}.key.pem", key_pem_bytes(key, serialization.PrivateFormat.PKCS8))


def now_s() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(minutes=5)


def crypto_cert(*, subject, issuer, pubkey, sign_key, h, serial, ca=False, eku=None, sans=None,
                days=365, bc=True):
    nb = now_s()
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pubkey)
         .serial_number(serial).not_valid_before(nb).not_valid_after(nb + dt.timedelta(days=days)))
    if bc:
        b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    if ca:
        b = b.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                          key_encipherment=False, data_encipherment=False,
                                          key_agreement=False, key_cert_sign=True, crl_sign=True,
                                          encipher_only=False, decipher_only=False), critical=True)
    if eku:
        b = b.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    b = b.add_extension(x509.SubjectKeyIdentifier.from_public_key(pubkey), critical=False)
    return b.sign(sign_key, h).public_bytes(serialization.Encoding.DER)


def gen_csrs():
    S = {}  # name -> (der, keypath)

    def o(name, keyspec, **kw):
        der, key, maker = openssl_csr(name, keyspec, **kw)
        S[name] = (der, key)
        return der, key, maker

    # --- openssl, one per algorithm / digest --------------------------------
    for name, spec, dg in [
        ("rsa2048-sha256", "rsa:2048", "-sha256"), ("rsa3072-sha256", "rsa:3072", "-sha256"),
        ("rsa4096-sha256", "rsa:4096", "-sha256"), ("rsa2048-sha384", "rsa:2048", "-sha384"),
        ("rsa2048-sha512", "rsa:2048", "-sha512"), ("p256-sha256", "ec:P-256", "-sha256"),
        ("p256-sha384", "ec:P-256", "-sha384"), ("p384-sha384", "ec:P-384", "-sha384"),
        ("p521-sha512", "ec:P-521", "-sha512"), ("p384-sha256", "ec:P-384", "-sha256"),
    ]:
        der, key, maker = o(name, spec, digest=[dg])
        put_csr(name, der, maker)

    # SM2, signed with the GM/T 0009 default distinguishing ID
    der, key, maker = o("sm2-sm3", "sm2", digest=["-sm3"], sigopt=[f"distid:{DISTID}"])
    put_csr("sm2-sm3", der, maker,
            Note=f"verify with: openssl req -verify -vfyopt distid:{DISTID} -in csr/sm2-sm3.pem -noout")
    # SM2 signed with the empty ID (what OpenSSL does without -sigopt distid:)
    der, key, maker = o("sm2-sm3-emptyid", "sm2", digest=["-sm3"])
    assert openssl_req_verify(der, None) is True  # verifies with the empty ID ...
    put_csr("sm2-sm3-emptyid", der, maker, SignatureNoteContains="empty",
            Note="signed with the empty distinguishing ID: `openssl req -verify` (no -vfyopt) says OK, "
                 f"with -vfyopt distid:{DISTID} it says failure; csrkit: SignatureValid false + a note")

    # unchecked signature algorithms (OpenSSL 3.0.19 signs all of these)
    for name, spec, dg, sig in [("rsa2048-sha1", "rsa:2048", ["-sha1"], []),
                                ("rsa2048-md5", "rsa:2048", ["-md5"], []),
                                ("p256-sha1", "ec:P-256", ["-sha1"], []),
                                ("rsa2048-pss", "rsa:2048", ["-sha256"], ["rsa_padding_mode:pss"])]:
        der, key, maker = o(name, spec, digest=dg, sigopt=sig)
        put_csr(name, der, maker, Note="signature not checked by csrkit (SignatureValid null); "
                                       f"`openssl req -verify` says "
                                       f"{'OK' if openssl_req_verify(der, None) else 'failure'}")

    # --- subjects and SANs ------------------------------------------------------
    der, key, maker = o("utf8-subject", "ec:P-256", digest=["-sha256"], utf8=True,
                        subj="/C=CN/O=阿里云计算有限公司/OU=Security/L=Hangzhou/ST=Zhejiang/CN=Aliyun",
                        sans="DNS:aliyun.example.com")
    put_csr("utf8-subject", der, maker, Note="the API pages' example DN, in its (non-standard) order")
    S["utf8-subject"] = (der, key)

    der, key, maker = o("utf8-subject-cn", "rsa:2048", digest=["-sha256"], utf8=True,
                        subj="/C=CN/ST=浙江省/L=杭州市/O=阿里云计算有限公司/OU=安全部/CN=测试.example.com",
                        sans="DNS:xn--0zwm56d.example.com")
    put_csr("utf8-subject-cn", der, maker)

    der, key, maker = o("repeated-ou", "ec:P-256", digest=["-sha256"],
                        subj="/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=Dev/OU=Ops/OU=Security/"
                             "CN=repeated-ou.example.com")
    put_csr("repeated-ou", der, maker)

    der, key, maker = o("no-cn", "rsa:2048", digest=["-sha256"],
                        subj="/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=IT",
                        sans="DNS:no-cn.example.com")
    put_csr("no-cn", der, maker)

    der, key, maker = o("all-san-kinds", "ec:P-256", digest=["-sha256"],
                        subj="/C=CN/O=Example Corp/CN=www.example.com",
                        sans="email:admin@example.com,DNS:www.example.com,DNS:*.example.com,"
                             "URI:https://example.com/x,IP:192.0.2.1,IP:2001:0DB8:0:0:0:0:0:1,"
                             "DNS:example.com,IP:::1")
    put_csr("all-san-kinds", der, maker,
            Note="IPv6 was written 2001:0DB8:0:0:0:0:0:1 and is expected in canonical form 2001:db8::1")

    der, key, maker = o("no-san", "rsa:2048", digest=["-sha256"], sans=None,
                        subj="/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=IT/CN=no-san.example.com")
    put_csr("no-san", der, maker)

    der, key, maker = o("email-in-subject", "rsa:2048", digest=["-sha256"],
                        subj="/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=IT/CN=mail.example.com/"
                             "emailAddress=admin@example.com",
                        sans="email:admin@example.com,DNS:mail.example.com")
    put_csr("email-in-subject", der, maker)

    der, key, maker = o("printablestring-subject", "rsa:2048", digest=["-sha256"], cnf=DEFAULT_MASK_CNF)
    put_csr("printablestring-subject", der, maker,
            Note="string_mask=default: the DN values are PrintableString, not UTF8String")

    der, key, maker = o("profile-ca-extensions", "ec:P-256", digest=["-sha256"], sans=None,
                        subj="/C=CN/O=Example Corp/CN=Example Intermediate CA",
                        addext=["basicConstraints=critical,CA:TRUE", "keyUsage=critical,keyCertSign,cRLSign"])
    put_csr("profile-ca-extensions", der, maker)

    # --- the same CSR in every PEM shape csrkit accepts --------------------------
    base_der, base_key = S["rsa2048-sha256"]
    src = "csr/rsa2048-sha256.pem"
    strict = pem(base_der, "CERTIFICATE REQUEST")
    variants = {
        "rsa2048-sha256-crlf": (strict.replace("\n", "\r\n"), "PEM with CRLF line ends"),
        "rsa2048-sha256-no-final-newline": (strict.rstrip("\n"), "no newline after the END line"),
        "rsa2048-sha256-one-line": (
            "-----BEGIN CERTIFICATE REQUEST-----" + base64.b64encode(base_der).decode()
            + "-----END CERTIFICATE REQUEST-----", "whole block on one line, as in JSON API strings"),
        "rsa2048-sha256-escaped-lf": (strict.replace("\n", "\\n"),
                                      "literal backslash-n (2 chars) instead of each line break"),
        "rsa2048-sha256-escaped-crlf": (strict.replace("\n", "\\r\\n"),
                                        "literal backslash-r-backslash-n (4 chars) instead of each line break"),
    }
    for name, (text, why) in variants.items():
        put_csr(name, base_der, f"python: re-wrapped {src}", text=text, Source=src, Note=why)
    f = wfile("base.csr.der", base_der)
    txt = ossl("req", "-inform", "DER", "-in", f, "-text").stdout.decode()
    assert txt.startswith("Certificate Request:") and "-----BEGIN CERTIFICATE REQUEST-----" in txt
    put_csr("rsa2048-sha256-leading-text", base_der, f"openssl req -inform DER -in {src[:-4]}.der -text",
            text=txt, Source=src, Note="`openssl req -text` output: a text dump before the BEGIN line")
    legacy = ossl("req", "-inform", "DER", "-in", f, "-newhdr").stdout.decode()
    assert legacy.startswith("-----BEGIN NEW CERTIFICATE REQUEST-----")
    put_csr("rsa2048-sha256-legacy-label", base_der, "openssl req -inform DER -in rsa2048-sha256.der -newhdr",
            text=legacy, Source=src, Note="legacy label NEW CERTIFICATE REQUEST")
    put_csr("rsa2048-sha256-der", base_der, f"DER of {src}", form="der", Source=src)
    put_csr("p256-sha256-der", S["p256-sha256"][0], "DER of csr/p256-sha256.pem", form="der",
            Source="csr/p256-sha256.pem")
    put_csr("sm2-sm3-der", S["sm2-sm3"][0], "DER of csr/sm2-sm3.pem", form="der", Source="csr/sm2-sm3.pem")

    # --- tampered: still parse, SignatureValid false ---------------------------
    t = bytearray(base_der)
    t[-1] ^= 0x01
    put_csr("rsa2048-sha256-tampered-signature", bytes(t), f"python: {src} with the last signature byte xor 01",
            Source=src)
    cri = kids(base_der, parse_tlv(base_der))[0]
    subj = kids(base_der, cri)[1]
    cn_val = None
    for rdn in kids(base_der, subj):
        for atv in kids(base_der, rdn):
            oo, vv = kids(base_der, atv)
            if oid_decode(content(base_der, oo)) == "2.5.4.3":
                cn_val = vv
    t = bytearray(base_der)
    t[cn_val[2]] = ord("x") if t[cn_val[2]] != ord("x") else ord("y")  # 'rsa2048...' -> 'xsa2048...'
    put_csr("rsa2048-sha256-tampered-subject", bytes(t),
            f"python: {src} with the first letter of the CN value changed (same length)", Source=src)
    pder = S["p256-sha256"][0]
    t = bytearray(pder)
    t[-1] ^= 0x01
    put_csr("p256-sha256-tampered-signature", bytes(t),
            "python: csr/p256-sha256.pem with the last byte of the ECDSA s value xor 01",
            Source="csr/p256-sha256.pem")

    # --- second maker: Python cryptography --------------------------------------
    kr = rsa.generate_private_key(65537, 2048)
    d = crypto_csr(kr, std_name("crypto-rsa2048.example.com"),
                   [x509.DNSName("crypto-rsa2048.example.com")], hashes.SHA256())
    put_csr("crypto-rsa2048-sha256", d, "python cryptography CertificateSigningRequestBuilder, rsa 2048, SHA256")
    kp = ec.generate_private_key(ec.SECP256R1())
    d = crypto_csr(kp, std_name("crypto-p256.example.com"),
                   [x509.DNSName("crypto-p256.example.com"), x509.IPAddress(ipaddress.ip_address("10.0.0.1"))],
                   hashes.SHA256())
    put_csr("crypto-p256-sha256", d, "python cryptography CertificateSigningRequestBuilder, P-256, SHA256")
    k3 = ec.generate_private_key(ec.SECP384R1())
    d = crypto_csr(k3, std_name("crypto-p384.example.com"),
                   [x509.DNSName("crypto-p384.example.com")], hashes.SHA384())
    put_csr("crypto-p384-sha384", d, "python cryptography CertificateSigningRequestBuilder, P-384, SHA384")
    k5 = ec.generate_private_key(ec.SECP521R1())
    d = crypto_csr(k5, std_name("crypto-p521.example.com"),
                   [x509.DNSName("crypto-p521.example.com")], hashes.SHA512())
    put_csr("crypto-p521-sha512", d, "python cryptography CertificateSigningRequestBuilder, P-521, SHA512")

    name = x509.Name([
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Corp"),
                                        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Dev")]),
        x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "multi-rdn.example.com")]),
    ])
    d = crypto_csr(kp, name, [x509.DNSName("multi-rdn.example.com")], hashes.SHA256())
    put_csr("crypto-multivalued-rdn", d,
            "python cryptography CertificateSigningRequestBuilder, RDN {O, OU} (DER sorts the SET)",
            Note="the SubjectDN joins the two values of one RDN with + in their encoded (sorted) order")

    name = crypto_name([
        (NameOID.DOMAIN_COMPONENT, "com"), (NameOID.DOMAIN_COMPONENT, "example"),
        (NameOID.COUNTRY_NAME, "US"), (NameOID.ORGANIZATION_NAME, "Example, Inc."),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "R&D"), (NameOID.USER_ID, "jdoe"),
        (NameOID.SERIAL_NUMBER, "SN-0001"), (x509.ObjectIdentifier("1.3.6.1.4.1.99999.1"), "custom=value"),
        (NameOID.COMMON_NAME, "John Doe"), (NameOID.EMAIL_ADDRESS, "jdoe@example.com"),
    ])
    d = crypto_csr(kp, name, [x509.RFC822Name("jdoe@example.com")], hashes.SHA256())
    put_csr("crypto-dn-extra-attrs", d,
            "python cryptography CertificateSigningRequestBuilder: DC, UID, serialNumber, unknown OID, emailAddress",
            Note="no escaping in SubjectDN: the comma in O and the = in the unknown attribute stay as they are")

    # --- hand-built: SM2 key encoded with id-sm2 (OpenSSL 3.0.0..3.0.12 style) ---
    sm2_der, sm2_key = S["sm2-sm3"]
    tree = Node.parse(sm2_der)
    cri_n = tree.children[0]
    spki_n = cri_n.children[2]
    spki_n.children[0] = Node(0x30, children=[Node(0x06, body=oid_encode(OID_SM2)[2:]),
                                              Node(0x06, body=oid_encode(OID_SM2)[2:])])
    cri_b = cri_n.encode()
    tbsf = wfile("idsm2.cri", cri_b)
    sig = ossl("pkeyutl", "-sign", "-inkey", sm2_key, "-rawin", "-digest", "sm3",
               "-pkeyopt", f"distid:{DISTID}", "-in", tbsf).stdout
    d = tlv(0x30, cri_b + tlv(0x30, oid_encode(OID_SM2SM3)) + tlv(0x03, b"\x00" + sig))
    put_csr("sm2-id-sm2-encoding", d,
            "python: csr/sm2-sm3.pem's request info with the SPKI algorithm rewritten to "
            f"{{id-sm2, id-sm2}}, re-signed: openssl pkeyutl -sign -inkey sm2-sm3.key.pem -rawin -digest sm3 "
            f"-pkeyopt distid:{DISTID}", Source="csr/sm2-sm3.pem",
            Note="SPKI algorithm is id-sm2 with id-sm2 as parameter; KeySha2 is the hash of the canonical "
                 "id-ecPublicKey + sm2-curve SPKI (the same as csr/sm2-sm3.pem). OpenSSL 3.0.19 reads it "
                 "(prints 'Public Key Algorithm: sm2'), `req -verify -vfyopt distid:...` says OK, and "
                 "`openssl req -pubkey | openssl pkey -pubin -outform DER` re-encodes the key in canonical form")
    assert EXPECT["csr/sm2-id-sm2-encoding.pem"]["KeySha2"] == EXPECT["csr/sm2-sm3.pem"]["KeySha2"]

    # --- hand-built: RSA modulus of exactly 16384 bits (the upper bound), fake key ---
    n = int.from_bytes(os.urandom(2048), "big") | (1 << 16383) | 1
    spki = tlv(0x30, tlv(0x30, oid_encode(OID_RSA) + b"\x05\x00")
               + tlv(0x03, b"\x00" + tlv(0x30, der_uint(n) + der_uint(65537))))
    cri_b = tlv(0x30, der_uint(0) + crypto_name([(NameOID.COMMON_NAME, "rsa16384.example.com")]).public_bytes()
                + spki + tlv(0xA0, b""))
    sig = b"\x01" + os.urandom(2047)  # < n, so a verifier computes and rejects rather than erroring
    d = tlv(0x30, cri_b + tlv(0x30, oid_encode("1.2.840.113549.1.1.11") + b"\x05\x00") + tlv(0x03, b"\x00" + sig))
    put_csr("hand-rsa16384-fake-modulus", d,
            "python: hand-built DER, random odd 16384-bit modulus (no private key), e=65537, random signature",
            form="der", Note="KeySize at the upper bound 16384 is accepted; the signature is random, so false")
    return S


def gen_keys(S):
    out = []  # (rel, primary?, partner_rel_of_primary)

    def export(name, keypath, algo):
        pk = keypath
        pkcs8_pem = ossl("pkey", "-in", pk).stdout
        # `openssl pkey -outform DER` writes PKCS#1/SEC1 DER (OpenSSL 3.0): PKCS#8 DER is
        # `openssl pkcs8 -topk8 -nocrypt`.
        pkcs8_der = ossl("pkcs8", "-topk8", "-nocrypt", "-in", pk, "-outform", "DER").stdout
        spki = spki_of_keyfile(pk)
        files = [(f"{name}-pkcs8", "pem", "pkcs8", pkcs8_pem, f"openssl pkey -in {name}.key.pem"),
                 (f"{name}-pkcs8-der", "der", "pkcs8", pkcs8_der, f"openssl pkcs8 -topk8 -nocrypt -in {name}-pkcs8.pem -outform DER")]
        if algo == "RSA":
            p1 = ossl("pkey", "-in", pk, "-traditional").stdout
            assert p1.startswith(b"-----BEGIN RSA PRIVATE KEY-----")
            d1 = ossl("rsa", "-in", pk, "-traditional", "-outform", "DER").stdout
            files += [(f"{name}-pkcs1", "pem", "pkcs1", p1, f"openssl pkey -in {name}.key.pem -traditional"),
                      (f"{name}-pkcs1-der", "der", "pkcs1", d1,
                       f"openssl rsa -in {name}.key.pem -traditional -outform DER")]
        else:
            d1 = ossl("ec", "-in", pk, "-outform", "DER").stdout
            p1 = pem(d1, "EC PRIVATE KEY").encode()
            mk = f"openssl ec -in {name}.key.pem -outform DER"
            files += [(f"{name}-sec1", "pem", "sec1", p1, mk + " (wrapped as EC PRIVATE KEY PEM by python" +
                       (": openssl 3.0.19 `ec` itself labels SM2 keys 'SM2 PRIVATE KEY')" if algo == "SM2" else ")")),
                      (f"{name}-sec1-der", "der", "sec1", d1, mk)]
        res = []
        for stem, enc, fmt, data, maker in files:
            # every encoding of the key gives the same public key, by openssl's reading
            f = wfile(f"chk-{stem}.{enc}", data)
            chk = ossl("pkey", "-in", f, "-inform", enc.upper(), "-pubout", "-outform", "DER").stdout
            assert chk == spki, stem
            res.append((stem, enc, fmt, data, maker, spki))
        return res

    groups = [
        ("rsa2048", S["rsa2048-sha256"][1], "RSA", "rsa2048-other", "rsa:2048"),
        ("p256", S["p256-sha256"][1], "ECC", "p256-other", "ec:P-256"),
        ("sm2", S["sm2-sm3"][1], "SM2", "sm2-other", "sm2"),
    ]
    entries = []
    for name, kp, algo, other, spec in groups:
        prim = export(name, kp, algo)
        okp, _ = genkey(other, spec)
        oth = export(other, okp, algo)
        # the other key: PKCS#8 PEM and the traditional PEM
        oth = [e for e in oth if e[1] == "pem"]
        entries.append((algo, prim, oth))
    return entries


def write_keys(entries, extra_keys):
    by_sha = {}
    for rel, exp in EXPECT.items():
        by_sha.setdefault(exp["KeySha2"], []).append(rel)
    all_rel = sorted(EXPECT)

    def same_alg_others(algo, ksha, limit=6):
        c = [r for r in all_rel if EXPECT[r]["Algorithm"] == algo and EXPECT[r]["KeySha2"] != ksha]
        c = [r for r in c if r.startswith("csr/")][:limit - 1] + [r for r in c if r.startswith("cert/")][:1]
        diff = [r for r in all_rel if EXPECT[r]["Algorithm"] != algo][:1]
        return c + diff

    for algo, prim, oth in entries:
        prim_sha = sha256(key_info(prim[0][5])[2])
        matches = sorted(by_sha.get(prim_sha, []))
        assert matches, algo
        for stem, enc, fmt, data, maker, spki in prim:
            a, size, canon = key_info(spki)
            put(f"key/{stem}.{enc}", data, {
                "Format": fmt, "Encoding": enc, "Algorithm": a, "KeySize": size, "KeySha2": sha256(canon),
                "Matches": matches, "DoesNotMatch": same_alg_others(algo, prim_sha), "Maker": maker})
        for stem, enc, fmt, data, maker, spki in oth:
            a, size, canon = key_info(spki)
            ksha = sha256(canon)
            assert ksha != prim_sha
            put(f"key/{stem}.{enc}", data, {
                "Format": fmt, "Encoding": enc, "Algorithm": a, "KeySize": size, "KeySha2": ksha,
                "Matches": sorted(by_sha.get(ksha, [])), "DoesNotMatch": matches,
                "Maker": "openssl genpkey (a fresh key) && " + maker})
    for stem, key, note in extra_keys:
        data = key_pem_bytes(key, serialization.PrivateFormat.PKCS8)
        spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        a, size, canon = key_info(spki)
        ksha = sha256(canon)
        m = sorted(by_sha.get(ksha, []))
        assert m
        put(f"key/{stem}.pem", data, {
            "Format": "pkcs8", "Encoding": "pem", "Algorithm": a, "KeySize": size, "KeySha2": ksha,
            "Matches": m, "DoesNotMatch": same_alg_others(a, ksha), "Maker": "python cryptography private_bytes(PEM, PKCS8)",
            "Note": note})


def gen_certs():
    C = {}
    # --- openssl: self-signed RSA server ---------------------------------------
    cfg = wfile("cert.cnf", MIN_CNF.encode())
    key, km = genkey("rsa-selfsigned-server", "rsa:2048")
    out = WORK / "rsa-selfsigned-server.der"
    args = ["req", "-config", cfg, "-x509", "-new", "-key", key, "-sha256", "-days", "365",
            "-subj", "/C=CN/ST=Zhejiang/L=Hangzhou/O=Example Corp/OU=Web/CN=www.example.com",
            "-addext", "basicConstraints=critical,CA:FALSE",
            "-addext", "keyUsage=critical,digitalSignature,keyEncipherment",
            "-addext", "extendedKeyUsage=serverAuth",
            "-addext", "subjectAltName=DNS:www.example.com,DNS:example.com",
            "-outform", "DER", "-out", out]
    ossl(*args)
    d = out.read_bytes()
    mk = km + " && openssl " + shown(args)
    put_cert("rsa-selfsigned-server", d, mk)
    put_cert("rsa-selfsigned-server-der", d, mk, form="der", Source="cert/rsa-selfsigned-server.pem")
    C["rsa-selfsigned-server"] = d

    # --- openssl: RSA CA (serial 01) issuing an RSA leaf (serial 065c..., no EKU) ---
    cakey, km = genkey("rsa-ca", "rsa:3072")
    out = WORK / "rsa-ca.pem"
    args = ["req", "-config", cfg, "-x509", "-new", "-key", cakey, "-sha256", "-days", "3650",
            "-set_serial", "1", "-subj", "/C=CN/O=Example Corp/CN=Example RSA Root CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", out]
    ossl(*args)
    ca_der = unpem(out.read_text())
    put_cert("rsa-ca", ca_der, km + " && openssl " + shown(args), Note="serial 1 is printed as 01")
    C["rsa-ca"] = ca_der

    lkey, km2 = genkey("rsa-leaf-noeku", "rsa:2048")
    csrf = WORK / "rsa-leaf-noeku.csr.pem"
    a1 = ["req", "-config", cfg, "-new", "-key", lkey, "-sha256",
          "-subj", "/C=CN/O=Example Corp/OU=Devices/CN=device-001.example.com", "-out", csrf]
    ossl(*a1)
    ext = wfile("leaf.ext", b"[v3]\nbasicConstraints=critical,CA:FALSE\n"
                            b"keyUsage=critical,digitalSignature,keyEncipherment\n"
                            b"subjectAltName=DNS:device-001.example.com\n")
    serial = "065c" + os.urandom(14).hex()
    out = WORK / "rsa-leaf-noeku.pem"
    a2 = ["x509", "-req", "-in", csrf, "-CA", WORK / "rsa-ca.pem", "-CAkey", cakey, "-sha256", "-days", "365",
          "-set_serial", "0x" + serial, "-extfile", ext, "-extensions", "v3", "-out", out]
    ossl(*a2)
    leaf = unpem(out.read_text())
    exp = put_cert("rsa-leaf-noeku", leaf, f"{km2} && openssl {shown(a1)} && openssl {shown(a2)}",
                   issuer=("cert/rsa-ca.pem", ca_der), Note="serial starts with byte 06: keeps its leading 0")
    assert EXPECT[exp]["SerialNumber"].startswith("065c")
    C["rsa-leaf-noeku"] = leaf

    # --- cryptography: P-384 CA issuing P-256 server and client leaves ---------------
    ca_key = ec.generate_private_key(ec.SECP384R1())
    ca_name = crypto_name([(NameOID.COUNTRY_NAME, "CN"), (NameOID.ORGANIZATION_NAME, "Example Corp"),
                           (NameOID.ORGANIZATIONAL_UNIT_NAME, "PKI"), (NameOID.COMMON_NAME, "Example ECC Root CA")])
    ecca = crypto_cert(subject=ca_name, issuer=ca_name, pubkey=ca_key.public_key(), sign_key=ca_key,
                       h=hashes.SHA384(), serial=x509.random_serial_number(), ca=True, days=3650)
    mk = "python cryptography CertificateBuilder"
    put_cert("ecc-ca-p384", ecca, mk + ": P-384 self-signed CA, ecdsa-with-SHA384, CA:TRUE")
    put_cert("ecc-ca-p384-der", ecca, mk + ": P-384 self-signed CA", form="der", Source="cert/ecc-ca-p384.pem")
    C["ecc-ca-p384"] = ecca

    srv_key = ec.generate_private_key(ec.SECP256R1())
    srv_serial = int.from_bytes(b"\x8f" + os.urandom(15), "big")
    srv = crypto_cert(subject=std_name("api.example.com"), issuer=ca_name, pubkey=srv_key.public_key(),
                      sign_key=ca_key, h=hashes.SHA384(), serial=srv_serial, eku=[ExtendedKeyUsageOID.SERVER_AUTH],
                      sans=[x509.DNSName("api.example.com"), x509.DNSName("*.api.example.com"),
                            x509.IPAddress(ipaddress.ip_address("198.51.100.7"))])
    mk2 = mk + ": P-256 leaf, EKU serverAuth, signed by cert/ecc-ca-p384.pem with ecdsa-with-SHA384"
    r = put_cert("ecc-server-p256", srv, mk2, issuer=("cert/ecc-ca-p384.pem", ecca),
                 Note="serial's first byte is 8f (high bit set): DER carries a leading 00, the hex does not")
    assert EXPECT[r]["SerialNumber"].startswith("8f")
    put_cert("ecc-server-p256-der", srv, mk2, form="der", issuer=("cert/ecc-ca-p384.pem", ecca),
             Source="cert/ecc-server-p256.pem")
    put_cert("ecc-server-p256-one-line", srv, mk2, issuer=("cert/ecc-ca-p384.pem", ecca),
             text="-----BEGIN CERTIFICATE-----" + base64.b64encode(srv).decode() + "-----END CERTIFICATE-----",
             Source="cert/ecc-server-p256.pem", Note="one-line PEM as in a JSON API string")
    put_cert("ecc-server-p256-escaped-lf", srv, mk2, issuer=("cert/ecc-ca-p384.pem", ecca),
             text=pem(srv, "CERTIFICATE").replace("\n", "\\n"), Source="cert/ecc-server-p256.pem",
             Note="literal backslash-n escapes instead of line breaks")
    C["ecc-server-p256"] = srv

    cli_key = ec.generate_private_key(ec.SECP256R1())
    cli = crypto_cert(subject=crypto_name([(NameOID.COUNTRY_NAME, "CN"), (NameOID.ORGANIZATION_NAME, "Example Corp"),
                                           (NameOID.COMMON_NAME, "client-42")]),
                      issuer=ca_name, pubkey=cli_key.public_key(), sign_key=ca_key, h=hashes.SHA384(),
                      serial=x509.random_serial_number(), eku=[ExtendedKeyUsageOID.CLIENT_AUTH],
                      sans=[x509.RFC822Name("client-42@example.com")])
    mk3 = mk + ": P-256 leaf, EKU clientAuth, signed by cert/ecc-ca-p384.pem with ecdsa-with-SHA384"
    put_cert("ecc-client-p256", cli, mk3, issuer=("cert/ecc-ca-p384.pem", ecca))
    put_cert("ecc-client-p256-no-issuer-given", cli, mk3, Source="cert/ecc-client-p256.pem",
             Note="no issuer given and not self-signed: SignatureValid null")

    # impostor CA: same DN as ecc-ca-p384, other key
    imp_key = ec.generate_private_key(ec.SECP384R1())
    imp = crypto_cert(subject=ca_name, issuer=ca_name, pubkey=imp_key.public_key(), sign_key=imp_key,
                      h=hashes.SHA384(), serial=x509.random_serial_number(), ca=True, days=3650)
    put_cert("ecc-ca-p384-impostor", imp, mk + ": P-384 self-signed CA with the same DN as cert/ecc-ca-p384.pem "
                                              "and a different key")
    put_cert("ecc-server-p256-WRONG-ISSUER-rsa-ca", srv, mk2, issuer=("cert/rsa-ca.pem", ca_der),
             Source="cert/ecc-server-p256.pem",
             Note="the issuer given is the wrong CA (other DN, RSA key): SignatureValid false")
    put_cert("ecc-server-p256-WRONG-ISSUER-impostor", srv, mk2, issuer=("cert/ecc-ca-p384-impostor.pem", imp),
             Source="cert/ecc-server-p256.pem",
             Note="the issuer given has the right DN but another key: SignatureValid false")

    # --- openssl: UTF-8 subject, both EKUs (-> SERVER) -------------------------------
    key, km = genkey("utf8-subject", "ec:P-256")
    out = WORK / "utf8-subject.der"
    args = ["req", "-config", cfg, "-x509", "-new", "-key", key, "-sha256", "-days", "365", "-utf8",
            "-subj", "/C=CN/ST=浙江省/L=杭州市/O=阿里云计算有限公司/OU=云安全/CN=aliyun.example.com",
            "-addext", "extendedKeyUsage=serverAuth,clientAuth",
            "-addext", "subjectAltName=DNS:aliyun.example.com", "-outform", "DER", "-out", out]
    ossl(*args)
    put_cert("utf8-subject", out.read_bytes(), km + " && openssl " + shown(args),
             Note="EKU has serverAuth and clientAuth: SERVER; no basicConstraints")

    # --- openssl: SM2 self-signed ---------------------------------------------------
    for name, sig, note in [
        ("sm2-selfsigned", ["-sigopt", f"distid:{DISTID}"],
         f"signed with distid {DISTID}. `openssl verify -check_ss_sig` (3.0.19) FAILS on it even with -vfyopt "
         "distid:..., because it verifies certificates with the empty ID; checked with openssl pkeyutl -verify "
         f"-rawin -digest sm3 -pkeyopt distid:{DISTID} on the TBSCertificate"),
        ("sm2-selfsigned-emptyid", [],
         "signed with the empty distinguishing ID (no -sigopt): false under the GM/T 0009 default ID; "
         "`openssl verify -check_ss_sig` says OK"),
    ]:
        key, km = genkey(name, "sm2")
        out = WORK / f"{name}.der"
        args = ["req", "-config", cfg, "-x509", "-new", "-key", key, "-sm3", *sig, "-days", "365",
                "-subj", f"/C=CN/O=Example Corp/CN={name}.example.com",
                "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
                "-outform", "DER", "-out", out]
        ossl(*args)
        d = out.read_bytes()
        r = put_cert(name, d, km + " && openssl " + shown(args), Note=note)
        caf = wfile("sm2ss.pem", pem(d, "CERTIFICATE").encode())
        p = ossl("verify", "-check_ss_sig", "-CAfile", caf, caf, check=False)
        assert (p.returncode == 0) == (name.endswith("emptyid")), (name, p.stdout, p.stderr)
        assert EXPECT[r]["SignatureValid"] == (not name.endswith("emptyid"))
        C[name] = d
    return C, [("ecc-server-p256-pkcs8", srv_key, "the private key of cert/ecc-server-p256.pem")], \
        dict(ca_key=ca_key, ca_name=ca_name, ecca=ecca, srv=srv)


def gen_bad(S, C, ctx):
    base = S["rsa2048-sha256"][0]
    src = "csr/rsa2048-sha256.pem"
    put_bad("empty", "bin", b"", "empty", "zero-byte file", "python")
    r = bytearray(os.urandom(64))
    r[0] = 0x80 | (r[0] & 0x7F) if r[0] != 0x80 else 0x81  # not '-', not whitespace, not SEQUENCE
    put_bad("random-64", "bin", bytes(r), "der", "64 random bytes: neither PEM nor DER", "python os.urandom(64)")
    rr = bytearray(os.urandom(300))
    rr[0] = 0x04
    put_bad("random-in-csr-armour", "pem", pem(bytes(rr), "CERTIFICATE REQUEST"), "der",
            "valid PEM armour and base64 around 300 random bytes", "python os.urandom(300) in PEM")
    for nm, n in [("1", 1), ("10", 10), ("half", len(base) // 2), ("len-minus-1", len(base) - 1)]:
        put_bad(f"csr-truncated-{nm}", "der", base[:n], "der", f"DER of {src} cut to {n} of {len(base)} bytes",
                f"python: first {n} bytes of {src[:-4]}-der.der")
    strict = pem(base, "CERTIFICATE REQUEST")
    lines = strict.split("\n")
    bad64 = lines[:]
    bad64[3] = bad64[3][:10] + "!!**" + bad64[3][14:]
    put_bad("bad-base64", "pem", "\n".join(bad64), "pem", "characters outside the base64 alphabet in the body",
            f"python: {src} with '!!**' written into line 4")
    put_bad("missing-end-line", "pem", "\n".join(lines[:-2]) + "\n", "pem", "no -----END line",
            f"python: {src} without its END line")
    put_bad("mismatched-end-label", "pem", strict.replace("-----END CERTIFICATE REQUEST-----",
                                                          "-----END CERTIFICATE-----"), "pem",
            "BEGIN CERTIFICATE REQUEST closed by END CERTIFICATE", f"python: {src} with the END label changed")
    body = lines[1:-2]
    trunc_body = body[:-3] + body[-1:]
    assert all(len(l) == 64 for l in body[-3:-1])
    put_bad("pem-body-lines-removed", "pem", "\n".join([lines[0], *trunc_body, lines[-2]]) + "\n", "der",
            "two whole 64-column base64 lines removed: the base64 is fine, the DER inside is not",
            f"python: {src} without its 2nd- and 3rd-last body lines")

    # wrong kinds of object
    k = rsa.generate_private_key(65537, 2048)
    put_bad("private-key-pkcs8", "pem", key_pem_bytes(k, serialization.PrivateFormat.PKCS8), "wrong_kind",
            "PRIVATE KEY PEM where a CSR or certificate is expected", "python cryptography private_bytes(PEM, PKCS8)")
    put_bad("private-key-pkcs1-rsa", "pem", key_pem_bytes(k, serialization.PrivateFormat.TraditionalOpenSSL),
            "wrong_kind", "RSA PRIVATE KEY PEM where a CSR or certificate is expected",
            "python cryptography private_bytes(PEM, TraditionalOpenSSL)")
    ke = ec.generate_private_key(ec.SECP256R1())
    put_bad("private-key-sec1-ec", "pem", key_pem_bytes(ke, serialization.PrivateFormat.TraditionalOpenSSL),
            "wrong_kind", "EC PRIVATE KEY PEM where a CSR or certificate is expected",
            "python cryptography private_bytes(PEM, TraditionalOpenSSL)")
    put_bad("public-key", "pem", k.public_key().public_bytes(serialization.Encoding.PEM,
                                                              serialization.PublicFormat.SubjectPublicKeyInfo),
            "wrong_kind", "PUBLIC KEY PEM", "python cryptography public_bytes(PEM, SubjectPublicKeyInfo)")
    cf = wfile("p7.cert.pem", pem(C["rsa-selfsigned-server"], "CERTIFICATE").encode())
    p7 = ossl("crl2pkcs7", "-nocrl", "-certfile", cf).stdout
    assert p7.startswith(b"-----BEGIN PKCS7-----")
    put_bad("pkcs7", "pem", p7, "wrong_kind", "PKCS7 PEM (a certs-only SignedData holding a certificate)",
            "openssl crl2pkcs7 -nocrl -certfile rsa-selfsigned-server.pem")
    nb = now_s()
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ctx["ca_name"]).last_update(nb)
           .next_update(nb + dt.timedelta(days=7))
           .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(12345).revocation_date(nb).build())
           .sign(ctx["ca_key"], hashes.SHA384()))
    put_bad("x509-crl", "pem", crl.public_bytes(serialization.Encoding.PEM), "wrong_kind", "X509 CRL PEM",
            "python cryptography CertificateRevocationListBuilder, signed by the ecc-ca-p384 key")

    # DER structure
    put_bad("length-4gb", "der", b"\x30\x84\xff\xff\xff\xff" + b"\x02\x01\x00" * 3, "der",
            "SEQUENCE header claiming 4294967295 bytes, 9 bytes present", "python")
    inner = b"\x30\x00"
    for _ in range(9999):
        inner = tlv(0x30, inner)
    put_bad("deep-nesting-10000", "der", inner, "der",
            "10000 nested SEQUENCEs with consistent definite lengths: not a CSR; must not overflow the stack",
            "python")
    put_bad("outer-length-past-end", "der", base[:2] + (int.from_bytes(base[2:4], "big") + 100).to_bytes(2, "big")
            + base[4:], "der", "outer SEQUENCE length 100 bytes more than the file holds", f"python: {src} edited")
    hdr = parse_tlv(base)
    assert base[1] == 0x82
    put_bad("csr-trailing-garbage", "der", base + b"\xde\xad\xbe\xef", "der",
            "4 bytes after the CSR's outer SEQUENCE (decided: trailing data is an error, as in strict DER readers)",
            f"python: DER of {src} + de ad be ef")
    put_bad("csr-indefinite-length", "der", b"\x30\x80" + content(base, hdr) + b"\x00\x00", "der",
            "outer SEQUENCE with BER indefinite length (30 80 .. 00 00): not DER", f"python: {src} re-framed")
    put_bad("csr-nonminimal-length", "der", b"\x30\x83\x00" + base[2:], "der",
            "outer length in 3 bytes with a leading 00 (30 83 00 hh ll): non-minimal, not DER",
            f"python: {src} re-framed", Uncertain="a lenient BER reader would accept this; strict DER rejects it")

    # hand-made CSR with an unknown public-key algorithm OID
    tree = Node.parse(base)
    spki_n = tree.children[0].children[2]
    spki_n.children[0].children[0] = Node(0x06, body=oid_encode("1.2.3.4.5")[2:])
    d = tree.encode()
    assert oid_encode("1.2.3.4.5") in d
    put_bad("csr-unknown-key-oid", "der", d, "unsupported_algorithm",
            "CSR whose SPKI algorithm is 1.2.3.4.5 (rest of the RSA CSR intact; signature no longer matters)",
            f"python: {src}, key algorithm OID rewritten, lengths recomputed", oid="1.2.3.4.5")
    put_bad("csr-unknown-key-oid-pem", "pem", pem(d, "CERTIFICATE REQUEST"), "unsupported_algorithm",
            "PEM form of csr-unknown-key-oid.der", "python", oid="1.2.3.4.5")

    # unsupported algorithms, made by openssl
    for name, spec, oid, extra in [("ed25519-csr", "ed25519", "1.3.101.112", []),
                                   ("ed448-csr", "ed448", "1.3.101.113", []),
                                   ("dsa-csr", "dsa:2048", "1.2.840.10040.4.1", ["-sha256"])]:
        der, _, maker = openssl_csr(name, spec, digest=extra)
        put_bad(name, "pem", pem(der, "CERTIFICATE REQUEST"), "unsupported_algorithm",
                f"{spec.split(':')[0].upper()} public key", maker, oid=oid)
    der, _, maker = openssl_csr("secp256k1-csr", "ec:secp256k1", digest=["-sha256"])
    put_bad("secp256k1-csr", "pem", pem(der, "CERTIFICATE REQUEST"), "unsupported_algorithm",
            "id-ecPublicKey on secp256k1 (1.3.132.0.10), a curve csrkit does not support", maker,
            oid="1.3.132.0.10",
            Uncertain="the key algorithm OID is id-ecPublicKey 1.2.840.10045.2.1; the unsupported part is the "
                      "curve 1.3.132.0.10: expected the message to name the curve OID (either OID would be "
                      "defensible)")
    xk = x25519.X25519PrivateKey.generate()
    xspki = xk.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    cri_b = tlv(0x30, der_uint(0) + crypto_name([(NameOID.COMMON_NAME, "x25519.example.com")]).public_bytes()
                + xspki + tlv(0xA0, b""))
    d = tlv(0x30, cri_b + tlv(0x30, oid_encode("1.3.101.112")) + tlv(0x03, b"\x00" + os.urandom(64)))
    put_bad("x25519-csr", "der", d, "unsupported_algorithm",
            "hand-built CSR with an X25519 SPKI (X25519 cannot sign; the signature is 64 random bytes)",
            "python: X25519 SPKI from cryptography + hand-built DER", oid="1.3.101.110")
    ek = ed25519.Ed25519PrivateKey.generate()
    en = crypto_name([(NameOID.COMMON_NAME, "ed25519.example.com")])
    ec_der = crypto_cert(subject=en, issuer=en, pubkey=ek.public_key(), sign_key=ek, h=None,
                         serial=x509.random_serial_number())
    put_bad("ed25519-cert", "pem", pem(ec_der, "CERTIFICATE"), "unsupported_algorithm",
            "self-signed Ed25519 certificate", "python cryptography CertificateBuilder", oid="1.3.101.112")

    # RSA modulus over 16384 bits
    n = int.from_bytes(os.urandom(2049), "big") | (1 << 16391) | 1
    assert n.bit_length() == 16392
    spki = tlv(0x30, tlv(0x30, oid_encode(OID_RSA) + b"\x05\x00")
               + tlv(0x03, b"\x00" + tlv(0x30, der_uint(n) + der_uint(65537))))
    cri_b = tlv(0x30, der_uint(0) + crypto_name([(NameOID.COMMON_NAME, "huge-rsa.example.com")]).public_bytes()
                + spki + tlv(0xA0, b""))
    d = tlv(0x30, cri_b + tlv(0x30, oid_encode("1.2.840.113549.1.1.11") + b"\x05\x00")
            + tlv(0x03, b"\x00" + os.urandom(2049)))
    put_bad("rsa-16392-csr", "der", d, "key_too_large",
            "hand-built CSR: RSA modulus of 16392 bits (odd, top bit set, random: no private key), e=65537, "
            "random signature", "python: hand-built DER")
    put_bad("rsa-16392-csr-pem", "pem", pem(d, "CERTIFICATE REQUEST"), "key_too_large",
            "PEM form of rsa-16392-csr.der", "python")

    # A negative serial is read (OpenSSL and cryptography both read it): its vector is
    # vectors/hostile/cert-negative-serial.der, made by make_hostile.py.

    # invalid UTF-8 in a UTF8String of the subject
    u = S["utf8-subject"][0]
    cri = kids(u, parse_tlv(u))[0]
    target = None
    for rdn in kids(u, kids(u, cri)[1]):
        for atv in kids(u, rdn):
            oo, vv = kids(u, atv)
            if oid_decode(content(u, oo)) == "2.5.4.10":
                target = vv
    assert target[0] == 0x0C
    t = bytearray(u)
    t[target[2]] = 0xFF
    try:
        x509.load_der_x509_csr(bytes(t)).subject.rfc4514_string()
        c_says = "reads it"
    except Exception as e:  # noqa: BLE001
        c_says = f"rejects it ({type(e).__name__})"
    put_bad("csr-bad-utf8-subject", "der", bytes(t), "der",
            "the O value's UTF8String has its first byte replaced by 0xFF (invalid UTF-8), lengths intact",
            "python: csr/utf8-subject.pem edited", Note=f"python cryptography 48 {c_says}")

    put_bad("too-large-1MiB-plus-1", "bin", b"\x00" * (1024 * 1024 + 1), "too_large",
            "1 MiB + 1 zero bytes: over the input size limit (git compresses it to almost nothing)", "python")


# --------------------------------------------------------------------------
# realworld/: artifacts that other projects made and published, copied verbatim
# --------------------------------------------------------------------------

MOZILLA_DIR = Path("/usr/share/ca-certificates/mozilla")

# (NAME, path inside the cryptography_vectors package, issuer NAME or None, note or None)
PYCA_PICKS = [
    # CSRs (x509/requests/)
    ("pyca-csr-rsa2048-sha256", "x509/requests/rsa_sha256.pem", None,
     "RSA-2048, sha256WithRSAEncryption, PEM; C ST L O CN"),
    ("pyca-csr-rsa2048-sha256-der", "x509/requests/rsa_sha256.der", None,
     "DER form of x509/requests/rsa_sha256.pem (same request)"),
    ("pyca-csr-rsa2048-sha1", "x509/requests/rsa_sha1.pem", None,
     "sha1WithRSAEncryption: not checked (SignatureValid null)"),
    ("pyca-csr-p384-sha256", "x509/requests/ec_sha256.pem", None,
     "P-384 key signed with ecdsa-with-SHA256; subject in the order CN, O, C, ST, L"),
    ("pyca-csr-p384-sha256-new-header", "x509/requests/ec_sha256_old_header.pem", None,
     "the same request as x509/requests/ec_sha256.pem under the legacy label NEW CERTIFICATE REQUEST"),
    ("pyca-csr-san-rsa2048-sha1", "x509/requests/san_rsa_sha1.pem", None,
     "extension request with a subjectAltName (two DNS names); SHA-1: not checked"),
    ("pyca-csr-basic-constraints", "x509/requests/basic_constraints.pem", None,
     "extension request with basicConstraints CA:TRUE, pathlen:1 (critical) and no SAN; SHA-1: not checked"),
    ("pyca-csr-challenge-password", "x509/requests/challenge.pem", None,
     "a challengePassword attribute next to the extension request"),
    ("pyca-csr-rsa1024-invalid-signature", "x509/requests/invalid_signature.pem", None,
     "RSA-1024 (the lower bound) with a signature that does not verify: SignatureValid false"),
    # certificates
    ("pyca-cert-cryptography-io", "x509/cryptography.io.pem", "pyca-cert-rapidssl-sha256-ca-g3",
     "real 2014 leaf of cryptography.io, RSA-4096, three OUs, no C/O; issued by the RapidSSL CA next to it"),
    ("pyca-cert-rapidssl-sha256-ca-g3", "x509/rapidssl_sha256_ca_g3.pem", None,
     "real intermediate CA; its issuer (GeoTrust Global CA) is not in the corpus: SignatureValid null"),
    ("pyca-cert-tls-feature-ocsp-staple", "x509/tls-feature-ocsp-staple.pem", "pyca-cert-letsencrypt-x3",
     "real Let's Encrypt leaf with 8 DNS SANs (one xn-- IDN), TLS feature extension"),
    ("pyca-cert-letsencrypt-x3", "x509/letsencryptx3.pem", None,
     "real Let's Encrypt Authority X3 intermediate; its issuer (DST Root CA X3) is not in the corpus"),
    ("pyca-cert-digicert-global-root-g3", "x509/ecdsa_root.pem", None,
     "real DigiCert Global Root G3: P-384, ecdsa-with-SHA384, self-signed"),
    ("pyca-cert-custom-ca-p256", "x509/custom/ca/ca.pem", None,
     "pyca's test CA: P-256, ecdsa-with-SHA256, self-signed"),
    ("pyca-cert-custom-ca-rsa4096", "x509/custom/ca/rsa_ca.pem", None,
     "pyca's RSA test CA: RSA-4096, sha256WithRSAEncryption, self-signed"),
    ("pyca-cert-eku-clientauth-critical", "x509/custom/ekucrit-testuser-cert.pem", None,
     "EKU clientAuth (critical) only: CLIENT; two urn: URI SANs"),
    ("pyca-cert-san-many-kinds", "x509/custom/san_email_dns_ip_dirname_uri.pem", None,
     "SAN with email, DNS, IPv4, IPv6 (ff::), a directoryName and a URI"),
    ("pyca-cert-all-supported-names", "x509/custom/all_supported_names.pem", None,
     "every attribute type twice: flat fields join two values with ',' (O values themselves hold a comma)"),
    ("pyca-cert-utf8-common-name", "x509/custom/utf8_common_name.pem", None,
     "UTF8String CN with a non-ASCII character (U+2122)"),
    ("pyca-cert-pkits-trust-anchor", "x509/PKITS_data/certs/TrustAnchorRootCertificate.crt", None,
     "NIST PKITS (2011) trust anchor, DER, self-signed"),
    ("pyca-cert-pkits-good-ca", "x509/PKITS_data/certs/GoodCACert.crt", "pyca-cert-pkits-trust-anchor",
     "NIST PKITS intermediate, DER, issued by the trust anchor"),
    ("pyca-cert-pkits-bad-signed-ca", "x509/PKITS_data/certs/BadSignedCACert.crt", "pyca-cert-pkits-trust-anchor",
     "NIST PKITS intermediate whose signature is broken: SignatureValid false with the right issuer"),
    ("pyca-cert-pkits-mandatory-attribute-types", "x509/PKITS_data/certs/RFC3280MandatoryAttributeTypesCACert.crt",
     "pyca-cert-pkits-trust-anchor", "NIST PKITS: subject with DC, DC, ST, serialNumber and dnQualifier"),
]

# (NAME, path inside the package, public-key OID, why)
PYCA_BAD = [
    ("pyca-bad-dsa-csr", "x509/requests/dsa_sha1.pem", "1.2.840.10040.4.1", "DSA public key (dsa-with-SHA1 CSR)"),
    ("pyca-bad-ed25519-root", "x509/ed25519/root-ed25519.pem", "1.3.101.112", "self-signed Ed25519 certificate"),
    ("pyca-bad-ed448-server", "x509/ed448/server-ed448-cert.pem", "1.3.101.113", "Ed448 leaf certificate"),
    ("pyca-bad-gost-e-trust-ru", "x509/e-trust.ru.der", "1.2.643.2.2.19",
     "real Russian certificate with a GOST R 34.10-2001 public key, DER"),
]

# (NAME, file under /usr/share/ca-certificates/mozilla/, note)
MOZILLA_PICKS = [
    ("mozilla-netlock-arany-class-gold", "NetLock_Arany_=Class_Gold=_Főtanúsítvány.crt",
     "Hungarian root: non-ASCII UTF8String OU and CN; RSA-2048, SHA-256"),
    ("mozilla-globalsign-root-ca", "GlobalSign_Root_CA.crt", "RSA-2048, SHA-1 self-signature: not checked"),
    ("mozilla-entrust-premium-2048", "Entrust.net_Premium_2048_Secure_Server_CA.crt",
     "TeletexString OU (read as Latin-1); RSA-2048, SHA-1: not checked"),
    ("mozilla-epki-root", "ePKI_Root_Certification_Authority.crt",
     "Taiwanese root without a CN (CommonName null); RSA-4096, SHA-1: not checked"),
    ("mozilla-isrg-root-x1", "ISRG_Root_X1.crt", "RSA-4096, SHA-256"),
    ("mozilla-usertrust-rsa", "USERTrust_RSA_Certification_Authority.crt", "RSA-4096, SHA-384; C ST L O CN"),
    ("mozilla-certum-trusted-root-ca", "Certum_Trusted_Root_CA.crt", "RSA-4096, SHA-512"),
    ("mozilla-amazon-root-ca-3", "Amazon_Root_CA_3.crt", "P-256, ecdsa-with-SHA256"),
    ("mozilla-isrg-root-x2", "ISRG_Root_X2.crt", "P-384, ecdsa-with-SHA384"),
    ("mozilla-e-szigno-root-ca-2017", "e-Szigno_Root_CA_2017.crt",
     "Hungarian P-256 root with an organizationIdentifier (2.5.4.97) in the subject"),
    ("mozilla-microsec-e-szigno-root-ca-2009", "Microsec_e-Szigno_Root_CA_2009.crt",
     "emailAddress (IA5String) in the subject; RSA-2048, SHA-256"),
]

PIP_VECTORS = "pip install cryptography_vectors=={v}"


def realworld_sources() -> dict:
    """Where realworld/ copies from. Checked before anything is wiped: a missing source stops the
    run with the command that installs it."""
    try:
        import cryptography_vectors
    except ImportError:
        sys.exit("make_vectors.py: realworld/ needs pyca's test data, the PyPI package cryptography_vectors, "
                 "at the version of the installed cryptography. Run:\n    "
                 + PIP_VECTORS.format(v=cryptography.__version__))
    if cryptography_vectors.__version__ != cryptography.__version__:
        sys.exit(f"make_vectors.py: cryptography_vectors {cryptography_vectors.__version__} does not match "
                 f"cryptography {cryptography.__version__}. Run:\n    "
                 + PIP_VECTORS.format(v=cryptography.__version__))
    base = Path(cryptography_vectors.__file__).resolve().parent
    p = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "ca-certificates"], capture_output=True, text=True)
    if p.returncode != 0 or not p.stdout or not MOZILLA_DIR.is_dir():
        sys.exit("make_vectors.py: realworld/ needs Debian's ca-certificates package "
                 f"({MOZILLA_DIR}). Run:\n    apt-get install ca-certificates")
    missing = [str(base / r) for _, r, *_ in PYCA_PICKS + PYCA_BAD if not (base / r).is_file()]
    missing += [str(MOZILLA_DIR / f) for _, f, _ in MOZILLA_PICKS if not (MOZILLA_DIR / f).is_file()]
    if missing:
        sys.exit("make_vectors.py: realworld/ sources missing (another package version?):\n    "
                 + "\n    ".join(missing))
    return {"pyca_base": base, "pyca_version": cryptography_vectors.__version__, "debian_version": p.stdout}


def der_strict(buf: bytes, node=None):
    """Minimal definite lengths all the way down the constructed encodings; BOOLEANs 00/FF;
    nothing after the outer element. (parse_tlv already refuses indefinite lengths.)"""
    top = node is None
    node = node or parse_tlv(buf, 0)
    if top:
        assert node[3] == len(buf), "data after the outer element"
    hdr = buf[node[1] + 1:node[2]]
    n = node[3] - node[2]
    if n < 0x80:
        assert len(hdr) == 1, f"long-form length {n} at {node[1]}"
    else:
        assert hdr[0] == 0x80 | (len(hdr) - 1) and hdr[1] != 0, f"non-minimal length at {node[1]}"
    if node[0] == 0x01:
        assert n == 1 and buf[node[2]] in (0x00, 0xFF), f"BOOLEAN at {node[1]}"
    if node[0] & 0x20:
        for k in kids(buf, node):
            der_strict(buf, k)


def rw_read(data: bytes, labels: tuple[str, ...]) -> tuple[bytes, str | None]:
    """DER of a verbatim source file (PEM with exactly one block, or DER) and a note on any text
    around the PEM block."""
    blocks = re.findall(rb"-----BEGIN ([A-Z0-9 ]+)-----", data)
    if not blocks:
        return data, None
    assert len(blocks) == 1 and blocks[0].decode() in labels, blocks
    text = data.decode("ascii")
    der = unpem(text)
    around = text[:text.index("-----BEGIN")].strip() + re.sub(r"(?s).*-----END [A-Z0-9 ]+-----", "", text).strip()
    return der, ("text around the PEM block" if around else None)


def rw_load(der: bytes, kind: str, file: str):
    """cryptography reads the DER without a warning (strict DER: no negative serial, no NULL
    parameters where none belong, valid strings ...)."""
    der_strict(der)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        obj = x509.load_der_x509_csr(der) if kind == "csr" else x509.load_der_x509_certificate(der)
        if kind == "cert":
            obj.subject, obj.issuer, obj.extensions, obj.serial_number  # noqa: B018 (parse them all)
        else:
            obj.subject, obj.extensions  # noqa: B018
    assert not caught, (file, [str(w.message) for w in caught])
    return obj


def rw_signature_note(der: bytes, exp: dict, issuer_der: bytes | None) -> str | None:
    """A second opinion on the signature. Checked algorithms: cryptography's
    verify_directly_issued_by must agree with SignatureValid. Unchecked ones (SHA-1, ...):
    what cryptography and `openssl verify -check_ss_sig` say, for the Note."""
    if issuer_der is None:
        return None
    cert, ca = x509.load_der_x509_certificate(der), x509.load_der_x509_certificate(issuer_der)
    try:
        cert.verify_directly_issued_by(ca)
        c_says = True
    except InvalidSignature:
        c_says = False
    except ValueError as e:  # e.g. "Unsupported signature algorithm" (SHA-1 in cryptography >= 4x)
        c_says = f"cannot check ({e})"
    if exp["SignatureValid"] is not None:
        assert c_says == exp["SignatureValid"], (exp["File"], c_says)
        return None
    caf = wfile("rw.ca.pem", pem(issuer_der, "CERTIFICATE").encode())
    leaf = wfile("rw.leaf.pem", pem(der, "CERTIFICATE").encode())
    p = ossl("verify", "-check_ss_sig", "-no_check_time", "-partial_chain", "-CAfile", caf, leaf, check=False)
    o_says = "OK" if p.returncode == 0 else \
        (p.stdout + p.stderr).decode().strip().splitlines()[-1].replace(str(WORK) + "/", "")
    return (f"{exp['SignAlgorithm']} is not checked (SignatureValid null); for the record, cryptography "
            f"verify_directly_issued_by says {c_says if isinstance(c_says, str) else ('valid' if c_says else 'invalid')}, "
            f"`openssl verify -check_ss_sig` says {o_says}")


def rw_notes(rel: str, note: str | None, around: str | None) -> dict:
    """Note / Uncertain keys for a realworld CSR or certificate, from what the checks found."""
    parts = [note] if note else []
    extra = {}
    if around:
        parts.append(around)
    diffs = sorted(DN_NAME_DIFFS.get(rel, ()))
    if diffs:
        parts.append("DN attribute names: " + "; ".join(
            f"{o} is '{ours}' here (csrkit's short-name list), OpenSSL's sname prints '{theirs}'"
            for o, theirs, ours in diffs))
    if rel in SKIPPED_SANS:
        kinds = ", ".join(type(g).__name__ for g in SKIPPED_SANS[rel])
        parts.append(f"SAN entries of kinds outside the four csrkit reports (Types 1, 2, 6, 7) ({kinds}) are left out of Sans/SanEntries")
        extra["Uncertain"] = ("csrkit reports SAN Types 1, 2, 6, 7 only (the kinds of the APIs' Sans); the expectation is that other "
                              "GeneralName kinds are skipped (not reported, not an error)")
    if parts:
        extra = {"Note": "; ".join(parts), **extra}
    return extra


def gen_realworld(src: dict):
    base, ver = src["pyca_base"], src["pyca_version"]
    done: dict[str, tuple] = {}  # NAME -> (file, DER), for issuers

    def pyca_source(path):
        return {"Project": "pyca/cryptography", "Package": "cryptography_vectors", "Version": ver,
                "Path": f"cryptography_vectors/{path}"}

    def one(name, data, kind, source, maker, issuer, note):
        der, around = rw_read(data, ("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST") if kind == "csr"
                              else ("CERTIFICATE",))
        ext = "pem" if der != data else "der"
        rel = f"realworld/{name}.{ext}"
        rw_load(der, kind, rel)
        if kind == "csr":
            exp = csr_expected(der, rel, maker, realworld=True)
        else:
            if issuer:
                assert issuer in done, (rel, issuer)  # issuers come first in PYCA_PICKS
            iss = done[issuer] if issuer else None
            if iss:
                assert (ROOT / iss[0]).exists(), iss
            exp = cert_expected(der, rel, maker, issuer=iss, realworld=True)
            judge = iss[1] if iss else (der if exp["SubjectDN"] == exp["IssuerDN"] else None)
            sig_note = rw_signature_note(der, exp, judge)
            note = "; ".join(x for x in (note, sig_note) if x) or None
        exp.update({"Source": source, **rw_notes(rel, note, around)})
        EXPECT[rel] = put(rel, data, exp)
        done[name] = (rel, der)

    issuers = {i for _, _, i, _ in PYCA_PICKS if i}
    # issuers first, so that a leaf's expected values can be computed against its issuer
    for name, path, issuer, note in sorted(PYCA_PICKS, key=lambda p: p[0] not in issuers):
        kind = "csr" if path.startswith("x509/requests/") else "cert"
        one(name, (base / path).read_bytes(), kind, pyca_source(path),
            f"copied verbatim from the PyPI package cryptography_vectors {ver} (pyca/cryptography's test data): "
            f"cryptography_vectors/{path}", issuer, note)

    for name, path, oid, why in PYCA_BAD:
        data = (base / path).read_bytes()
        kind = "csr" if path.startswith("x509/requests/") else "cert"
        der, _ = rw_read(data, ("CERTIFICATE REQUEST", "CERTIFICATE"))
        rel = f"realworld/{name}.{'pem' if der != data else 'der'}"
        obj = rw_load(der, kind, rel)  # a well-formed CSR/certificate: the key type is its only fault
        t = kids(der, kids(der, parse_tlv(der))[0])
        spki_node = t[2] if kind == "csr" else cert_tbs_fields(der)[5]
        spki = raw(der, spki_node)
        alg = kids(spki, kids(spki, parse_tlv(spki))[0])
        assert oid_decode(content(spki, alg[0])) == oid, (rel, oid_decode(content(spki, alg[0])))
        if kind == "cert":
            assert obj.public_key_algorithm_oid.dotted_string == oid, rel
        try:
            key_info(spki)
            raise AssertionError(f"{rel}: key is supported")
        except ValueError:
            pass
        osl = ossl("req" if kind == "csr" else "x509", "-inform", "DER", "-noout", "-text", input=der,
                   check=False).stdout.decode(errors="replace")
        m = re.search(r"Public Key Algorithm: (\S+)", osl)
        put(rel, data, {"Expect": "error", "ErrorKind": "unsupported_algorithm", "Oid": oid,
                        "Why": why + f" (OpenSSL: 'Public Key Algorithm: {m.group(1) if m else '?'}')",
                        "Maker": f"copied verbatim from the PyPI package cryptography_vectors {ver} "
                                 f"(pyca/cryptography's test data): cryptography_vectors/{path}",
                        "Source": pyca_source(path)})

    for name, fname, note in MOZILLA_PICKS:
        path = MOZILLA_DIR / fname
        one(name, path.read_bytes(), "cert",
            {"Project": "Mozilla CA store via Debian ca-certificates", "Package": "ca-certificates",
             "Version": src["debian_version"], "Path": str(path)},
            f"copied verbatim from Debian's ca-certificates {src['debian_version']}: {path}", None, note)



def main():
    global WORK
    rw_src = realworld_sources()  # before anything is wiped: fails with the install command
    # realworld/ also holds the files of vectors/make_realworld_peers.py: keep them and their
    # manifest entries, delete only the realworld/ files made here
    own = {name for name, *_ in PYCA_PICKS + PYCA_BAD + MOZILLA_PICKS}
    old = json.loads((ROOT / "manifest.json").read_text("utf-8")) if (ROOT / "manifest.json").exists() else {}
    for d in SUBDIRS:
        if d == "realworld" and (ROOT / d).is_dir():
            for f in (ROOT / d).iterdir():
                if f.stem in own:
                    f.unlink()
            continue
        shutil.rmtree(ROOT / d, ignore_errors=True)
        (ROOT / d).mkdir()
    (ROOT / "manifest.json").unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="csrkit-vectors-") as tmp:
        WORK = Path(tmp)
        S = gen_csrs()
        C, extra_keys, ctx = gen_certs()
        entries = gen_keys(S)
        write_keys(entries, extra_keys)
        gen_bad(S, C, ctx)
        gen_realworld(rw_src)
    MANIFEST.extend(m for m in old.get("Files", []) if m["File"].startswith("realworld/")
                    and Path(m["File"]).stem not in own and (ROOT / m["File"]).exists())
    counts = {d: sum(1 for m in MANIFEST if m["File"].startswith(d + "/")) for d in SUBDIRS}
    manifest = {
        "Generator": "vectors/make_vectors.py",
        "GeneratedAt": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "Tools": {
            "python": platform.python_version(),
            "cryptography": cryptography.__version__,
            "openssl": subprocess.run([OPENSSL, "version"], capture_output=True, text=True).stdout.strip(),
            "openssl_built": subprocess.run([OPENSSL, "version", "-b"], capture_output=True, text=True).stdout.strip(),
        },
        "RealworldSources": {
            "cryptography_vectors": rw_src["pyca_version"],
            "ca-certificates (Debian)": rw_src["debian_version"],
        },
        "Sm2DistinguishingId": DISTID,
        "Counts": counts,
        "Files": MANIFEST,
    }
    if "RealworldPeers" in old:
        manifest["RealworldPeers"] = old["RealworldPeers"]
    (ROOT / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
