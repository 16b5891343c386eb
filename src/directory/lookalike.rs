//! Look-alike (confusable) characters in names: a small table of the letters most often mistaken for
//! ASCII (after Unicode TR39 confusables; Cyrillic, Greek, Latin extensions) plus whole ranges that
//! always mimic ASCII (full-width forms, mathematical alphanumerics). No crate: the table is small
//! and the page's download size matters.

/// (character, the ASCII it resembles).
const TABLE: &[(char, char)] = &[
    // Cyrillic lowercase
    ('а', 'a'),
    ('е', 'e'),
    ('о', 'o'),
    ('р', 'p'),
    ('с', 'c'),
    ('у', 'y'),
    ('х', 'x'),
    ('і', 'i'),
    ('ј', 'j'),
    ('ѕ', 's'),
    ('ԁ', 'd'),
    ('ԛ', 'q'),
    ('ԝ', 'w'),
    ('һ', 'h'),
    ('ӏ', 'l'),
    ('ɡ', 'g'),
    // Cyrillic uppercase
    ('А', 'A'),
    ('В', 'B'),
    ('Е', 'E'),
    ('К', 'K'),
    ('М', 'M'),
    ('Н', 'H'),
    ('О', 'O'),
    ('Р', 'P'),
    ('С', 'C'),
    ('Т', 'T'),
    ('Х', 'X'),
    ('І', 'I'),
    ('Ј', 'J'),
    ('Ѕ', 'S'),
    ('Ү', 'Y'),
    ('Ԛ', 'Q'),
    ('Ԝ', 'W'),
    // Greek
    ('ο', 'o'),
    ('α', 'a'),
    ('ν', 'v'),
    ('ρ', 'p'),
    ('ι', 'i'),
    ('κ', 'k'),
    ('υ', 'u'),
    ('Α', 'A'),
    ('Β', 'B'),
    ('Ε', 'E'),
    ('Ζ', 'Z'),
    ('Η', 'H'),
    ('Ι', 'I'),
    ('Κ', 'K'),
    ('Μ', 'M'),
    ('Ν', 'N'),
    ('Ο', 'O'),
    ('Ρ', 'P'),
    ('Τ', 'T'),
    ('Υ', 'Y'),
    ('Χ', 'X'),
    // Latin look-alikes and symbols
    ('ı', 'i'),
    ('ɑ', 'a'),
    ('ℓ', 'l'),
    ('ǀ', 'l'),
    ('ⅰ', 'i'),
    ('ⅼ', 'l'),
    ('Ⅰ', 'I'),
    ('ｰ', '-'),
    ('‐', '-'),
    ('‑', '-'),
    ('–', '-'),
    ('—', '-'),
    ('−', '-'),
    ('．', '.'),
    ('＠', '@'),
    ('´', '\''),
    ('ꓲ', 'I'),
    ('ꓳ', 'O'),
];

/// The ASCII character `c` can be mistaken for, if it is a known look-alike.
pub fn resembles(c: char) -> Option<char> {
    if let Some((_, a)) = TABLE.iter().find(|(x, _)| *x == c) {
        return Some(*a);
    }
    let u = c as u32;
    // Full-width ASCII forms U+FF01–U+FF5E map to U+0021–U+007E.
    if (0xFF01..=0xFF5E).contains(&u) {
        return char::from_u32(u - 0xFF01 + 0x21);
    }
    // Mathematical alphanumeric symbols: letters and digits in other styles.
    if (0x1D400..=0x1D7FF).contains(&u) {
        return Some('?');
    }
    None
}

/// Scripts that matter for mixing (a name mixing Latin with Cyrillic or Greek is suspicious).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Other,
}

pub fn script(c: char) -> Option<Script> {
    if !c.is_alphabetic() {
        return None;
    }
    let u = c as u32;
    Some(match u {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Script::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Script::Greek,
        0x400..=0x52F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        _ => Script::Other,
    })
}

/// One suspicious character found in a name (position is 1-based, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspect {
    pub position: usize,
    pub code_point: u32,
    pub looks_like: Option<char>,
}

/// Look-alikes in `name`, and whether it mixes Latin with Cyrillic or Greek letters.
pub fn scan(name: &str) -> (Vec<Suspect>, bool) {
    let mut out = Vec::new();
    let (mut latin, mut other) = (false, false);
    for (i, c) in name.chars().enumerate() {
        match script(c) {
            Some(Script::Latin) => latin = true,
            Some(Script::Cyrillic) | Some(Script::Greek) => other = true,
            _ => {}
        }
        if let Some(a) = resembles(c) {
            if out.len() < 32 {
                out.push(Suspect {
                    position: i + 1,
                    code_point: c as u32,
                    looks_like: (a != '?').then_some(a),
                });
            }
        }
    }
    (out, latin && other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_cyrillic_a_and_fullwidth() {
        let (s, mixed) = scan("\u{430}lice");
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].looks_like, Some('a'));
        assert!(mixed);
        let (s, _) = scan("ｂob");
        assert_eq!(s[0].looks_like, Some('b'));
        assert!(scan("alice@example.com").0.is_empty());
    }
}
