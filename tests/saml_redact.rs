//! "Copy redacted" replaces every private value, whatever its length or count.

use ssocheck::saml::{analyze, redact_analysis, Context};

fn okta_with(values: &[String]) -> String {
    let p = format!(
        "{}/tests/fixtures/saml/okta-idc-good.xml",
        env!("CARGO_MANIFEST_DIR")
    );
    let xml = std::fs::read_to_string(&p).expect("the clean Okta fixture");
    let mut attrs = String::new();
    for (i, v) in values.iter().enumerate() {
        attrs.push_str(&format!("<saml2:Attribute Name=\"custom{i}\"><saml2:AttributeValue>{v}</saml2:AttributeValue></saml2:Attribute>"));
    }
    let anchor = "</saml2:AttributeStatement>";
    assert_eq!(xml.matches(anchor).count(), 1);
    xml.replacen(anchor, &format!("{attrs}{anchor}"), 1)
}

fn ctx(username: &str) -> Context {
    Context {
        now_ms: ssocheck::time::parse_rfc3339("2025-01-01T00:01:00Z").expect("now"),
        username: Some(username.into()),
        ..Context::default()
    }
}

/// Whole tokens (runs of letters, digits and '_').
fn tokens(s: &str) -> std::collections::HashSet<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

#[test]
fn one_and_two_character_values_are_replaced() {
    let values = vec!["Q".to_string(), "Zq".to_string()];
    let xml = okta_with(&values);
    let a = analyze(xml.as_bytes(), &ctx("Wy"));
    // The values are really in the unredacted analysis (the test cannot pass vacuously).
    let plain: String = a.messages[0].xml_pretty.join("\n");
    for v in ["Q", "Zq"] {
        assert!(tokens(&plain).contains(v), "{v} not in the analysis");
    }
    let red = redact_analysis(&a);
    for v in ["Q", "Zq", "Wy"] {
        assert!(!tokens(&red).contains(v), "{v} survived:\n{red}");
    }
    assert!(red.contains("value-"), "pseudonyms are used");
    // A one-character value is not replaced inside other words.
    assert!(red.contains("AttributeStatement"));
}

#[test]
fn a_thousand_values_are_all_replaced() {
    let values: Vec<String> = (0..1000).map(|i| format!("secret{i:04}x")).collect();
    let xml = okta_with(&values);
    let a = analyze(xml.as_bytes(), &ctx("alice@example.com"));
    assert_eq!(a.messages[0].attributes.len(), 1001);
    let red = redact_analysis(&a);
    for v in &values {
        assert!(!red.contains(v.as_str()), "{v} survived");
    }
    assert!(!red.contains("alice@example.com"));
    assert!(red.contains("value-1000"), "1,000 distinct pseudonyms");
}
