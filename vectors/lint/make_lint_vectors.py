#!/usr/bin/env python3
"""Certificates and CSRs for `csrkit lint`, each made to break one rule, and compliant ones.

    python3 vectors/lint/make_lint_vectors.py

Writes vectors/lint/cert/*.pem, vectors/lint/csr/*.pem and vectors/lint/expected.json
(deleting the old ones first). `expected.json` says, for every file, the rule id it was
made to break (by construction: the value put in it), or null for a compliant one; and for
the Boulder CSRs, the error message Boulder's csr/csr.go or goodkey gives for it. Keys are
random, so the bytes change on every run; names and intents stay.

Tools: Python 3.11, cryptography 48.0.0, the openssl 3.0 CLI (for the v1 certificate), and
for the pyca long-form-attribute CSR the PyPI package cryptography_vectors 48.0.0.

All certificates are issued by a throwaway CA ("csrkit lint throwaway CA", P-256, or RSA
for the RSA-PSS and SHA-1 signatures) made here; a compliant certificate carries what BR
7.1.2.7 asks of a DV subscriber certificate: SAN, EKU serverAuth, keyUsage, basicConstraints
cA=FALSE (critical), AIA (OCSP and caIssuers), certificate policies 2.23.140.1.2.1, CRL
distribution point, AKI; notBefore 2026-04-01, 90 days.
"""

import datetime
import ipaddress
import json
import os
import random
import shutil
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.name import _ASN1Type
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, AuthorityInformationAccessOID

HERE = os.path.dirname(os.path.abspath(__file__))
CERT_DIR = os.path.join(HERE, "cert")
CSR_DIR = os.path.join(HERE, "csr")
NB = datetime.datetime(2026, 4, 1, tzinfo=datetime.timezone.utc)

expected = {}

# ---------------------------------------------------------------- keys


def is_probable_prime(n, rounds=24):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = random.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def random_prime(bits):
    while True:
        c = random.getrandbits(bits) | (1 << (bits - 1)) | 1
        if is_probable_prime(c):
            return c


def next_prime(n):
    n |= 1
    while not is_probable_prime(n):
        n += 2
    return n


def rsa_key_from_primes(p, q, e=65537):
    """A private key of the primes p and q (cryptography checks the numbers)."""
    n = p * q
    phi = (p - 1) * (q - 1)
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p=p, q=q, d=d,
        dmp1=d % (p - 1), dmq1=d % (q - 1), iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(e, n),
    )
    return numbers.private_key(unsafe_skip_rsa_key_validation=True)


def fermat_key():
    """Primes 2^20 apart at most: Fermat's method factors n in its first round."""
    p = random_prime(1024)
    q = next_prime(p + random.randrange(2, 1 << 20))
    return rsa_key_from_primes(p, q)


ROCA_PRIMES = [3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73,
               79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167]


def roca_prime(bits):
    """A prime of RSALib's form k*M + (65537^a mod M) (Nemec et al., CCS 2017), M the
    product of 2 and the fingerprint's primes: modulo each of them it is a power of 65537."""
    m = 2
    for p in ROCA_PRIMES:
        m *= p
    while True:
        a = random.randrange(1, 1 << 30)
        k = random.getrandbits(bits - m.bit_length()) | (1 << (bits - m.bit_length() - 1))
        c = k * m + pow(65537, a, m)
        if c.bit_length() == bits and is_probable_prime(c):
            return c


def roca_key():
    return rsa_key_from_primes(roca_prime(1024), roca_prime(1024))


def small_factor_key():
    """n = 751 * q: a prime factor under 752."""
    q = random_prime(2048 - 9)
    while (751 * q).bit_length() != 2048:
        q = random_prime(2048 - 9)
    return rsa_key_from_primes(751, q)


def odd_size_key():
    """Two 1026-bit primes: a modulus of 2051 or 2052 bits, not a multiple of 8."""
    return rsa_key_from_primes(random_prime(1026), random_prime(1026))


def p256():
    return ec.generate_private_key(ec.SECP256R1())


def rsa_key(bits=2048, e=65537):
    return rsa.generate_private_key(public_exponent=e, key_size=bits)


# ---------------------------------------------------------------- names and extensions

CA_KEY = p256()
CA_RSA_KEY = rsa_key()
CA_NAME = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                     x509.NameAttribute(NameOID.ORGANIZATION_NAME, "csrkit lint"),
                     x509.NameAttribute(NameOID.COMMON_NAME, "csrkit lint throwaway CA")])


def cn(v):
    return x509.NameAttribute(NameOID.COMMON_NAME, v, _validate=False)


def attr(oid, v, t=None):
    if t is None:
        return x509.NameAttribute(oid, v, _validate=False)
    return x509.NameAttribute(oid, v, _type=t, _validate=False)


def dns(v):
    return x509.DNSName._init_without_validation(v)


def ku_for(key, **bits):
    base = dict(digital_signature=True, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False)
    if isinstance(key, rsa.RSAPrivateKey):
        base["key_encipherment"] = True
    base.update(bits)
    return x509.KeyUsage(**base)


AIA = x509.AuthorityInformationAccess([
    x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                           x509.UniformResourceIdentifier("http://ocsp.example.com")),
    x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                           x509.UniformResourceIdentifier("http://ca.example.com/ca.crt")),
])
AIA_NO_OCSP = x509.AuthorityInformationAccess([
    x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                           x509.UniformResourceIdentifier("http://ca.example.com/ca.crt")),
])
CP = x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier("2.23.140.1.2.1"), None)])
CRLDP = x509.CRLDistributionPoints([x509.DistributionPoint(
    [x509.UniformResourceIdentifier("http://crl.example.com/ca.crl")], None, None, None)])
MUST_STAPLE = x509.TLSFeature([x509.TLSFeatureType.status_request])


def standard_extensions(key, sans, eku=(ExtendedKeyUsageOID.SERVER_AUTH,), ku=None, aia=AIA,
                        cp=CP, crldp=CRLDP, bc=(False, True), extra=()):
    exts = []
    if sans is not None:
        exts.append((x509.SubjectAlternativeName(sans), False))
    if eku is not None:
        exts.append((x509.ExtendedKeyUsage(list(eku)), False))
    if ku is not False:
        exts.append((ku if ku is not None else ku_for(key), True))
    if bc is not None:
        exts.append((x509.BasicConstraints(bc[0], None), bc[1]))
    if aia is not None:
        exts.append((aia, False))
    if cp is not None:
        exts.append((cp, False))
    if crldp is not None:
        exts.append((crldp, False))
    exts.append((x509.AuthorityKeyIdentifier.from_issuer_public_key(CA_KEY.public_key()), False))
    exts.extend(extra)
    return exts


def write(folder, name, der_or_pem_bytes, breaks, **extra):
    path = os.path.join(folder, name + ".pem")
    with open(path, "wb") as f:
        f.write(der_or_pem_bytes)
    rel = os.path.relpath(path, HERE)
    expected[rel] = dict(breaks=breaks, **extra)


def cert(name, breaks, key=None, subject=None, sans=("www.example.com",), nb=NB, days=90,
         ca_key=None, hash_alg=None, rsa_padding=None, exts=None, profile="cabf", **kw):
    key = key or p256()
    if subject is None:
        subject = [cn(sans[0] if sans else "www.example.com")]
    san_names = None if sans is None else [
        x509.IPAddress(ipaddress.ip_address(s[3:])) if s.startswith("ip:")
        else x509.RFC822Name(s[6:]) if s.startswith("email:")
        else x509.UniformResourceIdentifier(s[4:]) if s.startswith("uri:")
        else dns(s)
        for s in sans]
    b = (x509.CertificateBuilder()
         .subject_name(x509.Name(subject)).issuer_name(CA_NAME)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(nb).not_valid_after(nb + datetime.timedelta(days=days)))
    for e, critical in (exts if exts is not None else standard_extensions(key, san_names, **kw)):
        b = b.add_extension(e, critical)
    ca = ca_key or CA_KEY
    if rsa_padding is not None:
        c = b.sign(ca, hash_alg or hashes.SHA256(), rsa_padding=rsa_padding)
    else:
        c = b.sign(ca, hash_alg or hashes.SHA256())
    write(CERT_DIR, name, c.public_bytes(serialization.Encoding.PEM), breaks, profile=profile)
    return c


def csr(name, breaks, key=None, subject=None, sans=("www.example.com",), exts=(),
        hash_alg=None, rsa_padding=None, attributes=(), boulder=None, edit=None, profile=None):
    key = key or p256()
    if subject is None:
        subject = [cn(sans[0] if sans else "www.example.com")] if sans else []
    b = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(subject))
    if sans:
        names = [
            x509.IPAddress(ipaddress.ip_address(s[3:])) if s.startswith("ip:")
            else x509.RFC822Name(s[6:]) if s.startswith("email:")
            else x509.UniformResourceIdentifier(s[4:]) if s.startswith("uri:")
            else dns(s)
            for s in sans]
        b = b.add_extension(x509.SubjectAlternativeName(names), False)
    for e, critical in exts:
        b = b.add_extension(e, critical)
    for oid, value in attributes:
        b = b.add_attribute(oid, value)
    kwargs = {}
    if rsa_padding is not None:
        kwargs["rsa_padding"] = rsa_padding
    r = b.sign(key, hash_alg or hashes.SHA256(), **kwargs)
    der = r.public_bytes(serialization.Encoding.DER)
    if edit is not None:
        der = edit(der)
    pem = pem_of("CERTIFICATE REQUEST", der)
    extra = {} if boulder is None else {"boulder": boulder}
    profile = profile or ("letsencrypt" if boulder else "cabf")
    write(CSR_DIR, name, pem, breaks, profile=profile, **extra)


def pem_of(label, der):
    import base64
    b64 = base64.b64encode(der).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)).encode()


def flip_last_byte(der):
    return der[:-1] + bytes([der[-1] ^ 1])


def off_curve_point(der):
    """Replaces the uncompressed P-256 point's last byte, so the point is off the curve."""
    i = der.index(bytes([0x03, 0x42, 0x00, 0x04]))
    end = i + 4 + 64
    return der[:end - 1] + bytes([der[end - 1] ^ 1]) + der[end:]


# ---------------------------------------------------------------- DER edits
# Some faults neither cryptography nor OpenSSL will write: the certificate is made
# compliant, then its DER is taken apart (a tree of (tag, content or children)), edited,
# and put together again. The signature no longer verifies; the lint rules these files
# break do not look at it.


def der_parse(b):
    """[(tag, value)] for the elements of b; value is bytes, or a list for SEQUENCE, SET
    and context-specific constructed [0] to [3]."""
    out, i = [], 0
    while i < len(b):
        tag = b[i]
        n = b[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7f
            n = int.from_bytes(b[i:i + k], "big")
            i += k
        content = b[i:i + n]
        i += n
        if tag in (0x30, 0x31, 0xa0, 0xa1, 0xa2, 0xa3):
            out.append((tag, der_parse(content)))
        else:
            out.append((tag, content))
    return out


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_build(elements):
    out = b""
    for tag, value in elements:
        content = der_build(value) if isinstance(value, list) else value
        out += bytes([tag]) + der_len(len(content)) + content
    return out


def edited_cert(name, breaks, edit, **kw):
    """A compliant certificate, its TBS (a list of elements) edited by `edit`."""
    c = cert(name, breaks, **kw)
    tree = der_parse(c.public_bytes(serialization.Encoding.DER))
    tbs = tree[0][1][0][1]
    edit(tbs)
    write(CERT_DIR, name, pem_of("CERTIFICATE", der_build(tree)), breaks, profile="cabf")


def extensions_of(tbs):
    return next(v for t, v in tbs if t == 0xa3)[0][1]


def rsa_spki(n, e):
    def integer(x):
        b = x.to_bytes((x.bit_length() + 8) // 8, "big")
        return (0x02, b)
    key = der_build([(0x30, [integer(n), integer(e)])])
    return (0x30, [(0x30, [(0x06, bytes.fromhex("2a864886f70d010101")), (0x05, b"")]),
                   (0x03, b"\x00" + key)])


def der_edits():
    def serial(value):
        def edit(tbs):
            tbs[1] = (0x02, value)
        return edit
    edited_cert("enc-serial-zero", "enc.serial", serial(b"\x00"))
    edited_cert("enc-serial-21-octets", "enc.serial", serial(b"\x01" + os.urandom(20)))

    def swap_times(tbs):
        v = tbs[4][1]
        v[0], v[1] = v[1], v[0]
    edited_cert("validity-negative", "validity.negative", swap_times)

    def duplicate_extension(tbs):
        exts = extensions_of(tbs)
        exts.append(exts[-1])
    edited_cert("ext-duplicate", "ext.duplicate", duplicate_extension)

    def unique_id(tag):
        def edit(tbs):
            i = next(i for i, (t, _) in enumerate(tbs) if t == 0xa3)
            tbs.insert(i, (tag, b"\x00\xab\xcd"))
        return edit
    edited_cert("enc-issuer-unique-id", "enc.issuer_unique_id", unique_id(0x81))
    edited_cert("enc-subject-unique-id", "enc.subject_unique_id", unique_id(0x82))

    def ip_of_5_octets(tbs):
        exts = extensions_of(tbs)
        for i, (t, ext) in enumerate(exts):
            if ext[0][1] == bytes.fromhex("551d11"):
                san = der_build([(0x30, [(0x82, b"www.example.com"), (0x87, b"\x01\x02\x03\x04\x05")])])
                exts[i] = (0x30, [ext[0], (0x04, san)])
    edited_cert("san-ip-5-octets", "san.ip_length", ip_of_5_octets)

    even = rsa_key()
    n = even.public_key().public_numbers().n

    def even_exponent(tbs):
        tbs[6] = rsa_spki(n, 65536)
    edited_cert("key-rsa-even-exponent", "key.rsa_exponent_invalid", even_exponent, key=even)

    def generalized_before_2050(tbs):
        v = tbs[4][1]
        v[0] = (0x18, b"20" + v[0][1])
    edited_cert("validity-generalizedtime-2026", "validity.time_type", generalized_before_2050)

    def utctime_without_seconds(tbs):
        v = tbs[4][1]
        v[1] = (0x17, v[1][1][:10] + b"Z")
    edited_cert("validity-utctime-no-seconds", "validity.time_syntax", utctime_without_seconds)


# ---------------------------------------------------------------- the corpus


def certificates():
    # Compliant ones, mixed RSA and EC, various names.
    for i in range(100):
        key = rsa_key(random.choice([2048, 3072])) if i % 3 == 0 else p256()
        host = "host%d.example%s" % (i, random.choice([".com", ".net", ".co.uk", ".com.cn", ".de"]))
        sans = [host] + ["alt%d.%s" % (j, host) for j in range(i % 4)]
        if i % 10 == 5:
            sans.append("ip:203.0.%d.%d" % (i % 200 + 1, 7))
            sans[-1] = "ip:8.8.%d.%d" % (i % 200, 8)
        cert("ok-%03d" % i, None, key=key, sans=tuple(sans))
    cert("ok-wildcard", None, sans=("*.example.com", "example.com"))
    cert("ok-p384", None, key=ec.generate_private_key(ec.SECP384R1()))
    cert("ok-public-ipv6", None, sans=("www.example.com", "ip:2001:4860::8888"))
    cert("ok-pss-sha256", None, ca_key=CA_RSA_KEY,
         rsa_padding=padding.PSS(padding.MGF1(hashes.SHA256()), 32))
    cert("ok-short-lived-no-revocation", None, crldp=None, aia=AIA_NO_OCSP, days=6)

    # key
    cert("key-rsa1024", "key.rsa_too_small", key=rsa_key(1024))
    cert("key-rsa2056-e3", "key.rsa_exponent_range", key=rsa_key(2048, e=3))
    cert("key-rsa-odd-size", "key.rsa_size_not_multiple_of_8", key=odd_size_key())
    cert("key-small-factor", "key.rsa_small_factor", key=small_factor_key())
    cert("key-fermat", "key.rsa_fermat", key=fermat_key())
    cert("key-roca", "key.rsa_roca", key=roca_key())
    cert("key-p521", "key.p521", key=ec.generate_private_key(ec.SECP521R1()))
    cert("key-rsa3072", "key.rsa_size_not_taken", key=rsa_key(3072), profile="huawei")
    # sig
    # SHA-1 and MD5 certificates: vectors/unchecked/ (the openssl CLI; cryptography signs
    # no SHA-1).
    cert("sig-pss-salt20", "sig.algorithm_encoding", ca_key=CA_RSA_KEY,
         rsa_padding=padding.PSS(padding.MGF1(hashes.SHA256()), 20))
    c = cert("sig-tbs-mismatch-src", None, ca_key=CA_RSA_KEY)
    der = c.public_bytes(serialization.Encoding.DER)
    sha256_rsa = bytes.fromhex("300d06092a864886f70d01010b0500")
    i = der.rindex(sha256_rsa)
    der = der[:i] + bytes.fromhex("300d06092a864886f70d01010c0500") + der[i + len(sha256_rsa):]
    os.remove(os.path.join(CERT_DIR, "sig-tbs-mismatch-src.pem"))
    del expected["cert/sig-tbs-mismatch-src.pem"]
    write(CERT_DIR, "sig-tbs-mismatch", pem_of("CERTIFICATE", der), "sig.tbs_mismatch")
    # subject
    cert("subject-cn-not-in-san", "subject.cn_not_in_san", subject=[cn("api.example.com")])
    cert("subject-ou", "subject.ou_present",
         subject=[attr(NameOID.ORGANIZATIONAL_UNIT_NAME, "IT"), cn("www.example.com")])
    cert("subject-country-uk", "subject.country_code",
         subject=[attr(NameOID.COUNTRY_NAME, "UK"), cn("www.example.com")])
    cert("subject-multivalued", "subject.multi_valued_rdn", subject=[])
    # a multi-valued RDN needs RelativeDistinguishedName
    b_key = p256()
    rdn_name = x509.Name([x509.RelativeDistinguishedName([
        x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example")])])
    os.remove(os.path.join(CERT_DIR, "subject-multivalued.pem"))
    b = (x509.CertificateBuilder().subject_name(rdn_name).issuer_name(CA_NAME)
         .public_key(b_key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NB).not_valid_after(NB + datetime.timedelta(days=90)))
    for e, crit in standard_extensions(b_key, [dns("www.example.com")]):
        b = b.add_extension(e, crit)
    write(CERT_DIR, "subject-multivalued", b.sign(CA_KEY, hashes.SHA256()).public_bytes(
        serialization.Encoding.PEM), "subject.multi_valued_rdn")
    cert("subject-duplicate-cn", "subject.duplicate_attribute",
         subject=[cn("www.example.com"), cn("example.com")], sans=("www.example.com", "example.com"))
    cert("subject-dot-locality", "subject.insignificant_value",
         subject=[attr(NameOID.LOCALITY_NAME, "."), cn("www.example.com")])
    cert("subject-na-org", "subject.placeholder",
         subject=[attr(NameOID.ORGANIZATION_NAME, "N/A"), cn("www.example.com")])
    cert("subject-space-org", "subject.whitespace",
         subject=[attr(NameOID.ORGANIZATION_NAME, " Example"), cn("www.example.com")])
    cert("subject-bmp-org", "subject.string_type",
         subject=[attr(NameOID.ORGANIZATION_NAME, "Example", _ASN1Type.BMPString), cn("www.example.com")])
    cert("subject-cn-65", "subject.value_too_long",
         subject=[cn("a" * 53 + ".example.com")], sans=("a" * 53 + ".example.com",))
    cert("subject-no-cn", "san.not_critical_empty_subject", subject=[])
    # san
    cert("san-missing", "san.missing", sans=None, subject=[cn("www.example.com")])
    cert("san-email", "san.prohibited_type", sans=("www.example.com", "email:a@example.com"))
    cert("san-uri", "san.prohibited_type", sans=("www.example.com", "uri:https://example.com/"))
    cert("san-underscore", "san.dns_syntax", sans=("www.example.com", "a_b.example.com"))
    cert("san-empty-label", "san.dns_syntax", sans=("www.example.com", "a..example.com"))
    cert("san-label-64", "san.dns_syntax", sans=("www.example.com", "a" * 64 + ".example.com"))
    cert("san-name-254", "san.dns_too_long", sans=("www.example.com", ".".join(["a" * 62] * 4) + ".com"))
    cert("san-u-label", "san.u_label", sans=("www.example.com", "bücher.example.com"))
    cert("san-uppercase", "san.uppercase", sans=("www.example.com", "WWW2.EXAMPLE.COM"))
    cert("san-reserved-label", "san.reserved_label", sans=("www.example.com", "ab--cd.example.com"))
    cert("san-bad-punycode", "san.bad_punycode", sans=("www.example.com", "xn--zz.example.com"))
    cert("san-internal", "san.internal_name", sans=("www.example.com", "printer.local"))
    cert("san-localhost", "san.internal_name", sans=("www.example.com", "localhost"))
    cert("san-wildcard-middle", "san.wildcard_syntax", sans=("www.example.com", "a*.example.com"))
    cert("san-wildcard-suffix", "san.wildcard_public_suffix", sans=("www.example.com", "*.co.uk"))
    cert("san-wildcard-com-cn", "san.wildcard_public_suffix", sans=("www.example.com", "*.com.cn"))
    for ip in ("10.0.0.1", "192.168.1.1", "100.64.0.1", "127.0.0.1", "fd00::1", "fe80::1"):
        cert("san-reserved-ip-%s" % ip.replace(":", "-").replace(".", "-"), "san.reserved_ip",
             sans=("www.example.com", "ip:" + ip))
    cert("san-multicast-ip", None, sans=("www.example.com", "ip:224.0.0.1"))
    cert("san-reverse-zone", "san.reverse_zone", sans=("www.example.com", "1.0.0.10.in-addr.arpa"))
    cert("san-duplicate", "san.duplicate", sans=("www.example.com", "www.example.com"))
    # ext
    cert("ext-no-eku", "ext.eku_missing", eku=None)
    cert("ext-eku-client-only", "ext.eku_no_server_auth", eku=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    cert("ext-eku-code-signing", "ext.eku_forbidden",
         eku=(ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CODE_SIGNING))
    cert("ext-eku-client-auth", "ext.eku_client_auth",
         eku=(ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH))
    k = rsa_key()
    cert("ext-rsa-key-agreement", "ext.ku_rsa_key_agreement", key=k, ku=ku_for(k, key_agreement=True))
    k = p256()
    cert("ext-ec-key-encipherment", "ext.ku_ec_encipherment", key=k, ku=ku_for(k, key_encipherment=True))
    k = p256()
    cert("ext-leaf-cert-sign", "ext.ku_prohibited", key=k, ku=ku_for(k, key_cert_sign=True))
    cert("ext-no-ku", "ext.ku_missing", ku=False)
    cert("ext-bc-not-critical", "ext.bc_not_critical", bc=(False, False))
    cert("ext-unknown", "ext.unknown",
         extra=[(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.55555.1"), b"\x05\x00"), False)])
    cert("ext-must-staple", "ext.must_staple", extra=[(MUST_STAPLE, False)])
    cert("ext-no-aia", "ext.aia_missing", aia=None)
    cert("ext-no-policies", "ext.policies_missing", cp=None)
    cert("ext-no-revocation", "ext.revocation_missing", crldp=None, aia=AIA_NO_OCSP)
    cert("ext-ocsp-no-crldp", None, crldp=None)
    # validity
    cert("validity-400-days-2025", "validity.over_398_days",
         nb=datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc), days=400)
    # 398 days by the dates is 398 days and 1 s as BR 6.3.2 counts: 397 is the longest.
    cert("validity-397-days-2025", None,
         nb=datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc), days=397)
    cert("validity-250-days-2026", "validity.over_200_days",
         nb=datetime.datetime(2026, 6, 1, tzinfo=datetime.timezone.utc), days=250)
    cert("validity-150-days-2027", "validity.over_100_days",
         nb=datetime.datetime(2027, 6, 1, tzinfo=datetime.timezone.utc), days=150)
    cert("validity-60-days-2029", "validity.over_47_days",
         nb=datetime.datetime(2029, 6, 1, tzinfo=datetime.timezone.utc), days=60)
    cert("validity-800-days-2019", None,
         nb=datetime.datetime(2019, 1, 1, tzinfo=datetime.timezone.utc), days=800)
    # A CA certificate: linted as a CA, the subscriber rules do not apply.
    ca_leaf_key = p256()
    cert("ca-intermediate", None, key=ca_leaf_key, subject=[cn("csrkit lint intermediate")],
         sans=None, exts=[
             (x509.BasicConstraints(True, 0), True),
             (x509.KeyUsage(True, False, False, False, False, True, True, False, False), True),
             (x509.SubjectKeyIdentifier.from_public_key(ca_leaf_key.public_key()), False),
             (x509.AuthorityKeyIdentifier.from_issuer_public_key(CA_KEY.public_key()), False),
         ])
    # enc: a v1 certificate by the openssl CLI (no extensions).
    tmp = os.path.join(HERE, "tmp-v1")
    os.makedirs(tmp, exist_ok=True)
    try:
        for f, data in (("ca.key", CA_KEY.private_bytes(serialization.Encoding.PEM,
                                                          serialization.PrivateFormat.PKCS8,
                                                          serialization.NoEncryption())),):
            with open(os.path.join(tmp, f), "wb") as fh:
                fh.write(data)
        ca_cert = (x509.CertificateBuilder().subject_name(CA_NAME).issuer_name(CA_NAME)
                   .public_key(CA_KEY.public_key()).serial_number(1)
                   .not_valid_before(NB).not_valid_after(NB + datetime.timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(True, None), True)
                   .sign(CA_KEY, hashes.SHA256()))
        with open(os.path.join(tmp, "ca.pem"), "wb") as fh:
            fh.write(ca_cert.public_bytes(serialization.Encoding.PEM))
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-keyout", os.path.join(tmp, "leaf.key"), "-subj", "/CN=www.example.com",
                        "-out", os.path.join(tmp, "leaf.csr")], check=True, capture_output=True)
        subprocess.run(["openssl", "x509", "-req", "-in", os.path.join(tmp, "leaf.csr"),
                        "-CA", os.path.join(tmp, "ca.pem"), "-CAkey", os.path.join(tmp, "ca.key"),
                        "-set_serial", "0x5a5a5a5a5a5a5a5a", "-days", "90",
                        "-out", os.path.join(tmp, "v1.pem")], check=True, capture_output=True)
        with open(os.path.join(tmp, "v1.pem"), "rb") as fh:
            v1 = fh.read()
        assert x509.load_pem_x509_certificate(v1).version == x509.Version.v1
        write(CERT_DIR, "enc-v1", v1, "enc.version")
    finally:
        shutil.rmtree(tmp)


def csrs():
    csr("ok-p256", None)
    csr("ok-rsa2048", None, key=rsa_key())
    csr("ok-two-names", None, sans=("example.com", "www.example.com"))
    # Boulder's CSR errors (csr/csr.go, goodkey/good_key.go), one CSR each.
    csr("boulder-invalid-signature", "sig.csr_invalid", edit=flip_last_byte,
        boulder="invalid signature on CSR")
    # A SHA-1 CSR ("signature algorithm not supported"): vectors/csr/rsa2048-sha1.pem.
    csr("boulder-pss", "sig.algorithm_not_taken", key=rsa_key(),
        rsa_padding=padding.PSS(padding.MGF1(hashes.SHA256()), 32),
        boulder="signature algorithm not supported")
    csr("boulder-email-san", "san.prohibited_type", sans=("www.example.com", "email:a@example.com"),
        boulder="CSR contains one or more email address fields")
    csr("boulder-uri-san", "san.prohibited_type", sans=("www.example.com", "uri:https://example.com/"),
        boulder="CSR contains one or more URI fields")
    csr("boulder-ip-cn", "subject.cn_ip", subject=[cn("192.0.2.10")], sans=("ip:192.0.2.10",),
        boulder="CSR contains IP address in Common Name")
    csr("boulder-no-identifier", "san.no_identifier", subject=[], sans=(),
        boulder="at least one identifier is required")
    csr("boulder-101-names", "san.too_many",
        sans=tuple("n%d.example.com" % i for i in range(101)),
        boulder="CSR contains more than 100 identifiers")
    csr("boulder-rsa1024", "key.rsa_too_small", key=rsa_key(1024),
        boulder="invalid public key in CSR: key too small: 1024")
    csr("boulder-rsa-odd-size", "key.rsa_size_not_multiple_of_8", key=odd_size_key(),
        boulder="invalid public key in CSR: key length wasn't a multiple of 8")
    csr("boulder-rsa-e3", "key.rsa_exponent_not_65537", key=rsa_key(2048, e=3),
        boulder="invalid public key in CSR: key exponent should be odd and >2^16: 3")
    csr("boulder-small-factor", "key.rsa_small_factor", key=small_factor_key(),
        boulder="invalid public key in CSR: key divisible by small prime")
    csr("boulder-roca", "key.rsa_roca", key=roca_key(),
        boulder="invalid public key in CSR: key generated by vulnerable Infineon-based hardware")
    csr("boulder-fermat", "key.rsa_fermat", key=fermat_key(),
        boulder="invalid public key in CSR: key generated with factors too close together")
    csr("boulder-p521", "key.curve_not_taken", key=ec.generate_private_key(ec.SECP521R1()),
        boulder="invalid public key in CSR: ECDSA curve P-521 not allowed")
    csr("boulder-point-off-curve", "key.ec_point_invalid", edit=off_curve_point,
        boulder="invalid public key in CSR: key point is not on the curve")
    csr("boulder-must-staple", "ext.must_staple", exts=[(MUST_STAPLE, False)],
        boulder="OCSP must-staple extension is no longer available")
    csr("boulder-rsa3072", None, key=rsa_key(3072), profile="letsencrypt")
    # Others.
    csr("csr-ca-true", "ext.ca_requested", exts=[(x509.BasicConstraints(True, None), True)])
    csr("csr-challenge-password", "enc.challenge_password",
        attributes=[(x509.oid.AttributeOID.CHALLENGE_PASSWORD, b"secret")])
    k = rsa_key()
    csr("csr-rsa-no-ku", "ext.huawei_rsa_default_usage", key=k, profile="huawei")
    csr("csr-rsa-ku", None, key=k, exts=[(ku_for(k), True)])
    csr("csr-internal", "san.internal_name", sans=("printer.local",))
    csr("csr-wildcard-co-uk", "san.wildcard_public_suffix", sans=("*.co.uk",))
    csr("csr-private-ip", "san.reserved_ip", sans=("www.example.com", "ip:10.0.0.1"))
    csr("csr-ipv6", "san.ipv6", sans=("www.example.com", "ip:2001:4860::8888"), profile="huawei")
    csr("csr-u-label-cn", "subject.cn_u_label", subject=[cn("bücher.example.com")], sans=("xn--bcher-kva.example.com",))
    csr("csr-ou", "subject.ou_present",
        subject=[attr(NameOID.ORGANIZATIONAL_UNIT_NAME, "IT"), cn("www.example.com")])
    csr("csr-country-uk", "subject.country_code",
        subject=[attr(NameOID.COUNTRY_NAME, "UK"), cn("www.example.com")])
    csr("csr-cn-url", "subject.cn_url_or_port", subject=[cn("https://www.example.com:443")])
    csr("csr-eku-client-only", "ext.eku_no_server_auth",
        exts=[(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)])
    # pyca's long-form-attribute CSR: a challengePassword of tag [APPLICATION 32].
    try:
        import cryptography_vectors
    except ImportError:
        sys.exit("pip install cryptography_vectors==48.0.0")
    src = os.path.join(os.path.dirname(cryptography_vectors.__file__),
                       "x509", "requests", "long-form-attribute.pem")
    with open(src, "rb") as fh:
        write(CSR_DIR, "pyca-long-form-attribute", fh.read(), "enc.unknown_attribute",
              origin="cryptography_vectors 48.0.0 x509/requests/long-form-attribute.pem")


def main():
    for d in (CERT_DIR, CSR_DIR):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    certificates()
    der_edits()
    csrs()
    import cryptography
    meta = {
        "tools": {
            "python": sys.version.split()[0],
            "cryptography": cryptography.__version__,
            "openssl": subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip(),
        },
        "files": dict(sorted(expected.items())),
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("%d certificates, %d CSRs" % (
        sum(k.startswith("cert/") for k in expected), sum(k.startswith("csr/") for k in expected)))


if __name__ == "__main__":
    main()
