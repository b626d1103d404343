"""csrkit: generate and inspect CSRs, inspect certificates, read keys and PKCS#12 bundles,
with the fields the cloud certificate APIs use (Alibaba Cloud CAS ``ListCsr``,
``UploadCsr``, ``ListCert``, ``ListClientCertificate``; Huawei Cloud's private CA).

Every function is the csrkit library's, through a thin PyO3 layer: dicts carry the APIs'
own keys and types, so the vendors' SDK models read them
(``alibabacloud_cas20200407.models.UploadCsrRequest().from_map(body)``).

Inputs (``data``, ``key``, ``cert``, ``issuer``, ``csr``) are ``bytes`` or ``str`` holding
PEM or DER, or an ``os.PathLike`` naming a file. Errors are :class:`csrkit.Error` (a
``ValueError``) and its subclasses, ``FileExistsError`` and ``OSError``. Key generation,
signing, folder work and PKCS#12 key derivation release the GIL.
"""

from ._native import (
    Error,
    InvalidName,
    KeyMismatch,
    MalformedInput,
    Pair,
    UnsupportedAlgorithm,
    WeakKey,
    WrongPassword,
    generate,
    inspect,
    list_folder,
    pkcs12,
    reconcile,
    renew,
    upload_csr_request,
)

__all__ = [
    "Error",
    "InvalidName",
    "KeyMismatch",
    "MalformedInput",
    "Pair",
    "UnsupportedAlgorithm",
    "WeakKey",
    "WrongPassword",
    "generate",
    "inspect",
    "list_folder",
    "pkcs12",
    "reconcile",
    "renew",
    "upload_csr_request",
]
