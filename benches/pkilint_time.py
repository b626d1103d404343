#!/usr/bin/env python3
"""pkilint 0.13.3 over the certificates of DIR (benches/lint.sh): its library with the
validators of `lint_cabf_serverauth_cert lint -t DV-FINAL-CERTIFICATE` built once, over
SAMPLE files spread over DIR (0 or more than the files: all), and its command line, one
process a file, over 20 of them; both extrapolated to the whole folder.

    python benches/pkilint_time.py DIR SAMPLE
"""
import glob, os, subprocess, sys, time
from pkilint import loader
from pkilint.cabf import serverauth
from pkilint.cabf.serverauth import serverauth_constants
from pkilint.pkix import certificate
from pkilint.pkix.certificate import certificate_validity
d, sample = sys.argv[1], int(sys.argv[2])
files = sorted(glob.glob(os.path.join(d, "*.crt")))
t = serverauth_constants.CertificateType.DV_FINAL_CERTIFICATE
v = certificate.create_pkix_certificate_validator_container(
    serverauth.create_decoding_validators(),
    serverauth.create_validators(t, certificate_validity.CertificateValidityPeriodStartRetriever()))
if sample <= 0 or sample >= len(files):
    chosen = files
else:
    chosen = files[::max(1, len(files) // sample)][:sample]
start = time.perf_counter()
for f in chosen:
    doc = loader.RFC5280CertificateDocumentLoader().load_pem_document(open(f).read(), f)
    v.validate(doc.root)
lib = time.perf_counter() - start
print("pkilint (library, validators built once): %d files in %.2f s = %.1f ms/file; %d files extrapolated: %.0f s"
      % (len(chosen), lib, lib / len(chosen) * 1000, len(files), lib / len(chosen) * len(files)))
cli = os.path.join(os.path.dirname(sys.executable), "lint_cabf_serverauth_cert")
few = chosen[:20]
start = time.perf_counter()
for f in few:
    subprocess.run([cli, "lint", "-t", "DV-FINAL-CERTIFICATE", "-f", "JSON", "-s", "NOTICE",
                    "--validity-period-start", "DOCUMENT", f], capture_output=True)
c = time.perf_counter() - start
print("pkilint (lint_cabf_serverauth_cert, one process a file): %d files in %.2f s = %.0f ms/file; %d files extrapolated: %.0f s"
      % (len(few), c, c / len(few) * 1000, len(files), c / len(few) * len(files)))
