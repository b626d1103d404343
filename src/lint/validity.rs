//! Validity rules: the longest validity the BR allows on a certificate's notBefore date
//! (398, 200, 100, 47 days), notAfter before notBefore, UTCTime and GeneralizedTime as
//! RFC 5280 wants them, expiry.

use super::lv::{E, N, O, W};
use super::{AppliesTo, BASE, Day, Facts, Rule};

const DAY_MS: i64 = 86_400_000;

/// The validity as BR 6.3.2 counts it: notAfter − notBefore + 1 s, in ms.
fn period(f: &Facts<'_>) -> Option<i64> {
    let c = f.cert.as_ref()?;
    Some(c.not_after.as_ref()?.ms - c.not_before.as_ref()?.ms + 1000)
}

fn longer_than(f: &Facts<'_>, days: i64) -> Vec<String> {
    match period(f) {
        Some(p) if p > days * DAY_MS => vec![format!(
            "valid {} days (and {} s), over the {days} days allowed for this notBefore",
            p / DAY_MS,
            (p % DAY_MS) / 1000
        )],
        _ => Vec::new(),
    }
}

const fn max_rule(
    id: &'static str,
    days: i64,
    from: Option<Day>,
    until: Option<Day>,
    pkilint: &'static str,
    summary: &'static str,
) -> Rule {
    let _ = days;
    Rule {
        id,
        applies_to: AppliesTo::Cert,
        subscriber: true,
        severity: [E, E, O, E, O, O],
        source: "BR 6.3.2",
        effective: from,
        until,
        zlint: None,
        pkilint: Some(pkilint),
        summary,
        advice: "ask the CA for a shorter certificate",
        ..BASE
    }
}

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "validity.negative",
        applies_to: AppliesTo::Cert,
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.1.2.5",
        zlint: Some("e_validity_time_not_positive"),
        pkilint: Some("pkix.certificate_negative_validity_period"),
        summary: "notAfter is not before notBefore.",
        advice: "ask the CA to issue it again",
        check: |f, _| match &f.cert {
            Some(c) => match (&c.not_before, &c.not_after) {
                (Some(nb), Some(na)) if na.ms < nb.ms => {
                    vec![format!(
                        "notAfter {} is before notBefore {}",
                        na.text, nb.text
                    )]
                }
                _ => Vec::new(),
            },
            None => Vec::new(),
        },
        ..BASE
    },
    Rule {
        zlint: Some("e_tls_server_cert_valid_time_longer_than_398_days"),
        check: |f, _| longer_than(f, 398),
        ..max_rule(
            "validity.over_398_days",
            398,
            Some(Day {
                year: 2020,
                month: 9,
                day: 1,
            }),
            Some(Day {
                year: 2026,
                month: 3,
                day: 15,
            }),
            "cabf.serverauth.certificate_validity_period_exceeds_398_days",
            "A TLS certificate issued from 2020-09-01 is valid 398 days at most.",
        )
    },
    Rule {
        zlint: Some("e_server_cert_valid_time_longer_than_200_days"),
        check: |f, _| longer_than(f, 200),
        ..max_rule(
            "validity.over_200_days",
            200,
            Some(Day {
                year: 2026,
                month: 3,
                day: 15,
            }),
            Some(Day {
                year: 2027,
                month: 3,
                day: 15,
            }),
            "cabf.serverauth.certificate_validity_period_exceeds_200_days",
            "A TLS certificate issued from 2026-03-15 is valid 200 days at most.",
        )
    },
    Rule {
        zlint: Some("e_server_cert_valid_time_longer_than_100_days"),
        check: |f, _| longer_than(f, 100),
        ..max_rule(
            "validity.over_100_days",
            100,
            Some(Day {
                year: 2027,
                month: 3,
                day: 15,
            }),
            Some(Day {
                year: 2029,
                month: 3,
                day: 15,
            }),
            "cabf.serverauth.certificate_validity_period_exceeds_100_days",
            "A TLS certificate issued from 2027-03-15 is valid 100 days at most.",
        )
    },
    Rule {
        zlint: Some("e_server_cert_valid_time_longer_than_47_days"),
        check: |f, _| longer_than(f, 47),
        ..max_rule(
            "validity.over_47_days",
            47,
            Some(Day {
                year: 2029,
                month: 3,
                day: 15,
            }),
            None,
            "cabf.serverauth.certificate_validity_period_exceeds_47_days",
            "A TLS certificate issued from 2029-03-15 is valid 47 days at most.",
        )
    },
    Rule {
        id: "validity.time_type",
        applies_to: AppliesTo::Cert,
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.1.2.5",
        zlint: Some("e_wrong_time_format_pre2050"),
        pkilint: Some("pkix.wrong_time_useful_type"),
        summary: "Dates before 2050 are UTCTime, from 2050 GeneralizedTime.",
        advice: "ask the CA to issue it again",
        check: |f, _| {
            let y2050 = Day {
                year: 2050,
                month: 1,
                day: 1,
            }
            .ms();
            times(f)
                .filter(|(_, t)| (t.ms < y2050) != (t.tag == 0x17))
                .map(|(what, t)| {
                    format!(
                        "{what} {} is a {} where RFC 5280 wants a {}",
                        t.text,
                        kind(t.tag),
                        kind(if t.tag == 0x17 { 0x18 } else { 0x17 })
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "validity.time_syntax",
        applies_to: AppliesTo::Cert,
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.1.2.5.1; RFC 5280 4.1.2.5.2",
        zlint: Some("e_utc_time_does_not_include_seconds"),
        summary: "A UTCTime is YYMMDDHHMMSSZ and a GeneralizedTime YYYYMMDDHHMMSSZ: seconds, Z, no fraction.",
        advice: "ask the CA to issue it again",
        check: |f, _| {
            times(f)
                .filter(|(_, t)| {
                    let want = if t.tag == 0x17 { 13 } else { 15 };
                    t.text.len() != want
                        || !t.text.ends_with('Z')
                        || !t.text[..want - 1].bytes().all(|b| b.is_ascii_digit())
                })
                .map(|(what, t)| {
                    format!(
                        "{what} {} is not {}",
                        t.text,
                        if t.tag == 0x17 {
                            "YYMMDDHHMMSSZ"
                        } else {
                            "YYYYMMDDHHMMSSZ"
                        }
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "validity.expired",
        applies_to: AppliesTo::Cert,
        severity: [W, W, W, W, W, W],
        source: "RFC 5280 4.1.2.5",
        summary: "The certificate has not expired.",
        advice: "renew it",
        check: |f, _| match f.cert.as_ref().and_then(|c| c.not_after.as_ref()) {
            Some(na) if na.ms < f.now => vec![format!("expired at {}", na.text)],
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "validity.not_yet_valid",
        applies_to: AppliesTo::Cert,
        severity: [N, N, N, N, N, N],
        source: "RFC 5280 4.1.2.5",
        summary: "The certificate's notBefore has passed.",
        advice: "wait, or check the clock",
        check: |f, _| match f.cert.as_ref().and_then(|c| c.not_before.as_ref()) {
            Some(nb) if nb.ms > f.now => vec![format!("not valid before {}", nb.text)],
            _ => Vec::new(),
        },
        ..BASE
    },
];

fn times<'f>(f: &'f Facts<'_>) -> impl Iterator<Item = (&'static str, &'f super::facts::Time)> {
    let c = f.cert.as_ref();
    [
        ("notBefore", c.and_then(|c| c.not_before.as_ref())),
        ("notAfter", c.and_then(|c| c.not_after.as_ref())),
    ]
    .into_iter()
    .filter_map(|(w, t)| Some((w, t?)))
}

fn kind(tag: u8) -> &'static str {
    if tag == 0x17 {
        "UTCTime"
    } else {
        "GeneralizedTime"
    }
}
