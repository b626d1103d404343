//! Private key parsing (PKCS#8, PKCS#1, SEC1; PEM or DER) and public key derivation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = csrkit::keys::PrivateKey::from_bytes(data);
    let _ = csrkit::keys::public_key_of_private(data);
});
