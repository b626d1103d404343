#!/usr/bin/env python3
"""A peer of csrkit's property tests: Python `cryptography` (and, for SM2 signatures, GmSSL's
code as PyPI's `gmssl-pyx` bundles it) reads every CSR in a folder and prints what it finds.

    read_csrs.py DIR  ->  JSON on stdout: {"FILE.der": {"Subject": [[name, value], ...],
                           "Sans": [[type, value], ...], "SignatureValid": bool}, ...}

Subject attributes are in encoding order (RDN by RDN), named as RFC 4514 names them
(`C`, `ST`, `L`, `O`, `OU`, `CN`; the dotted OID for others). SAN types are the API's codes:
1 email, 2 DNS, 6 URI, 7 IP. An SM2 CSR (its signature algorithm 1.2.156.10197.1.501) is
verified by GmSSL with the distinguishing ID 1234567812345678, the public point taken from
the SubjectPublicKeyInfo; every other by cryptography's `is_signature_valid`.
"""
import json
import os
import sys

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

SM2_WITH_SM3 = "1.2.156.10197.1.501"
SM2_ID = b"1234567812345678"


def sm2_point(tbs: bytes) -> bytes:
    """The 64-byte x||y of the SPKI: the BIT STRING 03 42 00 04 x y. Subject values hold no
    NUL (csrkit refuses control characters), so its first occurrence is the SPKI's."""
    i = tbs.find(b"\x03\x42\x00\x04")
    if i < 0:
        raise ValueError("no uncompressed 256-bit point in the TBS")
    return tbs[i + 4 : i + 4 + 64]


def main() -> int:
    folder = sys.argv[1]
    out = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".der"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            csr = x509.load_der_x509_csr(f.read())
        subject = [
            [a.rfc4514_attribute_name, a.value] for rdn in csr.subject.rdns for a in rdn
        ]
        sans = []
        try:
            ext = csr.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
            for g in ext.value:
                if isinstance(g, x509.RFC822Name):
                    sans.append([1, g.value])
                elif isinstance(g, x509.DNSName):
                    sans.append([2, g.value])
                elif isinstance(g, x509.UniformResourceIdentifier):
                    sans.append([6, g.value])
                elif isinstance(g, x509.IPAddress):
                    sans.append([7, str(g.value)])
                else:
                    sans.append([0, repr(g)])
        except x509.ExtensionNotFound:
            pass
        if csr.signature_algorithm_oid.dotted_string == SM2_WITH_SM3:
            import gmssl_pyx

            tbs = csr.tbs_certrequest_bytes
            valid = bool(gmssl_pyx.sm2_verify(sm2_point(tbs), tbs, csr.signature, SM2_ID))
        else:
            valid = csr.is_signature_valid
        out[name] = {"Subject": subject, "Sans": sans, "SignatureValid": valid}
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
