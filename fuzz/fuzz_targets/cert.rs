//! Certificate parsing: `ParsedCert` (inspection, self-issued signature check,
//! certificate type) and the CSR-or-certificate detection of `Parsed`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cert) = csrkit::cert::ParsedCert::from_bytes(data) {
        let _ = cert.info(None, None);
        let _ = cert.verify(None);
        let _ = cert.certificate_type();
    }
    let _ = csrkit::cert::Parsed::from_bytes(data);
});
