//! The administrator tools in the browser: the engine's protocol and the SAML analysis in wasm, and
//! the page's helpers.

use ssocheck::engine::{self, ExportFormat, Reply, Request};
use ssocheck::tools::{InputFile, ToolRequest};
use ssocheck::ui::pages::tool::human_size;
use wasm_bindgen_test::wasm_bindgen_test;

fn run(bytes: &[u8], fields: Vec<(String, String)>) -> engine::Answer {
    let req = Request::Run(ToolRequest {
        tool: "saml".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: bytes.to_vec(),
        }],
        fields,
        now_ms: 1_800_000_000_000,
    });
    match engine::decode_reply(&engine::handle(&engine::encode_request(&req))) {
        Ok(Reply::Answer(a)) => a,
        other => panic!("unexpected reply {other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_engine_analyzes_saml_in_wasm_without_panicking() {
    let xml = include_str!("../fixtures/saml/okta-idc-good.xml");
    let a = run(xml.as_bytes(), vec![("flow".into(), "auto".into())]);
    assert!(
        a.documents[0].detected.contains("1 Response"),
        "{}",
        a.documents[0].detected
    );
    assert!(a.documents[0].blocks.iter().any(|b| b.id == "attributes"));
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let b = run(&junk, vec![]);
    assert!(b.documents[0]
        .findings
        .iter()
        .any(|f| f.check.starts_with("input.")));
}

#[wasm_bindgen_test]
fn a_fixed_time_field_is_used_and_a_bad_one_is_refused() {
    let xml = include_str!("../fixtures/saml/okta-idc-good.xml");
    let ok = run(
        xml.as_bytes(),
        vec![("now".into(), "2025-06-01T12:00:00Z".into())],
    );
    assert!(ok.documents[0].accepted);
    let bad = run(xml.as_bytes(), vec![("now".into(), "yesterday".into())]);
    assert!(!bad.documents[0].accepted);
    assert!(bad.documents[0].detected.contains("RFC 3339"));
}

#[wasm_bindgen_test]
fn redacted_exports_come_from_the_engine() {
    let xml = include_str!("../fixtures/saml/okta-idc-good.xml");
    let a = run(xml.as_bytes(), vec![]);
    let req = Request::Export {
        answer: a,
        format: ExportFormat::Text,
        redacted: true,
    };
    match engine::decode_reply(&engine::handle(&engine::encode_request(&req))) {
        Ok(Reply::Export(text)) => {
            assert!(text.contains("SAML"));
            assert!(!text.contains("alice@example.com"), "{text}");
        }
        other => panic!("unexpected reply {other:?}"),
    }
    assert_eq!(human_size(12_345), "12.3 kB");
}
