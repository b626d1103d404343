//! PKCS#12 through the command line: bundles made by keytool 17 and OpenSSL 3 read
//! wherever a key or a certificate is read, and `csrkit pkcs12` read back by OpenSSL 3
//! (`pkcs12 -info`), keytool 17 (`-list`) and Python `cryptography`
//! (`load_key_and_certificates`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const PW: &str = "csrkit-P12-pass";

fn p12(name: &str) -> PathBuf {
    vectors().join("pkcs12").join(name)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A folder with a password file holding `pw`.
fn setup(pw: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("pw"), format!("{pw}\n")).unwrap();
    d
}

fn keytool(args: &[&str]) -> Output {
    Command::new("keytool")
        .args(args)
        .output()
        .expect("keytool (JDK 17) is installed: .ci/run installs it")
}

/// A keystore keytool makes now, as a new user has it: `generate --key ks.p12` signs a
/// CSR OpenSSL verifies, for the key keytool's certificate holds.
#[test]
fn a_keytool_keystore_signs_a_csr() {
    let d = setup("keytool-pass");
    let ks = d.path().join("ks.p12");
    let o = keytool(&[
        "-genkeypair",
        "-storetype",
        "PKCS12",
        "-keystore",
        s(&ks),
        "-storepass",
        "keytool-pass",
        "-alias",
        "web",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=web.example.com, O=Acme",
        "-validity",
        "30",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let before = std::fs::read(&ks).unwrap();
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--key",
            "ks.p12",
            "--key-password-file",
            "pw",
            "--cn",
            "web.example.com",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        openssl_req_verify(&d.path().join("csr.pem"), false),
        Some(true)
    );
    // The CSR's key is the keystore's: keytool's certificate and the CSR print one key.
    let o = keytool(&[
        "-exportcert",
        "-rfc",
        "-keystore",
        s(&ks),
        "-storepass",
        "keytool-pass",
        "-alias",
        "web",
        "-file",
        s(&d.path().join("ks.crt")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let cert_key = openssl(&[
        "x509",
        "-in",
        s(&d.path().join("ks.crt")),
        "-noout",
        "-pubkey",
    ]);
    let csr_key = openssl(&[
        "req",
        "-in",
        s(&d.path().join("csr.pem")),
        "-noout",
        "-pubkey",
    ]);
    assert!(cert_key.status.success() && !cert_key.stdout.is_empty());
    assert_eq!(cert_key.stdout, csr_key.stdout);
    // The keystore was only read: the same bytes, and keytool still opens it.
    assert_eq!(std::fs::read(&ks).unwrap(), before);
    let o = keytool(&[
        "-list",
        "-storetype",
        "PKCS12",
        "-keystore",
        s(&ks),
        "-storepass",
        "keytool-pass",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(out(&o).contains("1 entry"), "{}", out(&o));
}

#[test]
fn inspect_verify_renew_upload_read_a_bundle() {
    let d = setup(PW);
    let bundle = p12("openssl-rsa2048-aes256.p12");
    let b = s(&bundle);

    // inspect: the certificate (the key's) then its CA, HasPrivateKey for the first.
    let o = csrkit(
        d.path(),
        &["inspect", "--json", b, "--key-password-file", "pw"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let sidecar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p12("openssl-rsa2048-aes256.json")).unwrap())
            .unwrap();
    assert_eq!(v[0]["Sha2"], sidecar["LeafSha2"]);
    assert_eq!(v[0]["SubjectDN"], sidecar["LeafSubjectDN"]);
    assert_eq!(v[0]["HasPrivateKey"], true);
    assert_eq!(v[1]["Sha2"], sidecar["ChainSha2"][0]);
    assert_eq!(v[1]["HasPrivateKey"], false);
    // --issuer with the same bundle picks the CA out of it: the leaf verifies.
    let o = csrkit(
        d.path(),
        &[
            "inspect",
            "--json",
            b,
            "--issuer",
            b,
            "--key-password-file",
            "pw",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["SignatureValid"], true, "{}", v[0]["SignatureNote"]);

    // verify: the leaf against the CA in the bundle, with the bundle as its key.
    let o = csrkit(
        d.path(),
        &[
            "verify",
            b,
            "--issuer",
            b,
            "--key",
            b,
            "--key-password-file",
            "pw",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    // renew FILE --key FILE: the subject byte for byte, as OpenSSL reads it.
    let o = csrkit(
        d.path(),
        &[
            "renew",
            b,
            "--key",
            b,
            "--key-password-file",
            "pw",
            "--csr-out",
            "r.csr",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let r = d.path().join("r.csr");
    assert_eq!(openssl_req_verify(&r, false), Some(true));
    let subj = openssl(&[
        "req",
        "-in",
        s(&r),
        "-noout",
        "-subject",
        "-nameopt",
        "sep_comma_plus,sname,utf8",
    ]);
    assert_eq!(
        out(&subj).trim(),
        format!("subject={}", sidecar["LeafSubjectDN"].as_str().unwrap())
    );
    // With no --key, the bundle renews with its own key: the CSR's public key is the
    // leaf's, as OpenSSL reads both; no key file is written.
    let o = csrkit(
        d.path(),
        &[
            "renew",
            b,
            "--key-password-file",
            "pw",
            "--csr-out",
            "own.csr",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let own = d.path().join("own.csr");
    assert_eq!(openssl_req_verify(&own, false), Some(true));
    let csr_key = openssl(&["req", "-in", s(&own), "-noout", "-pubkey"]);
    let leaf_key = openssl(&[
        "x509",
        "-in",
        s(&p12("openssl-rsa2048-aes256-leaf.pem")),
        "-noout",
        "-pubkey",
    ]);
    assert!(csr_key.status.success() && leaf_key.status.success());
    assert_eq!(out(&csr_key), out(&leaf_key));
    assert!(!d.path().join("key.pem").exists());

    // upload-request with the bundle as the key.
    let o = csrkit(
        d.path(),
        &[
            "upload-request",
            "r.csr",
            "--key",
            b,
            "--key-password-file",
            "pw",
            "--name",
            "renewed",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        body["Key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
}

#[test]
fn list_and_reconcile_match_a_bundle_to_its_certificates() {
    let d = setup(PW);
    std::fs::create_dir(d.path().join("certs")).unwrap();
    std::fs::copy(
        p12("openssl-p256-aes256.p12"),
        d.path().join("certs/site.p12"),
    )
    .unwrap();
    let o = csrkit(
        d.path(),
        &[
            "list",
            "certs",
            "--certs",
            "--json",
            "--key-password-file",
            "pw",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v["CertificateList"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["Name"], "site");
    assert_eq!(list[0]["HasPrivateKey"], true);
    assert_eq!(list[1]["Name"], "site#2");
    assert_eq!(list[1]["HasPrivateKey"], false);
    // Without the password the bundle stays locked, and stderr says so.
    let o = csrkit(d.path(), &["list", "certs", "--certs", "--json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        err(&o).contains("site.p12: skipped: a PKCS#12 bundle that no password given opens"),
        "{}",
        err(&o)
    );
    // reconcile: the bundle's certificate is local, its key the bundle.
    let sidecar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p12("openssl-p256-aes256.json")).unwrap())
            .unwrap();
    let response = serde_json::json!({"CertificateList": [{"Id": 1, "Sha2": sidecar["LeafSha2"]}], "TotalCount": 1});
    std::fs::write(d.path().join("r.json"), response.to_string()).unwrap();
    let o = csrkit(
        d.path(),
        &[
            "reconcile",
            "r.json",
            "certs",
            "--json",
            "--key-password-file",
            "pw",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["Matched"][0]["Local"], "site.p12");
    assert_eq!(r["Matched"][0]["Key"], "site.p12");
}

#[test]
fn bundle_errors_say_what_is_wrong_in_one_line() {
    let d = setup("not the password");
    let bundle = p12("openssl-rsa2048-aes256.p12");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["inspect", s(&bundle), "--key-password-file", "pw"],
            "wrong password for this PKCS#12 bundle",
        ),
        (
            vec!["inspect", s(&bundle)],
            "PKCS#12 bundle is protected by a password, and none was given (give it with --key-password-file or --key-password-env)",
        ),
        (
            vec!["generate", "--key", s(&bundle)],
            "PKCS#12 bundle is protected by a password",
        ),
    ];
    for (args, want) in cases {
        let o = csrkit(d.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let e = err(&o);
        assert!(
            e.starts_with(&format!("csrkit: {}: ", bundle.display())) && e.contains(want),
            "{args:?}: {e}"
        );
        assert_eq!(e.lines().count(), 1, "{e}");
    }
    // A bundle with no key where a key is needed (OpenSSL -nokeys).
    let certs_only = p12("openssl-certs-only.p12");
    std::fs::write(d.path().join("pw2"), format!("{PW}\n")).unwrap();
    let o = csrkit(
        d.path(),
        &[
            "generate",
            "--key",
            s(&certs_only),
            "--key-password-file",
            "pw2",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("holds no private key (only 2 certificate(s)), and a key is needed"),
        "{}",
        err(&o)
    );
}

/// `csrkit pkcs12` writes OpenSSL 3's defaults, and each peer reads it: OpenSSL `pkcs12 -info`, keytool
/// `-list` (one PrivateKeyEntry, the chain's length) and cryptography.
#[test]
fn pkcs12_output_is_read_by_openssl_keytool_and_cryptography() {
    let d = setup(PW);
    std::fs::write(d.path().join("pfxpw"), "deploy pass ä\n").unwrap();
    let bundle = p12("openssl-rsa2048-aes256.p12");
    let ca = d.path().join("ca.pem");
    // The CA certificate, out of the bundle by OpenSSL.
    let o = openssl(&[
        "pkcs12",
        "-in",
        s(&bundle),
        "-cacerts",
        "-nokeys",
        "-passin",
        &format!("pass:{PW}"),
        "-out",
        s(&ca),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let leaf = p12("openssl-rsa2048-aes256-leaf.pem");
    let o = csrkit(
        d.path(),
        &[
            "pkcs12",
            "--key",
            s(&bundle),
            "--key-password-file",
            "pw",
            "--cert",
            s(&leaf),
            "--chain",
            s(&ca),
            "--out",
            "site.pfx",
            "--pfx-password-file",
            "pfxpw",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["FriendlyName"], "p12-rsa.example.com");
    let pfx = d.path().join("site.pfx");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&pfx).unwrap().permissions().mode() & 0o777,
        0o600
    );

    // OpenSSL 3: the MAC and both bags with the password, OpenSSL 3's defaults.
    let o = openssl(&[
        "pkcs12",
        "-in",
        s(&pfx),
        "-info",
        "-noout",
        "-passin",
        "pass:deploy pass ä",
    ]);
    let info = all_output(&o);
    assert!(o.status.success(), "{info}");
    assert!(info.contains("MAC: sha256, Iteration 2048"), "{info}");
    assert!(
        info.contains(
            "Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"
        ),
        "{info}"
    );
    assert!(
        info.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC"),
        "{info}"
    );
    assert_eq!(info.matches("Certificate bag").count(), 2, "{info}");
    let o = openssl(&[
        "pkcs12",
        "-in",
        s(&pfx),
        "-info",
        "-noout",
        "-passin",
        "pass:wrong",
    ]);
    assert!(!o.status.success());

    // keytool 17 (which takes ASCII store passwords only): one PrivateKeyEntry whose
    // chain is the leaf and the CA, under the name given.
    std::fs::write(d.path().join("pfxpw2"), "deploy-pass\n").unwrap();
    let o = csrkit(
        d.path(),
        &[
            "pkcs12",
            "--key",
            s(&bundle),
            "--key-password-file",
            "pw",
            "--cert",
            s(&leaf),
            "--chain",
            s(&ca),
            "--out",
            "site2.pfx",
            "--pfx-password-file",
            "pfxpw2",
            "--name",
            "web",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let o = keytool(&[
        "-list",
        "-v",
        "-storetype",
        "PKCS12",
        "-keystore",
        s(&d.path().join("site2.pfx")),
        "-storepass",
        "deploy-pass",
    ]);
    let list = all_output(&o);
    assert!(o.status.success(), "{list}");
    assert!(list.contains("Your keystore contains 1 entry"), "{list}");
    assert!(list.contains("Alias name: web"), "{list}");
    assert!(list.contains("Entry type: PrivateKeyEntry"), "{list}");
    assert!(list.contains("Certificate chain length: 2"), "{list}");

    // cryptography: the key (the leaf's: its public key is the certificate's), the leaf
    // under the CN as friendly name, the CA.
    let script = "import sys\n\
from cryptography.hazmat.primitives.serialization import pkcs12, Encoding, PublicFormat\n\
from cryptography.hazmat.primitives import hashes\n\
p = pkcs12.load_pkcs12(open(sys.argv[1], 'rb').read(), sys.argv[2].encode())\n\
k, c, extra = p.key, p.cert.certificate, p.additional_certs\n\
spki = lambda x: x.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)\n\
assert spki(k.public_key()) == spki(c.public_key()), 'the key is not the leaf key'\n\
print(c.fingerprint(hashes.SHA256()).hex(), len(extra), extra[0].certificate.fingerprint(hashes.SHA256()).hex(), k.key_size, p.cert.friendly_name.decode())\n";
    let o = Command::new("python3")
        .args(["-c", script, s(&pfx), "deploy pass ä"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let sidecar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p12("openssl-rsa2048-aes256.json")).unwrap())
            .unwrap();
    assert_eq!(
        out(&o).trim(),
        format!(
            "{} 1 {} 2048 p12-rsa.example.com",
            sidecar["LeafSha2"].as_str().unwrap(),
            sidecar["ChainSha2"][0].as_str().unwrap()
        )
    );
}

#[test]
fn pkcs12_refuses_a_key_of_another_certificate_and_an_existing_file() {
    let d = setup(PW);
    std::fs::write(d.path().join("pfxpw"), "x\n").unwrap();
    let rsa = p12("openssl-rsa2048-aes256.p12");
    let p256_leaf = p12("openssl-p256-aes256-leaf.pem");
    let o = csrkit(
        d.path(),
        &[
            "pkcs12",
            "--key",
            s(&rsa),
            "--key-password-file",
            "pw",
            "--cert",
            s(&p256_leaf),
            "--out",
            "x.pfx",
            "--pfx-password-file",
            "pfxpw",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("this key is not the key of"),
        "{}",
        err(&o)
    );
    assert!(!d.path().join("x.pfx").exists());
    std::fs::write(d.path().join("x.pfx"), b"mine").unwrap();
    let leaf = p12("openssl-rsa2048-aes256-leaf.pem");
    let o = csrkit(
        d.path(),
        &[
            "pkcs12",
            "--key",
            s(&rsa),
            "--key-password-file",
            "pw",
            "--cert",
            s(&leaf),
            "--out",
            "x.pfx",
            "--pfx-password-file",
            "pfxpw",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("exists and is not overwritten (use --force"),
        "{}",
        err(&o)
    );
    assert_eq!(std::fs::read(d.path().join("x.pfx")).unwrap(), b"mine");
    // The password is required.
    let o = csrkit(
        d.path(),
        &[
            "pkcs12",
            "--key",
            s(&rsa),
            "--cert",
            s(&leaf),
            "--out",
            "y.pfx",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

/// A password given once through a pipe (`--key-password-file /dev/stdin`, as
/// `<(pass show …)` gives it) opens every file of the command: the bundle, its `--issuer`
/// and its `--key`. The pipe is read once.
#[test]
fn a_piped_password_opens_every_file_of_the_command() {
    use std::io::Write;
    let d = tempfile::tempdir().unwrap();
    let bundle = p12("openssl-rsa2048-aes256.p12");
    let b = s(&bundle);
    let mut child = Command::new(csrkit_bin())
        .current_dir(d.path())
        .args([
            "verify",
            b,
            "--issuer",
            b,
            "--key",
            b,
            "--key-password-file",
            "/dev/stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
}
