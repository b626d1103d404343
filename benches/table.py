#!/usr/bin/env python3
"""Side-by-side table from criterion's output of benches/peer: for every group
`op` with functions `csrkit` and `openssl`, the two medians and their ratio
(csrkit / OpenSSL; lower is better). Usage: table.py CRITERION_DIR [OUT.md]"""
import json
import sys
from pathlib import Path

root = Path(sys.argv[1])
rows = {}
for bench in root.rglob("new/benchmark.json"):
    meta = json.loads(bench.read_text())
    est = json.loads((bench.parent / "estimates.json").read_text())
    group, fn = meta["group_id"], meta["function_id"]
    rows.setdefault(group, {})[fn] = est["median"]["point_estimate"]  # ns


def fmt(ns: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


ORDER = ["keygen/", "sign/", "inspect/", "verify/", "pem-decode/", "sha256/", "md5/", "dn/", "cert/"]


def key(g):
    return (next((i for i, p in enumerate(ORDER) if g.startswith(p)), len(ORDER)), g)


lines = ["| op | csrkit median | OpenSSL median | csrkit / OpenSSL |", "|---|---:|---:|---:|"]
for g in sorted(rows, key=key):
    r = rows[g]
    if "csrkit" in r and "openssl" in r:
        lines.append(f"| {g} | {fmt(r['csrkit'])} | {fmt(r['openssl'])} | {r['csrkit'] / r['openssl']:.3f} |")
text = "\n".join(lines)
print(text)
if len(sys.argv) > 2:
    Path(sys.argv[2]).write_text(text + "\n")
