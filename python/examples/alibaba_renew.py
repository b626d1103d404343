#!/usr/bin/env python3
"""Renew what is due in a folder and build the Alibaba Cloud SDK's UploadCsr requests.

    python python/examples/alibaba_renew.py CERT_DIR [--days 30] [--out renewed]
        [--key-password-env VAR]

For every certificate under CERT_DIR that expires within --days (the expired ones too):
with its key under the folder (a key file, an encrypted one, a PKCS#12 bundle), a CSR
for the same key; without it, a CSR for a new key of the same family and size (SM2 stays
SM2, RSA-3072 stays RSA-3072, P-384 stays P-384). The subject byte for byte, the SANs and
the usages are carried over. Each CSR is written to --out as NAME.csr.pem, each new key
as NAME.key.pem (mode 0600, encrypted with the password when one is given; never over an
existing file), and the `alibabacloud_cas20200407` model's `UploadCsrRequest` is built
from csrkit's checked body.

NAME is the UploadCsr name: 1 to 50 of `A-Z a-z 0-9 _ -`, from the file's name with
every other character as `_`; a name with no letter or digit left (a CJK or wildcard
file name: 客户门户, *) becomes `csr-` and the first 16 hex digits of the key's KeySha2,
and a name already taken gets `-2`, `-3`, ...

No network call is made: the requests are printed, the key masked, as they would be sent
(`client.upload_csr(request)`).
"""

import argparse
import os
import pathlib
import string
import sys
from typing import Dict, Optional, Set

from alibabacloud_cas20200407.models import UploadCsrRequest

import csrkit

# The UploadCsr name rule: 1 to 50 of these (str.isalnum() is not it: it accepts CJK).
NAME_CHARACTERS = frozenset(string.ascii_letters + string.digits + "_-")
NAME_MAX = 50


def upload_name(stem: str, key_sha2: str, taken: Set[str]) -> str:
    """The UploadCsr name for a file's stem, unique among `taken` (which it joins)."""
    name = "".join(c if c in NAME_CHARACTERS else "_" for c in stem)[:NAME_MAX]
    if not any(c.isascii() and c.isalnum() for c in name):
        name = f"csr-{key_sha2[:16]}"
    base, n = name, 2
    while name in taken:
        suffix = f"-{n}"
        name = base[: NAME_MAX - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name


def same_family(entry: csrkit.CertificateListEntry) -> csrkit.Algorithm:
    """A new key's algorithm for a certificate: its family and size."""
    if entry["Algorithm"] == "SM2":
        return "sm2"
    if entry["Algorithm"] == "RSA":
        size = entry["KeySize"]
        return "rsa4096" if size > 3072 else "rsa3072" if size > 2048 else "rsa2048"
    return "p384" if entry["KeySize"] > 256 else "p256"


def write_new(path: pathlib.Path, text: str, mode: int) -> None:
    """Writes a file that does not exist yet, created with `mode` (0600 for a key)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def mask(pem: Optional[str]) -> Optional[str]:
    return None if pem is None else pem.split("\n", 1)[0] + "\n…(masked)…"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--out", type=pathlib.Path, default=pathlib.Path("renewed"))
    ap.add_argument("--key-password-env")
    args = ap.parse_args()
    password = os.environ[args.key_password_env] if args.key_password_env else None

    due = csrkit.list_folder(args.dir, certs=True, expiring=args.days, size=1000, key_password=password)
    print(f"{due['TotalCount']} certificate(s) under {args.dir} expire within {args.days} days")
    args.out.mkdir(mode=0o700, parents=True, exist_ok=True)
    taken: Set[str] = set()
    requests: Dict[str, UploadCsrRequest] = {}
    for entry in due["CertificateList"]:
        certificate = pathlib.Path(entry["File"])
        key_file = entry["KeyFile"]
        if key_file is not None:
            pair = csrkit.renew(certificate, key=pathlib.Path(key_file), key_password=password)
            how = f"same key ({pathlib.Path(key_file).name})"
        else:
            algorithm = same_family(entry)
            pair = csrkit.renew(certificate, new_key=algorithm, key_password=password)
            how = f"new {algorithm} key"
        name = upload_name(entry["Name"] or certificate.stem, csrkit.inspect(pair.csr_pem)["KeySha2"], taken)
        write_new(args.out / f"{name}.csr.pem", pair.csr_pem, 0o644)
        key = pathlib.Path(key_file) if key_file is not None else args.out / f"{name}.key.pem"
        if pair.key_pem is not None:
            write_new(key, pair.key_pem, 0o600)
        body = csrkit.upload_csr_request(pair.csr_pem, key=key, key_password=password, name=name)
        requests[name] = UploadCsrRequest().from_map(body)
        days = entry["DaysLeft"]
        when = f"{days} days left" if days >= 0 else f"expired (DaysLeft {days})"
        print(f"- {certificate.name} ({entry['CommonName']}, {when}): {how} -> {name}")
    for name, r in requests.items():
        shown = r.to_map()
        shown["Key"] = mask(shown.get("Key"))
        shown["Csr"] = shown["Csr"].split("\n", 1)[0] + "…"
        print("would send UploadCsr:", shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
