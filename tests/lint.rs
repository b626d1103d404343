//! `csrkit::lint` against what the vectors were made to break (vectors/lint/expected.json,
//! written by make_lint_vectors.py from what it put in each file), Boulder's CSR errors,
//! known-weak keys, and pyca's long-form-attribute CSR.

use std::path::{Path, PathBuf};

use csrkit::cert::Parsed;
use csrkit::cert::moment_from_text as parse_moment;
use csrkit::contents::Contents;
use csrkit::keys::PublicKey;
use csrkit::lint::{Finding, Profile, Severity, lint};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn expected() -> serde_json::Map<String, Value> {
    let text =
        std::fs::read_to_string(root().join("vectors/lint/expected.json")).expect("expected.json");
    let v: Value = serde_json::from_str(&text).expect("JSON");
    v["files"].as_object().expect("files").clone()
}

/// 2026-04-01, the notBefore of the made certificates: nothing has expired yet.
fn at() -> i64 {
    parse_moment("2026-04-01T00:00:00Z").expect("a date")
}

fn lint_file(rel: &str, profile: Profile) -> Vec<Finding> {
    let bytes = std::fs::read(root().join("vectors/lint").join(rel)).expect(rel);
    let item = Parsed::from_bytes(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
    lint(&item, &profile, at())
}

#[test]
fn each_vector_breaks_the_rule_it_was_made_to_break() {
    let files = expected();
    assert!(files.len() > 200, "{} vectors", files.len());
    for (rel, meta) in &files {
        let profile: Profile = meta["profile"]
            .as_str()
            .unwrap_or("cabf")
            .parse()
            .expect("a profile");
        let findings = lint_file(rel, profile);
        match meta["breaks"].as_str() {
            Some(id) => assert!(
                findings.iter().any(|f| f.id == id),
                "{rel} under {profile}: no {id} in {findings:?}"
            ),
            None => {
                let bad: Vec<_> = findings
                    .iter()
                    .filter(|f| f.severity >= Severity::Warning && f.id != "validity.expired")
                    .collect();
                assert!(
                    bad.is_empty(),
                    "{rel} is compliant under {profile}, yet {bad:?}"
                );
            }
        }
    }
}

#[test]
fn every_message_names_its_value_and_every_finding_is_a_table_rule() {
    let f = lint_file("cert/san-internal.pem", Profile::Cabf);
    let internal = f
        .iter()
        .find(|f| f.id == "san.internal_name")
        .expect("flagged");
    assert_eq!(
        internal.message,
        "printer.local is not under a public suffix"
    );
    assert_eq!(internal.pkilint, Some("cabf.internal_domain_name"));
    assert_eq!(internal.zlint, Some("e_dnsname_not_valid_tld"));
    assert_eq!(internal.source, "BR 4.2.2; BR 7.1.2.7.12");
    let json = serde_json::to_value(internal).expect("JSON");
    let keys: Vec<&String> = json.as_object().expect("object").keys().collect();
    assert_eq!(
        keys,
        ["Id", "Message", "Pkilint", "Severity", "Source", "Zlint"]
    );
    assert_eq!(json["Severity"], "error");
    for rel in expected().keys() {
        for finding in lint_file(rel, Profile::Cabf) {
            let rule = csrkit::lint::rule(finding.id).expect("a rule of the table");
            assert_eq!(rule.severity_for(Profile::Cabf), Some(finding.severity));
        }
    }
}

#[test]
fn profiles_differ_where_the_cas_do() {
    // A private CA takes internal names and private addresses.
    for rel in ["cert/san-internal.pem", "cert/san-reserved-ip-10-0-0-1.pem"] {
        assert!(
            lint_file(rel, Profile::Private)
                .iter()
                .all(|f| f.severity < Severity::Error),
            "{rel}"
        );
    }
    // RSA 3072: Huawei CCM takes 2048 and 4096 only; the BR and Let's Encrypt take it.
    let huawei = lint_file("cert/key-rsa3072.pem", Profile::Huawei);
    assert!(
        huawei
            .iter()
            .any(|f| f.id == "key.rsa_size_not_taken" && f.message.contains("3072"))
    );
    assert!(
        !lint_file("cert/key-rsa3072.pem", Profile::Cabf)
            .iter()
            .any(|f| f.id == "key.rsa_size_not_taken")
    );
    // An OU is an error for a public TLS certificate, not for Alibaba's console.
    assert!(
        lint_file("csr/csr-ou.pem", Profile::Cabf)
            .iter()
            .any(|f| f.id == "subject.ou_present")
    );
    assert!(
        !lint_file("csr/csr-ou.pem", Profile::Alibaba)
            .iter()
            .any(|f| f.id == "subject.ou_present")
    );
}

#[test]
fn date_gated_rules_key_on_not_before() {
    // 250 days from 2026-06-01: over the 200 days of 2026-03-15, whatever "now" is.
    let bytes =
        std::fs::read(root().join("vectors/lint/cert/validity-250-days-2026.pem")).expect("file");
    let item = Parsed::from_bytes(&bytes).expect("cert");
    for now in ["2020-01-01", "2030-01-01"] {
        let f = lint(&item, &Profile::Cabf, parse_moment(now).expect("date"));
        assert!(f.iter().any(|f| f.id == "validity.over_200_days"), "{now}");
        assert!(!f.iter().any(|f| f.id == "validity.over_398_days"), "{now}");
    }
    // A CSR's would-be notBefore is `now`: an OU is refused from 2022-09-01 only.
    let bytes = std::fs::read(root().join("vectors/lint/csr/csr-ou.pem")).expect("file");
    let item = Parsed::from_bytes(&bytes).expect("csr");
    let ou = |now| {
        lint(&item, &Profile::Cabf, parse_moment(now).expect("date"))
            .iter()
            .any(|f| f.id == "subject.ou_present")
    };
    assert!(!ou("2022-08-31"));
    assert!(ou("2022-09-01"));
}

/// Boulder's CSR error messages (csr/csr.go VerifyCSR, goodkey/good_key.go, and the RA's
/// Must-Staple refusal), each with a CSR the `letsencrypt` profile must flag as an error.
#[test]
fn boulder_csr_errors_are_letsencrypt_errors() {
    let mut seen = Vec::new();
    for (rel, meta) in expected() {
        let Some(message) = meta["boulder"].as_str() else {
            continue;
        };
        let id = meta["breaks"].as_str().expect("a rule");
        let findings = lint_file(&rel, Profile::LetsEncrypt);
        assert!(
            findings
                .iter()
                .any(|f| f.id == id && f.severity == Severity::Error),
            "Boulder says {message:?} of {rel}; csrkit: {findings:?}"
        );
        seen.push(message.to_string());
    }
    // csr.go's SHA-1 CSR: vectors/csr/rsa2048-sha1.pem ("signature algorithm not supported").
    let bytes = std::fs::read(root().join("vectors/csr/rsa2048-sha1.pem")).expect("file");
    let f = lint(
        &Parsed::from_bytes(&bytes).expect("csr"),
        &Profile::LetsEncrypt,
        at(),
    );
    assert!(
        f.iter()
            .any(|f| f.id == "sig.weak_hash" && f.severity == Severity::Error)
    );
    for message in [
        "invalid signature on CSR",
        "signature algorithm not supported",
        "CSR contains one or more email address fields",
        "CSR contains one or more URI fields",
        "CSR contains IP address in Common Name",
        "at least one identifier is required",
        "CSR contains more than 100 identifiers",
        "invalid public key in CSR: key too small: 1024",
        "invalid public key in CSR: key length wasn't a multiple of 8",
        "invalid public key in CSR: key divisible by small prime",
        "invalid public key in CSR: key generated by vulnerable Infineon-based hardware",
        "invalid public key in CSR: key generated with factors too close together",
        "invalid public key in CSR: ECDSA curve P-521 not allowed",
        "invalid public key in CSR: key point is not on the curve",
        "OCSP must-staple extension is no longer available",
    ] {
        assert!(
            seen.iter().any(|s| s == message),
            "no CSR for Boulder's {message:?}"
        );
    }
}

fn public_keys(pem: &str) -> Vec<PublicKey> {
    pem.split_inclusive("-----END PUBLIC KEY-----\n")
        .filter(|b| b.contains("BEGIN PUBLIC KEY"))
        .map(|b| PublicKey::from_bytes(b.as_bytes()).expect("a public key"))
        .collect()
}

#[test]
fn ordinary_keys_are_not_weak() {
    // 1 000 RSA-2048 keys of the openssl CLI (vectors/lint/make_openssl_keys.sh).
    let pem = std::fs::read_to_string(root().join("vectors/lint/keys/openssl-rsa2048-1000.pem"))
        .expect("keys");
    let keys = public_keys(&pem);
    assert_eq!(keys.len(), 1000);
    for (i, k) in keys.iter().enumerate() {
        assert!(
            csrkit::lint::known_weak(k).is_empty(),
            "OpenSSL key {i}: {:?}",
            csrkit::lint::known_weak(k)
        );
    }
    // And keys csrkit makes.
    for _ in 0..3 {
        let k =
            csrkit::keys::PrivateKey::generate(csrkit::keys::KeyAlgorithm::Rsa2048).expect("a key");
        assert!(csrkit::lint::known_weak(k.public_key()).is_empty());
    }
}

#[test]
fn weak_keys_are_flagged() {
    for (rel, id) in [
        ("cert/key-small-factor.pem", "key.rsa_small_factor"),
        ("cert/key-fermat.pem", "key.rsa_fermat"),
        ("cert/key-roca.pem", "key.rsa_roca"),
        ("csr/boulder-small-factor.pem", "key.rsa_small_factor"),
        ("csr/boulder-fermat.pem", "key.rsa_fermat"),
        ("csr/boulder-roca.pem", "key.rsa_roca"),
    ] {
        let bytes = std::fs::read(root().join("vectors/lint").join(rel)).expect(rel);
        let item = Parsed::from_bytes(&bytes).expect(rel);
        assert_eq!(csrkit::lint::known_weak(item.public_key()), [id], "{rel}");
    }
    // e = 3: outside the BR's recommended range; Let's Encrypt refuses it.
    let f = lint_file("cert/key-rsa2056-e3.pem", Profile::LetsEncrypt);
    assert!(
        f.iter()
            .any(|f| f.id == "key.rsa_exponent_range" && f.severity == Severity::Error)
    );
    assert!(f.iter().any(|f| f.id == "key.rsa_exponent_not_65537"));
}

/// pyca's long-form-attribute CSR: a challengePassword whose value is `[APPLICATION 32]`
/// (the bytes 7f 20 00, as `openssl asn1parse` shows: "appl [ 32 ]", length 0). OpenSSL
/// and cryptography load it; csrkit reads and lints it.
#[test]
fn a_csr_attribute_with_a_high_tag_number_is_read_and_linted() {
    let path = root().join("vectors/lint/csr/pyca-long-form-attribute.pem");
    let out = std::process::Command::new("openssl")
        .args(["req", "-noout", "-in"])
        .arg(&path)
        .output()
        .expect("the openssl command runs");
    assert!(out.status.success(), "openssl reads it");
    let asn1 = std::process::Command::new("openssl")
        .args(["asn1parse", "-in"])
        .arg(&path)
        .output()
        .expect("openssl asn1parse");
    assert!(String::from_utf8_lossy(&asn1.stdout).contains("appl [ 32 ]"));

    let bytes = std::fs::read(&path).expect("file");
    let csr = csrkit::csr::ParsedCsr::from_bytes(&bytes).expect("read, not refused");
    let attr = &csr.attributes()[0];
    assert_eq!(attr.oid.to_string(), "1.2.840.113549.1.9.7");
    assert_eq!(attr.values, [vec![0x7f, 0x20, 0x00]]);
    let f = lint(&Parsed::Csr(csr), &Profile::Cabf, at());
    let u = f
        .iter()
        .find(|f| f.id == "enc.unknown_attribute")
        .expect("flagged");
    assert_eq!(
        u.message,
        "the CSR's challengePassword has a value of the type [APPLICATION 32], which no CA reads"
    );
    assert!(f.iter().any(|f| f.id == "enc.challenge_password"));
}

/// Every file under vectors/ that csrkit reads is linted under every profile without a
/// panic (hostile DER, odd names, bundles).
#[test]
fn every_vector_lints_under_every_profile() {
    let mut n = 0;
    for entry in walk(&root().join("vectors")) {
        let Ok(bytes) = std::fs::read(&entry) else {
            continue;
        };
        let Ok(contents) = Contents::from_bytes(&bytes, None) else {
            continue;
        };
        for object in &contents.objects {
            for p in Profile::ALL {
                let _ = lint(object, &p, at());
            }
            n += 1;
        }
    }
    assert!(n > 300, "{n} objects");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("a folder").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p
                .extension()
                .is_some_and(|x| x == "json" || x == "py" || x == "sh" || x == "md")
            {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn the_readme_shows_the_rule_table() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(
        readme.contains(&csrkit::lint::table_markdown()),
        "the README's rule table differs from `csrkit lint --rules`"
    );
}

/// Every rule's zlint name is the one checked against zlint's source
/// (vectors/lint/zlint_names.md: the zlint commit read, and the file that registers each
/// name), so a name typed without checking fails here.
#[test]
fn zlint_names_are_verified() {
    let text = std::fs::read_to_string(root().join("vectors/lint/zlint_names.md"))
        .expect("vectors/lint/zlint_names.md");
    let mut checked = std::collections::BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (id, zlint, path) = (cells[1], cells[2], cells[3]);
        let id = id.trim_matches('`');
        let zlint = match zlint {
            "none" => None,
            name => {
                let name = name.trim_matches('`');
                assert!(
                    path.starts_with("`v3/lints/") && path.ends_with(".go`"),
                    "{id}: {name} without the zlint file that registers it"
                );
                Some(name)
            }
        };
        assert!(checked.insert(id, zlint).is_none(), "{id} twice");
    }
    let mut n = 0;
    for rule in csrkit::lint::rules() {
        let Some(verified) = checked.get(rule.id) else {
            panic!("{}: not in zlint_names.md (check its zlint name)", rule.id)
        };
        assert_eq!(
            rule.zlint, *verified,
            "{}: the table's zlint name is not the one checked in zlint_names.md",
            rule.id
        );
        n += 1;
    }
    assert_eq!(
        n,
        checked.len(),
        "zlint_names.md has rows for rules that are gone"
    );
}

/// The RSA moduli of a file of vectors/lint/roca (see its README): a hex modulus (`0x…`),
/// decimal moduli one a line (fake-moduli.txt), a certificate or CSR, a SubjectPublicKeyInfo
/// (`PUBLIC KEY`) or a PKCS#1 `RSA PUBLIC KEY`.
fn roca_moduli(path: &Path) -> Vec<Vec<u8>> {
    use der::Decode;
    use num_bigint::BigUint;
    let text = std::fs::read_to_string(path).expect("a ROCA vector");
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name == "fake-moduli.txt" {
        return text
            .split_whitespace()
            .map(|d| {
                BigUint::parse_bytes(d.as_bytes(), 10)
                    .expect("decimal")
                    .to_bytes_be()
            })
            .collect();
    }
    if let Some(hex) = text.trim().strip_prefix("0x") {
        return vec![
            BigUint::parse_bytes(hex.as_bytes(), 16)
                .expect("hex")
                .to_bytes_be(),
        ];
    }
    let pkcs1_modulus = |der: &[u8]| {
        let key = pkcs1::RsaPublicKeyRef::from_der(der).expect("an RSAPublicKey");
        key.modulus.as_bytes().to_vec()
    };
    if text.contains("BEGIN RSA PUBLIC KEY") {
        let (label, der) = pem_rfc7468::decode_vec(text.as_bytes()).expect("PEM");
        assert_eq!(label, "RSA PUBLIC KEY");
        return vec![pkcs1_modulus(&der)];
    }
    let modulus = |key: &PublicKey| {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(key.spki_der()).expect("SPKI");
        pkcs1_modulus(spki.subject_public_key.raw_bytes())
    };
    if text.contains("BEGIN PUBLIC KEY") {
        return vec![modulus(
            &PublicKey::from_bytes(text.as_bytes()).expect("a public key"),
        )];
    }
    let item = Parsed::from_bytes(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    vec![modulus(item.public_key())]
}

fn roca_files(sub: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("vectors/lint/roca").join(sub))
        .expect("vectors/lint/roca")
        .map(|e| e.expect("an entry").path())
        .collect();
    files.sort();
    files
}

/// The published ROCA test vectors (the authors' detector's tests, crocs-muni/roca, and
/// badkeys'; vectors/lint/roca/README.md): every modulus they mark vulnerable has the
/// fingerprint, none they mark clean has it, the ten "fake" moduli (which pass a test
/// prime by prime but are no power of 65537 modulo the primorial) included.
#[test]
fn published_roca_vectors() {
    let mut counts = [0, 0];
    for (sub, vulnerable) in [("vulnerable", true), ("not-vulnerable", false)] {
        for file in roca_files(sub) {
            for (i, n) in roca_moduli(&file).iter().enumerate() {
                assert_eq!(
                    csrkit::lint::is_roca(n),
                    vulnerable,
                    "{} (modulus {i}, {} bytes)",
                    file.display(),
                    n.len()
                );
                counts[usize::from(vulnerable)] += 1;
            }
        }
    }
    // 9 vulnerable moduli; 5 clean keys and the 10 fake moduli.
    assert_eq!(counts, [15, 9]);
}

/// The published certificate and CSR with a vulnerable key get `key.rsa_roca`; the
/// published clean ones do not.
#[test]
fn published_roca_certificate_and_csr_are_linted() {
    for (rel, vulnerable) in [
        ("roca/vulnerable/cert04.pem", true),
        ("roca/vulnerable/csr05.pem", true),
        ("roca/not-vulnerable/cert01.pem", false),
        ("roca/not-vulnerable/csr03.pem", false),
    ] {
        let findings = lint_file(rel, Profile::Cabf);
        let roca: Vec<_> = findings.iter().filter(|f| f.id == "key.rsa_roca").collect();
        if vulnerable {
            assert_eq!(roca.len(), 1, "{rel}: {findings:?}");
            assert_eq!(roca[0].severity, Severity::Error);
            assert!(
                roca[0].message.contains("CVE-2017-15361"),
                "{}",
                roca[0].message
            );
        } else {
            assert!(roca.is_empty(), "{rel}: {roca:?}");
        }
        let item =
            Parsed::from_bytes(&std::fs::read(root().join("vectors/lint").join(rel)).expect(rel))
                .expect(rel);
        assert_eq!(
            csrkit::lint::known_weak(item.public_key()).contains(&"key.rsa_roca"),
            vulnerable,
            "{rel}"
        );
    }
}
