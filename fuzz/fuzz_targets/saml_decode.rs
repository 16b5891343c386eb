//! Input decoding: base64, URL encoding, DEFLATE, HTML forms, HAR, text encodings.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for item in ssocheck::saml::decode::decode(data) {
        if let Ok(d) = item {
            assert!(d.xml.len() <= ssocheck::saml::decode::MAX_BYTES);
        }
    }
});
