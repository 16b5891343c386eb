//! JSON lines: a valid first record, then the fuzz input as further lines.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut doc = b"{\"eventName\":\"CredentialVerification\",\"eventSource\":\"signin.amazonaws.com\"}\n".to_vec();
    doc.extend_from_slice(data);
    let _ = ssocheck::cloudtrail::input::parse_bytes(&doc);
});
