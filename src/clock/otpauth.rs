//! The throw-away test secret: otpauth:// Key URI, Base32 text, and a QR code as SVG.
//!
//! Only the defaults (SHA1, 6 digits, 30 s) are used because popular apps ignore the `algorithm`,
//! `digits` and `period` parameters; so the URI omits them.

/// 160 bits, the length RFC 4226 recommends.
pub const SECRET_BYTES: usize = 20;
pub const ISSUER: &str = "ssocheck";
pub const ACCOUNT: &str = "clock-test";

pub fn secret_base32(secret: &[u8]) -> String {
    data_encoding::BASE32_NOPAD.encode(secret)
}

/// Base32 in groups of four for typing by hand ("ABCD EFGH ...").
pub fn secret_grouped(secret: &[u8]) -> String {
    let b = secret_base32(secret);
    b.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decodes Base32 as typed (spaces, lower case and padding tolerated): RFC 4648 alphabet, unused
/// bits of the last symbol zero.
pub fn decode_base32(s: &str) -> Option<Vec<u8>> {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    data_encoding::BASE32_NOPAD.decode(clean.as_bytes()).ok()
}

/// `otpauth://totp/ssocheck:clock-test?secret=...&issuer=ssocheck` (label and issuer need no escaping).
pub fn uri(secret: &[u8]) -> String {
    format!(
        "otpauth://totp/{ISSUER}:{ACCOUNT}?secret={}&issuer={ISSUER}",
        secret_base32(secret)
    )
}

/// The URI as an SVG QR code (black on white whatever the page theme: scanners need the contrast).
/// `None` if the data does not fit a QR code, which cannot happen for our fixed-size URI.
pub fn qr_svg(data: &str) -> Option<String> {
    use qrcode::render::svg;
    let code =
        qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    let svg = code
        .render::<svg::Color>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    // Drop the XML declaration: the SVG is inserted into HTML, where it is not allowed.
    let start = svg.find("<svg")?;
    Some(svg[start..].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_uses_defaults_only_and_round_trips() {
        let secret = b"12345678901234567890";
        let u = uri(secret);
        assert_eq!(
            u,
            "otpauth://totp/ssocheck:clock-test?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ssocheck"
        );
        assert!(!u.contains("algorithm") && !u.contains("digits") && !u.contains("period"));
        assert_eq!(
            decode_base32(&secret_grouped(secret).to_lowercase()).as_deref(),
            Some(&secret[..])
        );
        assert_eq!(decode_base32("not base32!"), None);
    }

    #[test]
    fn base32_as_people_type_it() {
        // RFC 4648 section 10 vectors, with and without padding, in any case, grouped by spaces.
        for (plain, b32) in [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            assert_eq!(secret_base32(plain.as_bytes()), b32.trim_end_matches('='));
            for typed in [
                b32.to_string(),
                b32.to_lowercase(),
                b32.trim_end_matches('=').into(),
            ] {
                assert_eq!(
                    decode_base32(&typed).as_deref(),
                    Some(plain.as_bytes()),
                    "{typed}"
                );
            }
        }
        assert_eq!(decode_base32(" mzxw 6ytb ").as_deref(), Some(&b"fooba"[..]));
        // A length no encoder writes, a last symbol with unused bits set, digits 0, 1, 8, 9.
        for bad in ["MZX", "MZ", "MZXW6YR", "MZXW6Y0B", "MZXW6Y1B", "MZXW6Y8B"] {
            assert_eq!(decode_base32(bad), None, "{bad}");
        }
    }

    #[test]
    fn qr_is_plain_svg_without_inline_style() {
        let svg = qr_svg(&uri(&[7u8; SECRET_BYTES])).expect("fits");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<path") || svg.contains("<rect"));
        // The page CSP forbids inline styles and scripts; the generated SVG must not need them.
        assert!(!svg.contains("style=") && !svg.contains("<script"));
    }
}
