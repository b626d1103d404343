//! SM2 rules (group `gm`): an SM2 key or signature where the CA takes none; under the
//! `gm` profile, SM2 with SM3 throughout, the GM/T 0015 encodings (id-ecPublicKey with
//! the SM2 curve, SM2-with-SM3 without parameters), signing and encryption usages apart.

use super::lv::{E, N, O, W};
use super::{BASE, Rule};
use crate::keys::KeyType;
use crate::signature::SignAlgorithm;

/// id-sm2 as an SPKI algorithm (OpenSSL 3.0.0 to 3.0.12 wrote it).
const ID_SM2: &str = "1.2.156.10197.1.301";

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "gm.sm2_key",
        severity: [E, O, O, E, O, O],
        source: "BR 6.1.5; Boulder goodkey",
        summary: "Public TLS CAs take RSA and ECDSA keys, not SM2.",
        advice: "make an RSA or P-256 key for a public CA (SM2 is for Chinese CAs: the alibaba or gm profile)",
        check: |f, _| {
            if f.key.key_type() == KeyType::Sm2 {
                vec!["an SM2 key: public TLS CAs do not take SM2".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "gm.sm3_signature",
        severity: [E, O, O, E, O, O],
        source: "BR 7.1.3.2",
        summary: "Public TLS CAs take RSA and ECDSA signatures, not SM2-with-SM3.",
        advice: "sign with an RSA or ECDSA key for a public CA",
        check: |f, _| {
            if f.sig == SignAlgorithm::Sm3Sm2 {
                vec!["signed with SM3WITHSM2: public TLS CAs do not take it".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "gm.not_sm2",
        severity: [O, O, O, O, O, E],
        source: "GM/T 0015-2012",
        summary: "Under the gm profile the key is SM2 and the signature SM2-with-SM3.",
        advice: "make an SM2 key (csrkit generate --algorithm sm2)",
        check: |f, _| {
            let mut out = Vec::new();
            if f.key.key_type() != KeyType::Sm2 {
                out.push(format!(
                    "a {} key, not SM2",
                    super::key::curve_name(f.key.curve()).replace("its curve", "RSA")
                ));
            }
            if f.sig != SignAlgorithm::Sm3Sm2 {
                out.push(format!("signed with {}, not SM3WITHSM2", f.sig.api_name()));
            }
            out
        },
        ..BASE
    },
    Rule {
        id: "gm.spki_id_sm2",
        severity: [O, W, W, O, N, E],
        source: "GM/T 0015-2012 7.2; GM/T 0006",
        summary: "An SM2 public key is id-ecPublicKey with the SM2 curve as its parameter, not id-sm2 as the algorithm (OpenSSL 3.0.0 to 3.0.12 wrote id-sm2).",
        advice: "make the CSR again with csrkit (or OpenSSL 3.0.13 or later)",
        check: |f, _| match super::facts::oid_of(&f.spki_algorithm) {
            Some(o) if o.to_string() == ID_SM2 => {
                vec!["the SM2 public key's algorithm is id-sm2, not id-ecPublicKey with the SM2 curve".to_string()]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "gm.sig_parameters",
        severity: [O, W, W, O, O, E],
        source: "GM/T 0015-2012 7.1",
        summary: "An SM2-with-SM3 AlgorithmIdentifier has no parameters.",
        advice: "make the CSR again with csrkit",
        check: |f, _| {
            if f.sig == SignAlgorithm::Sm3Sm2 && f.sig_has_parameters {
                vec!["the SM2-with-SM3 signature algorithm carries parameters".to_string()]
            } else {
                Vec::new()
            }
        },
        ..BASE
    },
    Rule {
        id: "gm.mixed_usage",
        severity: [O, N, N, O, O, W],
        source: "GM/T 0015-2012; GM/T 0034",
        summary: "An SM2 certificate is for signing (digitalSignature, nonRepudiation) or for encryption (keyEncipherment, dataEncipherment, keyAgreement), not both: SM2 CAs issue them in pairs.",
        advice: "ask for a signing certificate; the CA issues the encryption one with its own key",
        check: |f, _| match f.key_usage() {
            Some(bits)
                if f.key.key_type() == KeyType::Sm2 && bits & 0b11 != 0 && bits & 0b1_1100 != 0 =>
            {
                vec!["the SM2 keyUsage mixes signing and encryption".to_string()]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
];
