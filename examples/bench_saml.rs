//! `cargo run --release --example bench_saml`: times the SAML analyzer natively.
//! Reports a ~50,000-character assertion, a 10 MB response with 20,000 attributes, and MB/s, and the
//! cost of the encoding that carries an analysis from the page's background worker to the page.

use std::time::Instant;

use ssocheck::saml::{analyze, redact_analysis, Context};

const CERT: &str = include_str!("../tests/fixtures/saml/certs/idp-good.b64");

fn response(attrs: usize, value_len: usize) -> String {
    let mut a = String::new();
    for i in 0..attrs {
        a.push_str(&format!(
            "<saml2:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/AccessControl:Key{i}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\"><saml2:AttributeValue>{}</saml2:AttributeValue></saml2:Attribute>",
            "v".repeat(value_len)
        ));
    }
    format!(
        r##"<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666" ID="id1" IssueInstant="2025-06-01T11:59:30Z" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">http://www.okta.com/exk1</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status><saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="id2" IssueInstant="2025-06-01T11:59:30Z" Version="2.0"><saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#id2"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{CERT}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature><saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="2025-06-01T12:04:30Z" Recipient="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="2025-06-01T11:54:30Z" NotOnOrAfter="2025-06-01T12:04:30Z"><saml2:AudienceRestriction><saml2:Audience>https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions><saml2:AttributeStatement>{a}</saml2:AttributeStatement></saml2:Assertion></saml2p:Response>"##
    )
}

/// CPU time of this process in seconds (Linux `/proc/self/schedstat`), so that a loaded machine
/// does not inflate the figures; falls back to wall-clock time elsewhere.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Mean seconds per iteration: (CPU time, wall time).
fn time<F: FnMut()>(iters: u32, mut f: F) -> (f64, f64) {
    f(); // warm up
    let c0 = cpu_seconds();
    let t = Instant::now();
    for _ in 0..iters {
        f();
    }
    let wall = t.elapsed().as_secs_f64() / iters as f64;
    let cpu = match (c0, cpu_seconds()) {
        (Some(a), Some(b)) => (b - a) / iters as f64,
        _ => wall,
    };
    (cpu, wall)
}

fn main() {
    let ctx = Context {
        now_ms: ssocheck::time::parse_rfc3339("2025-06-01T12:00:00Z").unwrap_or(0),
        ..Context::default()
    };
    // About 50,000 characters: 190 attributes with 40-character values.
    let small = response(190, 40);
    let (s, w) = time(500, || {
        std::hint::black_box(analyze(small.as_bytes(), &ctx));
    });
    println!(
        "50k assertion   : {} chars, analyze {:.3} ms CPU ({:.3} ms wall), {:.1} MB/s",
        small.len(),
        s * 1e3,
        w * 1e3,
        small.len() as f64 / s / 1e6
    );
    let (s_parse, _) = time(500, || {
        std::hint::black_box(ssocheck::saml::xml::parse(&small).ok());
    });
    let (s_pretty, _) = time(500, || {
        if let Ok(mut d) = ssocheck::saml::xml::parse(&small) {
            std::hint::black_box(ssocheck::saml::pretty::pretty(&mut d));
        }
    });
    println!(
        "  of which parse {:.3} ms, parse + pretty {:.3} ms",
        s_parse * 1e3,
        s_pretty * 1e3
    );
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(small.as_bytes());
    let (s, _) = time(500, || {
        std::hint::black_box(analyze(b64.as_bytes(), &ctx));
    });
    println!(
        "50k as base64   : {} chars, analyze {:.3} ms CPU",
        b64.len(),
        s * 1e3
    );
    if std::env::var_os("BENCH_SMALL_ONLY").is_some() {
        return;
    }
    // 10 MB with 20,000 attributes.
    let big = response(20_000, 420);
    let (s, w) = time(3, || {
        std::hint::black_box(analyze(big.as_bytes(), &ctx));
    });
    println!(
        "10 MB response  : {:.1} MB, 20,000 attributes, analyze {:.0} ms CPU ({:.0} ms wall), {:.1} MB/s",
        big.len() as f64 / 1e6,
        s * 1e3,
        w * 1e3,
        big.len() as f64 / s / 1e6
    );
    let a = analyze(big.as_bytes(), &ctx);
    let (s, _) = time(3, || {
        std::hint::black_box(redact_analysis(&a));
    });
    println!("10 MB redaction : {:.0} ms CPU", s * 1e3);
    // Redaction's worst case: 20,000 distinct 420-character values, each a pattern to replace.
    let distinct = big.replacen("vvvv", "", 0);
    let mut k = 0;
    let distinct: String = distinct
        .split("<saml2:AttributeValue>")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                k += 1;
                format!(
                    "<saml2:AttributeValue>{k:05}{}",
                    part.get(5..).unwrap_or("")
                )
            }
        })
        .collect();
    let a2 = analyze(distinct.as_bytes(), &ctx);
    let (s, _) = time(3, || {
        std::hint::black_box(redact_analysis(&a2));
    });
    println!(
        "10 MB redaction, 20,000 distinct values: {:.0} ms CPU, peak RSS so far {} MB",
        s * 1e3,
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|t| t
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok()))
            .map(|kb| kb / 1024)
            .unwrap_or(0)
    );
    // The engine worker sends the documents back as postcard (serde); the page decodes them on its
    // main thread. The request carries the input the same way.
    use ssocheck::engine::{decode_reply, encode_reply, Answer, Reply};
    let docs = ssocheck::saml::tool::from_analysis(a.clone(), &[]);
    let reply = Reply::Answer(Answer::new(docs));
    let bytes = encode_reply(&reply);
    let (s_out, _) = time(3, || {
        std::hint::black_box(encode_reply(&reply));
    });
    let (s_in, _) = time(3, || {
        std::hint::black_box(decode_reply(&bytes).ok());
    });
    println!(
        "10 MB transfer  : {:.1} MB postcard, encode {:.0} ms CPU (worker), decode {:.1} ms CPU (page)",
        bytes.len() as f64 / 1e6,
        s_out * 1e3,
        s_in * 1e3
    );
}
