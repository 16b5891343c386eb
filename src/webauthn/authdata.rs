//! Authenticator data (WebAuthn §6.1): rpIdHash 32 B | flags 1 B | signCount 4 B big-endian |
//! attested credential data (if AT) | extensions CBOR map (if ED). Parsed from untrusted bytes:
//! every failure is an error that names the byte where it happened, never a panic.

use serde::{Deserialize, Serialize};

use super::aaguid::Aaguid;
use super::bounded::{type_name, Reader, Type};
use super::cose::{self, CoseKey};

/// The flags byte. Bit 0 = least significant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flags(pub u8);

impl Flags {
    pub const UP: u8 = 1 << 0;
    pub const UV: u8 = 1 << 2;
    pub const BE: u8 = 1 << 3;
    pub const BS: u8 = 1 << 4;
    pub const AT: u8 = 1 << 6;
    pub const ED: u8 = 1 << 7;
    /// Bits 1 and 5 are reserved for future use and should be zero.
    pub const RFU: u8 = (1 << 1) | (1 << 5);

    pub fn up(self) -> bool {
        self.0 & Self::UP != 0
    }
    pub fn uv(self) -> bool {
        self.0 & Self::UV != 0
    }
    pub fn be(self) -> bool {
        self.0 & Self::BE != 0
    }
    pub fn bs(self) -> bool {
        self.0 & Self::BS != 0
    }
    pub fn at(self) -> bool {
        self.0 & Self::AT != 0
    }
    pub fn ed(self) -> bool {
        self.0 & Self::ED != 0
    }
    /// Reserved bits that are set (0 when the authenticator follows the spec).
    pub fn reserved(self) -> u8 {
        self.0 & Self::RFU
    }

    /// "UP UV AT" style list of the set flags, for the page and report.
    pub fn names(self) -> String {
        let mut v = Vec::new();
        for (on, n) in [
            (self.up(), "UP"),
            (self.uv(), "UV"),
            (self.be(), "BE"),
            (self.bs(), "BS"),
            (self.at(), "AT"),
            (self.ed(), "ED"),
        ] {
            if on {
                v.push(n);
            }
        }
        if self.reserved() != 0 {
            v.push("reserved");
        }
        if v.is_empty() {
            "none".into()
        } else {
            v.join(" ")
        }
    }
}

/// The parts of attested credential data the page shows. The credential id itself is not kept:
/// only its length, so nothing identifying reaches the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttestedCredential {
    #[serde(with = "aaguid_serde")]
    pub aaguid: Aaguid,
    pub credential_id_len: usize,
    pub public_key: CoseKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthData {
    pub rp_id_hash: [u8; 32],
    pub flags: Flags,
    pub sign_count: u32,
    pub attested: Option<AttestedCredential>,
    /// Length of the extensions map, when ED is set.
    pub extensions_len: Option<usize>,
}

/// Why authenticator data could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthDataError {
    /// Input ended early: `need` bytes were required at `at`, only `got` remained in total.
    Truncated {
        at: usize,
        what: &'static str,
        need: usize,
        len: usize,
    },
    /// Flags that contradict each other or the data.
    BadFlags(String),
    CredentialIdTooLong(usize),
    Cose(String),
    Extensions(String),
    TrailingBytes {
        at: usize,
        count: usize,
    },
}

impl std::fmt::Display for AuthDataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuthDataError::Truncated { at, what, need, len } => write!(
                f,
                "authenticator data truncated at byte {at}: {what} needs {need} more bytes, but the data is {len} bytes long"
            ),
            AuthDataError::BadFlags(s) => write!(f, "bad flag combination: {s}"),
            AuthDataError::CredentialIdTooLong(n) => write!(
                f,
                "credential id length {n} exceeds the 1023-byte maximum"
            ),
            AuthDataError::Cose(s) => write!(f, "credential public key: {s}"),
            AuthDataError::Extensions(s) => write!(f, "extensions: {s}"),
            AuthDataError::TrailingBytes { at, count } => write!(
                f,
                "{count} unexpected bytes after byte {at} (flags say no more data follows)"
            ),
        }
    }
}

impl std::error::Error for AuthDataError {}

/// Largest credential id WebAuthn allows.
pub const MAX_CREDENTIAL_ID: usize = 1023;
/// Far larger than any real authenticator data (a few hundred bytes, a few KB with big extensions).
pub const MAX_LEN: usize = 64 * 1024;

fn take<'a>(
    b: &'a [u8],
    at: usize,
    n: usize,
    what: &'static str,
) -> Result<&'a [u8], AuthDataError> {
    b.get(at..at.saturating_add(n))
        .ok_or(AuthDataError::Truncated {
            at,
            what,
            need: n,
            len: b.len(),
        })
}

pub fn parse(b: &[u8]) -> Result<AuthData, AuthDataError> {
    if b.len() > MAX_LEN {
        return Err(AuthDataError::Extensions(format!(
            "authenticator data is {} bytes, more than the {MAX_LEN} this tool reads",
            b.len()
        )));
    }
    let mut rp_id_hash = [0u8; 32];
    rp_id_hash.copy_from_slice(take(b, 0, 32, "rpIdHash")?);
    let flags = Flags(take(b, 32, 1, "flags")?[0]);
    let sc = take(b, 33, 4, "signCount")?;
    let sign_count = u32::from_be_bytes([sc[0], sc[1], sc[2], sc[3]]);
    // The spec: BS may only be set when BE is (a credential cannot be backed up if it is not
    // eligible for backup).
    if flags.bs() && !flags.be() {
        return Err(AuthDataError::BadFlags(
            "BS (backed up) is set without BE (backup eligible)".into(),
        ));
    }
    let mut pos = 37;
    let attested = if flags.at() {
        let mut a = [0u8; 16];
        a.copy_from_slice(take(b, pos, 16, "AAGUID")?);
        pos += 16;
        let l = take(b, pos, 2, "credentialIdLength")?;
        let id_len = u16::from_be_bytes([l[0], l[1]]) as usize;
        if id_len > MAX_CREDENTIAL_ID {
            return Err(AuthDataError::CredentialIdTooLong(id_len));
        }
        pos += 2;
        take(b, pos, id_len, "credentialId")?;
        pos += id_len;
        if pos >= b.len() {
            return Err(AuthDataError::Truncated {
                at: pos,
                what: "credentialPublicKey",
                need: 1,
                len: b.len(),
            });
        }
        let mut d = Reader::at(b, pos);
        let key = cose::parse(&mut d).map_err(AuthDataError::Cose)?;
        pos = d.position();
        Some(AttestedCredential {
            aaguid: Aaguid(a),
            credential_id_len: id_len,
            public_key: key,
        })
    } else {
        None
    };
    let extensions_len = if flags.ed() {
        if pos >= b.len() {
            return Err(AuthDataError::BadFlags(format!(
                "ED (extension data) is set but the data ends at byte {pos}"
            )));
        }
        let mut d = Reader::at(b, pos);
        match d.peek() {
            Ok(Type::Map | Type::MapIndef) => {}
            Ok(t) => {
                return Err(AuthDataError::Extensions(format!(
                    "expected a CBOR map at byte {pos}, found {}",
                    type_name(t)
                )))
            }
            Err(e) => return Err(AuthDataError::Extensions(e.to_string())),
        }
        d.skip()
            .map_err(|e| AuthDataError::Extensions(e.to_string()))?;
        let n = d.position().saturating_sub(pos);
        pos += n;
        Some(n)
    } else {
        None
    };
    if pos < b.len() {
        return Err(AuthDataError::TrailingBytes {
            at: pos,
            count: b.len() - pos,
        });
    }
    Ok(AuthData {
        rp_id_hash,
        flags,
        sign_count,
        attested,
        extensions_len,
    })
}

/// AAGUIDs serialise as their usual text form.
mod aaguid_serde {
    use super::Aaguid;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(a: &Aaguid, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(a)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Aaguid, D::Error> {
        let s = String::deserialize(d)?;
        let hex: String = s.chars().filter(|c| *c != '-').collect();
        let mut out = [0u8; 16];
        if hex.len() != 32 || !hex.is_ascii() {
            return Err(serde::de::Error::custom("AAGUID must be 32 hex digits"));
        }
        for (i, o) in out.iter_mut().enumerate() {
            *o =
                u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).map_err(serde::de::Error::custom)?;
        }
        Ok(Aaguid(out))
    }
}
