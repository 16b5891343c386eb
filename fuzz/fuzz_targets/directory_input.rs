//! Fuzz the Active Directory export reader (JSON, CSV, LDIF) and the primary-group analysis, and
//! the sign-in name and user-name checks: any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssocheck::tools::{run, InputFile, ToolRequest};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    for (tool, fields) in [
        ("directory", vec![("assigned".to_string(), "Domain Users".to_string())]),
        ("signin-name", vec![("source".to_string(), "ad".to_string())]),
        ("password", vec![("username".to_string(), text.clone()), ("password".to_string(), text.clone())]),
    ] {
        let req = ToolRequest {
            tool: tool.into(),
            files: vec![InputFile {
                name: String::new(),
                bytes: data.to_vec(),
            }],
            fields,
            ..ToolRequest::default()
        };
        let _ = run(&req).to_json();
    }
});
