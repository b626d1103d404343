//! PKCS#12 bundles (`.p12`, `.pfx`; RFC 7292): a private key with its certificate and
//! chain, as Windows/IIS, Java keytool and `openssl pkcs12 -export` write them.
//!
//! ```text
//! PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
//! MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
//! AuthenticatedSafe ::= SEQUENCE OF ContentInfo   -- data, or encryptedData
//! SafeContents ::= SEQUENCE OF SafeBag
//! SafeBag ::= SEQUENCE { bagId OBJECT IDENTIFIER, bagValue [0] EXPLICIT ANY,
//!                        bagAttributes SET OF PKCS12Attribute OPTIONAL }
//! ```
//!
//! Reading ([`Pkcs12Bundle::from_der`]): the MAC (HMAC with SHA-1, SHA-2 or SM3) is
//! checked before anything is decrypted; then the safes, encrypted with PBES2 (PBKDF2
//! with AES-CBC, or HMAC-SM3 with SM4-CBC) or with the legacy PKCS#12 PBE (3DES, RC2,
//! see `pkcs12_pbe`). The password goes to the MAC and the legacy PBE as RFC 7292's
//! BMPString and to PBES2 as its UTF-8 bytes, as OpenSSL does; a bundle with no password
//! opens with the empty one or the absent one, whichever its MAC says. The certificate of
//! the bundle is the one whose public key is the key's (wherever it stands: keytool and
//! `cryptography` can write the CA first), the others are its chain, in bag order.
//! BER as older writers leave it (indefinite lengths, constructed OCTET STRINGs, an
//! explicit default) is read. Bounded: at most [`MAX_BAGS`] bags, safes nested at most
//! [`MAX_NESTING`] deep, iteration counts as for encrypted keys.
//!
//! Writing ([`to_pkcs12`]): OpenSSL 3's defaults — PBES2 with PBKDF2-HMAC-SHA256
//! (2 048 iterations) and AES-256-CBC for the certificates and for the key, an
//! HMAC-SHA256 MAC (2 048 iterations), the friendly name and the local key ID (SHA-1 of
//! the certificate) on the key and its certificate. [`Pkcs12Encryption::Legacy`] writes
//! what `openssl pkcs12 -export -legacy` writes instead, for Windows Server 2016 and older
//! and other importers that read nothing newer: pbeWithSHAAnd3-KeyTripleDES-CBC for the
//! key, pbeWithSHAAnd40BitRC2-CBC for the certificates, an HMAC-SHA-1 MAC, 2 048
//! iterations each ([`to_pkcs12_with`], [`pkcs12_of_with`]).
//!
//! Hand-written on `der`, `pkcs5`, `pkcs8`, `des` and `rc2`: `p12-keystore` 0.4 cannot
//! open bundles with the absent password or with PBES2/HMAC-SHA-1, matches keys to
//! certificates only by local key ID, keeps decrypted keys in buffers it does not wipe,
//! and brings a second X.509 parser; RustCrypto's `pkcs12` is a pre-release of types and
//! the KDF only.

use std::borrow::Cow;

use der::{Decode, Encode};
use zeroize::Zeroizing;

use super::Password;
use super::pkcs12_pbe::{self, LegacyPbe, MacHash, bmp_password};
use super::private::PrivateKey;
use super::public::PublicKey;
use super::{pbes2_aes, pbes2_sm4};
use crate::error::{AlgorithmRole, DerProblem, Error, Pkcs12Problem, Result, Secured};
use crate::oid::Oid;
use crate::tlv;

/// Most bags read from one bundle.
pub const MAX_BAGS: usize = 256;
/// Deepest nesting of `safeContentsBag`s read.
pub const MAX_NESTING: usize = 4;
/// The iterations csrkit writes (OpenSSL 3's `PKCS12_DEFAULT_ITER`).
pub const WRITE_ITERATIONS: u32 = 2048;

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_SAFE_CONTENTS_BAG: &str = "1.2.840.113549.1.12.10.1.6";
const OID_X509_CERTIFICATE: &str = "1.2.840.113549.1.9.22.1";
const OID_FRIENDLY_NAME: &str = "1.2.840.113549.1.9.20";
const OID_LOCAL_KEY_ID: &str = "1.2.840.113549.1.9.21";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";

/// How a bundle csrkit writes is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Pkcs12Encryption {
    /// OpenSSL 3's default: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for the key and the
    /// certificates, an HMAC-SHA256 MAC, 2 048 iterations.
    #[default]
    Aes256,
    /// What `openssl pkcs12 -export -legacy` writes, for Windows Server 2016 and older:
    /// pbeWithSHAAnd3-KeyTripleDES-CBC for the key, pbeWithSHAAnd40BitRC2-CBC for the
    /// certificates, an HMAC-SHA-1 MAC, 2 048 iterations. Weak ciphers: only for importers
    /// that read nothing else.
    Legacy,
}

/// One certificate of a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleCertificate {
    /// The certificate's DER.
    pub der: Vec<u8>,
    /// Its `friendlyName` attribute.
    pub friendly_name: Option<String>,
    /// Its `localKeyId` attribute.
    pub local_key_id: Option<Vec<u8>>,
}

/// What a PKCS#12 bundle holds.
#[derive(Debug)]
pub struct Pkcs12Bundle {
    key: Option<PrivateKey>,
    key_name: Option<String>,
    key_encrypted: bool,
    certificates: Vec<BundleCertificate>,
    leaf: Option<usize>,
    mac_checked: bool,
}

impl Pkcs12Bundle {
    /// Opens a bundle (DER, or the BER older writers leave). `password`: the password
    /// options' bytes; `None` opens a bundle with no password (the empty one or the
    /// absent one).
    ///
    /// Errors: [`Error::WrongPassword`] when the MAC does not verify with the
    /// password given, [`Error::PasswordRequired`] when none was given and the
    /// bundle needs one; bounds as the module says.
    pub fn from_der(der: &[u8], password: Option<&Password>) -> Result<Self> {
        let pfx = Ber::parse(der)?;
        let [version, auth_safe, rest @ ..] = pfx.children()? else {
            return Err(bad("a PFX with fewer than two elements"));
        };
        if version.integer()? != 3 {
            return Err(bad("a PFX whose version is not 3"));
        }
        let auth_octets = content_info_data(auth_safe)?;
        let forms = password_forms(password.map(Password::as_bytes));
        let form = match rest {
            [] => None,
            [mac_data] => Some(check_mac(
                mac_data,
                &auth_octets,
                &forms,
                password.is_some(),
            )?),
            _ => return Err(bad("a PFX with more than three elements")),
        };
        // Without a MAC the forms are tried in turn on the first encrypted part.
        let forms: Vec<&Zeroizing<Vec<u8>>> = match form {
            Some(i) => vec![&forms[i]],
            None => forms.iter().collect(),
        };
        let utf8: &[u8] = password.map_or(b"".as_slice(), Password::as_bytes);
        let mut reader = BagReader {
            forms,
            utf8,
            bags: 0,
            key: None,
            key_name: None,
            key_encrypted: false,
            certificates: Vec::new(),
        };
        let safes = Ber::parse(&auth_octets)?;
        for ci in safes.children()? {
            let [kind, rest @ ..] = ci.children()? else {
                return Err(bad("an empty ContentInfo"));
            };
            let kind = kind.oid()?;
            let content = match rest {
                [c] if c.tag == 0xa0 => c.only_child()?,
                _ => return Err(bad("a ContentInfo without its [0] content")),
            };
            match kind.to_string().as_str() {
                OID_DATA => {
                    let safe = content.octets()?;
                    reader.safe_contents(&safe, 0, false)?;
                }
                OID_ENCRYPTED_DATA => {
                    let plain = reader.encrypted_data(content)?;
                    reader.safe_contents(&plain, 0, true)?;
                }
                _ => {
                    return Err(Error::UnsupportedAlgorithm {
                        role: AlgorithmRole::KeyEncryption,
                        oid: kind,
                    });
                }
            }
        }
        let BagReader {
            key,
            key_name,
            key_encrypted,
            certificates,
            ..
        } = reader;
        let leaf = match &key {
            Some(k) => certificates
                .iter()
                .position(|c| certificate_key(&c.der).is_ok_and(|p| &p == k.public_key())),
            None => None,
        };
        Ok(Pkcs12Bundle {
            key,
            key_name,
            key_encrypted,
            certificates,
            leaf,
            mac_checked: form.is_some(),
        })
    }

    /// The private key, when the bundle holds one.
    pub fn key(&self) -> Option<&PrivateKey> {
        self.key.as_ref()
    }

    /// The key's `friendlyName`.
    pub fn key_name(&self) -> Option<&str> {
        self.key_name.as_deref()
    }

    /// True when the key was stored encrypted (a `pkcs8ShroudedKeyBag`, or a key bag
    /// inside an encrypted safe), as bundles with a password store it.
    pub fn key_encrypted(&self) -> bool {
        self.key_encrypted
    }

    /// The key, for a caller that needs one: [`Pkcs12Problem::NoKey`] when there is none,
    /// [`Pkcs12Problem::KeyMatchesNoCertificate`] when the bundle has certificates and the
    /// key is none of theirs.
    pub fn into_key(self) -> Result<PrivateKey> {
        let certificates = self.certificates.len();
        match self.key {
            None => Err(Error::Pkcs12(Pkcs12Problem::NoKey { certificates })),
            Some(_) if certificates > 0 && self.leaf.is_none() => {
                Err(Error::Pkcs12(Pkcs12Problem::KeyMatchesNoCertificate {
                    certificates,
                }))
            }
            Some(k) => Ok(k),
        }
    }

    /// Every certificate, in bag order.
    pub fn certificates(&self) -> &[BundleCertificate] {
        &self.certificates
    }

    /// The certificate whose public key is the key's.
    pub fn leaf(&self) -> Option<&BundleCertificate> {
        self.leaf.map(|i| &self.certificates[i])
    }

    /// The certificates as the bundle means them: the key's certificate first, then the
    /// others (its chain) in bag order; without a key, all in bag order.
    pub fn ordered(&self) -> Vec<&BundleCertificate> {
        let leaf = self.leaf();
        leaf.into_iter()
            .chain(
                self.certificates
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| Some(*i) != self.leaf)
                    .map(|(_, c)| c),
            )
            .collect()
    }

    /// False for a bundle with no MAC (`openssl pkcs12 -nomac`): nothing vouched for
    /// the password before decryption.
    pub fn mac_checked(&self) -> bool {
        self.mac_checked
    }
}

/// True when `bytes` is a PKCS#12 `PFX` (DER or BER): a SEQUENCE whose first element is
/// the INTEGER 3 and whose second is a ContentInfo of type `data`. Cheap: only the
/// start is read.
pub fn is_pkcs12(bytes: &[u8]) -> bool {
    // 30 len 02 01 03 30 len 06 09 2a864886f70d010701
    let Ok((outer, _)) = tlv_header(bytes) else {
        return false;
    };
    let rest = &bytes[outer..];
    rest.starts_with(&[0x02, 0x01, 0x03, 0x30])
        && tlv_header(&rest[3..]).is_ok_and(|(h, _)| {
            rest[3 + h..].starts_with(&[
                0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
            ])
        })
}

/// The length of a BER header (tag and length octets), and whether the length is
/// indefinite.
fn tlv_header(b: &[u8]) -> Result<(usize, Option<usize>)> {
    let (&tag, rest) = b.split_first().ok_or_else(|| bad("a truncated element"))?;
    if tag & 0x1f == 0x1f {
        return Err(bad("a high tag number"));
    }
    let (&first, rest) = rest
        .split_first()
        .ok_or_else(|| bad("a truncated length"))?;
    if first < 0x80 {
        return Ok((2, Some(first as usize)));
    }
    let n = (first & 0x7f) as usize;
    if n == 0 {
        return Ok((2, None));
    }
    if n > 4 || rest.len() < n {
        return Err(bad("a length that is too long"));
    }
    let len = rest[..n]
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | b as usize);
    Ok((2 + n, Some(len)))
}

fn bad(what: &str) -> Error {
    Error::Der(DerProblem {
        kind: format!("PKCS#12: {what}"),
        position: None,
    })
}

/// A BER element: definite or indefinite lengths, primitive or constructed.
struct Ber<'a> {
    tag: u8,
    raw: &'a [u8],
    content: &'a [u8],
    children: Option<Vec<Ber<'a>>>,
}

/// The deepest structure read (a PFX is about ten levels deep).
const MAX_DEPTH: usize = 32;

impl<'a> Ber<'a> {
    fn parse(input: &'a [u8]) -> Result<Ber<'a>> {
        let (node, rest) = Self::read(input, 0)?;
        if !rest.is_empty() {
            return Err(bad("trailing data"));
        }
        Ok(node)
    }

    fn read(input: &'a [u8], depth: usize) -> Result<(Ber<'a>, &'a [u8])> {
        if depth > MAX_DEPTH {
            return Err(bad("a structure nested too deep"));
        }
        let (header, len) = tlv_header(input)?;
        let tag = input[0];
        let constructed = tag & 0x20 != 0;
        let body = &input[header..];
        match len {
            Some(len) => {
                if body.len() < len {
                    return Err(bad("a truncated element"));
                }
                let content = &body[..len];
                let children = if constructed {
                    let mut kids = Vec::new();
                    let mut rest = content;
                    while !rest.is_empty() {
                        let (kid, r) = Self::read(rest, depth + 1)?;
                        kids.push(kid);
                        rest = r;
                    }
                    Some(kids)
                } else {
                    None
                };
                let node = Ber {
                    tag,
                    raw: &input[..header + len],
                    content,
                    children,
                };
                Ok((node, &body[len..]))
            }
            None => {
                if !constructed {
                    return Err(bad("an indefinite length on a primitive element"));
                }
                let mut kids = Vec::new();
                let mut rest = body;
                loop {
                    if rest.starts_with(&[0, 0]) {
                        rest = &rest[2..];
                        break;
                    }
                    if rest.is_empty() {
                        return Err(bad("an indefinite length without its end"));
                    }
                    let (kid, r) = Self::read(rest, depth + 1)?;
                    kids.push(kid);
                    rest = r;
                }
                let used = input.len() - rest.len();
                let node = Ber {
                    tag,
                    raw: &input[..used],
                    content: &body[..used - header - 2],
                    children: Some(kids),
                };
                Ok((node, rest))
            }
        }
    }

    fn children(&self) -> Result<&[Ber<'a>]> {
        self.children
            .as_deref()
            .ok_or_else(|| bad("a primitive element where a constructed one belongs"))
    }

    fn only_child(&self) -> Result<&Ber<'a>> {
        match self.children()? {
            [one] => Ok(one),
            _ => Err(bad("an explicit tag that does not hold one element")),
        }
    }

    fn oid(&self) -> Result<Oid> {
        if self.tag != tlv::tag::OID {
            return Err(bad("an element that is not an OID"));
        }
        Oid::from_der_content(self.content)
    }

    /// A non-negative INTEGER of at most 64 bits (leading zero bytes allowed, as BER).
    fn integer(&self) -> Result<u64> {
        if self.tag != tlv::tag::INTEGER || self.content.is_empty() || self.content[0] & 0x80 != 0 {
            return Err(bad("an element that is not a non-negative INTEGER"));
        }
        let digits = &self.content[self.content.iter().take_while(|&&b| b == 0).count()..];
        if digits.len() > 8 {
            return Err(bad("an INTEGER over 64 bits"));
        }
        Ok(digits
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// The octets of an OCTET STRING, primitive or constructed (BER), under any tag
    /// that carries octets (an IMPLICIT `[0]` too).
    fn octets(&self) -> Result<Cow<'a, [u8]>> {
        match &self.children {
            None => Ok(Cow::Borrowed(self.content)),
            Some(kids) => {
                let mut all = Vec::new();
                for k in kids {
                    if k.tag & 0x1f != tlv::tag::OCTET_STRING {
                        return Err(bad("a constructed OCTET STRING holding another type"));
                    }
                    all.extend_from_slice(&k.octets()?);
                }
                Ok(Cow::Owned(all))
            }
        }
    }
}

/// The octets of a ContentInfo of type `data` (the authenticated safe).
fn content_info_data(ci: &Ber<'_>) -> Result<Vec<u8>> {
    let [kind, content] = ci.children()? else {
        return Err(bad("the authenticated safe is not a ContentInfo"));
    };
    if kind.oid()?.to_string() != OID_DATA || content.tag != 0xa0 {
        return Err(bad(
            "the authenticated safe is not of type data (public-key privacy mode is not read)",
        ));
    }
    Ok(content.only_child()?.octets()?.into_owned())
}

/// The password as the MAC and the legacy PBE take it: the given one, or, when none was
/// given, the empty password and then the absent one.
fn password_forms(password: Option<&[u8]>) -> Vec<Zeroizing<Vec<u8>>> {
    match password {
        Some(p) if !p.is_empty() => vec![bmp_password(Some(p))],
        _ => vec![bmp_password(Some(b"")), bmp_password(None)],
    }
}

/// Checks the MAC with each password form; returns the index of the one that verifies.
fn check_mac(
    mac_data: &Ber<'_>,
    data: &[u8],
    forms: &[Zeroizing<Vec<u8>>],
    password_given: bool,
) -> Result<usize> {
    let (digest_info, salt, iterations) = match mac_data.children()? {
        [d, s] => (d, s, 1),
        [d, s, i] => (d, s, i.integer()?),
        _ => return Err(bad("a MacData of another shape")),
    };
    let iterations = pkcs12_pbe::check_iterations(iterations)?;
    let [algorithm, digest] = digest_info.children()? else {
        return Err(bad("a DigestInfo of another shape"));
    };
    let hash_oid = algorithm
        .children()?
        .first()
        .ok_or_else(|| bad("an empty AlgorithmIdentifier"))?
        .oid()?;
    let hash = MacHash::from_oid(&hash_oid)?;
    let (salt, expected) = (salt.octets()?, digest.octets()?);
    for (i, form) in forms.iter().enumerate() {
        match pkcs12_pbe::verify_mac(hash, form, &salt, iterations, data, &expected) {
            Ok(()) => return Ok(i),
            Err(Error::WrongPassword(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(if password_given {
        Error::WrongPassword(Secured::Pkcs12)
    } else {
        Error::PasswordRequired(Secured::Pkcs12)
    })
}

/// Walks the safe contents, decrypting and keeping the first key and every certificate.
struct BagReader<'p> {
    forms: Vec<&'p Zeroizing<Vec<u8>>>,
    utf8: &'p [u8],
    bags: usize,
    key: Option<PrivateKey>,
    key_name: Option<String>,
    key_encrypted: bool,
    certificates: Vec<BundleCertificate>,
}

impl BagReader<'_> {
    /// Decrypts `data` under `algorithm` (PBES2 or a legacy PBE), trying the password
    /// forms in turn when there was no MAC to choose one.
    fn decrypt(&self, algorithm: &Ber<'_>, data: &[u8]) -> Result<Zeroizing<Vec<u8>>> {
        let [oid, rest @ ..] = algorithm.children()? else {
            return Err(bad("an empty AlgorithmIdentifier"));
        };
        let oid = oid.oid()?;
        if oid.to_string() == OID_PBES2 {
            let id = spki::AlgorithmIdentifierRef::from_der(algorithm.raw)?;
            if let Some(plain) = pbes2_sm4::decrypt_with(&id, data, self.utf8)? {
                return Ok(plain);
            }
            let scheme = pkcs8::pkcs5::EncryptionScheme::try_from(id).map_err(|_| {
                Error::UnsupportedAlgorithm {
                    role: AlgorithmRole::KeyEncryption,
                    oid: oid.clone(),
                }
            })?;
            return pbes2_aes::decrypt_with(&scheme, self.utf8, data);
        }
        let Some(pbe) = LegacyPbe::from_oid(&oid) else {
            return Err(Error::UnsupportedAlgorithm {
                role: AlgorithmRole::KeyEncryption,
                oid,
            });
        };
        let [params] = rest else {
            return Err(bad("a PKCS#12 PBE without parameters"));
        };
        let [salt, iterations] = params.children()? else {
            return Err(bad("PKCS#12 PBE parameters of another shape"));
        };
        let iterations = pkcs12_pbe::check_iterations(iterations.integer()?)?;
        let salt = salt.octets()?;
        let mut last = Error::WrongPassword(Secured::Pkcs12);
        for form in &self.forms {
            match pbe.decrypt(form, &salt, iterations, data) {
                Ok(plain) => return Ok(plain),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// `EncryptedData ::= SEQUENCE { version, EncryptedContentInfo }`, decrypted.
    fn encrypted_data(&self, ed: &Ber<'_>) -> Result<Zeroizing<Vec<u8>>> {
        let [_version, eci, ..] = ed.children()? else {
            return Err(bad("an EncryptedData of another shape"));
        };
        let [_kind, algorithm, content] = eci.children()? else {
            return Err(bad("an EncryptedContentInfo without its content"));
        };
        if content.tag & 0xdf != 0x80 {
            return Err(bad("an EncryptedContentInfo whose content is not [0]"));
        }
        self.decrypt(algorithm, &content.octets()?)
    }

    /// Reads a `SafeContents`; `encrypted`: it came out of an encrypted safe.
    fn safe_contents(&mut self, der: &[u8], depth: usize, encrypted: bool) -> Result<()> {
        if depth > MAX_NESTING {
            return Err(bad("safe contents nested too deep"));
        }
        let safe = Ber::parse(der)?;
        for bag in safe.children()? {
            self.bags += 1;
            if self.bags > MAX_BAGS {
                return Err(Error::TooMany {
                    what: "PKCS#12 bags",
                    limit: MAX_BAGS,
                });
            }
            let [id, value, attributes @ ..] = bag.children()? else {
                return Err(bad("a SafeBag of another shape"));
            };
            if value.tag != 0xa0 {
                return Err(bad("a SafeBag whose value is not [0]"));
            }
            let value = value.only_child()?;
            let (name, key_id) = match attributes {
                [] => (None, None),
                [set] => bag_attributes(set)?,
                _ => return Err(bad("a SafeBag with more than three elements")),
            };
            match id.oid()?.to_string().as_str() {
                OID_KEY_BAG if self.key.is_none() => {
                    self.key = Some(PrivateKey::from_pkcs8_der(value.raw)?);
                    self.key_name = name;
                    self.key_encrypted = encrypted;
                }
                OID_SHROUDED_KEY_BAG if self.key.is_none() => {
                    let [algorithm, data] = value.children()? else {
                        return Err(bad("an EncryptedPrivateKeyInfo of another shape"));
                    };
                    let plain = self.decrypt(algorithm, &data.octets()?)?;
                    self.key = Some(PrivateKey::from_pkcs8_der(&plain)?);
                    self.key_name = name;
                    self.key_encrypted = true;
                }
                OID_CERT_BAG => {
                    let [kind, cert] = value.children()? else {
                        return Err(bad("a CertBag of another shape"));
                    };
                    if kind.oid()?.to_string() == OID_X509_CERTIFICATE && cert.tag == 0xa0 {
                        self.certificates.push(BundleCertificate {
                            der: cert.only_child()?.octets()?.into_owned(),
                            friendly_name: name,
                            local_key_id: key_id,
                        });
                    }
                }
                OID_SAFE_CONTENTS_BAG => self.safe_contents(value.raw, depth + 1, encrypted)?,
                // A second key, CRLs, secrets: not what csrkit reads.
                _ => {}
            }
        }
        Ok(())
    }
}

/// `friendlyName` (a BMPString) and `localKeyId` (an OCTET STRING) of a bag.
fn bag_attributes(set: &Ber<'_>) -> Result<(Option<String>, Option<Vec<u8>>)> {
    let (mut name, mut key_id) = (None, None);
    for attribute in set.children()? {
        let [oid, values] = attribute.children()? else {
            return Err(bad("a bag attribute of another shape"));
        };
        let Some(value) = values.children()?.first() else {
            continue;
        };
        match oid.oid()?.to_string().as_str() {
            OID_FRIENDLY_NAME if value.tag == 0x1e && value.content.len() % 2 == 0 => {
                let units = value
                    .content
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]));
                name = char::decode_utf16(units)
                    .collect::<std::result::Result<String, _>>()
                    .ok();
            }
            OID_LOCAL_KEY_ID => key_id = Some(value.octets()?.into_owned()),
            _ => {}
        }
    }
    Ok((name, key_id))
}

/// The public key of a certificate's DER.
/// The DER certificates of `inputs`, each PEM (every `CERTIFICATE` block: a fullchain gives
/// them all, in order) or DER.
fn certificate_ders(inputs: &[&[u8]]) -> Result<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    for input in inputs {
        for block in crate::input::decode_all(input, &[crate::input::Label::Certificate])? {
            out.push(block.der);
        }
    }
    Ok(out)
}

fn certificate_key(der: &[u8]) -> Result<PublicKey> {
    let (_, spki) = crate::signed::certificate_subject_and_spki(der)?;
    PublicKey::read_spki(spki)
}

/// A bundle for deployment (Windows/IIS, Java, consoles that take a `.pfx`): `key` with
/// its certificate `cert` and `chain` (in order; PEM or DER, a PEM bundle giving each of its
/// certificates), encrypted as OpenSSL 3 does
/// by default (see the module documentation). `name` is the friendly name; `None` takes
/// the certificate's CN. A key that is not the certificate's is refused
/// ([`Error::KeyMismatch`]).
///
/// ```
/// use csrkit::input::{decode, Label};
/// use csrkit::keys::{Pkcs12Bundle, to_pkcs12};
/// // A P-256 certificate (PEM) and its key, taken from a `.pfx` that `openssl pkcs12
/// // -export` wrote with the password `csrkit-P12-pass` (the crate's test vectors).
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/pkcs12/");
/// let pem = std::fs::read(format!("{dir}openssl-p256-aes256-leaf.pem"))?;
/// let cert = decode(&pem, &[Label::Certificate])?.der;
/// let old = std::fs::read(format!("{dir}openssl-p256-aes256.p12"))?;
/// let key = Pkcs12Bundle::from_der(&old, Some(&b"csrkit-P12-pass".into()))?.into_key()?;
/// let pfx = to_pkcs12(&key, &cert, &[], None, &"deploy-pw".into())?;
/// let back = Pkcs12Bundle::from_der(&pfx, Some(&b"deploy-pw".into()))?;
/// assert_eq!(back.leaf().unwrap().der, cert);
/// assert_eq!(back.key().unwrap().public_key(), key.public_key());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_pkcs12(
    key: &PrivateKey,
    cert: &[u8],
    chain: &[&[u8]],
    name: Option<&str>,
    password: &Password,
) -> Result<Vec<u8>> {
    to_pkcs12_with(key, cert, chain, name, password, Pkcs12Encryption::Aes256)
}

/// [`to_pkcs12`] with the encryption chosen: [`Pkcs12Encryption::Legacy`] for what
/// `openssl pkcs12 -export -legacy` writes.
///
/// ```
/// use csrkit::keys::{Pkcs12Bundle, Pkcs12Encryption, to_pkcs12_with};
/// // A `.pfx` `openssl pkcs12 -export` wrote: a P-256 key, its certificate and the CA,
/// // password `csrkit-P12-pass` (one of the crate's test vectors).
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/pkcs12/");
/// let old = Pkcs12Bundle::from_der(&std::fs::read(format!("{dir}openssl-p256-aes256.p12"))?, Some(&b"csrkit-P12-pass".into()))?;
/// let (key, cert) = (old.key().unwrap(), &old.leaf().unwrap().der);
/// let pfx = to_pkcs12_with(key, cert, &[], None, &"deploy-pw".into(), Pkcs12Encryption::Legacy)?;
/// let back = Pkcs12Bundle::from_der(&pfx, Some(&b"deploy-pw".into()))?;
/// assert_eq!(back.key().unwrap().public_key(), key.public_key());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_pkcs12_with(
    key: &PrivateKey,
    cert: &[u8],
    chain: &[&[u8]],
    name: Option<&str>,
    password: &Password,
    encryption: Pkcs12Encryption,
) -> Result<Vec<u8>> {
    // PEM or DER, as every reader of csrkit takes them.
    let cert_der = crate::input::decode(cert, &[crate::input::Label::Certificate])?.der;
    let cert = cert_der.as_slice();
    let chain_ders = certificate_ders(chain)?;
    let chain: Vec<&[u8]> = chain_ders.iter().map(Vec::as_slice).collect();
    let chain = chain.as_slice();
    let cert_key = certificate_key(cert)?;
    if &cert_key != key.public_key() {
        return Err(Error::key_mismatch(key.public_key(), &cert_key));
    }
    let name = friendly_name(cert, name)?;
    write_pfx(
        key,
        cert,
        chain,
        name.as_deref(),
        password.as_bytes(),
        encryption,
    )
}

/// A `.pfx` written by [`pkcs12_of`]: its DER, and what went into it.
#[derive(Debug, Clone)]
pub struct Pfx {
    /// The bundle's DER.
    pub der: Vec<u8>,
    /// The index of the key's certificate among the certificates given (a PEM bundle
    /// counting each of its certificates); the others are the chain, in their order.
    pub leaf: usize,
    /// The friendly name written (the one given, or the certificate's CN).
    pub friendly_name: Option<String>,
}

/// A bundle of `key`, the certificate among `certs` (each PEM, every certificate of a
/// fullchain in order, or DER) whose key it is, and the
/// others after it as its chain, in their order (a fullchain file, then more chain
/// files), written as [`to_pkcs12`] writes it. [`Error::KeyMismatch`] when `key` is
/// the key of none of them.
///
/// ```
/// use csrkit::keys::{Pkcs12Bundle, pkcs12_of};
/// // A `.pfx` `openssl pkcs12 -export` wrote: a P-256 key, its certificate and the CA,
/// // password `csrkit-P12-pass` (one of the crate's test vectors).
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/pkcs12/");
/// let old = Pkcs12Bundle::from_der(&std::fs::read(format!("{dir}openssl-p256-aes256.p12"))?, Some(&b"csrkit-P12-pass".into()))?;
/// let ders: Vec<&[u8]> = old.ordered().into_iter().rev().map(|c| c.der.as_slice()).collect();
/// let key = old.key().unwrap();
/// let pfx = pkcs12_of(key, &ders, None, &"deploy-pw".into())?; // the CA first: the leaf is found
/// assert_eq!(pfx.leaf, 1);
/// assert_eq!(pfx.friendly_name.as_deref(), Some("p12-p256.example.com"));
/// let back = Pkcs12Bundle::from_der(&pfx.der, Some(&b"deploy-pw".into()))?;
/// assert_eq!(back.leaf().unwrap().der, ders[1]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pkcs12_of(
    key: &PrivateKey,
    certs: &[&[u8]],
    name: Option<&str>,
    password: &Password,
) -> Result<Pfx> {
    pkcs12_of_with(key, certs, name, password, Pkcs12Encryption::Aes256)
}

/// [`pkcs12_of`] with the encryption chosen ([`Pkcs12Encryption`]).
pub fn pkcs12_of_with(
    key: &PrivateKey,
    certs: &[&[u8]],
    name: Option<&str>,
    password: &Password,
    encryption: Pkcs12Encryption,
) -> Result<Pfx> {
    // PEM (a fullchain gives each of its certificates) or DER.
    let owned = certificate_ders(certs)?;
    let certs: Vec<&[u8]> = owned.iter().map(Vec::as_slice).collect();
    let certs = certs.as_slice();
    let mut leaf = None;
    for (i, c) in certs.iter().enumerate() {
        if leaf.is_none() && &certificate_key(c)? == key.public_key() {
            leaf = Some(i);
        }
    }
    let Some(leaf) = leaf else {
        return Err(match certs.first() {
            Some(c) => Error::key_mismatch(key.public_key(), &certificate_key(c)?),
            None => Error::Pkcs12(Pkcs12Problem::NoCertificate),
        });
    };
    let chain: Vec<&[u8]> = certs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != leaf)
        .map(|(_, c)| *c)
        .collect();
    let friendly_name = friendly_name(certs[leaf], name)?;
    let der = write_pfx(
        key,
        certs[leaf],
        &chain,
        friendly_name.as_deref(),
        password.as_bytes(),
        encryption,
    )?;
    Ok(Pfx {
        der,
        leaf,
        friendly_name,
    })
}

/// `name`, or the CN of `cert` (DER).
fn friendly_name(cert: &[u8], name: Option<&str>) -> Result<Option<String>> {
    Ok(match name {
        Some(n) => Some(n.to_string()),
        None => {
            let (subject, _) = crate::signed::certificate_subject_and_spki(cert)?;
            let entries = crate::names::parse_name(subject, usize::MAX)?;
            crate::names::joined(&entries, crate::names::Attribute::CommonName)
        }
    })
}

/// The bundle of `key` (the key of `cert`, checked by the caller), `cert` and `chain`.
fn write_pfx(
    key: &PrivateKey,
    cert: &[u8],
    chain: &[&[u8]],
    name: Option<&str>,
    password: &[u8],
    encryption: Pkcs12Encryption,
) -> Result<Vec<u8>> {
    use tlv::encode;
    use tlv::tag::{OCTET_STRING, OID, SEQUENCE, SET};
    for c in chain {
        crate::signed::certificate_subject_and_spki(c)?;
    }
    let oid = |dotted: &str| -> Result<Vec<u8>> {
        let o = der::asn1::ObjectIdentifier::new(dotted).map_err(|_| bad("an OID"))?;
        Ok(encode(OID, o.as_bytes()))
    };
    let local_key_id: Vec<u8> = {
        use sha1::Digest;
        sha1::Sha1::digest(cert).to_vec()
    };
    // bagAttributes: friendlyName and localKeyId, sorted as DER's SET OF wants.
    let mut attributes = Vec::new();
    if let Some(n) = name {
        let bmp: Vec<u8> = n.encode_utf16().flat_map(u16::to_be_bytes).collect();
        attributes.push(encode(
            SEQUENCE,
            &[oid(OID_FRIENDLY_NAME)?, encode(SET, &encode(0x1e, &bmp))].concat(),
        ));
    }
    attributes.push(encode(
        SEQUENCE,
        &[
            oid(OID_LOCAL_KEY_ID)?,
            encode(SET, &encode(OCTET_STRING, &local_key_id)),
        ]
        .concat(),
    ));
    attributes.sort();
    let attributes = encode(SET, &attributes.concat());

    let cert_bag = |der: &[u8], attrs: Option<&[u8]>| -> Result<Vec<u8>> {
        let value = encode(
            SEQUENCE,
            &[
                oid(OID_X509_CERTIFICATE)?,
                encode(0xa0, &encode(OCTET_STRING, der)),
            ]
            .concat(),
        );
        let mut bag = [oid(OID_CERT_BAG)?, encode(0xa0, &value)].concat();
        bag.extend_from_slice(attrs.unwrap_or_default());
        Ok(encode(SEQUENCE, &bag))
    };
    let mut certs = cert_bag(cert, Some(&attributes))?;
    for c in chain {
        certs.extend(cert_bag(c, None)?);
    }
    let cert_safe = encode(SEQUENCE, &certs);

    let bmp = bmp_password(Some(password));
    // A legacy PBE's AlgorithmIdentifier and ciphertext (pkcs-12PbeParams: salt, iterations).
    let legacy = |pbe: LegacyPbe, data: &[u8]| -> Result<(Vec<u8>, Vec<u8>)> {
        let mut salt = [0u8; 8];
        getrandom::fill(&mut salt).map_err(|_| Error::Rng)?;
        let encrypted = pbe.encrypt(&bmp, &salt, WRITE_ITERATIONS, data)?;
        let params = encode(
            SEQUENCE,
            &[
                encode(OCTET_STRING, &salt),
                encode(tlv::tag::INTEGER, &der_uint(WRITE_ITERATIONS)),
            ]
            .concat(),
        );
        Ok((
            encode(SEQUENCE, &[oid(pbe.oid())?, params].concat()),
            encrypted,
        ))
    };
    let (certs_algorithm, encrypted_certs) = match encryption {
        Pkcs12Encryption::Aes256 => {
            let scheme = pkcs8::pkcs5::EncryptionScheme::from(pbes2_params()?);
            let encrypted = scheme
                .encrypt(password, &cert_safe)
                .map_err(|_| Error::InvalidKey("PKCS#12 encryption failed"))?;
            (scheme.to_der()?, encrypted)
        }
        Pkcs12Encryption::Legacy => legacy(LegacyPbe::Rc2_40, &cert_safe)?,
    };
    let encrypted_content_info = encode(
        SEQUENCE,
        &[
            oid(OID_DATA)?,
            certs_algorithm,
            encode(0x80, &encrypted_certs),
        ]
        .concat(),
    );
    let encrypted_data = encode(
        SEQUENCE,
        &[encode(tlv::tag::INTEGER, &[0]), encrypted_content_info].concat(),
    );
    let certs_ci = encode(
        SEQUENCE,
        &[oid(OID_ENCRYPTED_DATA)?, encode(0xa0, &encrypted_data)].concat(),
    );

    let pkcs8 = key.to_pkcs8_der()?;
    let shrouded = match encryption {
        Pkcs12Encryption::Aes256 => pkcs8::PrivateKeyInfoRef::from_der(&pkcs8)?
            .encrypt_with_params(pbes2_params()?, password)
            .map_err(|_| Error::InvalidKey("PKCS#12 key encryption failed"))?
            .as_bytes()
            .to_vec(),
        Pkcs12Encryption::Legacy => {
            // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm, encryptedData }
            let (algorithm, encrypted) = legacy(LegacyPbe::TripleDes3Key, &pkcs8)?;
            encode(
                SEQUENCE,
                &[algorithm, encode(OCTET_STRING, &encrypted)].concat(),
            )
        }
    };
    let key_bag = encode(
        SEQUENCE,
        &[
            oid(OID_SHROUDED_KEY_BAG)?,
            encode(0xa0, &shrouded),
            attributes.clone(),
        ]
        .concat(),
    );
    let key_ci = encode(
        SEQUENCE,
        &[
            oid(OID_DATA)?,
            encode(0xa0, &encode(OCTET_STRING, &encode(SEQUENCE, &key_bag))),
        ]
        .concat(),
    );

    let auth_safe = encode(SEQUENCE, &[certs_ci, key_ci].concat());
    let mut salt = [0u8; 8];
    getrandom::fill(&mut salt).map_err(|_| Error::Rng)?;
    let (mac_hash, mac_oid) = match encryption {
        Pkcs12Encryption::Aes256 => (MacHash::Sha256, encode(OID, &MacHash::SHA256_OID)),
        Pkcs12Encryption::Legacy => (MacHash::Sha1, oid("1.3.14.3.2.26")?),
    };
    let mac = pkcs12_pbe::mac(mac_hash, &bmp, &salt, WRITE_ITERATIONS, &auth_safe)?;
    let digest_algorithm = encode(SEQUENCE, &[mac_oid, encode(tlv::tag::NULL, &[])].concat());
    let mac_data = encode(
        SEQUENCE,
        &[
            encode(
                SEQUENCE,
                &[digest_algorithm, encode(OCTET_STRING, &mac)].concat(),
            ),
            encode(OCTET_STRING, &salt),
            encode(tlv::tag::INTEGER, &der_uint(WRITE_ITERATIONS)),
        ]
        .concat(),
    );
    let pfx = [
        encode(tlv::tag::INTEGER, &[3]),
        encode(
            SEQUENCE,
            &[
                oid(OID_DATA)?,
                encode(0xa0, &encode(OCTET_STRING, &auth_safe)),
            ]
            .concat(),
        ),
        mac_data,
    ]
    .concat();
    Ok(encode(SEQUENCE, &pfx))
}

/// PBES2 parameters as OpenSSL 3 writes them: PBKDF2-HMAC-SHA256, 2 048 iterations, an
/// 8-byte salt, AES-256-CBC with a random IV.
fn pbes2_params() -> Result<pkcs8::pkcs5::pbes2::Parameters> {
    let mut salt = [0u8; 8];
    let mut iv = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| Error::Rng)?;
    getrandom::fill(&mut iv).map_err(|_| Error::Rng)?;
    pkcs8::pkcs5::pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(WRITE_ITERATIONS, &salt, iv)
        .map_err(|_| Error::InvalidKey("PBES2 parameters"))
}

/// The content of a DER INTEGER for a non-negative value.
fn der_uint(v: u32) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(3);
    let mut out = bytes[skip..].to_vec();
    if out[0] & 0x80 != 0 {
        out.insert(0, 0);
    }
    out
}
