//! The cryptographic layer of XML-DSig verification: algorithm URIs, digests, public keys from a
//! certificate's SubjectPublicKeyInfo, and signature verification (RSA PKCS#1 v1.5, RSA-PSS,
//! ECDSA P-256/P-384). Only public-key operations: nothing here holds a secret, which is why the
//! RSA timing advisory RUSTSEC-2023-0071 (Marvin, private-key decryption) does not apply.

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};

use crate::saml::cert::SpkiKey;

/// RSA keys below this size are reported weak.
pub const RSA_WEAK_BITS: u32 = 2048;
/// RSA keys below this size are never trusted (a 512-bit key is factored in hours).
pub const RSA_MIN_TRUSTED_BITS: u32 = 1024;
/// Larger moduli are refused: verification time grows with the square of the size.
pub const RSA_MAX_BITS: u32 = 16384;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestAlg {
    Sha1,
    Sha256,
    Sha384,
    Sha512,
}

impl DigestAlg {
    /// The XML-DSig / XML-Enc DigestMethod URIs.
    pub fn from_uri(uri: &str) -> Option<DigestAlg> {
        Some(match uri {
            "http://www.w3.org/2000/09/xmldsig#sha1" => DigestAlg::Sha1,
            "http://www.w3.org/2001/04/xmlenc#sha256" => DigestAlg::Sha256,
            "http://www.w3.org/2001/04/xmldsig-more#sha384" => DigestAlg::Sha384,
            "http://www.w3.org/2001/04/xmlenc#sha512" => DigestAlg::Sha512,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            DigestAlg::Sha1 => "SHA-1",
            DigestAlg::Sha256 => "SHA-256",
            DigestAlg::Sha384 => "SHA-384",
            DigestAlg::Sha512 => "SHA-512",
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            DigestAlg::Sha1 => chunked::<Sha1>(data),
            DigestAlg::Sha256 => chunked::<Sha256>(data),
            DigestAlg::Sha384 => chunked::<Sha384>(data),
            DigestAlg::Sha512 => chunked::<Sha512>(data),
        }
    }
}

/// Bytes fed to a digest per call. The same digest as one call, but the block function is entered
/// once per chunk instead of once for the whole input: V8 replaces a wasm function's baseline code
/// by optimized code only between calls, so one 10 MB call in a fresh engine instance ran entirely
/// in baseline code (about 1 s of the first analysis of a 10 MB response; a few ms once optimized).
const DIGEST_CHUNK: usize = 64 * 1024;

fn chunked<D: Digest>(data: &[u8]) -> Vec<u8> {
    let mut d = D::new();
    for chunk in data.chunks(DIGEST_CHUNK) {
        d.update(chunk);
    }
    d.finalize().to_vec()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa,
    RsaPss,
    Ecdsa,
}

/// A SignatureMethod: key type and digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigAlg {
    pub key: KeyType,
    pub digest: DigestAlg,
}

/// Why a SignatureMethod URI cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SigAlgError {
    /// HMAC: a shared secret, never acceptable for a SAML message from an identity provider.
    Hmac,
    /// Anything else (DSA, RSA-PSS with parameters, GOST, ...).
    Unknown,
}

impl SigAlg {
    pub fn from_uri(uri: &str) -> Result<SigAlg, SigAlgError> {
        use DigestAlg::*;
        use KeyType::*;
        let (key, digest) = match uri {
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1" => (Rsa, Sha1),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256" => (Rsa, Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384" => (Rsa, Sha384),
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512" => (Rsa, Sha512),
            // RFC 6931 §2.3.10 / XML-DSig 1.1: RSASSA-PSS, MGF1 with the same digest, salt length
            // = digest length, trailer field 1.
            "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1" => (RsaPss, Sha1),
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1" => (RsaPss, Sha256),
            "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1" => (RsaPss, Sha384),
            "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1" => (RsaPss, Sha512),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1" => (Ecdsa, Sha1),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256" => (Ecdsa, Sha256),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384" => (Ecdsa, Sha384),
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512" => (Ecdsa, Sha512),
            u if u.contains("hmac") => return Err(SigAlgError::Hmac),
            _ => return Err(SigAlgError::Unknown),
        };
        Ok(SigAlg { key, digest })
    }

    pub fn name(self) -> String {
        let k = match self.key {
            KeyType::Rsa => "RSA PKCS#1 v1.5",
            KeyType::RsaPss => "RSA-PSS (MGF1)",
            KeyType::Ecdsa => "ECDSA",
        };
        format!("{k} with {}", self.digest.name())
    }
}

/// A public key ready to verify.
#[derive(Debug, Clone)]
pub enum Key {
    Rsa { key: rsa::PublicKey, bits: u32 },
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
}

impl Key {
    /// "RSA 2048", "EC P-256".
    pub fn label(&self) -> String {
        match self {
            Key::Rsa { bits, .. } => format!("RSA {bits}"),
            Key::P256(_) => "EC P-256".into(),
            Key::P384(_) => "EC P-384".into(),
        }
    }

    /// Why the key is weak, if it is.
    pub fn weakness(&self) -> Option<String> {
        match self {
            Key::Rsa { bits, .. } if *bits < RSA_MIN_TRUSTED_BITS => Some(format!(
                "an RSA key of {bits} bits can be factored by anyone: a signature made with it proves nothing, so it is never trusted"
            )),
            Key::Rsa { bits, .. } if *bits < RSA_WEAK_BITS => Some(format!(
                "an RSA key of {bits} bits is weak (below {RSA_WEAK_BITS} bits); replace the signing certificate"
            )),
            _ => None,
        }
    }

    /// False for keys whose signatures prove nothing.
    pub fn trustworthy(&self) -> bool {
        !matches!(self, Key::Rsa { bits, .. } if *bits < RSA_MIN_TRUSTED_BITS)
    }
}

fn bit_len(b: &[u8]) -> u32 {
    match b.first() {
        Some(&lead) => (b.len() as u32 - 1) * 8 + (8 - lead.leading_zeros()),
        None => 0,
    }
}

/// Builds a verifying key from a certificate's public key.
pub fn key_from_spki(spki: &SpkiKey) -> Result<Key, String> {
    match spki {
        SpkiKey::Rsa { n, e } => {
            // Checked on the bytes before any big-number work: a huge modulus costs nothing here.
            let bits = if n.len() > (RSA_MAX_BITS as usize / 8) + 1 {
                u32::MAX
            } else {
                bit_len(n)
            };
            if bits > RSA_MAX_BITS {
                return Err(format!(
                    "the RSA modulus is larger than {RSA_MAX_BITS} bits ({} bytes); refused",
                    n.len()
                ));
            }
            if bits < 512 {
                return Err(format!("the RSA modulus has only {bits} bits"));
            }
            let nb = rsa::BoxedUint::from_be_slice_vartime(n);
            let eb = rsa::BoxedUint::from_be_slice_vartime(e);
            let key = rsa::PublicKey::new_with_size_limits(nb, eb, 512..=RSA_MAX_BITS as usize)
                .map_err(|e| format!("the RSA public key is invalid: {e}"))?;
            Ok(Key::Rsa { key, bits })
        }
        SpkiKey::Ec { curve_oid, point } => match curve_oid.as_str() {
            "1.2.840.10045.3.1.7" => p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(Key::P256)
                .map_err(|_| "the P-256 public key is not a valid curve point".into()),
            "1.3.132.0.34" => p384::ecdsa::VerifyingKey::from_sec1_bytes(point)
                .map(Key::P384)
                .map_err(|_| "the P-384 public key is not a valid curve point".into()),
            "1.3.132.0.35" => Err("EC P-521 keys are not supported".into()),
            other => Err(format!("the EC curve {other} is not supported")),
        },
        SpkiKey::Other(oid) => Err(format!("the key algorithm {oid} is not supported")),
    }
}

/// Builds a verifying key from a DER certificate.
pub fn key_from_cert(der: &[u8]) -> Result<Key, String> {
    key_from_spki(&crate::saml::cert::public_key(der)?)
}

/// Verifies `sig` over `signed` (the canonical SignedInfo, or the redirect binding's query) with
/// `alg` and `key`. The algorithm must match the key type: an RSA key never verifies an ECDSA
/// URI and the reverse.
pub fn verify(alg: SigAlg, key: &Key, signed: &[u8], sig: &[u8]) -> Result<(), String> {
    let hashed = alg.digest.digest(signed);
    match (alg.key, key) {
        (KeyType::Rsa, Key::Rsa { key, .. }) => {
            let scheme = match alg.digest {
                DigestAlg::Sha1 => rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha1>(),
                DigestAlg::Sha256 => rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha256>(),
                DigestAlg::Sha384 => rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha384>(),
                DigestAlg::Sha512 => rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha512>(),
            };
            key.verify(scheme, &hashed, sig)
                .map_err(|_| "the RSA signature does not verify with this key".into())
        }
        (KeyType::RsaPss, Key::Rsa { key, .. }) => {
            let r = match alg.digest {
                DigestAlg::Sha1 => key.verify(rsa::pss::Pss::<Sha1>::new(), &hashed, sig),
                DigestAlg::Sha256 => key.verify(rsa::pss::Pss::<Sha256>::new(), &hashed, sig),
                DigestAlg::Sha384 => key.verify(rsa::pss::Pss::<Sha384>::new(), &hashed, sig),
                DigestAlg::Sha512 => key.verify(rsa::pss::Pss::<Sha512>::new(), &hashed, sig),
            };
            r.map_err(|_| "the RSA-PSS signature does not verify with this key".into())
        }
        (KeyType::Ecdsa, Key::P256(vk)) => {
            use p256::ecdsa::signature::hazmat::PrehashVerifier;
            let s = p256::ecdsa::Signature::from_slice(sig).map_err(|_| {
                format!(
                    "an ECDSA P-256 SignatureValue is 64 bytes (r||s), this one has {}",
                    sig.len()
                )
            })?;
            vk.verify_prehash(&hashed, &s)
                .map_err(|_| "the ECDSA signature does not verify with this key".into())
        }
        (KeyType::Ecdsa, Key::P384(vk)) => {
            use p384::ecdsa::signature::hazmat::PrehashVerifier;
            let s = p384::ecdsa::Signature::from_slice(sig).map_err(|_| {
                format!(
                    "an ECDSA P-384 SignatureValue is 96 bytes (r||s), this one has {}",
                    sig.len()
                )
            })?;
            vk.verify_prehash(&hashed, &s)
                .map_err(|_| "the ECDSA signature does not verify with this key".into())
        }
        (a, k) => Err(format!(
            "the SignatureMethod is {} but the certificate holds an {} key; the algorithm must match the key type",
            alg.name(),
            match a {
                _ if matches!(k, Key::Rsa { .. }) => "RSA",
                _ => "EC",
            }
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(
            SigAlg::from_uri("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
            Ok(SigAlg {
                key: KeyType::Rsa,
                digest: DigestAlg::Sha256
            })
        );
        assert_eq!(
            SigAlg::from_uri("http://www.w3.org/2000/09/xmldsig#hmac-sha1"),
            Err(SigAlgError::Hmac)
        );
        assert_eq!(
            SigAlg::from_uri("http://www.w3.org/2000/09/xmldsig#dsa-sha1"),
            Err(SigAlgError::Unknown)
        );
        assert_eq!(
            DigestAlg::from_uri("http://www.w3.org/2001/04/xmlenc#sha512"),
            Some(DigestAlg::Sha512)
        );
        assert_eq!(DigestAlg::Sha1.digest(b"abc").len(), 20);
    }

    #[test]
    fn huge_modulus_refused_cheaply() {
        let n = vec![0xFFu8; 300_000];
        let e = vec![1, 0, 1];
        let err = key_from_spki(&SpkiKey::Rsa { n, e }).unwrap_err();
        assert!(err.contains("larger than 16384 bits"), "{err}");
    }
}
