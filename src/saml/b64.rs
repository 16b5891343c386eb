//! Base64 for SAML values and certificates, through the `base64` crate, with errors that name the
//! bad character and its position (users paste values that were cut off or mixed with other text).

use base64::alphabet::{STANDARD, URL_SAFE};
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{DecodeError, Engine};

/// Decodes `text` (no whitespace; the callers strip it and say so), standard or URL-safe
/// alphabet, trailing `=` optional. `strict` rejects a last symbol with unused bits set, as a
/// canonical encoder never writes (certificates); SAML values tolerate it, as most decoders do.
pub fn decode(text: &str, url_safe: bool, strict: bool) -> Result<Vec<u8>, String> {
    let config = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(!strict);
    let alphabet = if url_safe { &URL_SAFE } else { &STANDARD };
    let name = if url_safe {
        "URL-safe base64"
    } else {
        "base64"
    };
    GeneralPurpose::new(alphabet, config)
        .decode(text)
        .map_err(|e| describe(&e, text, name))
}

/// The error in words, positions 1-based in `text`.
fn describe(e: &DecodeError, text: &str, name: &str) -> String {
    // Every byte before a reported offset is a base64 symbol (ASCII), so the offset is a
    // character boundary and equals the number of characters before it.
    let shown = |at: usize| {
        let c = text.get(at..).and_then(|r| r.chars().next()).unwrap_or('?');
        if c.is_ascii_graphic() {
            format!("{c:?}")
        } else {
            format!("{c:?} (U+{:04X})", u32::from(c))
        }
    };
    match *e {
        DecodeError::InvalidByte(at, b'=') => {
            format!("unexpected padding '=' at position {}", at + 1)
        }
        DecodeError::InvalidByte(at, _) => {
            format!(
                "invalid {name} character {} at position {}",
                shown(at),
                at + 1
            )
        }
        DecodeError::InvalidLength(n) => {
            format!("invalid {name} length: {n} characters, one more than a multiple of 4")
        }
        DecodeError::InvalidLastSymbol(at, _) => format!(
            "invalid last {name} character {} at position {}: its unused bits are not zero",
            shown(at),
            at + 1
        ),
        DecodeError::InvalidPadding => format!("invalid {name} padding"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (plain, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            let standard = base64::engine::general_purpose::STANDARD;
            assert_eq!(standard.encode(plain.as_bytes()), b64);
            assert_eq!(decode(b64, false, true).as_deref(), Ok(plain.as_bytes()));
            let bare = b64.trim_end_matches('=');
            assert_eq!(decode(bare, true, true).as_deref(), Ok(plain.as_bytes()));
        }
    }

    #[test]
    fn errors_name_the_character_and_position() {
        assert_eq!(
            decode("QUJD\u{e9}", false, true).unwrap_err(),
            "invalid base64 character 'é' (U+00E9) at position 5"
        );
        assert_eq!(
            decode("QU JD", false, true).unwrap_err(),
            "invalid base64 character ' ' (U+0020) at position 3"
        );
        assert_eq!(
            decode("QU_D", false, true).unwrap_err(),
            "invalid base64 character '_' at position 3"
        );
        assert_eq!(
            decode("QU/D", true, true).unwrap_err(),
            "invalid URL-safe base64 character '/' at position 3"
        );
        assert_eq!(
            decode("QR", false, true).unwrap_err(),
            "invalid last base64 character 'R' at position 2: its unused bits are not zero"
        );
        assert_eq!(decode("QR", false, false).as_deref(), Ok(&b"A"[..]));
    }
}
