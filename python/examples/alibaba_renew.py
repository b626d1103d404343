#!/usr/bin/env python3
"""Renew what is due in a folder and build the Alibaba Cloud SDK's UploadCsr requests.

    python python/examples/alibaba_renew.py CERT_DIR [--days 30] [--key-password-env VAR]

For every certificate under CERT_DIR that expires within --days (the expired ones too),
with its key under the folder (a key file, an encrypted one, a PKCS#12 bundle): a CSR
for the same key, the subject byte for byte, the SANs and usages carried over, and the
`alibabacloud_cas20200407` model's `UploadCsrRequest` built from csrkit's checked body.
A certificate without its key is renewed with a new P-256 key instead.

No network call is made: the requests are printed, the key masked, as they would be sent
(`client.upload_csr(request)`).
"""

import argparse
import os
import pathlib
import sys

from alibabacloud_cas20200407.models import UploadCsrRequest

import csrkit


def mask(pem):
    return None if pem is None else pem.split("\n", 1)[0] + "\n…(masked)…"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=pathlib.Path)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--key-password-env")
    args = ap.parse_args()
    password = os.environ[args.key_password_env] if args.key_password_env else None

    due = csrkit.list_folder(args.dir, certs=True, expiring=args.days, size=1000, key_password=password)
    print(f"{due['TotalCount']} certificate(s) under {args.dir} expire within {args.days} days")
    requests = []
    for entry in due["CertificateList"]:
        if entry["KeyFile"]:
            pair = csrkit.renew(pathlib.Path(entry["File"]), key=pathlib.Path(entry["KeyFile"]), key_password=password)
            key = pathlib.Path(entry["KeyFile"])
        else:
            pair = csrkit.renew(pathlib.Path(entry["File"]), new_key="ecc")
            key = pair.key_pem
        name = "".join(c if c.isalnum() or c in "_-" else "_" for c in entry["Name"])[:50]
        body = csrkit.upload_csr_request(pair.csr_pem, key=key, key_password=password, name=name)
        requests.append(UploadCsrRequest().from_map(body))
        when = f"{entry['DaysLeft']} days left" if entry["DaysLeft"] >= 0 else f"expired (DaysLeft {entry['DaysLeft']})"
        print(f"- {entry['Name']} ({entry.get('CommonName')}, {when}): "
              f"{'same key' if entry['KeyFile'] else 'new P-256 key'}")
    for r in requests:
        shown = r.to_map()
        shown["Key"] = mask(shown.get("Key"))
        print("would send UploadCsr:", {k: (v if k != "Csr" else v.split("\n", 1)[0] + "…") for k, v in shown.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
