//! Base64 (standard and URL-safe) and Base32 (RFC 4648), kept small because the page downloads
//! every byte of code.
//!
//! Decoding accepts what the page accepted from the `base64` and `data-encoding` crates before this
//! module replaced them (tests compare the two on random input):
//! - base64: the whole text is symbols of one alphabet, optionally followed by padding that does not
//!   go past the end of the last group of four (`AB`, `AB=` and `AB==` all decode; `A`, `AB===`
//!   and `=` in the middle do not). With `strict`, the unused bits of the last symbol must be zero.
//! - base32: upper-case symbols, no padding, unused bits zero.
//!
//! Decoding never panics and allocates at most `len * 6 / 8` bytes. Errors name the character and
//! its position (1-based, in the text given).

use std::fmt;

struct Alphabet {
    name: &'static str,
    symbols: &'static [u8],
    /// Symbol value by byte; 255 for bytes outside the alphabet.
    values: [u8; 256],
}

impl Alphabet {
    const fn new(name: &'static str, symbols: &'static [u8]) -> Self {
        let mut values = [255; 256];
        let mut i = 0;
        while i < symbols.len() {
            values[symbols[i] as usize] = i as u8;
            i += 1;
        }
        Self {
            name,
            symbols,
            values,
        }
    }

    /// 6 bits per symbol for base64, 5 for base32.
    fn bits(&self) -> u32 {
        self.symbols.len().trailing_zeros()
    }
}

static BASE64: Alphabet = Alphabet::new(
    "base64",
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
);
static BASE64_URL: Alphabet = Alphabet::new(
    "URL-safe base64",
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
);
static BASE32: Alphabet = Alphabet::new("base32", b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");

/// Why a text did not decode. Shown to users inside findings, so it reads as words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A character outside the alphabet, or `=` where padding cannot be: encoding name, the
    /// character and its 1-based position.
    Char(&'static str, char, usize),
    /// The symbols (padding not counted) end with one that carries no whole byte: encoding name
    /// and the number of symbols.
    Length(&'static str, usize),
    /// The last symbol has unused bits set (strict decoding): encoding name, character, position.
    TrailingBits(&'static str, char, usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |f: &mut fmt::Formatter<'_>, c: char| {
            write!(f, "{c:?}")?;
            if !c.is_ascii_graphic() {
                write!(f, " (U+{:04X})", u32::from(c))?;
            }
            fmt::Result::Ok(())
        };
        match *self {
            Self::Char(_, '=', at) => write!(f, "unexpected padding '=' at position {at}"),
            Self::Char(name, c, at) => {
                write!(f, "invalid {name} character ")?;
                show(f, c)?;
                write!(f, " at position {at}")
            }
            Self::Length(name, n) => {
                write!(f, "invalid {name} length: {n} characters")?;
                if name != "base32" {
                    f.write_str(", one more than a multiple of 4")?;
                }
                Ok(())
            }
            Self::TrailingBits(name, c, at) => {
                write!(f, "invalid last {name} character ")?;
                show(f, c)?;
                write!(f, " at position {at}: its unused bits are not zero")
            }
        }
    }
}

fn encode(data: &[u8], alphabet: &Alphabet) -> String {
    let bits = alphabet.bits();
    let mut out = String::with_capacity(data.len() * 8 / bits as usize + 3);
    let mut put = |v: u32| {
        let i = (v & ((1 << bits) - 1)) as usize;
        out.push(char::from(alphabet.symbols.get(i).copied().unwrap_or(b'?')));
    };
    let (mut acc, mut n) = (0u32, 0u32);
    for &b in data {
        acc = acc << 8 | u32::from(b);
        n += 8;
        while n >= bits {
            n -= bits;
            put(acc >> n);
        }
    }
    if n > 0 {
        put(acc << (bits - n));
    }
    out
}

fn decode(text: &str, alphabet: &Alphabet, strict: bool) -> Result<Vec<u8>, DecodeError> {
    let name = alphabet.name;
    let bits = alphabet.bits();
    // Base64 may end with padding; base32 is only ever used without.
    let data = if bits == 6 {
        text.trim_end_matches('=')
    } else {
        text
    };
    let end = data.len();
    // Every byte before `at` is an ASCII symbol, so `at` is a character boundary.
    let char_at = |at: usize| text.get(at..).and_then(|r| r.chars().next()).unwrap_or('?');
    let mut out = Vec::with_capacity(end * bits as usize / 8);
    let (mut acc, mut n) = (0u32, 0u32);
    for (i, c) in data.bytes().enumerate() {
        let v = alphabet.values[usize::from(c)];
        if v == 255 {
            return Err(DecodeError::Char(name, char_at(i), i + 1));
        }
        // Bits above the low `n` are never read, so losing them off the top is harmless.
        acc = acc << bits | u32::from(v);
        n += bits;
        if n >= 8 {
            n -= 8;
            out.push((acc >> n) as u8);
        }
    }
    if n >= bits {
        return Err(DecodeError::Length(name, end));
    }
    // Padding may fill the last group of four, no further.
    let room = (4 - end % 4) % 4;
    if text.len() - end > room {
        return Err(DecodeError::Char(name, '=', end + room + 1));
    }
    if strict && acc & ((1 << n) - 1) != 0 {
        return Err(DecodeError::TrailingBits(name, char_at(end - 1), end));
    }
    Ok(out)
}

/// Decodes base64, standard (`+/`) or URL-safe (`-_`) alphabet, padding optional. `strict` rejects
/// a last symbol with unused bits set (as a canonical encoder never writes).
pub fn base64_decode(text: &str, url_safe: bool, strict: bool) -> Result<Vec<u8>, DecodeError> {
    decode(text, if url_safe { &BASE64_URL } else { &BASE64 }, strict)
}

/// Encodes base64, standard or URL-safe alphabet, with or without `=` padding.
pub fn base64_encode(data: &[u8], url_safe: bool, pad: bool) -> String {
    let mut s = encode(data, if url_safe { &BASE64_URL } else { &BASE64 });
    while pad && s.len() % 4 != 0 {
        s.push('=');
    }
    s
}

/// Decodes unpadded upper-case base32 (RFC 4648 alphabet); unused bits must be zero.
pub fn base32_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    decode(text, &BASE32, true)
}

/// Encodes base32 (RFC 4648 alphabet) without padding.
pub fn base32_encode(data: &[u8]) -> String {
    encode(data, &BASE32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    use base64::{alphabet, Engine};
    use data_encoding::BASE32_NOPAD;

    /// RFC 4648 section 10.
    const VECTORS: [(&str, &str, &str); 7] = [
        ("", "", ""),
        ("f", "Zg==", "MY"),
        ("fo", "Zm8=", "MZXQ"),
        ("foo", "Zm9v", "MZXW6"),
        ("foob", "Zm9vYg==", "MZXW6YQ"),
        ("fooba", "Zm9vYmE=", "MZXW6YTB"),
        ("foobar", "Zm9vYmFy", "MZXW6YTBOI"),
    ];

    #[test]
    fn rfc4648_vectors() {
        for (plain, b64, b32) in VECTORS {
            let p = plain.as_bytes();
            assert_eq!(base64_encode(p, false, true), b64);
            assert_eq!(base64_encode(p, true, true), b64);
            assert_eq!(base64_encode(p, false, false), b64.trim_end_matches('='));
            assert_eq!(base32_encode(p), b32);
            for strict in [false, true] {
                for url in [false, true] {
                    assert_eq!(base64_decode(b64, url, strict).as_deref(), Ok(p));
                    let bare = b64.trim_end_matches('=');
                    assert_eq!(base64_decode(bare, url, strict).as_deref(), Ok(p));
                }
            }
            assert_eq!(base32_decode(b32).as_deref(), Ok(p));
        }
        // The two alphabets differ in 62 and 63 only.
        let bytes = [0xfb, 0xff, 0xbf];
        assert_eq!(base64_encode(&bytes, false, true), "+/+/");
        assert_eq!(base64_encode(&bytes, true, true), "-_-_");
        assert_eq!(base64_decode("-_-_", true, true).as_deref(), Ok(&bytes[..]));
        assert_eq!(
            base64_decode("+/+/", false, true).as_deref(),
            Ok(&bytes[..])
        );
        assert!(base64_decode("-_-_", false, false).is_err());
        assert!(base64_decode("+/+/", true, false).is_err());
    }

    #[test]
    fn errors_name_the_character_and_position() {
        let msg = |r: Result<Vec<u8>, DecodeError>| r.map_err(|e| e.to_string()).unwrap_err();
        assert_eq!(
            msg(base64_decode("Zm9vYmFyZm9vYmFy%m9v", false, false)),
            "invalid base64 character '%' at position 17"
        );
        assert_eq!(
            msg(base64_decode("Zm9v+mFy", true, false)),
            "invalid URL-safe base64 character '+' at position 5"
        );
        assert_eq!(
            msg(base64_decode("Zm9v\u{430}mFy", false, false)),
            "invalid base64 character '\u{430}' (U+0430) at position 5"
        );
        assert_eq!(
            msg(base64_decode("Zm9v\tmFy", false, false)),
            "invalid base64 character '\\t' (U+0009) at position 5"
        );
        assert_eq!(
            msg(base64_decode("Zg==Zm9v", false, false)),
            "unexpected padding '=' at position 3"
        );
        assert_eq!(
            msg(base64_decode("Zm9vYg===", false, false)),
            "unexpected padding '=' at position 9"
        );
        assert_eq!(
            msg(base64_decode("Zm9vY", false, false)),
            "invalid base64 length: 5 characters, one more than a multiple of 4"
        );
        assert_eq!(
            msg(base64_decode("Zh", false, true)),
            "invalid last base64 character 'h' at position 2: its unused bits are not zero"
        );
        assert_eq!(base64_decode("Zh", false, false).as_deref(), Ok(&b"f"[..]));
        assert_eq!(
            msg(base32_decode("MZXW6Y")),
            "invalid base32 length: 6 characters"
        );
        assert_eq!(
            msg(base32_decode("mzxw6")),
            "invalid base32 character 'm' at position 1"
        );
        assert_eq!(
            msg(base32_decode("MZ======")),
            "unexpected padding '=' at position 3"
        );
    }

    /// splitmix64: deterministic, so a failure reproduces.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        fn bytes(&mut self, max: usize) -> Vec<u8> {
            let n = self.below(max + 1);
            (0..n).map(|_| self.next() as u8).collect()
        }
    }

    /// A random mutation of an encoded text: unchanged, truncated, a character replaced, inserted
    /// or appended, or padding added.
    fn mutate(rng: &mut Rng, s: &str) -> String {
        const POOL: &[char] = &[
            'A', 'z', '0', '9', '+', '/', '-', '_', '=', '=', '%', ' ', '.', '\n', '\0', 'é',
            '\u{430}',
        ];
        let mut c: Vec<char> = s.chars().collect();
        for _ in 0..rng.below(3) {
            let pick = POOL[rng.below(POOL.len())];
            match rng.below(6) {
                0 => c.truncate(rng.below(c.len() + 1)),
                1 if !c.is_empty() => {
                    let i = rng.below(c.len());
                    c[i] = pick;
                }
                2 => c.insert(rng.below(c.len() + 1), pick),
                3 => c.push(pick),
                4 => c.extend(std::iter::repeat_n('=', rng.below(4))),
                _ => {}
            }
        }
        c.into_iter().collect()
    }

    /// Fully random text from a small pool, so that valid texts occur too.
    fn noise(rng: &mut Rng, pool: &[u8]) -> String {
        let n = rng.below(14);
        (0..n)
            .map(|_| char::from(pool[rng.below(pool.len())]))
            .collect()
    }

    fn crate_engine(url_safe: bool, strict: bool) -> GeneralPurpose {
        let cfg = GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(!strict);
        let a = if url_safe {
            &alphabet::URL_SAFE
        } else {
            &alphabet::STANDARD
        };
        GeneralPurpose::new(a, cfg)
    }

    #[test]
    fn base64_matches_the_base64_crate_on_random_input() {
        let mut rng = Rng(0x05ee_db64);
        let (mut accepted, mut rejected) = (0, 0);
        for round in 0..40_000 {
            let data = rng.bytes(40);
            for url_safe in [false, true] {
                for pad in [false, true] {
                    let ours = base64_encode(&data, url_safe, pad);
                    let engine = match (url_safe, pad) {
                        (false, true) => base64::engine::general_purpose::STANDARD,
                        (false, false) => base64::engine::general_purpose::STANDARD_NO_PAD,
                        (true, true) => base64::engine::general_purpose::URL_SAFE,
                        (true, false) => base64::engine::general_purpose::URL_SAFE_NO_PAD,
                    };
                    assert_eq!(ours, engine.encode(&data));
                    let text = if round % 2 == 0 {
                        mutate(&mut rng, &ours)
                    } else {
                        noise(&mut rng, b"AQgw/+_-=%Zz09")
                    };
                    for strict in [false, true] {
                        let theirs = crate_engine(url_safe, strict).decode(&text).ok();
                        let mine = base64_decode(&text, url_safe, strict);
                        assert_eq!(
                            mine.as_ref().ok(),
                            theirs.as_ref(),
                            "{text:?} url_safe={url_safe} strict={strict}: {mine:?}"
                        );
                        if theirs.is_some() {
                            accepted += 1;
                        } else {
                            rejected += 1;
                        }
                        // The callers' exact configurations (see saml::decode and saml::cert).
                        let body = text.trim_end_matches('=');
                        let saml_old = crate_engine(url_safe, false).decode(body).ok();
                        assert_eq!(base64_decode(body, url_safe, false).ok(), saml_old);
                        if !url_safe {
                            let repadded =
                                format!("{body}{}", "=".repeat((4 - body.len() % 4) % 4));
                            let cert_old = base64::engine::general_purpose::STANDARD
                                .decode(repadded)
                                .ok();
                            assert_eq!(base64_decode(body, false, true).ok(), cert_old, "{body:?}");
                        }
                    }
                }
            }
        }
        // Both outcomes are well represented, or the comparison would prove little.
        assert!(
            accepted > 50_000 && rejected > 50_000,
            "{accepted} {rejected}"
        );
    }

    #[test]
    fn base32_matches_data_encoding_on_random_input() {
        let mut rng = Rng(0x05ee_db32);
        let (mut accepted, mut rejected) = (0, 0);
        for round in 0..40_000 {
            let data = rng.bytes(40);
            let ours = base32_encode(&data);
            assert_eq!(ours, BASE32_NOPAD.encode(&data));
            let text = if round % 2 == 0 {
                mutate(&mut rng, &ours)
            } else {
                noise(&mut rng, b"AQ27Z8=a ")
            };
            let theirs = BASE32_NOPAD.decode(text.as_bytes()).ok();
            assert_eq!(base32_decode(&text).ok(), theirs, "{text:?}");
            if theirs.is_some() {
                accepted += 1;
            } else {
                rejected += 1;
            }
        }
        assert!(
            accepted > 10_000 && rejected > 10_000,
            "{accepted} {rejected}"
        );
    }

    #[test]
    fn allocation_is_bounded_by_the_input() {
        for len in 0..64 {
            let text = "A".repeat(len);
            if let Ok(v) = base64_decode(&text, false, false) {
                assert!(v.capacity() <= len * 6 / 8);
            }
            if let Ok(v) = base32_decode(&text) {
                assert!(v.capacity() <= len * 5 / 8);
            }
        }
    }
}
