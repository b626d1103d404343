//! CSR parsing: PEM or DER bytes in, `ParsedCsr` out; on success the
//! inspection (`info`) and the signature check (`verify`) run too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(csr) = csrkit::csr::ParsedCsr::from_bytes(data) {
        let _ = csr.info(None, None);
        let _ = csr.verify();
    }
});
