//! Canonicalization of any parsable document: exclusive (with a PrefixList and with comments) and
//! inclusive, of the root and of every element, never panics and stays linear.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssocheck::saml::dsig::c14n::{canonicalize, canonicalize_document, C14n};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(doc) = ssocheck::saml::xml::parse(text) else {
        return;
    };
    for uri in [
        "http://www.w3.org/2001/10/xml-exc-c14n#",
        "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
    ] {
        let Some(mut alg) = C14n::from_uri(uri) else {
            return;
        };
        let _ = canonicalize_document(&doc, None, &alg);
        alg.inclusive_prefixes = vec![String::new(), "xs".into()];
        // A few subtrees, with the first child element excluded as an enveloped signature would be.
        for el in doc.all_elements().take(16) {
            let excl = doc.elements(el).next();
            let _ = canonicalize(&doc, el, excl, &alg);
        }
    }
});
