//! The whole tool: the input as events and as the pasted list-users, through detections and the
//! document (and its redaction).
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let req = ToolRequest {
        tool: "cloudtrail".into(),
        files: vec![
            InputFile { name: "in".into(), bytes: data.to_vec() },
            InputFile { name: "users".into(), bytes: data.to_vec() },
        ],
        fields: vec![("user".into(), "alice".into())],
        now_ms: 0,
    };
    let _ = ssocheck::tools::run(&req).redacted().to_text();
});
