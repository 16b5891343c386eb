//! The X.509 DER reader behind the certificate panel (fed as the base64 an X509Certificate holds).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let b64 = ssocheck::codec::base64_encode(data, false, true);
    let _ = ssocheck::saml::cert::parse_cert(&b64, 1_735_689_600_000, 1);
});
