#!/usr/bin/env python3
"""csrkit lint against pkilint 0.13.3, file by file.

    python3 vectors/lint/compare_pkilint.py --csrkit target/debug/csrkit [--profile cabf]
        [--limit N] [--cli-check N]

For every certificate of the corpus (vectors/cert, vectors/realworld, vectors/unchecked,
vectors/pkcs12/*-leaf.pem, vectors/lint/cert) and every CSR (vectors/csr,
vectors/lint/csr) projected into a test certificate, and for every pkilint finding code
that a csrkit rule names (`csrkit lint --rules --json`), it asks both whether the file has
it, and prints the agreement table: per code, the files compared, both flag, only csrkit,
only pkilint. It exits 1 on a disagreement that EXPLAINED below does not account for.

pkilint runs as `lint_cabf_serverauth_cert lint -t DV-FINAL-CERTIFICATE -f JSON -s NOTICE
--validity-period-start DOCUMENT` does (`--profile cabf`), or as `lint_pkix_cert lint`
(`--profile private`): the same validators, built once through pkilint's own functions
(`--cli-check N` runs the command line on N files and checks it gives the same codes).

A CSR is projected as a CA would issue it: its subject, public key and requested
extensions (criticality kept), plus what a DV subscriber certificate needs and the CSR did
not ask for (EKU serverAuth, keyUsage, basicConstraints, AIA, certificate policies, CRL
distribution point, AKI), a random serial, notBefore AT, 90 days, issued by a throwaway
P-256 CA. csrkit lints the CSR itself, with `--at AT`. Only the rules csrkit applies to
CSRs are compared there (the rest are about fields the projection supplies).

Certificates whose basicConstraints say cA are linted by csrkit as CA certificates: the
subscriber rules do not apply, and pkilint (told DV-FINAL-CERTIFICATE) is compared on the
other codes only.
"""

import argparse
import datetime
import fnmatch
import glob
import json
import os
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, AuthorityInformationAccessOID, ExtensionOID

from pkilint import loader, finding_filter
from pkilint.validation import ValidationFindingSeverity
from pkilint.cabf import serverauth
from pkilint.cabf.serverauth import serverauth_constants
from pkilint.pkix import certificate
from pkilint.pkix.certificate import certificate_validity

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AT = datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc)
AT_TEXT = "2026-12-01T00:00:00Z"

# Disagreements with their reason: (pkilint code, side that flags alone, condition on the
# file, reason). A condition takes the file's facts: `rel` (its path), `cert` (the
# certificate pkilint read: the file's, or the CSR's projection).
def _no_extensions(i):
    return i["cert"].version == x509.Version.v1 or len(i["cert"].extensions) == 0


def _sm2(i):
    # The SM2 curve, 1.2.156.10197.1.301, as the SPKI's named curve.
    return b"\x06\x08\x2a\x81\x1c\xcf\x55\x01\x82\x2d" in i["cert"].public_bytes(serialization.Encoding.DER)


def _before_2020_09(i):
    return i["cert"].not_valid_before_utc < datetime.datetime(2020, 9, 1, tzinfo=datetime.timezone.utc)


def _rel(pattern):
    return lambda i: fnmatch.fnmatch(i["rel"], pattern)


EXPLAINED = [
    ("cabf.serverauth.certificate_validity_period_exceeds_398_days", "pkilint", _before_2020_09,
     "pkilint 0.13.3 applies the 398-day limit to every certificate issued before 2026-03-15; "
     "BR 6.3.2 sets it from 2020-09-01 (825 days before, 39 months before 2018-03-01), as csrkit does"),
    ("cabf.internal_domain_name", "pkilint", lambda i: True,
     "pkilint also checks the host names of URIs (AIA, CRL DP, CPS) and email domains; "
     "csrkit's san.internal_name checks DNS SANs"),
    ("cabf.ecdsa_key_validation_failed", "pkilint", _sm2,
     "pkilint cannot validate a point of the SM2 curve; csrkit checks it (and flags the SM2 key "
     "itself with gm.sm2_key)"),
    ("cabf.serverauth.invalid_dnsname_syntax", "csrkit", _rel("vectors/lint/cert/san-u-label.pem"),
     "the dNSName holds UTF-8 bytes, which are no IA5String: pkilint stops at the ASN.1 "
     "decoding error (itu.invalid_asn1_syntax) and runs no LDH check"),
]


def _ec_ku_without_signature(i):
    try:
        ku = i["cert"].extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
    except Exception:
        return False
    return isinstance(i["cert"].public_key(), ec.EllipticCurvePublicKey) and not ku.digital_signature


EXPLAINED += [
    ("cabf.serverauth.subscriber_prohibited_ku_present", "csrkit", _ec_ku_without_signature,
     "pkilint stops at the first keyUsage error: an EC key without digitalSignature is "
     "cabf.serverauth.subscriber_required_ku_missing and its prohibited bits are not looked "
     "at; csrkit reports both (ext.ku_ec_no_signature, ext.ku_prohibited)"),
    ("cabf.serverauth.subscriber_prohibited_ku_present", "csrkit",
     _rel("vectors/realworld/bc-cert-datev-t61-multivalued-issuer.der"),
     "its keyUsage BIT STRING has a trailing zero bit (BER, not DER): pkilint does not decode "
     "it (itu.invalid_asn1_syntax) and so does not check its bits; csrkit reads the bits as "
     "OpenSSL does"),
]


def _ca_projection(i):
    try:
        return i["cert"].extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value.ca
    except Exception:
        return False


EXPLAINED.append((
    "pkix.ee_certificate_keycertsign_keyusage_set", "csrkit", _ca_projection,
    "a CSR that asks for CA:TRUE projects into a CA certificate, which pkilint's PKIX linter "
    "does not judge as an end entity; csrkit lints every CSR as a subscriber's request"))
for _code in ("subject_altname_extension_absent", "extended_key_usage_extension_absent",
              "key_usage_extension_absent", "authority_info_access_extension_absent",
              "certificate_policies_extension_absent", "revocation_information_absent"):
    EXPLAINED.append(("cabf.serverauth.subscriber." + _code, "csrkit", _no_extensions,
                      "the certificate has no extensions at all (v1, or no [3] field): pkilint's "
                      "subscriber extension checks run on the Extensions node and so never run"))


def corpus():
    certs, csrs = [], []
    for pat in ("vectors/cert/*", "vectors/realworld/*", "vectors/unchecked/*.pem",
                "vectors/pkcs12/*-leaf.pem", "vectors/lint/cert/*.pem"):
        for p in sorted(glob.glob(os.path.join(ROOT, pat))):
            if p.endswith(".json"):
                continue
            data = open(p, "rb").read()
            try:
                c = (x509.load_pem_x509_certificate(data) if b"-----BEGIN CERTIFICATE-----" in data
                     else x509.load_der_x509_certificate(data))
            except Exception:
                if b"CERTIFICATE REQUEST" in data:
                    csrs.append(p)
                continue
            certs.append((p, c))
    for pat in ("vectors/csr/*", "vectors/lint/csr/*.pem"):
        for p in sorted(glob.glob(os.path.join(ROOT, pat))):
            if not p.endswith(".json"):
                csrs.append(p)
    return certs, csrs


CA_KEY = ec.generate_private_key(ec.SECP256R1())
CA_NAME = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "compare_pkilint throwaway CA")])


def project(csr):
    """The DV certificate a CA would make of `csr` (see the module doc)."""
    pub = csr.public_key()
    b = (x509.CertificateBuilder().subject_name(csr.subject).issuer_name(CA_NAME)
         .public_key(pub).serial_number(x509.random_serial_number())
         .not_valid_before(AT).not_valid_after(AT + datetime.timedelta(days=90)))
    have = set()
    for e in csr.extensions:
        b = b.add_extension(e.value, e.critical)
        have.add(e.oid)
    if ExtensionOID.EXTENDED_KEY_USAGE not in have:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    if ExtensionOID.KEY_USAGE not in have:
        rsa_key = isinstance(pub, rsa.RSAPublicKey)
        b = b.add_extension(x509.KeyUsage(True, False, rsa_key, False, False, False, False, False, False), True)
    if ExtensionOID.BASIC_CONSTRAINTS not in have:
        b = b.add_extension(x509.BasicConstraints(False, None), True)
    if ExtensionOID.AUTHORITY_INFORMATION_ACCESS not in have:
        b = b.add_extension(x509.AuthorityInformationAccess([
            x509.AccessDescription(AuthorityInformationAccessOID.OCSP,
                                   x509.UniformResourceIdentifier("http://ocsp.example.com")),
            x509.AccessDescription(AuthorityInformationAccessOID.CA_ISSUERS,
                                   x509.UniformResourceIdentifier("http://ca.example.com/ca.crt"))]), False)
    if ExtensionOID.CERTIFICATE_POLICIES not in have:
        b = b.add_extension(x509.CertificatePolicies(
            [x509.PolicyInformation(x509.ObjectIdentifier("2.23.140.1.2.1"), None)]), False)
    if ExtensionOID.CRL_DISTRIBUTION_POINTS not in have:
        b = b.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
            [x509.UniformResourceIdentifier("http://crl.example.com/ca.crl")], None, None, None)]), False)
    if ExtensionOID.AUTHORITY_KEY_IDENTIFIER not in have:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(CA_KEY.public_key()), False)
    return b.sign(CA_KEY, hashes.SHA256())


def make_validator(profile):
    """The validators of `lint_cabf_serverauth_cert lint -t DV-FINAL-CERTIFICATE
    --validity-period-start DOCUMENT` (cabf) or of `lint_pkix_cert lint` (private), as
    those commands build them; and the finding filters the first applies."""
    if profile == "private":
        from pkilint.pkix import name, extension
        v = certificate.create_pkix_certificate_validator_container(
            certificate.create_decoding_validators(name.ATTRIBUTE_TYPE_MAPPINGS,
                                                   extension.EXTENSION_MAPPINGS),
            [
                certificate.create_issuer_validator_container([]),
                certificate.create_validity_validator_container(),
                certificate.create_subject_validator_container([]),
                certificate.create_extensions_validator_container([]),
                certificate.create_spki_validator_container([]),
            ],
        )
        return v, None
    t = serverauth_constants.CertificateType.DV_FINAL_CERTIFICATE
    v = certificate.create_pkix_certificate_validator_container(
        serverauth.create_decoding_validators(),
        serverauth.create_validators(t, certificate_validity.CertificateValidityPeriodStartRetriever()),
    )
    return v, serverauth.create_serverauth_finding_filters(t)


def pkilint_codes(validator, filters, der, name):
    doc = loader.RFC5280CertificateDocumentLoader().load_der_document(der, name)
    results = validator.validate(doc.root)
    if filters:
        results, _ = finding_filter.filter_results(filters, results)
    # `-s NOTICE`: FATAL to NOTICE, not INFO.
    return {fd.finding.code for r in results for fd in r.finding_descriptions
            if fd.finding.severity <= ValidationFindingSeverity.NOTICE}


def csrkit_lint(exe, paths, profile):
    out = {}
    chunk = 200
    for i in range(0, len(paths), chunk):
        r = subprocess.run([exe, "-q", "lint", "--json", "--profile", profile, "--at", AT_TEXT]
                           + paths[i:i + chunk], capture_output=True, text=True)
        if r.returncode not in (0, 1):
            sys.exit("csrkit lint failed: %s" % r.stderr)
        for e in json.loads(r.stdout):
            if "#" in os.path.basename(e["File"]):
                continue  # pkilint reads the first certificate of a file
            out[os.path.abspath(e["File"])] = e
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csrkit", required=True)
    ap.add_argument("--profile", default="cabf", choices=["cabf", "private"])
    ap.add_argument("--limit", type=int, default=0, help="at most N certificates and N CSRs")
    ap.add_argument("--cli-check", type=int, default=2)
    args = ap.parse_args()

    rules = json.loads(subprocess.run([args.csrkit, "lint", "--rules", "--json"],
                                      capture_output=True, text=True, check=True).stdout)
    on = [r for r in rules if r["Pkilint"] and r["Severity"][args.profile] is not None]
    # lint_pkix_cert reports the pkix.* findings only.
    codes = sorted({r["Pkilint"] for r in on
                    if args.profile == "cabf" or r["Pkilint"].startswith("pkix.")})

    def applicable(code, kind, is_ca):
        for r in on:
            if r["Pkilint"] != code:
                continue
            if kind == "csr" and r["AppliesTo"] == "certificate":
                continue
            if kind == "cert" and r["AppliesTo"] == "CSR":
                continue
            if is_ca and r["Subscriber"]:
                continue
            return True
        return False

    certs, csr_paths = corpus()
    if args.limit:
        certs, csr_paths = certs[:args.limit], csr_paths[:args.limit]
    validator, filters = make_validator(args.profile)

    items = []  # (path, kind, is_ca, pkilint codes)
    skipped = []
    for path, c in certs:
        der = c.public_bytes(serialization.Encoding.DER)
        try:
            bc = c.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value.ca
        except Exception:
            bc = False
        try:
            found = pkilint_codes(validator, filters, der, path)
        except Exception as e:
            skipped.append((path, "pkilint cannot load it: %s" % e))
            continue
        items.append((path, "cert", bc, found, c))
    for path in csr_paths:
        data = open(path, "rb").read()
        try:
            csr = (x509.load_pem_x509_csr(data) if b"-----BEGIN" in data else x509.load_der_x509_csr(data))
            projected = project(csr)
            der = projected.public_bytes(serialization.Encoding.DER)
        except Exception as e:
            skipped.append((path, "cryptography cannot project it: %s" % str(e).splitlines()[0]))
            continue
        items.append((path, "csr", False, pkilint_codes(validator, filters, der, path), projected))

    # The command line gives what the library calls give.
    for path, kind, _, found, c in [i for i in items if i[1] == "cert"][:args.cli_check]:
        der = c.public_bytes(serialization.Encoding.DER)
        tool = "lint_cabf_serverauth_cert" if args.profile == "cabf" else "lint_pkix_cert"
        exe = os.path.join(os.path.dirname(sys.executable), tool)
        cmd = [exe, "lint"] + (["-t", "DV-FINAL-CERTIFICATE", "--validity-period-start", "DOCUMENT"]
                               if args.profile == "cabf" else []) + ["-f", "JSON", "-s", "NOTICE", "-"]
        r = subprocess.run(cmd, input=der, capture_output=True)
        cli = {f["code"] for res in json.loads(r.stdout)["results"] for f in res["finding_descriptions"]}
        if cli != found:
            sys.exit("pkilint's command line and library differ on %s: %s vs %s" % (path, cli, found))

    linted = csrkit_lint(args.csrkit, [i[0] for i in items], args.profile)
    table = {c: [0, 0, 0, 0] for c in codes}
    unexplained, explained = [], []
    for path, kind, is_ca, found, c in items:
        e = linted.get(os.path.abspath(path))
        if e is None:
            skipped.append((path, "csrkit does not read it"))
            continue
        mine = {f["Pkilint"] for f in e["Findings"] if f["Pkilint"]}
        rel = os.path.relpath(path, ROOT)
        for code in codes:
            if not applicable(code, kind, is_ca):
                continue
            a, b = code in mine, code in found
            row = table[code]
            row[0] += 1
            if a and b:
                row[1] += 1
            elif a:
                row[2] += 1
            elif b:
                row[3] += 1
            if a != b:
                side = "csrkit" if a else "pkilint"
                info = {"rel": rel, "cert": c}
                why = next((w for k, s, cond, w in EXPLAINED
                            if k == code and s == side and cond(info)), None)
                (explained if why else unexplained).append((rel, code, side, why))

    n_certs = sum(1 for i in items if i[1] == "cert")
    n_csrs = sum(1 for i in items if i[1] == "csr")
    print("csrkit lint --profile %s against pkilint 0.13.3: %d certificates, %d CSRs projected, %d skipped"
          % (args.profile, n_certs, n_csrs, len(skipped)))
    print()
    print("| pkilint code | files | both flag | only csrkit | only pkilint |")
    print("|---|---|---|---|---|")
    for code in codes:
        f, both, oc, op = table[code]
        print("| `%s` | %d | %d | %d | %d |" % (code, f, both, oc, op))
    print()
    for path, why in skipped:
        print("skipped %s: %s" % (os.path.relpath(path, ROOT), why))
    for rel, code, side, why in explained:
        print("explained: %s %s only %s: %s" % (rel, code, side, why))
    for rel, code, side, _ in unexplained:
        print("UNEXPLAINED: %s %s only %s" % (rel, code, side))
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
