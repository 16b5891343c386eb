//! The worker transfer format: decoding any bytes never panics; what decodes re-encodes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::saml::transfer;

fuzz_target!(|data: &[u8]| {
    if let Ok(a) = transfer::decode_analysis(data) {
        let _ = transfer::encode_analysis(&a);
    }
    let _ = transfer::decode_context(data);
});
