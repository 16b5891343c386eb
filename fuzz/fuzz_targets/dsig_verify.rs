//! Signature verification of any input the SAML page accepts (every ds:Signature, the redirect
//! binding's query string), with and without a trusted certificate: never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssocheck::saml::dsig::keys::Trusted;
use ssocheck::saml::dsig::verify::verify_document;

fuzz_target!(|data: &[u8]| {
    // The input itself may be a certificate or metadata (the "IdP metadata or certificate" field).
    let mut t = Trusted::default();
    let _ = t.add(data, "fuzz");
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(doc) = ssocheck::saml::xml::parse(text) {
            let _ = verify_document(&doc, &t);
            let _ = verify_document(&doc, &Trusted::default());
        }
        if let Some(rs) = ssocheck::saml::dsig::redirect::from_query(text) {
            let _ = ssocheck::saml::dsig::redirect::verify(&rs, &t);
        }
    }
});
