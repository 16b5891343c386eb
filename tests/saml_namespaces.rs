//! Elements are SAML, XML-DSig or metadata elements by namespace and local name, never by name
//! alone; and the rules read the assertion that a signature covers.

use ssocheck::saml::{analyze, Analysis, Context};
use ssocheck::Severity;

const NOW: &str = "2025-01-01T00:01:00Z";
const SAML: &str = r#"<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion""#;
const DSIG: &str = r#"xmlns:ds="http://www.w3.org/2000/09/xmldsig#""#;

fn okta() -> String {
    let p = format!(
        "{}/tests/fixtures/saml/okta-idc-good.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&p).expect("the clean Okta fixture")
}

/// Replaces `from` (which must occur exactly once) by `to`.
fn swap(s: &str, from: &str, to: &str) -> String {
    assert_eq!(s.matches(from).count(), 1, "{from} must occur once");
    s.replacen(from, to, 1)
}

fn ctx() -> Context {
    Context {
        now_ms: ssocheck::time::parse_rfc3339(NOW).expect("now"),
        username: Some("alice@example.com".into()),
        ..Context::default()
    }
}

fn worst(a: &Analysis, id: &str) -> Option<Severity> {
    a.findings()
        .filter(|f| f.check == id)
        .map(|f| f.severity)
        .min()
}

fn message<'a>(a: &'a Analysis, id: &str, sev: Severity) -> &'a str {
    a.findings()
        .find(|f| f.check == id && f.severity == sev)
        .map(|f| f.message.as_str())
        .unwrap_or_else(|| panic!("no {sev:?} {id}"))
}

fn cli_exit(xml: &str) -> (i32, String) {
    // Tests run in parallel threads of one process: one file per call.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("ssocheck-ns-{}-{n}.xml", std::process::id()));
    std::fs::write(&path, xml).expect("temp file");
    let args: Vec<String> = ["saml", path.to_str().unwrap_or(""), "--now", NOW]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = ssocheck::cli::run(&args, &mut &b""[..], &mut out, &mut err);
    let _ = std::fs::remove_file(&path);
    (code, String::from_utf8_lossy(&out).into())
}

#[test]
fn the_clean_fixture_stays_clean() {
    let a = analyze(okta().as_bytes(), &ctx());
    assert!(!a.has_errors(), "{:#?}", a.findings().collect::<Vec<_>>());
    assert_eq!(worst(&a, "input.kind"), Some(Severity::Pass));
    assert_eq!(worst(&a, "saml.signature.missing"), Some(Severity::Pass));
    assert_eq!(cli_exit(&okta()).0, 0);
}

#[test]
fn assertion_and_signature_in_foreign_namespaces_are_errors_and_exit_1() {
    let x = swap(
        &okta(),
        SAML,
        r#"<saml2:Assertion xmlns:saml2="urn:example:not-saml""#,
    );
    let x = swap(&x, DSIG, r#"xmlns:ds="urn:example:not-dsig""#);
    let a = analyze(x.as_bytes(), &ctx());
    assert!(a.has_errors());
    assert_eq!(worst(&a, "saml.assertion.count"), Some(Severity::Error));
    assert!(message(&a, "saml.assertion.count", Severity::Error).contains("urn:example:not-saml"));
    assert_eq!(worst(&a, "saml.signature.missing"), Some(Severity::Error));
    assert!(message(&a, "saml.signature.missing", Severity::Error).contains("urn:example:not-dsig"));
    assert_eq!(worst(&a, "saml.signature.wrapping"), Some(Severity::Error));
    let k = message(&a, "input.kind", Severity::Warning);
    assert!(
        k.contains("not SAML elements") && k.contains("<saml2:Assertion>"),
        "{k}"
    );
    // No attribute or NameID of the look-alike is read as SAML.
    assert!(a.messages[0].attributes.is_empty());
    assert_eq!(a.messages[0].nameid, None);
    assert_eq!(a.messages[0].assertion_count, 0);
    assert_eq!(a.detected, "XML, 1 Response");
    let (code, out) = cli_exit(&x);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error [saml.signature.missing]"), "{out}");
}

#[test]
fn a_signature_in_a_foreign_namespace_is_no_signature() {
    let x = swap(&okta(), DSIG, r#"xmlns:ds="urn:example:not-dsig""#);
    let a = analyze(x.as_bytes(), &ctx());
    assert_eq!(worst(&a, "saml.signature.missing"), Some(Severity::Error));
    assert_eq!(worst(&a, "saml.signature.wrapping"), Some(Severity::Error));
    assert!(
        a.messages[0].certificates.is_empty(),
        "a look-alike's certificate is not read"
    );
    assert_eq!(cli_exit(&x).0, 1);
}

#[test]
fn an_assertion_in_a_foreign_namespace_is_no_assertion() {
    let x = swap(
        &okta(),
        SAML,
        r#"<saml2:Assertion xmlns:saml2="urn:example:not-saml""#,
    );
    let a = analyze(x.as_bytes(), &ctx());
    assert_eq!(worst(&a, "saml.assertion.count"), Some(Severity::Error));
    assert_eq!(cli_exit(&x).0, 1);
}

#[test]
fn a_root_in_a_foreign_namespace_is_not_a_saml_message() {
    let x = swap(
        &okta(),
        r#"xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol""#,
        r#"xmlns:saml2p="urn:example:not-samlp""#,
    );
    let a = analyze(x.as_bytes(), &ctx());
    assert_eq!(worst(&a, "input.kind"), Some(Severity::Error));
    assert!(message(&a, "input.kind", Severity::Error).contains("urn:example:not-samlp"));
    assert_eq!(cli_exit(&x).0, 1);
}

#[test]
fn a_prefix_bound_elsewhere_still_counts_by_namespace() {
    // Other prefixes, same namespaces: nothing changes.
    let x = okta()
        .replace("saml2:", "a:")
        .replace("xmlns:saml2=", "xmlns:a=")
        .replace("ds:", "sig:")
        .replace("xmlns:ds=", "xmlns:sig=");
    let a = analyze(x.as_bytes(), &ctx());
    // The only error: prefixes are part of the canonical form, so the renamed message no longer
    // matches its digest (saml.signature.digest); the structural checks see the same message.
    let errors: Vec<_> = a
        .findings()
        .filter(|f| f.severity == Severity::Error && f.check != "saml.signature.digest")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(worst(&a, "saml.signature.digest"), Some(Severity::Error));
    assert_eq!(worst(&a, "saml.signature.missing"), Some(Severity::Pass));
}

#[test]
fn with_several_assertions_the_signed_one_is_analyzed_and_the_report_says_why() {
    let good = okta();
    let start = good.find(SAML).expect("assertion");
    let end = good.find("</saml2:Assertion>").expect("end") + "</saml2:Assertion>".len();
    let signed = &good[start..end];
    // An unsigned copy with another ID and another NameID, placed BEFORE the signed assertion.
    let sig_start = signed.find("<ds:Signature").expect("sig");
    let sig_end = signed.find("</ds:Signature>").expect("sig end") + "</ds:Signature>".len();
    let evil = format!("{}{}", &signed[..sig_start], &signed[sig_end..])
        .replace("id4512345678901234567890124", "evil1")
        .replace("alice@example.com", "mallory@example.com");
    assert!(evil.contains("mallory@example.com"));
    let x = format!("{}{evil}{}", &good[..start], &good[start..]);
    let a = analyze(x.as_bytes(), &ctx());
    let m = &a.messages[0];
    assert_eq!(m.assertion_count, 2);
    assert_eq!(
        m.nameid.as_deref().map(str::trim),
        Some("alice@example.com")
    );
    let why = message(&a, "saml.assertion.count", Severity::Info);
    assert!(
        why.contains("id4512345678901234567890124") && why.contains("its own signature covers it"),
        "{why}"
    );
    assert_eq!(worst(&a, "saml.signature.wrapping"), Some(Severity::Error));
    assert!(message(&a, "saml.signature.wrapping", Severity::Error).contains("evil1"));
}

#[test]
fn pretty_lines_carry_their_depth_not_their_indentation() {
    let a = analyze(okta().as_bytes(), &ctx());
    let m = &a.messages[0];
    assert_eq!(m.xml_pretty.len(), m.xml_indent.len());
    assert!(m.xml_pretty.iter().all(|l| !l.starts_with(' ')));
    let i = m
        .xml_pretty
        .iter()
        .position(|l| l.starts_with("<saml2:NameID"))
        .expect("NameID line");
    // Response > Assertion > Subject > NameID: depth 3, six spaces.
    assert_eq!(m.xml_indent[i], 3);
    assert!(m.xml_line_indented(i).starts_with("      <saml2:NameID"));
}
