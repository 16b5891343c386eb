//! Hostile SCIM input: deep nesting, 100,000 members, huge strings, many bodies, unclosed braces,
//! input above the byte cap. Each case must finish quickly with bounded memory and name the cap it
//! hit. Timings are printed (run `cargo test --release --test scim_hostile -- --nocapture` for the
//! README's figures); the asserted bounds are generous so that a debug build on a busy machine
//! passes too.
//!
//! A counting global allocator measures the peak heap of each case (cases run one after another in
//! one test, so the figure is not shared with another thread).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use ssocheck::doc::Document;
use ssocheck::tools::{run, InputFile, ToolRequest};
use ssocheck::Severity;

struct Counting;
static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(l.size(), Ordering::Relaxed) + l.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        CURRENT.fetch_sub(l.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Seconds allowed per case: generous in debug builds, tight in release.
fn bound() -> f64 {
    if cfg!(debug_assertions) {
        60.0
    } else {
        2.0
    }
}

fn measure(name: &str, input: Vec<u8>) -> Document {
    let size = input.len();
    let req = ToolRequest {
        tool: "scim".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: input,
        }],
        ..ToolRequest::default()
    };
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Instant::now();
    let d = run(&req);
    let json = d.to_json();
    let secs = t.elapsed().as_secs_f64();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    println!(
        "{name}: input {size} bytes, {secs:.3} s, peak heap {:.1} MB, report {} bytes",
        peak as f64 / 1e6,
        json.len()
    );
    assert!(secs < bound(), "{name} took {secs} s");
    // Memory: the parsed tree plus the report, at most ~40 times the input and 400 MB.
    assert!(
        peak < (size * 40).max(16_000_000) && peak < 400_000_000,
        "{name}: peak heap {peak} bytes for {size} bytes of input"
    );
    // The report stays small whatever the input (evidence is cut, findings capped per check).
    assert!(
        json.len() < 2_000_000,
        "{name}: report of {} bytes",
        json.len()
    );
    d
}

fn has(d: &Document, id: &str, text: &str) -> bool {
    d.findings
        .iter()
        .any(|f| f.check == id && f.message.contains(text))
}

#[test]
fn hostile_inputs_finish_quickly_with_bounded_memory() {
    // Deep nesting, as JSON and inside log text.
    let mut deep = "[".repeat(200_000);
    deep.push_str(&"]".repeat(200_000));
    let d = measure("200,000 nested arrays", deep.into_bytes());
    assert!(has(&d, "scim.input", "MAX_DEPTH"), "{}", d.to_text());
    assert_eq!(d.exit_code(), 2);
    let deep_obj = format!("log: {}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let d = measure(
        "100,000 nested objects in a log line",
        deep_obj.into_bytes(),
    );
    assert!(has(&d, "scim.input", "MAX_DEPTH"));

    // 100,000 members in one PatchGroup request.
    let members: Vec<String> = (0..100_000)
        .map(|i| format!("{{\"value\":\"9067729b3d-{i:08x}-1111-2222-3333-444455556666\"}}"))
        .collect();
    let patch = format!(
        "{{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{{\"op\":\"add\",\"path\":\"members\",\"value\":[{}]}}]}}",
        members.join(",")
    );
    let d = measure("PatchGroup with 100,000 members", patch.into_bytes());
    assert!(
        has(&d, "scim.members-limit", "changes 100000 memberships"),
        "{}",
        d.to_text()
    );

    // CreateGroup with 100,000 members.
    let group = format!(
        "{{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"G\",\"members\":[{}]}}",
        members.join(",")
    );
    let d = measure("CreateGroup with 100,000 members", group.into_bytes());
    assert!(has(&d, "scim.members-limit", "created with 100000 members"));

    // Huge strings.
    let huge = "x".repeat(7_000_000);
    let user = format!("{{\"userName\":\"{huge}\",\"name\":{{\"givenName\":\"G\",\"familyName\":\"{huge}\"}},\"displayName\":\"D\"}}");
    let user = user.replacen(&huge, &"y".repeat(3_000_000), 2);
    let d = measure("user with two 3 MB strings", user.into_bytes());
    assert!(
        has(&d, "scim.length", "is 3000000 characters long"),
        "{}",
        d.to_text()
    );

    // Many values in one list: each is checked, findings are capped per check.
    let emails: Vec<String> = (0..50_000)
        .map(|i| format!("{{\"value\":\"\\u0007{i}@example.com\"}}"))
        .collect();
    let many = format!(
        "{{\"userName\":\"u\",\"name\":{{\"givenName\":\"G\",\"familyName\":\"F\"}},\"displayName\":\"D\",\"emails\":[{}]}}",
        emails.join(",")
    );
    let d = measure(
        "user with 50,000 emails with control characters",
        many.into_bytes(),
    );
    assert!(
        has(&d, "scim.pattern", "MAX_FINDINGS_PER_CHECK"),
        "{}",
        d.to_text()
    );
    assert!(
        d.findings
            .iter()
            .filter(|f| f.check == "scim.pattern")
            .count()
            <= 52
    );

    // Many bodies (JSON lines), above the body cap.
    let line = r#"{"userName":"u","name":{"givenName":"G","familyName":"F"},"displayName":"D"}"#;
    let lines = vec![line; 12_000].join("\n");
    let d = measure("12,000 JSON lines (duplicates)", lines.into_bytes());
    assert!(has(&d, "scim.input", "MAX_BODIES"), "{}", d.to_text());
    assert!(d
        .findings
        .iter()
        .any(|f| f.check == "scim.duplicate" && f.severity == Severity::Error));

    // Unclosed braces in log text: bounded retries, not quadratic.
    let braces = "{ x ".repeat(1_000_000);
    let d = measure("1,000,000 unclosed braces in text", braces.into_bytes());
    assert_eq!(d.exit_code(), 2);

    // Above the byte cap: refused without parsing.
    let big = vec![b' '; 8 * 1024 * 1024 + 1];
    let d = measure("input above MAX_BYTES", big);
    assert!(has(&d, "scim.input", "MAX_BYTES"));
    assert_eq!(d.exit_code(), 2);

    // Invalid UTF-8 and binary noise.
    let noise: Vec<u8> = (0..1_000_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let d = measure("1 MB of binary noise", noise);
    assert_eq!(d.exit_code(), 2);
}
