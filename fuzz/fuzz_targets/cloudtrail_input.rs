//! Any bytes as a CloudTrail input of any shape (JSON container, array, record, JSON lines, gzip, CSV).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ssocheck::cloudtrail::input::parse_bytes(data);
});
