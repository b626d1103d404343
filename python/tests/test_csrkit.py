"""csrkit's Python bindings, each function, against the peers: the vendors' SDK models
(Alibaba Cloud CAS 2020-04-07 and 2020-06-30, Huawei Cloud CCM) read the dicts csrkit
returns, and Python's cryptography loads every CSR and bundle it returns."""

import ast
import datetime as dt
import doctest
import hashlib
import importlib.metadata
import inspect
import json
import os
import pathlib
import re
import stat
import subprocess
import sys
import threading
import tomllib
import typing
from typing import Any, Callable, Dict, Iterable, List, Mapping, Sequence, Set, Tuple, Union

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12
from cryptography.x509.oid import NameOID

import csrkit
import make_renew_fixture
import readme_block

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "vectors"
FUNCTIONS: List[Callable[..., Any]] = [
    csrkit.generate,
    csrkit.renew,
    csrkit.inspect,
    csrkit.inspect_all,
    csrkit.upload_csr_request,
    csrkit.upload_csr_requests,
    csrkit.due,
    csrkit.renew_folder,
    csrkit.list_folder,
    csrkit.reconcile,
    csrkit.pkcs12,
]


SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
PKCS8_PEM = (serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def not_a_key(info: Union[csrkit.Info, csrkit.KeyInfo]) -> csrkit.Info:
    """`info` narrowed to a CSR's or certificate's (a key alone is `KeyInfo`)."""
    assert info["Kind"] != "KEY"
    return info


def spki(key: Any) -> bytes:
    """A public key's SubjectPublicKeyInfo DER, as cryptography writes it."""
    return bytes(key.public_bytes(*SPKI))


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_docstring_examples_run(function: Callable[..., Any]) -> None:
    """Each function documents itself with examples, and they run."""
    assert function.__doc__ and len(function.__doc__) > 80
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tried = 0
    for test in finder.find(function, function.__name__, globs={}):
        result = runner.run(test)
        assert result.failed == 0, function.__name__
        tried += result.attempted
    assert tried >= 2, f"{function.__name__}: no example ran"


# ---- the stubs are the module -------------------------------------------------------------


def stub_tree() -> ast.Module:
    pkg = pathlib.Path(csrkit.__file__).parent
    assert (pkg / "py.typed").exists()
    return ast.parse((pkg / "__init__.pyi").read_text(encoding="utf-8"))


def stub_names(tree: ast.Module) -> Set[str]:
    """Every public name the stubs define or re-export."""
    names: Set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom) and node.module == "_types":
            names.update(a.asname or a.name for a in node.names)
    return names


def test_every_name_of_the_stubs_exists_at_runtime() -> None:
    names = stub_names(stub_tree())
    missing = sorted(n for n in names if not hasattr(csrkit, n))
    assert missing == []
    # The names the issue found missing, and the dicts' types.
    for name in ["Algorithm", "Content", "Password", "CsrInfo", "CertInfo", "ListCsrResponse", "ListClientCertificateResponse", "UploadCsrRequest", "Reconciliation", "inspect_all", "__version__"]:
        assert name in names and hasattr(csrkit, name), name
    assert sorted(csrkit.__all__) == sorted(n for n in names if n != "__all__")
    # The aliases hold what the stubs say (typing.get_args of the runtime objects).
    assert set(typing.get_args(csrkit.Password)) == {str, bytes}
    assert [typing.get_args(a)[0] for a in typing.get_args(csrkit.Algorithm)] == ["rsa2048", "rsa3072", "rsa4096", "ecc", "p256", "p384", "sm2"]


def test_the_stubs_carry_the_runtime_docstrings() -> None:
    tree = stub_tree()
    assert ast.get_docstring(tree) == inspect.cleandoc(csrkit.__doc__ or "")
    seen = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name not in seen:
            seen.add(node.name)  # an overloaded function's first stub carries it
            runtime = getattr(csrkit, node.name)
            assert ast.get_docstring(node) == inspect.getdoc(runtime), node.name
    assert {f.__name__ for f in FUNCTIONS} <= seen
    pair = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Pair")
    for prop in pair.body:
        if isinstance(prop, ast.FunctionDef):
            assert ast.get_docstring(prop) == inspect.getdoc(getattr(csrkit.Pair, prop.name)), prop.name


def test_version_is_the_crates() -> None:
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    python_cargo = tomllib.loads((ROOT / "python/Cargo.toml").read_text())
    assert csrkit.__version__ == cargo["package"]["version"] == python_cargo["package"]["version"]
    assert csrkit.__version__ == importlib.metadata.version("csrkit")


def keys_of(typed_dict: Any) -> Tuple[Set[str], Set[str]]:
    return set(typed_dict.__required_keys__), set(typed_dict.__optional_keys__)


def has_the_keys_of(d: Mapping[str, Any], typed_dict: Any) -> None:
    """Every required key of the TypedDict is in the dict, every key of the dict is the
    TypedDict's, and every value has the type the TypedDict says (nested ones too)."""
    required, optional = keys_of(typed_dict)
    assert required - set(d) == set(), typed_dict.__name__
    assert set(d) - required - optional == set(), typed_dict.__name__
    hints = typing.get_type_hints(typed_dict)
    for k, v in d.items():
        assert conforms(v, hints[k]), (typed_dict.__name__, k, v, hints[k])


def conforms(value: Any, annotation: Any) -> bool:
    """`value` is of the type `annotation` (the forms the TypedDicts use)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Union:
        return any(conforms(value, a) for a in args)
    if origin is typing.Literal:
        return value in args
    if origin is list:
        return isinstance(value, list) and all(conforms(v, args[0]) for v in value)
    if typing.is_typeddict(annotation):
        if not isinstance(value, dict):
            return False
        has_the_keys_of(value, annotation)
        return True
    if annotation is type(None):
        return value is None
    if annotation is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, annotation)


# ---- generate, inspect: cryptography loads what csrkit makes ------------------------------


@pytest.mark.parametrize("algorithm", ["ecc", "p384", "rsa2048", "sm2"])
def test_generate_every_algorithm(algorithm: csrkit.Algorithm) -> None:
    pair = csrkit.generate(algorithm=algorithm, cn="gen.example.com", country="CN", ou=["A", "B"], sans=["gen.example.com", "ip:192.0.2.7"])
    assert isinstance(pair.csr_pem, str) and isinstance(pair.csr_der, bytes) and isinstance(pair.key_pem, str)
    info = csrkit.inspect(pair.csr_der, key=pair.key_pem)
    has_the_keys_of(info, csrkit.CsrInfo)
    assert info["Kind"] == "CSR"
    assert info["HasPrivateKey"] is True and info["SignatureValid"] is True
    assert info["SubjectDN"] == "C=CN,OU=A,OU=B,CN=gen.example.com"
    assert info["Sans"] == "gen.example.com,192.0.2.7"
    if algorithm == "sm2":
        return  # cryptography does not load SM2 keys
    csr = x509.load_pem_x509_csr(pair.csr_pem.encode())
    assert csr.is_signature_valid
    assert csr.subject.rfc4514_string() == "CN=gen.example.com,OU=B,OU=A,C=CN"
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["gen.example.com"]
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)] == ["192.0.2.7"]
    key = serialization.load_pem_private_key(pair.key_pem.encode(), None)
    assert spki(key.public_key()) == spki(csr.public_key())
    assert info["KeySha2"] == hashes_sha256(spki(csr.public_key()))


def hashes_sha256(data: bytes) -> str:
    h = hashes.Hash(hashes.SHA256())
    h.update(data)
    return h.finalize().hex()


def test_generate_with_a_given_key_subject_and_password() -> None:
    key = ec.generate_private_key(ec.SECP384R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"s3cret"))
    pair = csrkit.generate(key=pem, key_password="s3cret", subject="/C=CN/O=Acme/CN=k.example.com")
    assert pair.key_pem is None
    csr = x509.load_der_x509_csr(pair.csr_der)
    assert spki(csr.public_key()) == spki(key.public_key())
    assert csr.subject.rfc4514_string() == "CN=k.example.com,O=Acme,C=CN"
    with pytest.raises(csrkit.WrongPassword):
        csrkit.generate(key=pem, key_password="wrong")
    with pytest.raises(csrkit.WrongPassword):
        csrkit.generate(key=pem)
    # A new key with a password comes encrypted, and cryptography opens it.
    enc = csrkit.generate(key_password=b"pw").key_pem
    assert enc is not None and enc.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    serialization.load_pem_private_key(enc.encode(), b"pw")


# ---- inputs: one rule ---------------------------------------------------------------------


def test_inputs_one_rule(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bytes is content; a str holding -----BEGIN is content; any other str, and any
    os.PathLike, is a path."""
    pair = csrkit.generate(cn="in.example.com")
    assert pair.key_pem is not None
    (tmp_path / "in.csr.pem").write_text(pair.csr_pem)
    (tmp_path / "in.key.pem").write_text(pair.key_pem)
    (tmp_path / "in.csr.der").write_bytes(pair.csr_der)
    monkeypatch.chdir(tmp_path)
    by_str = csrkit.inspect(pair.csr_pem, key=pair.key_pem)
    by_bytes = csrkit.inspect(pair.csr_pem.encode(), key=pair.key_pem.encode())
    by_path = csrkit.inspect(tmp_path / "in.csr.pem", key=tmp_path / "in.key.pem")
    by_str_path = csrkit.inspect("in.csr.pem", key="in.key.pem")
    by_der_file = csrkit.inspect("in.csr.der", key="in.key.pem")
    assert by_str == by_bytes == by_path == by_str_path == by_der_file
    # Sha2 is the DER's SHA-256, as hashlib computes it.
    assert not_a_key(csrkit.inspect(pair.csr_der))["Sha2"] == hashlib.sha256(pair.csr_der).hexdigest()
    # A str that is not PEM is a path: missing, it is FileNotFoundError naming it.
    missing_inputs: List[Tuple[Union[str, pathlib.Path], str]] = [("missing.pem", "data"), (tmp_path / "missing.pem", "data")]
    for missing, arg in missing_inputs:
        with pytest.raises(FileNotFoundError) as err:
            csrkit.inspect(missing)
        assert err.value.filename == str(missing) and f"({arg}=)" in str(err.value)
    with pytest.raises(FileNotFoundError) as err:
        csrkit.upload_csr_request("in.csr.pem", key="no-such.key")
    assert err.value.filename == "no-such.key" and "(key=)" in str(err.value)
    with pytest.raises(IsADirectoryError):
        csrkit.inspect(tmp_path)
    # An error about a file's content names the file.
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nno!pe\n-----END CERTIFICATE-----\n")
    with pytest.raises(csrkit.MalformedInput) as bad:
        csrkit.inspect("broken.pem")
    assert str(bad.value).startswith("broken.pem: ")
    with pytest.raises(csrkit.MalformedInput) as bad:
        csrkit.pkcs12("in.key.pem", tmp_path / "broken.pem", password="x")
    assert str(bad.value).startswith(f"{tmp_path / 'broken.pem'}: ")
    with pytest.raises(csrkit.MalformedInput) as bad:
        csrkit.generate(key="in.csr.pem")
    assert str(bad.value).startswith("in.csr.pem: ")
    # In memory, the message names the argument.
    with pytest.raises(csrkit.MalformedInput) as bad:
        csrkit.inspect(b"-----BEGIN CERTIFICATE-----\nno!pe\n-----END CERTIFICATE-----\n")
    assert str(bad.value).startswith("data=: bad PEM")
    with pytest.raises(csrkit.MalformedInput) as bad:
        csrkit.upload_csr_request("in.csr.pem", key=b"not a key")
    assert str(bad.value).startswith("key=: ")
    # Other types are a TypeError naming the argument.
    wrong_types: List[Tuple[Callable[[], object], str]] = [
        (lambda: csrkit.inspect(12345), "data="),  # type: ignore[arg-type]
        (lambda: csrkit.renew(pair.csr_pem, key=3.5), "key="),  # type: ignore[arg-type]
        (lambda: csrkit.inspect(pair.csr_pem, key_password=5), "key_password="),  # type: ignore[arg-type]
        (lambda: csrkit.list_folder(5), "path="),  # type: ignore[call-overload]
    ]
    for call, arg in wrong_types:
        with pytest.raises(TypeError) as terr:
            call()
        assert arg in str(terr.value)


def test_huawei_sdk_distinguished_name_is_a_request() -> None:
    from huaweicloudsdkccm.v1 import DistinguishedName, ExportCertificateAuthorityCsrResponse

    dn = DistinguishedName(common_name="api_test", country="CN", state="GuangDong", locality="DongGuan", organization="Huawei", organizational_unit="Workspace")
    body = {"distinguished_name": dn.to_dict(), "key_algorithm": "RSA-2048", "signature_algorithm": "SHA-256"}
    pair = csrkit.generate(request=body)
    info = not_a_key(csrkit.inspect(pair.csr_pem))
    assert info["SubjectDN"] == "C=CN,ST=GuangDong,L=DongGuan,O=Huawei,OU=Workspace,CN=api_test"
    assert info["Algorithm"] == "RSA" and info["KeySize"] == 2048
    assert info["BasicConstraints"] == {"CA": True, "PathLen": None}
    # As cryptography reads the CSR: the subject in that order, a CA's basicConstraints.
    csr = x509.load_pem_x509_csr(pair.csr_pem.encode())
    assert csr.is_signature_valid
    assert csr.subject.rfc4514_string() == "CN=api_test,OU=Workspace,O=Huawei,L=DongGuan,ST=GuangDong,C=CN"
    assert csr.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    public = csr.public_key()
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048
    # The Huawei response model carries the CSR as csrkit wrote it.
    resp = ExportCertificateAuthorityCsrResponse(csr=pair.csr_pem)
    assert x509.load_pem_x509_csr(resp.csr.encode()) == csr


# ---- UploadCsr through the SDK model ------------------------------------------------------


def fields_the_sdk_knows(model_class: Any) -> Set[str]:
    """Every key the SDK model class writes: its attributes all set (a list empty, the
    others 0), through to_map()."""
    m = model_class()
    for attribute in list(vars(m)):
        setattr(m, attribute, [] if attribute.endswith("_list") else 0)
    return set(m.to_map())


def same_values_and_types(ours: Mapping[str, Any], sdk_map: Mapping[str, Any]) -> None:
    """Every key the SDK model wrote back is ours, with the same value and type."""
    assert sdk_map, "the model read nothing"
    for k, v in sdk_map.items():
        assert k in ours, k
        if isinstance(v, list):
            assert isinstance(ours[k], list) and len(v) == len(ours[k]), k
            for a, b in zip(v, ours[k]):
                if isinstance(a, dict):
                    same_values_and_types(b, a)
                else:
                    assert a == b and type(a) is type(b), k
        else:
            assert v == ours[k] and type(v) is type(ours[k]), (k, v, ours[k])


@pytest.mark.parametrize("algorithm", ["ecc", "rsa2048"])
def test_upload_csr_request_reads_into_the_sdk_model(algorithm: csrkit.Algorithm) -> None:
    from alibabacloud_cas20200407.models import UploadCsrRequest

    pair = csrkit.generate(algorithm=algorithm, cn="up.example.com")
    body = csrkit.upload_csr_request(pair.csr_pem, key=pair.key_pem, name="up-01")
    has_the_keys_of(body, csrkit.UploadCsrRequest)
    model = UploadCsrRequest().from_map(body)
    assert model.name == "up-01" and model.csr == body["Csr"] and model.key == body["Key"]
    same_values_and_types(body, model.to_map())
    # The TypedDict's keys are the SDK model's.
    assert set(model.to_map()) == {"Name", "Csr", "Key"} == set().union(*keys_of(csrkit.UploadCsrRequest))
    x509.load_pem_x509_csr(model.csr.encode())
    loaded = serialization.load_pem_private_key(model.key.encode(), None)
    assert spki(loaded.public_key()) == spki(x509.load_pem_x509_csr(model.csr.encode()).public_key())
    if algorithm == "rsa2048":
        assert model.key.startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert set(csrkit.upload_csr_request(pair.csr_pem)) == {"Csr"}


def test_upload_errors_are_typed() -> None:
    pair = csrkit.generate(cn="e.example.com")
    other = csrkit.generate(cn="o.example.com")
    with pytest.raises(csrkit.KeyMismatch):
        csrkit.upload_csr_request(pair.csr_pem, key=other.key_pem)
    with pytest.raises(csrkit.InvalidName):
        csrkit.upload_csr_request(pair.csr_pem, name="no spaces allowed")
    with pytest.raises(csrkit.InvalidName):
        csrkit.upload_csr_request(pair.csr_pem, name="客户门户")
    with pytest.raises(csrkit.MalformedInput):
        csrkit.upload_csr_request(b"not a csr")
    with pytest.raises(csrkit.InvalidName):
        csrkit.generate(country="China")
    with pytest.raises(csrkit.UnsupportedAlgorithm):
        csrkit.inspect((VECTORS / "bad/ed25519-csr.pem").read_bytes())
    # A CSR of an RSA-1024 key (cryptography's) is read, and refused for upload.
    weak = x509.load_pem_x509_csr((VECTORS / "realworld/pyca-csr-rsa1024-invalid-signature.pem").read_bytes())
    assert csrkit.inspect(weak.public_bytes(serialization.Encoding.PEM))["KeySize"] == 1024
    with pytest.raises(csrkit.WeakKey):
        csrkit.upload_csr_request(weak.public_bytes(serialization.Encoding.PEM))
    assert issubclass(csrkit.WrongPassword, csrkit.Error) and issubclass(csrkit.Error, ValueError)


# ---- errors: one rule ---------------------------------------------------------------------


def test_errors_name_the_argument_as_the_cli_names_its_flags(tmp_path: pathlib.Path) -> None:
    make_certs(tmp_path, [("srv", 10, True)])
    crt, key = tmp_path / "srv.crt", tmp_path / "srv.key"
    # renew: key= and new_key=.
    with pytest.raises(csrkit.Error) as err:
        csrkit.renew(crt, key=key, new_key="ecc")
    assert "key=" in str(err.value) and "new_key=" in str(err.value)
    with pytest.raises(csrkit.Error) as err:
        csrkit.renew(crt)
    assert "key=" in str(err.value) and "new_key=" in str(err.value) and type(err.value) is csrkit.Error
    with pytest.raises(csrkit.Error) as err:
        csrkit.renew(crt, new_key="rsa")  # type: ignore[arg-type]
    # Every valid value is listed: the stub's Algorithm literals.
    valid = [typing.get_args(a)[0] for a in typing.get_args(csrkit.Algorithm)]
    assert "p256" in valid
    assert str(err.value).startswith('new_key="rsa"') and all(v in str(err.value) for v in valid)
    bad_values: List[Tuple[Callable[[], object], str]] = [
        (lambda: csrkit.generate(algorithm="dsa"), 'algorithm="dsa"'),  # type: ignore[arg-type]
        (lambda: csrkit.generate(profile="web"), 'profile="web"'),  # type: ignore[arg-type]
        (lambda: csrkit.renew(crt, key=key, profile="web"), 'profile="web"'),  # type: ignore[arg-type]
        (lambda: csrkit.list_folder(tmp_path, certs=True, sort="newest"), 'sort="newest"'),  # type: ignore[call-overload]
        (lambda: csrkit.list_folder(tmp_path, algorithm="DSA"), 'algorithm="DSA"'),  # type: ignore[call-overload]
        (lambda: csrkit.list_folder(tmp_path, page=0), "page=0"),
        (lambda: csrkit.list_folder(tmp_path, size=1001), "size=1001"),
        (lambda: csrkit.list_folder(tmp_path, certs=True, expiring=-1), "expiring=-1"),
        (lambda: csrkit.list_folder(tmp_path, certs=True, expiring=3, expired=True), "expiring= or expired=True"),
    ]
    for call, arg in bad_values:
        with pytest.raises(csrkit.Error) as err:
            call()
        assert type(err.value) is csrkit.Error and str(err.value).find(arg) >= 0, (arg, str(err.value))
    # Expiry is a certificate's: asked of CSRs, it says which argument needs certs=True.
    certs_only: List[Tuple[Dict[str, Any], str]] = [({"expiring": 30}, "expiring="), ({"expired": True}, "expired=True"), ({"sort": "expiry"}, 'sort="expiry"')]
    for kwargs, arg in certs_only:
        with pytest.raises(csrkit.Error) as err:
            csrkit.list_folder(tmp_path, **kwargs)
        assert str(err.value).startswith(f"{arg} needs certs=True"), str(err.value)
    # Paths: a file where a folder is asked, a missing folder.
    with pytest.raises(NotADirectoryError) as nd:
        csrkit.list_folder(crt)
    assert nd.value.filename == str(crt)
    with pytest.raises(NotADirectoryError):
        csrkit.reconcile({"CsrList": []}, str(crt))
    with pytest.raises(FileNotFoundError) as nf:
        csrkit.list_folder(tmp_path / "nope")
    assert nf.value.filename == str(tmp_path / "nope")


def test_the_empty_password_as_the_cli() -> None:
    """Refused for writing (and as an option at all, as the CLI refuses an empty password
    file or variable); a bundle with the empty password is read with none given."""
    pair = csrkit.generate(cn="pw.example.com")
    sidecar = json.loads((VECTORS / "pkcs12/openssl-rsa2048-empty-password.json").read_text())
    assert sidecar["PasswordIsEmpty"] is True
    bundle = VECTORS / "pkcs12/openssl-rsa2048-empty-password.p12"
    leaf = csrkit.inspect(bundle)
    assert leaf["Kind"] == "CERTIFICATE" and leaf["Sha2"] == sidecar["LeafSha2"] and leaf["HasPrivateKey"] is True
    renewed = csrkit.renew(bundle)
    assert hashlib.sha256(spki(x509.load_pem_x509_csr(renewed.csr_pem.encode()).public_key())).hexdigest() == sidecar["KeySha2"]
    with pytest.raises(csrkit.Error) as err:
        csrkit.pkcs12(bundle, bundle, password="")
    assert str(err.value).startswith("password= is empty")
    with pytest.raises(csrkit.Error) as err:
        csrkit.pkcs12(bundle, bundle, password=b"")
    assert str(err.value).startswith("password= is empty")
    empty: List[Callable[[], object]] = [
        lambda: csrkit.inspect(bundle, key_password=""),
        lambda: csrkit.generate(key_password=""),
        lambda: csrkit.renew(pair.csr_pem, new_key="ecc", key_password=b""),
        lambda: csrkit.list_folder(VECTORS / "pkcs12", key_password=""),
    ]
    for call in empty:
        with pytest.raises(csrkit.Error) as err:
            call()
        assert str(err.value).startswith("key_password= is empty")
    # A bundle csrkit writes opens with its password in cryptography.
    out = csrkit.pkcs12(bundle, bundle, password="x")
    assert crypto_pkcs12.load_pkcs12(out, b"x").cert is not None


# ---- list_folder, renew, reconcile through the SDK models ---------------------------------


def make_certs(d: pathlib.Path, specs: Iterable[Tuple[str, int, bool]]) -> None:
    """Certificates by cryptography: (stem, days from now to notAfter, with key)."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Py CA")])
    now = dt.datetime.now(dt.timezone.utc)
    for stem, days, with_key in specs:
        key = ec.generate_private_key(ec.SECP256R1())
        after = now + dt.timedelta(days=days, hours=12)
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{stem}.example.com")]))
            .issuer_name(ca)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(after - dt.timedelta(days=90))
            .not_valid_after(after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"{stem}.example.com")]), critical=False)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        (d / f"{stem}.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        if with_key:
            (d / f"{stem}.key").write_bytes(key.private_bytes(*PKCS8_PEM))


def test_list_folder_reads_into_the_sdk_models(tmp_path: pathlib.Path) -> None:
    from alibabacloud_cas20200407.models import ListCsrResponseBody, ListCsrResponseBodyCsrList
    from alibabacloud_cas20200630.models import ListClientCertificateResponseBody, ListClientCertificateResponseBodyCertificateList

    for i in (1, 2, 10):
        pair = csrkit.generate(cn=f"h{i}.example.com")
        assert pair.key_pem is not None
        (tmp_path / f"h{i}.csr.pem").write_text(pair.csr_pem)
        (tmp_path / f"h{i}.key.pem").write_text(pair.key_pem)
    r = csrkit.list_folder(tmp_path)
    has_the_keys_of(r, csrkit.ListCsrResponse)
    for csr_entry in r["CsrList"]:
        has_the_keys_of(csr_entry, csrkit.CsrListEntry)
    assert [e["Name"] for e in r["CsrList"]] == ["h1", "h2", "h10"]
    assert all(e["HasPrivateKey"] for e in r["CsrList"])
    model = ListCsrResponseBody().from_map(r)
    same_values_and_types(r, model.to_map())
    # Every field the SDK knows is there under its name, but the server's id; the
    # TypedDict has them all.
    assert fields_the_sdk_knows(ListCsrResponseBodyCsrList) - set(r["CsrList"][0]) == {"CsrId"}
    assert fields_the_sdk_knows(ListCsrResponseBodyCsrList) <= set().union(*keys_of(csrkit.CsrListEntry))
    assert fields_the_sdk_knows(ListCsrResponseBody) <= set().union(*keys_of(csrkit.ListCsrResponse))
    assert model.csr_list[2].key_sha_2 == r["CsrList"][2]["KeySha2"]
    assert model.csr_list[2].name == "h10" and model.csr_list[2].has_private_key is True
    assert model.total_count == 3

    certs = tmp_path / "certs"
    certs.mkdir()
    make_certs(certs, [("soon", 5, True), ("later", 200, True), ("gone", -3, False)])
    rc = csrkit.list_folder(certs, certs=True, expiring=30)
    has_the_keys_of(rc, csrkit.ListClientCertificateResponse)
    for cert_entry in rc["CertificateList"]:
        has_the_keys_of(cert_entry, csrkit.CertificateListEntry)
    assert [e["Name"] for e in rc["CertificateList"]] == ["gone", "soon"]
    key_file = rc["CertificateList"][1]["KeyFile"]
    assert rc["CertificateList"][1]["DaysLeft"] == 5 and key_file is not None and key_file.endswith("soon.key")
    cmodel = ListClientCertificateResponseBody().from_map(rc)
    same_values_and_types(rc, cmodel.to_map())
    # Every field the SDK knows is there under its name, but what only the CA knows; the
    # TypedDict has them all.
    server_only = {"AliasName", "CustomIdentifier", "Id", "Identifier", "ParentIdentifier", "ResourceGroupId", "Status"}
    sdk_fields = fields_the_sdk_knows(ListClientCertificateResponseBodyCertificateList)
    assert sdk_fields - set(rc["CertificateList"][0]) == server_only
    assert sdk_fields - set().union(*keys_of(csrkit.CertificateListEntry)) == {"AliasName", "CustomIdentifier", "Id"}
    assert fields_the_sdk_knows(ListClientCertificateResponseBody) <= set().union(*keys_of(csrkit.ListClientCertificateResponse))
    assert cmodel.certificate_list[0].after_date == rc["CertificateList"][0]["AfterDate"]
    assert isinstance(cmodel.certificate_list[0].after_date, int)
    for e in rc["CertificateList"]:
        x509.load_pem_x509_certificate(e["X509Certificate"].encode())


def test_inspect_one_dict_and_inspect_all_a_list(tmp_path: pathlib.Path) -> None:
    """inspect gives the leaf of a bundle (the key's certificate, here second in the
    bag order), inspect_all every certificate, leaf first: the sidecar's values are
    cryptography's."""
    sidecar = json.loads((VECTORS / "pkcs12/crypto-rsa2048-ca-first.json").read_text())
    bundle = VECTORS / "pkcs12/crypto-rsa2048-ca-first.p12"
    leaf = csrkit.inspect(bundle, key_password=sidecar["Password"])
    assert leaf["Kind"] == "CERTIFICATE"
    has_the_keys_of(leaf, csrkit.CertInfo)
    assert leaf["Sha2"] == sidecar["LeafSha2"] and leaf["SubjectDN"] == sidecar["LeafSubjectDN"]
    everything = [not_a_key(i) for i in csrkit.inspect_all(bundle, key_password=sidecar["Password"])]
    assert [i["Sha2"] for i in everything] == [sidecar["LeafSha2"], *sidecar["ChainSha2"]]
    # One CSR: inspect_all is a list of one.
    pair = csrkit.generate(cn="one.example.com")
    assert csrkit.inspect_all(pair.csr_pem) == [csrkit.inspect(pair.csr_pem)]
    # A file with a key only gives the key's facts, as `csrkit inspect` does.
    (tmp_path / "k.pem").write_text(pair.key_pem or "")
    key_info = csrkit.inspect(tmp_path / "k.pem")
    assert key_info["Kind"] == "KEY"
    has_the_keys_of(key_info, csrkit.KeyInfo)
    peer_key = serialization.load_pem_private_key((pair.key_pem or "").encode(), None)
    assert key_info["KeySha2"] == hashlib.sha256(spki(peer_key.public_key())).hexdigest()
    # A file with nothing csrkit reads is malformed, named.
    (tmp_path / "junk.pem").write_text("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n")
    with pytest.raises(csrkit.MalformedInput) as err:
        csrkit.inspect(tmp_path / "junk.pem")
    assert str(err.value).startswith(str(tmp_path / "junk.pem"))


def test_renew_same_key_new_key_and_a_bundle(tmp_path: pathlib.Path) -> None:
    make_certs(tmp_path, [("srv", 10, True)])
    crt, key = tmp_path / "srv.crt", tmp_path / "srv.key"
    cert = x509.load_pem_x509_certificate(crt.read_bytes())
    same = csrkit.renew(crt, key=key)
    csr = x509.load_pem_x509_csr(same.csr_pem.encode())
    assert csr.is_signature_valid and csr.subject == cert.subject
    assert spki(csr.public_key()) == spki(cert.public_key())
    assert same.key_pem is None
    assert csrkit.renew(str(crt), key=str(key)).csr_pem.startswith("-----BEGIN CERTIFICATE REQUEST-----")
    rekey = csrkit.renew(crt, new_key="rsa2048")
    csr = x509.load_pem_x509_csr(rekey.csr_pem.encode())
    public = csr.public_key()
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 2048 and csr.subject == cert.subject
    with pytest.raises(csrkit.KeyMismatch):
        csrkit.renew(crt, key=rekey.key_pem)
    # A bundle renews with its own key; cryptography loads the bundle csrkit wrote.
    pfx = csrkit.pkcs12(key, crt, password="pfx")
    k, c, extra = crypto_pkcs12.load_key_and_certificates(pfx, b"pfx")
    assert c == cert and extra == [] and k is not None
    assert spki(k.public_key()) == spki(cert.public_key())
    from_bundle = csrkit.renew(pfx, key_password="pfx")
    assert spki(x509.load_pem_x509_csr(from_bundle.csr_pem.encode()).public_key()) == spki(cert.public_key())
    with pytest.raises(csrkit.WrongPassword):
        csrkit.renew(pfx, key_password="no")


def test_pkcs12_reads_peer_bundles_and_writes_what_cryptography_loads(tmp_path: pathlib.Path) -> None:
    sidecar = json.loads((VECTORS / "pkcs12/openssl-rsa2048-aes256.json").read_text())
    bundle = VECTORS / "pkcs12/openssl-rsa2048-aes256.p12"
    infos = [not_a_key(i) for i in csrkit.inspect_all(bundle, key_password=sidecar["Password"])]
    assert [i["Sha2"] for i in infos] == [sidecar["LeafSha2"], *sidecar["ChainSha2"]]
    assert infos[0]["HasPrivateKey"] is True
    out = csrkit.pkcs12(bundle, bundle, password=b"again", key_password=sidecar["Password"], name="web")
    k, c, extra = crypto_pkcs12.load_key_and_certificates(out, b"again")
    assert c is not None and c.fingerprint(hashes.SHA256()).hex() == sidecar["LeafSha2"]
    assert [e.fingerprint(hashes.SHA256()).hex() for e in extra] == sidecar["ChainSha2"]
    loaded = crypto_pkcs12.load_pkcs12(out, b"again")
    assert loaded.cert is not None and loaded.cert.friendly_name == b"web"
    with pytest.raises(csrkit.KeyMismatch):
        csrkit.pkcs12(csrkit.generate().key_pem or "", bundle, password="x", key_password=sidecar["Password"])
    # chain= takes one input or a list of them, each by the one rule.
    leaf_pem = (VECTORS / sidecar["LeafFile"]).read_bytes()
    chain_pem = b"".join(e.public_bytes(serialization.Encoding.PEM) for e in extra)
    (tmp_path / "chain.pem").write_bytes(chain_pem)
    chains: List[Union[csrkit.Content, Sequence[csrkit.Content]]] = [tmp_path / "chain.pem", str(tmp_path / "chain.pem"), [chain_pem], (chain_pem.decode(),)]
    for chain in chains:
        again = csrkit.pkcs12(bundle, leaf_pem, chain=chain, password="c", key_password=sidecar["Password"])
        _, c2, extra2 = crypto_pkcs12.load_key_and_certificates(again, b"c")
        assert c2 == c and extra2 == extra


def test_reconcile_a_saved_sdk_response(tmp_path: pathlib.Path) -> None:
    from alibabacloud_cas20200407.models import ListCertResponseBody, ListCsrResponseBody

    pair = csrkit.generate(cn="r.example.com")
    (tmp_path / "r.csr.pem").write_text(pair.csr_pem)
    # KeySha2 as the API computes it, here by cryptography: SHA-256 of the SPKI DER.
    key_sha2 = hashes_sha256(spki(x509.load_pem_x509_csr(pair.csr_pem.encode()).public_key()))
    # As an API client saves it: the SDK model's to_map(), as dict, str, bytes and a file.
    saved = ListCsrResponseBody().from_map({"CsrList": [{"CsrId": 7, "KeySha2": key_sha2.upper(), "Name": "r"}], "TotalCount": 1}).to_map()
    saved_file = tmp_path.parent / f"{tmp_path.name}-saved.json"
    saved_file.write_text(json.dumps(saved))
    for response in (saved, json.dumps(saved), json.dumps(saved).encode(), saved_file, str(saved_file)):
        r = csrkit.reconcile(response, tmp_path)
        has_the_keys_of(r, csrkit.Reconciliation)
        has_the_keys_of(r["Matched"][0], csrkit.Match)
        has_the_keys_of(r["Matched"][0]["Remote"], csrkit.RemoteEntry)
        assert r["Matched"][0]["Remote"].get("CsrId") == 7 and r["Matched"][0]["Local"] == "r.csr.pem"
    # A ListCert response as the 2020-04-07 SDK model writes it (CertList, SerialNo).
    make_certs(tmp_path, [("c", 60, False)])
    cert = x509.load_pem_x509_certificate((tmp_path / "c.crt").read_bytes())
    sdk = ListCertResponseBody().from_map({"CertList": [{"SerialNo": format(cert.serial_number, "x"), "CommonName": "c.example.com", "AfterDate": 1700000000000}], "TotalCount": 2}).to_map()
    r = csrkit.reconcile(sdk, tmp_path)
    has_the_keys_of(r, csrkit.Reconciliation)
    assert r["Api"] == "ListCert" and r["Matched"][0]["Local"] == "c.crt"
    assert r.get("Partial") == {"Entries": 1, "TotalCount": 2}
    # Pages as a list; the CSR no remote entry has is LocalOnly.
    r = csrkit.reconcile([saved, saved], tmp_path)
    assert len(r["Matched"]) == 2
    r = csrkit.reconcile({"CsrList": [], "TotalCount": 0}, tmp_path)
    has_the_keys_of(r["LocalOnly"][0], csrkit.LocalFile)
    assert r["LocalOnly"][0]["File"] == "r.csr.pem" and r["LocalOnly"][0]["Fingerprint"].lower() == key_sha2
    with pytest.raises(csrkit.MalformedInput) as err:
        csrkit.reconcile(tmp_path / "r.csr.pem", tmp_path)
    assert str(err.value).startswith(str(tmp_path / "r.csr.pem"))


# ---- threads: the GIL is released ---------------------------------------------------------


def test_threads_generate_at_once_and_release_the_gil() -> None:
    """Two threads make RSA-3072 keys at once while a third Python thread counts. The
    interpreter's switch interval is set to an hour, so the interpreter never takes the
    GIL from a thread that holds it: the counter can move during a csrkit call only when
    the call gives the GIL up. (No timing: the count held-GIL calls allow is 0, whatever
    the machine's speed; the wall-time figure is in benches/RESULTS.md.)"""
    results: List[Tuple[csrkit.Pair, int]] = []
    count = [0]
    stop = threading.Event()

    def work() -> None:
        for _ in range(2):
            before = count[0]
            pair = csrkit.generate(algorithm="rsa3072", cn="t.example.com")
            results.append((pair, count[0] - before))

    def counter() -> None:
        while not stop.is_set():
            count[0] += 1
            # Gives the GIL up at each count (a blocking call), so that a worker coming
            # back from csrkit gets it at once.
            os.sched_yield()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(3600)
    try:
        t = threading.Thread(target=counter)
        t.start()
        threads = [threading.Thread(target=work) for _ in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        stop.set()
        t.join()
    finally:
        sys.setswitchinterval(interval)
    assert len(results) == 4
    assert len({pair.key_pem for pair, _ in results}) == 4
    for pair, counted in results:
        assert x509.load_pem_x509_csr(pair.csr_pem.encode()).is_signature_valid
        assert counted >= 1, "the counter did not run during a csrkit call: the GIL was held"


def test_errors_cross_threads() -> None:
    errors: List[str] = []

    def bad() -> None:
        try:
            csrkit.inspect(b"-----BEGIN CERTIFICATE REQUEST-----\nno!pe\n-----END CERTIFICATE REQUEST-----\n")
        except csrkit.MalformedInput as e:
            errors.append(str(e))

    ths = [threading.Thread(target=bad) for _ in range(4)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    assert len(errors) == 4 and all("PEM" in e for e in errors)


# ---- the README's example and the example script ------------------------------------------


def test_the_readme_python_block_runs(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's block, exec'd as it is in a folder with the files it names: a key
    and its fullchain (leaf and CA, by cryptography) and a certs/ folder."""
    block = readme_block.readme_python()
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "README CA")])
    now = dt.datetime.now(dt.timezone.utc)
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.example.com")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(2).not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=90)).sign(ca_key, hashes.SHA256())
    )
    (tmp_path / "key.pem").write_bytes(key.private_bytes(*PKCS8_PEM))
    (tmp_path / "fullchain.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "certs").mkdir()
    make_certs(tmp_path / "certs", [("soon", 5, True), ("later", 200, False)])
    monkeypatch.chdir(tmp_path)
    names: Dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), names)
    # What each line returned, read by the peers.
    from alibabacloud_cas20200407.models import UploadCsrRequest

    assert names["info"]["HasPrivateKey"] is True
    assert UploadCsrRequest().from_map(names["body"]).name == "web-01"
    assert [e["Name"] for e in names["due"]["CertificateList"]] == ["soon"]
    k, c, extra = crypto_pkcs12.load_key_and_certificates(names["pfx"], b"pfx-password")
    assert c == leaf and extra == [ca] and k is not None and spki(k.public_key()) == spki(key.public_key())
    # issuer= by the same rule: the CA checks the leaf's signature, as cryptography says.
    leaf.verify_directly_issued_by(ca)
    assert not_a_key(csrkit.inspect("fullchain.pem", issuer="fullchain.pem"))["SignatureValid"] is True
    assert not_a_key(csrkit.inspect(tmp_path / "fullchain.pem", issuer=ca.public_bytes(serialization.Encoding.PEM).decode()))["SignatureValid"] is True


def test_the_example_renews_a_folder_without_network(tmp_path: pathlib.Path) -> None:
    """alibaba_renew.py on a folder with CJK and wildcard names, an SM2 certificate and a
    .pfx (made by cryptography and OpenSSL): every due certificate renewed, the UploadCsr
    names by the API's rule and unique, the new keys 0600 and of the certificate's
    family and size, the same key where the folder has it."""
    folder, out = tmp_path / "certs", tmp_path / "out"
    expected = make_renew_fixture.make(folder, "fixture-pfx")
    example = ROOT / "python/examples/alibaba_renew.py"
    env = dict(os.environ, PFX_PW="fixture-pfx")
    o = subprocess.run([sys.executable, str(example), str(folder), "--out", str(out), "--key-password-env", "PFX_PW"], capture_output=True, text=True, env=env)
    assert o.returncode == 0, o.stderr
    due = [e for e in expected if e["Due"]]
    assert f"{len(due)} certificate(s)" in o.stdout
    assert o.stdout.count("would send UploadCsr") == len(due)
    assert "MII" not in o.stdout.split("would send", 1)[1], "no key material is printed"
    csrs = sorted(out.glob("*.csr.pem"))
    assert len(csrs) == len(due)
    names = [p.name[: -len(".csr.pem")] for p in csrs]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,50}", n) for n in names), names
    assert "__example_com" in names and "__example_com-2" in names
    by_sha: Dict[str, Tuple[str, Any]] = {}
    for p in csrs:
        # The subject and the key as OpenSSL reads the CSR (cryptography has no SM2).
        spki_der = subprocess.run(["openssl", "req", "-in", str(p), "-noout", "-pubkey"], check=True, capture_output=True).stdout
        der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "DER"], input=spki_der, check=True, capture_output=True).stdout
        by_sha[hashlib.sha256(der).hexdigest()] = (p.name[: -len(".csr.pem")], p)
    for e in due:
        stem = str(e["Stem"])
        line = next(line for line in o.stdout.splitlines() if line.startswith(f"- {e['File']} "))
        name = line.rsplit(" -> ", 1)[1]
        if e["KeyFile"] is not None:
            # The same key: the CSR's public key is the certificate's.
            assert e["KeySha2"] in by_sha and by_sha[str(e["KeySha2"])][0] == name, stem
            assert not (out / f"{name}.key.pem").exists()
            continue
        new_key = out / f"{name}.key.pem"
        assert stat.S_IMODE(new_key.stat().st_mode) == 0o600, stem
        text = subprocess.run(["openssl", "pkey", "-in", str(new_key), "-passin", "pass:fixture-pfx", "-noout", "-text"], check=True, capture_output=True, text=True).stdout
        # The new key is the CSR's: its public key, as OpenSSL writes it, is the CSR's.
        new_spki = subprocess.run(["openssl", "pkey", "-in", str(new_key), "-passin", "pass:fixture-pfx", "-pubout", "-outform", "DER"], check=True, capture_output=True).stdout
        assert by_sha[hashlib.sha256(new_spki).hexdigest()][0] == name, stem
        if e["Algorithm"] == "SM2":
            assert "ASN1 OID: SM2" in text, text
        elif e["Algorithm"] == "RSA":
            assert f"Private-Key: ({e['KeySize']} bit" in text, text
        else:
            assert f"Private-Key: ({e['KeySize']} bit)" in text and "NIST CURVE: P-" in text, text
        if not stem.isascii():
            assert name.startswith("csr-"), name
