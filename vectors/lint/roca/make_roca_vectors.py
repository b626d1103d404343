#!/usr/bin/env python3
"""Copy the public ROCA test vectors csrkit tests against, byte for byte, from clones of
the repositories that publish them, at the commits read:

    git clone https://github.com/crocs-muni/roca
    git clone https://github.com/badkeys/badkeys
    python3 make_roca_vectors.py path/to/roca path/to/badkeys

Files are read with `git show COMMIT:PATH`, so the clones may be at any commit (or bare).
The ten "fake" moduli are the decimal numbers of `test_fake_mods` in the roca repository's
tests/test_fingerprint.py, written one a line to fake-moduli.txt.
"""

import re
import subprocess
import sys
from pathlib import Path

ROCA_COMMIT = "df6071d502f68701427f8b1d409cab22055ad1b7"
BADKEYS_COMMIT = "9372dd3e04d7de56fd07f44c06958c82c1b43288"

# (repository, path in it, file name here). The roca repository's tests/README.md and
# test_fingerprint.py (`positive_samples`) say which are vulnerable; badkeys' test_roca.py
# says rsa-roca.key is and rsa-ok.key is not.
VULNERABLE = [
    ("roca", "roca/tests/data/mod01.txt", "mod01.txt"),
    ("roca", "roca/tests/data/mod02.txt", "mod02.txt"),
    ("roca", "roca/tests/data/mod03.txt", "mod03.txt"),
    ("roca", "roca/tests/data/mod08.txt", "mod08.txt"),
    ("roca", "roca/tests/data/mod09.txt", "mod09.txt"),
    ("roca", "roca/tests/data/cert04.pem", "cert04.pem"),
    ("roca", "roca/tests/data/csr05.pem", "csr05.pem"),
    ("roca", "roca/tests/data/pubkey03.pem", "pubkey03.pem"),
    ("badkeys", "tests/data/rsa-roca.key", "badkeys-rsa-roca.key"),
]
NOT_VULNERABLE = [
    ("roca", "roca/tests/data/mod04.txt", "mod04.txt"),
    ("roca", "roca/tests/data/cert01.pem", "cert01.pem"),
    ("roca", "roca/tests/data/csr03.pem", "csr03.pem"),
    ("roca", "roca/tests/data/pubkey01.pem", "pubkey01.pem"),
    ("badkeys", "tests/data/rsa-ok.key", "badkeys-rsa-ok.key"),
]


def show(clone, commit, path):
    return subprocess.run(
        ["git", "-C", clone, "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    clones = {"roca": (sys.argv[1], ROCA_COMMIT), "badkeys": (sys.argv[2], BADKEYS_COMMIT)}
    here = Path(__file__).resolve().parent
    for sub, files in (("vulnerable", VULNERABLE), ("not-vulnerable", NOT_VULNERABLE)):
        (here / sub).mkdir(exist_ok=True)
        for repo, path, name in files:
            clone, commit = clones[repo]
            (here / sub / name).write_bytes(show(clone, commit, path))
    test = show(*clones["roca"], "roca/tests/test_fingerprint.py").decode()
    block = test.split("fake_mods = [", 1)[1].split("]", 1)[0]
    fakes = re.findall(r"\d+", block)
    assert len(fakes) == 10, len(fakes)
    (here / "not-vulnerable" / "fake-moduli.txt").write_text("\n".join(fakes) + "\n")


if __name__ == "__main__":
    main()
