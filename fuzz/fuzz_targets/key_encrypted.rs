//! Encrypted keys read with a password (encrypted PKCS#8 of every scheme, legacy
//! encrypted PEM): the key-derivation parameters come from the input, so they must be
//! bounded before any derivation runs (no hang, no huge allocation), and nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = csrkit::keys::PrivateKey::from_bytes_with_password(data, Some(&b"fuzz".into()));
});
