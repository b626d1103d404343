//! Raw DER: one tag-length-value at a time, kept byte for byte.
//!
//! The `der` crate decodes into types, and some of what certificates hold has no type
//! there: a name value in `UniversalString` (tag 28) or another universal tag `der` does
//! not know, and validity dates before 1970 (`der`'s `DateTime` starts at the epoch).
//! OpenSSL reads both, so csrkit walks those parts itself, here: definite lengths in
//! their shortest form (DER), low tag numbers, and nothing else. The same bytes are what
//! a renewed CSR carries over (a subject byte for byte).

use crate::error::{DerProblem, Error, Result};

/// One DER element: its tag byte, its content, and all of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    /// The identifier octet (class, constructed bit, tag number below 31).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// Identifier, length and content: the element as it stands.
    pub raw: &'a [u8],
}

/// DER tag bytes used here.
pub(crate) mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const ENUMERATED: u8 = 0x0a;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;
}

pub(crate) fn bad(kind: &str) -> Error {
    Error::Der(DerProblem {
        kind: kind.to_string(),
        position: None,
    })
}

/// Reads the element at the start of `input`; returns it and what follows it.
pub(crate) fn read(input: &[u8]) -> Result<(Tlv<'_>, &[u8])> {
    read_with(input, false)
}

fn read_with(input: &[u8], high_tags: bool) -> Result<(Tlv<'_>, &[u8])> {
    let (&tag, mut rest) = input
        .split_first()
        .ok_or_else(|| bad("truncated element"))?;
    if tag & 0x1f == 0x1f {
        if !high_tags {
            return Err(bad("high tag numbers are not expected here"));
        }
        // The number's octets: bit 8 set on all but the last; no leading 0x80 (DER);
        // at most 4 of them (a number under 2^28), and 31 or more.
        let mut number: u32 = 0;
        let mut n = 0;
        loop {
            let (&b, after) = rest.split_first().ok_or_else(|| bad("truncated tag"))?;
            rest = after;
            if n == 0 && b == 0x80 {
                return Err(bad("non-minimal tag number"));
            }
            n += 1;
            if n > 4 {
                return Err(bad("tag number too large"));
            }
            number = (number << 7) | u32::from(b & 0x7f);
            if b & 0x80 == 0 {
                break;
            }
        }
        if number < 31 {
            return Err(bad("non-minimal tag number"));
        }
    }
    let (&first, rest) = rest.split_first().ok_or_else(|| bad("truncated length"))?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 {
            return Err(bad("indefinite length (BER, not DER)"));
        }
        if n > 4 || rest.len() < n {
            return Err(bad("length too long"));
        }
        let (bytes, rest) = rest.split_at(n);
        if bytes[0] == 0 {
            return Err(bad("non-minimal length"));
        }
        let len = bytes.iter().fold(0usize, |acc, &b| (acc << 8) | b as usize);
        if len < 0x80 {
            return Err(bad("non-minimal length"));
        }
        (len, rest)
    };
    if rest.len() < len {
        return Err(bad("truncated element"));
    }
    let header = input.len() - rest.len();
    let (content, after) = rest.split_at(len);
    Ok((
        Tlv {
            tag,
            content,
            raw: &input[..header + len],
        },
        after,
    ))
}

/// Reads exactly one element of `tag` that fills `input`.
pub(crate) fn read_one(input: &[u8], tag: u8) -> Result<Tlv<'_>> {
    let (t, rest) = read(input)?;
    if t.tag != tag {
        return Err(bad("unexpected tag"));
    }
    if !rest.is_empty() {
        return Err(bad("trailing data"));
    }
    Ok(t)
}

/// The elements of a constructed element's content, in order.
pub(crate) fn children(content: &[u8]) -> Children<'_> {
    Children {
        rest: content,
        high_tags: false,
    }
}

/// [`children`] that also takes a tag number of 31 or more (X.690 8.1.2.4: the
/// identifier octet's number bits all 1, then the number in base 128, shortest form), as
/// OpenSSL and `cryptography` read an attribute value of a type neither knows. The
/// [`Tlv::tag`] is then the first identifier octet.
pub(crate) fn children_any_tag(content: &[u8]) -> Children<'_> {
    Children {
        rest: content,
        high_tags: true,
    }
}

/// Iterator of [`children`].
pub(crate) struct Children<'a> {
    rest: &'a [u8],
    high_tags: bool,
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<Tlv<'a>>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match read_with(self.rest, self.high_tags) {
            Ok((t, rest)) => {
                self.rest = rest;
                Some(Ok(t))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// The elements of a constructed element's content read one after the other, each
/// where the structure expects it: `what` names the part in errors.
pub(crate) struct Seq<'a> {
    rest: &'a [u8],
}

impl<'a> Seq<'a> {
    /// The elements of `content`.
    pub fn new(content: &'a [u8]) -> Self {
        Seq { rest: content }
    }

    /// The next element, which must be there and carry `tag`.
    pub fn next(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>> {
        if self.rest.is_empty() {
            return Err(bad(&format!("{what} is missing")));
        }
        let (t, rest) = read(self.rest)?;
        if t.tag != tag {
            return Err(bad(&format!(
                "{what} has tag 0x{:02x}, not 0x{tag:02x}",
                t.tag
            )));
        }
        self.rest = rest;
        Ok(t)
    }

    /// The next element when it carries `tag` (an OPTIONAL or DEFAULT component).
    pub fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>> {
        if self.rest.first() != Some(&tag) {
            return Ok(None);
        }
        let (t, rest) = read(self.rest)?;
        self.rest = rest;
        Ok(Some(t))
    }

    /// The next element whatever its tag, when there is one (an `ANY DEFINED BY`).
    pub fn any(&mut self) -> Result<Option<Tlv<'a>>> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let (t, rest) = read(self.rest)?;
        self.rest = rest;
        Ok(Some(t))
    }

    /// Nothing may follow the last component of `what`.
    pub fn end(&self, what: &str) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(bad(&format!("{what} has more elements than it holds")))
        }
    }
}

/// The content of an `INTEGER` (or `ENUMERATED`) in its shortest two's-complement form:
/// not empty, no leading `00` before a byte under `0x80`, no leading `ff` before one of
/// `0x80` and over (X.690 8.3.2).
pub(crate) fn integer<'a>(t: &Tlv<'a>, what: &str) -> Result<&'a [u8]> {
    match t.content {
        [] => Err(bad(&format!("{what} is an empty INTEGER"))),
        [0x00, b, ..] if b & 0x80 == 0 => Err(bad(&format!("{what} is a non-minimal INTEGER"))),
        [0xff, b, ..] if b & 0x80 != 0 => Err(bad(&format!("{what} is a non-minimal INTEGER"))),
        c => Ok(c),
    }
}

/// A `BIT STRING`: the number of unused bits (0 to 7, and 0 when there is no bit) and
/// the bytes.
pub(crate) fn bit_string<'a>(t: &Tlv<'a>, what: &str) -> Result<(u8, &'a [u8])> {
    match t.content {
        [unused, bytes @ ..] if *unused <= 7 && (!bytes.is_empty() || *unused == 0) => {
            Ok((*unused, bytes))
        }
        _ => Err(bad(&format!("{what} is a malformed BIT STRING"))),
    }
}

/// An `OBJECT IDENTIFIER` by X.690's rules.
pub(crate) fn oid(t: &Tlv<'_>) -> Result<crate::oid::Oid> {
    crate::oid::Oid::from_der_content(t.content)
}

/// A `BOOLEAN` as DER writes it: one octet, `00` or `ff`.
pub(crate) fn boolean(t: &Tlv<'_>, what: &str) -> Result<bool> {
    match t.content {
        [0x00] => Ok(false),
        [0xff] => Ok(true),
        _ => Err(bad(&format!("{what} is not a DER BOOLEAN"))),
    }
}

/// The checks OpenSSL and `cryptography` both make of an element whose type the
/// structure leaves open (`ANY`: algorithm parameters, attribute values): a universal
/// type in its only DER form (SEQUENCE and SET constructed, the others primitive), and
/// the content rules of INTEGER, ENUMERATED, BOOLEAN, NULL, BIT STRING and OBJECT
/// IDENTIFIER. What a constructed element holds is not walked: neither peer walks it.
pub(crate) fn check_any(t: &Tlv<'_>, what: &str) -> Result<()> {
    if t.tag & 0xc0 != 0 {
        return Ok(());
    }
    let constructed = t.tag & 0x20 != 0;
    let number = t.tag & 0x1f;
    if constructed != matches!(number, 0x10 | 0x11) {
        return Err(bad(&format!(
            "{what} is a universal type 0x{:02x} in a form DER does not allow",
            t.tag
        )));
    }
    match t.tag {
        tag::INTEGER | tag::ENUMERATED => integer(t, what).map(|_| ()),
        tag::BOOLEAN if t.content.len() != 1 => Err(bad(&format!("{what} is a malformed BOOLEAN"))),
        tag::NULL if !t.content.is_empty() => Err(bad(&format!("{what} is a NULL with content"))),
        tag::BIT_STRING => bit_string(t, what).map(|_| ()),
        tag::OID => oid(t).map(|_| ()),
        0x00 => Err(bad(&format!("{what} is an end-of-contents marker"))),
        _ => Ok(()),
    }
}

/// Encodes one element: `tag`, the shortest definite length, `content`.
pub(crate) fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes = n.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// Milliseconds since the Unix epoch of a `UTCTime` or `GeneralizedTime` element (the
/// `Time` of RFC 5280 4.1.2.5): UTCTime years 50–99 are 1950–1999, 00–49 are
/// 2000–2049; GeneralizedTime any year from 0 to 9999. Negative before 1970.
///
/// As OpenSSL reads them: `Z`, or an offset `+hhmm`/`-hhmm`; UTCTime may leave out the
/// seconds; GeneralizedTime may carry a fraction of a second.
pub(crate) fn time_ms(t: &Tlv<'_>) -> Result<i64> {
    let s = std::str::from_utf8(t.content).map_err(|_| bad("time is not ASCII"))?;
    let digits = |from: usize, n: usize| -> Result<i64> {
        let part = s.get(from..from + n).ok_or_else(|| bad("time too short"))?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("time holds a non-digit"));
        }
        part.parse::<i64>().map_err(|_| bad("bad time"))
    };
    let (year, mut i) = match t.tag {
        tag::UTC_TIME => {
            let yy = digits(0, 2)?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, 2)
        }
        tag::GENERALIZED_TIME => (digits(0, 4)?, 4),
        _ => return Err(bad("validity time is neither UTCTime nor GeneralizedTime")),
    };
    let month = digits(i, 2)?;
    let day = digits(i + 2, 2)?;
    let hour = digits(i + 4, 2)?;
    let minute = digits(i + 6, 2)?;
    i += 8;
    let mut second = 0;
    if s.as_bytes().get(i).is_some_and(u8::is_ascii_digit) {
        second = digits(i, 2)?;
        i += 2;
    }
    let mut millis = 0;
    if t.tag == tag::GENERALIZED_TIME && matches!(s.as_bytes().get(i), Some(b'.' | b',')) {
        i += 1;
        let start = i;
        while s.as_bytes().get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let frac = &s[start..i];
        if frac.is_empty() {
            return Err(bad("empty fraction of a second"));
        }
        let three: String = frac.chars().chain("000".chars()).take(3).collect();
        millis = three.parse::<i64>().map_err(|_| bad("bad fraction"))?;
    }
    let offset_minutes = match s.as_bytes().get(i) {
        Some(b'Z') if i + 1 == s.len() => 0,
        Some(&sign @ (b'+' | b'-')) if i + 5 == s.len() => {
            let (h, m) = (digits(i + 1, 2)?, digits(i + 3, 2)?);
            if h > 23 || m > 59 {
                return Err(bad("time offset out of range"));
            }
            let m = h * 60 + m;
            if sign == b'+' { m } else { -m }
        }
        _ => return Err(bad("time without Z or offset")),
    };
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return Err(bad("month out of range")),
    };
    if day < 1 || day > days_in_month || hour > 23 || minute > 59 || second > 60 {
        return Err(bad("time out of range"));
    }
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Ok(secs * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(tag: u8, s: &str) -> Result<i64> {
        let raw = encode(tag, s.as_bytes());
        time_ms(&read_one(&raw, tag)?)
    }

    #[test]
    fn times_across_the_epoch_and_the_utctime_window() {
        // Values from Python: int(datetime(..., tzinfo=utc).timestamp() * 1000).
        assert_eq!(time(tag::UTC_TIME, "700101000000Z").unwrap(), 0);
        assert_eq!(
            time(tag::UTC_TIME, "500101000000Z").unwrap(),
            -631_152_000_000
        );
        assert_eq!(
            time(tag::UTC_TIME, "491231235959Z").unwrap(),
            2_524_607_999_000
        );
        assert_eq!(
            time(tag::UTC_TIME, "640229120000Z").unwrap(),
            -184_248_000_000
        );
        assert_eq!(
            time(tag::GENERALIZED_TIME, "99991231235959Z").unwrap(),
            253_402_300_799_000
        );
        assert_eq!(
            time(tag::GENERALIZED_TIME, "19691231235959.5Z").unwrap(),
            -500
        );
        assert_eq!(time(tag::UTC_TIME, "7001010100+0100").unwrap(), 0);
        for bad_time in [
            "701301000000Z",
            "700132000000Z",
            "7001010000",
            "700101000000+9999",
            "70010100000AZ",
        ] {
            assert!(time(tag::UTC_TIME, bad_time).is_err(), "{bad_time}");
        }
    }

    #[test]
    fn strict_der_lengths() {
        assert!(read(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]).is_err()); // non-minimal
        assert!(read(&[0x30, 0x80, 0, 0]).is_err()); // indefinite
        assert!(read(&[0x04, 0x03, 1]).is_err()); // truncated
        let big = encode(0x04, &[7u8; 300]);
        assert_eq!(&big[..4], &[0x04, 0x82, 0x01, 0x2c]);
        assert_eq!(read_one(&big, 0x04).unwrap().content.len(), 300);
    }
}
