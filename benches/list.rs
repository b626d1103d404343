//! `csrkit list` over a folder of ECC CSRs (with signature checks), through the library.
//! The folder is made once with the library's batch generator.

use std::sync::atomic::AtomicBool;

use criterion::{Criterion, criterion_group, criterion_main};
use csrkit::batch::{BatchTemplate, plan, run};
use csrkit::inventory::{ListOptions, list};
use csrkit::keys::KeyAlgorithm;
use csrkit::names::DistinguishedName;
use csrkit::request::Profile;

fn folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let template = BatchTemplate {
        algorithm: KeyAlgorithm::EccP256,
        subject: DistinguishedName::builder()
            .country("CN")
            .organization("Example Co"),
        cn: "host-{i}.example.com".to_string(),
        sans: vec![],
        profile: Profile::Server,
    };
    let items = plan(&template, n, dir.path()).expect("plan");
    run(
        &items,
        KeyAlgorithm::EccP256,
        dir.path(),
        &AtomicBool::new(false),
        || {},
    )
    .expect("batch");
    // Keep CSRs only, as in the 10 000-CSR figure of the README.
    for e in std::fs::read_dir(dir.path()).expect("read dir") {
        let p = e.expect("entry").path();
        if p.to_string_lossy().ends_with(".key.pem") {
            std::fs::remove_file(p).expect("remove");
        }
    }
    dir
}

fn bench_list(c: &mut Criterion) {
    let dir = folder(1000);
    let mut g = c.benchmark_group("list");
    g.sample_size(10);
    g.bench_function("1000 ECC CSRs, page 1 of 50, signatures checked", |b| {
        b.iter(|| list(dir.path(), &ListOptions::default()).expect("list"))
    });
    g.bench_function("1000 ECC CSRs, no signature check", |b| {
        let opts = ListOptions {
            verify: false,
            ..ListOptions::default()
        };
        b.iter(|| list(dir.path(), &opts).expect("list"))
    });
    g.finish();
}

criterion_group!(benches, bench_list);
criterion_main!(benches);
