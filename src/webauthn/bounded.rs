//! WebAuthn's CBOR (attestation objects, COSE keys, authenticator-data extensions) through
//! `minicbor`'s `Decoder`, with what untrusted input needs around it: every error names the kind of
//! problem and the byte offset of the item where reading stopped, and [`Reader::skip`] walks a value
//! with a depth limit ([`MAX_DEPTH`]) and an item budget ([`MAX_ITEMS`]). The byte limit is the
//! caller's (`attestation::MAX_LEN`, checked before decoding starts).
//!
//! minicbor checks every length against the bytes that remain before it slices, so a hostile length
//! never allocates or panics. What it does not check, and this module does: nesting depth and item
//! count (minicbor's own `skip` has neither), chunks of indefinite-length strings of another type,
//! and two-byte simple values below 32 (not well formed, RFC 8949 §3.3).

use std::fmt;

pub use minicbor::data::Type;
use minicbor::Decoder;

/// Deeper than any real attestation statement (x5c is depth 2) by a wide margin.
pub const MAX_DEPTH: usize = 16;
/// Items (of any kind) one skip may walk before it gives up.
pub const MAX_ITEMS: usize = 10_000;

/// A CBOR type in words, for messages ("indefinite-length map", "reserved initial byte 0x1c").
pub fn type_name(t: Type) -> String {
    match t {
        Type::U8 | Type::U16 | Type::U32 | Type::U64 => "unsigned integer",
        Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int => "negative integer",
        Type::Bytes => "byte string",
        Type::BytesIndef => "indefinite-length byte string",
        Type::String => "text string",
        Type::StringIndef => "indefinite-length text string",
        Type::Array => "array",
        Type::ArrayIndef => "indefinite-length array",
        Type::Map => "map",
        Type::MapIndef => "indefinite-length map",
        Type::Tag => "tag",
        Type::Bool | Type::Null | Type::Undefined | Type::Simple => "simple value",
        Type::F16 | Type::F32 | Type::F64 => "float",
        Type::Break => "break",
        Type::Unknown(b) => return format!("reserved initial byte 0x{b:02x}"),
    }
    .into()
}

fn is_integer(t: Type) -> bool {
    matches!(
        t,
        Type::U8
            | Type::U16
            | Type::U32
            | Type::U64
            | Type::I8
            | Type::I16
            | Type::I32
            | Type::I64
            | Type::Int
    )
}

/// Why reading stopped, and at which byte (the start of the item being read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub at: usize,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input ends inside the item, or a length claims more bytes than remain.
    Truncated,
    /// A different type was expected here.
    Expected {
        want: &'static str,
        found: Type,
    },
    /// A reserved or malformed initial byte.
    Reserved(u8),
    /// A text string that is not UTF-8.
    Utf8,
    /// An integer that does not fit an `i64`.
    Overflow,
    /// A break (`0xff`) outside an indefinite-length item.
    UnexpectedBreak,
    /// A chunk of an indefinite-length string that is not a definite string of the same type.
    BadChunk,
    /// A two-byte simple value below 32.
    BadSimple,
    TooDeep,
    TooManyItems,
}

impl Error {
    pub fn is_truncated(&self) -> bool {
        self.kind == ErrorKind::Truncated
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        let why = match &self.kind {
            ErrorKind::Truncated => return write!(f, "CBOR truncated at byte {at}"),
            ErrorKind::Reserved(b) => return write!(f, "unknown CBOR type 0x{b:02x} at byte {at}"),
            ErrorKind::Overflow => return write!(f, "integer out of range at byte {at}"),
            ErrorKind::UnexpectedBreak => return write!(f, "unexpected CBOR break at byte {at}"),
            ErrorKind::TooDeep => {
                return write!(f, "CBOR nested deeper than {MAX_DEPTH} levels at byte {at}")
            }
            ErrorKind::TooManyItems => {
                return write!(
                    f,
                    "CBOR has more than {MAX_ITEMS} items (stopped at byte {at})"
                )
            }
            ErrorKind::Expected { want, found } => {
                let found = type_name(*found);
                return write!(
                    f,
                    "invalid CBOR at byte {at}: expected {want}, found {found}"
                );
            }
            ErrorKind::Utf8 => "text string is not valid UTF-8",
            ErrorKind::BadChunk => {
                "a chunk of an indefinite-length string is not a definite string of the same type"
            }
            ErrorKind::BadSimple => "two-byte simple value below 32",
        };
        write!(f, "invalid CBOR at byte {at}: {why}")
    }
}

impl From<Error> for String {
    fn from(e: Error) -> String {
        e.to_string()
    }
}

fn err<T>(at: usize, kind: ErrorKind) -> Result<T, Error> {
    Err(Error { at, kind })
}

/// A minicbor `Decoder` over untrusted bytes. Positions are offsets into the whole buffer, so a
/// reader started inside larger data (a COSE key inside authenticator data) names bytes of that
/// data. A typed read that fails leaves the position where the item starts.
#[derive(Debug, Clone)]
pub struct Reader<'a> {
    d: Decoder<'a>,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader {
            d: Decoder::new(buf),
        }
    }

    /// A reader over `buf` that starts at `pos` (clamped to the end).
    pub fn at(buf: &'a [u8], pos: usize) -> Reader<'a> {
        let mut d = Decoder::new(buf);
        d.set_position(pos.min(buf.len()));
        Reader { d }
    }

    pub fn position(&self) -> usize {
        self.d.position()
    }

    /// The type of the next item, without consuming it.
    pub fn peek(&self) -> Result<Type, Error> {
        // minicbor looks one byte further for some negative integers; missing, it is truncated.
        self.d
            .datatype()
            .or_else(|_| err(self.position(), ErrorKind::Truncated))
    }

    /// Runs one minicbor read of an item that starts here; on failure the position goes back to
    /// the item's start and the error is named by `name` (end of input is always truncation).
    fn read<T>(
        &mut self,
        read: impl FnOnce(&mut Decoder<'a>) -> Result<T, minicbor::decode::Error>,
        name: impl FnOnce(&minicbor::decode::Error) -> ErrorKind,
    ) -> Result<T, Error> {
        let start = self.position();
        read(&mut self.d).or_else(|e| {
            self.d.set_position(start);
            let kind = if e.is_end_of_input() {
                ErrorKind::Truncated
            } else {
                name(&e)
            };
            err(start, kind)
        })
    }

    /// Checks that the next item is of a type `ok` accepts; otherwise names what was found.
    fn expect(&self, want: &'static str, ok: impl Fn(Type) -> bool) -> Result<(), Error> {
        match self.peek()? {
            t if ok(t) => Ok(()),
            Type::Unknown(b) => err(self.position(), ErrorKind::Reserved(b)),
            found => err(self.position(), ErrorKind::Expected { want, found }),
        }
    }

    /// An integer (major type 0 or 1) that fits an `i64`.
    pub fn i64(&mut self) -> Result<i64, Error> {
        self.expect("integer", is_integer)?;
        self.read(|d| d.i64(), |_| ErrorKind::Overflow)
    }

    /// A definite-length byte string.
    pub fn bytes(&mut self) -> Result<&'a [u8], Error> {
        self.expect("byte string", |t| t == Type::Bytes)?;
        // Any other failure is a length beyond what remains (or beyond usize).
        self.read(|d| d.bytes(), |_| ErrorKind::Truncated)
    }

    /// A definite-length text string, checked to be UTF-8.
    pub fn str(&mut self) -> Result<&'a str, Error> {
        self.expect("text string", |t| t == Type::String)?;
        let utf8 = |e: &minicbor::decode::Error| {
            let source = std::error::Error::source(e);
            if source.is_some_and(|s| s.is::<std::str::Utf8Error>()) {
                ErrorKind::Utf8
            } else {
                ErrorKind::Truncated
            }
        };
        self.read(|d| d.str(), utf8)
    }

    /// An array's length, `None` for an indefinite-length array.
    pub fn array(&mut self) -> Result<Option<u64>, Error> {
        self.expect("array", |t| matches!(t, Type::Array | Type::ArrayIndef))?;
        self.read(|d| d.array(), |_| ErrorKind::Truncated)
    }

    /// A map's number of entries, `None` for an indefinite-length map.
    pub fn map(&mut self) -> Result<Option<u64>, Error> {
        self.expect("map", |t| matches!(t, Type::Map | Type::MapIndef))?;
        self.read(|d| d.map(), |_| ErrorKind::Truncated)
    }

    /// An integer map key or label (COSE uses negative labels); any other key is skipped and
    /// gives `None`.
    pub fn int_key(&mut self) -> Result<Option<i64>, Error> {
        if is_integer(self.peek()?) {
            self.i64().map(Some)
        } else {
            self.skip().map(|()| None)
        }
    }

    /// Skips one complete value, refusing nesting deeper than `MAX_DEPTH` and more than
    /// `MAX_ITEMS` items.
    pub fn skip(&mut self) -> Result<(), Error> {
        let mut budget = MAX_ITEMS;
        self.skip_inner(0, &mut budget)
    }

    fn skip_inner(&mut self, depth: usize, budget: &mut usize) -> Result<(), Error> {
        let start = self.position();
        if depth > MAX_DEPTH {
            return err(start, ErrorKind::TooDeep);
        }
        if *budget == 0 {
            return err(start, ErrorKind::TooManyItems);
        }
        *budget -= 1;
        match self.peek()? {
            Type::Bytes => self.bytes().map(drop),
            Type::String => self.str().map(drop),
            t @ (Type::BytesIndef | Type::StringIndef) => {
                let chunk_type = if t == Type::BytesIndef {
                    Type::Bytes
                } else {
                    Type::String
                };
                // The head is the one byte 0x5f or 0x7f.
                self.d.set_position(start + 1);
                loop {
                    match self.peek()? {
                        Type::Break => return self.break_byte(),
                        Type::Bytes if chunk_type == Type::Bytes => drop(self.bytes()?),
                        Type::String if chunk_type == Type::String => drop(self.str()?),
                        _ => return err(self.position(), ErrorKind::BadChunk),
                    }
                }
            }
            Type::Array | Type::ArrayIndef => {
                let len = self.array()?;
                self.walk(len, 1, depth, budget)
            }
            Type::Map | Type::MapIndef => {
                let len = self.map()?;
                self.walk(len, 2, depth, budget)
            }
            // A tag's content is one more level down.
            Type::Tag => {
                self.read(|d| d.tag(), |_| ErrorKind::Truncated)?;
                self.skip_inner(depth + 1, budget)
            }
            Type::Break => err(start, ErrorKind::UnexpectedBreak),
            Type::Unknown(b) => err(start, ErrorKind::Reserved(b)),
            Type::Simple if self.d.input().get(start) == Some(&0xf8) => {
                match self.d.input().get(start + 1) {
                    None => err(start, ErrorKind::Truncated),
                    Some(&v) if v < 32 => err(start, ErrorKind::BadSimple),
                    Some(_) => {
                        self.d.set_position(start + 2);
                        Ok(())
                    }
                }
            }
            // Integers, floats and simple values: the head is the whole item, which minicbor's
            // skip reads without looking further.
            _ => self.read(|d| d.skip(), |_| ErrorKind::Truncated),
        }
    }

    /// Consumes the break that ends an indefinite-length item (`peek` has seen it).
    fn break_byte(&mut self) -> Result<(), Error> {
        self.d.set_position(self.position() + 1);
        Ok(())
    }

    /// Walks `len` entries (`per` values each), or until a break for indefinite containers. Each
    /// entry consumes at least one byte, so a huge length prefix ends at the end of the input (or
    /// the item budget), not in a loop over the claimed length.
    fn walk(
        &mut self,
        len: Option<u64>,
        per: usize,
        depth: usize,
        budget: &mut usize,
    ) -> Result<(), Error> {
        match len {
            Some(n) => {
                for _ in 0..n {
                    for _ in 0..per {
                        self.skip_inner(depth + 1, budget)?;
                    }
                }
                Ok(())
            }
            None => loop {
                if self.peek()? == Type::Break {
                    return self.break_byte();
                }
                for _ in 0..per {
                    self.skip_inner(depth + 1, budget)?;
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    const MAJOR_BYTES: u8 = 2;
    const MAJOR_TEXT: u8 = 3;

    fn fixture(b64: &str) -> Vec<u8> {
        use base64::Engine;
        let standard = base64::engine::general_purpose::STANDARD;
        standard.decode(b64.trim()).expect("fixture is base64")
    }

    /// Real attestation objects from Chromium's virtual authenticators.
    fn real_objects() -> [Vec<u8>; 2] {
        [
            fixture(include_str!(
                "../../tests/fixtures/webauthn/internal-none.b64"
            )),
            fixture(include_str!(
                "../../tests/fixtures/webauthn/usb-direct-packed.b64"
            )),
        ]
    }

    fn kind<T: fmt::Debug>(r: Result<T, Error>) -> ErrorKind {
        r.expect_err("must fail").kind
    }

    #[test]
    fn reserved_initial_bytes_are_named_and_refused() {
        for b in [
            0x1c, 0x1f, 0x3c, 0x3f, 0x5c, 0x5e, 0x7c, 0x9c, 0xbe, 0xdc, 0xdf, 0xfc, 0xfe,
        ] {
            assert_eq!(Reader::new(&[b]).peek(), Ok(Type::Unknown(b)));
            assert_eq!(
                Reader::new(&[b]).skip().unwrap_err().to_string(),
                format!("unknown CBOR type 0x{b:02x} at byte 0")
            );
            assert_eq!(
                type_name(Type::Unknown(b)),
                format!("reserved initial byte 0x{b:02x}")
            );
        }
    }

    #[test]
    fn unsigned_integers_in_every_width() {
        for (bytes, v) in [
            (&[0x00][..], 0i64),
            (&[0x17], 23),
            (&[0x18, 0x18], 24),
            (&[0x18, 0xff], 255),
            (&[0x19, 0x01, 0x00], 256),
            (&[0x19, 0xff, 0xff], 65_535),
            (&[0x1a, 0x00, 0x01, 0x00, 0x00], 65_536),
            (&[0x1a, 0xff, 0xff, 0xff, 0xff], 4_294_967_295),
            (&[0x1b, 0, 0, 0, 1, 0, 0, 0, 0], 4_294_967_296),
            (
                &[0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                i64::MAX,
            ),
        ] {
            let mut r = Reader::new(bytes);
            assert!(matches!(
                r.peek(),
                Ok(Type::U8 | Type::U16 | Type::U32 | Type::U64)
            ));
            assert_eq!(r.i64(), Ok(v), "{bytes:02x?}");
            assert_eq!(r.position(), bytes.len());
            let mut r = Reader::new(bytes);
            assert_eq!(r.int_key(), Ok(Some(v)));
            let mut r = Reader::new(bytes);
            assert_eq!(r.skip(), Ok(()));
            assert_eq!(r.position(), bytes.len());
        }
        // Beyond i64: an overflow error for typed reads, but skippable.
        let big = [0x1b, 0x80, 0, 0, 0, 0, 0, 0, 0];
        let e = Reader::new(&big).i64().unwrap_err();
        assert_eq!(e.kind, ErrorKind::Overflow);
        assert_eq!(e.to_string(), "integer out of range at byte 0");
        assert_eq!(kind(Reader::new(&big).int_key()), ErrorKind::Overflow);
        assert_eq!(Reader::new(&big).skip(), Ok(()));
    }

    #[test]
    fn negative_integers_in_every_width() {
        for (bytes, v) in [
            (&[0x20][..], -1i64),
            (&[0x37], -24),
            (&[0x38, 0x18], -25),
            (&[0x38, 0xff], -256),
            (&[0x39, 0x01, 0x00], -257),
            (&[0x3a, 0x00, 0x01, 0x00, 0x00], -65_537),
            (
                &[0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                i64::MIN,
            ),
        ] {
            let mut r = Reader::new(bytes);
            assert!(matches!(
                r.peek(),
                Ok(Type::I8 | Type::I16 | Type::I32 | Type::I64 | Type::Int)
            ));
            assert_eq!(r.i64(), Ok(v), "{bytes:02x?}");
            assert_eq!(r.position(), bytes.len());
        }
        let below = [0x3b, 0x80, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(kind(Reader::new(&below).i64()), ErrorKind::Overflow);
        assert_eq!(Reader::new(&below).skip(), Ok(()));
    }

    #[test]
    fn non_minimal_heads_are_accepted() {
        // CBOR allows them and the previous decoder read them: 5 in one, two, four and eight
        // argument bytes.
        for bytes in [
            &[0x18, 0x05][..],
            &[0x19, 0x00, 0x05],
            &[0x1a, 0x00, 0x00, 0x00, 0x05],
            &[0x1b, 0, 0, 0, 0, 0, 0, 0, 0x05],
        ] {
            assert_eq!(Reader::new(bytes).i64(), Ok(5));
        }
        // A byte string whose length 2 takes eight bytes, and a map whose count takes two.
        let mut r = Reader::new(&[0x5b, 0, 0, 0, 0, 0, 0, 0, 2, 0xaa, 0xbb]);
        assert_eq!(r.bytes(), Ok(&[0xaa, 0xbb][..]));
        assert_eq!(r.position(), 11);
        assert_eq!(Reader::new(&[0xb9, 0x00, 0x01]).map(), Ok(Some(1)));
    }

    #[test]
    fn strings_with_every_length_width() {
        for len in [0usize, 1, 23, 24, 255, 256, 65_535, 65_536] {
            let payload = vec![b'a'; len];
            for major in [MAJOR_BYTES, MAJOR_TEXT] {
                let m = major << 5;
                let mut heads = vec![];
                if len < 24 {
                    heads.push(vec![m | len as u8]);
                }
                if len <= 0xff {
                    heads.push(vec![m | 24, len as u8]);
                }
                if len <= 0xffff {
                    let mut h = vec![m | 25];
                    h.extend_from_slice(&(len as u16).to_be_bytes());
                    heads.push(h);
                }
                let mut h = vec![m | 26];
                h.extend_from_slice(&(len as u32).to_be_bytes());
                heads.push(h);
                let mut h = vec![m | 27];
                h.extend_from_slice(&(len as u64).to_be_bytes());
                heads.push(h);
                for head in heads {
                    let mut item = head.clone();
                    item.extend_from_slice(&payload);
                    let mut r = Reader::new(&item);
                    if major == MAJOR_BYTES {
                        assert_eq!(r.peek(), Ok(Type::Bytes));
                        assert_eq!(r.bytes().map(<[u8]>::len), Ok(len));
                    } else {
                        assert_eq!(r.peek(), Ok(Type::String));
                        assert_eq!(r.str().map(str::len), Ok(len));
                    }
                    assert_eq!(r.position(), item.len());
                    let mut r = Reader::new(&item);
                    assert_eq!(r.skip(), Ok(()));
                    assert_eq!(r.position(), item.len());
                    // One byte short of the claimed length: truncated, named at the item's start.
                    if len > 0 {
                        let short = &item[..item.len() - 1];
                        let e = if major == MAJOR_BYTES {
                            Reader::new(short).bytes().map(|_| ()).unwrap_err()
                        } else {
                            Reader::new(short).str().map(|_| ()).unwrap_err()
                        };
                        assert_eq!(e.to_string(), "CBOR truncated at byte 0");
                        assert!(Reader::new(short).skip().unwrap_err().is_truncated());
                    }
                }
            }
        }
    }

    #[test]
    fn oversized_lengths_are_truncation_not_allocation() {
        // Lengths far beyond the input in every width, for strings, arrays and maps: an error at
        // once (strings) or at the end of the input (containers), never a panic or a huge
        // allocation.
        for head in [
            &[0x58, 0xff][..],
            &[0x59, 0xff, 0xff],
            &[0x5a, 0xff, 0xff, 0xff, 0xff],
            &[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            &[0x5b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00],
            &[0x7b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        ] {
            let mut input = head.to_vec();
            input.extend_from_slice(b"abc");
            let e = Reader::new(&input).skip().unwrap_err();
            assert_eq!(
                e,
                Error {
                    at: 0,
                    kind: ErrorKind::Truncated
                },
                "{head:02x?}"
            );
        }
        for head in [
            &[0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff][..],
            &[0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            &[0x9a, 0xff, 0xff, 0xff, 0xff],
        ] {
            let mut input = head.to_vec();
            input.extend_from_slice(&[0x01, 0x02, 0x03]);
            let mut r = Reader::new(&input);
            assert_eq!(
                r.clone().array().or(r.clone().map()),
                Ok(Some(head_arg(head)))
            );
            let e = r.skip().unwrap_err();
            assert_eq!(e.kind, ErrorKind::Truncated);
            assert_eq!(e.at, input.len());
        }
        // A claimed count within the input but beyond the item budget stops at the budget.
        let mut many = vec![0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        many.extend(std::iter::repeat_n(0x00, 20_000));
        assert_eq!(kind(Reader::new(&many).skip()), ErrorKind::TooManyItems);
    }

    fn head_arg(head: &[u8]) -> u64 {
        head.iter()
            .skip(1)
            .fold(0u64, |a, &b| (a << 8) | u64::from(b))
    }

    #[test]
    fn truncated_heads() {
        for input in [
            &[][..],
            &[0x18],
            &[0x19, 0x01],
            &[0x1a, 0x01, 0x02, 0x03],
            &[0x1b, 1, 2, 3, 4, 5, 6, 7],
            &[0x38],
            &[0x59, 0x00],
            &[0x99, 0x00],
            &[0xb9, 0x00],
            &[0xd8],
            &[0xf8],
            &[0xf9, 0x00],
            &[0xfa, 0, 0, 0],
            &[0xfb, 0, 0, 0, 0, 0, 0, 0],
        ] {
            let e = Reader::new(input).skip().unwrap_err();
            assert_eq!(
                e,
                Error {
                    at: 0,
                    kind: ErrorKind::Truncated
                },
                "{input:02x?}"
            );
            assert_eq!(e.to_string(), "CBOR truncated at byte 0");
        }
        assert!(Reader::new(&[0x19, 0x01]).i64().unwrap_err().is_truncated());
        assert!(Reader::new(&[0xb9, 0x01]).map().unwrap_err().is_truncated());
        assert!(Reader::new(&[0x99]).array().unwrap_err().is_truncated());
    }

    #[test]
    fn text_must_be_utf8() {
        let mut r = Reader::new(&[0x00, 0x62, 0xc3, 0x28]);
        assert_eq!(r.i64(), Ok(0));
        let e = r.str().unwrap_err();
        assert_eq!(e.kind, ErrorKind::Utf8);
        assert_eq!(
            e.to_string(),
            "invalid CBOR at byte 1: text string is not valid UTF-8"
        );
        assert_eq!(
            kind(Reader::new(&[0x62, 0xc3, 0x28]).skip()),
            ErrorKind::Utf8
        );
        // A lone surrogate and an overlong encoding are not UTF-8 either.
        assert_eq!(
            kind(Reader::new(&[0x63, 0xed, 0xa0, 0x80]).str()),
            ErrorKind::Utf8
        );
        assert_eq!(
            kind(Reader::new(&[0x62, 0xc0, 0xaf]).str()),
            ErrorKind::Utf8
        );
        // Inside an indefinite-length text string, each chunk is checked.
        assert_eq!(
            kind(Reader::new(&[0x7f, 0x61, b'a', 0x61, 0xff, 0xff]).skip()),
            ErrorKind::Utf8
        );
        // Multi-byte characters are fine, as text and as a map key that is skipped.
        let mut r = Reader::new(&[0x66, b'c', 0xc3, 0xa9, 0xe2, 0x9c]);
        assert!(r.str().unwrap_err().is_truncated());
        let ok = [0x66, b'c', 0xc3, 0xa9, 0xe2, 0x9c, 0x93];
        assert_eq!(Reader::new(&ok).str(), Ok("cé✓"));
        assert_eq!(Reader::new(&ok).int_key(), Ok(None));
    }

    #[test]
    fn typed_reads_name_what_they_found_and_do_not_move() {
        let mut r = Reader::new(&[0x61, b'x']);
        let e = r.bytes().unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid CBOR at byte 0: expected byte string, found text string"
        );
        assert_eq!(r.position(), 0);
        assert_eq!(
            r.i64().unwrap_err().to_string(),
            "invalid CBOR at byte 0: expected integer, found text string"
        );
        assert_eq!(
            r.map().unwrap_err().to_string(),
            "invalid CBOR at byte 0: expected map, found text string"
        );
        assert_eq!(r.position(), 0);
        assert_eq!(r.str(), Ok("x"));
        // Typed string reads take definite lengths only.
        let mut r = Reader::new(&[0x5f, 0x41, 0x00, 0xff]);
        assert_eq!(
            r.bytes().unwrap_err().kind,
            ErrorKind::Expected {
                want: "byte string",
                found: Type::BytesIndef
            }
        );
        assert_eq!(r.position(), 0);
        assert_eq!(
            kind(Reader::new(&[0x7f, 0xff]).str()),
            ErrorKind::Expected {
                want: "text string",
                found: Type::StringIndef
            }
        );
        assert_eq!(Reader::new(&[0x9f, 0xff]).array(), Ok(None));
        assert_eq!(Reader::new(&[0xbf, 0xff]).map(), Ok(None));
        assert_eq!(type_name(Type::Unknown(0x1c)), "reserved initial byte 0x1c");
    }

    #[test]
    fn tags_simple_values_and_floats_are_skipped() {
        for item in [
            &[0xc0, 0x60][..],                     // tag 0, empty text
            &[0xc2, 0x41, 0x01],                   // bignum
            &[0xd8, 0x18, 0x41, 0xa0],             // tag 24 (embedded CBOR)
            &[0xd9, 0xd9, 0xf7, 0x80],             // self-described CBOR, 2-byte tag
            &[0xda, 0, 1, 0, 0, 0x00],             // 4-byte tag
            &[0xdb, 0, 0, 0, 0, 0, 0, 0, 1, 0x00], // 8-byte tag
            &[0xc1, 0xc1, 0x00],                   // tag of a tag
            &[0xf4],                               // false
            &[0xf5],                               // true
            &[0xf6],                               // null
            &[0xf7],                               // undefined
            &[0xe0],                               // simple 0
            &[0xf8, 0x20],                         // simple 32
            &[0xf8, 0xff],                         // simple 255
            &[0xf9, 0x3c, 0x00],                   // 1.0 as f16
            &[0xfa, 0x3f, 0x80, 0x00, 0x00],       // 1.0 as f32
            &[0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0], // 1.0 as f64
        ] {
            let mut r = Reader::new(item);
            assert_eq!(r.skip(), Ok(()), "{item:02x?}");
            assert_eq!(r.position(), item.len(), "{item:02x?}");
        }
        assert_eq!(Reader::new(&[0xf5]).peek(), Ok(Type::Bool));
        assert_eq!(Reader::new(&[0xfb]).peek(), Ok(Type::F64));
        assert_eq!(Reader::new(&[0xc0]).peek(), Ok(Type::Tag));
        // Two-byte simple values below 32 are not well formed.
        assert_eq!(
            kind(Reader::new(&[0xf8, 0x1f]).skip()),
            ErrorKind::BadSimple
        );
        // A tag with nothing after it.
        let e = Reader::new(&[0xc0]).skip().unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 1,
                kind: ErrorKind::Truncated
            }
        );
        // A break where a value is expected.
        let e = Reader::new(&[0xff]).skip().unwrap_err();
        assert_eq!(e.to_string(), "unexpected CBOR break at byte 0");
        let e = Reader::new(&[0x81, 0xff]).skip().unwrap_err();
        assert_eq!(e.to_string(), "unexpected CBOR break at byte 1");
    }

    #[test]
    fn containers_definite_and_indefinite() {
        for item in [
            &[0x80][..],
            &[0x83, 0x01, 0x02, 0x03],
            &[0xa0],
            &[0xa2, 0x01, 0x02, 0x61, b'k', 0x80],
            &[0x9f, 0xff],
            &[0x9f, 0x01, 0x9f, 0x02, 0xff, 0xff],
            &[0xbf, 0x01, 0x02, 0xff],
            &[0xbf, 0x01, 0xbf, 0xff, 0xff],
            &[0x82, 0x9f, 0xff, 0xbf, 0xff],
            &[0x5f, 0xff],
            &[0x5f, 0x41, 0x01, 0x40, 0x42, 0x02, 0x03, 0xff],
            &[0x7f, 0x61, b'a', 0x62, b'b', b'c', 0xff],
        ] {
            let mut r = Reader::new(item);
            assert_eq!(r.skip(), Ok(()), "{item:02x?}");
            assert_eq!(r.position(), item.len(), "{item:02x?}");
        }
        // A break in place of a map value, a missing break, a wrong-type or nested-indefinite
        // chunk.
        let e = Reader::new(&[0xbf, 0x01, 0xff]).skip().unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 2,
                kind: ErrorKind::UnexpectedBreak
            }
        );
        let e = Reader::new(&[0x9f, 0x01, 0x02]).skip().unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 3,
                kind: ErrorKind::Truncated
            }
        );
        let e = Reader::new(&[0x5f, 0x41, 0x01, 0x61, b'a', 0xff])
            .skip()
            .unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 3,
                kind: ErrorKind::BadChunk
            }
        );
        assert!(e.to_string().starts_with("invalid CBOR at byte 3: a chunk"));
        let e = Reader::new(&[0x5f, 0x5f, 0xff, 0xff]).skip().unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 1,
                kind: ErrorKind::BadChunk
            }
        );
        let e = Reader::new(&[0x7f, 0x01, 0xff]).skip().unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 1,
                kind: ErrorKind::BadChunk
            }
        );
        // A chunk of the wrong type is named as such even when its own head is cut short.
        let e = Reader::new(&[0x5f, 0xfb, 0x00]).skip().unwrap_err();
        assert_eq!(
            e,
            Error {
                at: 1,
                kind: ErrorKind::BadChunk
            }
        );
        // An element that is truncated names its own start.
        let e = Reader::new(&[0x82, 0x01, 0x19, 0x01]).skip().unwrap_err();
        assert_eq!(e.to_string(), "CBOR truncated at byte 2");
        // Integer and non-integer keys.
        let mut r = Reader::new(&[0xa2, 0x26, 0x01, 0x61, b'k', 0x02]);
        assert_eq!(r.map(), Ok(Some(2)));
        assert_eq!(r.int_key(), Ok(Some(-7)));
        assert_eq!(r.i64(), Ok(1));
        assert_eq!(r.int_key(), Ok(None));
        assert_eq!(r.i64(), Ok(2));
        assert_eq!(r.position(), 6);
    }

    fn nested(levels: usize, open: u8) -> Vec<u8> {
        let mut v = vec![open; levels];
        v.push(0x00);
        v
    }

    #[test]
    fn depth_limit() {
        // The outermost item is depth 0: MAX_DEPTH arrays around a leaf put the leaf at depth
        // MAX_DEPTH, which is allowed; one more level is refused at the leaf's byte.
        for open in [0x81, 0xc6] {
            let ok = nested(MAX_DEPTH, open);
            let mut r = Reader::new(&ok);
            assert_eq!(r.skip(), Ok(()));
            assert_eq!(r.position(), ok.len());
            let deep = nested(MAX_DEPTH + 1, open);
            let e = Reader::new(&deep).skip().unwrap_err();
            assert_eq!(
                e,
                Error {
                    at: MAX_DEPTH + 1,
                    kind: ErrorKind::TooDeep
                }
            );
            assert_eq!(
                e.to_string(),
                "CBOR nested deeper than 16 levels at byte 17"
            );
        }
        // Maps and indefinite arrays count too; far deeper input stops at the same place.
        let mut deep = vec![0xa1, 0x00];
        deep.extend(std::iter::repeat_n(0x9f, 100_000));
        let e = Reader::new(&deep).skip().unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooDeep);
        assert_eq!(e.at, 2 + MAX_DEPTH);
    }

    #[test]
    fn item_limit() {
        // An array of n items is n + 1 items; the limit counts every item, nested or not.
        let array = |n: usize| {
            let mut v = vec![0x99];
            v.extend_from_slice(&(n as u16).to_be_bytes());
            v.extend(std::iter::repeat_n(0x00, n));
            v
        };
        let ok = array(MAX_ITEMS - 1);
        let mut r = Reader::new(&ok);
        assert_eq!(r.skip(), Ok(()));
        assert_eq!(r.position(), ok.len());
        let over = array(MAX_ITEMS);
        let e = Reader::new(&over).skip().unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooManyItems);
        assert_eq!(e.at, 3 + MAX_ITEMS - 1);
        assert_eq!(
            e.to_string(),
            format!("CBOR has more than 10000 items (stopped at byte {})", e.at)
        );
        // Each skip has its own budget.
        let mut two = ok.clone();
        two.extend_from_slice(&ok);
        let mut r = Reader::new(&two);
        assert_eq!(r.skip(), Ok(()));
        assert_eq!(r.skip(), Ok(()));
        assert_eq!(r.position(), two.len());
    }

    #[test]
    fn real_attestation_objects_skip_whole_and_fail_at_every_truncation() {
        for obj in real_objects() {
            let mut r = Reader::new(&obj);
            assert_eq!(r.skip(), Ok(()));
            assert_eq!(r.position(), obj.len());
            assert_eq!(Reader::new(&obj).map(), Ok(Some(3)));
            for n in 0..obj.len() {
                let e = Reader::new(&obj[..n]).skip().unwrap_err();
                assert!(e.is_truncated(), "cut at {n}: {e}");
                assert!(e.at <= n, "cut at {n}: {e}");
            }
        }
    }

    #[test]
    fn reader_started_inside_data_names_absolute_bytes() {
        let data = [0xaa, 0xbb, 0x82, 0x01];
        let mut r = Reader::at(&data, 2);
        assert_eq!(r.position(), 2);
        assert_eq!(
            r.skip().unwrap_err().to_string(),
            "CBOR truncated at byte 4"
        );
        assert_eq!(Reader::at(&data, 99).position(), 4);
        assert!(Reader::at(&data, 99).peek().unwrap_err().is_truncated());
    }

    /// xorshift64: deterministic, so a failure reproduces.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    type Read = fn(&mut Reader<'_>) -> Result<(), Error>;

    /// Runs every read on `input` from `start`, checking only invariants: no panic, positions
    /// and error offsets inside the input, progress on success.
    fn exercise(input: &[u8]) {
        let reads: [Read; 8] = [
            |r| r.skip(),
            |r| r.i64().map(|_| ()),
            |r| r.bytes().map(|_| ()),
            |r| r.str().map(|_| ()),
            |r| r.array().map(|_| ()),
            |r| r.map().map(|_| ()),
            |r| r.int_key().map(|_| ()),
            |r| r.peek().map(|_| ()),
        ];
        for (i, read) in reads.iter().enumerate() {
            let mut r = Reader::new(input);
            // Keep reading until an error or the end, so every offset gets visited.
            for _ in 0..input.len() + 1 {
                let before = r.position();
                match read(&mut r) {
                    Ok(()) => {
                        assert!(r.position() <= input.len());
                        if i == 7 {
                            break;
                        }
                        assert!(r.position() > before, "read {i} made no progress");
                    }
                    Err(e) => {
                        assert!(e.at <= input.len(), "{e}");
                        assert!(!e.to_string().is_empty());
                        break;
                    }
                }
                if r.position() == input.len() {
                    break;
                }
            }
        }
    }

    #[test]
    fn fuzz_random_and_mutated_bytes_never_panic() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        // Random bytes, biased towards heads with large arguments and containers.
        for _ in 0..20_000 {
            let len = rng.below(48);
            let buf: Vec<u8> = (0..len)
                .map(|_| match rng.below(4) {
                    0 => [
                        0x1b, 0x5b, 0x7b, 0x9b, 0xbb, 0x9f, 0xbf, 0x5f, 0x7f, 0xff, 0xdb,
                    ][rng.below(11)],
                    _ => rng.next() as u8,
                })
                .collect();
            exercise(&buf);
        }
        // Mutations of real attestation objects: one to four bytes changed, then cut somewhere.
        for obj in real_objects() {
            for _ in 0..3_000 {
                let mut m = obj.clone();
                for _ in 0..1 + rng.below(4) {
                    let i = rng.below(m.len());
                    m[i] = match rng.below(3) {
                        0 => rng.next() as u8,
                        1 => m[i] ^ (1 << rng.below(8)),
                        _ => [0x00, 0xff, 0x1b, 0x5b, 0x9f, 0xbf, 0xbb][rng.below(7)],
                    };
                }
                m.truncate(1 + rng.below(m.len()));
                exercise(&m);
                let _ = super::super::attestation::parse(&m);
            }
        }
    }
}
