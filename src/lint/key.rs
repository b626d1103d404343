//! Key rules: RSA size, exponent and known-weak moduli (a prime factor under 752, Fermat
//! within 100 rounds, the ROCA fingerprint); the curves a CA takes; point validity; the
//! SubjectPublicKeyInfo's encoding.

use num_bigint::BigUint;

use super::lv::{E, N, O, W};
use super::{BASE, Facts, Profile, Rule};
use crate::keys::{Curve, KeyFault, KeyType};

pub(super) const RULES: &[Rule] = &[
    Rule {
        id: "key.ec_point_invalid",
        severity: [E, E, E, E, E, E],
        source: "BR 6.1.6; SP 800-56A 5.6.2.3",
        pkilint: Some("cabf.ecdsa_key_validation_failed"),
        summary: "An EC public key is a point of its curve.",
        advice: "the key is broken: make a new one",
        check: |f, _| match f.key.fault() {
            Some(KeyFault::PointNotOnCurve) => {
                vec![format!(
                    "the EC public key is not a point of {}",
                    curve_name(f.key.curve())
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_too_small",
        severity: [E, E, E, E, W, E],
        source: "BR 6.1.5",
        zlint: Some("e_rsa_mod_less_than_2048_bits"),
        pkilint: Some("cabf.rsa_modulus_invalid_length"),
        summary: "An RSA modulus has at least 2048 bits.",
        advice: "make an RSA key of 2048 bits or more, or an EC key",
        check: |f, _| match rsa(f) {
            Some((n, _)) if bits(n) < 2048 => {
                vec![format!("the RSA key has {} bits, under 2048", bits(n))]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_size_not_multiple_of_8",
        severity: [E, E, E, E, O, E],
        source: "BR 6.1.5",
        zlint: Some("e_mp_modulus_must_be_divisible_by_8"),
        pkilint: Some("cabf.rsa_modulus_invalid_length"),
        summary: "An RSA modulus's size in bits is a multiple of 8.",
        advice: "make a new key of 2048, 3072 or 4096 bits",
        check: |f, _| match rsa(f) {
            Some((n, _)) if !bits(n).is_multiple_of(8) => {
                vec![format!(
                    "the RSA key has {} bits, not a multiple of 8",
                    bits(n)
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_size_not_taken",
        severity: [O, E, E, E, O, O],
        source: "Alibaba UploadCsr; Huawei CCM; Boulder goodkey",
        summary: "The CA takes RSA keys of its sizes only (Alibaba 2048/3072/4096, Huawei 2048/4096, Let's Encrypt 2048/3072/4096).",
        advice: "make a key of a size the CA lists",
        check: |f, p| {
            let sizes: &[usize] = match p {
                Profile::Huawei => &[2048, 4096],
                _ => &[2048, 3072, 4096],
            };
            match rsa(f) {
                Some((n, _)) if bits(n) >= 2048 && !sizes.contains(&bits(n)) => vec![format!(
                    "an RSA key of {} bits: {} takes {}",
                    bits(n),
                    ca_name(p),
                    list(sizes)
                )],
                _ => Vec::new(),
            }
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_exponent_invalid",
        severity: [E, E, E, E, E, E],
        source: "BR 6.1.6",
        zlint: Some("e_rsa_public_exponent_not_odd"),
        pkilint: Some("cabf.rsa_exponent_prohibited_value"),
        summary: "An RSA public exponent is odd and at least 3.",
        advice: "the key is broken: make a new one",
        check: |f, _| match rsa(f) {
            Some((_, e)) => {
                let v = BigUint::from_bytes_be(e);
                if !v.bit(0) || v < BigUint::from(3u32) {
                    vec![format!("the RSA public exponent {v} is even or under 3")]
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_exponent_range",
        severity: [W, W, W, E, O, W],
        source: "BR 6.1.6; Boulder goodkey",
        zlint: Some("w_rsa_public_exponent_not_in_range"),
        pkilint: Some("cabf.rsa_exponent_not_in_recommended_range"),
        summary: "An RSA public exponent is between 2^16+1 and 2^256-1.",
        advice: "make a new key with the exponent 65537",
        check: |f, _| match rsa(f) {
            Some((_, e)) => {
                let e = BigUint::from_bytes_be(e);
                let low = BigUint::from(65_537u32);
                if e < low || e.bits() > 256 {
                    vec![format!(
                        "the RSA public exponent {e} is outside 2^16+1 to 2^256-1"
                    )]
                } else {
                    Vec::new()
                }
            }
            None => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_exponent_not_65537",
        severity: [O, O, O, E, O, O],
        source: "Boulder goodkey",
        summary: "Let's Encrypt takes the RSA exponent 65537 only.",
        advice: "make a new key with the exponent 65537",
        check: |f, _| match rsa(f) {
            Some((_, e)) if trimmed(e) != [1, 0, 1] => {
                vec![format!(
                    "the RSA public exponent is {}, not 65537",
                    int_text(e)
                )]
            }
            _ => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_small_factor",
        severity: [E, E, E, E, E, E],
        source: "BR 6.1.6; Boulder goodkey",
        zlint: Some("w_rsa_mod_factors_smaller_than_752"),
        pkilint: Some("cabf.rsa_modulus_has_small_prime_factor"),
        summary: "An RSA modulus has no prime factor under 752.",
        advice: "the key is broken: make a new one",
        check: |f, _| match rsa(f).and_then(|(n, _)| small_factor(n)) {
            Some(p) => vec![format!("the RSA modulus is divisible by {p}")],
            None => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_fermat",
        severity: [E, E, E, E, E, E],
        source: "BR 6.1.1.3; Boulder goodkey",
        zlint: Some("e_rsa_fermat_factorization"),
        summary: "An RSA modulus cannot be factored by Fermat's method within 100 rounds (its primes are not close).",
        advice: "the key is broken (its primes are too close): make a new one",
        check: |f, _| match rsa(f).and_then(|(n, _)| fermat(n, 100)) {
            Some(round) => vec![format!(
                "the RSA modulus factors by Fermat's method in round {round}: its two primes are too close"
            )],
            None => Vec::new(),
        },
        ..BASE
    },
    Rule {
        id: "key.rsa_roca",
        severity: [E, E, E, E, E, E],
        source: "BR 6.1.1.3; Boulder goodkey",
        summary: "An RSA modulus does not have the ROCA fingerprint (CVE-2017-15361, Infineon RSALib).",
        advice: "the key came from vulnerable Infineon hardware: make a new one elsewhere",
        check: |f, _| {
            match rsa(f) {
            Some((n, _)) if is_roca(n) => vec![
                "the RSA modulus has the ROCA fingerprint (CVE-2017-15361): its primes can be recovered"
                    .to_string(),
            ],
            _ => Vec::new(),
        }
        },
        ..BASE
    },
    Rule {
        id: "key.curve_not_taken",
        severity: [O, E, E, E, O, O],
        source: "Alibaba UploadCsr; Huawei CCM; Boulder goodkey",
        summary: "The CA takes its curves only (Alibaba P-256, Huawei P-256/P-384, Let's Encrypt P-256/P-384).",
        advice: "make a P-256 key",
        check: |f, p| {
            let taken: &[Curve] = match p {
                Profile::Alibaba => &[Curve::P256],
                _ => &[Curve::P256, Curve::P384],
            };
            match f.key.curve() {
                Some(c) if f.key.key_type() == KeyType::Ecc && !taken.contains(&c) => {
                    vec![format!(
                        "an EC key on {}: {} takes {}",
                        curve_name(Some(c)),
                        ca_name(p),
                        taken
                            .iter()
                            .map(|c| curve_name(Some(*c)))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )]
                }
                _ => Vec::new(),
            }
        },
        ..BASE
    },
    Rule {
        id: "key.spki_encoding",
        severity: [E, O, O, E, O, O],
        source: "BR 7.1.3.1",
        zlint: Some("e_algorithm_identifier_improper_encoding"),
        pkilint: Some("cabf.serverauth.prohibited_subject_public_key_algorithm_encoding"),
        summary: "The SubjectPublicKeyInfo's algorithm is one of the encodings BR 7.1.3.1 lists (RSA with NULL, P-256, P-384, P-521 named curves).",
        advice: "make an RSA or a P-256/P-384 key",
        check: |f, _| {
            const ALLOWED: [&str; 4] = [
                "300d06092a864886f70d0101010500",
                "301306072a8648ce3d020106082a8648ce3d030107",
                "301006072a8648ce3d020106052b81040022",
                "301006072a8648ce3d020106052b81040023",
            ];
            let hex = crate::fingerprint::hex(&f.spki_algorithm);
            if f.spki_algorithm.is_empty() || ALLOWED.contains(&hex.as_str()) {
                Vec::new()
            } else {
                vec![format!(
                    "the public key's algorithm is encoded as {hex}, which BR 7.1.3.1 does not list"
                )]
            }
        },
        ..BASE
    },
    Rule {
        id: "key.p521",
        severity: [N, O, O, O, O, O],
        source: "BR 6.1.5; browsers",
        summary: "P-521 is allowed by the BR but not taken by every browser (Chrome does not verify P-521 signatures).",
        advice: "prefer a P-256 or P-384 key",
        check: |f, _| match f.key.curve() {
            Some(Curve::P521) => vec!["a P-521 key: some clients do not support it".to_string()],
            _ => Vec::new(),
        },
        ..BASE
    },
];

fn rsa<'a>(f: &'a Facts<'_>) -> Option<(&'a [u8], &'a [u8])> {
    f.key.rsa_parts()
}

fn trimmed(b: &[u8]) -> &[u8] {
    let i = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[i..]
}

fn bits(n: &[u8]) -> usize {
    let n = trimmed(n);
    match n.first() {
        Some(b) => n.len() * 8 - b.leading_zeros() as usize,
        None => 0,
    }
}

fn int_text(b: &[u8]) -> String {
    BigUint::from_bytes_be(b).to_string()
}

fn list(sizes: &[usize]) -> String {
    sizes
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn ca_name(p: Profile) -> &'static str {
    match p {
        Profile::Cabf => "a public CA",
        Profile::Alibaba => "Alibaba Cloud CAS",
        Profile::Huawei => "Huawei Cloud CCM",
        Profile::LetsEncrypt => "Let's Encrypt",
        Profile::Private => "a private CA",
        Profile::Gm => "an SM2 CA",
    }
}

pub(super) fn curve_name(c: Option<Curve>) -> &'static str {
    match c {
        Some(Curve::P256) => "P-256",
        Some(Curve::P384) => "P-384",
        Some(Curve::P521) => "P-521",
        Some(Curve::Sm2) => "SM2",
        None => "its curve",
    }
}

/// The odd primes under 752 and 2.
const SMALL_PRIMES: [u32; 133] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193,
    197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307,
    311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421,
    431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541, 547,
    557, 563, 569, 571, 577, 587, 593, 599, 601, 607, 613, 617, 619, 631, 641, 643, 647, 653, 659,
    661, 673, 677, 683, 691, 701, 709, 719, 727, 733, 739, 743, 751,
];

/// `n mod p` for each of `primes`, for a big-endian `n`: the primes multiplied into
/// moduli under 2^32, `n` reduced once by each modulus 32 bits at a time, then by each
/// prime (a few thousand divisions for a 2048-bit `n`, not one per byte and prime).
fn residues(n: &[u8], primes: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(primes.len());
    let mut start = 0;
    while start < primes.len() {
        let mut m: u64 = 1;
        let mut end = start;
        while end < primes.len() && m * u64::from(primes[end]) < 1 << 32 {
            m *= u64::from(primes[end]);
            end += 1;
        }
        // The leading bytes that do not fill a 32-bit word, then word by word.
        let head = n.len() % 4;
        let mut r = n[..head].iter().fold(0u64, |r, &b| (r << 8) | u64::from(b)) % m;
        for w in n[head..].chunks_exact(4) {
            let w = u64::from(u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
            r = ((r << 32) | w) % m;
        }
        out.extend(
            primes[start..end]
                .iter()
                .map(|&p| (r % u64::from(p)) as u32),
        );
        start = end;
    }
    out
}

/// The smallest prime under 752 that divides the big-endian `n` (a modulus that is such
/// a prime itself is not counted).
///
/// ```
/// assert_eq!(csrkit::lint::small_factor(&[0x8f]), Some(11)); // 143 = 11 × 13
/// assert_eq!(csrkit::lint::small_factor(&[0x03, 0x25]), Some(5)); // 805 = 5 × 7 × 23
/// assert_eq!(csrkit::lint::small_factor(&[0x0b, 0xfb]), None); // 3067 is a prime over 752
/// ```
pub fn small_factor(n: &[u8]) -> Option<u32> {
    residues(n, &SMALL_PRIMES)
        .into_iter()
        .zip(SMALL_PRIMES)
        .find(|&(r, p)| r == 0 && BigUint::from_bytes_be(n) != BigUint::from(p))
        .map(|(_, p)| p)
}

/// The round (1-based) in which Fermat's method finds `n = a² − b²` starting from
/// `a = ⌈√n⌉`, within `rounds` rounds; `None` when it does not.
///
/// ```
/// // 3 × 47 = 141 = 25² − 22²: a runs 12, 13, …, 25.
/// assert_eq!(csrkit::lint::fermat(&[141], 100), Some(14));
/// assert_eq!(csrkit::lint::fermat(&[141], 13), None);
/// ```
pub fn fermat(n: &[u8], rounds: u32) -> Option<u32> {
    let n = BigUint::from_bytes_be(n);
    if n.bits() < 3 {
        return None;
    }
    let mut a = n.sqrt();
    if &a * &a < n {
        a += 1u32;
    }
    let mut b2 = &a * &a - &n;
    for round in 1..=rounds {
        if maybe_square(&b2) {
            let b = b2.sqrt();
            // A square, and a factorisation other than 1 × n.
            if &b * &b == b2 && &a - &b > BigUint::from(1u32) {
                return Some(round);
            }
        }
        // (a+1)² − n = a² − n + 2a + 1
        b2 += &a * 2u32 + 1u32;
        a += 1u32;
    }
    None
}

/// False when `x` is surely not a square: its residues modulo 64, 63 and 65 (a square
/// passes all three; about 1 number in 100 that is not one does).
fn maybe_square(x: &BigUint) -> bool {
    let r = |m: u32| -> u32 { (x % m).iter_u32_digits().next().unwrap_or(0) };
    let square_mod = |v: u32, m: u32| (0..m).any(|i| i * i % m == v);
    let (r64, r63, r65) = (r(64), r(63), r(65));
    square_mod(r64, 64) && square_mod(r63, 63) && square_mod(r65, 65)
}

/// The primes of ROCA's modulus `M` (Nemec et al., "The Return of Coppersmith's Attack",
/// CCS 2017): RSALib's primes are `k·M + (65537^a mod M)` with `M` the product of the
/// primes up to 167 (for 2048-bit keys; a divisor of it for other sizes), so a modulus
/// `n = p·q` is `65537^(a+b) mod M`: an element of the subgroup 65537 generates in
/// `(Z/M)*`. These are the primes of the authors' detector (`roca/detect.py`, `DlogFprint`).
const ROCA_PRIMES: [u32; 39] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// Whether `n` (big-endian) has the ROCA fingerprint (CVE-2017-15361): `n` is a power of
/// 65537 modulo `M`, the product of the primes from 2 to 167, as the authors' detector decides it
/// (its default, discrete-logarithm test). Moduli under 2^256 are not tested, as there.
///
/// Modulo each prime `p`, `n ≡ 65537^e_p` with `e_p` known modulo the order `o_p` of 65537;
/// `n` is a power of 65537 modulo `M` when one exponent fits them all, that is (the Chinese
/// remainder theorem for moduli that are not coprime) when `e_p ≡ e_q (mod gcd(o_p, o_q))`
/// for every pair. Testing each prime alone (the detector's older test) also flags moduli
/// that only look like RSALib's: the detector's `test_fake_mods` lists ten.
///
/// ```
/// use num_bigint::BigUint;
/// // 65537^40 is a power of 65537 modulo anything; over 2^256, it is tested.
/// let n = BigUint::from(65_537u32).pow(40);
/// assert!(csrkit::lint::is_roca(&n.to_bytes_be()));
/// // Twice it is even, and 65537's powers are odd.
/// assert!(!csrkit::lint::is_roca(&(n * 2u32).to_bytes_be()));
/// assert!(!csrkit::lint::is_roca(&[2]));
/// ```
pub fn is_roca(n: &[u8]) -> bool {
    let first = n.iter().position(|&b| b != 0).unwrap_or(n.len());
    let n = &n[first..];
    // Under 2^256 (fewer than 33 significant bytes): not a modulus the detector tests.
    if n.len() < 33 {
        return false;
    }
    let rs = residues(n, &ROCA_PRIMES);
    // (e_p, o_p) for each prime.
    let mut logs = [(0u32, 0u32); ROCA_PRIMES.len()];
    for (slot, (&p, r)) in logs.iter_mut().zip(ROCA_PRIMES.iter().zip(rs)) {
        let g = 65_537 % p;
        let one = 1 % p;
        let (mut x, mut k, mut log) = (one, 0u32, None);
        // Walk 65537's powers until they come back to 1 (within p − 1 steps): the order,
        // and the exponent at which the residue appears, if it does.
        loop {
            if log.is_none() && x == r {
                log = Some(k);
            }
            x = x * g % p;
            k += 1;
            if x == one {
                break;
            }
        }
        let Some(e) = log else {
            return false;
        };
        *slot = (e, k);
    }
    logs.iter().enumerate().all(|(i, &(e, o))| {
        logs[i + 1..].iter().all(|&(f, q)| {
            let d = gcd(o, q);
            e % d == f % d
        })
    })
}

fn gcd(mut a: u32, mut b: u32) -> u32 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residues_are_remainders() {
        // n = 2^2048 − 1 and a few others, against BigUint's remainder.
        for n in [
            vec![0xff; 256],
            vec![0x01; 257],
            vec![0x8f],
            (1u8..=200).collect(),
        ] {
            let big = BigUint::from_bytes_be(&n);
            let want: Vec<u32> = SMALL_PRIMES
                .iter()
                .map(|&p| (&big % p).iter_u32_digits().next().unwrap_or(0))
                .collect();
            assert_eq!(residues(&n, &SMALL_PRIMES), want);
        }
    }

    #[test]
    fn roca_doc_example() {
        // The lines of `is_roca`'s example.
        let n = BigUint::from(65_537u32).pow(40);
        assert!(is_roca(&n.to_bytes_be()));
        assert!(!is_roca(&(n * 2u32).to_bytes_be()));
        assert!(!is_roca(&[2]));
        // Under 2^256 the detector does not test: 65537^15 has 241 bits.
        assert!(!is_roca(&BigUint::from(65_537u32).pow(15).to_bytes_be()));
        // Leading zero bytes change nothing.
        let mut padded = vec![0, 0];
        padded.extend(BigUint::from(65_537u32).pow(40).to_bytes_be());
        assert!(is_roca(&padded));
    }

    #[test]
    fn arithmetic() {
        // 11 × 13 = 143: a small factor, and Fermat finds 12² − 1².
        assert_eq!(small_factor(&[143]), Some(11));
        assert_eq!(small_factor(&[11]), None);
        assert_eq!(fermat(&[143], 1), Some(1));
        // 3 × 47 = 141 is 25² − 22², and a starts at ⌈√141⌉ = 12: round 14.
        assert_eq!(fermat(&[141], 13), None);
        assert_eq!(fermat(&[141], 14), Some(14));
    }
}
