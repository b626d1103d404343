//! Criterion benches of csrkit's public API: key generation, CSR build + sign, inspect
//! (with and without JSON), signature verification, hashing, PEM decoding, DN building,
//! certificate inspection. `cargo bench --bench csrkit`; the OpenSSL side of the same
//! operations is `benches/peer/` (`bash benches/peer.sh`).

#[path = "common.rs"]
mod common;

use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use csrkit::cert::ParsedCert;
use csrkit::csr::ParsedCsr;
use csrkit::fingerprint::{md5_hex, sha256_hex};
use csrkit::keys::{KeyAlgorithm, PrivateKey};
use csrkit::signature::Verification;
use std::hint::black_box;

fn keygen(c: &mut Criterion) {
    let mut g = c.benchmark_group("keygen");
    for (name, alg) in common::ALGORITHMS {
        match alg {
            KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => {
                // Seconds per key and a wide spread (prime search): few flat samples.
                g.sample_size(10)
                    .sampling_mode(SamplingMode::Flat)
                    .warm_up_time(Duration::from_millis(100))
                    .measurement_time(Duration::from_secs(if alg == KeyAlgorithm::Rsa4096 {
                        40
                    } else {
                        15
                    }));
            }
            KeyAlgorithm::Rsa2048 => {
                g.sample_size(20)
                    .sampling_mode(SamplingMode::Flat)
                    .warm_up_time(Duration::from_millis(500))
                    .measurement_time(Duration::from_secs(10));
            }
            _ => {
                g.sample_size(100)
                    .sampling_mode(SamplingMode::Auto)
                    .warm_up_time(Duration::from_secs(1))
                    .measurement_time(Duration::from_secs(3));
            }
        }
        g.bench_function(name, |b| {
            b.iter(|| PrivateKey::generate(black_box(alg)).expect("keygen"))
        });
    }
    g.finish();
}

fn per_algorithm(c: &mut Criterion) {
    let fixtures = common::keys_and_csrs();
    let not_checked = Verification::NotChecked("bench".into());

    let mut g = c.benchmark_group("sign");
    g.measurement_time(Duration::from_secs(3));
    for (name, key, _) in &fixtures {
        g.bench_function(*name, |b| b.iter(|| common::build_and_sign(black_box(key))));
    }
    g.finish();

    let mut g = c.benchmark_group("inspect");
    g.measurement_time(Duration::from_secs(2));
    for (name, _, csr) in &fixtures {
        let der = csr.der().to_vec();
        g.bench_function(*name, |b| {
            b.iter(|| {
                let p = ParsedCsr::from_der(black_box(&der).clone()).expect("parses");
                p.info_with(&not_checked, false, None).expect("info")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("inspect-json");
    g.measurement_time(Duration::from_secs(2));
    for (name, _, csr) in &fixtures {
        let der = csr.der().to_vec();
        g.bench_function(*name, |b| {
            b.iter(|| {
                let p = ParsedCsr::from_der(black_box(&der).clone()).expect("parses");
                let info = p.info_with(&not_checked, false, None).expect("info");
                serde_json::to_string(&info).expect("json")
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("verify");
    g.measurement_time(Duration::from_secs(3));
    for (name, _, csr) in &fixtures {
        let parsed = ParsedCsr::from_der(csr.der().to_vec()).expect("parses");
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
    let not_checked = Verification::NotChecked("bench".into());
    c.bench_function("cert/inspect", |b| {
        b.iter(|| {
            let p = ParsedCert::from_der(black_box(&der).clone()).expect("parses");
            p.info_with(&not_checked, false).expect("info")
        })
    });
}

criterion_group!(benches, keygen, per_algorithm, hashing, names_and_certs);
criterion_main!(benches);
