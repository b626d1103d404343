"""Type stubs of csrkit (the PyO3 module csrkit._native)."""

import os
from typing import Any, Dict, List, Literal, Optional, Sequence, Union

Content = Union[bytes, str, "os.PathLike[str]"]
Password = Union[str, bytes]
Algorithm = Literal["rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "p384", "sm2"]

class Error(ValueError): ...
class MalformedInput(Error): ...
class UnsupportedAlgorithm(Error): ...
class WeakKey(Error): ...
class KeyMismatch(Error): ...
class WrongPassword(Error): ...
class InvalidName(Error): ...

class Pair:
    """A CSR and, when csrkit made one, its key."""

    @property
    def csr_pem(self) -> str: ...
    @property
    def csr_der(self) -> bytes: ...
    @property
    def key_pem(self) -> Optional[str]: ...

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
    profile: Literal["server", "client", "ca"] = "server",
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    request: Optional[Dict[str, Any]] = None,
) -> Pair: ...
def renew(
    data: Content,
    *,
    key: Optional[Content] = None,
    new_key: Optional[Algorithm] = None,
    key_password: Optional[Password] = None,
    sans: Optional[Sequence[str]] = None,
    profile: Optional[Literal["server", "client", "ca"]] = None,
) -> Pair: ...
def inspect(
    data: Content,
    *,
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    issuer: Optional[Content] = None,
    name: Optional[str] = None,
) -> Union[Dict[str, Any], List[Dict[str, Any]]]: ...
def upload_csr_request(
    csr: Content,
    *,
    key: Optional[Content] = None,
    key_password: Optional[Password] = None,
    name: Optional[str] = None,
) -> Dict[str, Any]: ...
def list_folder(
    path: Union[str, "os.PathLike[str]"],
    *,
    certs: bool = False,
    keyword: Optional[str] = None,
    algorithm: Optional[Literal["RSA", "ECC", "SM2"]] = None,
    page: int = 1,
    size: int = 50,
    sort: Optional[Literal["name", "expiry"]] = None,
    expiring: Optional[int] = None,
    expired: bool = False,
    key_password: Optional[Password] = None,
) -> Dict[str, Any]: ...
def reconcile(
    response: Union[Dict[str, Any], List[Dict[str, Any]], str, bytes],
    path: Union[str, "os.PathLike[str]"],
    *,
    key_password: Optional[Password] = None,
) -> Dict[str, Any]: ...
def pkcs12(
    key: Content,
    cert: Content,
    *,
    password: Password,
    chain: Sequence[Content] = (),
    key_password: Optional[Password] = None,
    name: Optional[str] = None,
) -> bytes: ...
