//! The verdict on one CSR or certificate, as `openssl verify` gives it for a certificate
//! and its issuers at a moment: is the signature valid, not valid, or not checked (and
//! why); is the certificate valid at that moment, expired, or not yet valid (and by how
//! many days); does a given private key match; is the key strong enough for a CA.
//!
//! Three outcomes ([`Outcome`]): everything checked and good; something checked and
//! failed (a signature that does not verify, a certificate outside its validity, a key of
//! another pair, a weak key); or a check that could not be made (no issuer's certificate
//! at hand, an algorithm that is not checked, such as SHA-1) while nothing checked failed.
//!
//! ```
//! use csrkit::contents::Contents;
//! use csrkit::cert::moment_from_text;
//! use csrkit::verdict::{Outcome, TimeValidity, Verdict};
//! # let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/pkcs12/");
//! let p12 = std::fs::read(format!("{dir}openssl-rsa2048-aes256.p12"))?;
//! let c = Contents::from_bytes(&p12, Some(&b"csrkit-P12-pass".into()))?;
//! // The leaf, checked by the CA certificate the bundle holds, on a day it is valid.
//! let (not_before, _) = c.certificates().next().unwrap().validity_ms();
//! let v = Verdict::of_contents(&c, None, None, not_before + 86_400_000).unwrap();
//! assert_eq!(v.outcome(), Outcome::Valid);
//! assert!(v.issuer.is_some());
//! // Twenty years later it has expired.
//! let later = moment_from_text("2046-01-01")?;
//! let v = Verdict::of_contents(&c, None, None, later).unwrap();
//! assert!(matches!(v.time, Some(TimeValidity::Expired { .. })));
//! assert_eq!(v.outcome(), Outcome::Invalid);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::cert::{Parsed, ParsedCert};
use crate::contents::Contents;
use crate::csr::ParsedCsr;
use crate::keys::{PrivateKey, PublicKey};
use crate::names;
use crate::signature::Verification;

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// Where a certificate stands at a moment: RFC 5280 4.1.2.5 makes it valid from notBefore
/// to notAfter, both included (as OpenSSL's `X509_cmp_time` checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeValidity {
    /// notBefore ≤ moment ≤ notAfter.
    Valid {
        /// `DaysLeft` at that moment: whole days to notAfter, 0 on the last day.
        days_left: i64,
    },
    /// notAfter < moment.
    Expired {
        /// notAfter, in ms since the Unix epoch.
        not_after_ms: i64,
        /// Whole days from notAfter to the moment: 0 the first day after it.
        days_ago: i64,
    },
    /// moment < notBefore.
    NotYetValid {
        /// notBefore, in ms since the Unix epoch.
        not_before_ms: i64,
        /// Whole days from the moment to notBefore: 0 when it comes within a day.
        days_to_go: i64,
    },
}

impl TimeValidity {
    /// `cert`'s standing at `moment_ms` (ms since the Unix epoch).
    pub fn of(cert: &ParsedCert, moment_ms: i64) -> Self {
        let (not_before, not_after) = cert.validity_ms();
        if moment_ms > not_after {
            TimeValidity::Expired {
                not_after_ms: not_after,
                days_ago: (moment_ms - not_after).div_euclid(DAY_MS),
            }
        } else if moment_ms < not_before {
            TimeValidity::NotYetValid {
                not_before_ms: not_before,
                days_to_go: (not_before - moment_ms).div_euclid(DAY_MS),
            }
        } else {
            TimeValidity::Valid {
                days_left: crate::cert::days_left(not_after, moment_ms),
            }
        }
    }

    /// True inside the validity period.
    pub fn is_valid(&self) -> bool {
        matches!(self, TimeValidity::Valid { .. })
    }
}

/// The outcome of a [`Verdict`], in order of precedence: a check that failed outweighs
/// one that could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every check was made and passed.
    Valid,
    /// A check was made and failed.
    Invalid,
    /// Nothing failed, but the signature could not be checked.
    NotChecked,
}

/// The verdict on one CSR or certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The signature check. [`Verification::NotChecked`] says why it was not made.
    pub signature: Verification,
    /// The `SubjectDN` of the certificate whose key checked a certificate's signature, when
    /// that was another certificate (`None`: a CSR, a self-signed certificate, or none found).
    pub issuer: Option<String>,
    /// No certificate at hand is named as the issuer, so the signature is not checked (the
    /// issuer's certificate would check it).
    pub issuer_missing: bool,
    /// A certificate's standing at the moment (`None` for a CSR).
    pub time: Option<TimeValidity>,
    /// Whether a given private key is the pair of the public key (`None`: none given).
    pub key_matches: Option<bool>,
    /// Why the public key is too weak for a CA ([`crate::request::check_key_strength`]).
    pub weak_key: Option<String>,
}

impl Verdict {
    /// A CSR's verdict: its self-signature, its key's strength and, when given, `key`.
    pub fn of_csr(csr: &ParsedCsr, key: Option<&PrivateKey>) -> Self {
        Verdict {
            signature: csr.verify(),
            issuer: None,
            issuer_missing: false,
            time: None,
            key_matches: key.map(|k| k.public_key() == csr.public_key()),
            weak_key: weakness(csr.public_key()),
        }
    }

    /// A certificate's verdict at `moment_ms`, its signature checked by the one of
    /// `issuers` named as its issuer (RFC 5280 7.1 name matching, preferring one whose key
    /// verifies) whose subjectKeyIdentifier, when both carry one, is the certificate's
    /// authorityKeyIdentifier. When none is so named, a self-signed certificate is checked with its own
    /// key and any other is *not checked* ([`Verdict::issuer_missing`]), as `openssl
    /// verify` says "unable to get local issuer certificate"; the note says which issuer
    /// was wanted (and, for [`Issuers::Given`], which certificate was given instead).
    pub fn of_certificate(
        cert: &ParsedCert,
        issuers: Issuers<'_>,
        key: Option<&PrivateKey>,
        moment_ms: i64,
    ) -> Self {
        let candidates: Vec<&ParsedCert> = match issuers {
            Issuers::Given(given) => given.iter().collect(),
            Issuers::AtHand(at_hand) => at_hand.to_vec(),
        };
        // RFC 5280 4.2.1.1: where the certificate names its issuer's key identifier and a
        // candidate carries one, they agree (as OpenSSL's `X509_check_akid`).
        let authority = cert.authority_key_id();
        let key_id_agrees = |c: &&ParsedCert| match (&authority, c.subject_key_id()) {
            (Some(a), Some(s)) => *a == s,
            _ => true,
        };
        let mut issuer_missing = false;
        let found = cert.issuer_and_check(candidates.iter().copied().filter(key_id_agrees));
        let (signature, issuer) = match found {
            Some((by, verification)) => (verification, Some(by)),
            None if cert.is_self_issued() => (cert.verify(None), None),
            None => match cert.verify(None) {
                // A key that cannot verify anything, or an algorithm that is never checked,
                // says so, whoever signed.
                invalid @ Verification::Invalid(_) => (invalid, None),
                Verification::NotChecked(why)
                    if cert.sign_algorithm().not_checked_reason().is_some() =>
                {
                    (Verification::NotChecked(why), None)
                }
                _ => {
                    issuer_missing = true;
                    let wanted = names::subject_dn(cert.issuer());
                    let named = candidates
                        .iter()
                        .any(|c| names::same_name(c.subject(), cert.issuer()));
                    let why = match (issuers, candidates.first()) {
                        _ if named => format!(
                            "the issuer's certificate ({wanted}) was not found: the one of \
                             that name has another key identifier than the certificate names"
                        ),
                        (Issuers::Given(_), Some(other)) => format!(
                            "issued by {wanted}, not by the certificate given ({})",
                            names::subject_dn(other.subject())
                        ),
                        _ => format!("the issuer's certificate ({wanted}) was not found"),
                    };
                    (Verification::NotChecked(why), None)
                }
            },
        };
        Verdict {
            signature,
            issuer: issuer
                .filter(|i| i.der() != cert.der())
                .map(|i| names::subject_dn(i.subject())),
            issuer_missing,
            time: Some(TimeValidity::of(cert, moment_ms)),
            key_matches: key.map(|k| cert.matches_key(k)),
            weak_key: weakness(cert.public_key()),
        }
    }

    /// The verdict on what one file holds: its certificate (the one of the file's own key,
    /// in a PKCS#12 bundle or a combined PEM file; else the first), checked by `issuers`
    /// when given ([`Issuers::Given`]) and otherwise by the other certificates of the file
    /// ([`Issuers::AtHand`]: a `fullchain.pem`'s chain, a bundle's CA certificates); or its
    /// CSR. `None` when the file holds neither.
    pub fn of_contents(
        contents: &Contents,
        issuers: Option<&[ParsedCert]>,
        key: Option<&PrivateKey>,
        moment_ms: i64,
    ) -> Option<Self> {
        let chosen = contents
            .objects
            .iter()
            .position(|o| matches!(o, Parsed::Cert(_)) && contents.key_matches(o))
            .unwrap_or(0);
        match contents.objects.get(chosen)? {
            Parsed::Csr(csr) => Some(Verdict::of_csr(csr, key)),
            Parsed::Cert(cert) => {
                let rest: Vec<&ParsedCert>;
                let issuers = match issuers {
                    Some(given) => Issuers::Given(given),
                    None => {
                        rest = contents
                            .objects
                            .iter()
                            .enumerate()
                            .filter(|&(i, _)| i != chosen)
                            .filter_map(|(_, o)| match o {
                                Parsed::Cert(c) => Some(c),
                                Parsed::Csr(_) => None,
                            })
                            .collect();
                        Issuers::AtHand(&rest)
                    }
                };
                Some(Verdict::of_certificate(cert, issuers, key, moment_ms))
            }
        }
    }

    /// Valid, invalid, or not checked: see [`Outcome`].
    pub fn outcome(&self) -> Outcome {
        let failed = self.signature.signature_valid() == Some(false)
            || self.time.is_some_and(|t| !t.is_valid())
            || self.key_matches == Some(false)
            || self.weak_key.is_some();
        if failed {
            Outcome::Invalid
        } else if self.signature.signature_valid().is_none() {
            Outcome::NotChecked
        } else {
            Outcome::Valid
        }
    }
}

/// The certificates that may have issued the one checked (see
/// [`Verdict::of_certificate`]); they differ only in what the note says when none did.
#[derive(Debug, Clone, Copy)]
pub enum Issuers<'a> {
    /// Given as the issuer (one file of them).
    Given(&'a [ParsedCert]),
    /// At hand, perhaps holding the issuer: the rest of a bundle, the CA certificates of
    /// a folder.
    AtHand(&'a [&'a ParsedCert]),
}

fn weakness(key: &PublicKey) -> Option<String> {
    crate::request::check_key_strength(key)
        .err()
        .map(|e| e.to_string())
}
