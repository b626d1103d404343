"""csrkit.reconcile on Alibaba Cloud CAS's ListUserCertificateOrder response, as the vendor
SDK model (alibabacloud-cas20200407 ListUserCertificateOrderResponseBody) writes it, against
certificates that Python's cryptography made."""

import datetime as dt
import json
import pathlib
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import csrkit


def test_list_user_certificate_order_through_the_sdk_model(tmp_path: pathlib.Path) -> None:
    from alibabacloud_cas20200407.models import ListUserCertificateOrderResponseBody

    now = dt.datetime.now(dt.timezone.utc)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def cert(subject: str, key: Any, issuer: str, issuer_key: Any, serial: int, ca: bool) -> x509.Certificate:
        return (
            x509.CertificateBuilder()
            .subject_name(name(subject))
            .issuer_name(name(issuer))
            .public_key(key.public_key())
            .serial_number(serial)
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=20))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(issuer_key, hashes.SHA256())
        )

    def pem(c: x509.Certificate) -> bytes:
        return c.public_bytes(serialization.Encoding.PEM)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = cert("Order Test Root", ca_key, "Order Test Root", ca_key, 1, True)
    web_key, api_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    web = cert("web.example.com", web_key, "Order Test Root", ca_key, 0x0A11, False)
    api = cert("api.example.com", api_key, "Order Test Root", ca_key, 0x7F01, False)
    (tmp_path / "ca.crt").write_bytes(pem(ca))
    (tmp_path / "web.crt").write_bytes(pem(web))
    (tmp_path / "api.crt").write_bytes(pem(api))
    (tmp_path / "fullchain.pem").write_bytes(pem(web) + pem(ca))
    (tmp_path / "web.key").write_bytes(
        web_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    sha2 = web.fingerprint(hashes.SHA256()).hex()

    # As an API client saves it: a certificate (SerialNo, Sha2: OrderType CERT), an order
    # (OrderType BUY: no serial) and a certificate of elsewhere, through the SDK model.
    saved = ListUserCertificateOrderResponseBody().from_map({
        "CertificateOrderList": [
            {"CertificateId": 14000001, "Name": "web", "CommonName": "web.example.com",
             "SerialNo": format(web.serial_number, "x"), "Sha2": sha2.upper(), "Upload": True,
             "Expired": False, "StartDate": "2026-12-01", "EndDate": "2026-12-31",
             "Issuer": "Order Test Root", "InstanceId": "cas-upload-1"},
            {"OrderId": 7001, "AliyunOrderId": 23400012, "InstanceId": "cas-ivauto-1",
             "ProductName": "DV", "Status": "ISSUED", "BuyDate": 1733120000000, "DomainCount": 1},
            {"CertificateId": 14000003, "SerialNo": "ffee01"},
        ],
        "CurrentPage": 1, "ShowSize": 50, "TotalCount": 3, "RequestId": "B1A2-C3",
    }).to_map()
    assert ListUserCertificateOrderResponseBody().from_map(json.loads(json.dumps(saved))).to_map() == saved

    for response in (saved, json.dumps(saved)):
        r = csrkit.reconcile(response, tmp_path)
        assert r["Api"] == "ListUserCertificateOrder"
        matched = sorted((m["Local"], m["MatchedOn"], m["LocalKind"], m["Key"], m["Remote"]["CertificateId"]) for m in r["Matched"])
        assert matched == [
            ("fullchain.pem", "SerialNo", "certificate", "web.key", 14000001),
            ("web.crt", "SerialNo", "certificate", "web.key", 14000001),
        ]
        assert [(e.get("OrderId"), e.get("CertificateId")) for e in r["RemoteOnly"]] == [(7001, None), (None, 14000003)]
        assert [(e["File"], e["Kind"]) for e in r["LocalOnly"]] == [("api.crt", "certificate")]
        # The CA, alone and as fullchain.pem's second certificate, is apart.
        assert sorted(e["File"] for e in r["LocalCa"]) == ["ca.crt", "fullchain.pem"]
        assert {e["Fingerprint"] for e in r["LocalCa"]} == {ca.fingerprint(hashes.SHA256()).hex()}
