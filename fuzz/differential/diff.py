#!/usr/bin/env python3
"""Differential fuzzing of csrkit's CSR and certificate reader against two peers.

Single-byte mutants of the CSRs and certificates under vectors/ (all made by tools that
are not csrkit) are given to
  - OpenSSL:       `openssl req|x509 -inform DER -noout -in FILE` (exit status), and
  - cryptography:  load_der_x509_csr / load_der_x509_certificate, then the subject,
                   the issuer (certificates), the serial and dates (certificates), the
                   extensions and the public key are read;
  - csrkit:        `csrkit inspect --json FILE` (exit status 0 = read).

A mutant counts only where OpenSSL and cryptography agree (both read it, or both refuse
it); a disagreement is csrkit deciding the other way. A crash (an exit status other than
0 or 1) or a run over the time limit is always reported, whatever the peers say.

Usage:
  python3 fuzz/differential/diff.py --csrkit target/release/csrkit --mutants 5000 --seed 1
  python3 fuzz/differential/diff.py ... --keep /tmp/disagreements   # the mutants, to study

Exit status 0 when there is no disagreement, no crash and no hang; 1 otherwise.
"""

from __future__ import annotations

import argparse
import base64
import collections
import concurrent.futures
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

from cryptography import x509

ROOT = Path(__file__).resolve().parents[2]
OPENSSL = os.environ.get("OPENSSL", "openssl")
TIMEOUT = 20  # seconds per csrkit run: a hang is a finding

SEED_DIRS = ["vectors/csr", "vectors/cert", "vectors/realworld", "vectors/gmssl", "vectors/unchecked"]


def der_of(path: Path) -> bytes | None:
    data = path.read_bytes()
    m = re.search(rb"-----BEGIN ([A-Z ]+)-----(.*?)-----END \1-----", data, re.S)
    if m:
        body = m.group(2).replace(b"\\r", b"").replace(b"\\n", b"")
        try:
            return base64.b64decode(b"".join(body.split()))
        except ValueError:
            return None
    return data if data[:1] == b"\x30" else None


def crypto_reads(kind: str, der: bytes) -> tuple[bool, str]:
    """Whether cryptography reads the object, and why not."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            if kind == "csr":
                o = x509.load_der_x509_csr(der)
                o.subject.rfc4514_string()
                list(o.extensions)
                o.public_key()
            else:
                o = x509.load_der_x509_certificate(der)
                o.subject.rfc4514_string()
                o.issuer.rfc4514_string()
                o.serial_number
                o.not_valid_before_utc
                o.not_valid_after_utc
                list(o.extensions)
                o.public_key()
            return True, ""
        except Exception as e:  # noqa: BLE001 - every refusal counts as a refusal
            return False, f"{type(e).__name__}: {e}"


def openssl_reads(kind: str, path: str) -> bool:
    cmd = [OPENSSL, "req" if kind == "csr" else "x509", "-inform", "DER", "-noout", "-in", path]
    return subprocess.run(cmd, capture_output=True, timeout=60).returncode == 0


def csrkit_reads(csrkit: str, path: str) -> tuple[str, str]:
    """'read', 'refused', 'crash' or 'hang', and the stderr line."""
    try:
        p = subprocess.run([csrkit, "inspect", "--json", path], capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return "hang", ""
    err = p.stderr.decode("utf-8", "replace").strip()
    if p.returncode == 0:
        return "read", err
    if p.returncode == 1:
        return "refused", err
    return "crash", f"exit {p.returncode}: {err[-300:]}"


def mutate(rng: random.Random, der: bytes) -> tuple[bytes, int, int]:
    pos = rng.randrange(len(der))
    old = der[pos]
    how = rng.random()
    if how < 0.4:
        new = old ^ (1 << rng.randrange(8))
    elif how < 0.6:
        new = (old + rng.choice((1, -1, 2, -2, 0x80))) & 0xFF
    else:
        new = rng.randrange(256)
        while new == old:
            new = rng.randrange(256)
    return der[:pos] + bytes([new]) + der[pos + 1 :], pos, new


def kind_of(path: Path, der: bytes) -> str | None:
    for kind, loader in (("csr", x509.load_der_x509_csr), ("cert", x509.load_der_x509_certificate)):
        try:
            loader(der)
            return kind
        except Exception:  # noqa: BLE001
            continue
    return None


def error_class(text: str) -> str:
    """A message with its numbers and file names taken out: one class per kind of refusal."""
    text = text.splitlines()[-1] if text else ""
    text = re.sub(r"^csrkit: [^:]*: ", "", text)
    text = re.sub(r"0x[0-9a-f]+|\d+", "N", text)
    text = re.sub(r'"[^"]*"', '"…"', text)
    return text[:160]


def seeds() -> list[tuple[str, str, bytes]]:
    out = []
    for d in SEED_DIRS:
        for p in sorted((ROOT / d).glob("*")):
            if p.suffix not in (".pem", ".der"):
                continue
            der = der_of(p)
            if not der:
                continue
            kind = kind_of(p, der)
            if kind is None:
                continue
            out.append((str(p.relative_to(ROOT)), kind, der))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csrkit", required=True, help="the csrkit binary")
    ap.add_argument("--mutants", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="a folder to copy each disagreeing mutant into")
    ap.add_argument("--report", help="write the figures as JSON here")
    args = ap.parse_args()

    corpus = []
    with tempfile.TemporaryDirectory() as tmp:
        # Seeds: the peer-made files that both peers read. A key algorithm csrkit does not
        # support (DSA, Ed25519, Ed448) is refused by design, so its files are no seeds.
        left_out = []
        seeds_refused = []
        for name, kind, der in seeds():
            f = os.path.join(tmp, "seed.der")
            Path(f).write_bytes(der)
            if crypto_reads(kind, der)[0] and openssl_reads(kind, f):
                verdict, err = csrkit_reads(args.csrkit, f)
                if verdict != "read" and "unsupported public-key algorithm" in err:
                    left_out.append(name)
                    continue
                if verdict != "read":
                    # A seed both peers read is a disagreement like any mutant's.
                    seeds_refused.append(f"{name}: {verdict}: {err}")
                corpus.append((name, kind, der))
        if left_out:
            print(f"left out (a key algorithm csrkit refuses): {', '.join(left_out)}")
        rng = random.Random(args.seed)
        jobs = []
        seen = set()
        while len(jobs) < args.mutants:
            name, kind, der = rng.choice(corpus)
            mutant, pos, new = mutate(rng, der)
            h = hashlib.sha256(mutant).digest()
            if h in seen:
                continue
            seen.add(h)
            jobs.append((name, kind, mutant, pos, der[pos], new))

        def judge(i_job):
            i, (name, kind, mutant, pos, old, new) = i_job
            f = os.path.join(tmp, f"m{i}.der")
            Path(f).write_bytes(mutant)
            ossl = openssl_reads(kind, f)
            cry, cry_err = crypto_reads(kind, mutant)
            ours, our_err = csrkit_reads(args.csrkit, f)
            return i, name, kind, pos, old, new, ossl, cry, cry_err, ours, our_err, mutant

        results = []
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            for r in ex.map(judge, enumerate(jobs)):
                results.append(r)

    agreed = 0
    peers_disagree = 0
    too_lenient = collections.Counter()
    too_strict = collections.Counter()
    crashes, hangs, examples = [], [], []
    for i, name, kind, pos, old, new, ossl, cry, cry_err, ours, our_err, mutant in results:
        where = f"{name} byte {pos}: {old:02x}->{new:02x}"
        if ours == "crash":
            crashes.append(f"{where}: {our_err}")
        if ours == "hang":
            hangs.append(where)
        if ossl != cry:
            peers_disagree += 1
            continue
        agreed += 1
        if ours not in ("read", "refused"):
            continue
        if ossl and ours == "refused":
            cls = error_class(our_err)
            too_strict[cls] += 1
            examples.append(("refused what both read", where, cls, mutant))
        elif not ossl and ours == "read":
            cls = error_class(cry_err)
            too_lenient[cls] += 1
            examples.append(("read what both refuse", where, "cryptography: " + cls, mutant))

    print(f"mutants: {len(results)} (seed {args.seed}, {len(corpus)} peer-made seed files)")
    print(f"peers agree on {agreed}; peers disagree on {peers_disagree} (not counted)")
    print(f"csrkit reads what both refuse: {sum(too_lenient.values())}")
    for cls, n in too_lenient.most_common():
        print(f"  {n:4}  {cls}")
    print(f"csrkit refuses what both read: {sum(too_strict.values())}")
    for cls, n in too_strict.most_common():
        print(f"  {n:4}  {cls}")
    print(f"seeds both peers read that csrkit refuses: {len(seeds_refused)}")
    for s in seeds_refused:
        print(f"  {s}")
    print(f"crashes: {len(crashes)}; hangs: {len(hangs)}")
    for c in crashes + hangs:
        print(f"  {c}")
    for what, where, cls, _ in examples[:40]:
        print(f"  e.g. {what}: {where}: {cls}")
    if args.keep:
        keep = Path(args.keep)
        keep.mkdir(parents=True, exist_ok=True)
        for n, (what, where, cls, mutant) in enumerate(examples):
            tag = "lenient" if what.startswith("read") else "strict"
            (keep / f"{n:04}-{tag}.der").write_bytes(mutant)
            (keep / f"{n:04}-{tag}.txt").write_text(f"{what}\n{where}\n{cls}\n")
    if args.report:
        Path(args.report).write_text(
            json.dumps(
                {
                    "Mutants": len(results),
                    "Seed": args.seed,
                    "SeedFiles": len(corpus),
                    "PeersAgree": agreed,
                    "PeersDisagree": peers_disagree,
                    "ReadWhatBothRefuse": dict(too_lenient),
                    "RefusedWhatBothRead": dict(too_strict),
                    "SeedsRefused": seeds_refused,
                    "Crashes": crashes,
                    "Hangs": hangs,
                },
                indent=2,
            )
        )
    bad = (
        sum(too_lenient.values())
        + sum(too_strict.values())
        + len(seeds_refused)
        + len(crashes)
        + len(hangs)
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
