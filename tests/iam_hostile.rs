//! Hostile policy input: deep nesting, huge lists, pathological wildcards, oversized files. The
//! evaluator must answer (never panic) within generous bounds, naming the cap it hit.

use std::time::{Duration, Instant};

use ssocheck::doc::Document;
use ssocheck::tools::{run, InputFile, ToolRequest};

fn tool(files: Vec<(&str, Vec<u8>)>) -> (Document, Duration) {
    let req = ToolRequest {
        tool: "iam".into(),
        files: files
            .into_iter()
            .map(|(n, b)| InputFile {
                name: n.into(),
                bytes: b,
            })
            .collect(),
        fields: vec![("account".into(), "111122223333".into())],
        now_ms: 0,
    };
    let t = Instant::now();
    let d = run(&req);
    (d, t.elapsed())
}

const BOUND: Duration = Duration::from_secs(10);

#[test]
fn deep_nesting_is_a_syntax_finding() {
    let deep = "[".repeat(200_000);
    let (d, t) = tool(vec![("deep.json", deep.into_bytes())]);
    assert!(t < BOUND, "{t:?}");
    assert_eq!(d.exit_code(), 2);
    assert!(
        d.findings
            .iter()
            .any(|f| f.check == "iam.policy-syntax" && f.message.contains("recursion")),
        "{:#?}",
        d.findings
    );
    // Nesting inside a statement.
    let s = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{}}}]}}"#,
        "{\"a\":".repeat(100_000)
    );
    let (d, t) = tool(vec![("deep2.json", s.into_bytes())]);
    assert!(t < BOUND);
    assert_eq!(d.exit_code(), 2);
}

#[test]
fn oversized_file_is_refused_with_the_cap_named() {
    let big = format!(
        r#"{{"Version":"2012-10-17","Statement":[],"Id":"{}"}}"#,
        "x".repeat(2 << 20)
    );
    let (d, t) = tool(vec![("big.json", big.into_bytes())]);
    assert!(t < BOUND);
    assert!(
        d.findings.iter().any(|f| f.message.contains("file cap")),
        "{:#?}",
        d.findings
    );
}

#[test]
fn many_statements_and_wildcards_stay_bounded() {
    // Just under the file cap: 100 statements, each with 40 pathological patterns.
    let pat = format!("\"{}b\"", "*a".repeat(100));
    let pats = vec![pat; 20].join(",");
    let stmt = format!(r#"{{"Effect":"Allow","Action":[{pats}],"Resource":[{pats}]}}"#);
    let doc = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        vec![stmt; 100].join(",")
    );
    let bytes = doc.into_bytes();
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let (d, t) = tool(vec![("many.json", bytes)]);
    assert!(t < BOUND, "{t:?}");
    assert!(d.accepted);
    assert_eq!(
        d.findings
            .iter()
            .find(|f| f.check == "iam.decision")
            .map(|f| f.severity),
        Some(ssocheck::Severity::Error)
    );
    println!("figure: 100 statements x 40 patterns of 201 chars evaluated in {t:?}");
}

#[test]
fn statement_cap_is_named() {
    let stmt = r#"{"Effect":"Deny","Action":"s3:*","Resource":"*"}"#;
    let doc = format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        vec![stmt; 1500].join(",")
    );
    let (d, t) = tool(vec![("cap.json", doc.into_bytes())]);
    assert!(t < BOUND);
    assert!(
        d.findings
            .iter()
            .any(|f| f.message.contains("statement cap")),
        "{:#?}",
        d.findings
    );
}

#[test]
fn garbage_never_panics() {
    let inputs: Vec<&[u8]> = vec![
        b"",
        b"\xff\xfe\x00",
        b"{\"Statement\": 5}",
        b"{\"Statement\": [1, \"x\", null, {\"Effect\": 3}]}",
        b"{\"PolicyVersion\": {\"Document\": \"%7B%ZZ\"}}",
        b"{\"PolicyVersion\": {\"Document\": \"%7B\"}}",
        b"{\"Policy\": {\"Content\": 7}}",
        b"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"${\",\"Condition\":{\"StringLike\":5}}}",
        b"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"DateLessThan\":{\"aws:CurrentTime\":\"\xc3\xa9\"}}}}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[{\"Statement\":[]}]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        b"{} {} {} [] \"x\" 1",
    ];
    for i in inputs {
        let (d, t) = tool(vec![("g.json", i.to_vec())]);
        assert!(t < BOUND);
        let _ = d.to_text();
    }
}
