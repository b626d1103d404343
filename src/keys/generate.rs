//! New keys, from the operating system's random number generator.

use getrandom::SysRng;

use super::algorithm::KeyAlgorithm;
use super::private::PrivateKey;
use crate::error::{Error, Result};

impl PrivateKey {
    /// Generates a new key from the operating system's random number generator.
    pub fn generate(algorithm: KeyAlgorithm) -> Result<Self> {
        use elliptic_curve::Generate;
        let mut rng = SysRng;
        match algorithm {
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => {
                let bits = algorithm.key_size() as usize;
                let key = rsa::PrivateKey::new(&mut rng, bits).map_err(|e| match e {
                    rsa::Error::Rng => Error::Rng,
                    _ => Error::InvalidKey("RSA key generation failed"),
                })?;
                Self::from_rsa(key)
            }
            // One fixed-base scalar multiplication per key: the signing key computes its
            // verifying key once, and the public key is taken from it.
            KeyAlgorithm::EccP256 => Self::from_p256(
                p256::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(|_| Error::Rng)?,
            ),
            KeyAlgorithm::EccP384 => Self::from_p384(
                p384::ecdsa::SigningKey::try_generate_from_rng(&mut rng).map_err(|_| Error::Rng)?,
            ),
            KeyAlgorithm::Sm2 => {
                let sk = sm2::SecretKey::try_generate_from_rng(&mut rng).map_err(|_| Error::Rng)?;
                Self::from_sm2(&sk)
            }
        }
    }
}
