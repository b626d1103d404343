"""csrkit: generate and inspect CSRs, inspect certificates, read keys and PKCS#12 bundles,
with the fields the cloud certificate APIs use (Alibaba Cloud CAS ``ListCsr``,
``UploadCsr``, ``ListCert``, ``ListClientCertificate``; Huawei Cloud's private CA).

Every function is the csrkit library's, through a thin PyO3 layer: dicts carry the APIs'
own keys and types, so the vendors' SDK models read them
(``alibabacloud_cas20200407.models.UploadCsrRequest().from_map(body)``), and each has a
``TypedDict`` (:class:`CsrInfo`, :class:`CertInfo`, :class:`ListCsrResponse`, ...).

Inputs (``data``, ``key``, ``cert``, ``issuer``, ``csr``, ``chain``), one rule: ``bytes``
is content (PEM or DER); a ``str`` holding a PEM block (``-----BEGIN``) is content; any
other ``str``, and any ``os.PathLike``, is a path (``FileNotFoundError`` naming it when
missing). An error about a file's content names the file.

Errors: :class:`csrkit.Error` (a ``ValueError``) and its subclasses, the argument named
as the CLI names its flags (``new_key=``, ``certs=True``); ``TypeError`` for an argument
of a wrong type; ``FileNotFoundError``, ``NotADirectoryError``, ``FileExistsError`` (and
the other ``OSError`` subclasses) for paths. The empty password is refused, as the CLI refuses
it: a key or bundle with no password (or the empty one) is read with none given.

Key generation, signing, folder work and PKCS#12 key derivation release the GIL.
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
    __version__,
    generate,
    inspect,
    inspect_all,
    list_folder,
    pkcs12,
    reconcile,
    renew,
    upload_csr_request,
    upload_csr_requests,
    due,
    renew_folder,
    lint,
    report,
)
from ._types import (
    RenewResult,
    LockedFile,
    SkippedCert,
    RenewedCert,
    DueCert,
    Algorithm,
    BasicConstraintsInfo,
    CertificateListEntry,
    CertInfo,
    Content,
    CsrInfo,
    CsrListEntry,
    Info,
    KeyInfo,
    KeyType,
    LintFinding,
    LintProfile,
    LintResult,
    ListClientCertificateResponse,
    ListCsrResponse,
    LocalFile,
    Match,
    PartialPages,
    Password,
    Passwords,
    Profile,
    Reconciliation,
    RemoteEntry,
    SanEntry,
    SkippedFile,
    StrPath,
    UploadCsrRequest,
)

__all__ = [
    "RenewResult",
    "LockedFile",
    "SkippedCert",
    "RenewedCert",
    "DueCert",
    "Algorithm",
    "BasicConstraintsInfo",
    "CertInfo",
    "CertificateListEntry",
    "Content",
    "CsrInfo",
    "CsrListEntry",
    "Error",
    "Info",
    "InvalidName",
    "KeyMismatch",
    "KeyInfo",
    "KeyType",
    "LintFinding",
    "LintProfile",
    "LintResult",
    "lint",
    "report",
    "ListClientCertificateResponse",
    "ListCsrResponse",
    "LocalFile",
    "MalformedInput",
    "Match",
    "Pair",
    "PartialPages",
    "Password",
    "Passwords",
    "Profile",
    "Reconciliation",
    "RemoteEntry",
    "SanEntry",
    "SkippedFile",
    "StrPath",
    "UnsupportedAlgorithm",
    "UploadCsrRequest",
    "WeakKey",
    "WrongPassword",
    "__version__",
    "generate",
    "inspect",
    "inspect_all",
    "list_folder",
    "pkcs12",
    "reconcile",
    "renew",
    "upload_csr_request",
    "upload_csr_requests",
    "due",
    "renew_folder",
]
