//! Fuzz target: the `role` engine on arbitrary input (it must never panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{run, InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let req = ToolRequest {
        tool: "role".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: data.to_vec(),
        }],
        fields: Vec::new(),
        now_ms: 0,
    };
    let _ = run(&req).to_json();
});
