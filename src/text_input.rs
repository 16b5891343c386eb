//! Pasted and opened text as UTF-8: files saved by Windows PowerShell 5 (`aws ... > out.json`) and some
//! mail tools are UTF-16 with a byte-order mark; everything else is read as UTF-8 (lossily).

use std::borrow::Cow;

/// Decodes UTF-16LE/BE when the bytes start with its byte-order mark; strips a UTF-8 BOM.
pub fn to_utf8(bytes: &[u8]) -> Cow<'_, str> {
    let utf16 = |le: bool| {
        let units = bytes.get(2..).unwrap_or(&[]).chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        Cow::Owned(
            char::decode_utf16(units)
                .map(|r| r.unwrap_or('\u{fffd}'))
                .collect(),
        )
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest),
        _ => String::from_utf8_lossy(bytes),
    }
}

/// Whether the bytes are an OLE compound file (an Outlook `.msg`), which is not text.
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_bom() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\":\"é\"}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(to_utf8(&le), "{\"a\":\"é\"}");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("x".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(to_utf8(&be), "x");
        assert_eq!(to_utf8(b"\xEF\xBB\xBFhi"), "hi");
        assert_eq!(to_utf8(&[0xFF, 0xFE, 0x41]), "");
    }
}
