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

import os
from typing import Any, List, Literal, Mapping, Optional, Sequence, Union, final, overload

from ._types import Algorithm as Algorithm
from ._types import RenewResult as RenewResult
from ._types import LockedFile as LockedFile
from ._types import SkippedCert as SkippedCert
from ._types import RenewedCert as RenewedCert
from ._types import DueCert as DueCert
from ._types import LintFinding as LintFinding
from ._types import LintProfile as LintProfile
from ._types import LintResult as LintResult
from ._types import BasicConstraintsInfo as BasicConstraintsInfo
from ._types import CertificateListEntry as CertificateListEntry
from ._types import CertInfo as CertInfo
from ._types import Content as Content
from ._types import CsrInfo as CsrInfo
from ._types import CsrListEntry as CsrListEntry
from ._types import Info as Info
from ._types import KeyInfo as KeyInfo
from ._types import KeyType as KeyType
from ._types import ListClientCertificateResponse as ListClientCertificateResponse
from ._types import ListCsrResponse as ListCsrResponse
from ._types import LocalFile as LocalFile
from ._types import Match as Match
from ._types import PartialPages as PartialPages
from ._types import Password as Password
from ._types import Passwords as Passwords
from ._types import Profile as Profile
from ._types import Reconciliation as Reconciliation
from ._types import RemoteEntry as RemoteEntry
from ._types import SanEntry as SanEntry
from ._types import SkippedFile as SkippedFile
from ._types import StrPath as StrPath
from ._types import UploadCsrRequest as UploadCsrRequest

__version__: str
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

class Error(ValueError):
    """Every csrkit error: a `ValueError`."""

class MalformedInput(Error):
    """Input that does not parse: bad PEM or DER, a truncated or oversized file, a bundle without what is asked of it."""

class UnsupportedAlgorithm(Error):
    """A key or signature algorithm csrkit does not support (its OID in the message)."""

class WeakKey(Error):
    """An RSA key under 2048 bits, where a CA needs one (signing, uploading)."""

class KeyMismatch(Error):
    """A private key that is not the key of the CSR or certificate."""

class WrongPassword(Error):
    """A password that is missing or wrong for an encrypted key or a PKCS#12 bundle."""

class InvalidName(Error):
    """A subject (DN) value, a SAN or a CSR name the rules refuse."""

@final
class Pair:
    """A CSR and, when csrkit made one, its key."""

    @property
    def csr_pem(self) -> str:
        """The CSR, strict PEM (`CERTIFICATE REQUEST`)."""
    @property
    def csr_der(self) -> bytes:
        """The CSR's DER."""
    @property
    def key_pem(self) -> Optional[str]:
        """The new key as PKCS#8 PEM (`ENCRYPTED PRIVATE KEY` when a password was given), or
        `None` when the key was given.
        """

def generate(
    *,
    algorithm: Algorithm = "ecc",
    subject: Optional[str] = None,
    cn: Optional[str] = None,
    country: Optional[str] = None,
    state: Optional[str] = None,
    locality: Optional[str] = None,
    org: Optional[str] = None,
    ou: Union[str, Sequence[str], None] = None,
    email: Optional[str] = None,
    sans: Optional[Sequence[str]] = None,
    profile: Profile = "server",
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    request: Optional[Mapping[str, Any]] = None,
) -> Pair:
    """Generates a key (or takes `key`) and signs a CSR, as `csrkit generate` does.

    With no argument: ECC P-256, profile `server`, CN `localhost` and the SAN `localhost`.
    `subject` is a whole DN (RFC 4514, or OpenSSL's `/C=CN/CN=…`) instead of the fields;
    `sans` a list of `dns:`, `email:`, `uri:`, `ip:` or bare values (the CN is the SAN
    when none is given and it can be); `request` a Huawei export-CSR body (dict).
    `key_password` encrypts the new key (or opens the given one).

    >>> import csrkit
    >>> pair = csrkit.generate(cn="www.example.com", country="CN", org="Example Co")
    >>> pair.csr_pem.startswith("-----BEGIN CERTIFICATE REQUEST-----")
    True
    >>> info = csrkit.inspect(pair.csr_pem, key=pair.key_pem)
    >>> info["CommonName"], info["Sans"], info["HasPrivateKey"], info["SignatureValid"]
    ('www.example.com', 'www.example.com', True, True)
    """

def renew(
    data: Content,
    *,
    key: Optional[Content] = None,
    new_key: Optional[Algorithm] = None,
    key_password: Optional[Password] = None,
    sans: Optional[Sequence[str]] = None,
    profile: Optional[Profile] = None,
) -> Pair:
    """A CSR that renews a certificate (or repeats a CSR), as `csrkit renew` does: the
    subject byte for byte, the SANs, keyUsage, extKeyUsage and basicConstraints.

    `key` renews with the same key (it must be the certificate's); `new_key` (an
    algorithm: `"ecc"`, `"p384"`, `"rsa2048"`, `"sm2"`, …) makes a new one and keeps only
    the usages it can have. A PKCS#12 bundle as `data` renews with its own key when
    neither is given. `sans` and `profile` replace what was carried over.
    `key_password` opens the key or bundle, and encrypts a new key.

    >>> import csrkit
    >>> old = csrkit.generate(cn="old.example.com")
    >>> new = csrkit.renew(old.csr_pem, key=old.key_pem)
    >>> csrkit.inspect(new.csr_pem)["SubjectDN"], new.key_pem is None
    ('CN=old.example.com', True)
    """

def inspect(
    data: Content,
    *,
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    issuer: Optional[Content] = None,
    name: Optional[str] = None,
) -> Union[Info, KeyInfo]:
    """The API fields of a CSR or certificate (a dict with the APIs' keys), as
    `csrkit inspect --json`; for a file of several certificates (a fullchain, a PKCS#12
    bundle) its first: the leaf (`inspect_all` gives them all). `key` checks the pair
    (`HasPrivateKey`); `issuer` (a certificate or a bundle) checks a certificate's
    signature; `name` carries an UploadCsr name (checked). `Kind` (`"CSR"` or
    `"CERTIFICATE"`) says which dict it is; a private key alone gives its facts (`"KEY"`:
    `Algorithm`, `KeySize`, `KeySha2`, `Encrypted`, `Format`).

    >>> import csrkit
    >>> pem = csrkit.generate(cn="api.example.com", sans=["api.example.com", "192.0.2.1"]).csr_pem
    >>> info = csrkit.inspect(pem)
    >>> info["Sans"], info["Algorithm"], info["KeySize"], info["KeyUsage"]
    ('api.example.com,192.0.2.1', 'ECC', 256, ['Digital Signature'])
    """

def inspect_all(
    data: Content,
    *,
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    issuer: Optional[Content] = None,
    name: Optional[str] = None,
) -> List[Union[Info, KeyInfo]]:
    """Every CSR and certificate of `data` (a fullchain, a PKCS#12 bundle: the leaf first,
    then its chain), each dict as `inspect` returns it.

    >>> import csrkit
    >>> a, b = csrkit.generate(cn="a.example.com"), csrkit.generate(cn="b.example.com")
    >>> [i["CommonName"] for i in csrkit.inspect_all(a.csr_pem + b.csr_pem)]
    ['a.example.com', 'b.example.com']
    """

def upload_csr_request(
    csr: Content,
    *,
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    name: Optional[str] = None,
) -> UploadCsrRequest:
    """The checked `UploadCsr` request body (`Name`, `Csr`, `Key`), as
    `csrkit upload-request`: the name follows the page's rule, the CSR verifies, its key
    is not weak, and the key (when given) is the CSR's. An RSA key is written as PKCS#1,
    as the API page shows.

    >>> import csrkit
    >>> pair = csrkit.generate(cn="up.example.com")
    >>> body = csrkit.upload_csr_request(pair.csr_pem, key=pair.key_pem, name="up-01")
    >>> sorted(body), body["Key"].startswith("-----BEGIN PRIVATE KEY-----")
    (['Csr', 'Key', 'Name'], True)
    """

def upload_csr_requests(
    folder: StrPath,
    *,
    key_password: Optional[Passwords] = None,
    keys: Union[StrPath, Sequence[StrPath], None] = None,
) -> List[UploadCsrRequest]:
    """The `UploadCsr` request bodies of every CSR under a folder with its key there, as
    `csrkit upload-request DIR`: each named from its CN (unique), checked as
    `upload_csr_request` checks one, an RSA key written as PKCS#1 (as the API page shows).
    `key_password` (one password or a list, each tried in turn) opens encrypted keys and
    bundles. `keys`: more folders where the keys are looked for (the folder a same-key
    `renew_folder` renewed: its keys stay there), as `--keys DIR`. A CSR with no key,
    one the API would refuse, or a copy of another is left out, as the CLI leaves it out.

    >>> import csrkit, tempfile, pathlib
    >>> d, k = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
    >>> pair = csrkit.generate(cn="web.example.com")
    >>> _ = (d / "web.csr").write_text(pair.csr_pem)
    >>> _ = (k / "web.key").write_text(pair.key_pem or "")
    >>> csrkit.upload_csr_requests(d)
    []
    >>> [sorted(b) for b in csrkit.upload_csr_requests(d, keys=[k])]
    [['Csr', 'Key', 'Name']]
    """

def lint(
    data: Content,
    *,
    profile: LintProfile = "cabf",
    at: Optional[str] = None,
    key_password: Optional[Passwords] = None,
) -> List[LintResult]:
    """What a CA or a browser will refuse in a CSR or certificate, as `csrkit lint --json`:
    one dict per CSR or certificate of `data` (a bundle certificate by certificate), each
    `{"File", "Kind", "CommonName", "Findings": [{"Id", "Severity", "Message", "Source",
    "Zlint", "Pkilint"}]}`. `profile`: cabf (public TLS, the default), alibaba, huawei,
    letsencrypt, private or gm; `at`: "now" as YYYY-MM-DD or RFC 3339.

    >>> import csrkit
    >>> [r] = csrkit.lint(csrkit.generate(cn="localhost").csr_pem)
    >>> r["Kind"], sorted({f["Id"] for f in r["Findings"] if f["Severity"] == "error"})
    ('CSR', ['san.internal_name', 'subject.cn_internal_name'])
    """

def report(
    folders: Union[StrPath, Sequence[StrPath]],
    *,
    profile: LintProfile = "cabf",
    at: Optional[str] = None,
    key_password: Optional[Passwords] = None,
) -> str:
    """The report of the certificates under `folders` (one path or a list), as
    `csrkit report`: one self-contained HTML page (inline CSS and SVG, a
    Content-Security-Policy that allows only its own script), returned as a str.
    `profile` is the lint profile of its lint column; `at` sets "now" (YYYY-MM-DD or
    RFC 3339); `key_password` (one or a list) opens encrypted keys and bundles.

    >>> import csrkit, tempfile
    >>> page = csrkit.report(tempfile.mkdtemp())
    >>> page.startswith("<!DOCTYPE html>"), "Content-Security-Policy" in page
    (True, True)
    """

def due(
    path: StrPath,
    *,
    expiring: Optional[int] = None,
    all: bool = False,
    key_password: Optional[Passwords] = None,
    include_ca: bool = False,
) -> List[DueCert]:
    """The certificates under a folder that are due (`expiring` days, or `all=True`), as
    renewing it would find them: each a certificate's dict as `inspect` gives it, with
    `Files` (where it is), `KeyFile` (its key under the folder, or None) and `DaysLeft`.
    `key_password` (one password or a list, each tried in turn) opens encrypted keys and
    bundles; CA certificates are left out unless `include_ca`.

    >>> import csrkit, tempfile
    >>> csrkit.due(tempfile.mkdtemp(), expiring=30)
    []
    """

def renew_folder(
    path: StrPath,
    out: StrPath,
    *,
    expiring: Optional[int] = None,
    all: bool = False,
    same_key: bool = False,
    new_key: Union[Literal["same"], Algorithm, None] = None,
    key_password: Optional[Passwords] = None,
    new_key_password: Optional[Password] = None,
    include_ca: bool = False,
    allow_algorithm_change: bool = False,
    keyword: Optional[str] = None,
    algorithm: Optional[KeyType] = None,
    lint_profile: Optional[LintProfile] = None,
    allow_lint: Optional[Sequence[str]] = None,
) -> RenewResult:
    """Renews every certificate under `path` that is due into the folder `out`, as
    `csrkit renew DIR --json`: `expiring` days or `all=True`; `same_key=True` (each
    certificate's key, found under the folder) or `new_key` (`"same"`: a new key of each
    certificate's own family; or an algorithm). `key_password` (one password or a list,
    each tried in turn) opens keys and bundles; new keys are encrypted under
    `new_key_password`, else the first of `key_password`. Each new CSR is linted (its
    `Findings`): with `cabf` when `lint_profile` is None, and nothing refused; under a
    `lint_profile` given, a CSR with an error not in `allow_lint` is not written but
    `Skipped` (`Kind` "Refused"), as `--lint-profile`/`--allow-lint`. Returns `Renewed`,
    `Skipped` (due but not renewed, with why) and `Locked` (files no password opens).

    >>> import csrkit, tempfile
    >>> csrkit.renew_folder(tempfile.mkdtemp(), tempfile.mkdtemp(), all=True, same_key=True)
    {'Locked': [], 'Renewed': [], 'Skipped': []}
    """

@overload
def list_folder(
    path: StrPath,
    *,
    certs: Literal[False] = False,
    keyword: Optional[str] = None,
    algorithm: Optional[KeyType] = None,
    page: int = 1,
    size: int = 50,
    sort: Optional[Literal["name", "expiry"]] = None,
    expiring: Optional[int] = None,
    expired: bool = False,
    key_password: Optional[Passwords] = None,
) -> ListCsrResponse:
    """The `ListCsr` response for the CSRs under a folder, or with `certs=True` the
    `ListClientCertificate` response for its certificates, as `csrkit list --json`:
    natural order (or `sort="expiry"`), `expiring` days, `expired`, `keyword`,
    `algorithm`, a page. Keys under the folder are matched (`HasPrivateKey`, `KeyFile`);
    `key_password` (one password or a list, each tried in turn) opens encrypted keys and
    PKCS#12 bundles (a bundle with no password opens without it). `Skipped` names each
    file left out, with why (`Reason`) and its `Kind`.

    >>> import csrkit, tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "web.csr.pem").write_text(csrkit.generate(cn="web.example.com").csr_pem)
    >>> r = csrkit.list_folder(d)
    >>> r["TotalCount"], r["CsrList"][0]["Name"], r["CsrList"][0]["HasPrivateKey"]
    (1, 'web', False)
    """

@overload
def list_folder(
    path: StrPath,
    *,
    certs: Literal[True],
    keyword: Optional[str] = None,
    algorithm: Optional[KeyType] = None,
    page: int = 1,
    size: int = 50,
    sort: Optional[Literal["name", "expiry"]] = None,
    expiring: Optional[int] = None,
    expired: bool = False,
    key_password: Optional[Passwords] = None,
) -> ListClientCertificateResponse: ...
@overload
def list_folder(
    path: StrPath,
    *,
    certs: bool,
    keyword: Optional[str] = None,
    algorithm: Optional[KeyType] = None,
    page: int = 1,
    size: int = 50,
    sort: Optional[Literal["name", "expiry"]] = None,
    expiring: Optional[int] = None,
    expired: bool = False,
    key_password: Optional[Passwords] = None,
) -> Union[ListCsrResponse, ListClientCertificateResponse]: ...
def reconcile(
    response: Union[
        Mapping[str, Any],
        str,
        bytes,
        os.PathLike[str],
        Sequence[Union[Mapping[str, Any], str, bytes, os.PathLike[str]]],
    ],
    path: StrPath,
    *,
    key_password: Optional[Passwords] = None,
) -> Reconciliation:
    """A saved `ListCsr`, `ListCert` or `ListClientCertificate` response (a dict, its JSON as
    `str`/`bytes`, or an `os.PathLike` naming a saved JSON file; a list of them for a
    response saved page by page) held against the files under a folder, as
    `csrkit reconcile --json`: `Matched`, `RemoteOnly`, `LocalOnly`, and `Partial` when the
    pages hold fewer entries than `TotalCount`. `key_password` is one password or a list,
    each tried in turn.

    >>> import csrkit, tempfile
    >>> r = csrkit.reconcile({"CsrList": [{"CsrId": 1, "KeySha2": "ab" * 32}], "TotalCount": 1}, tempfile.mkdtemp())
    >>> r["Api"], len(r["RemoteOnly"]), r["LocalOnly"]
    ('ListCsr', 1, [])
    """

def pkcs12(
    key: Content,
    cert: Content,
    *,
    password: Password,
    chain: Union[Content, Sequence[Content], None] = None,
    key_password: Optional[Password] = None,
    name: Optional[str] = None,
    legacy: bool = False,
) -> bytes:
    """A PKCS#12 bundle (`.pfx`) of `key` with its certificate `cert` (a file of several, a
    fullchain, gives its chain too) and `chain` (one input or a list), as `csrkit pkcs12`:
    PBES2 PBKDF2-HMAC-SHA256 + AES-256-CBC and an HMAC-SHA256 MAC (OpenSSL 3's defaults),
    the friendly name the certificate's CN unless `name` is given. A key that is not the
    certificate's is refused, and so is the empty password. `legacy=True` writes what
    `openssl pkcs12 -export -legacy` writes, for importers that read nothing newer
    (Windows Server 2016 and older): 3DES for the key, RC2-40 for the certificates, an
    HMAC-SHA-1 MAC.

    >>> import csrkit, datetime
    >>> from cryptography import x509
    >>> from cryptography.hazmat.primitives import hashes, serialization
    >>> from cryptography.hazmat.primitives.asymmetric import ec
    >>> key = ec.generate_private_key(ec.SECP256R1())
    >>> name = x509.Name.from_rfc4514_string("CN=pfx.example.com")
    >>> now = datetime.datetime.now(datetime.timezone.utc)
    >>> cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
    ...         .public_key(key.public_key()).serial_number(1).not_valid_before(now)
    ...         .not_valid_after(now + datetime.timedelta(days=90)).sign(key, hashes.SHA256()))
    >>> pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
    ...                         serialization.NoEncryption())
    >>> pfx = csrkit.pkcs12(pem, cert.public_bytes(serialization.Encoding.PEM), password="deploy")
    >>> info = csrkit.inspect(pfx, key_password="deploy")
    >>> info["CommonName"], info["HasPrivateKey"]
    ('pfx.example.com', True)
    >>> from cryptography.hazmat.primitives.serialization import pkcs12
    >>> pkcs12.load_pkcs12(pfx, b"deploy").cert.friendly_name
    b'pfx.example.com'
    """
