//! RFC 4514 distinguished names: parsing must not panic, and whatever parses
//! must print a string that parses again and prints the same string.
#![no_main]

use csrkit::names::DistinguishedName;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(dn) = DistinguishedName::parse_rfc4514(s) else {
        return;
    };
    let printed = dn.to_rfc4514();
    let reparsed = match DistinguishedName::parse_rfc4514(&printed) {
        Ok(r) => r,
        Err(e) => panic!("round trip: {s:?} parsed, printed as {printed:?}, which does not parse: {e}"),
    };
    let reprinted = reparsed.to_rfc4514();
    assert_eq!(
        printed, reprinted,
        "round trip: {s:?} printed as {printed:?}, reparsed and printed as {reprinted:?}"
    );
});
