//! The page: one HTML document, its style sheet and script inline, allowed by hash in
//! its Content-Security-Policy, everything else (fonts, images, frames, connections,
//! forms) refused.

use std::collections::BTreeMap;
use std::path::Path;

use base64ct::{Base64, Encoding};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

use super::svg::{anchor, bars, by_issuer, cut, timeline};
use super::{RENEW_WITHIN_DAYS, ReportData, Row, Urgency, date_text, file_text};
use crate::escape::esc;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("script.js");
/// SANs and files shown in a cell before "+N more".
const SHOWN_IN_CELL: usize = 3;
/// Per-file renew commands shown (certificates with no key found) before "and N more".
const MAX_FILE_COMMANDS: usize = 50;

/// `'sha256-…'`, the policy's source expression for an inline element's text.
fn hash_source(text: &str) -> String {
    format!(
        "'sha256-{}'",
        Base64::encode_string(&Sha256::digest(text.as_bytes()))
    )
}

/// The Content-Security-Policy: nothing from anywhere; the page's own style sheet and
/// script by hash (so no other inline script, no event handler attribute, no `style`
/// attribute is run or applied).
pub(crate) fn policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src 'none'; font-src 'none'; \
         connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; \
         form-action 'none'",
        hash_source(SCRIPT),
        hash_source(STYLE)
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(crate) fn page(data: &ReportData) -> Markup {
    let s = &data.summary;
    let now = data.options.now_ms;
    let folders: Vec<String> = data
        .options
        .folders
        .iter()
        .map(|f| esc(&f.display().to_string()).into_owned())
        .collect();
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(policy());
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { "Certificate report — " (plural(s.certificates, "certificate", "certificates")) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Certificate report" }
                    p.sub {
                        @for (i, f) in folders.iter().enumerate() {
                            @if i > 0 { ", " }
                            code { (f) }
                        }
                        " · as of " (date_text(now)) " UTC · lint profile " code { (data.options.profile) }
                    }
                    (summary(data))
                }
                main {
                    section id="timeline" {
                        h2 { "Expiry timeline by issuer" }
                        ul.legend {
                            @for u in Urgency::ALL {
                                li { span.sw.(u.class()) {} (u.label()) }
                            }
                        }
                        (timeline(&data.rows, now))
                    }
                    section id="counts" {
                        h2 { "Counts" }
                        div.charts {
                            (bars("By algorithm and size", &by_algorithm(&data.rows)))
                            (bars("By issuer", &issuer_counts(&data.rows)))
                        }
                    }
                    section id="renew" {
                        h2 { "Renew what is due" }
                        (renew(data))
                    }
                    section id="table" {
                        h2 { "Certificates, by expiry" }
                        (table(data))
                    }
                }
                footer {
                    p {
                        "Written by csrkit " (env!("CARGO_PKG_VERSION")) ". "
                        (plural(data.skipped, "file", "files")) " under the folders were not certificates or keys"
                        @if data.unreadable.is_empty() { "." } @else {
                            "; " (plural(data.unreadable.len(), "file", "files")) " could not be read:"
                        }
                    }
                    @if !data.unreadable.is_empty() {
                        ul {
                            @for (p, why) in &data.unreadable {
                                li { code { (esc(&p.display().to_string())) } ": " (esc(why)) }
                            }
                        }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    }
}

fn summary(data: &ReportData) -> Markup {
    let s = &data.summary;
    let lint = match s.lint_errors {
        Some(n) => n.to_string(),
        None => "not linted".to_string(),
    };
    html! {
        ul.summary id="summary" {
            li { b id="n-certificates" { (s.certificates) } span { (if s.certificates == 1 { "certificate" } else { "certificates" }) } }
            li.u0 { b id="n-expired" { (s.expired) } span { "expired" } }
            li.u1 { b id="n-due-7" { (s.due_7) } span { "due in 7 days" } }
            li.u2 { b id="n-due-30" { (s.due_30) } span { "due in 30 days" } }
            li.u3 { b id="n-due-90" { (s.due_90) } span { "due in 90 days" } }
            li.warn { b id="n-without-key" { (s.without_key) } span { "without a key found" } }
            li.warn { b id="n-locked" { (s.locked) } span { "locked (keys, bundles)" } }
            li.warn { b id="n-lint-errors" { (lint) } span { "with lint errors" } }
        }
    }
}

fn algorithm_text(r: &Row) -> String {
    format!("{} {}", r.algorithm, r.key_size)
}

fn by_algorithm(rows: &[Row]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<(String, u32), usize> = BTreeMap::new();
    for r in rows {
        *counts
            .entry((r.algorithm.to_string(), r.key_size))
            .or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|((a, n), c)| (format!("{a} {n}"), c))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn issuer_counts(rows: &[Row]) -> Vec<(String, usize)> {
    by_issuer(rows)
        .into_iter()
        .map(|(label, _, members)| (label, members.len()))
        .collect()
}

/// The argument for `--new-key` that makes a key like `r`'s.
fn new_key_for(r: &Row) -> &'static str {
    match (r.algorithm, r.key_size) {
        (csrkit::keys::KeyType::Rsa, n) if n >= 4096 => "rsa4096",
        (csrkit::keys::KeyType::Rsa, n) if n >= 3072 => "rsa3072",
        (csrkit::keys::KeyType::Rsa, _) => "rsa2048",
        (csrkit::keys::KeyType::Ecc, n) if n >= 384 => "p384",
        (csrkit::keys::KeyType::Ecc, _) => "p256",
        (csrkit::keys::KeyType::Sm2, _) => "sm2",
    }
}

/// Words as a shell command line, each quoted as a POSIX shell needs.
fn command(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            shlex::try_quote(w)
                .map(|q| q.into_owned())
                .unwrap_or_else(|_| w.clone())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The folder `renew DIR` writes into for `folder`.
fn renewed_dir(folder: &Path) -> String {
    let shown = folder.display().to_string();
    let trimmed = shown.trim_end_matches('/');
    if trimmed.is_empty() || trimmed == "." || trimmed == ".." {
        "renewed".to_string()
    } else {
        format!("{trimmed}-renewed")
    }
}

fn renew(data: &ReportData) -> Markup {
    let now = data.options.now_ms;
    let horizon = now + RENEW_WITHIN_DAYS * super::DAY_MS;
    let due: Vec<&Row> = data
        .rows
        .iter()
        .filter(|r| r.not_after < horizon && !r.chain_only() && !r.ca)
        .collect();
    let ca_due = data
        .rows
        .iter()
        .filter(|r| r.not_after < horizon && !r.chain_only() && r.ca)
        .count();
    let chain_due = data
        .rows
        .iter()
        .filter(|r| r.not_after < horizon && r.chain_only())
        .count();
    let extra = &data.options.renew_args;
    // Per folder: the due certificates it holds with a key found, and without.
    let mut folder_cmds: Vec<(String, usize)> = Vec::new();
    for folder in &data.options.folders {
        let with_key = due
            .iter()
            .filter(|r| r.key_file.is_some() && r.files.iter().any(|(p, _)| p.starts_with(folder)))
            .count();
        if with_key > 0 {
            let mut words: Vec<String> = vec![
                "csrkit".into(),
                "renew".into(),
                folder.display().to_string(),
                "--expiring".into(),
                RENEW_WITHIN_DAYS.to_string(),
                "--same-key".into(),
                "--out".into(),
                renewed_dir(folder),
            ];
            words.extend(extra.iter().cloned());
            folder_cmds.push((command(&words), with_key));
        }
    }
    let keyless: Vec<&&Row> = due.iter().filter(|r| r.key_file.is_none()).collect();
    let file_cmds: Vec<String> = keyless
        .iter()
        .take(MAX_FILE_COMMANDS)
        .filter_map(|r| {
            let (path, _) = r.files.iter().find(|(_, n)| n.is_none())?;
            let stem = csrkit::inventory::entry_name(path);
            let mut words: Vec<String> = vec![
                "csrkit".into(),
                "renew".into(),
                path.display().to_string(),
                "--new-key".into(),
                new_key_for(r).into(),
                "--key-out".into(),
                format!("{stem}.new.key.pem"),
                "--csr-out".into(),
                format!("{stem}.csr.pem"),
            ];
            words.extend(extra.iter().cloned());
            Some(command(&words))
        })
        .collect();
    html! {
        @if due.is_empty() {
            p { "Nothing expires within " (RENEW_WITHIN_DAYS) " days." }
        } @else {
            p {
                (due.len()) " "
                (if due.len() == 1 { "certificate expires within " } else { "certificates expire within " })
                (RENEW_WITHIN_DAYS) (if due.len() == 1 { " days or has expired. " } else { " days or have expired. " })
                "Each command writes new CSRs (the same subject, SANs and usages) to send to the CA."
            }
            @for (cmd, n) in &folder_cmds {
                p.note { "With the key found beside " (plural(*n, "certificate", "certificates")) " (the same key):" }
                pre { code { (esc(cmd)) } }
            }
            @if !keyless.is_empty() {
                p.note {
                    (plural(keyless.len(), "due certificate has", "due certificates have"))
                    " no key under the folders (" code { "--same-key" } " skips them): a new key each:"
                }
                pre { code {
                    @for c in &file_cmds { (esc(c)) "\n" }
                    @if keyless.len() > file_cmds.len() {
                        "# and " (keyless.len() - file_cmds.len()) " more: see the table\n"
                    }
                } }
            }
        }
        @if ca_due > 0 {
            p.note {
                (plural(ca_due, "CA certificate", "CA certificates"))
                (if ca_due == 1 { " also expires: " } else { " also expire: " })
                code { "renew" } " leaves them to whoever runs the CA ("
                code { "--include-ca" } " renews them too)."
            }
        }
        @if chain_due > 0 {
            p.note {
                (plural(chain_due, "chain certificate", "chain certificates"))
                " in bundles (not the bundles' own) also expire: their issuers renew them."
            }
        }
    }
}

/// At most [`SHOWN_IN_CELL`] items, then "+N more".
fn some_of(items: &[String]) -> Markup {
    html! {
        @for (i, s) in items.iter().take(SHOWN_IN_CELL).enumerate() {
            @if i > 0 { br; }
            (esc(s))
        }
        @if items.len() > SHOWN_IN_CELL {
            br; span.more { "+" (items.len() - SHOWN_IN_CELL) " more" }
        }
    }
}

fn table(data: &ReportData) -> Markup {
    let now = data.options.now_ms;
    let lint_text = |r: &Row| match r.lint {
        Some((0, 0)) => "none".to_string(),
        Some((e, w)) => format!("{e} errors, {w} warnings"),
        None => "not linted".to_string(),
    };
    html! {
        div.tools id="tools" hidden {
            input id="filter" type="search" placeholder="Filter: name, SAN, issuer, file…" aria-label="Filter the table";
            select id="when" aria-label="Expiry" {
                option value="" { "any expiry" }
                option value="u0" { "expired" }
                option value="u1" { "within 7 days" }
                option value="u2" { "within 30 days" }
                option value="u3" { "within 90 days" }
            }
            output id="shown" {}
        }
        table id="certs" {
            thead {
                tr {
                    th data-sort="text" { "Common name" }
                    th data-sort="text" { "SANs" }
                    th data-sort="text" { "Issuer" }
                    th data-sort="text" { "Not after" }
                    th data-sort="num" { "Days left" }
                    th data-sort="text" { "Algorithm" }
                    th data-sort="text" { "Key file" }
                    th data-sort="text" { "Lint" }
                    th data-sort="text" { "Files" }
                }
            }
            tbody {
                @for r in &data.rows {
                    @let files: Vec<String> = r.files.iter().map(|(p, n)| file_text(p, *n)).collect();
                    tr id=(anchor(r)) class=(Urgency::of(r.not_after, now).class()) {
                        td { a href=(format!("#{}", anchor(r))) { (esc(&cut(r.title(), 200))) } }
                        td { (some_of(&r.sans)) }
                        td { (esc(&r.issuer)) }
                        td.d { (date_text(r.not_after)) }
                        td.n { (r.days_left) }
                        td { (algorithm_text(r)) }
                        td {
                            @match &r.key_file {
                                Some(k) => (esc(&k.display().to_string())),
                                None => span.none { "none found" },
                            }
                        }
                        td.d { (lint_text(r)) }
                        td { (some_of(&files)) }
                    }
                }
            }
        }
    }
}
