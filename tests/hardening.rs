//! Hostile input and faults: resource bounds, secrets kept out of every message, key
//! files that survive an interrupted write, and encrypted PKCS#8 both ways with OpenSSL.

mod common;

use std::io::Write;
use std::path::Path;

use common::*;
use csrkit::Error;
use csrkit::api::{UploadCsrRequest, UploadKeyFormat};
use csrkit::csr::ParsedCsr;
use csrkit::input::Limits;
use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::CsrRequest;

#[test]
fn san_count_is_bounded_before_decoding() {
    // Within the limits: parses, every SAN read.
    let ok = csr_with_sans(1000);
    let p = ParsedCsr::from_der(&ok).unwrap();
    assert_eq!(p.sans().len(), 1000);
    // One over the default of 1024.
    let err = ParsedCsr::from_der(&csr_with_sans(1025)).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooMany {
                what: "SAN entries",
                limit: 1024
            }
        ),
        "{err}"
    );
    // A million SANs (6 MB): over the size limit by default ...
    let huge = csr_with_sans(1_000_000);
    assert!(huge.len() > 6_000_000);
    let err = ParsedCsr::from_der(&huge).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    // ... and over the SAN limit when the size limit is raised.
    let roomy = Limits {
        max_input: 64 << 20,
        ..Limits::default()
    };
    let err = ParsedCsr::from_der_with(&huge, &roomy).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooMany {
                what: "SAN entries",
                ..
            }
        ),
        "{err}"
    );
    // The limit is the caller's to set.
    let tight = Limits {
        max_sans: 10,
        ..Limits::default()
    };
    assert!(matches!(
        ParsedCsr::from_der_with(&csr_with_sans(11), &tight),
        Err(Error::TooMany { .. })
    ));
    assert!(ParsedCsr::from_der_with(&csr_with_sans(10), &tight).is_ok());
}

#[test]
fn name_attribute_count_is_bounded() {
    let mut b = DistinguishedName::builder().common_name("x");
    for i in 0..10 {
        b = b.organizational_unit(format!("ou{i}"));
    }
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let csr = CsrRequest::new(b.build().unwrap()).sign(&key).unwrap();
    assert!(ParsedCsr::from_der(csr.der()).is_ok());
    let tight = Limits {
        max_name_entries: 5,
        ..Limits::default()
    };
    let err = ParsedCsr::from_der_with(csr.der(), &tight).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooMany {
                what: "name attributes",
                limit: 5
            }
        ),
        "{err}"
    );
    assert!(
        err.to_string().contains("more than 5 name attributes"),
        "{err}"
    );
}

#[test]
fn no_secret_in_debug_display_or_errors() {
    for alg in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
    ] {
        let key = PrivateKey::generate(alg).unwrap();
        let pem = key.to_pem(KeyFormat::Pkcs8).unwrap();
        let der = key.to_der(KeyFormat::Pkcs8).unwrap();
        let dbg = format!("{key:?} {key:#?}");
        assert_no_secret(&dbg, &pem, "Debug of PrivateKey");
        let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
        for w in hex.as_bytes().chunks_exact(24) {
            assert!(!dbg.to_lowercase().contains(std::str::from_utf8(w).unwrap()));
        }
        // The UploadCsr body carries the key, its Debug does not.
        let csr = CsrRequest::new(
            DistinguishedName::builder()
                .common_name("x.example.com")
                .build()
                .unwrap(),
        )
        .sign(&key)
        .unwrap();
        let body =
            UploadCsrRequest::checked(csr.der(), Some(&key), None, UploadKeyFormat::Pkcs8).unwrap();
        assert_no_secret(&format!("{body:?}"), &pem, "Debug of UploadCsrRequest");
        // A damaged key file: the error names the problem, never the bytes.
        let mut damaged: Vec<u8> = pem.as_bytes().to_vec();
        let mid = damaged.len() / 2;
        damaged[mid] = if damaged[mid] == b'A' { b'B' } else { b'A' };
        damaged.truncate(damaged.len() - 40);
        let e = PrivateKey::from_bytes(&damaged).unwrap_err();
        assert_no_secret(&format!("{e} {e:?}"), &pem, "error of a damaged key");
        // Wrong password: the error holds neither the password nor the key.
        let enc = key.to_encrypted_pem(&b"s3cret-pass-123".into()).unwrap();
        let e =
            PrivateKey::from_bytes_with_password(enc.as_bytes(), Some(&b"wrong-pass-456".into()))
                .unwrap_err();
        let msg = format!("{e} {e:?}");
        assert!(matches!(
            e,
            Error::WrongPassword(csrkit::error::Secured::Key)
        ));
        assert!(
            !msg.contains("wrong-pass-456") && !msg.contains("s3cret-pass-123"),
            "{msg}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Encrypted PKCS#8 with OpenSSL, both ways
// ---------------------------------------------------------------------------------------

fn write(path: &Path, data: &[u8]) {
    let mut f = std::fs::File::create(path).unwrap();
    f.write_all(data).unwrap();
}

#[test]
fn openssl_reads_our_encrypted_keys() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(&p.join("pw"), b"correct horse battery staple\n");
    for alg in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
    ] {
        let key = PrivateKey::generate(alg).unwrap();
        let f = p.join(format!("{alg:?}.enc.pem"));
        write(
            &f,
            key.to_encrypted_pem(&b"correct horse battery staple".into())
                .unwrap()
                .as_bytes(),
        );
        let pw = format!("file:{}", p.join("pw").display());
        let o = openssl(&[
            "pkey",
            "-in",
            f.to_str().unwrap(),
            "-passin",
            &pw,
            "-pubout",
            "-outform",
            "DER",
        ]);
        assert!(o.status.success(), "{alg:?}: {}", all_output(&o));
        assert_eq!(o.stdout, key.public_key().spki_der(), "{alg:?}");
        // OpenSSL's view of the encryption.
        let o = openssl(&["asn1parse", "-in", f.to_str().unwrap()]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            text.contains("PBES2") && text.contains("PBKDF2") && text.contains("aes-256-cbc"),
            "{text}"
        );
        assert!(text.contains("hmacWithSHA256"), "{text}");
    }
}

#[test]
fn we_read_openssl_encrypted_keys() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let pwfile = p.join("pw");
    write(&pwfile, b"open sesame\n");
    let pass = format!("file:{}", pwfile.display());
    // OpenSSL reads the next line when -passin and -passout name the same file.
    write(&p.join("pw2"), b"open sesame\n");
    let pass2 = format!("file:{}", p.join("pw2").display());
    let cases: [(&str, Vec<&str>); 5] = [
        (
            "rsa-pbkdf2",
            vec![
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-aes-256-cbc",
            ],
        ),
        (
            "ec-pbkdf2",
            vec![
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes-256-cbc",
            ],
        ),
        (
            "sm2-pbkdf2",
            vec!["genpkey", "-algorithm", "SM2", "-aes-256-cbc"],
        ),
        (
            "ec-aes128",
            vec![
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes-128-cbc",
            ],
        ),
        ("ec-scrypt", vec![]),
    ];
    for (name, args) in cases {
        let out = p.join(format!("{name}.pem"));
        let o = if args.is_empty() {
            // scrypt via `openssl pkcs8 -topk8 -scrypt`.
            let plain = p.join("plain.pem");
            assert!(
                openssl(&[
                    "genpkey",
                    "-algorithm",
                    "EC",
                    "-pkeyopt",
                    "ec_paramgen_curve:P-256",
                    "-out",
                    plain.to_str().unwrap()
                ])
                .status
                .success()
            );
            openssl(&[
                "pkcs8",
                "-topk8",
                "-scrypt",
                "-v2",
                "aes-256-cbc",
                "-in",
                plain.to_str().unwrap(),
                "-passout",
                &pass,
                "-out",
                out.to_str().unwrap(),
            ])
        } else {
            let mut a = args.clone();
            a.extend(["-pass", &pass, "-out", out.to_str().unwrap()]);
            openssl(&a)
        };
        assert!(o.status.success(), "{name}: {}", all_output(&o));
        let pem = std::fs::read(&out).unwrap();
        assert!(
            pem.starts_with(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{name}"
        );
        let key = PrivateKey::from_bytes_with_password(&pem, Some(&b"open sesame".into()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let o = openssl(&[
            "pkey",
            "-in",
            out.to_str().unwrap(),
            "-passin",
            &pass,
            "-pubout",
            "-outform",
            "DER",
        ]);
        assert_eq!(key.public_key().spki_der(), o.stdout, "{name}");
        assert!(
            matches!(
                PrivateKey::from_bytes(&pem),
                Err(Error::PasswordRequired(csrkit::error::Secured::Key))
            ),
            "{name}"
        );
        assert!(
            matches!(
                PrivateKey::from_bytes_with_password(&pem, Some(&b"open sesame!".into())),
                Err(Error::WrongPassword(csrkit::error::Secured::Key))
            ),
            "{name}"
        );
        // DER too.
        let der = p.join(format!("{name}.der"));
        let o = openssl(&[
            "pkcs8",
            "-topk8",
            "-in",
            out.to_str().unwrap(),
            "-passin",
            &pass,
            "-passout",
            &pass2,
            "-v2",
            "aes-256-cbc",
            "-outform",
            "DER",
            "-out",
            der.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{name}: {}", all_output(&o));
        let k2 = PrivateKey::from_bytes_with_password(
            &std::fs::read(&der).unwrap(),
            Some(&b"open sesame".into()),
        )
        .unwrap();
        assert_eq!(k2.public_key(), key.public_key(), "{name}");
    }
}

/// Key-derivation parameters come from the file: a hostile one must be refused at once,
/// not run for an hour (PBKDF2) or allocate terabytes (scrypt).
#[test]
fn hostile_kdf_parameters_are_refused_before_deriving() {
    use der::{Decode, Encode};
    use pkcs8::pkcs5::{EncryptionScheme, pbes2::Kdf};
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let enc = key.to_encrypted_der(&b"pw".into()).unwrap();
    let mut info = pkcs8::EncryptedPrivateKeyInfoOwned::from_der(&enc).unwrap();
    fn pbes2(
        info: &mut pkcs8::EncryptedPrivateKeyInfoOwned,
    ) -> &mut pkcs8::pkcs5::pbes2::Parameters {
        match &mut info.encryption_algorithm {
            EncryptionScheme::Pbes2(p) => p,
            _ => panic!("PBES2"),
        }
    }
    let Kdf::Pbkdf2(k) = &mut pbes2(&mut info).kdf else {
        panic!("PBKDF2")
    };
    assert_eq!(k.iteration_count, 600_000);
    k.iteration_count = 4_000_000_000;
    let hostile = info.to_der().unwrap();
    let err = PrivateKey::from_bytes_with_password(&hostile, Some(&b"pw".into())).unwrap_err();
    assert!(matches!(err, Error::InvalidKey(_)), "{err}");
    assert!(err.to_string().contains("PBKDF2"), "{err}");

    // scrypt with N = 2^40: 128 TiB.
    let scrypt_params = pkcs8::pkcs5::pbes2::ScryptParams::from_params_and_salt(
        pkcs8::pkcs5::scrypt::Params::new(14, 8, 1).unwrap(),
        b"saltsaltsaltsalt",
    )
    .unwrap();
    let params = pbes2(&mut info);
    params.kdf = Kdf::Scrypt(scrypt_params);
    if let Kdf::Scrypt(sp) = &mut params.kdf {
        sp.cost_parameter = 1 << 40;
    }
    let hostile = info.to_der().unwrap();
    let err = PrivateKey::from_bytes_with_password(&hostile, Some(&b"pw".into())).unwrap_err();
    assert!(err.to_string().contains("scrypt"), "{err}");
}
