//! Fuzz target: the `iam` engine on arbitrary input (it must never panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{run, InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let req = ToolRequest {
        tool: "iam".into(),
        // The same bytes as identity policy and as SCPs; the first line also as the context field.
        files: vec![
            InputFile {
                name: String::new(),
                bytes: data.to_vec(),
            },
            InputFile {
                name: "scp".into(),
                bytes: data.to_vec(),
            },
        ],
        fields: vec![(
            "context".into(),
            String::from_utf8_lossy(data).lines().next().unwrap_or("").to_string(),
        )],
        now_ms: 0,
    };
    let _ = run(&req).to_json();
});
