#!/usr/bin/env bash
# csrkit lint DIR against pkilint 0.13.3 over the same certificates (benches/RESULTS.md,
# "lint"). Needs a release build (cargo build --release -p csrkit-cli) and a venv with
# pkilint==0.13.3 (PKILINT_PY, default target/pkilint-venv/bin/python).
#   bash benches/lint.sh [N] [SAMPLE]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
sample=${2:-500}
py=${PKILINT_PY:-target/pkilint-venv/bin/python}
dir=${TMPDIR:-/tmp}/csrkit-lint-bench
rm -rf "$dir"
python3 benches/make_certs.py "$n" "$dir" --mixed --no-keys
echo "$n certificates in $dir ($(ls "$dir" | wc -l) files)"
for run in 1 2 3; do
    /usr/bin/time -f "csrkit lint: %e s wall, %U s user, %M KB peak RSS" \
        target/release/csrkit -q lint --json "$dir" > /tmp/csrkit-lint-bench.json || true
done
"$py" - "$dir" "$sample" <<'PY'
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
step = max(1, len(files) // sample)
chosen = files[::step][:sample]
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
PY
