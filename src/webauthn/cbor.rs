//! Bounded helpers over minicbor for untrusted input: a skip with a depth and item budget, and
//! error texts that say where decoding stopped.
//!
//! minicbor's own `skip` recurses without a limit we control, so a hostile attestation object of
//! nested arrays could exhaust the wasm stack; this walk refuses anything deeper than `MAX_DEPTH`.

use minicbor::data::Type;
use minicbor::Decoder;

/// Deeper than any real attestation statement (x5c is depth 2) by a wide margin.
pub const MAX_DEPTH: usize = 16;
/// Items (of any kind) one skip may walk before it gives up.
pub const MAX_ITEMS: usize = 10_000;

/// Describes a minicbor error together with the byte offset it happened at.
pub fn describe(e: &minicbor::decode::Error, at: usize) -> String {
    if e.is_end_of_input() {
        format!("CBOR truncated at byte {at}")
    } else {
        format!("invalid CBOR at byte {at}: {e}")
    }
}

/// Skips one complete value, refusing nesting deeper than `MAX_DEPTH` and more than `MAX_ITEMS`.
pub fn skip(d: &mut Decoder<'_>) -> Result<(), String> {
    let mut budget = MAX_ITEMS;
    skip_inner(d, 0, &mut budget)
}

fn skip_inner(d: &mut Decoder<'_>, depth: usize, budget: &mut usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "CBOR nested deeper than {MAX_DEPTH} levels at byte {}",
            d.position()
        ));
    }
    if *budget == 0 {
        return Err(format!(
            "CBOR has more than {MAX_ITEMS} items (stopped at byte {})",
            d.position()
        ));
    }
    *budget -= 1;
    let at = d.position();
    let ty = d.datatype().map_err(|e| describe(&e, at))?;
    match ty {
        Type::Array | Type::ArrayIndef => {
            let len = d.array().map_err(|e| describe(&e, at))?;
            walk(d, len, 1, depth, budget)
        }
        Type::Map | Type::MapIndef => {
            let len = d.map().map_err(|e| describe(&e, at))?;
            walk(d, len, 2, depth, budget)
        }
        Type::Tag => {
            d.tag().map_err(|e| describe(&e, at))?;
            skip_inner(d, depth + 1, budget)
        }
        Type::Break => Err(format!("unexpected CBOR break at byte {at}")),
        Type::Unknown(b) => Err(format!("unknown CBOR type 0x{b:02x} at byte {at}")),
        // Scalars and (possibly chunked) strings hold no nested values, so minicbor's skip is safe.
        _ => d.skip().map_err(|e| describe(&e, at)),
    }
}

/// Walks `len` entries (`per` values each), or until a break for indefinite containers. Each entry
/// consumes at least one byte, so a huge length prefix ends at the end of the input, not in a loop
/// over the claimed length.
fn walk(
    d: &mut Decoder<'_>,
    len: Option<u64>,
    per: usize,
    depth: usize,
    budget: &mut usize,
) -> Result<(), String> {
    match len {
        Some(n) => {
            for _ in 0..n {
                for _ in 0..per {
                    skip_inner(d, depth + 1, budget)?;
                }
            }
            Ok(())
        }
        None => loop {
            let at = d.position();
            if d.datatype().map_err(|e| describe(&e, at))? == Type::Break {
                d.skip().map_err(|e| describe(&e, at))?;
                return Ok(());
            }
            for _ in 0..per {
                skip_inner(d, depth + 1, budget)?;
            }
        },
    }
}

/// Reads an integer map key or label (COSE uses negative labels); `None` for any other key type,
/// which the caller skips.
pub fn int_key(d: &mut Decoder<'_>) -> Result<Option<i64>, String> {
    let at = d.position();
    match d.datatype().map_err(|e| describe(&e, at))? {
        Type::U8
        | Type::U16
        | Type::U32
        | Type::U64
        | Type::I8
        | Type::I16
        | Type::I32
        | Type::I64
        | Type::Int => d
            .i64()
            .map(Some)
            .map_err(|_| format!("integer out of range at byte {at}")),
        _ => {
            skip(d)?;
            Ok(None)
        }
    }
}
