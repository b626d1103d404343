//! PKCS#12 bundles read with a password and without one (the empty and the absent
//! password tried): bag nesting, counts, sizes and iteration counts come from the input
//! and must be bounded before any work runs; nothing may panic. Seeds without a MAC and
//! with unencrypted bags let mutations reach the bag parser.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = csrkit::keys::is_pkcs12(data);
    if let Ok(b) = csrkit::keys::Pkcs12Bundle::from_der(data, Some(&b"fuzz".into())) {
        let _ = b.ordered();
        let _ = b.into_key();
    }
    let _ = csrkit::contents::Contents::from_bytes(data, None);
});
