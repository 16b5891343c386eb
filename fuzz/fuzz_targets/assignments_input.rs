//! The assignments tool: the input as every pasted listing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let files = ["assignments", "users", "groups", "cloudtrail"]
        .iter()
        .map(|n| InputFile { name: n.to_string(), bytes: data.to_vec() })
        .collect();
    let req = ToolRequest { tool: "assignments".into(), files, fields: vec![], now_ms: 0 };
    let _ = ssocheck::tools::run(&req).to_text();
});
