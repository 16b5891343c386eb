//! HOTP (RFC 4226) and TOTP (RFC 6238) on hmac + sha1/sha2. Pure: the caller passes the time in.

use hmac::{Hmac, KeyInit, Mac};

/// TOTP time step X in seconds. Only the default is used: authenticator apps ignore other periods.
pub const STEP_SECONDS: i64 = 30;
pub const STEP_MS: i64 = STEP_SECONDS * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Sha1,
    Sha256,
    Sha512,
}

fn mac_bytes(alg: Algorithm, key: &[u8], msg: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length (long keys are hashed), so `new_from_slice` cannot fail for
    // these types; the fallback keeps the function total instead of panicking.
    macro_rules! run {
        ($d:ty) => {
            match <Hmac<$d> as KeyInit>::new_from_slice(key) {
                Ok(mut m) => {
                    m.update(msg);
                    m.finalize().into_bytes().to_vec()
                }
                Err(_) => Vec::new(),
            }
        };
    }
    match alg {
        Algorithm::Sha1 => run!(sha1::Sha1),
        Algorithm::Sha256 => run!(sha2::Sha256),
        Algorithm::Sha512 => run!(sha2::Sha512),
    }
}

/// HOTP value of `counter`: dynamic truncation (RFC 4226 §5.3) modulo 10^digits.
/// `digits` is clamped to 1..=9 so that the modulus fits a u32.
pub fn hotp_with(alg: Algorithm, key: &[u8], counter: u64, digits: u32) -> u32 {
    let digits = digits.clamp(1, 9);
    let h = mac_bytes(alg, key, &counter.to_be_bytes());
    let Some(&last) = h.last() else { return 0 };
    let o = (last & 0x0f) as usize;
    match h.get(o..o + 4) {
        Some(b) => u32::from_be_bytes([b[0] & 0x7f, b[1], b[2], b[3]]) % 10u32.pow(digits),
        None => 0,
    }
}

/// HOTP with HMAC-SHA-1, the only algorithm the phone test uses.
pub fn hotp(key: &[u8], counter: u64, digits: u32) -> u32 {
    hotp_with(Algorithm::Sha1, key, counter, digits)
}

/// The TOTP step T = floor(unix time / 30 s), for any sign of time (floor, not truncation).
pub fn step_of(unix_ms: i64) -> i64 {
    unix_ms.div_euclid(STEP_MS)
}

/// Milliseconds left in the step that contains `unix_ms` (1..=30000).
pub fn ms_left_in_step(unix_ms: i64) -> i64 {
    STEP_MS - unix_ms.rem_euclid(STEP_MS)
}

/// TOTP code of a step. Negative steps (before 1970) have no code; they map to counter 0.
pub fn totp_at_step(alg: Algorithm, key: &[u8], step: i64, digits: u32) -> u32 {
    hotp_with(alg, key, step.max(0) as u64, digits)
}

/// TOTP code at a Unix time in milliseconds.
pub fn totp(alg: Algorithm, key: &[u8], unix_ms: i64, digits: u32) -> u32 {
    totp_at_step(alg, key, step_of(unix_ms), digits)
}

/// A code as shown by apps: zero-padded to its length.
pub fn format_code(code: u32, digits: u32) -> String {
    format!("{:0width$}", code, width = digits.clamp(1, 9) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_floors_negative_times() {
        assert_eq!(step_of(59_000), 1);
        assert_eq!(step_of(-1), -1);
        assert_eq!(ms_left_in_step(0), 30_000);
        assert_eq!(ms_left_in_step(29_999), 1);
        assert_eq!(format_code(7, 6), "000007");
    }
}
