//! The page ↔ engine messages (postcard): decoding any bytes never panics, and the engine answers
//! any bytes with a reply (a damaged request is a `Damaged` reply, not a trap).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::engine;

fuzz_target!(|data: &[u8]| {
    let _ = engine::decode_reply(data);
    if let Ok(req) = engine::decode_request(data) {
        let _ = engine::encode_request(&req);
    }
    let _ = engine::decode_reply(&engine::handle(data));
});
