//! Fuzz the SCIM reader and every rule behind it: any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{run, InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let req = ToolRequest {
        tool: "scim".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: data.to_vec(),
        }],
        ..ToolRequest::default()
    };
    let doc = run(&req);
    let _ = doc.to_text();
    let _ = doc.redacted();
});
