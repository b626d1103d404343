//! The PEM/DER input decoder with every label accepted.
#![no_main]

use csrkit::input::Label;
use libfuzzer_sys::fuzz_target;

const ALL_LABELS: &[Label] = &[
    Label::CertificateRequest,
    Label::Certificate,
    Label::PrivateKey,
    Label::RsaPrivateKey,
    Label::EcPrivateKey,
    Label::PublicKey,
    Label::EncryptedPrivateKey,
];

/// Fails to compile when `Label` gains a variant, so that `ALL_LABELS` is kept complete.
#[allow(dead_code)]
fn every_label_is_listed(label: Label) {
    match label {
        Label::CertificateRequest
        | Label::Certificate
        | Label::PrivateKey
        | Label::RsaPrivateKey
        | Label::EcPrivateKey
        | Label::PublicKey
        | Label::EncryptedPrivateKey => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = csrkit::input::decode(data, ALL_LABELS);
});
