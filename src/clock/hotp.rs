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
        Algorithm::Sha1 => hmac_sha1(key, msg).to_vec(),
        Algorithm::Sha256 => run!(sha2::Sha256),
        Algorithm::Sha512 => run!(sha2::Sha512),
    }
}

/// SHA-1 (FIPS 180-4) in loop form. HMAC-SHA-1 is the page's only TOTP algorithm, so a compact
/// version replaces the generic hmac + unrolled sha1 code in the wasm.
#[allow(clippy::needless_range_loop)]
fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&(data.len() as u64).wrapping_mul(8).to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (wi, c) in w.iter_mut().zip(block.chunks_exact(4)) {
            *wi = u32::from_be_bytes([c[0], c[1], c[2], c[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for i in 0..80 {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(w[i]);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (o, x) in out.chunks_exact_mut(4).zip(h) {
        o.copy_from_slice(&x.to_be_bytes());
    }
    out
}

/// HMAC-SHA-1 (RFC 2104) on the compact SHA-1; keys longer than the 64-byte block are hashed.
fn hmac_sha1(key: &[u8], msg: &[u8]) -> [u8; 20] {
    let mut k = [0u8; 64];
    if key.len() > 64 {
        k[..20].copy_from_slice(&sha1(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    inner.extend_from_slice(msg);
    let mut outer: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    outer.extend_from_slice(&sha1(&inner));
    sha1(&outer)
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
    fn compact_hmac_sha1_matches_hmac_crate() {
        let data: Vec<u8> = (0..200u32).map(|i| (i * 13 + 5) as u8).collect();
        for klen in [0, 1, 20, 63, 64, 65, 100] {
            for mlen in [0, 8, 55, 56, 64, 119, 200] {
                let (key, msg) = (&data[..klen], &data[..mlen]);
                let mut m = <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(key).unwrap();
                m.update(msg);
                assert_eq!(hmac_sha1(key, msg)[..], m.finalize().into_bytes()[..]);
            }
        }
    }

    #[test]
    fn step_floors_negative_times() {
        assert_eq!(step_of(59_000), 1);
        assert_eq!(step_of(-1), -1);
        assert_eq!(ms_left_in_step(0), 30_000);
        assert_eq!(ms_left_in_step(29_999), 1);
        assert_eq!(format_code(7, 6), "000007");
    }
}
