//! The attestation object (WebAuthn §6.5): a CBOR map `{fmt: tstr, attStmt: map, authData: bstr}`.
//! The statement is not verified (a local test has no trust store); the page reports its format,
//! which keys it holds and how many certificates came with it.

use serde::{Deserialize, Serialize};

use super::authdata::{self, AuthData};
use super::bounded::{type_name, ErrorKind, Reader, Type};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attestation {
    /// `none`, `packed`, `fido-u2f`, `tpm`, `apple`, `android-key`...
    pub fmt: String,
    /// Whether `fmt` is one the spec registers.
    pub fmt_known: bool,
    /// Keys of the attestation statement, in order (`alg`, `sig`, `x5c`...).
    pub statement_keys: Vec<String>,
    /// Number of certificates in `x5c`, if present.
    pub certificates: usize,
    pub auth_data: AuthData,
}

/// Attestation formats registered by WebAuthn (spec §8).
pub const KNOWN_FORMATS: &[&str] = &[
    "packed",
    "tpm",
    "android-key",
    "android-safetynet",
    "fido-u2f",
    "none",
    "apple",
    "compound",
];

/// Larger than any attestation object with a certificate chain; anything bigger is refused before
/// decoding.
pub const MAX_LEN: usize = 256 * 1024;
const MAX_TOP_ENTRIES: u64 = 16;
const MAX_STMT_ENTRIES: u64 = 32;

pub fn parse(bytes: &[u8]) -> Result<Attestation, String> {
    if bytes.len() > MAX_LEN {
        return Err(format!(
            "attestation object is {} bytes, more than the {MAX_LEN} this tool reads",
            bytes.len()
        ));
    }
    let mut d = Reader::new(bytes);
    let len =
        match d.peek()? {
            Type::Map => d.map()?.unwrap_or(0),
            Type::MapIndef => return Err(
                "attestation object uses an indefinite-length map (CTAP2 requires canonical CBOR)"
                    .into(),
            ),
            t => {
                return Err(format!(
                    "attestation object must be a CBOR map, found {} at byte 0",
                    type_name(t)
                ))
            }
        };
    if len > MAX_TOP_ENTRIES {
        return Err(format!(
            "attestation object claims {len} entries (3 expected)"
        ));
    }
    let (mut fmt, mut keys, mut certs, mut auth) = (None, None, 0usize, None);
    for _ in 0..len {
        let key = match d.peek()? {
            Type::String => d.str()?,
            _ => {
                // Not a text key: skip the key and its value; unknown entries are tolerated.
                d.skip()?;
                d.skip()?;
                continue;
            }
        };
        let vat = d.position();
        match key {
            "fmt" => {
                let f = d.str().map_err(|e| match e.kind {
                    ErrorKind::Expected { .. } => {
                        format!("\"fmt\" at byte {vat} is not a text string")
                    }
                    _ => format!("\"fmt\": {e}"),
                })?;
                fmt = Some(f.to_string());
            }
            "attStmt" => {
                let (k, c) = statement(&mut d)?;
                keys = Some(k);
                certs = c;
            }
            "authData" => {
                let b = d.bytes().map_err(|e| {
                    format!(
                        "\"authData\" at byte {vat}: {}",
                        if e.is_truncated() {
                            format!("truncated (the object is {} bytes)", bytes.len())
                        } else {
                            "not a byte string".into()
                        }
                    )
                })?;
                auth = Some(authdata::parse(b).map_err(|e| e.to_string())?);
            }
            _ => d.skip()?,
        }
    }
    if d.position() < bytes.len() {
        return Err(format!(
            "{} unexpected bytes after the attestation object (from byte {})",
            bytes.len() - d.position(),
            d.position()
        ));
    }
    let fmt = fmt.ok_or("attestation object has no \"fmt\"")?;
    let statement_keys = keys.ok_or("attestation object has no \"attStmt\"")?;
    let auth_data = auth.ok_or("attestation object has no \"authData\"")?;
    if fmt == "none" && !statement_keys.is_empty() {
        return Err("format \"none\" must have an empty attestation statement".into());
    }
    if auth_data.attested.is_none() {
        return Err(
            "authenticator data of a registration lacks attested credential data (AT flag not set)"
                .into(),
        );
    }
    Ok(Attestation {
        fmt_known: KNOWN_FORMATS.contains(&fmt.as_str()),
        fmt,
        statement_keys,
        certificates: certs,
        auth_data,
    })
}

/// Reads the attestation statement's keys and counts x5c certificates, skipping everything else.
fn statement(d: &mut Reader<'_>) -> Result<(Vec<String>, usize), String> {
    let at = d.position();
    let len = match d.peek()? {
        Type::Map => d.map()?.unwrap_or(0),
        // Some formats (compound) use an array; record it without interpreting.
        Type::Array | Type::ArrayIndef => {
            d.skip()?;
            return Ok((vec!["[array]".into()], 0));
        }
        t => {
            let t = type_name(t);
            return Err(format!("\"attStmt\" at byte {at} must be a map, found {t}"));
        }
    };
    if len > MAX_STMT_ENTRIES {
        return Err(format!("\"attStmt\" claims {len} entries"));
    }
    let (mut keys, mut certs) = (Vec::new(), 0);
    for _ in 0..len {
        let k = match d.peek()? {
            Type::String => d.str()?.to_string(),
            _ => {
                d.skip()?;
                "[non-text key]".into()
            }
        };
        if k == "x5c" && matches!(d.peek(), Ok(Type::Array)) {
            let n = d.array()?.unwrap_or(0);
            for _ in 0..n {
                d.bytes().map_err(|e| format!("x5c certificate: {e}"))?;
                certs += 1;
            }
        } else {
            d.skip()?;
        }
        keys.push(k);
    }
    Ok((keys, certs))
}
