//! lookup-events output whose CloudTrailEvent string (parsed a second time) is the fuzz input.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let inner = serde_json::to_string(&String::from_utf8_lossy(data)).unwrap_or_default();
    let doc = format!("{{\"Events\":[{{\"EventName\":\"X\",\"CloudTrailEvent\":{inner}}}]}}");
    let _ = ssocheck::cloudtrail::input::parse_bytes(doc.as_bytes());
});
