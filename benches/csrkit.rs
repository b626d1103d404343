//! Criterion benches of csrkit's public API: key generation, CSR build + sign, inspect
//! (with and without JSON), signature verification, hashing, PEM decoding, DN building,
//! certificate inspection. `cargo bench --bench csrkit`; the OpenSSL side of the same
//! operations is `benches/peer/` (`bash benches/peer.sh`).

#[path = "common.rs"]
mod common;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use csrkit::csr::ParsedCsr;
use csrkit::fingerprint::{md5_hex, sha256_hex};
use csrkit::keys::PrivateKey;
use csrkit::signature::Verification;
use std::hint::black_box;

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    for (name, alg) in common::ALGORITHMS {
        common::keygen_sampling(&mut g, alg);
        g.bench_function(name, |b| {
            b.iter(|| PrivateKey::generate(black_box(alg)).expect("keygen"))
        });
    }
    g.finish();
}

fn per_algorithm(c: &mut Criterion) {
    let fixtures = common::keys_and_csrs();

    let mut g = c.benchmark_group("sign");
    g.measurement_time(Duration::from_secs(3));
    for (name, key, _) in &fixtures {
        g.bench_function(*name, |b| b.iter(|| common::build_and_sign(black_box(key))));
    }
    g.finish();

    // Inspect alone, and with the JSON `csrkit inspect --json` prints.
    for (group, json) in [("inspect", false), ("inspect-json", true)] {
        let mut g = c.benchmark_group(group);
        g.measurement_time(Duration::from_secs(2));
        for (name, _, csr) in &fixtures {
            let der = csr.der();
            g.bench_function(*name, |b| {
                b.iter(|| {
                    let info = common::inspect(black_box(der));
                    json.then(|| serde_json::to_string(&info).expect("json"))
                })
            });
        }
        g.finish();
    }

    let mut g = c.benchmark_group("verify");
    g.measurement_time(Duration::from_secs(3));
    for (name, _, csr) in &fixtures {
        let parsed = ParsedCsr::from_der(csr.der()).expect("parses");
        assert_eq!(parsed.verify(), Verification::Valid);
        g.bench_function(*name, |b| b.iter(|| black_box(&parsed).verify()));
    }
    g.finish();

    let (_, _, ecc_csr) = &fixtures[3];
    let pem = ecc_csr.to_pem();
    c.bench_function("pem-decode/csr", |b| {
        b.iter(|| ParsedCsr::from_bytes(black_box(pem.as_bytes())).expect("parses"))
    });
}

fn hashing(c: &mut Criterion) {
    for (label, len) in [("1KiB", 1usize << 10), ("1MiB", 1 << 20)] {
        let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
        let mut g = c.benchmark_group("hash");
        g.throughput(Throughput::Bytes(len as u64));
        g.bench_with_input(BenchmarkId::new("sha256", label), &data, |b, d| {
            b.iter(|| sha256_hex(black_box(d)))
        });
        g.bench_with_input(BenchmarkId::new("md5", label), &data, |b, d| {
            b.iter(|| md5_hex(black_box(d)))
        });
        g.finish();
    }
}

fn names_and_certs(c: &mut Criterion) {
    c.bench_function("dn/build-encode", |b| {
        b.iter(|| {
            let dn = common::subject();
            der::Encode::to_der(&dn.to_name().expect("name")).expect("der")
        })
    });
    let der = common::certificate_der();
    c.bench_function("cert/inspect", |b| {
        b.iter(|| common::inspect_cert(black_box(&der)))
    });
}

criterion_group!(benches, keygen, per_algorithm, hashing, names_and_certs);
criterion_main!(benches);
