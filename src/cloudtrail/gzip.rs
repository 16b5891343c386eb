//! Gzip (RFC 1952) for trail files dropped as `.json.gz`: detected by the magic bytes, inflated with
//! miniz_oxide under a byte budget, so a gzip bomb stops at the cap instead of filling memory.
//! Several members (concatenated gzip files) are inflated one after another.

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GzipError {
    /// The inflated data would exceed the budget (bytes).
    OverCap(usize),
    /// Not a valid gzip stream: the reason.
    Invalid(String),
}

/// Length of the member header at the start of `b` (fixed part, FEXTRA, FNAME, FCOMMENT, FHCRC).
fn header_len(b: &[u8]) -> Result<usize, GzipError> {
    let bad = |m: &str| GzipError::Invalid(m.to_string());
    if b.len() < 10 || !is_gzip(b) {
        return Err(bad("the gzip header is cut short"));
    }
    if b.get(2) != Some(&8) {
        return Err(bad("the gzip compression method is not deflate"));
    }
    let flags = b.get(3).copied().unwrap_or(0);
    let mut i = 10usize;
    if flags & 4 != 0 {
        let lo = *b
            .get(i)
            .ok_or_else(|| bad("the gzip extra field is cut short"))? as usize;
        let hi = *b
            .get(i + 1)
            .ok_or_else(|| bad("the gzip extra field is cut short"))? as usize;
        i += 2 + (hi << 8 | lo);
    }
    for flag in [8u8, 16] {
        if flags & flag != 0 {
            let rest = b
                .get(i..)
                .ok_or_else(|| bad("the gzip header is cut short"))?;
            let end = rest
                .iter()
                .position(|&c| c == 0)
                .ok_or_else(|| bad("the gzip file name or comment is not terminated"))?;
            i += end + 1;
        }
    }
    if flags & 2 != 0 {
        i += 2;
    }
    if i > b.len() {
        return Err(bad("the gzip header is cut short"));
    }
    Ok(i)
}

/// Inflates every member of `input`; fails as soon as the output would exceed `cap` bytes.
pub fn gunzip(input: &[u8], cap: usize) -> Result<Vec<u8>, GzipError> {
    let mut out: Vec<u8> = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut rest = input;
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    loop {
        let h = header_len(rest)?;
        rest = rest.get(h..).unwrap_or(&[]);
        state.reset(DataFormat::Raw);
        loop {
            let r = inflate(&mut state, rest, &mut chunk, MZFlush::None);
            rest = rest.get(r.bytes_consumed..).unwrap_or(&[]);
            if out.len() + r.bytes_written > cap {
                return Err(GzipError::OverCap(cap));
            }
            out.extend_from_slice(chunk.get(..r.bytes_written).unwrap_or(&[]));
            match r.status {
                Ok(MZStatus::StreamEnd) => break,
                Ok(_) => {
                    if r.bytes_consumed == 0 && r.bytes_written == 0 {
                        return Err(GzipError::Invalid(
                            "the gzip data ends early (truncated file)".into(),
                        ));
                    }
                }
                Err(MZError::Buf) => {
                    return Err(GzipError::Invalid(
                        "the gzip data ends early (truncated file)".into(),
                    ))
                }
                Err(_) => {
                    return Err(GzipError::Invalid(
                        "the gzip data is corrupt (not a valid deflate stream)".into(),
                    ))
                }
            }
        }
        // The 8-byte trailer (CRC-32, size), then perhaps another member.
        rest = rest.get(8..).unwrap_or(&[]);
        while let Some((&0, tail)) = rest.split_first() {
            rest = tail; // zero padding after the last member, as some tools write
        }
        if !is_gzip(rest) {
            return Ok(out);
        }
    }
}
