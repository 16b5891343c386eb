//! The self-check link parser: `#/route?query` hashes and their parameters.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = ssocheck::links::parse_hash(&s);
    let q = ssocheck::links::parse_query(&s);
    let _ = ssocheck::links::parse_selfcheck(&q);
    let _ = ssocheck::links::percent_decode(&s);
});
