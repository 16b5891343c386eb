//! Canonicalization, byte for byte, against public vectors (tests/fixtures/saml/c14n, see its
//! README) and the W3C examples for comments and InclusiveNamespaces.

use ssocheck::saml::dsig::c14n::{canonicalize, canonicalize_document, C14n};
use ssocheck::saml::xml::parse;

const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_COMMENTS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const INC: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const INC_COMMENTS: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments";

fn doc_c14n(xml: &str, uri: &str) -> String {
    let d = parse(xml).expect("vector parses");
    let alg = C14n::from_uri(uri).expect("known algorithm");
    String::from_utf8(canonicalize_document(&d, None, &alg)).expect("utf-8")
}

#[test]
fn public_vectors_byte_for_byte() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/saml/c14n");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("the c14n vectors folder exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    entries.sort();
    for input in entries {
        let xml = std::fs::read_to_string(&input).expect("read");
        for (ext, uri) in [
            ("exc-c14n", EXC),
            ("c14n10", INC),
            ("exc-c14n-comments", EXC_COMMENTS),
            ("c14n10-comments", INC_COMMENTS),
        ] {
            let expected = input.with_extension(ext);
            let Ok(want) = std::fs::read_to_string(&expected) else {
                continue;
            };
            let got = doc_c14n(&xml, uri);
            if got != want {
                failures.push(format!(
                    "{}:\n--- expected\n{want}\n--- got\n{got}",
                    expected.display()
                ));
            }
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} vectors found in {dir}");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Canonical XML 1.0 §3.1 (PIs, comments, whitespace outside the document element).
#[test]
fn w3c_c14n_3_1_comments_and_pis() {
    let input = "<?xml version=\"1.0\"?>\n\n<?xml-stylesheet   href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n\n<doc>Hello, world!<!-- Comment 1 --></doc>\n\n<?pi-without-data     ?>\n\n<!-- Comment 2 -->\n\n<!-- Comment 3 -->";
    assert_eq!(
        doc_c14n(input, INC),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>"
    );
    assert_eq!(
        doc_c14n(input, INC_COMMENTS),
        "<?xml-stylesheet href=\"doc.xsl\"\n   type=\"text/xsl\"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->"
    );
    assert_eq!(
        doc_c14n(input, EXC_COMMENTS),
        doc_c14n(input, INC_COMMENTS),
        "no namespaces: exclusive equals inclusive"
    );
}

/// Canonical XML 1.0 §3.4 (character modifications and references), without the DTD parts.
#[test]
fn w3c_c14n_3_4_characters() {
    let input = "<doc>\n   <text>First line&#x0d;&#10;Second line</text>\n   <value>&#x32;</value>\n   <compute><![CDATA[value>\"0\" && value<\"10\" ?\"valid\":\"error\"]]></compute>\n   <compute expr='value>\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"'>valid</compute>\n   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>\n</doc>";
    assert_eq!(
        doc_c14n(input, INC),
        "<doc>\n   <text>First line&#xD;\nSecond line</text>\n   <value>2</value>\n   <compute>value&gt;\"0\" &amp;&amp; value&lt;\"10\" ?\"valid\":\"error\"</compute>\n   <compute expr=\"value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;\">valid</compute>\n   <norm attr=\" '    &#xD;&#xA;&#x9;   ' \"></norm>\n</doc>"
    );
}

/// Exclusive c14n §2.2 example: the subtree of elem2, inclusive vs exclusive.
#[test]
fn w3c_exc_c14n_subtree() {
    let x = "<n0:local xmlns:n0=\"foo:bar\" xmlns:n3=\"ftp://example.org\"><n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"/></n1:elem2></n0:local>";
    let d = parse(x).unwrap();
    let elem2 = d.elements(d.root).next().unwrap();
    let inc = canonicalize(&d, elem2, None, &C14n::from_uri(INC).unwrap());
    assert_eq!(
        String::from_utf8(inc).unwrap(),
        "<n1:elem2 xmlns:n0=\"foo:bar\" xmlns:n1=\"http://example.net\" xmlns:n3=\"ftp://example.org\" xml:lang=\"en\"><n3:stuff></n3:stuff></n1:elem2>"
    );
    let exc = canonicalize(&d, elem2, None, &C14n::from_uri(EXC).unwrap());
    assert_eq!(
        String::from_utf8(exc).unwrap(),
        "<n1:elem2 xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff></n1:elem2>"
    );
    // InclusiveNamespaces PrefixList="n0": n0 rendered on the apex although unused.
    let mut alg = C14n::from_uri(EXC).unwrap();
    alg.inclusive_prefixes = vec!["n0".into()];
    let excp = canonicalize(&d, elem2, None, &alg);
    assert_eq!(
        String::from_utf8(excp).unwrap(),
        "<n1:elem2 xmlns:n0=\"foo:bar\" xmlns:n1=\"http://example.net\" xml:lang=\"en\"><n3:stuff xmlns:n3=\"ftp://example.org\"></n3:stuff></n1:elem2>"
    );
}

/// A SAML assertion whose xs prefix is only used in an xsi:type value: exclusive c14n does not
/// render it unless the PrefixList names it (why IdPs send PrefixList="xs").
#[test]
fn prefix_list_for_qname_values() {
    let x = r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><saml:AttributeValue xsi:type="xs:string">a</saml:AttributeValue></saml:Assertion>"#;
    let d = parse(x).unwrap();
    let plain = canonicalize(&d, d.root, None, &C14n::from_uri(EXC).unwrap());
    assert_eq!(
        String::from_utf8(plain).unwrap(),
        r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"><saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">a</saml:AttributeValue></saml:Assertion>"#
    );
    let mut alg = C14n::from_uri(EXC).unwrap();
    alg.inclusive_prefixes = vec!["xs".into()];
    let with = canonicalize(&d, d.root, None, &alg);
    assert_eq!(
        String::from_utf8(with).unwrap(),
        r#"<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema"><saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">a</saml:AttributeValue></saml:Assertion>"#
    );
}

/// The enveloped signature is left out; comments only with the WithComments variant.
#[test]
fn enveloped_exclusion_and_comments() {
    let x = r#"<r ID="a"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo/></ds:Signature><n>u<!--c-->ser</n></r>"#;
    let d = parse(x).unwrap();
    let sig = d.elements(d.root).next().unwrap();
    let out = canonicalize(&d, d.root, Some(sig), &C14n::from_uri(EXC).unwrap());
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"<r ID="a"><n>user</n></r>"#
    );
    let out = canonicalize(
        &d,
        d.root,
        Some(sig),
        &C14n::from_uri(EXC_COMMENTS).unwrap(),
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#"<r ID="a"><n>u<!--c-->ser</n></r>"#
    );
}
