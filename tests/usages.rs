//! KeyUsage, ExtendedKeyUsage and BasicConstraints as `openssl x509|req -text` names
//! them: every CSR and certificate made by others in vectors/, and a CSR OpenSSL makes
//! here with every key purpose it names.

mod common;

use std::path::Path;

use common::*;
use csrkit::cert::Parsed;
use csrkit::usages::{BasicConstraintsInfo, Usages};

/// The line after `header` in OpenSSL's text, when the extension is there.
fn line_after(text: &str, header: &str) -> Option<String> {
    let mut lines = text.lines();
    lines.find(|l| l.trim_start().starts_with(header))?;
    lines.next().map(|l| l.trim().to_string())
}

type Openssl = (
    Option<Vec<String>>,
    Option<Vec<String>>,
    Option<BasicConstraintsInfo>,
);

/// OpenSSL's three usages of a file; `None` when OpenSSL does not read the file (the PEM
/// with literal `\n` escapes that cloud APIs send, say).
fn openssl_usages(path: &Path, csr: bool) -> Option<Openssl> {
    let form = if path.extension().is_some_and(|e| e == "der") {
        "DER"
    } else {
        "PEM"
    };
    let o = openssl(&[
        if csr { "req" } else { "x509" },
        "-inform",
        form,
        "-in",
        path.to_str().unwrap(),
        "-noout",
        "-text",
    ]);
    if !o.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let list = |l: Option<String>| l.map(|l| l.split(", ").map(str::to_string).collect::<Vec<_>>());
    let bc = line_after(&text, "X509v3 Basic Constraints").map(|l| {
        let ca = l.contains("CA:TRUE");
        let path_len = l
            .split("pathlen:")
            .nth(1)
            .map(|n| n.trim().parse::<u64>().unwrap());
        BasicConstraintsInfo { ca, path_len }
    });
    Some((
        list(line_after(&text, "X509v3 Key Usage")),
        list(line_after(&text, "X509v3 Extended Key Usage")),
        bc,
    ))
}

// The vectors as they are today: 134 files checked, 74 of them with usages; 18 files csrkit refuses (13 hostile, 4 unsupported keys,
// 1 key), 5 OpenSSL does not read (PEM with literal `\n` escapes, as APIs send it).
const CHECKED_TODAY: usize = 134;
const WITH_USAGES_TODAY: usize = 74;
const REFUSED_BY_CSRKIT_TODAY: usize = 18;
const REFUSED_BY_OPENSSL_TODAY: usize = 5;

#[test]
fn usages_are_named_as_openssl_names_them_on_every_vector() {
    let mut checked = 0;
    let mut with_usages = 0;
    // Files that drop out, and why: each kind is counted and named, with a floor at today's
    // count, so a file that stops being read (by csrkit or by OpenSSL) fails here.
    let mut csrkit_refuses: Vec<String> = Vec::new();
    let mut openssl_refuses: Vec<String> = Vec::new();
    for dir in ["csr", "cert", "realworld", "unchecked", "hostile"] {
        for e in std::fs::read_dir(vectors().join(dir)).unwrap() {
            let path = e.unwrap().path();
            if !path.extension().is_some_and(|e| e == "pem" || e == "der") {
                continue;
            }
            let parsed = match Parsed::from_bytes(&std::fs::read(&path).unwrap()) {
                Ok(p) => p,
                Err(e) => {
                    let f = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                    // A hostile vector (both peers refuse it, vectors/hostile/*.json), or a
                    // public key csrkit does not support (DSA, Ed25519, Ed448, GOST), by kind.
                    assert!(
                        dir == "hostile" || matches!(e, csrkit::Error::UnsupportedAlgorithm { .. }),
                        "csrkit refuses {f}: {e}"
                    );
                    csrkit_refuses.push(f);
                    continue;
                }
            };
            let (ours, csr) = match &parsed {
                Parsed::Csr(c) => (Usages::of(c.extensions()), true),
                Parsed::Cert(c) => (Usages::of(c.extensions()), false),
            };
            let Some((ku, eku, bc)) = openssl_usages(&path, csr) else {
                openssl_refuses.push(format!(
                    "{dir}/{}",
                    path.file_name().unwrap().to_string_lossy()
                ));
                continue;
            };
            let name = path.display().to_string();
            assert_eq!(ours.key_usage, ku, "{name}");
            assert_eq!(ours.extended_key_usage, eku, "{name}");
            assert_eq!(ours.basic_constraints, bc, "{name}");
            if ku.is_some() || eku.is_some() || bc.is_some() {
                with_usages += 1;
            }
            checked += 1;
        }
    }
    csrkit_refuses.sort();
    openssl_refuses.sort();
    eprintln!("csrkit refuses {csrkit_refuses:?}\nOpenSSL refuses {openssl_refuses:?}");
    assert_eq!(
        (csrkit_refuses.len(), openssl_refuses.len()),
        (REFUSED_BY_CSRKIT_TODAY, REFUSED_BY_OPENSSL_TODAY),
        "files that drop out"
    );
    assert!(
        checked >= CHECKED_TODAY && with_usages >= WITH_USAGES_TODAY,
        "{checked} files checked (today {CHECKED_TODAY}), {with_usages} with usages (today {WITH_USAGES_TODAY})"
    );
}

#[test]
fn every_key_purpose_openssl_names() {
    let d = tempfile::tempdir().unwrap();
    let key = vectors().join("key/p256-pkcs8.pem");
    let csr = d.path().join("eku.csr");
    let purposes = "serverAuth,clientAuth,codeSigning,emailProtection,timeStamping,OCSPSigning,\
        ipsecIKE,msCodeInd,msCodeCom,msCTLSign,msSGC,msEFS,nsSGC,msSmartcardLogin,anyExtendedKeyUsage,\
        1.3.6.1.5.5.7.3.5,1.3.6.1.5.5.7.3.6,1.3.6.1.5.5.7.3.7,1.3.6.1.5.2.3.4,1.3.6.1.5.2.3.5,1.2.3.4.5";
    let o = openssl(&[
        "req",
        "-new",
        "-key",
        key.to_str().unwrap(),
        "-subj",
        "/CN=eku",
        "-addext",
        &format!("extendedKeyUsage={purposes}"),
        "-addext",
        "keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly",
        "-addext",
        "basicConstraints=critical,CA:TRUE,pathlen:7",
        "-out",
        csr.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    let parsed = Parsed::from_bytes(&std::fs::read(&csr).unwrap()).unwrap();
    let Parsed::Csr(c) = &parsed else { panic!() };
    let ours = Usages::of(c.extensions());
    let (ku, eku, bc) = openssl_usages(&csr, true).unwrap();
    assert_eq!(ours.extended_key_usage, eku);
    assert_eq!(ours.extended_key_usage.as_ref().unwrap().len(), 21);
    assert_eq!(ours.key_usage, ku);
    assert_eq!(ours.key_usage.as_ref().unwrap().len(), 9);
    assert_eq!(ours.basic_constraints, bc);
    assert_eq!(
        ours.basic_constraints,
        Some(BasicConstraintsInfo {
            ca: true,
            path_len: Some(7)
        })
    );
}
