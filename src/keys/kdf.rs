//! Bounds on the key derivations that files ask for: a hostile file must not run for
//! minutes or take gigabytes before a password is even checked.

/// Most PBKDF2 iterations read from an encrypted key (OpenSSL writes 2 048, csrkit
/// 600 000): more would let a hostile file run for minutes.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// Most memory an scrypt key derivation read from an encrypted key may ask for
/// (128 · r · N bytes): 256 MiB. OpenSSL's default limit is 32 MiB.
pub const MAX_SCRYPT_MEMORY: u64 = 256 << 20;
