//! The whole SAML analysis, its redacted copy and its report.
#![no_main]
use libfuzzer_sys::fuzz_target;
use ssocheck::saml::{analyze, redact_analysis, Context};

fuzz_target!(|data: &[u8]| {
    let ctx = Context {
        now_ms: 1_735_689_600_000,
        username: Some("alice@example.com".into()),
        ..Context::default()
    };
    let a = analyze(data, &ctx);
    let _ = redact_analysis(&a);
    let _ = a.to_report(false);
});
