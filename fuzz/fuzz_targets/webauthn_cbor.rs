//! The CBOR reader, through the attestation object and authenticator data parsers.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ssocheck::webauthn::attestation::parse(data);
    let _ = ssocheck::webauthn::authdata::parse(data);
});
