//! Property tests (proptest): random valid subjects and SAN sets of every kind, for each
//! algorithm, survive build → sign → encode → parse → inspect with every field intact
//! and a signature that verifies; PEM↔DER round trips for CSRs and every key format;
//! RFC 4514 print → parse round trips; arbitrary and mutated bytes never panic a parser.
//! A fixed-seed sample of the random requests is read by two peers, OpenSSL and Python's
//! `cryptography` (GmSSL's code for SM2 signatures), so that a bug csrkit makes both ways
//! (a wrong SM2 ID, a mis-escaped subject) cannot pass.

use std::net::IpAddr;
use std::sync::OnceLock;

use csrkit::cert::{Parsed, ParsedCert};
use csrkit::csr::ParsedCsr;
use csrkit::keys::{KeyAlgorithm, KeyFormat, PrivateKey, public_key_of_private};
use csrkit::names::DistinguishedName;
use csrkit::request::{CsrRequest, Profile};
use csrkit::sans::San;
use csrkit::signature::Verification;
use proptest::prelude::*;

/// Keys are expensive (RSA): one per algorithm for the whole run; the property is about
/// the CSR, and each case signs a new one.
fn key(alg: KeyAlgorithm) -> &'static PrivateKey {
    static KEYS: OnceLock<Vec<(KeyAlgorithm, PrivateKey)>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [
            KeyAlgorithm::Rsa2048,
            KeyAlgorithm::EccP256,
            KeyAlgorithm::Sm2,
        ]
        .into_iter()
        .map(|a| (a, PrivateKey::generate(a).expect("keygen")))
        .collect()
    });
    &keys.iter().find(|(a, _)| *a == alg).expect("generated").1
}

/// Text for a DN value: ASCII printable, Latin, CJK, emoji; no control characters; not
/// only white space; at most `max` characters.
fn value(max: usize) -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => proptest::char::range(' ', '~'),
        1 => proptest::char::range('À', 'ÿ'),
        1 => proptest::char::range('一', '龥'),
        1 => Just('😀'),
        1 => prop_oneof![Just(','), Just('+'), Just('\\'), Just('"'), Just('#'), Just('='), Just(';'), Just('<')],
    ];
    proptest::collection::vec(ch, 1..=max)
        .prop_map(|v| v.into_iter().collect::<String>())
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn country() -> impl Strategy<Value = String> {
    "[A-Z]{2}"
}

#[derive(Debug, Clone)]
struct Subject {
    c: Option<String>,
    st: Option<String>,
    l: Option<String>,
    o: Option<String>,
    ou: Vec<String>,
    cn: Option<String>,
}

fn subject() -> impl Strategy<Value = Subject> {
    (
        proptest::option::of(country()),
        proptest::option::of(value(40)),
        proptest::option::of(value(40)),
        proptest::option::of(value(64)),
        proptest::collection::vec(value(30), 0..4),
        proptest::option::of(value(64)),
    )
        .prop_map(|(c, st, l, o, ou, cn)| Subject {
            c,
            st,
            l,
            o,
            ou,
            cn,
        })
        .prop_filter("some field", |s| {
            s.c.is_some()
                || s.st.is_some()
                || s.l.is_some()
                || s.o.is_some()
                || !s.ou.is_empty()
                || s.cn.is_some()
        })
}

impl Subject {
    fn build(&self) -> DistinguishedName {
        let mut b = DistinguishedName::builder();
        if let Some(v) = &self.c {
            b = b.country(v);
        }
        if let Some(v) = &self.st {
            b = b.state(v);
        }
        if let Some(v) = &self.l {
            b = b.locality(v);
        }
        if let Some(v) = &self.o {
            b = b.organization(v);
        }
        for v in &self.ou {
            b = b.organizational_unit(v);
        }
        if let Some(v) = &self.cn {
            b = b.common_name(v);
        }
        b.build().expect("generated values are valid")
    }
}

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?"
}

fn san() -> impl Strategy<Value = San> {
    prop_oneof![
        (proptest::collection::vec(label(), 1..4), "(com|cn|org|io)")
            .prop_map(|(ls, tld)| San::Dns(format!("{}.{tld}", ls.join(".")))),
        (proptest::collection::vec(label(), 1..3), "(com|cn)")
            .prop_map(|(ls, tld)| San::Dns(format!("*.{}.{tld}", ls.join(".")))),
        (label(), label()).prop_map(|(u, d)| San::Email(format!("{u}@{d}.com"))),
        (label(), "[a-z0-9/._-]{0,20}")
            .prop_map(|(h, p)| San::Uri(format!("https://{h}.example.com/{p}"))),
        any::<[u8; 4]>().prop_map(|b| San::Ip(IpAddr::from(b))),
        any::<[u8; 16]>().prop_map(|b| San::Ip(IpAddr::from(b))),
    ]
}

fn check_round_trip(alg: KeyAlgorithm, s: &Subject, sans: &[San], profile: Profile) {
    let key = key(alg);
    let dn = s.build();
    let mut req = CsrRequest::new(dn.clone()).profile(profile);
    for x in sans {
        x.validate().expect("generated SANs are valid");
        req = req.san(x.clone());
    }
    let csr = req.sign(key).expect("signs");
    // PEM and DER give the same CSR.
    let from_pem = ParsedCsr::from_bytes(csr.to_pem().as_bytes()).expect("PEM parses");
    let from_der = ParsedCsr::from_bytes(csr.der()).expect("DER parses");
    assert_eq!(from_pem.der(), from_der.der());
    assert_eq!(from_pem.to_pem(), csr.to_pem());
    assert_eq!(from_der.verify(), Verification::Valid);
    let info = from_der.info(Some(key), None).expect("inspects");
    assert!(info.has_private_key);
    assert_eq!(info.signature_valid, Some(true));
    assert_eq!(info.algorithm, key.key_type());
    assert_eq!(info.key_sha2, key.public_key().key_sha2());
    // Every subject field, in encoding order.
    assert_eq!(info.country_code, s.c);
    assert_eq!(info.province, s.st);
    assert_eq!(info.locality, s.l);
    assert_eq!(info.corp_name, s.o);
    assert_eq!(info.department, (!s.ou.is_empty()).then(|| s.ou.join(",")));
    assert_eq!(info.common_name, s.cn);
    let want_dn: Vec<String> = dn
        .entries()
        .iter()
        .map(|e| format!("{}={}", e.short_name(), e.value))
        .collect();
    assert_eq!(info.subject_dn, want_dn.join(","));
    let got: Vec<(String, String)> = from_der
        .subject()
        .iter()
        .map(|e| (e.short_name(), e.value.clone()))
        .collect();
    let want: Vec<(String, String)> = dn
        .entries()
        .iter()
        .map(|e| (e.short_name(), e.value.clone()))
        .collect();
    assert_eq!(got, want);
    // Every SAN with its Type, in order.
    let entries: Vec<(u8, String)> = info
        .san_entries
        .iter()
        .map(|e| (e.kind, e.value.clone()))
        .collect();
    let want: Vec<(u8, String)> = sans.iter().map(|x| (x.type_code(), x.value())).collect();
    assert_eq!(entries, want);
    // RFC 4514 print → parse gives the same name.
    let printed = dn.to_rfc4514();
    let reparsed = DistinguishedName::parse_rfc4514(&printed).expect("own RFC 4514 parses");
    assert_eq!(reparsed.entries(), dn.entries(), "{printed}");
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![
        Just(Profile::Server),
        Just(Profile::Client),
        Just(Profile::Ca)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn ecc_build_sign_parse_inspect(s in subject(), sans in proptest::collection::vec(san(), 0..8), p in profile()) {
        check_round_trip(KeyAlgorithm::EccP256, &s, &sans, p);
    }

    #[test]
    fn sm2_build_sign_parse_inspect(s in subject(), sans in proptest::collection::vec(san(), 0..8), p in profile()) {
        check_round_trip(KeyAlgorithm::Sm2, &s, &sans, p);
    }

    #[test]
    fn rfc4514_print_parse_round_trips(s in subject()) {
        let dn = s.build();
        let printed = dn.to_rfc4514();
        let back = DistinguishedName::parse_rfc4514(&printed).expect("parses");
        prop_assert_eq!(back.entries(), dn.entries());
        prop_assert_eq!(back.to_rfc4514(), printed);
    }

    #[test]
    fn rfc4514_parser_never_panics(s in "\\PC{0,80}") {
        let _ = DistinguishedName::parse_rfc4514(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_parser(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Parsed::from_bytes(&bytes);
        let _ = ParsedCsr::from_bytes(&bytes);
        let _ = ParsedCert::from_bytes(&bytes);
        let _ = PrivateKey::from_bytes(&bytes);
        let _ = public_key_of_private(&bytes);
    }

    #[test]
    fn pem_armoured_garbage_never_panics(body in "[A-Za-z0-9+/=\\n]{0,400}", label in prop_oneof![
        Just("CERTIFICATE REQUEST"), Just("CERTIFICATE"), Just("PRIVATE KEY"),
        Just("RSA PRIVATE KEY"), Just("EC PRIVATE KEY"), Just("NEW CERTIFICATE REQUEST")]) {
        let text = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
        let _ = Parsed::from_bytes(text.as_bytes());
        let _ = PrivateKey::from_bytes(text.as_bytes());
    }
}

proptest! {
    // RSA signing is slow in the test profile's debug build of csrkit itself: few cases.
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn rsa_build_sign_parse_inspect(s in subject(), sans in proptest::collection::vec(san(), 0..6), p in profile()) {
        check_round_trip(KeyAlgorithm::Rsa2048, &s, &sans, p);
    }
}

/// Valid artifacts of every kind, from the vectors corpus (made by OpenSSL and
/// cryptography) and from csrkit, as seeds for mutation.
fn seeds() -> &'static Vec<Vec<u8>> {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vectors");
        let mut out = Vec::new();
        for dir in ["csr", "cert", "key", "realworld"] {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
                .expect("vectors")
                .map(|e| e.expect("entry").path())
                .filter(|p| p.extension().is_some_and(|e| e != "json"))
                .collect();
            files.sort();
            for p in files {
                let bytes = std::fs::read(&p).expect("read");
                // Mutate the DER, where mutations reach the structure.
                match csrkit::input::decode(
                    &bytes,
                    &[
                        csrkit::input::Label::CertificateRequest,
                        csrkit::input::Label::Certificate,
                        csrkit::input::Label::PrivateKey,
                        csrkit::input::Label::RsaPrivateKey,
                        csrkit::input::Label::EcPrivateKey,
                    ],
                ) {
                    Ok(block) => out.push(block.der.to_vec()),
                    Err(_) => out.push(bytes),
                }
            }
        }
        assert!(out.len() > 50);
        out
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Set(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, x)| Mutation::Flip(i, x)),
        (
            any::<usize>(),
            prop_oneof![
                Just(0u8),
                Just(0x80),
                Just(0x81),
                Just(0x84),
                Just(0xff),
                Just(0x30),
                Just(0x05)
            ]
        )
            .prop_map(|(i, x)| Mutation::Set(i, x)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 1usize..16).prop_map(|(i, n)| Mutation::Remove(i, n)),
    ]
}

fn mutate(mut b: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let n = b.len().max(1);
        match m {
            Mutation::Flip(i, x) => {
                if !b.is_empty() {
                    b[i % n] ^= x;
                }
            }
            Mutation::Set(i, x) => {
                if !b.is_empty() {
                    b[i % n] = *x;
                }
            }
            Mutation::Truncate(i) => b.truncate(i % n),
            Mutation::Insert(i, v) => {
                let at = i % (b.len() + 1);
                b.splice(at..at, v.iter().copied());
            }
            Mutation::Remove(i, k) => {
                if !b.is_empty() {
                    let at = i % b.len();
                    let end = (at + k).min(b.len());
                    b.drain(at..end);
                }
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_csrs_certificates_and_keys_never_panic(
        pick in any::<usize>(),
        muts in proptest::collection::vec(mutation(), 1..4),
    ) {
        let seeds = seeds();
        let bytes = mutate(seeds[pick % seeds.len()].clone(), &muts);
        if let Ok(p) = Parsed::from_bytes(&bytes) {
            // A mutated artifact that still parses is inspected fully.
            match p {
                Parsed::Csr(c) => {
                    let _ = c.info(None, None);
                }
                Parsed::Cert(c) => {
                    let _ = c.info(None, None);
                    let _ = c.certificate_type();
                }
            }
        }
        if let Ok(k) = PrivateKey::from_bytes(&bytes) {
            // A key that parses signs, and its formats round-trip.
            let _ = k.sign(b"message");
            for f in [KeyFormat::Pkcs8, KeyFormat::Pkcs1, KeyFormat::Sec1] {
                if let Ok(der) = k.to_der(f) {
                    let back = PrivateKey::from_bytes(&der).expect("own DER reads back");
                    prop_assert_eq!(back.public_key(), k.public_key());
                }
            }
        }
        let _ = public_key_of_private(&bytes);
    }
}

#[test]
fn key_formats_round_trip_pem_and_der() {
    for alg in [
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::EccP256,
        KeyAlgorithm::Sm2,
    ] {
        let k = key(alg);
        let formats: &[KeyFormat] = match alg {
            KeyAlgorithm::Rsa2048 => &[KeyFormat::Pkcs8, KeyFormat::Pkcs1],
            _ => &[KeyFormat::Pkcs8, KeyFormat::Sec1],
        };
        for &f in formats {
            let der = k.to_der(f).expect("DER");
            let pem = k.to_pem(f).expect("PEM");
            let a = PrivateKey::from_bytes(&der).expect("DER reads");
            let b = PrivateKey::from_bytes(pem.as_bytes()).expect("PEM reads");
            assert_eq!(a.public_key(), k.public_key(), "{alg:?} {f:?}");
            assert_eq!(b.public_key(), k.public_key(), "{alg:?} {f:?}");
            // The same bytes again: encodings are canonical.
            assert_eq!(*a.to_der(f).expect("DER"), *der, "{alg:?} {f:?}");
            assert_eq!(*b.to_pem(f).expect("PEM"), *pem, "{alg:?} {f:?}");
        }
    }
}

/// OpenSSL's `-nameopt RFC2253,-esc_msb` subject, back to (short name, value) pairs in
/// encoding order: RFC 2253 prints the last RDN first; `\X` and `\HH` are escapes.
fn rfc2253_pairs(line: &str) -> Vec<(String, String)> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                let hex = |at: usize| b.get(at).and_then(|&c| (c as char).to_digit(16));
                if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                    cur.push((h * 16 + l) as u8);
                    i += 3;
                } else {
                    cur.push(b[i + 1]);
                    i += 2;
                }
            }
            b',' | b'+' => {
                parts.push(String::from_utf8(std::mem::take(&mut cur)).expect("UTF-8"));
                i += 1;
            }
            c => {
                cur.push(c);
                i += 1;
            }
        }
    }
    parts.push(String::from_utf8(cur).expect("UTF-8"));
    parts.reverse();
    parts
        .into_iter()
        .map(|p| {
            let (k, v) = p.split_once('=').expect("type=value");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn peers_read_a_fixed_sample_of_the_random_requests() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    use std::process::Command;

    const SAMPLE: usize = 300;
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[0x5a; 32]),
    );
    let strategy = (subject(), proptest::collection::vec(san(), 0..6), profile());
    let dir = tempfile::tempdir().unwrap();
    // (file, SM2?, the subject as given, the SANs as given)
    type Case = (String, bool, Vec<(String, String)>, Vec<(u8, String)>);
    let mut cases: Vec<Case> = Vec::new();
    for i in 0..SAMPLE {
        let alg = match i % 6 {
            0 => KeyAlgorithm::Rsa2048,
            1 | 2 => KeyAlgorithm::Sm2,
            _ => KeyAlgorithm::EccP256,
        };
        let (s, sans, profile) = strategy.new_tree(&mut runner).unwrap().current();
        let given: Vec<(String, String)> = [("C", &s.c), ("ST", &s.st), ("L", &s.l), ("O", &s.o)]
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_string(), v.clone())))
            .chain(s.ou.iter().map(|v| ("OU".to_string(), v.clone())))
            .chain(s.cn.iter().map(|v| ("CN".to_string(), v.clone())))
            .collect();
        let mut req = CsrRequest::new(s.build()).profile(profile);
        for x in &sans {
            req = req.san(x.clone());
        }
        let csr = req.sign(key(alg)).expect("signs");
        // csrkit's own SubjectDN names the same pairs, in the same order.
        let info = ParsedCsr::from_bytes(csr.der())
            .unwrap()
            .info(None, None)
            .unwrap();
        let want_dn: Vec<String> = given.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(info.subject_dn, want_dn.join(","));
        let file = format!("{i:03}.der");
        std::fs::write(dir.path().join(&file), csr.der()).unwrap();
        let want_sans = sans.iter().map(|x| (x.type_code(), x.value())).collect();
        cases.push((file, alg == KeyAlgorithm::Sm2, given, want_sans));
    }

    // OpenSSL: the self-signature (SM2 with its ID) and the subject it prints.
    for (file, sm2, given, _) in &cases {
        let path = dir.path().join(file);
        let mut args = vec!["req", "-inform", "DER", "-noout", "-verify", "-subject"];
        args.extend([
            "-nameopt",
            "RFC2253,-esc_msb",
            "-in",
            path.to_str().unwrap(),
        ]);
        if *sm2 {
            args.extend(["-vfyopt", "distid:1234567812345678"]);
        }
        let o = Command::new("openssl")
            .args(&args)
            .output()
            .expect("openssl runs");
        let stderr = String::from_utf8_lossy(&o.stderr);
        let stdout = String::from_utf8(o.stdout).expect("UTF-8 subject");
        assert!(
            stderr.contains("self-signature verify OK"),
            "{file}: {stderr}{stdout}"
        );
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("subject="))
            .unwrap_or_else(|| panic!("{file}: no subject line: {stdout}"));
        assert_eq!(&rfc2253_pairs(line), given, "{file}: OpenSSL prints {line}");
    }

    // cryptography (and GmSSL for the SM2 signatures): subject, SANs, signature.
    let o = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/peers/read_csrs.py"
        ))
        .arg(dir.path())
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let peer: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let (mut sm2_checked, mut others_checked) = (0, 0);
    for (file, sm2, given, sans) in &cases {
        let v = &peer[file.as_str()];
        let subject: Vec<(String, String)> = v["Subject"]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: {v}"))
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(&subject, given, "{file}");
        let peer_sans: Vec<(u8, String)> = v["Sans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_u64().unwrap() as u8,
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            peer_sans.len(),
            sans.len(),
            "{file}: {peer_sans:?} {sans:?}"
        );
        for ((pt, pv), (t, want)) in peer_sans.iter().zip(sans) {
            assert_eq!(pt, t, "{file}");
            if *t == 7 {
                // Python and Rust print some IPv6 forms differently: compare addresses.
                assert_eq!(
                    pv.parse::<IpAddr>().unwrap(),
                    want.parse::<IpAddr>().unwrap()
                );
            } else {
                assert_eq!(pv, want, "{file}");
            }
        }
        assert_eq!(v["SignatureValid"], true, "{file}");
        if *sm2 {
            sm2_checked += 1
        } else {
            others_checked += 1
        }
    }
    assert_eq!(
        (sm2_checked, others_checked),
        (SAMPLE / 3, SAMPLE - SAMPLE / 3)
    );
}
