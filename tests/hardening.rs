//! Hostile input and faults: resource bounds, secrets kept out of every message, key
//! files that survive an interrupted write, and encrypted PKCS#8 both ways with OpenSSL.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::*;
use csrkit::Error;
use csrkit::api::UploadCsrRequest;
use csrkit::csr::ParsedCsr;
use csrkit::input::Limits;
use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey};
use csrkit::names::DistinguishedName;
use csrkit::request::CsrRequest;

// ---------------------------------------------------------------------------------------
// Resource bounds
// ---------------------------------------------------------------------------------------

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A CSR (hand-built DER, as an attacker would) whose extension request holds one SAN
/// extension of `n` DNS names. The signature is junk: parsing must refuse it before.
fn csr_with_sans(n: usize) -> Vec<u8> {
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let real = CsrRequest::new(
        DistinguishedName::builder()
            .common_name("x")
            .build()
            .unwrap(),
    )
    .sign(&key)
    .unwrap();
    let spki = der::Encode::to_der(
        &ParsedCsr::from_der(real.der().to_vec())
            .unwrap()
            .cert_req_info()
            .public_key,
    )
    .unwrap();
    let mut names = Vec::with_capacity(n * 6);
    for _ in 0..n {
        names.extend(tlv(0x82, b"a.co"));
    }
    let san_oid = [0x06, 0x03, 0x55, 0x1d, 0x11];
    let ext = tlv(
        0x30,
        &[&san_oid[..], &tlv(0x04, &tlv(0x30, &names))].concat(),
    );
    let ext_req_oid = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e,
    ];
    let attr = tlv(
        0x30,
        &[&ext_req_oid[..], &tlv(0x31, &tlv(0x30, &ext))].concat(),
    );
    let info = tlv(
        0x30,
        &[
            &[0x02, 0x01, 0x00][..],
            &tlv(0x30, &[]),
            &spki,
            &tlv(0xa0, &attr),
        ]
        .concat(),
    );
    let sigalg = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    tlv(
        0x30,
        &[&info[..], &sigalg, &[0x03, 0x02, 0x00, 0x00]].concat(),
    )
}

#[test]
fn san_count_is_bounded_before_decoding() {
    // Within the limits: parses, every SAN read.
    let ok = csr_with_sans(1000);
    let p = ParsedCsr::from_der(ok).unwrap();
    assert_eq!(p.sans().len(), 1000);
    // One over the default of 1024.
    let err = ParsedCsr::from_der(csr_with_sans(1025)).unwrap_err();
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
    let err = ParsedCsr::from_der(huge.clone()).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    // ... and over the SAN limit when the size limit is raised.
    let roomy = Limits {
        max_input: 64 << 20,
        ..Limits::default()
    };
    let err = ParsedCsr::from_der_with(huge, &roomy).unwrap_err();
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
        ParsedCsr::from_der_with(csr_with_sans(11), &tight),
        Err(Error::TooMany { .. })
    ));
    assert!(ParsedCsr::from_der_with(csr_with_sans(10), &tight).is_ok());
}

#[test]
fn name_attribute_count_is_bounded() {
    let mut b = DistinguishedName::builder().common_name("x");
    for i in 0..10 {
        b = b.organizational_unit(format!("ou{i}"));
    }
    let key = PrivateKey::generate(KeyAlgorithm::EccP256).unwrap();
    let csr = CsrRequest::new(b.build().unwrap()).sign(&key).unwrap();
    assert!(ParsedCsr::from_der(csr.der().to_vec()).is_ok());
    let tight = Limits {
        max_name_entries: 5,
        ..Limits::default()
    };
    let err = ParsedCsr::from_der_with(csr.der().to_vec(), &tight).unwrap_err();
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
fn oversized_and_endless_inputs_are_refused_by_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(200 << 20).unwrap(); // 200 MB (sparse)
    for (file, what) in [
        ("/dev/zero", "/dev/zero"),
        (big.to_str().unwrap(), "big.pem"),
    ] {
        let o = csrkit(dir.path(), &["inspect", file]);
        assert_eq!(o.status.code(), Some(1), "{file}");
        let err = String::from_utf8(o.stderr).unwrap();
        assert!(
            err.contains(what) && err.contains("over the limit"),
            "{err}"
        );
        assert!(o.stdout.is_empty());
    }
    let million = dir.path().join("million-sans.der");
    std::fs::write(&million, csr_with_sans(1_000_000)).unwrap();
    let o = csrkit(dir.path(), &["inspect", "million-sans.der"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8(o.stderr)
            .unwrap()
            .contains("over the limit")
    );
}

// ---------------------------------------------------------------------------------------
// Secrets
// ---------------------------------------------------------------------------------------

/// Every 12-character window of the base64 body of a secret PEM.
fn secret_windows(pem: &str) -> Vec<String> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let chars: Vec<char> = body.chars().collect();
    chars
        .windows(12)
        .step_by(6)
        .map(|w| w.iter().collect())
        .collect()
}

fn assert_no_secret(text: &str, pem: &str, what: &str) {
    for w in secret_windows(pem) {
        assert!(
            !text.contains(&w),
            "{what} shows secret material {w:?}:\n{text}"
        );
    }
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
        let body = UploadCsrRequest::checked(csr.der(), Some(&key), None, true).unwrap();
        assert_no_secret(&format!("{body:?}"), &pem, "Debug of UploadCsrRequest");
        // A damaged key file: the error names the problem, never the bytes.
        let mut damaged: Vec<u8> = pem.as_bytes().to_vec();
        let mid = damaged.len() / 2;
        damaged[mid] = if damaged[mid] == b'A' { b'B' } else { b'A' };
        damaged.truncate(damaged.len() - 40);
        let e = PrivateKey::from_bytes(&damaged).unwrap_err();
        assert_no_secret(&format!("{e} {e:?}"), &pem, "error of a damaged key");
        // Wrong password: the error holds neither the password nor the key.
        let enc = key.to_encrypted_pem(b"s3cret-pass-123").unwrap();
        let e = PrivateKey::from_bytes_with_password(enc.as_bytes(), Some(b"wrong-pass-456"))
            .unwrap_err();
        let msg = format!("{e} {e:?}");
        assert!(matches!(e, Error::Decrypt));
        assert!(
            !msg.contains("wrong-pass-456") && !msg.contains("s3cret-pass-123"),
            "{msg}"
        );
    }
}

#[test]
fn cli_never_prints_a_key_or_password() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let pw = "Tr0ub4dor&3-horse";
    std::fs::write(p.join("pw.txt"), format!("{pw}\n")).unwrap();
    let o = csrkit(p, &["generate", "--json", "--key-password-file", "pw.txt"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let enc_pem = std::fs::read_to_string(p.join("key.pem")).unwrap();
    assert!(enc_pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    // What must never be shown is the decrypted key, in every encoding.
    let key =
        PrivateKey::from_bytes_with_password(enc_pem.as_bytes(), Some(pw.as_bytes())).unwrap();
    let mut secrets: Vec<String> = vec![
        enc_pem.clone(),
        key.to_pem(KeyFormat::Pkcs8).unwrap().to_string(),
    ];
    secrets.push(key.to_pem(KeyFormat::Sec1).unwrap().to_string());
    let check = |out: &str, what: &str| {
        for s in &secrets {
            assert_no_secret(out, s, what);
        }
        let hex: String = key
            .to_der(KeyFormat::Sec1)
            .unwrap()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        for w in hex.as_bytes().chunks_exact(24) {
            assert!(
                !out.to_lowercase().contains(std::str::from_utf8(w).unwrap()),
                "{what}"
            );
        }
    };
    let out = all_output(&o);
    assert!(!out.contains(pw));
    check(&out, "generate's output");
    for args in [
        vec![
            "inspect",
            "csr.pem",
            "--key",
            "key.pem",
            "--key-password-env",
            "CSRKIT_TEST_PW",
        ],
        vec![
            "verify",
            "csr.pem",
            "--key",
            "key.pem",
            "--key-password-env",
            "CSRKIT_TEST_PW",
        ],
        vec!["inspect", "key.pem"],
    ] {
        for value in ["wrong-password-789", pw] {
            let o = Command::new(csrkit_bin())
                .current_dir(p)
                .args(&args)
                .env("CSRKIT_TEST_PW", value)
                .output()
                .unwrap();
            let out = all_output(&o);
            assert!(!out.contains(value), "{args:?} printed the password: {out}");
            check(&out, "CLI output");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Key files
// ---------------------------------------------------------------------------------------

#[test]
fn key_files_are_0600_and_never_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = csrkit(p, &["generate"]);
    assert!(o.status.success());
    let mode = std::fs::metadata(p.join("key.pem"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let before = std::fs::read(p.join("key.pem")).unwrap();
    let o = csrkit(p, &["generate"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(p.join("key.pem")).unwrap(), before);
}

/// Runs our binary in `dir` through `bash -c`, under `ulimit -f LIMIT` (1 KiB blocks)
/// when one is given: writes past it fail (SIGXFSZ), as on a full disk.
fn csrkit_with_file_limit(dir: &Path, limit: Option<&str>, args: &str) -> std::process::Output {
    let ulimit = limit
        .map(|l| format!("ulimit -f {l}; "))
        .unwrap_or_default();
    Command::new("bash")
        .current_dir(dir)
        .arg("-c")
        .arg(format!("{ulimit}exec {} {args}", csrkit_bin().display()))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A write that fails part-way (the file-size limit, SIGXFSZ / EFBIG: what a full disk
/// does to a writer) leaves the user's old key and CSR exactly as they were.
#[test]
fn an_interrupted_forced_write_keeps_the_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = csrkit(p, &["generate", "--algorithm", "rsa2048"]);
    assert!(o.status.success());
    let key = std::fs::read(p.join("key.pem")).unwrap();
    let csr = std::fs::read(p.join("csr.pem")).unwrap();
    // 1 block of 512 bytes: an RSA-2048 key file (~1.7 KB) cannot be written whole.
    for limit in ["0", "1"] {
        let o = csrkit_with_file_limit(p, Some(limit), "generate --force --algorithm rsa2048");
        assert!(
            !o.status.success(),
            "the write cannot succeed under ulimit -f {limit}"
        );
        assert_eq!(
            std::fs::read(p.join("key.pem")).unwrap(),
            key,
            "ulimit -f {limit}"
        );
        assert_eq!(
            std::fs::read(p.join("csr.pem")).unwrap(),
            csr,
            "ulimit -f {limit}"
        );
    }
    let mode = std::fs::metadata(p.join("key.pem"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
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
            key.to_encrypted_pem(b"correct horse battery staple")
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
        let key = PrivateKey::from_bytes_with_password(&pem, Some(b"open sesame"))
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
            matches!(PrivateKey::from_bytes(&pem), Err(Error::PasswordRequired)),
            "{name}"
        );
        assert!(
            matches!(
                PrivateKey::from_bytes_with_password(&pem, Some(b"open sesame!")),
                Err(Error::Decrypt)
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
            Some(b"open sesame"),
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
    let enc = key.to_encrypted_der(b"pw").unwrap();
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
    let err = PrivateKey::from_bytes_with_password(&hostile, Some(b"pw")).unwrap_err();
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
    let err = PrivateKey::from_bytes_with_password(&hostile, Some(b"pw")).unwrap_err();
    assert!(err.to_string().contains("scrypt"), "{err}");
}

#[test]
fn cli_encrypted_key_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let run = |args: &[&str]| {
        Command::new(csrkit_bin())
            .current_dir(p)
            .args(args)
            .env("NO_COLOR", "1")
            .env("PW", "a long pass phrase")
            .output()
            .unwrap()
    };
    let o = run(&["generate", "--algorithm", "sm2", "--key-password-env", "PW"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let o = run(&[
        "verify",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "PW",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let o = run(&["verify", "csr.pem", "--key", "key.pem"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(all_output(&o).contains("encrypted"), "{}", all_output(&o));
    let o = run(&[
        "upload-request",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "PW",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        body["Key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN PRIVATE KEY-----")
    );
    // OpenSSL reads the key with the same password.
    let o = Command::new("openssl")
        .args([
            "pkey",
            "-in",
            p.join("key.pem").to_str().unwrap(),
            "-passin",
            "env:PW",
            "-noout",
        ])
        .env("PW", "a long pass phrase")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    // Both sources at once is a usage error; an unset variable or empty file is exit 1.
    let o = run(&[
        "verify",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "PW",
        "--key-password-file",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "verify",
        "csr.pem",
        "--key",
        "key.pem",
        "--key-password-env",
        "NOT_SET_ANYWHERE",
    ]);
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(p.join("empty"), b"\n").unwrap();
    let o = run(&[
        "generate",
        "--csr-out",
        "b.pem",
        "--key-out",
        "b.key",
        "--key-password-file",
        "empty",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!p.join("b.key").exists());
}

/// The key is written under a temporary name, then the CSR; only when both are whole
/// does either replace the old file. Here the CSR (many SANs, over 1 KiB) cannot be
/// written under `ulimit -f 1` while the ECC key (~240 bytes) can: the old key stays.
#[test]
fn a_forced_generate_whose_csr_write_fails_keeps_the_old_key() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    assert!(csrkit(p, &["generate"]).status.success());
    let key = std::fs::read(p.join("key.pem")).unwrap();
    let csr = std::fs::read(p.join("csr.pem")).unwrap();
    let sans: String = (0..40)
        .map(|i| format!(" --san host-number-{i}.example.com"))
        .collect();
    let args = format!("generate --force --algorithm ecc{sans}");
    let o = csrkit_with_file_limit(p, Some("1"), &args);
    assert!(!o.status.success());
    assert_eq!(std::fs::read(p.join("key.pem")).unwrap(), key);
    assert_eq!(std::fs::read(p.join("csr.pem")).unwrap(), csr);
    // Without the limit the same command works (so the failure above was the write).
    let o = csrkit_with_file_limit(p, None, &args);
    assert!(o.status.success(), "{}", all_output(&o));
    assert!(std::fs::read(p.join("csr.pem")).unwrap().len() > 1024);
}

#[test]
fn list_counts_encrypted_keys_and_keeps_spec_nulls() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let o = Command::new(csrkit_bin())
        .current_dir(p)
        .args([
            "generate",
            "--cn",
            "enc.example.com",
            "--csr-out",
            "enc.csr.pem",
            "--key-out",
            "enc.key.pem",
            "--key-password-env",
            "PW",
        ])
        .env("PW", "pass phrase")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", all_output(&o));
    let o = csrkit(p, &["list", ".", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let e = &v["CsrList"][0];
    assert_eq!(
        e["HasPrivateKey"], false,
        "an encrypted key cannot be matched"
    );
    for k in [
        "Department",
        "CorpName",
        "Province",
        "Locality",
        "CountryCode",
    ] {
        assert!(e.get(k).is_some_and(serde_json::Value::is_null), "{k}: {e}");
    }
    assert_eq!(e["CommonName"], "enc.example.com");
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("1 encrypted key file(s)"), "{err}");
}
