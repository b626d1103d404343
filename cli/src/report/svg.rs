//! The pictures: the expiry timeline by issuer and the bar charts, inline SVG.
//!
//! Every mark carries its fill as an attribute (no `style` attribute: the page's policy
//! allows only its own style sheet), and every text from a certificate goes through the
//! template engine.

use std::collections::HashMap;

use maud::{Markup, html};

use super::{DAY_MS, Row, Urgency, date_text};
use crate::escape::esc;

/// The timeline's width in SVG units, where the plot starts and ends.
const WIDTH: f64 = 1000.0;
const PLOT_X0: f64 = 215.0;
const PLOT_X1: f64 = 975.0;
const AXIS_H: f64 = 30.0;
const ROW_H: f64 = 26.0;
const MARK_W: f64 = 3.0;
const MARK_H: f64 = 16.0;
/// A row holds at most this many separate marks; more merge into a density strip of
/// bins this wide.
const BIN_W: f64 = 4.0;
/// Issuers shown as rows; the rest share one row.
const MAX_ISSUER_ROWS: usize = 12;
/// The axis shows at most two years.
const MAX_SPAN_DAYS: i64 = 730;

/// `s` cut to `n` characters, with `…` when cut.
pub(crate) fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The anchor of a row of the table.
pub(crate) fn anchor(row: &Row) -> String {
    format!("c-{}", &row.sha2[..row.sha2.len().min(16)])
}

/// The rows grouped by issuer for the timeline: the most common issuers first, the
/// others in one last group (its label says how many issuers it holds).
pub(crate) fn by_issuer(rows: &[Row]) -> Vec<(String, String, Vec<&Row>)> {
    let mut groups: Vec<(String, String, Vec<&Row>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        match index.get(r.issuer_dn.as_str()) {
            Some(&i) => groups[i].2.push(r),
            None => {
                index.insert(&r.issuer_dn, groups.len());
                groups.push((r.issuer.clone(), r.issuer_dn.clone(), vec![r]));
            }
        }
    }
    groups.sort_by(|a, b| {
        b.2.len()
            .cmp(&a.2.len())
            .then_with(|| csrkit::inventory::natural_cmp(&a.0, &b.0))
    });
    if groups.len() > MAX_ISSUER_ROWS {
        let rest = groups.split_off(MAX_ISSUER_ROWS - 1);
        let n = rest.len();
        let mut all: Vec<&Row> = rest.into_iter().flat_map(|g| g.2).collect();
        all.sort_by_key(|r| r.not_after);
        groups.push((
            format!("{n} other issuers"),
            format!("{n} other issuers"),
            all,
        ));
    }
    groups
}

/// The axis: from 30 days before now to the last notAfter, at most two years, at least
/// 90 days.
fn axis(rows: &[Row], now: i64) -> (i64, i64) {
    let start = now - 30 * DAY_MS;
    let last = rows.iter().map(|r| r.not_after).max().unwrap_or(now);
    let end = last
        .max(now + 90 * DAY_MS)
        .min(start + MAX_SPAN_DAYS * DAY_MS);
    (start, end)
}

/// Month ticks: the first day of every 1, 2 or 3 months within the axis.
fn ticks(start: i64, end: i64) -> Vec<(i64, String)> {
    let span_days = (end - start) / DAY_MS;
    let step = if span_days <= 200 {
        1
    } else if span_days <= 420 {
        2
    } else {
        3
    };
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(start.div_euclid(1000)) else {
        return Vec::new();
    };
    let (mut year, mut month) = (t.year(), u8::from(t.month()));
    let mut out = Vec::new();
    loop {
        month += 1;
        if month > 12 {
            month = 1;
            year += 1;
        }
        if (month - 1) % step != 0 {
            continue;
        }
        let Ok(m) = time::Month::try_from(month) else {
            break;
        };
        let Ok(d) = time::Date::from_calendar_date(year, m, 1) else {
            break;
        };
        let ms = d.midnight().assume_utc().unix_timestamp() * 1000;
        if ms > end {
            break;
        }
        let name = &format!("{m:?}")[..3];
        out.push((ms, format!("{name} {year}")));
    }
    out
}

/// The expiry timeline (see the module documentation of `report`).
pub(crate) fn timeline(rows: &[Row], now: i64) -> Markup {
    let (start, end) = axis(rows, now);
    let span = (end - start).max(1) as f64;
    let x = |t: i64| PLOT_X0 + (t.clamp(start, end) - start) as f64 / span * (PLOT_X1 - PLOT_X0);
    let groups = by_issuer(rows);
    let height = AXIS_H + ROW_H * groups.len().max(1) as f64 + 40.0;
    let bottom = AXIS_H + ROW_H * groups.len().max(1) as f64;
    let before = rows.iter().filter(|r| r.not_after < start).count();
    let after = rows.iter().filter(|r| r.not_after > end).count();
    let capacity = ((PLOT_X1 - PLOT_X0) / BIN_W) as usize;
    let today = x(now);
    html! {
        svg.timeline viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-label="Expiry timeline: one row per issuer, one mark per certificate at its notAfter" {
            @for i in 0..groups.len() {
                rect x="0" y=(f1(AXIS_H + ROW_H * i as f64)) width=(WIDTH) height=(ROW_H) class=(if i % 2 == 0 { "band even" } else { "band odd" }) {}
            }
            @for (ms, label) in ticks(start, end) {
                line.tick x1=(f1(x(ms))) x2=(f1(x(ms))) y1=(AXIS_H - 6.0) y2=(bottom) {}
                text.axis x=(f1(x(ms))) y="14" text-anchor="middle" { (label) }
            }
            @for (i, (label, dn, members)) in groups.iter().enumerate() {
                @let y = AXIS_H + ROW_H * i as f64;
                text.issuer x=(PLOT_X0 - 8.0) y=(f1(y + ROW_H / 2.0 + 4.0)) text-anchor="end" {
                    title { (esc(dn)) " (" (members.len()) ")" }
                    (cut(&esc(label), 24)) " (" (members.len()) ")"
                }
                @if members.len() <= capacity {
                    @for r in members {
                        @let u = Urgency::of(r.not_after, now);
                        a href=(format!("#{}", anchor(r))) {
                            rect.mark x=(f1(x(r.not_after) - MARK_W / 2.0)) y=(f1(y + (ROW_H - MARK_H) / 2.0))
                                width=(MARK_W) height=(MARK_H) fill=(u.color()) {
                                title { (esc(r.title())) " — " (esc(&r.first_file())) " — " (date_text(r.not_after)) }
                            }
                        }
                    }
                } @else {
                    (strip(members, y, now, &x))
                }
            }
            line.today x1=(f1(today)) x2=(f1(today)) y1=(AXIS_H - 10.0) y2=(bottom + 4.0) {}
            text.today x=(f1(today)) y=(bottom + 16.0) text-anchor="middle" { "today " (date_text(now)) }
            @if before > 0 {
                text.clamp x=(PLOT_X0) y=(bottom + 32.0) text-anchor="start" {
                    "◂ " (before) " before " (date_text(start))
                }
            }
            @if after > 0 {
                text.clamp x=(PLOT_X1) y=(bottom + 32.0) text-anchor="end" {
                    (after) " after " (date_text(end)) " ▸"
                }
            }
        }
    }
}

/// One decimal place: enough for a 1000-unit drawing, and a smaller page.
fn f1(v: f64) -> String {
    format!("{v:.1}")
}

/// A row with more certificates than separate marks can show: bins of [`BIN_W`], each
/// filled by its most urgent certificate's colour, opaque by how many it holds.
fn strip(members: &[&Row], y: f64, now: i64, x: &dyn Fn(i64) -> f64) -> Markup {
    let n_bins = ((PLOT_X1 - PLOT_X0) / BIN_W).ceil() as usize;
    // count, most urgent, first and last notAfter
    let mut bins: Vec<(usize, Urgency, i64, i64)> =
        vec![(0, Urgency::Later, i64::MAX, i64::MIN); n_bins + 1];
    for r in members {
        let i = (((x(r.not_after) - PLOT_X0) / BIN_W) as usize).min(n_bins);
        let b = &mut bins[i];
        b.0 += 1;
        b.1 = b.1.min(Urgency::of(r.not_after, now));
        b.2 = b.2.min(r.not_after);
        b.3 = b.3.max(r.not_after);
    }
    // Opaque by the logarithm of the count: a bin of clamped certificates does not wash
    // out the rest.
    let most = (bins.iter().map(|b| b.0).max().unwrap_or(1).max(1) as f64).ln_1p();
    html! {
        g.strip {
            @for (i, b) in bins.iter().enumerate().filter(|(_, b)| b.0 > 0) {
                rect.bin x=(f1((PLOT_X0 + i as f64 * BIN_W).min(PLOT_X1 - BIN_W))) y=(f1(y + (ROW_H - MARK_H) / 2.0))
                    width=(BIN_W) height=(MARK_H) fill=(b.1.color())
                    fill-opacity=(format!("{:.2}", 0.35 + 0.65 * (b.0 as f64).ln_1p() / most)) {
                    title {
                        (b.0) " certificate" @if b.0 > 1 { "s" } ", " (date_text(b.2))
                        @if date_text(b.3) != date_text(b.2) { " to " (date_text(b.3)) }
                    }
                }
            }
        }
    }
}

/// A small horizontal bar chart: a label, a bar and the count per item.
pub(crate) fn bars(caption: &str, items: &[(String, usize)]) -> Markup {
    const W: f64 = 480.0;
    const LABEL: f64 = 180.0;
    const BAR: f64 = 240.0;
    const H: f64 = 22.0;
    let most = items.iter().map(|i| i.1).max().unwrap_or(1).max(1) as f64;
    let height = H * items.len().max(1) as f64 + 4.0;
    html! {
        figure.chart {
            figcaption { (caption) }
            svg.bars viewBox=(format!("0 0 {W} {height}")) role="img" aria-label=(caption) {
                @for (i, (label, n)) in items.iter().enumerate() {
                    @let y = 2.0 + H * i as f64;
                    text.label x=(LABEL - 8.0) y=(f1(y + 15.0)) text-anchor="end" {
                        title { (esc(label)) }
                        (cut(&esc(label), 24))
                    }
                    rect.bar x=(LABEL) y=(f1(y + 3.0)) height=(H - 6.0)
                        width=(f1((*n as f64 / most * BAR).max(1.0))) {}
                    text.count x=(f1(LABEL + (*n as f64 / most * BAR).max(1.0) + 6.0)) y=(f1(y + 15.0)) { (n) }
                }
            }
        }
    }
}
