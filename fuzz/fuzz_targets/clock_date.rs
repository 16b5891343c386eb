//! The HTTP `Date` and `Age` header parsers of the clock check.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = ssocheck::clock::date::parse_http_date(&s);
    let _ = ssocheck::clock::date::parse_age(&s);
});
