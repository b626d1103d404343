//! SAN rules: no SAN, kinds a CA refuses, LDH syntax, upper case, reserved and bad
//! Punycode labels, U-labels, internal names (the Public Suffix List), wildcards,
//! reserved IP addresses (the IANA special-purpose registries), reverse zones, IPv6,
//! duplicates, how many.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::facts::{Gn, ip_of};
use super::lv::{E, N, O, W};
use super::{AppliesTo, BASE, Profile, Rule};

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "san.missing",
        subscriber: true,
        severity: [E, W, W, O, O, W],
        source: "BR 7.1.2.7.12",
        zlint: Some("e_ext_san_missing"),
        pkilint: Some("cabf.serverauth.subscriber.subject_altname_extension_absent"),
        summary: "There is a subjectAltName: browsers read the names there, not in the CN.",
        advice: "add the domain names as SANs",
        check: |f, _| {
            if f.has_san {
                Vec::new()
            } else {
                vec!["there is no SAN: browsers ignore the CN".to_string()]
            }
        },
        ..BASE
    },
    Rule {
        id: "san.no_identifier",
        applies_to: AppliesTo::Csr,
        severity: [O, O, O, E, O, O],
        source: "Boulder csr.go",
        summary: "Let's Encrypt needs at least one name: a DNS or IP SAN, or a CN.",
        advice: "add the domain names as SANs",
        check: |f, _| {
            if f.dns_names().next().is_none()
                && f.ips().next().is_none()
                && f.common_names().next().is_none()
            {
                vec!["the CSR names nothing: no DNS or IP SAN and no CN".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "san.prohibited_type",
        subscriber: true,
        severity: [E, E, E, E, O, W],
        source: "BR 7.1.2.7.12; Boulder csr.go; Huawei CCM",
        zlint: Some("e_ext_san_rfc822_name_present"),
        pkilint: Some("cabf.serverauth.prohibited_san_type"),
        summary: "The SANs are DNS names and IP addresses only (no email, URI, otherName, directoryName...).",
        advice: "leave email and URI names out of a TLS certificate",
        check: |f, _| {
            f.names
                .iter()
                .filter_map(|n| match n {
                    Gn::Email(v) => Some(format!(
                        "the email SAN {v} is not allowed in a TLS certificate"
                    )),
                    Gn::Uri(v) => Some(format!(
                        "the URI SAN {v} is not allowed in a TLS certificate"
                    )),
                    Gn::Other(t) => Some(format!(
                        "a SAN of kind {} is not allowed in a TLS certificate",
                        kind_name(*t)
                    )),
                    _ => None,
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.dns_syntax",
        severity: [E, E, E, E, W, E],
        source: "BR 7.1.2.7.12; RFC 5280 4.2.1.6",
        zlint: Some("e_dnsname_bad_character_in_label"),
        pkilint: Some("cabf.serverauth.invalid_dnsname_syntax"),
        summary: "Each DNS name is LDH: labels of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen (a leading `*.` aside).",
        advice: "fix the name (no underscore, no empty label, no U-label: use Punycode)",
        check: |f, _| {
            f.dns_names()
                .filter_map(|d| {
                    let name = d.strip_prefix("*.").unwrap_or(d);
                    let bad = name.split('.').find(|l| !is_ldh_label(l))?;
                    Some(if bad.is_empty() {
                        format!("{d} has an empty label")
                    } else if bad.len() > 63 {
                        format!("{d} has a label of {} characters, over 63", bad.len())
                    } else {
                        format!("{d} has the label {bad}, which is not letters, digits and hyphens")
                    })
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.dns_too_long",
        severity: [E, E, E, E, E, E],
        source: "RFC 1035 2.3.4",
        zlint: Some("e_ext_san_dns_name_too_long"),
        pkilint: Some("pkix.dnsname_domain_name_too_long"),
        summary: "A DNS name has at most 253 characters.",
        advice: "use a shorter name",
        check: |f, _| {
            f.dns_names()
                .filter(|d| d.len() > 253)
                .map(|d| format!("the DNS name {d} has {} characters, over 253", d.len()))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.u_label",
        severity: [E, E, E, E, E, E],
        source: "BR 7.1.2.7.12; RFC 5890",
        zlint: Some("e_ext_san_dns_not_ia5_string"),
        pkilint: Some("cabf.serverauth.invalid_dnsname_syntax"),
        summary: "An internationalised name is written with A-labels (Punycode, xn--...), not U-labels.",
        advice: "write the name in Punycode (bücher.example is xn--bcher-kva.example)",
        check: |f, _| {
            f.dns_names()
                .filter(|d| !d.is_ascii())
                .map(|d| match to_ascii(d) {
                    Some(a) => format!("{d} is a U-label: CAs want the Punycode {a}"),
                    None => format!("{d} is a U-label: CAs want Punycode"),
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.uppercase",
        severity: [W, W, W, N, O, W],
        source: "Boulder policy; RFC 4343",
        summary: "DNS names are in lower case (CAs lower-case them; some compare them as written).",
        advice: "write the name in lower case",
        check: |f, _| {
            f.dns_names()
                .filter(|d| d.bytes().any(|b| b.is_ascii_uppercase()))
                .map(|d| format!("{d} has upper-case letters"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.reserved_label",
        severity: [E, E, E, E, W, E],
        source: "BR 7.1.2.7.12; RFC 5890 2.3.1",
        zlint: Some("e_dnsname_contains_prohibited_reserved_label"),
        pkilint: Some("cabf.serverauth.dnsname_contains_prohibited_reserved_label"),
        summary: "No label has `--` in its third and fourth characters unless it is an `xn--` A-label.",
        advice: "fix the label",
        check: |f, _| {
            f.dns_names()
                .filter_map(|d| {
                    let l = labels(d).find(|l| {
                        let b = l.as_bytes();
                        b.len() > 4 && &b[2..4] == b"--" && !b[..2].eq_ignore_ascii_case(b"xn")
                    })?;
                    Some(format!("{d} has the reserved label {l}"))
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.bad_punycode",
        severity: [E, E, E, E, W, E],
        source: "BR 7.1.2.7.12; RFC 3492",
        zlint: Some("e_international_dns_name_not_unicode"),
        pkilint: Some("cabf.serverauth.invalid_plabel_encoding"),
        summary: "Each `xn--` label is valid Punycode.",
        advice: "encode the name again (IDNA 2008)",
        check: |f, _| {
            f.dns_names()
                .filter_map(|d| {
                    let l = labels(d).find(|l| {
                        let b = l.as_bytes();
                        b.len() > 4
                            && b[..4].eq_ignore_ascii_case(b"xn--")
                            && l.get(4..)
                                .is_none_or(|rest| punycode_decode(rest).is_none())
                    })?;
                    Some(format!(
                        "{d} has the label {l}, which is not valid Punycode"
                    ))
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.internal_name",
        severity: [E, E, O, E, O, O],
        source: "BR 4.2.2; BR 7.1.2.7.12",
        zlint: Some("e_dnsname_not_valid_tld"),
        pkilint: Some("cabf.internal_domain_name"),
        summary: "Each DNS name is under a suffix of the Public Suffix List (no internal names such as localhost or printer.local).",
        advice: "use a registered domain name, or the private profile for a private CA",
        check: |f, _| {
            f.dns_names()
                .filter(|d| is_internal(d))
                .map(|d| format!("{d} is not under a public suffix"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.wildcard_syntax",
        severity: [E, E, E, E, E, E],
        source: "BR 7.1.2.7.12; RFC 6125 6.4.3",
        zlint: Some("e_dnsname_wildcard_only_in_left_label"),
        summary: "A wildcard is the whole leftmost label (`*.example.com`), nowhere else.",
        advice: "write the wildcard as *.example.com",
        check: |f, _| {
            f.dns_names()
                .filter(|d| d.strip_prefix("*.").unwrap_or(d).contains('*'))
                .map(|d| format!("{d} has a wildcard that is not the whole leftmost label"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.wildcard_public_suffix",
        severity: [E, E, E, E, O, E],
        source: "BR 3.2.2.6",
        zlint: Some("n_dnsname_wildcard_left_of_public_suffix"),
        summary: "A wildcard is not directly over a public suffix (`*.co.uk`, `*.com.cn`).",
        advice: "put the wildcard over your own domain (*.example.co.uk)",
        check: |f, _| {
            f.dns_names()
                .filter_map(|d| {
                    let base = d.strip_prefix("*.")?.to_ascii_lowercase();
                    let base = base.trim_end_matches('.');
                    let s = psl::suffix(base.as_bytes())?;
                    (s.is_known() && s.as_bytes() == base.as_bytes())
                        .then(|| format!("{d} is a wildcard over the public suffix {base}"))
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.reserved_ip",
        severity: [E, E, O, E, O, O],
        source: "BR 4.2.2; BR 7.1.2.7.12",
        zlint: Some("e_ext_san_contains_reserved_ip"),
        pkilint: Some("cabf.internal_ip_address"),
        summary: "No IP SAN is a private or reserved address (the IANA special-purpose registries).",
        advice: "use a public address, or the private profile for a private CA",
        check: |f, _| {
            f.ips()
                .filter(|ip| is_reserved(*ip))
                .map(|ip| format!("{ip} is a private or reserved address"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.ip_length",
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.2.1.6",
        pkilint: Some("pkix.ip_address_wrong_length"),
        summary: "An IP SAN has 4 or 16 octets.",
        advice: "make the CSR again",
        check: |f, _| {
            f.names
                .iter()
                .filter_map(|n| match n {
                    Gn::Ip(b) if ip_of(b).is_none() => {
                        Some(format!("an IP SAN of {} octets", b.len()))
                    }
                    _ => None,
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.reverse_zone",
        severity: [E, E, W, E, O, W],
        source: "BR 7.1.2.7.12",
        zlint: Some("e_arpa_domain_not_allowed"),
        pkilint: Some("cabf.serverauth.ip_reverse_zone_domain_name_present"),
        summary: "No DNS name is in the reverse zones in-addr.arpa or ip6.arpa.",
        advice: "give the address as an IP SAN instead",
        check: |f, _| {
            f.dns_names()
                .filter(|d| {
                    let l = d.to_ascii_lowercase();
                    let l = l.trim_end_matches('.');
                    l.ends_with(".in-addr.arpa")
                        || l.ends_with(".ip6.arpa")
                        || l == "in-addr.arpa"
                        || l == "ip6.arpa"
                })
                .map(|d| format!("{d} is a reverse-zone name"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.ipv6",
        severity: [O, O, E, O, O, O],
        source: "Huawei CCM",
        summary: "Huawei Cloud CCM takes IPv4 SANs only.",
        advice: "give an IPv4 address or a DNS name",
        check: |f, _| {
            f.ips()
                .filter(IpAddr::is_ipv6)
                .map(|ip| format!("the IPv6 SAN {ip}: Huawei Cloud CCM takes IPv4 only"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "san.duplicate",
        severity: [W, W, W, N, N, W],
        source: "RFC 5280 4.2.1.6",
        zlint: Some("n_san_dns_name_duplicate"),
        summary: "No name is given twice.",
        advice: "give each name once",
        check: |f, _| {
            let mut seen: Vec<String> = Vec::new();
            let mut out = Vec::new();
            for n in &f.names {
                let key = match n {
                    Gn::Dns(d) => format!("dns:{}", d.to_ascii_lowercase()),
                    Gn::Ip(b) => format!("ip:{}", crate::fingerprint::hex(b)),
                    Gn::Email(e) => format!("email:{e}"),
                    Gn::Uri(u) => format!("uri:{u}"),
                    Gn::Other(_) => continue,
                };
                if seen.contains(&key) {
                    out.push(format!(
                        "{} is given twice",
                        key.split_once(':').map_or("", |k| k.1)
                    ));
                } else {
                    seen.push(key);
                }
            }
            out
        },
        ..BASE
    },
    Rule {
        id: "san.too_many",
        severity: [O, O, O, E, O, O],
        source: "Boulder csr.go",
        summary: "Let's Encrypt takes at most 100 names.",
        advice: "split the names over several certificates",
        check: |f, p| {
            let max = match p {
                Profile::LetsEncrypt => 100,
                _ => usize::MAX,
            };
            let mut names: Vec<String> = f.dns_names().map(str::to_ascii_lowercase).collect();
            names.extend(f.ips().map(|i| i.to_string()));
            names.extend(
                f.common_names()
                    .filter(|c| c.parse::<IpAddr>().is_err())
                    .map(str::to_ascii_lowercase),
            );
            names.sort();
            names.dedup();
            if names.len() > max {
                vec![format!(
                    "{} names, over the {max} Let's Encrypt takes",
                    names.len()
                )]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "san.not_critical_empty_subject",
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.2.1.6",
        zlint: Some("e_ext_san_not_critical_without_subject"),
        pkilint: Some("pkix.san_extension_not_critical_empty_subject"),
        summary: "With an empty subject, the subjectAltName is critical.",
        advice: "mark the SAN extension critical, or give a subject",
        check: |f, _| {
            let san = f.ext(const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME);
            match san {
                Some(e) if f.subject.is_empty() && !e.critical => {
                    vec!["the subject is empty and the SAN extension is not critical".to_string()]
                }
                _ => Vec::new(),
            }
        },
        ..BASE
    },
];

fn kind_name(t: u8) -> &'static str {
    match t {
        0 => "otherName",
        3 => "x400Address",
        4 => "directoryName",
        5 => "ediPartyName",
        8 => "registeredID",
        _ => "unknown",
    }
}

fn labels(d: &str) -> impl Iterator<Item = &str> {
    d.strip_prefix("*.").unwrap_or(d).split('.')
}

fn is_ldh_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

/// A name of LDH labels (a domain name in A-labels).
pub(super) fn is_ldh_name(d: &str) -> bool {
    !d.is_empty() && d.len() <= 253 && d.split('.').all(is_ldh_label)
}

/// No suffix of the Public Suffix List ends the name (`localhost`, `printer.local`).
pub(super) fn is_internal(d: &str) -> bool {
    let lower = d.to_lowercase();
    let name = lower.trim_end_matches('.');
    if name.is_empty() {
        return true;
    }
    let ascii = to_ascii(name).unwrap_or_else(|| name.to_string());
    !psl::suffix(ascii.as_bytes()).is_some_and(|s| s.is_known())
}

/// Not globally reachable per the IANA special-purpose registries, as Python's
/// `ipaddress` 3.11 `is_global` reads them (pkilint's test).
pub(super) fn is_reserved(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => v4_reserved(a),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4_private(v4),
            None => V6_PRIVATE.iter().any(|(net, len)| in_v6(a, net, *len)),
        },
    }
}

const V4_PRIVATE: [([u8; 4], u32); 14] = [
    ([0, 0, 0, 0], 8),
    ([10, 0, 0, 0], 8),
    ([127, 0, 0, 0], 8),
    ([169, 254, 0, 0], 16),
    ([172, 16, 0, 0], 12),
    ([192, 0, 0, 0], 29),
    ([192, 0, 0, 170], 31),
    ([192, 0, 2, 0], 24),
    ([192, 168, 0, 0], 16),
    ([198, 18, 0, 0], 15),
    ([198, 51, 100, 0], 24),
    ([203, 0, 113, 0], 24),
    ([240, 0, 0, 0], 4),
    ([255, 255, 255, 255], 32),
];

const V6_PRIVATE: [(&str, u32); 10] = [
    ("::1", 128),
    ("::", 128),
    ("::ffff:0:0", 96),
    ("100::", 64),
    ("2001::", 23),
    ("2001:2::", 48),
    ("2001:db8::", 32),
    ("2001:10::", 28),
    ("fc00::", 7),
    ("fe80::", 10),
];

fn v4_private(a: Ipv4Addr) -> bool {
    let x = u32::from(a);
    V4_PRIVATE.iter().any(|(net, len)| {
        let mask = if *len == 0 { 0 } else { u32::MAX << (32 - len) };
        x & mask == u32::from(Ipv4Addr::from(*net)) & mask
    })
}

fn v4_reserved(a: Ipv4Addr) -> bool {
    // Shared address space 100.64.0.0/10 is not global either.
    let x = u32::from(a);
    v4_private(a) || x & 0xffc0_0000 == 0x6440_0000
}

fn in_v6(a: Ipv6Addr, net: &str, len: u32) -> bool {
    let Ok(net) = net.parse::<Ipv6Addr>() else {
        return false;
    };
    let mask = if len == 0 {
        0
    } else {
        u128::MAX << (128 - len)
    };
    u128::from(a) & mask == u128::from(net) & mask
}

/// RFC 3492 decoding of the part after `xn--`; `None` when it is not valid Punycode.
pub(super) fn punycode_decode(input: &str) -> Option<String> {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    let (basic, rest) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut out: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = rest.bytes().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let b = digits.next()?;
            let d = match b {
                b'a'..=b'z' => b - b'a',
                b'A'..=b'Z' => b - b'A',
                b'0'..=b'9' => b - b'0' + 26,
                _ => return None,
            } as u32;
            i = i.checked_add(d.checked_mul(w)?)?;
            let t = if k <= bias {
                TMIN
            } else if k >= bias + TMAX {
                TMAX
            } else {
                k - bias
            };
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let len = out.len() as u32 + 1;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(out.into_iter().collect())
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 36 - 1;
        k += 36;
    }
    k + (36 * delta) / (delta + 38)
}

/// RFC 3492 encoding of one label's code points.
fn punycode_encode(input: &str) -> Option<String> {
    let chars: Vec<u32> = input.chars().map(u32::from).collect();
    let mut out: String = input.chars().filter(char::is_ascii).collect();
    let b = out.len() as u32;
    let mut h = b;
    if b > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (h as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(h + 1)?)?;
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = 36;
                loop {
                    let t = if k <= bias {
                        1
                    } else if k >= bias + 26 {
                        26
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    let digit = t + (q - t) % (36 - t);
                    out.push(digit_char(digit));
                    q = (q - t) / (36 - t);
                    k += 36;
                }
                out.push(digit_char(q));
                bias = adapt(delta, h + 1, h == b);
                delta = 0;
                h += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

fn digit_char(d: u32) -> char {
    if d < 26 {
        (b'a' + d as u8) as char
    } else {
        (b'0' + (d - 26) as u8) as char
    }
}

/// The name with each non-ASCII label as its A-label (lower-cased first; no IDNA
/// mapping beyond that).
pub(super) fn to_ascii(d: &str) -> Option<String> {
    let parts: Option<Vec<String>> = d
        .split('.')
        .map(|l| {
            if l.is_ascii() {
                Some(l.to_string())
            } else {
                punycode_encode(&l.to_lowercase()).map(|p| format!("xn--{p}"))
            }
        })
        .collect();
    parts.map(|p| p.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punycode_rfc3492_and_idna() {
        // Python: "bücher".encode("punycode") == b"bcher-kva"
        assert_eq!(punycode_decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(
            to_ascii("bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        // Python: "例え".encode("punycode") == b"r8jz45g"
        assert_eq!(punycode_decode("r8jz45g").as_deref(), Some("例え"));
        assert_eq!(to_ascii("例え.jp").as_deref(), Some("xn--r8jz45g.jp"));
        assert_eq!(punycode_decode("zz"), None);
    }

    #[test]
    fn reserved_addresses_as_python_reads_them() {
        // Python 3.11: ipaddress.ip_address(a).is_global
        for (a, global) in [
            ("10.0.0.1", false),
            ("100.64.0.1", false),
            ("192.0.0.9", true),
            ("224.0.0.1", true),
            ("8.8.8.8", true),
            ("2001:db8::1", false),
            ("::ffff:8.8.8.8", true),
            ("::ffff:10.0.0.1", false),
            ("2002::1", true),
            ("fe80::1", false),
            ("2001:4860::1", true),
        ] {
            assert_eq!(is_reserved(a.parse().unwrap()), !global, "{a}");
        }
    }

    #[test]
    fn public_suffixes() {
        assert!(is_internal("printer.local"));
        assert!(is_internal("localhost"));
        assert!(!is_internal("www.example.com"));
        assert!(!is_internal("WWW.EXAMPLE.COM"));
        assert!(!is_internal("bücher.de"));
    }
}
