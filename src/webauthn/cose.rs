//! COSE_Key (RFC 9052/9053) as found in attested credential data: which algorithm and key type the
//! new credential uses. Only the public parameters' presence and sizes are checked; the key bytes
//! are not kept (nothing here needs them, and the report must not carry them).

use serde::{Deserialize, Serialize};

use super::bounded::{Reader, Type};

/// COSE algorithm identifiers a WebAuthn credential can use (IANA COSE Algorithms registry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Alg {
    Es256,
    Es384,
    Es512,
    EdDsa,
    Ed25519,
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Es256K,
    /// Not one we know: shown with its number, never guessed.
    Other(i64),
}

impl Alg {
    pub fn from_i64(v: i64) -> Alg {
        match v {
            -7 => Alg::Es256,
            -35 => Alg::Es384,
            -36 => Alg::Es512,
            -8 => Alg::EdDsa,
            -19 => Alg::Ed25519,
            -257 => Alg::Rs256,
            -258 => Alg::Rs384,
            -259 => Alg::Rs512,
            -37 => Alg::Ps256,
            -47 => Alg::Es256K,
            other => Alg::Other(other),
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Alg::Es256 => -7,
            Alg::Es384 => -35,
            Alg::Es512 => -36,
            Alg::EdDsa => -8,
            Alg::Ed25519 => -19,
            Alg::Rs256 => -257,
            Alg::Rs384 => -258,
            Alg::Rs512 => -259,
            Alg::Ps256 => -37,
            Alg::Es256K => -47,
            Alg::Other(v) => v,
        }
    }

    pub fn label(self) -> String {
        let name = match self {
            Alg::Es256 => "ES256 (ECDSA P-256, SHA-256)",
            Alg::Es384 => "ES384 (ECDSA P-384, SHA-384)",
            Alg::Es512 => "ES512 (ECDSA P-521, SHA-512)",
            Alg::EdDsa => "EdDSA",
            Alg::Ed25519 => "Ed25519",
            Alg::Rs256 => "RS256 (RSA PKCS#1 v1.5, SHA-256)",
            Alg::Rs384 => "RS384",
            Alg::Rs512 => "RS512",
            Alg::Ps256 => "PS256 (RSA-PSS)",
            Alg::Es256K => "ES256K (secp256k1)",
            Alg::Other(v) => return format!("unknown COSE algorithm {v}"),
        };
        format!("{name}, COSE {}", self.id())
    }

    /// The key type (COSE `kty`) the algorithm requires, when known.
    fn expected_kty(self) -> Option<i64> {
        match self {
            Alg::Es256 | Alg::Es384 | Alg::Es512 | Alg::Es256K => Some(KTY_EC2),
            Alg::EdDsa | Alg::Ed25519 => Some(KTY_OKP),
            Alg::Rs256 | Alg::Rs384 | Alg::Rs512 | Alg::Ps256 => Some(KTY_RSA),
            Alg::Other(_) => None,
        }
    }
}

const KTY_OKP: i64 = 1;
const KTY_EC2: i64 = 2;
const KTY_RSA: i64 = 3;

/// What the public key is, in words for the page ("EC2 P-256", "RSA 2048-bit"...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoseKey {
    pub alg: Alg,
    pub kty: i64,
    /// "EC2 P-256", "OKP Ed25519", "RSA 2048-bit".
    pub key_type: String,
    /// Bytes of CBOR the key occupied (extensions start right after).
    pub encoded_len: usize,
}

/// At most this many entries in a COSE key (an RSA key has 4, EC2 has 5).
const MAX_ENTRIES: u64 = 32;

/// Parses a COSE key starting at the reader's position. The reader's positions are offsets in the
/// enclosing authenticator data, so errors name the byte there.
pub(crate) fn parse(d: &mut Reader<'_>) -> Result<CoseKey, String> {
    let start = d.position();
    let len = d
        .map()
        .map_err(|e| format!("COSE key: {e}"))?
        .ok_or_else(|| {
            format!(
                "COSE key at byte {start} uses an indefinite-length map (CTAP2 requires canonical CBOR)"
            )
        })?;
    if len > MAX_ENTRIES {
        return Err(format!(
            "COSE key at byte {start} claims {len} entries (at most {MAX_ENTRIES} expected)"
        ));
    }
    let (mut kty, mut alg, mut crv) = (None, None, None);
    // Sizes of the -1/-2/-3 parameters: bytes for x/y/n/e; crv is an integer.
    let (mut p1_len, mut p2_len, mut p3_len) = (None, None, None);
    for _ in 0..len {
        let key_at = d.position();
        let key = d.int_key().map_err(|e| format!("COSE key: {e}"))?;
        let val_at = d.position();
        let int_val = |d: &mut Reader<'_>| {
            d.i64().map_err(|e| {
                if e.is_truncated() {
                    format!("COSE key: {e}")
                } else {
                    format!(
                        "COSE key: label at byte {key_at} needs an integer value (byte {val_at})"
                    )
                }
            })
        };
        let is_bytes = matches!(d.peek(), Ok(Type::Bytes));
        match key {
            Some(1) => kty = Some(int_val(d)?),
            Some(3) => alg = Some(int_val(d)?),
            // crv (EC2/OKP) is an integer, n (RSA) is bytes: decide by the CBOR type.
            Some(-1) if is_bytes => p1_len = Some(d.bytes()?.len()),
            Some(-1) => crv = Some(int_val(d)?),
            Some(-2) => p2_len = Some(d.bytes().map_err(|e| format!("COSE key -2: {e}"))?.len()),
            // y may be a boolean (compressed point sign) in COSE; WebAuthn sends bytes.
            Some(-3) if is_bytes => p3_len = Some(d.bytes()?.len()),
            _ => d.skip().map_err(|e| format!("COSE key: {e}"))?,
        }
    }
    let kty = kty.ok_or("COSE key has no key type (label 1)")?;
    let alg =
        Alg::from_i64(alg.ok_or("COSE key has no algorithm (label 3), which WebAuthn requires")?);
    if let Some(expected) = alg.expected_kty() {
        if expected != kty {
            return Err(format!(
                "COSE key type {kty} does not match algorithm {} (expects key type {expected})",
                alg.id()
            ));
        }
    }
    let key_type = match kty {
        KTY_EC2 => {
            let (name, size) = match crv.ok_or("EC2 key has no curve (label -1)")? {
                1 => ("P-256", 32),
                2 => ("P-384", 48),
                3 => ("P-521", 66),
                8 => ("secp256k1", 32),
                c => return Err(format!("EC2 key has unknown curve {c}")),
            };
            check_len("EC2 x (label -2)", p2_len, size)?;
            check_len("EC2 y (label -3)", p3_len, size)?;
            format!("EC2 {name}")
        }
        KTY_OKP => {
            let (name, size) = match crv.ok_or("OKP key has no curve (label -1)")? {
                6 => ("Ed25519", 32),
                7 => ("Ed448", 57),
                c => return Err(format!("OKP key has unknown curve {c}")),
            };
            check_len("OKP x (label -2)", p2_len, size)?;
            format!("OKP {name}")
        }
        KTY_RSA => {
            let n = p1_len.ok_or("RSA key has no modulus n (label -1)")?;
            p2_len.ok_or("RSA key has no exponent e (label -2)")?;
            format!("RSA {}-bit", n * 8)
        }
        other => format!("key type {other} (unknown)"),
    };
    Ok(CoseKey {
        alg,
        kty,
        key_type,
        encoded_len: d.position().saturating_sub(start),
    })
}

fn check_len(what: &str, got: Option<usize>, want: usize) -> Result<(), String> {
    match got {
        None => Err(format!("{what} is missing")),
        Some(n) if n != want => Err(format!("{what} is {n} bytes, expected {want}")),
        Some(_) => Ok(()),
    }
}
