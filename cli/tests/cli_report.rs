//! `csrkit report DIR`, looked at in a real browser: Chromium, headless, reads the page
//! and says what it holds (`--dump-dom`) and what it shows (`--screenshot`). The
//! certificates are made by Python's `cryptography` (RSA, P-256, P-384) and by OpenSSL
//! (SM2); the counts the page must show come from `csrkit list --certs --json` over the
//! same folder. Chromium is required: `.ci/run` installs it (`apt-get install -y
//! chromium`), and a machine without it fails these tests.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;
use serde_json::Value;

const DAY_MS: i64 = 86_400_000;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// The Chromium binary; the test fails (it does not skip) without it.
fn chromium() -> PathBuf {
    for name in ["chromium", "chromium-browser"] {
        if let Ok(o) = Command::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            && o.status.success()
        {
            return PathBuf::from(String::from_utf8_lossy(&o.stdout).trim());
        }
    }
    panic!(
        "chromium is missing: these tests look at the report in a real browser; \
         install it with `apt-get install -y chromium` (.ci/run does)"
    );
}

/// Runs headless Chromium on `page` with `extra` flags, in a new profile folder.
fn run_chromium(page: &Path, extra: &[&str]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let o = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.path().display()),
        ])
        .args(extra)
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(o.status.success(), "chromium: {}", all_output(&o));
    o
}

/// The DOM Chromium built from `page`, after its script ran.
fn dump_dom(page: &Path) -> String {
    String::from_utf8(run_chromium(page, &["--dump-dom"]).stdout).unwrap()
}

/// Certificates made by cryptography (`specs`: stem, notAfter in days from now, key
/// "rsa2048" | "rsa3072" | "p256" | "p384", issuer index, whether its key file is
/// written), three CAs (RSA, P-256, P-384), each CA's own certificate in the folder.
fn make_certs(dir: &Path, specs: &[(&str, i64, &str, usize, bool)]) {
    let spec = specs
        .iter()
        .map(|(n, d, k, i, key)| {
            format!(
                "({n:?}, {d}, {k:?}, {i}, {})",
                if *key { "True" } else { "False" }
            )
        })
        .collect::<Vec<_>>()
        .join(",");
    let script = format!(
        r#"
import datetime as dt, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
d = sys.argv[1]
now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
def key_of(kind):
    if kind.startswith("rsa"):
        return rsa.generate_private_key(65537, int(kind[3:]))
    return ec.generate_private_key(ec.SECP256R1() if kind == "p256" else ec.SECP384R1())
cas = []
for i, (cn, kind) in enumerate([("Fixture RSA CA", "rsa2048"), ("Fixture EC CA", "p256"), ("Fixture Long CA", "p384")]):
    k = key_of(kind)
    # Past the 64 characters RFC 5280 allows a CN: a hostile certificate does not ask.
    n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn, _validate=False)])
    c = (x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=100))
         .not_valid_after(now + dt.timedelta(days=3650))
         .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True).sign(k, hashes.SHA256()))
    open(f"{{d}}/ca{{i}}.crt", "wb").write(c.public_bytes(serialization.Encoding.PEM))
    cas.append((n, k))
for stem, days, kind, issuer, write_key in [{spec}]:
    key = key_of(kind)
    na = now + dt.timedelta(days=days, hours=12)
    name, ca_key = cas[issuer]
    c = (x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{{stem}}.example.com")]))
        .issuer_name(name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(na - dt.timedelta(days=398)).not_valid_after(na)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"{{stem}}.example.com")]), critical=False)
        .sign(ca_key, hashes.SHA256()))
    open(f"{{d}}/{{stem}}.crt", "wb").write(c.public_bytes(serialization.Encoding.PEM))
    if write_key:
        open(f"{{d}}/{{stem}}.key", "wb").write(key.private_bytes(serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
"#
    );
    let o = Command::new("python3")
        .args(["-c", &script, s(dir)])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", all_output(&o));
}

/// The fixture folder: expired, due in 7/30/90 days and later certificates under three
/// CAs, RSA, P-256, P-384 and SM2 keys, one certificate in two files, keys missing for
/// some, one encrypted key (locked: no password is given).
fn fixture(dir: &Path) {
    make_certs(
        dir,
        &[
            ("expired-long", -200, "p256", 0, true),
            ("expired", -12, "rsa2048", 1, true),
            ("due7", 3, "p256", 1, false),
            ("due30a", 14, "rsa3072", 0, true),
            ("due30b", 21, "p256", 2, true),
            ("due90", 55, "p384", 1, false),
            ("later", 160, "p256", 0, true),
            ("later2", 400, "rsa2048", 2, true),
            ("far", 1500, "p256", 1, true),
        ],
    );
    // One certificate in two files: one row.
    std::fs::create_dir(dir.join("copies")).unwrap();
    std::fs::copy(dir.join("due30a.crt"), dir.join("copies/due30a-copy.pem")).unwrap();
    // SM2 with SM3, by OpenSSL.
    let o = openssl(&[
        "req",
        "-x509",
        "-newkey",
        "sm2",
        "-nodes",
        "-keyout",
        s(&dir.join("sm2.key")),
        "-out",
        s(&dir.join("sm2.crt")),
        "-days",
        "45",
        "-subj",
        "/CN=sm2.example.cn",
        "-sm3",
        "-sigopt",
        "distid:1234567812345678",
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
    // An encrypted key that stays locked.
    let o = openssl(&[
        "genpkey",
        "-algorithm",
        "EC",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-aes-256-cbc",
        "-pass",
        "pass:secret",
        "-out",
        s(&dir.join("locked.key")),
    ]);
    assert!(o.status.success(), "{}", all_output(&o));
}

/// The number in the summary element `id`.
fn summary_value(dom: &str, id: &str) -> String {
    let tag = format!("id=\"{id}\">");
    let at = dom
        .find(&tag)
        .unwrap_or_else(|| panic!("no {id} in the page"))
        + tag.len();
    dom[at..].split('<').next().unwrap().to_string()
}

/// The counts `list --certs --json` gives for `dir`, copies counted once (by `Sha2`):
/// certificates, expired, due in 7, 30, 90 days (expired apart), without a key.
fn counts_from_list(dir: &Path) -> BTreeMap<&'static str, usize> {
    let o = csrkit(dir, &["list", ".", "--certs", "--json", "--size", "1000"]);
    assert!(o.status.success(), "{}", all_output(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut seen = BTreeSet::new();
    let mut unique = Vec::new();
    for e in v["CertificateList"].as_array().unwrap() {
        if seen.insert(e["Sha2"].as_str().unwrap().to_string()) {
            unique.push(e.clone());
        }
    }
    let now = now_ms();
    let after = |e: &Value| e["AfterDate"].as_i64().unwrap();
    let within = |days: i64| {
        unique
            .iter()
            .filter(|e| after(e) >= now && after(e) < now + days * DAY_MS)
            .count()
    };
    BTreeMap::from([
        ("n-certificates", unique.len()),
        (
            "n-expired",
            unique.iter().filter(|e| after(e) < now).count(),
        ),
        ("n-due-7", within(7)),
        ("n-due-30", within(30)),
        ("n-due-90", within(90)),
        (
            "n-without-key",
            unique
                .iter()
                .filter(|e| e["HasPrivateKey"] != Value::Bool(true))
                .count(),
        ),
    ])
}

fn report(dir: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["report", ".", "--out", s(out)];
    args.extend_from_slice(extra);
    let o = csrkit(dir, &args);
    assert!(o.status.success(), "{}", all_output(&o));
    o
}

#[test]
fn the_page_shows_what_list_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    fixture(&dir);
    let page = tmp.path().join("report.html");
    report(&dir, &page, &[]);
    let dom = dump_dom(&page);

    let expected = counts_from_list(&dir);
    // 3 CAs + 9 leaves + SM2; the copy is the same certificate.
    assert_eq!(expected["n-certificates"], 13, "{expected:?}");
    assert_eq!(expected["n-expired"], 2, "{expected:?}");
    for (id, n) in &expected {
        assert_eq!(summary_value(&dom, id), n.to_string(), "{id}");
    }
    assert_eq!(summary_value(&dom, "n-locked"), "1");
    // Certificates with a lint error under the default profile, as `csrkit lint --json`
    // says (copies counted once: the fixture's CNs are distinct certificates).
    let o = csrkit(&dir, &["lint", ".", "--json"]);
    let lint: Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", all_output(&o)));
    let with_errors: std::collections::BTreeSet<String> = lint
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["Kind"] == "CERTIFICATE")
        .filter(|e| {
            e["Findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["Severity"] == "error")
        })
        .map(|e| e["CommonName"].to_string())
        .collect();
    assert_eq!(
        summary_value(&dom, "n-lint-errors"),
        with_errors.len().to_string(),
        "{with_errors:?}"
    );

    // One table row and one timeline mark per certificate.
    assert_eq!(dom.matches("<tr id=\"c-").count(), 13);
    assert_eq!(dom.matches("<rect class=\"mark\"").count(), 13);
    // Each mark is titled with CN, file and date.
    assert!(
        dom.contains("<title>due7.example.com — ./due7.crt — "),
        "{dom}"
    );
    // The copies are one row that names both files.
    let row = dom
        .split("<tr id=\"c-")
        .skip(1)
        .find(|r| r.contains("due30a.example.com"))
        .unwrap();
    assert!(
        row.contains("./due30a.crt") && row.contains("./copies/due30a-copy.pem"),
        "{row}"
    );
    // Sorted by expiry: the long-expired first, the far one after the other leaves.
    let order: Vec<usize> = [
        "expired-long.",
        "expired.",
        "due7.",
        "due30a.",
        "due30b.",
        "sm2.",
        "due90.",
        "later.",
        "later2.",
        "far.",
    ]
    .iter()
    .map(|cn| {
        dom.find(&format!("\">{cn}example.c"))
            .unwrap_or_else(|| panic!("{cn}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // The algorithms, SM2 among them.
    for a in ["RSA 2048", "RSA 3072", "ECC 256", "ECC 384", "SM2 256"] {
        assert!(dom.contains(&format!(">{a}<")), "{a}");
    }
    // The renew command for what is due, with the keys found.
    assert!(
        dom.contains("csrkit renew . --expiring 30 --same-key --out renewed"),
        "{dom}"
    );
    // The page's own script ran (the policy's hash is the script's, as Chromium computes
    // it): it showed the filter and counted the rows.
    assert!(
        dom.contains("<output id=\"shown\">13 of 13 shown</output>"),
        "{dom}"
    );
    assert!(!dom.contains("id=\"tools\" hidden"), "{dom}");
    // Without a script, the page is whole: the same rows are in the file as written.
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<tr id=\"c-").count(), 13);
    // Nothing from anywhere: no URL at all (no certificate here carries one).
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains(
        "http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'sha256-"
    ));
}

#[test]
fn the_screenshot_shows_the_due_and_expired_marks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    fixture(&dir);
    let page = tmp.path().join("report.html");
    report(&dir, &page, &[]);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(&shots).unwrap();
    let png_path = shots.join("report-screenshot.png");
    let _ = std::fs::remove_file(&png_path);
    // Tall enough for the summary and the timeline, not for the table (whose row edges
    // share the marks' colours).
    run_chromium(
        &page,
        &[
            &format!("--screenshot={}", png_path.display()),
            "--window-size=1280,560",
            "--hide-scrollbars",
        ],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let channels = info.color_type.samples();
    assert!(channels >= 3, "{:?}", info.color_type);
    let px = |x: usize, y: usize| {
        let i = (y * w + x) * channels;
        [buf[i], buf[i + 1], buf[i + 2]]
    };
    // Not blank: many colours, not one.
    let colours: BTreeSet<[u8; 3]> = (0..h)
        .step_by(3)
        .flat_map(|y| (0..w).step_by(3).map(move |x| (x, y)))
        .map(|(x, y)| px(x, y))
        .collect();
    assert!(colours.len() > 50, "{} colours", colours.len());
    // A mark: a solid upright bar of one colour, 2 to 7 px wide, 14 to 28 px high (the
    // legend's swatches are square, the summary's borders taller).
    let marks_of = |rgb: [u8; 3]| {
        let mut seen = vec![false; w * h];
        let mut found = 0;
        for y0 in 0..h {
            for x0 in 0..w {
                if seen[y0 * w + x0] || px(x0, y0) != rgb {
                    continue;
                }
                let (mut x1, mut x2, mut y1, mut y2) = (x0, x0, y0, y0);
                let mut stack = vec![(x0, y0)];
                seen[y0 * w + x0] = true;
                while let Some((x, y)) = stack.pop() {
                    (x1, x2, y1, y2) = (x1.min(x), x2.max(x), y1.min(y), y2.max(y));
                    for (dx, dy) in [(-1i64, 0i64), (1, 0), (0, -1), (0, 1)] {
                        let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                        if nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64 {
                            continue;
                        }
                        let (nx, ny) = (nx as usize, ny as usize);
                        if !seen[ny * w + nx] && px(nx, ny) == rgb {
                            seen[ny * w + nx] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
                let (bw, bh) = (x2 - x1 + 1, y2 - y1 + 1);
                if (2..=7).contains(&bw) && (14..=28).contains(&bh) {
                    found += 1;
                }
            }
        }
        found
    };
    // expired (#d32f2f), due in 7 days (#f57c00), due in 30 days (#fbc02d), 90 (#1e88e5)
    assert!(
        marks_of([0xd3, 0x2f, 0x2f]) >= 1,
        "no expired mark in {}",
        png_path.display()
    );
    assert!(
        marks_of([0xf5, 0x7c, 0x00]) >= 1,
        "no 7-day mark in {}",
        png_path.display()
    );
    assert!(
        marks_of([0xfb, 0xc0, 0x2d]) >= 1,
        "no 30-day mark in {}",
        png_path.display()
    );
    assert!(
        marks_of([0x1e, 0x88, 0xe5]) >= 1,
        "no 90-day mark in {}",
        png_path.display()
    );
}

/// Certificates whose CN is hostile HTML, each by cryptography; `port` is a listener
/// that would see any fetch the page made.
fn hostile_certs(dir: &Path, port: u16) -> Vec<String> {
    let names = vec![
        format!(
            "<img src=x onerror=\"document.title='pwned-img';fetch('http://127.0.0.1:{port}/img')\">"
        ),
        format!(
            "<script>document.title='pwned-script';fetch('http://127.0.0.1:{port}/script')</script>"
        ),
        "\"><img src=x onerror=document.title='pwned-attr'>".to_string(),
        "</style><script>document.title='pwned-style'</script>".to_string(),
        "</title><script>document.title='pwned-title'</script>".to_string(),
        "\u{202e}moc.elgoog\u{202c}.example.com".to_string(),
    ];
    let script = r#"
import datetime as dt, json, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
d, names = sys.argv[1], json.loads(sys.argv[2])
now = dt.datetime.now(dt.timezone.utc)
for i, cn in enumerate(names):
    k = ec.generate_private_key(ec.SECP256R1())
    # Past the 64 characters RFC 5280 allows a CN: a hostile certificate does not ask.
    n = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn, _validate=False)])
    c = (x509.CertificateBuilder().subject_name(n).issuer_name(n).public_key(k.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=10))
         .not_valid_after(now + dt.timedelta(days=5 + 10 * i)).sign(k, hashes.SHA256()))
    open(f"{d}/h{i}.crt", "wb").write(c.public_bytes(serialization.Encoding.PEM))
"#;
    let o = Command::new("python3")
        .args([
            "-c",
            script,
            s(dir),
            &serde_json::to_string(&names).unwrap(),
        ])
        .output()
        .expect("python3 runs");
    assert!(o.status.success(), "{}", all_output(&o));
    names
}

#[test]
fn hostile_names_show_as_text_and_run_nothing() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    let names = hostile_certs(&dir, port);
    // A file name that is HTML too.
    std::fs::copy(
        dir.join("h0.crt"),
        dir.join("\"><svg onload=document.title='pwned-file'>.crt"),
    )
    .unwrap();

    // The harness sees a script that runs: an unescaped handler sets the title.
    let control = tmp.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><title>clean</title><img src=x onerror=\"document.title='pwned-control'\">",
    )
    .unwrap();
    assert!(dump_dom(&control).contains("<title>pwned-control</title>"));

    let page = tmp.path().join("report.html");
    report(&dir, &page, &[]);
    let dom = dump_dom(&page);
    let title = dom
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert_eq!(title, "Certificate report — 6 certificates");
    // No element came from a name: one script (the page's own), no image, no svg of
    // theirs (the page's two charts and timeline are its only svgs).
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    assert_eq!(dom.matches("<img").count(), 0, "{dom}");
    assert_eq!(dom.matches("<svg").count(), 3, "{dom}");
    // Each name is in the DOM as text (escaped in its serialization); the bidi override
    // is shown as an escape, not obeyed.
    for n in &names[..5] {
        let text = n
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\u{a0}', "&nbsp;");
        assert!(dom.contains(&text), "{n} not shown as text");
    }
    assert!(
        dom.contains("\\u202emoc.elgoog\\u202c.example.com"),
        "{dom}"
    );
    assert!(!dom.contains('\u{202e}'));
    assert!(dom.contains("\"&gt;&lt;svg onload=document.title='pwned-file'&gt;.crt"));
    // No fetch reached the listener.
    match listener.accept() {
        Err(e) if e.kind() == ErrorKind::WouldBlock => {}
        Ok((_, from)) => panic!("the page made a request (from {from})"),
        Err(e) => panic!("{e}"),
    }
    // The only URLs on the page are the ones the certificates carry.
    let html = std::fs::read_to_string(&page).unwrap();
    for scheme in ["http://", "https://"] {
        for (at, _) in html.match_indices(scheme) {
            assert!(
                html[at..].starts_with(&format!("http://127.0.0.1:{port}/")),
                "a URL that no certificate carries: {}",
                &html[at..(at + 60).min(html.len())]
            );
        }
    }
}

#[test]
fn an_existing_page_is_kept_without_force_and_at_moves_now() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    make_certs(
        &dir,
        &[("a", 20, "p256", 1, true), ("b", 200, "p256", 1, false)],
    );
    let page = tmp.path().join("report.html");
    std::fs::write(&page, "mine").unwrap();
    let o = csrkit(&dir, &["report", ".", "--out", s(&page)]);
    assert_eq!(o.status.code(), Some(1), "{}", all_output(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--force"),
        "{}",
        all_output(&o)
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "mine");
    // In 2100 everything has expired.
    report(&dir, &page, &["--force", "--at", "2100-01-01"]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(summary_value(&html, "n-certificates"), "5");
    assert_eq!(summary_value(&html, "n-expired"), "5");
    assert!(html.contains("as of 2100-01-01 UTC"));
    let o = csrkit(
        &dir,
        &["report", ".", "--out", s(&page), "--force", "--at", "soon"],
    );
    // A date that is not one is a usage error, as for verify and lint.
    assert_eq!(o.status.code(), Some(2), "{}", all_output(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--at"),
        "{}",
        all_output(&o)
    );
}

/// A due CA certificate gets no renew command (as `renew DIR` leaves it out); the page says
/// so. The CA (CA:TRUE) and the leaf it issued are OpenSSL's, both valid 10 days.
#[test]
fn a_due_ca_is_named_apart_from_the_renew_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("certs");
    std::fs::create_dir(&dir).unwrap();
    openssl_self_signed(&dir, "ca", "Due CA", 10, true);
    // The CA's key is not kept with it (as a CA's is not).
    std::fs::remove_file(dir.join("ca.key")).unwrap();
    openssl_leaf(&dir, "leaf.example.com", 10);
    let page = tmp.path().join("r.html");
    report(&dir, &page, &[]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("1 CA certificate also expires"), "{html}");
    assert!(html.contains("--include-ca"), "{html}");
    assert!(
        html.contains("csrkit renew . --expiring 30 --same-key --out renewed"),
        "{html}"
    );
    assert!(
        !html.contains("csrkit renew ca.crt"),
        "no command renews the CA: {html}"
    );
    assert!(
        !html.contains("csrkit renew ./ca.crt"),
        "no command renews the CA: {html}"
    );
}
