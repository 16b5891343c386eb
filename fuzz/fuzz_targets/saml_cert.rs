//! The X.509 DER reader behind the certificate panel (fed as the base64 an X509Certificate holds).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let b64 = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, data);
    let _ = ssocheck::saml::cert::parse_cert(&b64, 1_735_689_600_000, 1);
});
