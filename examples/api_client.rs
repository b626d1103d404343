//! The everyday tasks of a certificate-API client, with csrkit's public API only.
//!
//! Run from the workspace root: `cargo run --example api_client`. Each task is one
//! function; the count of statements each takes is in its doc line (the measure of how
//! much a client writes). The files it reads are OpenSSL's, GmSSL's and the API pages'
//! own examples under `vectors/` and `tests/fixtures/`.

use std::path::Path;

use csrkit::api::{ListCsrResponse, UploadCsrRequest, UploadKeyFormat, from_json};
use csrkit::cert::{Parsed, ParsedCert};
use csrkit::csr::ParsedCsr;
use csrkit::files::{WriteOptions, write_atomic, write_key};
use csrkit::keys::{KeyAlgorithm, KeyCipher, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;
use csrkit::{Error, keys::KeyType};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Task 1 (6 statements): an SM2 key and CSR with two OUs and two SANs, saved safely
/// (the key 0600, encrypted with SM4 so GmSSL reads it; neither file ever overwritten).
fn sm2_key_and_csr(dir: &Path) -> Result<csrkit::request::Csr> {
    let key = PrivateKey::generate(KeyAlgorithm::Sm2)?;
    let subject = DistinguishedName::builder()
        .country("CN")
        .organization("Example Co")
        .organizational_unit("IT")
        .organizational_unit("Ops")
        .common_name("pay.example.cn")
        .build()?;
    let csr = CsrRequest::new(subject)
        .san(San::parse("pay.example.cn")?)
        .san(San::parse("192.0.2.10")?)
        .profile(Profile::Server)
        .sign(&key)?;
    write_atomic(
        &dir.join("pay.csr.pem"),
        csr.to_pem().as_bytes(),
        WriteOptions::default(),
    )?;
    let pem = key.to_encrypted_pem_with(&b"a password from a vault".into(), KeyCipher::Sm4Cbc)?;
    write_atomic(
        &dir.join("pay.key.pem"),
        pem.as_bytes(),
        WriteOptions::secret(),
    )?;
    Ok(csr)
}

/// Task 2 (4 statements): a CSR for a key OpenSSL made (any format, read as it is).
fn csr_for_an_existing_key(dir: &Path) -> Result {
    let key = PrivateKey::from_bytes(&std::fs::read(root().join("vectors/key/p256-sec1.pem"))?)?;
    let subject = DistinguishedName::parse("CN=api.example.com,O=Example Co,C=CN")?;
    let csr = CsrRequest::new(subject)
        .with_cn_as_default_san()
        .sign(&key)?;
    write_atomic(
        &dir.join("api.csr.pem"),
        csr.to_pem().as_bytes(),
        WriteOptions::default(),
    )?;
    Ok(())
}

/// Task 3 (4 statements): read the ListCsr page's example response, and find a local
/// key in a saved response (KeySha2 compared as the API writes it: any case, colons).
fn find_a_key_in_a_list_response(csr: &csrkit::request::Csr) -> Result {
    let seed: ListCsrResponse = from_json(&std::fs::read_to_string(
        root().join("tests/fixtures/seed-000-listcsr-response.json"),
    )?)?;
    assert_eq!(seed.csr_list[0].algorithm, Some(KeyType::Rsa));
    let key_sha2 = ParsedCsr::from_der(csr.der())?
        .public_key()
        .key_sha2()
        .to_uppercase();
    let saved: ListCsrResponse = from_json(&format!(
        r#"{{"CsrList": [{{"CsrId": 3455, "KeySha2": "{key_sha2}"}}]}}"#
    ))?;
    assert_eq!(
        saved
            .find_by_key_sha2(&key_sha2.to_lowercase())
            .and_then(|e| e.csr_id),
        Some(3455)
    );
    Ok(())
}

/// Task 4 (3 statements): the checked UploadCsr body, its fields moved into an SDK's
/// own request (the key stays zeroizing).
fn upload_body(dir: &Path) -> Result {
    let key = PrivateKey::from_bytes_with_password(
        &std::fs::read(dir.join("pay.key.pem"))?,
        Some(&b"a password from a vault".into()),
    )?;
    let body = UploadCsrRequest::checked(
        &std::fs::read(dir.join("pay.csr.pem"))?,
        Some(&key),
        Some("pay-01"),
        UploadKeyFormat::AsThePageShows,
    )?;
    let (_csr, _key): (String, Option<csrkit::zeroize::Zeroizing<String>>) = (body.csr, body.key);
    Ok(())
}

/// Task 5 (3 statements): read a certificate and verify it against its issuer.
fn verify_against_issuer() -> Result {
    let leaf = ParsedCert::from_bytes(&std::fs::read(
        root().join("vectors/cert/ecc-server-p256.pem"),
    )?)?;
    let issuer =
        ParsedCert::from_bytes(&std::fs::read(root().join("vectors/cert/ecc-ca-p384.pem"))?)?;
    assert_eq!(leaf.info(None, Some(&issuer))?.signature_valid, Some(true));
    Ok(())
}

/// Task 6 (4 statements, one `match` each): the error kinds of a truncated CSR, a key
/// given as a CSR, an Ed25519 CSR and an encrypted key without a password.
fn error_kinds() -> Result {
    let read = |p: &str| std::fs::read(root().join(p));
    assert!(matches!(
        ParsedCsr::from_bytes(&read("vectors/bad/csr-truncated-half.der")?),
        Err(Error::Der(_))
    ));
    assert!(matches!(
        ParsedCsr::from_bytes(&read("vectors/key/p256-pkcs8.pem")?),
        Err(Error::WrongKind { .. })
    ));
    assert!(matches!(
        ParsedCsr::from_bytes(&read("vectors/bad/ed25519-csr.pem")?),
        Err(Error::UnsupportedAlgorithm { .. })
    ));
    assert!(matches!(
        PrivateKey::from_bytes(&read("vectors/gmssl/key-1.pem")?),
        Err(Error::PasswordRequired(_))
    ));
    Ok(())
}

/// Task 7 (4 statements): renew a certificate with a new key: the subject byte for byte,
/// the SANs and usages carried over, the key saved safely.
fn renew(dir: &Path) -> Result {
    let old = Parsed::from_bytes(&std::fs::read(root().join("vectors/gmssl/leaf.pem"))?)?;
    let key = PrivateKey::generate(KeyAlgorithm::Sm2)?;
    let csr = CsrRequest::rekey(&old, &key)?.sign(&key)?;
    write_key(&dir.join("renew.key.pem"), &key, None)?;
    assert_eq!(
        ParsedCsr::from_der(csr.der())?.subject_name()?.der(),
        old.subject_name()?.der()
    );
    Ok(())
}

fn main() -> Result {
    let dir = std::env::temp_dir().join(format!("csrkit-api-client-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let csr = sm2_key_and_csr(&dir)?;
    println!("1. SM2 key and CSR with two OUs and SANs, saved 0600/SM4: ok");
    csr_for_an_existing_key(&dir)?;
    println!("2. a CSR for an OpenSSL-made key: ok");
    find_a_key_in_a_list_response(&csr)?;
    println!("3. the ListCsr example read, a local key found in a saved response: ok");
    upload_body(&dir)?;
    println!("4. a checked UploadCsr body: ok");
    verify_against_issuer()?;
    println!("5. a certificate verified against its issuer: ok");
    error_kinds()?;
    println!("6. error kinds matched: ok");
    renew(&dir)?;
    println!("7. a certificate renewed with a new key, subject byte for byte: ok");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
