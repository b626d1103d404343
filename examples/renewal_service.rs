//! An offline renewal service on csrkit's library: what is due under a folder, renewed in
//! memory (the same key where the folder has it, else a new key of the same kind), each
//! renewal as an `UploadCsr` body, and every file it could not use logged by kind.
//!
//! `cargo run -p csrkit --example renewal_service [DIR]`. The passwords of encrypted keys
//! and `.pfx` bundles are the lines of `$RENEWAL_PASSWORDS`, each tried on each file. With
//! no DIR it makes a folder first: keys and CSRs by csrkit, certificates issued from them
//! by a test CA (rcgen), keys under two passwords, and a few files a service meets.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use csrkit::api::{UploadCsrRequest, UploadKeyFormat};
use csrkit::keys::{KeyAlgorithm, Password, Passwords, PrivateKey, to_pkcs12};
use csrkit::names::{Attribute, DistinguishedName, joined};
use csrkit::problem::Problem;
use csrkit::renewal::{Due, DueOptions, RenewKey, due};
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result {
    let demo;
    let (dir, passwords) = match std::env::args().nth(1) {
        Some(dir) => (
            dir.into(),
            std::env::var("RENEWAL_PASSWORDS").unwrap_or_default(),
        ),
        None => {
            demo = tempfile::tempdir()?;
            (make_folder(demo.path())?, "team-a\nteam-b".to_string())
        }
    };
    let opts = DueOptions {
        due: Due::Within(30),
        passwords: Passwords::new(passwords.lines().map(Password::from)),
        ..DueOptions::default()
    };
    let report = due(&dir, &opts)?;
    let short = |f: &Path| f.strip_prefix(&dir).unwrap_or(f).display().to_string();
    let log = |what, f: &Path, p: &Problem| println!("{what} {:?} {}: {p}", p.kind(), short(f));

    let mut bodies = Vec::new();
    for cert in &report.due {
        let how = cert
            .key
            .as_ref()
            .map_or(RenewKey::NewSameFamily, |_| RenewKey::Same);
        let renewal = match cert.renew(how, false) {
            Ok(r) => r,
            Err(p) => {
                log("not renewed", cert.file(), &p);
                continue;
            }
        };
        // The key that signed it goes into the body: the one found, or the new one.
        let key = renewal.new_key.as_ref().or(cert.key.as_deref());
        let cn = joined(cert.cert.subject(), Attribute::CommonName).unwrap_or_default();
        let name = csrkit::request::csr_name_from(&cn);
        let format = UploadKeyFormat::AsThePageShows;
        let body = UploadCsrRequest::checked(renewal.csr.der(), key, Some(&name), format)?;
        let files: Vec<String> = cert.files.iter().map(|f| short(f)).collect();
        let with = match (&renewal.new_key, &cert.key_file) {
            (None, Some(k)) => format!("its key {}", short(k)),
            _ => "a new key".to_string(),
        };
        let (days, files) = (cert.days_left, files.join(" + "));
        println!("renewed {files} ({days} days left) with {with}: {body:?}");
        bodies.push(body); // a real service sends these, and keeps the new keys
    }
    for s in &report.skipped {
        log("skipped", s.files.first().map_or(&dir, |f| f), &s.problem);
    }
    for (file, problem) in &report.problems {
        log("problem", file, problem);
    }
    println!(
        "{} due, {} UploadCsr bodies built",
        report.due.len(),
        bodies.len()
    );
    Ok(())
}

/// Where a demo certificate's key is kept.
enum Keep {
    Pem(&'static str),
    Pfx(&'static str),
    Elsewhere,
}

/// A folder as a service finds one: certificates due in 3 to 20 days and one that is not,
/// keys encrypted under `team-a` or `team-b` (one in a `.pfx`, one not in the folder), a
/// truncated certificate, an Ed25519 certificate, a key under a password nobody gave, and a
/// key of no certificate.
fn make_folder(dir: &Path) -> Result<PathBuf> {
    let ca_key = rcgen::KeyPair::generate()?;
    let mut ca = rcgen::CertificateParams::new(Vec::<String>::new())?;
    ca.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(rcgen::DnType::CommonName, "Test CA");
    let put = |file: &str, bytes: &[u8]| std::fs::write(dir.join(file), bytes);
    put("ca.pem", ca.self_signed(&ca_key)?.pem().as_bytes())?;
    let ca = rcgen::Issuer::new(ca, ca_key);
    let now = rcgen::date_time_ymd(1970, 1, 1) + SystemTime::now().duration_since(UNIX_EPOCH)?;
    let days = |n: u64| Duration::from_secs(n * 86_400);

    for (name, alg, left, keep) in [
        ("web", KeyAlgorithm::EccP256, 12, Keep::Pem("team-a")),
        ("api", KeyAlgorithm::Rsa2048, 3, Keep::Pem("team-b")),
        ("vpn", KeyAlgorithm::EccP384, 7, Keep::Pfx("team-b")),
        ("mail", KeyAlgorithm::EccP256, 20, Keep::Elsewhere),
        ("portal", KeyAlgorithm::EccP256, 200, Keep::Pem("team-a")),
    ] {
        let key = PrivateKey::generate(alg)?;
        let cn = format!("{name}.example.com");
        let subject = DistinguishedName::builder()
            .country("CN")
            .common_name(&cn)
            .build()?;
        let csr = CsrRequest::new(subject)
            .san(San::parse(&cn)?)
            .profile(Profile::Server);
        let csr = csr.sign(&key)?;
        let mut issue = rcgen::CertificateSigningRequestParams::from_pem(&csr.to_pem())?;
        (issue.params.not_before, issue.params.not_after) = (now - days(365), now + days(left));
        let cert = issue.signed_by(&ca)?;
        put(&format!("{name}.crt"), cert.pem().as_bytes())?;
        match keep {
            Keep::Pem(pw) => put(
                &format!("{name}.key"),
                key.to_encrypted_pem(&pw.into())?.as_bytes(),
            )?,
            Keep::Pfx(pw) => {
                let pfx = to_pkcs12(&key, cert.der(), &[], None, &pw.into())?;
                put(&format!("{name}.pfx"), &pfx)?
            }
            Keep::Elsewhere => {}
        }
    }
    let web = std::fs::read(dir.join("web.crt"))?;
    put("broken.crt", &web[..web.len() / 2])?;
    let ed25519 = rcgen::KeyPair::generate_for(&rcgen::PKCS_ED25519)?;
    let mut edge = rcgen::CertificateParams::new(vec!["edge.example.com".to_string()])?;
    (edge.not_before, edge.not_after) = (now - days(365), now + days(4));
    put("edge.crt", edge.signed_by(&ed25519, &ca)?.pem().as_bytes())?;
    let lost = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    put(
        "old.key",
        lost.to_encrypted_pem(&b"nobody-knows".into())?.as_bytes(),
    )?;
    let stray = PrivateKey::generate(KeyAlgorithm::EccP256)?;
    put(
        "stray.key",
        stray.to_pem(csrkit::keys::KeyFormat::Pkcs8)?.as_bytes(),
    )?;
    Ok(dir.to_path_buf())
}
