//! Subject rules: the CN (missing, not among the SANs, an IP address, a URL, an internal
//! name), attribute lengths and string types, country codes, multi-valued RDNs, repeated
//! attributes, values with nothing significant in them, OU, white space.

use super::lv::{E, N, O, W};
use super::{BASE, Day, Facts, Rule};
use crate::names::Attribute;

/// ISO 3166-1 alpha-2 codes (and `XK`), as the `iso3166` Python package 3.0 lists them.
const ISO3166: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW";

/// The attribute types BR 7.1.4.2 wants in UTF8String or PrintableString: ST, L,
/// postalCode, street, O, surname, givenName, OU, CN, businessCategory, the EV
/// jurisdiction ST and L, organizationIdentifier.
const DIRECTORY_STRINGS: [&str; 13] = [
    "2.5.4.8",
    "2.5.4.7",
    "2.5.4.17",
    "2.5.4.9",
    "2.5.4.10",
    "2.5.4.4",
    "2.5.4.42",
    "2.5.4.11",
    "2.5.4.3",
    "2.5.4.15",
    "1.3.6.1.4.1.311.60.2.1.2",
    "1.3.6.1.4.1.311.60.2.1.1",
    "2.5.4.97",
];

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "subject.cn_missing",
        subscriber: true,
        severity: [N, E, E, O, O, N],
        source: "Alibaba UploadCsr; Huawei CCM",
        summary: "The subject has a CN (Alibaba and Huawei require one; the BR discourages it but public CAs still fill it).",
        advice: "give the main domain name as the CN",
        check: |f, _| {
            if f.common_names().next().is_none() {
                vec!["the subject has no CN".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "subject.cn_not_in_san",
        subscriber: true,
        severity: [E, W, W, O, O, O],
        source: "BR 7.1.4.3",
        zlint: Some("e_subject_common_name_not_exactly_from_san"),
        pkilint: Some("cabf.serverauth.subscriber_common_name_unknown_source"),
        summary: "The CN, when there is one, is one of the DNS or IP SANs, character for character.",
        advice: "add the CN as a SAN too",
        check: |f, _| {
            f.common_names()
                .filter(|cn| !cn_in_sans(f, cn))
                .map(|cn| format!("the CN {cn} is not one of the SANs"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.cn_ip",
        subscriber: true,
        severity: [O, O, O, E, O, O],
        source: "Boulder csr.go",
        summary: "Let's Encrypt refuses an IP address as the CN.",
        advice: "leave the CN out and give the address as an IP SAN",
        check: |f, _| {
            f.common_names()
                .filter(|cn| cn.parse::<std::net::IpAddr>().is_ok())
                .map(|cn| format!("the CN {cn} is an IP address"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.cn_url_or_port",
        subscriber: true,
        severity: [E, E, E, E, W, E],
        source: "BR 7.1.4.3; Alibaba UploadCsr",
        summary: "The CN is a name, not a URL, a path or a name with a port.",
        advice: "give the bare domain name (www.example.com, no https:// and no :443)",
        check: |f, _| {
            f.common_names()
                .filter(|cn| {
                    cn.contains("://")
                        || cn.contains('/')
                        || (cn.contains(':') && cn.parse::<std::net::IpAddr>().is_err())
                })
                .map(|cn| format!("the CN {cn} is a URL or has a port or a path"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.cn_not_domain",
        subscriber: true,
        severity: [O, E, O, O, O, O],
        source: "Alibaba UploadCsr",
        summary: "Alibaba Cloud CAS wants the CN to be a domain name, in Punycode (A-labels).",
        advice: "give the domain name, its U-labels as Punycode (xn--...)",
        check: |f, _| {
            f.common_names()
                .filter(|cn| !super::san::is_ldh_name(cn.strip_prefix("*.").unwrap_or(cn)))
                .map(|cn| format!("the CN {cn} is not a domain name in Punycode"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.cn_internal_name",
        subscriber: true,
        severity: [E, E, O, E, O, O],
        source: "BR 4.2.2; BR 7.1.4.3",
        zlint: Some("e_dnsname_not_valid_tld"),
        summary: "A CN that is a domain name is under a public suffix (not an internal name such as localhost or printer.local).",
        advice: "use a registered domain name, or the private profile for a private CA",
        check: |f, _| {
            f.common_names()
                .filter(|cn| cn.parse::<std::net::IpAddr>().is_err() && !cn.contains(' '))
                .filter(|cn| super::san::is_internal(cn))
                .map(|cn| format!("the CN {cn} is an internal name: public CAs refuse it"))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.cn_u_label",
        subscriber: true,
        severity: [E, E, W, E, O, W],
        source: "BR 7.1.4.3; RFC 5890",
        summary: "A CN that is a domain name is written with A-labels (Punycode), as its SAN is.",
        advice: "write the CN in Punycode (bücher.example is xn--bcher-kva.example)",
        check: |f, _| {
            f.common_names()
                .filter(|cn| !cn.is_ascii() && !cn.contains(' ') && cn.contains('.'))
                .map(|cn| match super::san::to_ascii(cn) {
                    Some(a) => format!("the CN {cn} is a U-label: CAs want the Punycode {a}"),
                    None => format!("the CN {cn} is a U-label: CAs want Punycode"),
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.value_too_long",
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 A.1; Huawei CCM",
        zlint: Some("e_subject_common_name_max_length"),
        summary: "Each attribute is within its upper bound (CN, O, OU 64; L, ST 128; serialNumber 64; emailAddress 255).",
        advice: "shorten the value",
        check: |f, _| {
            f.subject
                .iter()
                .filter_map(|e| {
                    let a = Attribute::from_oid(&e.oid.to_object_identifier()?)?;
                    let max = match a {
                        Attribute::Country => return None,
                        other => other.upper_bound(),
                    };
                    let n = e.value.chars().count();
                    (n > max).then(|| {
                        format!(
                            "the {} {} has {n} characters, over {max}",
                            e.short_name(),
                            e.value
                        )
                    })
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.value_empty",
        severity: [E, E, E, W, W, E],
        source: "RFC 5280 A.1; Huawei CCM",
        summary: "No attribute is empty.",
        advice: "leave the attribute out rather than empty",
        check: |f, _| {
            f.subject
                .iter()
                .filter(|e| e.value.is_empty())
                .map(|e| format!("the {} is empty", e.short_name()))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.country_not_printable",
        severity: [E, E, E, W, W, W],
        source: "RFC 5280 A.1",
        zlint: Some("e_subject_dn_country_not_printable_string"),
        summary: "The country (C) is a PrintableString.",
        advice: "make the CSR again: csrkit writes C as PrintableString",
        check: |f, _| {
            f.values(Attribute::Country)
                .filter(|e| e.tag != 0x13)
                .map(|e| {
                    format!(
                        "the country {} is not a PrintableString (tag 0x{:02x})",
                        e.value, e.tag
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.string_type",
        severity: [E, E, O, O, O, O],
        source: "BR 7.1.4.2; Alibaba UploadCsr",
        zlint: Some("e_subject_rdns_correct_encoding"),
        pkilint: Some("cabf.serverauth.attribute_value_invalid_encoding_type"),
        summary: "ST, L, O, OU, CN and the other DirectoryString attributes are UTF8String or PrintableString.",
        advice: "make the CSR again with UTF-8 values",
        check: |f, _| {
            f.subject
                .iter()
                .filter(|e| DIRECTORY_STRINGS.contains(&e.oid.to_string().as_str()))
                .filter(|e| e.tag != 0x0c && e.tag != 0x13)
                .map(|e| {
                    format!(
                        "the {} {} is neither UTF8String nor PrintableString (tag 0x{:02x})",
                        e.short_name(),
                        e.value,
                        e.tag
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.country_code",
        severity: [E, E, E, W, W, E],
        source: "BR 7.1.4.2; ISO 3166-1",
        zlint: Some("e_subject_country_not_iso"),
        pkilint: Some("cabf.invalid_country_code"),
        summary: "The country is an ISO 3166-1 alpha-2 code (UK is GB) or XX.",
        advice: "give the two-letter ISO code (GB, not UK)",
        check: |f, _| {
            f.values(Attribute::Country)
                .filter(|e| {
                    e.value != "XX"
                        && !(e.value.len() == 2 && ISO3166.split(' ').any(|c| c == e.value))
                })
                .map(|e| {
                    if e.value == "UK" {
                        "the country UK is not an ISO 3166 code: it is GB".to_string()
                    } else {
                        format!("the country {} is not an ISO 3166 code", e.value)
                    }
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.multi_valued_rdn",
        severity: [E, W, W, O, O, W],
        source: "BR 7.1.4.2",
        zlint: Some("n_multiple_subject_rdn"),
        pkilint: Some("cabf.serverauth.rdn_contains_multiple_atvs"),
        summary: "Each RDN holds one attribute.",
        advice: "make the CSR again with one attribute per RDN",
        check: |f, _| {
            let mut out = Vec::new();
            let mut i = 0;
            while i < f.subject.len() {
                let rdn = f.subject[i].rdn;
                let n = f.subject[i..].iter().take_while(|e| e.rdn == rdn).count();
                if n > 1 {
                    let parts: Vec<String> = f.subject[i..i + n]
                        .iter()
                        .map(|e| format!("{}={}", e.short_name(), e.value))
                        .collect();
                    out.push(format!("the RDN {} holds {n} attributes", parts.join("+")));
                }
                i += n;
            }
            out
        },
        ..BASE
    },
    Rule {
        id: "subject.duplicate_attribute",
        severity: [E, W, W, O, O, W],
        source: "BR 7.1.4.1",
        zlint: Some("e_duplicate_subject_attribs"),
        pkilint: Some("cabf.serverauth.prohibited_duplicate_attribute_type"),
        summary: "No attribute type appears twice in the subject.",
        advice: "keep one value of each attribute",
        check: |f, _| {
            let mut out = Vec::new();
            let mut seen = Vec::new();
            let mut said = Vec::new();
            for e in f.subject {
                if !seen.contains(&&e.oid) {
                    seen.push(&e.oid);
                } else if !said.contains(&&e.oid) {
                    said.push(&e.oid);
                    out.push(format!("the subject has more than one {}", e.short_name()));
                }
            }
            out
        },
        ..BASE
    },
    Rule {
        id: "subject.insignificant_value",
        severity: [E, E, E, W, W, E],
        source: "BR 7.1.4.3",
        zlint: Some("e_subject_contains_noninformational_value"),
        pkilint: Some("cabf.insignificant_attribute_value_present"),
        summary: "Every attribute value has a letter, a digit or a symbol (not only `.`, `-`, spaces).",
        advice: "leave the attribute out rather than fill it with punctuation",
        check: |f, _| {
            f.subject
                .iter()
                .filter(|e| !e.value.starts_with('#') && !e.value.chars().any(significant))
                .map(|e| {
                    format!(
                        "the {} {:?} has no letter, digit or symbol",
                        e.short_name(),
                        e.value
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.placeholder",
        subscriber: true,
        severity: [W, W, W, O, O, W],
        source: "BR 7.1.4.3",
        summary: "No attribute holds a placeholder (N/A, none, null, unknown, test).",
        advice: "leave the attribute out rather than fill it with a placeholder",
        check: |f, _| {
            const PLACEHOLDERS: [&str; 7] =
                ["n/a", "na", "none", "null", "unknown", "test", "default"];
            f.subject
                .iter()
                .filter(|e| PLACEHOLDERS.contains(&e.value.trim().to_lowercase().as_str()))
                .map(|e| format!("the {} {} is a placeholder", e.short_name(), e.value))
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.ou_present",
        subscriber: true,
        severity: [E, O, O, O, O, O],
        source: "BR 7.1.4.2",
        effective: Some(Day {
            year: 2022,
            month: 9,
            day: 1,
        }),
        zlint: Some("e_organizational_unit_name_prohibited"),
        summary: "A TLS certificate has no OU (organizationalUnitName) since 2022-09-01.",
        advice: "leave the OU out",
        check: |f, _| {
            f.values(Attribute::OrganizationalUnit)
                .map(|e| {
                    format!(
                        "the subject has an OU ({}): public CAs refuse it since 2022-09-01",
                        e.value
                    )
                })
                .collect()
        },
        ..BASE
    },
    Rule {
        id: "subject.whitespace",
        severity: [W, W, W, O, O, W],
        source: "BR 7.1.4.2",
        zlint: Some("w_subject_dn_leading_whitespace"),
        summary: "No value begins or ends with white space.",
        advice: "trim the value",
        check: |f, _| {
            f.subject
                .iter()
                .filter(|e| {
                    !e.value.is_empty()
                        && (e.value.starts_with(char::is_whitespace)
                            || e.value.ends_with(char::is_whitespace))
                })
                .map(|e| {
                    format!(
                        "the {} {:?} begins or ends with white space",
                        e.short_name(),
                        e.value
                    )
                })
                .collect()
        },
        ..BASE
    },
];

/// A character of a Unicode letter, number or symbol class (pkilint's test).
fn significant(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || "$+<=>^`|~".contains(c);
    }
    !(c.is_whitespace() || c.is_control() || is_punctuation(c))
}

fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00a1}' | '\u{00a7}' | '\u{00ab}' | '\u{00b6}' | '\u{00b7}' | '\u{00bb}' | '\u{00bf}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}' | '\u{ff01}'..='\u{ff0f}' | '\u{0300}'..='\u{036f}')
}

fn cn_in_sans(f: &Facts<'_>, cn: &str) -> bool {
    f.dns_names().any(|d| d == cn) || f.ips().any(|ip| ip.to_string() == cn)
}
