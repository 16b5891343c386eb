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

#[cfg(test)]
mod tests {
    use super::*;

    fn member(flags: u8, extra: &[u8], data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 3];
        out.extend_from_slice(extra);
        out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
        out.extend([0u8; 8]);
        out
    }

    #[test]
    fn optional_header_fields_and_members() {
        // FEXTRA (2-byte length), FNAME and FCOMMENT (zero-terminated), FHCRC (2 bytes).
        let mut extra = vec![3, 0, b'a', b'b', b'c'];
        extra.extend(b"trail.json\0a comment\0");
        extra.extend([0xab, 0xcd]);
        let mut gz = member(4 | 8 | 16 | 2, &extra, b"{\"Records\":");
        gz.extend(member(0, &[], b"[]}"));
        gz.extend([0, 0, 0]);
        assert_eq!(gunzip(&gz, 1024).as_deref(), Ok(&b"{\"Records\":[]}"[..]));
    }

    #[test]
    fn bad_streams_are_reported_not_panicked() {
        assert!(matches!(
            gunzip(&[0x1f, 0x8b], 10),
            Err(GzipError::Invalid(_))
        ));
        assert!(matches!(
            gunzip(&[0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 1], 10),
            Err(GzipError::Invalid(_))
        ));
        let mut unterminated = vec![0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3];
        unterminated.extend(b"no end");
        assert!(matches!(
            gunzip(&unterminated, 10),
            Err(GzipError::Invalid(_))
        ));
        let mut cut = member(0, &[], &[b'x'; 1000]);
        cut.truncate(14);
        assert!(matches!(gunzip(&cut, 10_000), Err(GzipError::Invalid(_))));
        let garbage = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff];
        assert!(gunzip(&garbage, 10_000).is_err());
        assert_eq!(
            gunzip(&member(0, &[], &[0; 5000]), 4999),
            Err(GzipError::OverCap(4999))
        );
    }
}
