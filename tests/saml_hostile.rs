//! Hostile input: random bytes, truncations, billion laughs, deep nesting, bad encodings, huge and
//! compressed-bomb inputs. Every case must end with a clear finding and no panic.

mod saml_common;

use saml_common::*;
use ssocheck::saml::{analyze, Analysis};
use ssocheck::Severity;

fn first_input_error(a: &Analysis) -> Option<(String, String)> {
    a.findings()
        .find(|f| f.check.starts_with("input.") && f.severity == Severity::Error)
        .map(|f| (f.check.clone(), f.message.clone()))
}

#[test]
fn random_bytes_never_panic() {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let alphabet = b"<>/=\"' abcdefghijklmnopqrstuvwxyzAB+%&;:-_!?[]\n\t\x00\xff\xc3";
    for i in 0..3000 {
        let len = (next() % 300) as usize;
        let bytes: Vec<u8> = if i % 2 == 0 {
            (0..len).map(|_| next() as u8).collect()
        } else {
            (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        };
        let a = analyze(&bytes, &ctx(None));
        assert!(!a.messages.is_empty(), "iteration {i}: no message at all");
        let _ = ssocheck::saml::redact_analysis(&a);
        let _ = a.to_report(false).to_text();
    }
}

#[test]
fn every_truncation_of_a_fixture_is_handled() {
    let xml = Tpl::okta_idc().xml();
    let mut boundaries: Vec<usize> = (0..xml.len())
        .filter(|i| xml.is_char_boundary(*i))
        .collect();
    boundaries.push(xml.len());
    let mut refused = 0;
    for i in boundaries {
        let a = analyze(&xml.as_bytes()[..i], &ctx(None));
        if first_input_error(&a).is_some() {
            refused += 1;
        }
    }
    assert!(
        refused > xml.len() / 2,
        "most truncations must be reported as malformed ({refused})"
    );
    // Base64 truncations too.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(xml.as_bytes());
    for i in (0..b64.len()).step_by(7) {
        let _ = analyze(&b64.as_bytes()[..i], &ctx(None));
    }
}

#[test]
fn billion_laughs_is_refused_as_dtd() {
    let doc = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol2;</samlp:Response>"#;
    let a = analyze(doc.as_bytes(), &ctx(None));
    let (id, msg) = first_input_error(&a).expect("refused");
    assert_eq!(id, "input.dtd");
    assert!(msg.contains("line 2"), "{msg}");
    // An entity reference without a DTD is refused too.
    let a = analyze(b"<a>&xxe;</a>", &ctx(None));
    assert_eq!(
        first_input_error(&a).map(|x| x.0).as_deref(),
        Some("input.dtd")
    );
}

#[test]
fn deep_nesting_is_refused_clearly() {
    let n = 100_000;
    let doc = "<a>".repeat(n) + &"</a>".repeat(n);
    let t = std::time::Instant::now();
    let a = analyze(doc.as_bytes(), &ctx(None));
    let (id, msg) = first_input_error(&a).expect("refused");
    assert_eq!(id, "input.depth");
    assert!(msg.contains("256"), "{msg}");
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn invalid_utf8_and_utf16() {
    let mut bytes = b"<samlp:Response>\n  <x>caf".to_vec();
    bytes.extend([0xC3, 0x28]);
    bytes.extend(b"</x></samlp:Response>");
    let a = analyze(&bytes, &ctx(None));
    let (id, msg) = first_input_error(&a).expect("refused");
    assert_eq!(id, "input.decode");
    assert!(msg.contains("UTF-8") && msg.contains("line 2"), "{msg}");
    // UTF-16LE with BOM is converted and analysed.
    let xml = Tpl::okta_idc().xml();
    let mut u16b = vec![0xFF, 0xFE];
    for u in xml.encode_utf16() {
        u16b.extend(u.to_le_bytes());
    }
    let a = analyze(&u16b, &ctx(None));
    assert_eq!(a.messages[0].kind, "Response", "{}", a.detected);
    assert!(first_input_error(&a).is_none());
    // Without BOM, big-endian.
    let be: Vec<u8> = xml.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
    assert_eq!(analyze(&be, &ctx(None)).messages[0].kind, "Response");
}

#[test]
fn huge_response_with_20000_attributes() {
    let attrs: Vec<Attr> = (0..20_000).map(|i| attr(&format!("http://example.com/claims/attribute-number-{i}"), &[&format!("value {i} padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding padding")])).collect();
    let xml = Tpl {
        attrs,
        ..Tpl::okta_idc()
    }
    .xml();
    assert!(xml.len() > 9_000_000, "{}", xml.len());
    let t = std::time::Instant::now();
    let a = analyze(xml.as_bytes(), &ctx(None));
    assert_eq!(a.messages[0].attributes.len(), 20_000);
    assert_eq!(worst(&a, "idc.size"), Some(Severity::Error));
    let red = ssocheck::saml::redact_analysis(&a);
    assert!(!red.contains("value 19999 padding"));
    assert!(!red.contains("alice@example.com"));
    eprintln!(
        "10 MB analysis + redaction (debug build): {:?}",
        t.elapsed()
    );
}

#[test]
fn oversized_and_deflate_bomb_are_refused() {
    let big = vec![b' '; 16 * 1024 * 1024 + 1];
    let a = analyze(&big, &ctx(None));
    assert_eq!(
        first_input_error(&a).map(|x| x.0).as_deref(),
        Some("input.too-large")
    );
    // 64 MB of '<' compressed to a few KB.
    let raw = vec![b'<'; 64 * 1024 * 1024];
    let comp = miniz_oxide::deflate::compress_to_vec(&raw, 9);
    assert!(comp.len() < 200_000);
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(&comp);
    let a = analyze(b64.as_bytes(), &ctx(None));
    let (id, msg) = first_input_error(&a).expect("refused");
    assert_eq!(id, "input.too-large");
    assert!(msg.contains("inflated"), "{msg}");
}

#[test]
fn every_input_form_is_recognised() {
    use base64::Engine;
    let xml = Tpl::okta_idc().xml();
    let std_b64 = base64::engine::general_purpose::STANDARD.encode(xml.as_bytes());
    let url_b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(xml.as_bytes());
    let wrapped: String = std_b64
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned() + "\r\n")
        .collect();
    let urlenc = std_b64
        .replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D");
    let double = urlenc.replace('%', "%25");
    let post = format!("SAMLResponse={urlenc}&RelayState=https%3A%2F%2Fexample.com");
    let url = format!(
        "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/x?SAMLResponse={urlenc}"
    );
    let form = format!("<html><body><form method=\"post\" action=\"{IDC_ACS}\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{std_b64}\"/><input type=\"hidden\" name=\"RelayState\" value=\"\"/></form></body></html>");
    let deflated = base64::engine::general_purpose::STANDARD
        .encode(miniz_oxide::deflate::compress_to_vec(xml.as_bytes(), 6));
    for (name, input, det) in [
        ("xml", xml.clone(), "XML"),
        ("base64", std_b64.clone(), "base64"),
        ("url-safe", url_b64, "base64 (URL-safe)"),
        ("wrapped", wrapped, "base64"),
        ("url-encoded", urlenc.clone(), "URL-encoded + base64"),
        (
            "double url-encoded",
            double,
            "URL-encoded + URL-encoded + base64",
        ),
        ("post body", post, "POST body + base64"),
        ("url", url, "URL query + base64"),
        ("html form", form, "HTML form + base64"),
        ("deflate", deflated, "base64 + deflate"),
    ] {
        let a = analyze(input.as_bytes(), &ctx(None));
        assert_eq!(
            a.detected,
            format!("{det}, 1 Response, 1 Assertion"),
            "{name}"
        );
        assert_eq!(
            a.messages[0].nameid.as_deref(),
            Some("alice@example.com"),
            "{name}"
        );
    }
    let long_rs = format!("SAMLResponse={urlenc}&RelayState={}", "x".repeat(100));
    let a = analyze(long_rs.as_bytes(), &ctx(None));
    assert_eq!(worst(&a, "saml.relay-state"), Some(Severity::Warning));
    // Garbage text and an empty input.
    let a = analyze(b"hello, this is not saml!", &ctx(None));
    assert_eq!(
        first_input_error(&a).map(|x| x.0).as_deref(),
        Some("input.decode")
    );
    let a = analyze(b"   ", &ctx(None));
    assert_eq!(
        first_input_error(&a).map(|x| x.0).as_deref(),
        Some("input.decode")
    );
    // SAML 1.1 / unknown roots.
    let a = analyze(b"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:1.0:protocol\" MajorVersion=\"1\"/>", &ctx(None));
    assert_eq!(worst(&a, "saml.version"), Some(Severity::Error));
    let a = analyze(
        b"<wst:RequestSecurityTokenResponse xmlns:wst=\"x\"/>",
        &ctx(None),
    );
    assert_eq!(worst(&a, "input.kind"), Some(Severity::Warning));
}

#[test]
fn malformed_xml_reports_line_and_column() {
    let a = analyze(
        b"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">\n  <saml:Issuer>x</saml:Issuer>\n  <saml:Assertion>\n</samlp:Response>",
        &ctx(None),
    );
    let f = a
        .findings()
        .find(|f| f.check == "input.xml")
        .expect("input.xml");
    let e = f.evidence.as_ref().expect("evidence");
    assert_eq!(e.line, Some(4), "{f:?}");
    assert!(e.location.contains("decoded XML"));
    assert_eq!(a.messages[0].highlight_lines, vec![4]);
}

#[test]
fn sp_metadata_gives_acs_and_audience() {
    let md = format!(
        r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDC_AUD}"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat><md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{IDC_ACS}" index="0" isDefault="true"/></md:SPSSODescriptor></md:EntityDescriptor>"#
    );
    let m = ssocheck::saml::analyze_sp_metadata(md.as_bytes()).expect("metadata");
    assert_eq!(m.acs_url, IDC_ACS);
    assert_eq!(m.entity_id, IDC_AUD);
    assert!(ssocheck::saml::analyze_sp_metadata(b"<x/>").is_err());
    assert!(ssocheck::saml::analyze_sp_metadata(b"<!DOCTYPE x><x/>").is_err());
}

#[test]
fn base64_errors_name_the_character_and_position() {
    let err = |input: &str| first_input_error(&analyze(input.as_bytes(), &ctx(None))).map(|x| x.1);
    let tail = "; it may be cut off or mixed with other text";
    assert_eq!(
        err("PHNhbWw+\nPC9zYW1s=Pg==").as_deref(),
        Some(&*format!("the base64 text could not be decoded: unexpected padding '=' at position 17 (spaces and line breaks not counted){tail}"))
    );
    assert_eq!(
        err("PHNh-bWw+").as_deref(),
        Some(&*format!("the base64 text could not be decoded: invalid URL-safe base64 character '+' at position 9{tail}"))
    );
    assert_eq!(
        err("PHNhb").as_deref(),
        Some(&*format!("the base64 text could not be decoded: invalid base64 length: 5 characters, one more than a multiple of 4{tail}"))
    );
    // Certificates: decoded strictly (unused bits must be zero), whitespace removed first.
    use ssocheck::saml::cert::parse_cert;
    assert_eq!(
        parse_cert("MIIB\n  AA%A", 0, 1).err().as_deref(),
        Some("the X509Certificate is not valid base64: invalid base64 character '%' at position 7 (whitespace not counted)")
    );
    assert_eq!(
        parse_cert("MIIBAB", 0, 1).err().as_deref(),
        Some("the X509Certificate is not valid base64: invalid last base64 character 'B' at position 6: its unused bits are not zero")
    );
    assert!(parse_cert("MIIBAA==", 0, 1)
        .unwrap_err()
        .contains("not a valid DER certificate"));
}
