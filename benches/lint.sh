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
"$py" benches/pkilint_time.py "$dir" "$sample"
