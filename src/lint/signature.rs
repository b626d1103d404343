//! Signature rules: a CSR's self-signature (SM2 with the default ID), weak hashes, the
//! algorithms a CA takes, the encodings the BR lists, a certificate's outer algorithm
//! against its TBS algorithm.

use super::lv::{E, N, O, W};
use super::{AppliesTo, BASE, Rule};
use crate::signature::{SignAlgorithm, Verification};

/// sha224WithRSAEncryption, ecdsa-with-SHA224, dsa-with-sha1, md2WithRSA, md4WithRSA.
const WEAK_OTHERS: [&str; 5] = [
    "1.2.840.113549.1.1.14",
    "1.2.840.10045.4.3.1",
    "1.2.840.10040.4.3",
    "1.2.840.113549.1.1.2",
    "1.2.840.113549.1.1.3",
];

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "sig.csr_invalid",
        applies_to: AppliesTo::Csr,
        severity: [E, E, E, E, E, E],
        source: "RFC 2986 3; Boulder",
        summary: "A CSR's self-signature verifies with its public key (SM2: with the default ID 1234567812345678).",
        advice: "sign the CSR again with its own key",
        check: |f, _| {
            match &f.self_signature {
            Some(Verification::Invalid(why)) => {
                vec![format!("the CSR's signature does not verify with its public key: {why}")]
            }
            Some(Verification::Sm2EmptyId) => vec![
                "the SM2 signature verifies only with an empty ID, not the default 1234567812345678 of GM/T 0009"
                    .to_string(),
            ],
            _ => Vec::new(),
        }
        },
        ..BASE
    },
    Rule {
        id: "sig.weak_hash",
        severity: [E, E, E, E, W, E],
        source: "BR 7.1.3.2; Boulder",
        zlint: Some("e_sub_cert_or_sub_ca_using_sha1"),
        summary: "The signature does not use MD5, SHA-1 or SHA-224.",
        advice: "sign with SHA-256 or stronger",
        check: |f, _| {
            let weak = match &f.sig {
                SignAlgorithm::RsaMd5 => Some("MD5"),
                SignAlgorithm::RsaSha1 | SignAlgorithm::EcdsaSha1 => Some("SHA-1"),
                SignAlgorithm::Other(oid) if WEAK_OTHERS.contains(&oid.to_string().as_str()) => {
                    Some("a hash weaker than SHA-256")
                }
                _ => None,
            };
            match weak {
                Some(h) => vec![format!("signed with {} ({h})", f.sig.api_name())],
                None => Vec::new(),
            }
        },
        ..BASE
    },
    Rule {
        id: "sig.algorithm_not_taken",
        severity: [O, W, W, E, O, O],
        source: "Boulder csr.go; Alibaba UploadCsr; Huawei CCM",
        summary: "The CA takes PKCS#1 v1.5 RSA or ECDSA signatures with SHA-256/384/512 (and SM2 with SM3 where it takes SM2); not RSASSA-PSS.",
        advice: "sign with SHA256WITHRSA or SHA256WITHECDSA",
        check: |f, p| {
            let ok = match &f.sig {
                SignAlgorithm::RsaSha256
                | SignAlgorithm::RsaSha384
                | SignAlgorithm::RsaSha512
                | SignAlgorithm::EcdsaSha256
                | SignAlgorithm::EcdsaSha384
                | SignAlgorithm::EcdsaSha512 => true,
                SignAlgorithm::Sm3Sm2 => p != super::Profile::LetsEncrypt,
                // MD5 and SHA-1: sig.weak_hash says it.
                SignAlgorithm::RsaMd5 | SignAlgorithm::RsaSha1 | SignAlgorithm::EcdsaSha1 => true,
                _ => false,
            };
            if ok {
                Vec::new()
            } else {
                vec![format!(
                    "signed with {}, which {} does not take",
                    f.sig.api_name(),
                    super::key::ca_name(p)
                )]
            }
        },
        ..BASE
    },
    Rule {
        id: "sig.algorithm_encoding",
        applies_to: AppliesTo::Cert,
        severity: [E, O, O, O, O, O],
        source: "BR 7.1.3.2",
        pkilint: Some("cabf.serverauth.prohibited_signature_algorithm_encoding"),
        summary: "A certificate's signature algorithm is one of the encodings BR 7.1.3.2 lists.",
        advice: "ask the CA: it signed with an algorithm the BR does not allow",
        check: |f, _| {
            const ALLOWED: [&str; 9] = [
                "300d06092a864886f70d01010b0500",
                "300d06092a864886f70d01010c0500",
                "300d06092a864886f70d01010d0500",
                "304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120",
                "304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130",
                "304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140",
                "300a06082a8648ce3d040302",
                "300a06082a8648ce3d040303",
                "300a06082a8648ce3d040304",
            ];
            let hex = crate::fingerprint::hex(&f.sig_algorithm);
            if ALLOWED.contains(&hex.as_str()) {
                Vec::new()
            } else {
                vec![format!(
                    "the signature algorithm {} is encoded as {hex}, which BR 7.1.3.2 does not list",
                    f.sig.api_name()
                )]
            }
        },
        ..BASE
    },
    Rule {
        id: "sig.tbs_mismatch",
        applies_to: AppliesTo::Cert,
        severity: [E, E, E, E, E, E],
        source: "RFC 5280 4.1.1.2",
        zlint: Some("e_cert_sig_alg_not_match_tbs_sig_alg"),
        pkilint: Some("pkix.certificate_signature_algorithm_mismatch"),
        summary: "A certificate's signatureAlgorithm is its TBS signature field, byte for byte.",
        advice: "ask the CA to issue it again",
        check: |f, _| match &f.cert {
            Some(c) if c.tbs_algorithm != f.sig_algorithm => vec![format!(
                "the signatureAlgorithm ({}) differs from the TBS signature field ({})",
                crate::fingerprint::hex(&f.sig_algorithm),
                crate::fingerprint::hex(&c.tbs_algorithm)
            )],
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "sig.csr_not_checked",
        applies_to: AppliesTo::Csr,
        severity: [N, N, N, N, N, N],
        source: "RFC 2986 3",
        summary: "csrkit checks a CSR's signature when it knows the algorithm.",
        advice: "sign the CSR with SHA-256 (RSA or ECDSA) or SM3 (SM2)",
        check: |f, _| match &f.self_signature {
            Some(Verification::NotChecked(why)) => {
                vec![format!("the CSR's signature is not checked: {why}")]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
];
