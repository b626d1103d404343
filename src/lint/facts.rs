//! The facts the rules look at, gathered once per CSR or certificate: what the parsers
//! already hold ([`ParsedCsr`], [`ParsedCert`]) and the few encodings they do not keep
//! (algorithm identifiers as they stand, the validity's time types, the serial's bytes,
//! every extension with its criticality, every kind of SAN).

use crate::cert::{Parsed, ParsedCert};
use crate::csr::{CsrAttribute, ParsedCsr};
use crate::keys::PublicKey;
use crate::names::{Attribute, NameEntry};
use crate::oid::Oid;
use crate::signature::{SignAlgorithm, Verification};
use crate::tlv::{self, Seq, Tlv, tag};

/// One extension as it stands.
pub(crate) struct Ext {
    pub oid: Oid,
    pub critical: bool,
    pub value: Vec<u8>,
}

/// One GeneralName of a subjectAltName.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gn {
    Dns(String),
    Ip(Vec<u8>),
    Email(String),
    Uri(String),
    /// Another kind, by its context tag number (0 otherName, 3 x400Address,
    /// 4 directoryName, 5 ediPartyName, 8 registeredID).
    Other(u8),
}

/// A validity time: its DER tag, its text and its instant.
pub(crate) struct Time {
    pub tag: u8,
    pub text: String,
    pub ms: i64,
}

/// What a certificate has that a CSR has not.
pub(crate) struct CertFacts<'a> {
    pub cert: &'a ParsedCert,
    /// 0, 1 or 2 (v1, v2, v3).
    pub version: u8,
    /// The serial's content octets (two's complement, as encoded).
    pub serial: Vec<u8>,
    /// The TBS `signature` AlgorithmIdentifier, whole.
    pub tbs_algorithm: Vec<u8>,
    pub not_before: Option<Time>,
    pub not_after: Option<Time>,
    pub issuer_unique_id: bool,
    pub subject_unique_id: bool,
}

pub(crate) struct Facts<'a> {
    pub csr: Option<&'a ParsedCsr>,
    pub cert: Option<CertFacts<'a>>,
    pub key: &'a PublicKey,
    /// The SubjectPublicKeyInfo's AlgorithmIdentifier, whole, as encoded.
    pub spki_algorithm: Vec<u8>,
    pub sig: SignAlgorithm,
    /// The outer signatureAlgorithm, whole.
    pub sig_algorithm: Vec<u8>,
    /// Whether the outer signatureAlgorithm carries parameters.
    pub sig_has_parameters: bool,
    /// A CSR's self-signature.
    pub self_signature: Option<Verification>,
    pub subject: &'a [NameEntry],
    pub extensions: Vec<Ext>,
    /// The names of every subjectAltName extension, in order.
    pub names: Vec<Gn>,
    /// A subjectAltName extension is there.
    pub has_san: bool,
    pub attributes: &'a [CsrAttribute],
    /// A CA certificate (basicConstraints cA).
    pub is_ca: bool,
    /// The date the date-gated rules key on: a certificate's notBefore, a CSR's `now`.
    pub issued_at: i64,
    pub now: i64,
}

impl<'a> Facts<'a> {
    pub(crate) fn of(item: &'a Parsed, now: i64) -> Self {
        match item {
            Parsed::Csr(c) => Self::of_csr(c, now),
            Parsed::Cert(c) => Self::of_cert(c, now),
        }
    }

    pub(crate) fn of_csr(csr: &'a ParsedCsr, now: i64) -> Self {
        Self::of_csr_with(csr, now, csr.verify())
    }

    /// A CSR's facts with its self-signature's check given (one already done).
    pub(crate) fn of_csr_with(csr: &'a ParsedCsr, now: i64, self_signature: Verification) -> Self {
        let (tbs, sig_algorithm) = outer(csr.der()).unwrap_or_default();
        let spki_algorithm = csr_spki_algorithm(&tbs).unwrap_or_default();
        let extensions = raw_extensions_of_csr(csr);
        let mut f = Facts {
            csr: Some(csr),
            cert: None,
            key: csr.public_key(),
            spki_algorithm,
            sig: csr.sign_algorithm().clone(),
            sig_has_parameters: has_parameters(&sig_algorithm),
            sig_algorithm,
            self_signature: Some(self_signature),
            subject: csr.subject(),
            names: Vec::new(),
            has_san: false,
            extensions,
            attributes: csr.attributes(),
            is_ca: false,
            issued_at: now,
            now,
        };
        f.read_names();
        f
    }

    pub(crate) fn of_cert(cert: &'a ParsedCert, now: i64) -> Self {
        let (tbs, sig_algorithm) = outer(cert.der()).unwrap_or_default();
        let walked = walk_tbs(&tbs).ok();
        let (cert_facts, spki_algorithm, extensions) = match walked {
            Some(w) => (
                CertFacts {
                    cert,
                    version: w.version,
                    serial: w.serial,
                    tbs_algorithm: w.tbs_algorithm,
                    not_before: w.not_before,
                    not_after: w.not_after,
                    issuer_unique_id: w.issuer_unique_id,
                    subject_unique_id: w.subject_unique_id,
                },
                w.spki_algorithm,
                w.extensions,
            ),
            None => (
                CertFacts {
                    cert,
                    version: 2,
                    serial: Vec::new(),
                    tbs_algorithm: sig_algorithm.clone(),
                    not_before: None,
                    not_after: None,
                    issuer_unique_id: false,
                    subject_unique_id: false,
                },
                Vec::new(),
                Vec::new(),
            ),
        };
        let (not_before, _) = cert.validity_ms();
        let is_ca = crate::usages::Usages::of(cert.extensions())
            .basic_constraints
            .is_some_and(|b| b.ca);
        let sig = match algorithm_oid(&sig_algorithm) {
            Some(oid) => SignAlgorithm::from_oid(oid),
            None => SignAlgorithm::Other(Oid::from(
                const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
            )),
        };
        let mut f = Facts {
            csr: None,
            key: cert.public_key(),
            spki_algorithm,
            sig,
            sig_has_parameters: has_parameters(&sig_algorithm),
            sig_algorithm,
            self_signature: None,
            subject: cert.subject(),
            names: Vec::new(),
            has_san: false,
            extensions,
            attributes: &[],
            is_ca,
            issued_at: not_before,
            now,
            cert: Some(cert_facts),
        };
        f.read_names();
        f
    }

    pub(crate) fn is_csr(&self) -> bool {
        self.csr.is_some()
    }

    fn read_names(&mut self) {
        let san = const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME;
        let mut names = Vec::new();
        let mut has = false;
        for e in self.extensions.iter().filter(|e| e.oid == san) {
            has = true;
            let Ok(seq) = tlv::read_one(&e.value, tag::SEQUENCE) else {
                continue;
            };
            for n in tlv::children(seq.content).flatten() {
                let text = || String::from_utf8_lossy(n.content).into_owned();
                names.push(match n.tag {
                    0x81 => Gn::Email(text()),
                    0x82 => Gn::Dns(text()),
                    0x86 => Gn::Uri(text()),
                    0x87 => Gn::Ip(n.content.to_vec()),
                    t => Gn::Other(t & 0x1f),
                });
            }
        }
        self.names = names;
        self.has_san = has;
    }

    /// The extension of `oid` (the first).
    pub(crate) fn ext(&self, oid: const_oid::ObjectIdentifier) -> Option<&Ext> {
        self.extensions.iter().find(|e| e.oid == oid)
    }

    /// The subject's values of one attribute.
    pub(crate) fn values(&self, a: Attribute) -> impl Iterator<Item = &NameEntry> {
        let oid = a.oid();
        self.subject.iter().filter(move |e| e.oid == oid)
    }

    /// The subject's CN values.
    pub(crate) fn common_names(&self) -> impl Iterator<Item = &str> {
        self.values(Attribute::CommonName).map(|e| e.value.as_str())
    }

    pub(crate) fn dns_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().filter_map(|n| match n {
            Gn::Dns(d) => Some(d.as_str()),
            _ => None,
        })
    }

    /// IP SANs of 4 or 16 octets.
    pub(crate) fn ips(&self) -> impl Iterator<Item = std::net::IpAddr> + '_ {
        self.names.iter().filter_map(|n| match n {
            Gn::Ip(b) => ip_of(b),
            _ => None,
        })
    }

    /// keyUsage bits (bit 0 digitalSignature … bit 8 decipherOnly), when present.
    pub(crate) fn key_usage(&self) -> Option<u16> {
        let e = self.ext(const_oid::db::rfc5280::ID_CE_KEY_USAGE)?;
        let t = tlv::read_one(&e.value, tag::BIT_STRING).ok()?;
        let (_, bytes) = tlv::bit_string(&t, "keyUsage").ok()?;
        let mut bits = 0u16;
        for i in 0..9 {
            if bytes.get(i / 8).is_some_and(|b| b & (0x80 >> (i % 8)) != 0) {
                bits |= 1 << i;
            }
        }
        Some(bits)
    }

    /// extKeyUsage purposes, when present.
    pub(crate) fn eku(&self) -> Option<Vec<Oid>> {
        let e = self.ext(const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE)?;
        let t = tlv::read_one(&e.value, tag::SEQUENCE).ok()?;
        Some(
            tlv::children(t.content)
                .flatten()
                .filter(|p| p.tag == tag::OID)
                .filter_map(|p| tlv::oid(&p).ok())
                .collect(),
        )
    }

    /// basicConstraints cA, when the extension is there.
    pub(crate) fn basic_constraints_ca(&self) -> Option<bool> {
        let e = self.ext(const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS)?;
        let t = tlv::read_one(&e.value, tag::SEQUENCE).ok()?;
        let mut s = Seq::new(t.content);
        Some(match s.optional(tag::BOOLEAN).ok()? {
            Some(b) => tlv::boolean(&b, "cA").ok()?,
            None => false,
        })
    }
}

pub(crate) fn ip_of(b: &[u8]) -> Option<std::net::IpAddr> {
    if let Ok(a) = <[u8; 4]>::try_from(b) {
        Some(std::net::IpAddr::from(a))
    } else if let Ok(a) = <[u8; 16]>::try_from(b) {
        Some(std::net::IpAddr::from(a))
    } else {
        None
    }
}

/// The TBS element and the outer AlgorithmIdentifier element, whole.
fn outer(der: &[u8]) -> crate::Result<(Vec<u8>, Vec<u8>)> {
    let o = tlv::read_one(der, tag::SEQUENCE)?;
    let mut s = Seq::new(o.content);
    let tbs = s.next(tag::SEQUENCE, "the signed content")?;
    let alg = s.next(tag::SEQUENCE, "the signature algorithm")?;
    Ok((tbs.raw.to_vec(), alg.raw.to_vec()))
}

fn has_parameters(alg: &[u8]) -> bool {
    tlv::read_one(alg, tag::SEQUENCE)
        .map(|t| tlv::children(t.content).count() > 1)
        .unwrap_or(false)
}

fn algorithm_oid(alg: &[u8]) -> Option<Oid> {
    let t = tlv::read_one(alg, tag::SEQUENCE).ok()?;
    let first = tlv::children(t.content).next()?.ok()?;
    tlv::oid(&first).ok()
}

/// The OID of an AlgorithmIdentifier element.
pub(crate) fn oid_of(alg: &[u8]) -> Option<Oid> {
    algorithm_oid(alg)
}

fn spki_algorithm_of(spki: &Tlv<'_>) -> Option<Vec<u8>> {
    let first = tlv::children(spki.content).next()?.ok()?;
    Some(first.raw.to_vec())
}

fn csr_spki_algorithm(tbs: &[u8]) -> crate::Result<Vec<u8>> {
    let t = tlv::read_one(tbs, tag::SEQUENCE)?;
    let mut s = Seq::new(t.content);
    s.next(tag::INTEGER, "the version")?;
    s.next(tag::SEQUENCE, "the subject")?;
    let spki = s.next(tag::SEQUENCE, "the subject public key")?;
    Ok(spki_algorithm_of(&spki).unwrap_or_default())
}

fn raw_extensions_of_csr(csr: &ParsedCsr) -> Vec<Ext> {
    let ext_req = const_oid::db::rfc5912::ID_EXTENSION_REQ;
    let mut out = Vec::new();
    for a in csr.attributes().iter().filter(|a| a.oid == ext_req) {
        for v in &a.values {
            if let Ok(t) = tlv::read_one(v, tag::SEQUENCE) {
                out.extend(extensions_in(&t));
            }
        }
    }
    out
}

fn extensions_in(t: &Tlv<'_>) -> Vec<Ext> {
    crate::signed::extensions(t, &crate::input::Limits::DEFAULT)
        .map(|v| {
            v.into_iter()
                .map(|e| Ext {
                    oid: e.oid,
                    critical: e.critical,
                    value: e.value.to_vec(),
                })
                .collect()
        })
        .unwrap_or_default()
}

struct Walked {
    version: u8,
    serial: Vec<u8>,
    tbs_algorithm: Vec<u8>,
    not_before: Option<Time>,
    not_after: Option<Time>,
    spki_algorithm: Vec<u8>,
    issuer_unique_id: bool,
    subject_unique_id: bool,
    extensions: Vec<Ext>,
}

fn walk_tbs(tbs: &[u8]) -> crate::Result<Walked> {
    let t = tlv::read_one(tbs, tag::SEQUENCE)?;
    let mut s = Seq::new(t.content);
    let version = match s.optional(0xa0)? {
        Some(v) => {
            let i = tlv::read_one(v.content, tag::INTEGER)?;
            i.content.last().copied().unwrap_or(0)
        }
        None => 0,
    };
    let serial = s.next(tag::INTEGER, "the serial number")?.content.to_vec();
    let tbs_algorithm = s
        .next(tag::SEQUENCE, "the TBS signature algorithm")?
        .raw
        .to_vec();
    s.next(tag::SEQUENCE, "the issuer")?;
    let validity = s.next(tag::SEQUENCE, "the validity")?;
    let mut times = tlv::children(validity.content).flatten().map(|t| Time {
        tag: t.tag,
        text: String::from_utf8_lossy(t.content).into_owned(),
        ms: tlv::time_ms(&t).unwrap_or(0),
    });
    let not_before = times.next();
    let not_after = times.next();
    s.next(tag::SEQUENCE, "the subject")?;
    let spki = s.next(tag::SEQUENCE, "the subject public key")?;
    let issuer_unique_id = s.optional(0x81)?.is_some();
    let subject_unique_id = s.optional(0x82)?.is_some();
    let extensions = match s.optional(0xa3)? {
        Some(e) => extensions_in(&tlv::read_one(e.content, tag::SEQUENCE)?),
        None => Vec::new(),
    };
    Ok(Walked {
        version,
        serial,
        tbs_algorithm,
        not_before,
        not_after,
        spki_algorithm: spki_algorithm_of(&spki).unwrap_or_default(),
        issuer_unique_id,
        subject_unique_id,
        extensions,
    })
}
