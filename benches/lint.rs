//! Criterion benches of the known-weak-key checks, per RSA-2048 key: Fermat's method
//! (100 rounds), the ROCA fingerprint, the small-prime-factor test, and the whole
//! `lint::known_weak`. `cargo bench --bench lint`; the keys are the first of
//! vectors/lint/keys/openssl-rsa2048-1000.pem (OpenSSL's, none weak: every check runs to
//! its end).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use der::Decode;

fn moduli() -> Vec<(Vec<u8>, csrkit::keys::PublicKey)> {
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vectors/lint/keys/openssl-rsa2048-1000.pem"
    ))
    .expect("the keys");
    pem.split_inclusive("-----END PUBLIC KEY-----\n")
        .filter(|b| b.contains("BEGIN PUBLIC KEY"))
        .take(16)
        .map(|b| {
            let key = csrkit::keys::PublicKey::from_bytes(b.as_bytes()).expect("a key");
            let spki = spki::SubjectPublicKeyInfoRef::from_der(key.spki_der()).expect("SPKI");
            let rsa =
                pkcs1::RsaPublicKeyRef::from_der(spki.subject_public_key.raw_bytes()).expect("RSA");
            (rsa.modulus.as_bytes().to_vec(), key)
        })
        .collect()
}

fn weak_keys(c: &mut Criterion) {
    let keys = moduli();
    let mut g = c.benchmark_group("rsa2048");
    let mut i = 0;
    let mut next = || {
        i = (i + 1) % keys.len();
        &keys[i]
    };
    g.bench_function("fermat_100_rounds", |b| {
        b.iter(|| csrkit::lint::fermat(black_box(&next().0), 100))
    });
    g.bench_function("roca", |b| {
        b.iter(|| csrkit::lint::is_roca(black_box(&next().0)))
    });
    g.bench_function("small_factor", |b| {
        b.iter(|| csrkit::lint::small_factor(black_box(&next().0)))
    });
    g.bench_function("known_weak", |b| {
        b.iter(|| csrkit::lint::known_weak(black_box(&next().1)))
    });
    g.finish();
}

criterion_group!(benches, weak_keys);
criterion_main!(benches);
