"""csrkit's Python bindings, each function, against the peers: the vendors' SDK models
(Alibaba Cloud CAS 2020-04-07 and 2020-06-30, Huawei Cloud CCM) read the dicts csrkit
returns, and Python's cryptography loads every CSR and bundle it returns."""

import datetime as dt
import doctest
import json
import os
import pathlib
import threading
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_pkcs12
from cryptography.x509.oid import NameOID

import csrkit

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "vectors"
FUNCTIONS = [
    csrkit.generate,
    csrkit.renew,
    csrkit.inspect,
    csrkit.upload_csr_request,
    csrkit.list_folder,
    csrkit.reconcile,
    csrkit.pkcs12,
]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda f: f.__name__)
def test_docstring_examples_run(function):
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


def test_stubs_and_marker_ship_with_the_package():
    pkg = pathlib.Path(csrkit.__file__).parent
    assert (pkg / "py.typed").exists()
    stubs = (pkg / "__init__.pyi").read_text()
    for f in FUNCTIONS:
        assert f"def {f.__name__}(" in stubs
    for name in ["Error", "MalformedInput", "UnsupportedAlgorithm", "WeakKey", "KeyMismatch", "WrongPassword", "InvalidName"]:
        assert f"class {name}(" in stubs


# ---- generate, inspect: cryptography loads what csrkit makes ------------------------------


@pytest.mark.parametrize("algorithm", ["ecc", "p384", "rsa2048", "sm2"])
def test_generate_every_algorithm(algorithm):
    pair = csrkit.generate(algorithm=algorithm, cn="gen.example.com", country="CN", ou=["A", "B"], sans=["gen.example.com", "ip:192.0.2.7"])
    assert isinstance(pair.csr_pem, str) and isinstance(pair.csr_der, bytes) and isinstance(pair.key_pem, str)
    info = csrkit.inspect(pair.csr_der, key=pair.key_pem)
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
    assert key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == csr.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert info["KeySha2"] == hashes_sha256(csr.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo))


def hashes_sha256(data: bytes) -> str:
    h = hashes.Hash(hashes.SHA256())
    h.update(data)
    return h.finalize().hex()


def test_generate_with_a_given_key_subject_and_password():
    key = ec.generate_private_key(ec.SECP384R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"s3cret"))
    pair = csrkit.generate(key=pem, key_password="s3cret", subject="/C=CN/O=Acme/CN=k.example.com")
    assert pair.key_pem is None
    csr = x509.load_der_x509_csr(pair.csr_der)
    assert csr.public_key().public_numbers() == key.public_key().public_numbers()
    assert csr.subject.rfc4514_string() == "CN=k.example.com,O=Acme,C=CN"
    with pytest.raises(csrkit.WrongPassword):
        csrkit.generate(key=pem, key_password="wrong")
    with pytest.raises(csrkit.WrongPassword):
        csrkit.generate(key=pem)
    # A new key with a password comes encrypted, and cryptography opens it.
    enc = csrkit.generate(key_password=b"pw").key_pem
    assert enc.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
    serialization.load_pem_private_key(enc.encode(), b"pw")


def test_inputs_as_bytes_str_and_pathlike(tmp_path):
    pair = csrkit.generate(cn="in.example.com")
    p = tmp_path / "in.csr.pem"
    p.write_text(pair.csr_pem)
    k = tmp_path / "in.key.pem"
    k.write_text(pair.key_pem)
    by_str = csrkit.inspect(pair.csr_pem, key=pair.key_pem)
    by_bytes = csrkit.inspect(pair.csr_pem.encode(), key=pair.key_pem.encode())
    by_der = csrkit.inspect(pair.csr_der)
    by_path = csrkit.inspect(p, key=k)
    assert by_str == by_bytes == by_path
    assert by_der["Sha2"] == by_str["Sha2"]
    with pytest.raises(TypeError):
        csrkit.inspect(12345)
    with pytest.raises(FileNotFoundError):
        csrkit.inspect(tmp_path / "missing.pem")


def test_huawei_sdk_distinguished_name_is_a_request():
    from huaweicloudsdkccm.v1 import DistinguishedName, ExportCertificateAuthorityCsrResponse

    dn = DistinguishedName(common_name="api_test", country="CN", state="GuangDong", locality="DongGuan", organization="Huawei", organizational_unit="Workspace")
    body = {"distinguished_name": dn.to_dict(), "key_algorithm": "RSA-2048", "signature_algorithm": "SHA-256"}
    pair = csrkit.generate(request=body)
    info = csrkit.inspect(pair.csr_pem)
    assert info["SubjectDN"] == "C=CN,ST=GuangDong,L=DongGuan,O=Huawei,OU=Workspace,CN=api_test"
    assert info["Algorithm"] == "RSA" and info["KeySize"] == 2048
    assert info["BasicConstraints"] == {"CA": True, "PathLen": None}
    # As cryptography reads the CSR: the subject in that order, a CA's basicConstraints.
    csr = x509.load_pem_x509_csr(pair.csr_pem.encode())
    assert csr.is_signature_valid
    assert csr.subject.rfc4514_string() == "CN=api_test,OU=Workspace,O=Huawei,L=DongGuan,ST=GuangDong,C=CN"
    assert csr.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert csr.public_key().key_size == 2048
    # The Huawei response model carries the CSR as csrkit wrote it.
    resp = ExportCertificateAuthorityCsrResponse(csr=pair.csr_pem)
    assert x509.load_pem_x509_csr(resp.csr.encode()) == csr


# ---- UploadCsr through the SDK model ------------------------------------------------------


def fields_the_sdk_knows(model_class) -> set:
    """Every key the SDK model class writes: its attributes all set, through to_map()."""
    m = model_class()
    for attribute in list(vars(m)):
        setattr(m, attribute, 0)
    return set(m.to_map())


def same_values_and_types(ours: dict, sdk_map: dict):
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
def test_upload_csr_request_reads_into_the_sdk_model(algorithm):
    from alibabacloud_cas20200407.models import UploadCsrRequest

    pair = csrkit.generate(algorithm=algorithm, cn="up.example.com")
    body = csrkit.upload_csr_request(pair.csr_pem, key=pair.key_pem, name="up-01")
    model = UploadCsrRequest().from_map(body)
    assert model.name == "up-01" and model.csr == body["Csr"] and model.key == body["Key"]
    same_values_and_types(body, model.to_map())
    assert set(model.to_map()) == {"Name", "Csr", "Key"}
    x509.load_pem_x509_csr(model.csr.encode())
    loaded = serialization.load_pem_private_key(model.key.encode(), None)
    assert loaded.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == x509.load_pem_x509_csr(model.csr.encode()).public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if algorithm == "rsa2048":
        assert model.key.startswith("-----BEGIN RSA PRIVATE KEY-----")


def test_upload_errors_are_typed():
    pair = csrkit.generate(cn="e.example.com")
    other = csrkit.generate(cn="o.example.com")
    with pytest.raises(csrkit.KeyMismatch):
        csrkit.upload_csr_request(pair.csr_pem, key=other.key_pem)
    with pytest.raises(csrkit.InvalidName):
        csrkit.upload_csr_request(pair.csr_pem, name="no spaces allowed")
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


# ---- list_folder, renew, reconcile through the SDK models ---------------------------------


def make_certs(d: pathlib.Path, specs):
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
            (d / f"{stem}.key").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def test_list_folder_reads_into_the_sdk_models(tmp_path):
    from alibabacloud_cas20200407.models import ListCsrResponseBody, ListCsrResponseBodyCsrList
    from alibabacloud_cas20200630.models import ListClientCertificateResponseBody, ListClientCertificateResponseBodyCertificateList

    for i in (1, 2, 10):
        pair = csrkit.generate(cn=f"h{i}.example.com")
        (tmp_path / f"h{i}.csr.pem").write_text(pair.csr_pem)
        (tmp_path / f"h{i}.key.pem").write_text(pair.key_pem)
    r = csrkit.list_folder(tmp_path)
    assert [e["Name"] for e in r["CsrList"]] == ["h1", "h2", "h10"]
    assert all(e["HasPrivateKey"] for e in r["CsrList"])
    model = ListCsrResponseBody().from_map(r)
    same_values_and_types(r, model.to_map())
    # Every field the SDK knows is there under its name, but the server's id.
    assert fields_the_sdk_knows(ListCsrResponseBodyCsrList) - set(r["CsrList"][0]) == {"CsrId"}
    assert model.csr_list[2].key_sha_2 == r["CsrList"][2]["KeySha2"]
    assert model.csr_list[2].name == "h10" and model.csr_list[2].has_private_key is True
    assert model.total_count == 3

    certs = tmp_path / "certs"
    certs.mkdir()
    make_certs(certs, [("soon", 5, True), ("later", 200, True), ("gone", -3, False)])
    r = csrkit.list_folder(certs, certs=True, expiring=30)
    assert [e["Name"] for e in r["CertificateList"]] == ["gone", "soon"]
    assert r["CertificateList"][1]["DaysLeft"] == 5 and r["CertificateList"][1]["KeyFile"].endswith("soon.key")
    model = ListClientCertificateResponseBody().from_map(r)
    same_values_and_types(r, model.to_map())
    # Every field the SDK knows is there under its name, but what only the CA knows.
    server_only = {"AliasName", "CustomIdentifier", "Id", "Identifier", "ParentIdentifier", "ResourceGroupId", "Status"}
    assert fields_the_sdk_knows(ListClientCertificateResponseBodyCertificateList) - set(r["CertificateList"][0]) == server_only
    assert model.certificate_list[0].after_date == r["CertificateList"][0]["AfterDate"]
    assert isinstance(model.certificate_list[0].after_date, int)
    for e in r["CertificateList"]:
        x509.load_pem_x509_certificate(e["X509Certificate"].encode())
    # Expiry is a certificate's: asked of CSRs, it is an error, not an empty page.
    with pytest.raises(csrkit.Error) as err:
        csrkit.list_folder(tmp_path, expired=True)
    assert not isinstance(err.value, csrkit.MalformedInput) and "certificates" in str(err.value)
    with pytest.raises(ValueError):
        csrkit.list_folder(certs, certs=True, sort="newest")


def test_renew_same_key_new_key_and_a_bundle(tmp_path):
    make_certs(tmp_path, [("srv", 10, True)])
    crt, key = tmp_path / "srv.crt", tmp_path / "srv.key"
    cert = x509.load_pem_x509_certificate(crt.read_bytes())
    same = csrkit.renew(crt, key=key)
    csr = x509.load_pem_x509_csr(same.csr_pem.encode())
    assert csr.is_signature_valid and csr.subject == cert.subject
    assert csr.public_key().public_numbers() == cert.public_key().public_numbers()
    assert same.key_pem is None
    rekey = csrkit.renew(crt, new_key="rsa2048")
    csr = x509.load_pem_x509_csr(rekey.csr_pem.encode())
    assert csr.public_key().key_size == 2048 and csr.subject == cert.subject
    with pytest.raises(csrkit.KeyMismatch):
        csrkit.renew(crt, key=rekey.key_pem)
    # A bundle renews with its own key; cryptography loads the bundle csrkit wrote.
    pfx = csrkit.pkcs12(key, crt, password="pfx")
    k, c, extra = crypto_pkcs12.load_key_and_certificates(pfx, b"pfx")
    assert c == cert and extra == []
    assert k.public_key().public_numbers() == cert.public_key().public_numbers()
    from_bundle = csrkit.renew(pfx, key_password="pfx")
    assert x509.load_pem_x509_csr(from_bundle.csr_pem.encode()).public_key().public_numbers() == cert.public_key().public_numbers()
    with pytest.raises(csrkit.WrongPassword):
        csrkit.renew(pfx, key_password="no")


def test_pkcs12_reads_peer_bundles_and_writes_what_cryptography_loads(tmp_path):
    sidecar = json.loads((VECTORS / "pkcs12/openssl-rsa2048-aes256.json").read_text())
    bundle = VECTORS / "pkcs12/openssl-rsa2048-aes256.p12"
    infos = csrkit.inspect(bundle, key_password=sidecar["Password"])
    assert [i["Sha2"] for i in infos] == [sidecar["LeafSha2"], *sidecar["ChainSha2"]]
    assert infos[0]["HasPrivateKey"] is True
    out = csrkit.pkcs12(bundle, bundle, password=b"again", key_password=sidecar["Password"], name="web")
    k, c, extra = crypto_pkcs12.load_key_and_certificates(out, b"again")
    assert c.fingerprint(hashes.SHA256()).hex() == sidecar["LeafSha2"]
    assert [e.fingerprint(hashes.SHA256()).hex() for e in extra] == sidecar["ChainSha2"]
    loaded = crypto_pkcs12.load_pkcs12(out, b"again")
    assert loaded.cert.friendly_name == b"web"
    with pytest.raises(csrkit.KeyMismatch):
        csrkit.pkcs12(csrkit.generate().key_pem, bundle, password="x", key_password=sidecar["Password"])


def test_reconcile_a_saved_sdk_response(tmp_path):
    from alibabacloud_cas20200407.models import ListCertResponseBody, ListCsrResponseBody

    pair = csrkit.generate(cn="r.example.com")
    (tmp_path / "r.csr.pem").write_text(pair.csr_pem)
    # KeySha2 as the API computes it, here by cryptography: SHA-256 of the SPKI DER.
    spki = x509.load_pem_x509_csr(pair.csr_pem.encode()).public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    # As an API client saves it: the SDK model's to_map(), as dict, str and bytes.
    saved = ListCsrResponseBody().from_map({"CsrList": [{"CsrId": 7, "KeySha2": hashes_sha256(spki).upper(), "Name": "r"}], "TotalCount": 1}).to_map()
    for response in (saved, json.dumps(saved), json.dumps(saved).encode()):
        r = csrkit.reconcile(response, tmp_path)
        assert r["Matched"][0]["Remote"]["CsrId"] == 7 and r["Matched"][0]["Local"] == "r.csr.pem"
    # A ListCert response as the 2020-04-07 SDK model writes it (CertList, SerialNo).
    make_certs(tmp_path, [("c", 60, False)])
    cert = x509.load_pem_x509_certificate((tmp_path / "c.crt").read_bytes())
    sdk = ListCertResponseBody().from_map({"CertList": [{"SerialNo": format(cert.serial_number, "x"), "CommonName": "c.example.com", "AfterDate": 1700000000000}], "TotalCount": 2}).to_map()
    r = csrkit.reconcile(sdk, tmp_path)
    assert r["Api"] == "ListCert" and r["Matched"][0]["Local"] == "c.crt"
    assert r["Partial"] == {"Entries": 1, "TotalCount": 2}
    # Pages as a list.
    r = csrkit.reconcile([saved, saved], tmp_path)
    assert len(r["Matched"]) == 2


# ---- threads: the GIL is released ---------------------------------------------------------


def test_threads_generate_at_once_and_release_the_gil():
    """Two threads make RSA keys at once, and a third Python thread keeps running inside
    each csrkit call: with the GIL held through a call, the ticker could not run at all
    until it returned. (The wall-time figure is in benches/RESULTS.md.)"""
    results = []

    def work():
        begin = time.perf_counter()
        pair = csrkit.generate(algorithm="rsa2048", cn="t.example.com")
        results.append((pair, begin, time.perf_counter()))

    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=ticker)
    t.start()
    threads = [threading.Thread(target=work) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    stop.set()
    t.join()
    assert len(results) == 2
    assert results[0][0].key_pem != results[1][0].key_pem
    for pair, begin, end in results:
        assert x509.load_pem_x509_csr(pair.csr_pem.encode()).is_signature_valid
        # An RSA-2048 key takes tens of milliseconds: the ticker ran during the call.
        during = [x for x in ticks if begin < x < end]
        assert len(during) >= 3, (len(during), end - begin)


def test_errors_cross_threads():
    errors = []

    def bad():
        try:
            csrkit.inspect(b"-----BEGIN CERTIFICATE REQUEST-----\nno!pe\n-----END CERTIFICATE REQUEST-----\n")
        except csrkit.MalformedInput as e:
            errors.append(str(e))

    ths = [threading.Thread(target=bad) for _ in range(4)]
    [t.start() for t in ths]
    [t.join() for t in ths]
    assert len(errors) == 4 and all("PEM" in e for e in errors)


def test_the_example_renews_a_folder_without_network(tmp_path):
    import subprocess
    import sys

    make_certs(tmp_path, [("due", 3, True), ("nokey", 1, False), ("fine", 300, True)])
    example = ROOT / "python/examples/alibaba_renew.py"
    o = subprocess.run([sys.executable, str(example), str(tmp_path)], capture_output=True, text=True)
    assert o.returncode == 0, o.stderr
    assert "2 certificate(s)" in o.stdout and "would send UploadCsr" in o.stdout
    assert "nokey (nokey.example.com, 1 days left): new P-256 key" in o.stdout
    assert "BEGIN PRIVATE KEY-----\n…(masked)" in o.stdout.replace("\\n", "\n")
    assert "MII" not in o.stdout.split("would send", 1)[1], "no key material is printed"
