"""The types of csrkit's arguments and of the dicts it returns.

Each dict csrkit returns has a ``TypedDict`` here, with the APIs' own keys and types
(Alibaba Cloud CAS ``ListCsr``, ``ListClientCertificate``, ``UploadCsr``; csrkit's
inspection and reconciliation), so that ``mypy --strict`` checks ``info["SubjectDN"]``
and the vendors' SDK models read the same dicts (``UploadCsrRequest().from_map(body)``).

A key that csrkit always writes is required; a key that only the API's own answers
carry (``CsrId``, ``Identifier``, ``RequestId``, ...) is in the ``total=False`` part, so
that a dict read back from an SDK model's ``to_map()`` has the same type.
"""

import os
from typing import List, Literal, Optional, Sequence, TypedDict, Union

__all__ = [
    "RenewResult",
    "LockedFile",
    "SkippedCert",
    "RenewedCert",
    "DueCert",
    "Algorithm",
    "BasicConstraintsInfo",
    "CertificateListEntry",
    "CertInfo",
    "Content",
    "CsrInfo",
    "CsrListEntry",
    "Info",
    "KeyInfo",
    "KeyType",
    "ListClientCertificateResponse",
    "ListCsrResponse",
    "LocalFile",
    "Match",
    "PartialPages",
    "Password",
    "Passwords",
    "Profile",
    "Reconciliation",
    "RemoteEntry",
    "SanEntry",
    "SkippedFile",
    "StrPath",
    "UploadCsrRequest",
]

#: A path: a ``str`` or an ``os.PathLike`` (``pathlib.Path``).
StrPath = Union[str, os.PathLike[str]]
#: An input (``data``, ``key``, ``cert``, ``issuer``, ``csr``, ``chain``): ``bytes`` is
#: content (PEM or DER); a ``str`` holding a PEM block (``-----BEGIN``) is content; any
#: other ``str``, and any ``os.PathLike``, is a path.
Content = Union[bytes, str, os.PathLike[str]]
#: A password: ``str`` (its UTF-8) or ``bytes``; never empty.
Password = Union[str, bytes]
#: The passwords of a folder's keys and bundles: one, or a list tried in turn.
Passwords = Union[str, bytes, Sequence[Password]]
# The aliases of several literals are written as unions of literals, the form both mypy
# and the runtime (typing.Union) see as a union: mypy.stubtest compares them.
#: An algorithm of a new key.
Algorithm = Union[
    Literal["rsa2048"],
    Literal["rsa3072"],
    Literal["rsa4096"],
    Literal["ecc"],
    Literal["p256"],
    Literal["p384"],
    Literal["sm2"],
]
#: A profile: the usages a new CSR asks for.
Profile = Union[Literal["server"], Literal["client"], Literal["ca"]]
#: The APIs' ``Algorithm`` field: the family of a public key.
KeyType = Union[Literal["RSA"], Literal["ECC"], Literal["SM2"]]


class SanEntry(TypedDict):
    """A SAN as the APIs report it: ``Type`` 1 email, 2 DNS, 6 URI, 7 IP."""

    Type: int
    Value: str


class BasicConstraintsInfo(TypedDict):
    """basicConstraints: ``CA``, and ``PathLen`` (``None`` when absent)."""

    CA: bool
    PathLen: Optional[int]


class CsrInfo(TypedDict):
    """An inspected CSR (``inspect``): the ``ListCsr`` ``CsrList`` fields and csrkit's own."""

    Kind: Literal["CSR"]
    Algorithm: KeyType
    KeySize: int
    KeySha2: str
    CommonName: Optional[str]
    CountryCode: Optional[str]
    Province: Optional[str]
    Locality: Optional[str]
    CorpName: Optional[str]
    Department: Optional[str]
    Sans: str
    SanEntries: List[SanEntry]
    SubjectDN: str
    SignAlgorithm: str
    SignatureValid: Optional[bool]
    SignatureNote: Optional[str]
    Sha2: str
    Md5: str
    HasPrivateKey: bool
    Name: Optional[str]
    KeyUsage: Optional[List[str]]
    ExtendedKeyUsage: Optional[List[str]]
    BasicConstraints: Optional[BasicConstraintsInfo]


class CertInfo(TypedDict):
    """An inspected certificate (``inspect``): the ``ListClientCertificate``
    ``CertificateList`` fields and csrkit's own. ``Sans`` is a string holding the JSON
    array, as the API returns it; ``SanEntries`` the same as a list."""

    Kind: Literal["CERTIFICATE"]
    SerialNumber: str
    SubjectDN: str
    CommonName: Optional[str]
    Organization: Optional[str]
    OrganizationUnit: Optional[str]
    Locality: Optional[str]
    State: Optional[str]
    CountryCode: Optional[str]
    Sans: str
    SanEntries: List[SanEntry]
    BeforeDate: int
    AfterDate: int
    Days: int
    Algorithm: KeyType
    KeySize: int
    KeySha2: str
    SignAlgorithm: str
    Sha2: str
    Md5: str
    CertificateType: Literal["CA", "CLIENT", "SERVER", "END_ENTITY"]
    IssuerDN: str
    X509Certificate: str
    SignatureValid: Optional[bool]
    SignatureNote: Optional[str]
    HasPrivateKey: bool
    KeyUsage: Optional[List[str]]
    ExtendedKeyUsage: Optional[List[str]]
    BasicConstraints: Optional[BasicConstraintsInfo]
    DaysLeft: int


class LintFinding(TypedDict):
    """One finding of ``lint``: a stable ``Id`` (``san.internal_name``), its severity, a
    message naming the value, the rule's source, and the zlint / pkilint equivalents."""

    Id: str
    Severity: Literal["error", "warning", "notice"]
    Message: str
    Source: str
    Zlint: Optional[str]
    Pkilint: Optional[str]


class LintResult(TypedDict):
    """The findings of one CSR or certificate (``lint``; ``File`` names a bundle's
    second object ``FILE#2``)."""

    File: str
    Kind: Literal["CSR", "CERTIFICATE"]
    CommonName: Optional[str]
    Findings: List[LintFinding]


#: A lint profile.
LintProfile = Union[
    Literal["cabf"],
    Literal["alibaba"],
    Literal["huawei"],
    Literal["letsencrypt"],
    Literal["private"],
    Literal["gm"],
]


class KeyInfo(TypedDict):
    """A private key alone (``inspect`` of a key file): ``Kind`` is ``"KEY"``;
    ``KeySha2`` is the SHA-256 of its public key's SubjectPublicKeyInfo DER (lowercase
    hex), ``Format`` how the file stores it."""

    Kind: Literal["KEY"]
    Algorithm: KeyType
    KeySize: int
    KeySha2: str
    Encrypted: bool
    Format: Union[Literal["PKCS#8"], Literal["PKCS#1"], Literal["SEC1"], Literal["PKCS#12"], Literal["legacy PEM"]]


#: What ``inspect`` returns: ``Kind`` says which (``info["Kind"] == "CERTIFICATE"``
#: narrows it to :class:`CertInfo`).
Info = Union[CsrInfo, CertInfo]


class _CsrListEntryRequired(TypedDict):
    Name: str
    Algorithm: KeyType
    KeySize: int
    KeySha2: str
    CommonName: Optional[str]
    Sans: str
    CountryCode: Optional[str]
    Province: Optional[str]
    Locality: Optional[str]
    CorpName: Optional[str]
    Department: Optional[str]
    HasPrivateKey: bool
    Kind: Literal["CSR"]
    SubjectDN: str
    SanEntries: List[SanEntry]
    SignAlgorithm: str
    SignatureValid: Optional[bool]
    SignatureNote: Optional[str]
    Sha2: str
    Md5: str
    File: str
    KeyFile: Optional[str]


class CsrListEntry(_CsrListEntryRequired, total=False):
    """A ``CsrList`` element of ``ListCsr`` for a local CSR (``list_folder``): ``File``
    and ``KeyFile`` are the files; ``CsrId`` is the API's only."""

    CsrId: int


class DueCert(CertInfo):
    """A certificate due for renewal (``due``): its dict as ``inspect`` gives it, with
    ``Files`` (the files that hold it), ``KeyFile`` (its key under the folder, or None)
    and ``DaysLeft``."""

    Files: List[str]
    KeyFile: Optional[str]


class RenewedCert(TypedDict):
    """A certificate ``renew_folder`` renewed: the new ``Csr`` file, its ``Key`` file
    (``NewKey`` when csrkit made it), the usages the new key cannot have, and the key
    family change (``"RSA-2048 → ECC P-256"``) when there is one."""

    Certificate: Optional[str]
    Files: List[str]
    Csr: str
    Key: Optional[str]
    NewKey: bool
    DaysLeft: int
    DroppedUsages: List[str]
    KeyChange: Optional[str]
    Findings: List[LintFinding]


class SkippedCert(TypedDict):
    """A due certificate (or a file that may hold one) ``renew_folder`` did not renew,
    with why."""

    Certificate: Optional[str]
    Files: List[str]
    Reason: str
    Kind: str


class LockedFile(TypedDict):
    """A file no password given opens."""

    File: str
    Reason: str


class RenewResult(TypedDict):
    """What ``renew_folder`` did, as ``csrkit renew DIR --json`` prints it."""

    Renewed: List[RenewedCert]
    Skipped: List[SkippedCert]
    Locked: List[LockedFile]


class SkippedFile(TypedDict):
    """A file a folder call left out: ``File``, why (``Reason``), and its ``Kind``
    (``"Locked"``, ``"Malformed"``, ``"NotCertificateOrKey"``, ...)."""

    File: str
    Reason: str
    Kind: str


class _ListCsrResponseRequired(TypedDict):
    CsrList: List[CsrListEntry]
    TotalCount: int
    CurrentPage: int
    ShowSize: int
    PageCount: int
    Skipped: List[SkippedFile]


class ListCsrResponse(_ListCsrResponseRequired, total=False):
    """The ``ListCsr`` response body (``list_folder``); ``RequestId`` is the API's only."""

    RequestId: str


class _CertificateListEntryRequired(TypedDict):
    X509Certificate: str
    SerialNumber: str
    SubjectDN: str
    CommonName: Optional[str]
    OrganizationUnit: Optional[str]
    Organization: Optional[str]
    Locality: Optional[str]
    State: Optional[str]
    CountryCode: Optional[str]
    Sans: str
    BeforeDate: int
    AfterDate: int
    Algorithm: KeyType
    KeySize: int
    SignAlgorithm: str
    CertificateType: str
    Sha2: str
    Md5: str
    Days: int
    Kind: Literal["CERTIFICATE"]
    SanEntries: List[SanEntry]
    KeySha2: str
    IssuerDN: str
    SignatureValid: Optional[bool]
    SignatureNote: Optional[str]
    HasPrivateKey: bool
    Name: Optional[str]
    DaysLeft: int
    File: str
    KeyFile: Optional[str]


class CertificateListEntry(_CertificateListEntryRequired, total=False):
    """A ``CertificateList`` element of ``ListClientCertificate`` for a local certificate
    (``list_folder(certs=True)``): ``File``, and ``KeyFile`` the key file or PKCS#12
    bundle that matches; the other keys are the API's only."""

    Identifier: str
    Status: str
    ParentIdentifier: str
    ResourceGroupId: str


class _ListClientCertificateResponseRequired(TypedDict):
    CertificateList: List[CertificateListEntry]
    CurrentPage: int
    PageCount: int
    ShowSize: int
    TotalCount: int
    Skipped: List[SkippedFile]


class ListClientCertificateResponse(_ListClientCertificateResponseRequired, total=False):
    """The ``ListClientCertificate`` response body (``list_folder(certs=True)``);
    ``RequestId`` and ``MaxResults`` are the API's only."""

    RequestId: str
    MaxResults: int


class _UploadCsrRequestRequired(TypedDict):
    Csr: str


class UploadCsrRequest(_UploadCsrRequestRequired, total=False):
    """The ``UploadCsr`` request body (``upload_csr_request``): ``Name`` and ``Key`` when
    given."""

    Name: str
    Key: str


class _RemoteEntryRequired(TypedDict):
    Page: int
    Index: int


class RemoteEntry(_RemoteEntryRequired, total=False):
    """A remote entry of a reconciliation: its page (1-based) and index (0-based), and
    the id fields it has."""

    CsrId: int
    Id: str
    Identifier: str
    Name: str
    CommonName: str
    KeySha2: str
    Sha2: str
    SerialNumber: str
    CertificateId: int
    OrderId: int
    InstanceId: str
    SerialNo: str


class _LocalFileRequired(TypedDict):
    File: str
    Kind: Literal["csr", "certificate", "key"]
    Key: Optional[str]
    CommonName: Optional[str]
    Fingerprint: str


class LocalFile(_LocalFileRequired, total=False):
    """A local CSR or certificate file no remote entry matches (relative to the folder)."""

    SerialNumber: str


class Match(TypedDict):
    """A remote entry with its local file, and the field they matched on."""

    Remote: RemoteEntry
    Local: str
    Key: Optional[str]
    MatchedOn: Literal["KeySha2", "Sha2", "SerialNumber", "SerialNo"]
    LocalKind: Literal["csr", "certificate", "key"]


class PartialPages(TypedDict):
    """The pages given hold ``Entries`` of ``TotalCount`` entries."""

    Entries: int
    TotalCount: int


class _ReconciliationRequired(TypedDict):
    Api: Literal["ListCsr", "ListCert", "ListClientCertificate", "ListUserCertificateOrder"]
    Matched: List[Match]
    RemoteOnly: List[RemoteEntry]
    LocalOnly: List[LocalFile]
    LocalCa: List[LocalFile]


class Reconciliation(_ReconciliationRequired, total=False):
    """What ``reconcile`` returns; ``Partial`` when the pages are not the whole list."""

    Partial: PartialPages
