//! The test service provider's inputs: the page address, pasted IdP metadata and an SSO URL
//! (split on the first NUL byte), through the whole tool as the page sends them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let mut parts = s.splitn(3, '\0');
    let page = parts.next().unwrap_or("");
    let sso = parts.next().unwrap_or("");
    let metadata = parts.next().unwrap_or("");
    let _ = ssocheck::saml::testsp::Sp::from_page_url(page);
    let _ = ssocheck::saml::testsp::idp::read(metadata);
    let _ = ssocheck::tools::run(&ToolRequest {
        tool: "test-sp".into(),
        files: vec![InputFile { name: "idp_metadata".into(), bytes: metadata.as_bytes().to_vec() }],
        fields: vec![
            ("page_url".into(), page.into()),
            ("sso_url".into(), sso.into()),
            ("request_id".into(), "_0123456789abcdef0123".into()),
            ("relay_state".into(), "0123456789abcdef".into()),
        ],
        now_ms: 0,
    });
});
