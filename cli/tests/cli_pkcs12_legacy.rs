//! `csrkit pkcs12 --legacy`: what `openssl pkcs12 -export -legacy` writes (3DES key bag,
//! 40-bit RC2 certificates, HMAC-SHA-1 MAC, 2 048 iterations), read back by OpenSSL 3
//! (`pkcs12 -info -legacy`), keytool 17 (`-list`) and Python `cryptography`
//! (`load_key_and_certificates`), and by csrkit.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const PW: &str = "csrkit-P12-pass";
const PFX_PW: &str = "deploy-pass";

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

/// A folder with the password files `pw` (the vectors' bundles) and `pfxpw` (the new
/// bundle's), and the CA of `bundle` taken out of it by OpenSSL as `ca.pem`.
fn setup(bundle: &Path) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("pw"), format!("{PW}\n")).unwrap();
    std::fs::write(d.path().join("pfxpw"), format!("{PFX_PW}\n")).unwrap();
    let o = openssl(&[
        "pkcs12",
        "-in",
        s(bundle),
        "-cacerts",
        "-nokeys",
        "-passin",
        &format!("pass:{PW}"),
        "-out",
        s(&d.path().join("ca.pem")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    d
}

/// `csrkit pkcs12 --legacy` of `bundle`'s key, its leaf and its CA, as `out`.
fn write_legacy(d: &Path, bundle: &Path, leaf: &Path, out: &str) {
    let o = csrkit(
        d,
        &[
            "pkcs12",
            "--legacy",
            "--key",
            s(bundle),
            "--key-password-file",
            "pw",
            "--cert",
            s(leaf),
            "--chain",
            "ca.pem",
            "--out",
            out,
            "--pfx-password-file",
            "pfxpw",
            "--name",
            "web",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        all_output(&o).contains("legacy: 3DES key"),
        "{}",
        all_output(&o)
    );
}

/// SHA-256 of the SubjectPublicKeyInfo DER OpenSSL derives from a PEM key or certificate.
fn openssl_key_sha2(pem: &Path, cert: bool) -> String {
    let der = if cert {
        let o = openssl(&["x509", "-in", s(pem), "-noout", "-pubkey"]);
        assert!(o.status.success(), "{}", all_output(&o));
        let tmp = pem.with_extension("pub.pem");
        std::fs::write(&tmp, &o.stdout).unwrap();
        openssl(&["pkey", "-pubin", "-in", s(&tmp), "-outform", "DER"]).stdout
    } else {
        openssl_pubkey_der(pem, false)
    };
    assert!(!der.is_empty());
    let o = Command::new("openssl")
        .args(["dgst", "-sha256", "-r"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(&der)?;
            c.wait_with_output()
        })
        .unwrap();
    out(&o).split_whitespace().next().unwrap().to_string()
}

/// OpenSSL 3 reads the bundle with `-legacy` and names the algorithms `-export -legacy`
/// uses; the key it prints is the leaf's; a wrong password is refused; OpenSSL's own
/// `-export -legacy` bundle of the same key and certificates shows the same lines.
#[test]
fn openssl_reads_the_legacy_bundle_and_names_its_algorithms() {
    for (bundle, leaf) in [
        (
            "openssl-rsa2048-aes256.p12",
            "openssl-rsa2048-aes256-leaf.pem",
        ),
        ("openssl-p256-aes256.p12", "openssl-p256-aes256-leaf.pem"),
    ] {
        let (bundle, leaf) = (p12(bundle), p12(leaf));
        let d = setup(&bundle);
        write_legacy(d.path(), &bundle, &leaf, "site.pfx");
        let pfx = d.path().join("site.pfx");

        let o = openssl(&[
            "pkcs12",
            "-in",
            s(&pfx),
            "-info",
            "-legacy",
            "-nodes",
            "-passin",
            &format!("pass:{PFX_PW}"),
        ]);
        let info = all_output(&o);
        assert!(o.status.success(), "{info}");
        for line in [
            "MAC: sha1, Iteration 2048",
            "MAC length: 20, salt length: 8",
            "PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048",
            "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048",
        ] {
            assert!(info.contains(line), "{line}:\n{info}");
        }
        assert_eq!(info.matches("Certificate bag").count(), 2, "{info}");
        assert!(info.contains("friendlyName: web"), "{info}");
        // The printed key is the leaf's.
        let key_pem = d.path().join("key.pem");
        let start = info.find("-----BEGIN PRIVATE KEY-----").expect("the key");
        let end = info.find("-----END PRIVATE KEY-----").unwrap() + 25;
        std::fs::write(&key_pem, &info[start..end]).unwrap();
        assert_eq!(
            openssl_key_sha2(&key_pem, false),
            openssl_key_sha2(&leaf, true)
        );

        let o = openssl(&[
            "pkcs12",
            "-in",
            s(&pfx),
            "-info",
            "-legacy",
            "-noout",
            "-passin",
            "pass:wrong",
        ]);
        assert!(!o.status.success());

        // The same lines as OpenSSL's own -export -legacy of that key and certificates.
        let mine = d.path().join("openssl.pfx");
        let o = openssl(&[
            "pkcs12",
            "-export",
            "-legacy",
            "-inkey",
            s(&key_pem),
            "-in",
            s(&leaf),
            "-certfile",
            s(&d.path().join("ca.pem")),
            "-passout",
            &format!("pass:{PFX_PW}"),
            "-out",
            s(&mine),
        ]);
        assert!(o.status.success(), "{}", all_output(&o));
        let theirs = all_output(&openssl(&[
            "pkcs12",
            "-in",
            s(&mine),
            "-info",
            "-legacy",
            "-noout",
            "-passin",
            &format!("pass:{PFX_PW}"),
        ]));
        let shape = |t: &str| -> Vec<String> {
            t.lines()
                .filter(|l| {
                    l.starts_with("MAC")
                        || l.starts_with("PKCS7")
                        || l.starts_with("Shrouded")
                        || l.starts_with("Certificate bag")
                })
                .map(str::to_string)
                .collect()
        };
        assert_eq!(shape(&info), shape(&theirs));
    }
}

/// keytool 17 lists one PrivateKeyEntry whose chain is the leaf and the CA; Python's
/// cryptography returns the key of the leaf, the leaf and the CA; csrkit reads it back
/// (the key matches its certificate) and refuses a wrong password as one.
#[test]
fn keytool_cryptography_and_csrkit_read_the_legacy_bundle() {
    let bundle = p12("openssl-rsa2048-aes256.p12");
    let leaf = p12("openssl-rsa2048-aes256-leaf.pem");
    let d = setup(&bundle);
    write_legacy(d.path(), &bundle, &leaf, "site.pfx");
    let pfx = d.path().join("site.pfx");

    let o = Command::new("keytool")
        .args([
            "-list",
            "-v",
            "-storetype",
            "PKCS12",
            "-keystore",
            s(&pfx),
            "-storepass",
            PFX_PW,
        ])
        .output()
        .expect("keytool (JDK 17) is installed: .ci/run installs it");
    let list = all_output(&o);
    assert!(o.status.success(), "{list}");
    assert!(list.contains("Your keystore contains 1 entry"), "{list}");
    assert!(list.contains("Alias name: web"), "{list}");
    assert!(list.contains("Entry type: PrivateKeyEntry"), "{list}");
    assert!(list.contains("Certificate chain length: 2"), "{list}");

    let script = "import sys\n\
from cryptography.hazmat.primitives.serialization import pkcs12, Encoding, PublicFormat\n\
from cryptography.hazmat.primitives import hashes\n\
k, c, extra = pkcs12.load_key_and_certificates(open(sys.argv[1], 'rb').read(), sys.argv[2].encode())\n\
spki = lambda x: x.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)\n\
assert spki(k.public_key()) == spki(c.public_key()), 'the key is not the leaf key'\n\
print(c.fingerprint(hashes.SHA256()).hex(), len(extra), extra[0].fingerprint(hashes.SHA256()).hex())\n";
    let o = Command::new("python3")
        .args(["-c", script, s(&pfx), PFX_PW])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", all_output(&o));
    let sidecar: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p12("openssl-rsa2048-aes256.json")).unwrap())
            .unwrap();
    assert_eq!(
        out(&o).trim(),
        format!(
            "{} 1 {}",
            sidecar["LeafSha2"].as_str().unwrap(),
            sidecar["ChainSha2"][0].as_str().unwrap()
        )
    );

    let o = csrkit(
        d.path(),
        &[
            "inspect",
            "site.pfx",
            "--key-password-file",
            "pfxpw",
            "--json",
        ],
    );
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["HasPrivateKey"], true, "{v}");
    assert_eq!(v[0]["Sha2"], sidecar["LeafSha2"]);
    let o = csrkit(
        d.path(),
        &["inspect", "site.pfx", "--key-password-file", "pw"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("wrong password"), "{}", err(&o));
}
