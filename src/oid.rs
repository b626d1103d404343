//! Object identifiers as files carry them (X.690 8.19), including the ones `const-oid`
//! cannot hold.
//!
//! ```text
//! OBJECT IDENTIFIER content: subidentifiers in base 128, high bit set on every octet but
//! a subidentifier's last, no leading 0x80 octet; the first subidentifier is 40·X + Y
//! (X = 0 or 1 with Y < 40, or X = 2 with any Y).
//! ```
//!
//! `const-oid` (and so `der` and `x509-cert`) stops at a first subidentifier of 119
//! (`2.39`), arcs of 32 bits and 39 octets, and takes a leading `0x80` octet, while
//! OpenSSL and Python's `cryptography` read `2.15156.3` and arcs of any size and refuse
//! the `0x80` octet. [`Oid`] reads as they do: any X.690-valid identifier of up to
//! [`MAX_OID_LEN`] octets, printed in dotted form with arcs of any size.
//!
//! ```
//! use csrkit::oid::Oid;
//! let oid = Oid::from_der_content(&[0xf7, 0x04, 0x03])?;
//! assert_eq!(oid.to_string(), "2.15156.3");
//! assert!(oid.to_object_identifier().is_none());
//! assert!(Oid::from_der_content(&[0x55, 0x80, 0x03]).is_err()); // a leading 0x80 octet
//! assert_eq!(Oid::from(csrkit::der::asn1::ObjectIdentifier::new_unwrap("2.5.4.3")).to_string(), "2.5.4.3");
//! # Ok::<(), csrkit::Error>(())
//! ```

use std::fmt;

use der::asn1::ObjectIdentifier;

use crate::error::{DerProblem, Error, Result};

/// The longest OID content read (OpenSSL's own limit for printing is far below; no real
/// identifier comes near it).
pub const MAX_OID_LEN: usize = 255;

/// An object identifier, validated by X.690's rules.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(Repr);

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Repr {
    /// What `const-oid` holds (every identifier csrkit names).
    Known(ObjectIdentifier),
    /// The content octets of any other valid identifier.
    Other(Box<[u8]>),
}

fn malformed(kind: &str) -> Error {
    Error::Der(DerProblem {
        kind: kind.to_string(),
        position: None,
    })
}

impl Oid {
    /// Reads the content octets of a DER `OBJECT IDENTIFIER` (without tag and length).
    pub fn from_der_content(bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() {
            return Err(malformed("an empty OID"));
        }
        if bytes.len() > MAX_OID_LEN {
            return Err(malformed("an OID over 255 octets"));
        }
        if bytes.last().is_some_and(|b| b & 0x80 != 0) {
            return Err(malformed("a truncated OID"));
        }
        let mut start = true;
        for &b in bytes {
            if start && b == 0x80 {
                return Err(malformed(
                    "a malformed OID (a subidentifier opens with 0x80)",
                ));
            }
            start = b & 0x80 == 0;
        }
        Ok(match ObjectIdentifier::from_bytes(bytes) {
            // const-oid takes what X.690 refuses only through a leading 0x80, refused above.
            Ok(oid) if oid.as_bytes() == bytes => Oid(Repr::Known(oid)),
            _ => Oid(Repr::Other(bytes.into())),
        })
    }

    /// The content octets.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Known(o) => o.as_bytes(),
            Repr::Other(b) => b,
        }
    }

    /// The `const-oid` identifier, when it can hold this one.
    pub fn to_object_identifier(&self) -> Option<ObjectIdentifier> {
        match &self.0 {
            Repr::Known(o) => Some(*o),
            Repr::Other(_) => None,
        }
    }

    /// The name `const-oid`'s database gives it (`id-Ed25519`, …), when it has one; for the
    /// PKCS#5 v1.5 PBES1 schemes, which that database lacks, their RFC 8018 names.
    pub fn db_name(&self) -> Option<&'static str> {
        match &self.0 {
            Repr::Known(o) => const_oid::db::DB.by_oid(o).or_else(|| {
                PBES1_NAMES
                    .iter()
                    .find(|(oid, _)| oid == o)
                    .map(|(_, name)| *name)
            }),
            Repr::Other(_) => None,
        }
    }
}

/// The PBES1 schemes of RFC 8018 appendix A.3, by the `pkcs5` crate's identifiers.
const PBES1_NAMES: [(ObjectIdentifier, &str); 6] = {
    use pkcs8::pkcs5::pbes1;
    [
        (pbes1::PBE_WITH_MD2_AND_DES_CBC_OID, "pbeWithMD2AndDES-CBC"),
        (pbes1::PBE_WITH_MD2_AND_RC2_CBC_OID, "pbeWithMD2AndRC2-CBC"),
        (pbes1::PBE_WITH_MD5_AND_DES_CBC_OID, "pbeWithMD5AndDES-CBC"),
        (pbes1::PBE_WITH_MD5_AND_RC2_CBC_OID, "pbeWithMD5AndRC2-CBC"),
        (
            pbes1::PBE_WITH_SHA1_AND_DES_CBC_OID,
            "pbeWithSHA1AndDES-CBC",
        ),
        (
            pbes1::PBE_WITH_SHA1_AND_RC2_CBC_OID,
            "pbeWithSHA1AndRC2-CBC",
        ),
    ]
};

impl From<ObjectIdentifier> for Oid {
    fn from(oid: ObjectIdentifier) -> Self {
        Oid(Repr::Known(oid))
    }
}

impl PartialEq<ObjectIdentifier> for Oid {
    fn eq(&self, other: &ObjectIdentifier) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<Oid> for ObjectIdentifier {
    fn eq(&self, other: &Oid) -> bool {
        other == self
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({self})")
    }
}

impl fmt::Display for Oid {
    /// Dotted form, arcs of any size (`2.5.4.2361183241434822606851`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Repr::Known(o) = &self.0 {
            return fmt::Display::fmt(o, f);
        }
        let bytes = self.as_bytes();
        let mut first = true;
        for sub in bytes.split_inclusive(|b| b & 0x80 == 0) {
            let value = Decimal::from_base128(sub);
            if first {
                first = false;
                // 40·X + Y: X is 0 or 1 only when the value is under 80.
                match value.small() {
                    Some(v) if v < 40 => write!(f, "0.{v}")?,
                    Some(v) if v < 80 => write!(f, "1.{}", v - 40)?,
                    _ => write!(f, "2.{}", value.minus(80))?,
                }
            } else {
                write!(f, ".{value}")?;
            }
        }
        Ok(())
    }
}

/// A non-negative integer of any size in base 10⁹ limbs, least significant first: enough
/// arithmetic to print an arc.
struct Decimal(Vec<u32>);

const LIMB: u64 = 1_000_000_000;

impl Decimal {
    fn from_base128(digits: &[u8]) -> Self {
        let mut limbs = vec![0u32];
        for &d in digits {
            let mut carry = u64::from(d & 0x7f);
            for limb in limbs.iter_mut() {
                let v = u64::from(*limb) * 128 + carry;
                *limb = (v % LIMB) as u32;
                carry = v / LIMB;
            }
            if carry > 0 {
                limbs.push(carry as u32);
            }
        }
        Decimal(limbs)
    }

    fn small(&self) -> Option<u64> {
        match self.0.as_slice() {
            [a] => Some(u64::from(*a)),
            _ => None,
        }
    }

    /// `self − n`, for `self ≥ n` (`n` under one limb).
    fn minus(mut self, n: u32) -> Self {
        let mut borrow = u64::from(n);
        for limb in self.0.iter_mut() {
            let v = u64::from(*limb);
            if v >= borrow {
                *limb = (v - borrow) as u32;
                break;
            }
            *limb = (v + LIMB - borrow) as u32;
            borrow = 1;
        }
        while self.0.len() > 1 && self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut limbs = self.0.iter().rev();
        if let Some(top) = limbs.next() {
            write!(f, "{top}")?;
        }
        for limb in limbs {
            write!(f, "{limb:09}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> String {
        Oid::from_der_content(bytes).unwrap().to_string()
    }

    #[test]
    fn dotted_forms_as_openssl_prints_them() {
        // Expected strings from `openssl asn1parse` of the same content octets.
        assert_eq!(text(&[0x55, 0x04, 0x03]), "2.5.4.3");
        assert_eq!(text(&[0xf7, 0x04, 0x03]), "2.15156.3");
        assert_eq!(text(&[0x27]), "0.39");
        assert_eq!(text(&[0x4f]), "1.39");
        assert_eq!(text(&[0x50]), "2.0");
        // svn-cert-oid-arc-overflow.der's attribute type, as asn1parse prints it.
        assert_eq!(
            text(&[
                0x55, 0x04, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x03
            ]),
            "2.5.4.2361183241434822606851"
        );
    }

    #[test]
    fn x690_violations_are_refused() {
        for bad in [
            &[][..],
            &[0x55, 0x80, 0x01],
            &[0x80, 0x01],
            &[0x55, 0x84],
            &[0x2a, 0x86],
        ] {
            assert!(Oid::from_der_content(bad).is_err(), "{bad:02x?}");
        }
        assert!(Oid::from_der_content(&[0x01; 256]).is_err());
    }

    #[test]
    fn known_and_other_compare_by_content() {
        let cn = ObjectIdentifier::new_unwrap("2.5.4.3");
        assert_eq!(Oid::from_der_content(cn.as_bytes()).unwrap(), cn);
        assert!(Oid::from_der_content(&[0xf7, 0x04, 0x03]).unwrap() != cn);
    }
}
