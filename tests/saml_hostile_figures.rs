//! Hostile inputs as figures: every case, up to the 16 MB input cap, is analysed in under 2 s of
//! CPU and under 512 MB peak memory. Run natively in release (`make test-hostile`):
//!
//! `cargo test --release --test saml_hostile_figures -- --nocapture`
//!
//! Each case runs in a CHILD process (this test binary, re-run with `HOSTILE_CASE=<name>`), so the
//! peak resident memory (`VmHWM` in /proc/self/status) is the case's own. The child generates its
//! input, then times `analyze` (CPU time from /proc/self/schedstat, wall time beside it), and prints
//! one `HOSTILE` line; the parent prints the table and checks the bounds. Timing bounds are checked
//! in release builds only (a debug build is 10–30× slower); memory bounds always.

use std::process::Command;
use std::time::Instant;

use ssocheck::saml::{analyze, Context};

const MB: usize = 1024 * 1024;
/// Just under the 16 MB cap (`decode::MAX_BYTES`), so the input is accepted and parsed.
const CAP: usize = 16 * MB - 4096;
const MAX_CPU_MS: f64 = 2000.0;
const MAX_PEAK_MB: f64 = 512.0;

const CERT: &str = include_str!("fixtures/saml/certs/idp-good.b64");
const CERT_SOON: &str = include_str!("fixtures/saml/certs/idp-soon.b64");
const CERT_OLD: &str = include_str!("fixtures/saml/certs/idp-expired.b64");
const CERT_1024: &str = include_str!("fixtures/saml/certs/idp-1024.b64");

const HEAD: &str = r#"<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Destination="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666" ID="r1" IssueInstant="2025-06-01T11:59:30Z" Version="2.0"><saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer><saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>"#;
const ASSERTION_OPEN: &str = r#"<saml2:Assertion ID="a1" IssueInstant="2025-06-01T11:59:30Z" Version="2.0"><saml2:Issuer>http://www.okta.com/exk1</saml2:Issuer>"#;
const SUBJECT: &str = r#"<saml2:Subject><saml2:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml2:NameID><saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml2:SubjectConfirmationData NotOnOrAfter="2025-06-01T12:04:30Z" Recipient="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666"/></saml2:SubjectConfirmation></saml2:Subject><saml2:Conditions NotBefore="2025-06-01T11:54:30Z" NotOnOrAfter="2025-06-01T12:04:30Z"><saml2:AudienceRestriction><saml2:Audience>https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890</saml2:Audience></saml2:AudienceRestriction></saml2:Conditions>"#;
const TAIL: &str = "</saml2:Assertion></saml2p:Response>";

fn sig(id: &str, certs: &str) -> String {
    format!(
        r##"<ds:Signature><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#{id}"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue><ds:KeyInfo><ds:X509Data>{certs}</ds:X509Data></ds:KeyInfo></ds:Signature>"##
    )
}

fn x509(c: &str) -> String {
    format!("<ds:X509Certificate>{}</ds:X509Certificate>", c.trim())
}

/// A response whose assertion body is `body`, repeated `unit` until about `size` bytes.
fn response_filled(size: usize, mut unit: impl FnMut(usize) -> String) -> String {
    let mut s = String::with_capacity(size + 4096);
    s.push_str(HEAD);
    s.push_str(ASSERTION_OPEN);
    s.push_str(&sig("a1", &x509(CERT)));
    s.push_str(SUBJECT);
    let mut i = 0;
    while s.len() + TAIL.len() < size {
        let u = unit(i);
        if s.len() + u.len() + TAIL.len() > size {
            break;
        }
        s.push_str(&u);
        i += 1;
    }
    s.push_str(TAIL);
    s
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// One case: its name and the input it builds.
type Case = (&'static str, fn() -> Vec<u8>);

const CASES: &[Case] = &[
    ("signatures: 16,000 mismatched references", || {
        // The issue's case: 1.2 MB, 16,000 signatures whose references do not match their parents.
        let mut s = String::from(HEAD);
        s.push_str(ASSERTION_OPEN);
        s.push_str(SUBJECT);
        for i in 0..16_000 {
            s.push_str(&format!(r##"<saml2:Advice><ds:Signature><ds:SignedInfo><ds:Reference URI="#n{i}"/></ds:SignedInfo></ds:Signature></saml2:Advice>"##));
        }
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("signatures: 16 MB of mismatched references", || {
        response_filled(CAP, |i| format!(r##"<ds:Signature><ds:SignedInfo><ds:Reference URI="#a{}"/></ds:SignedInfo></ds:Signature>"##, i % 7)).into_bytes()
    }),
    ("references: 16 MB in one signature", || {
        let mut s = String::from(HEAD);
        s.push_str(r#"<saml2:Assertion ID="a1" Version="2.0"><ds:Signature><ds:SignedInfo>"#);
        let mut i = 0;
        while s.len() < CAP - 200 {
            s.push_str(&format!(
                r##"<ds:Reference URI="#r{i}"><ds:DigestMethod Algorithm="sha1"/></ds:Reference>"##
            ));
            i += 1;
        }
        s.push_str("</ds:SignedInfo></ds:Signature>");
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("SAML attributes: 16 MB", || {
        response_filled(CAP, |i| format!(r#"<saml2:AttributeStatement><saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/AccessControl:k{i}"><saml2:AttributeValue>v{i}</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>"#)).into_bytes()
    }),
    ("XML attributes: 16 MB on elements", || {
        response_filled(CAP, |i| {
            let mut e = String::from("<saml2:Extra");
            for j in 0..200 {
                e.push_str(&format!(" a{j}=\"{i}\""));
            }
            e.push_str("/>");
            e
        })
        .into_bytes()
    }),
    ("namespaces: 16 MB of declarations", || {
        response_filled(CAP, |i| {
            let mut e = String::from("<saml2:Extra");
            for j in 0..100 {
                e.push_str(&format!(" xmlns:p{j}=\"urn:x:{i}\""));
            }
            e.push_str("/>");
            e
        })
        .into_bytes()
    }),
    ("namespaces: 16 MB nested redeclarations", || {
        let mut s = String::from(HEAD);
        s.push_str(ASSERTION_OPEN);
        let unit_open: String = (0..200)
            .map(|i| format!("<p:e xmlns:p=\"urn:x:{i}\" xmlns=\"urn:d:{i}\">"))
            .collect();
        let unit_close = "</p:e>".repeat(200);
        while s.len() + unit_open.len() + unit_close.len() < CAP - 100 {
            s.push_str(&unit_open);
            s.push_str(&unit_close);
        }
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("deep nesting at the limit (256): 16 MB", || {
        let mut s = String::from(HEAD);
        s.push_str(ASSERTION_OPEN);
        let open = "<x>".repeat(250);
        let close = "</x>".repeat(250);
        while s.len() + open.len() + close.len() < CAP - 100 {
            s.push_str(&open);
            s.push_str(&close);
        }
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("huge attribute value: 16 MB", || {
        let mut s = String::from(HEAD);
        s.push_str(ASSERTION_OPEN);
        s.push_str(SUBJECT);
        s.push_str(r#"<saml2:AttributeStatement><saml2:Attribute Name=""#);
        s.push_str(&"n&amp;".repeat((CAP - s.len() - 300) / 6));
        s.push_str(r#""><saml2:AttributeValue>v</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>"#);
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("long text node: 16 MB NameID", || {
        let mut s = String::from(HEAD);
        s.push_str(ASSERTION_OPEN);
        s.push_str("<saml2:Subject><saml2:NameID>");
        let line = format!("{}\n", "x".repeat(79));
        while s.len() + line.len() < CAP - 200 {
            s.push_str(&line);
        }
        s.push_str("</saml2:NameID></saml2:Subject>");
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("long text node: 16 MB attribute value, one line", || {
        let mut s = String::from(HEAD);
        s.push_str(ASSERTION_OPEN);
        s.push_str(SUBJECT);
        s.push_str(r#"<saml2:AttributeStatement><saml2:Attribute Name="https://aws.amazon.com/SAML/Attributes/AccessControl:x"><saml2:AttributeValue>"#);
        s.push_str(&"v".repeat(CAP - s.len() - 300));
        s.push_str("</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>");
        s.push_str(TAIL);
        s.into_bytes()
    }),
    ("certificates: 16 MB in signatures", || {
        let certs = [CERT, CERT_SOON, CERT_OLD, CERT_1024];
        response_filled(CAP, |i| {
            let c: String = (0..4).map(|k| x509(certs[(i + k) % 4])).collect();
            format!("<saml2:Advice>{}</saml2:Advice>", sig("a1", &c))
        })
        .into_bytes()
    }),
    ("IDs: 16 MB of one duplicated ID", || {
        response_filled(CAP, |_| r#"<saml2:Extra ID="a1"/>"#.to_string()).into_bytes()
    }),
    (
        "deflate bomb: 16 MB of base64 inflating past the cap",
        || {
            // Deflate of 1 GB of '<' would be 1 MB; 64 MB of it inflates far past 16 MB.
            let raw = vec![b'<'; 64 * MB];
            let z = miniz_oxide::deflate::compress_to_vec(&raw, 9);
            drop(raw);
            let mut s = b64(&z);
            // Pad with a valid-looking repeat of the same stream up to the cap.
            while s.len() * 2 < CAP {
                s = s.repeat(2);
            }
            format!("SAMLRequest={s}").into_bytes()
        },
    ),
    ("deflate bomb: small, inflating to 16 MB", || {
        let mut raw = Vec::with_capacity(17 * MB);
        raw.extend_from_slice(HEAD.as_bytes());
        raw.extend_from_slice(ASSERTION_OPEN.as_bytes());
        while raw.len() < 17 * MB {
            raw.extend_from_slice(b"<saml2:Extra/>");
        }
        let z = miniz_oxide::deflate::compress_to_vec(&raw, 9);
        format!("SAMLRequest={}", b64(&z)).into_bytes()
    }),
    ("base64 with whitespace everywhere: 16 MB", || {
        // A response of about 6 MB: base64 of 8 MB, with a space or newline after every character.
        let xml = response_filled(CAP * 3 / 8 - 65_536, |i| {
            format!(
                r#"<saml2:AttributeStatement><saml2:Attribute Name="k{i}"><saml2:AttributeValue>v{i}</saml2:AttributeValue></saml2:Attribute></saml2:AttributeStatement>"#
            )
        });
        let enc = b64(xml.as_bytes());
        let mut s = String::with_capacity(enc.len() * 2);
        for (i, c) in enc.chars().enumerate() {
            s.push(c);
            s.push(if i % 76 == 75 { '\n' } else { ' ' });
        }
        s.into_bytes()
    }),
    ("HAR with 10,000 entries", || {
        let small = format!("{HEAD}{ASSERTION_OPEN}{TAIL}");
        let body = b64(small.as_bytes())
            .replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D");
        let mut entries = Vec::with_capacity(10_000);
        for i in 0..10_000 {
            entries.push(format!(r#"{{"request":{{"method":"POST","url":"https://us-east-1.signin.aws.amazon.com/platform/saml/acs/{i}","headers":[],"postData":{{"mimeType":"application/x-www-form-urlencoded","text":"SAMLResponse={body}"}}}},"response":{{"status":200}}}}"#));
        }
        format!(r#"{{"log":{{"entries":[{}]}}}}"#, entries.join(",")).into_bytes()
    }),
    ("nested empty elements: 16 MB, 70 deep", || {
        // The issue's case: about 2 GB natively before the node cap.
        let mut s =
            String::from("<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\">");
        let open = "<a>".repeat(69);
        let close = "</a>".repeat(69);
        while s.len() + open.len() + close.len() + 4 < CAP - 100 {
            s.push_str(&open);
            s.push_str("<a/>");
            s.push_str(&close);
        }
        s.push_str("</saml2p:Response>");
        s.into_bytes()
    }),
    ("empty elements: 16 MB flat", || {
        response_filled(CAP, |_| "<b/>".to_string()).into_bytes()
    }),
    ("comments and references: 16 MB", || {
        response_filled(CAP, |_| {
            "<saml2:NameID>a<!--c-->&amp;&#x41;<![CDATA[d]]></saml2:NameID>".to_string()
        })
        .into_bytes()
    }),
];

fn status_kb(key: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(-1.0)
}

fn cpu_ms() -> f64 {
    // This thread's CPU time: the test harness runs the case in a thread of its own.
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ns| ns / 1e6)
        .unwrap_or(0.0)
}

/// The child: runs the case named by HOSTILE_CASE (no-op in a normal test run).
#[test]
fn hostile_child() {
    let Ok(name) = std::env::var("HOSTILE_CASE") else {
        return;
    };
    let (_, build) = CASES.iter().find(|(n, _)| *n == name).expect("known case");
    let input = build();
    let ctx = Context {
        now_ms: ssocheck::time::parse_rfc3339("2025-06-01T12:00:00Z").expect("now"),
        ..Context::default()
    };
    let before_kb = status_kb("VmHWM:");
    let c0 = cpu_ms();
    let t = Instant::now();
    let a = analyze(&input, &ctx);
    let wall = t.elapsed().as_secs_f64() * 1e3;
    let cpu = cpu_ms() - c0;
    let peak_kb = status_kb("VmHWM:");
    let first: String = a
        .findings()
        .filter(|f| f.severity == ssocheck::Severity::Error)
        .map(|f| f.check.clone())
        .next()
        .unwrap_or_else(|| "-".into());
    println!(
        "HOSTILE\t{}\t{cpu:.0}\t{wall:.0}\t{:.1}\t{:.1}\t{}\t{first}",
        input.len(),
        before_kb / 1024.0,
        peak_kb / 1024.0,
        a.findings().count()
    );
}

struct Row {
    name: &'static str,
    bytes: usize,
    cpu_ms: f64,
    wall_ms: f64,
    input_mb: f64,
    peak_mb: f64,
    findings: usize,
    first_error: String,
}

fn run_child(name: &'static str) -> Row {
    let exe = std::env::current_exe().expect("test binary");
    let out = Command::new(exe)
        .args([
            "--exact",
            "hostile_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("HOSTILE_CASE", name)
        .output()
        .expect("spawn the child");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{name}: child failed: {}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("HOSTILE\t").map(|(_, r)| r.to_string()))
        .unwrap_or_else(|| panic!("{name}: no figures in {stdout}"));
    let f: Vec<&str> = line.split('\t').collect();
    let num = |i: usize| {
        f.get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    Row {
        name,
        bytes: num(0) as usize,
        cpu_ms: num(1),
        wall_ms: num(2),
        input_mb: num(3),
        peak_mb: num(4),
        findings: num(5) as usize,
        first_error: f.get(6).unwrap_or(&"").to_string(),
    }
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "figures are for release builds: make test-hostile"
)]
fn hostile_figures() {
    if std::env::var("HOSTILE_CASE").is_ok() {
        return;
    }
    let release = !cfg!(debug_assertions);
    let mut rows = Vec::new();
    for (name, _) in CASES {
        rows.push(run_child(name));
    }
    println!(
        "\n| case | input bytes | analyze CPU ms | wall ms | peak MB (before analyze) | findings | first error |\n|---|---:|---:|---:|---:|---:|---|"
    );
    for r in &rows {
        println!(
            "| {} | {} | {:.0} | {:.0} | {:.0} ({:.0}) | {} | {} |",
            r.name, r.bytes, r.cpu_ms, r.wall_ms, r.peak_mb, r.input_mb, r.findings, r.first_error
        );
    }
    if !release {
        println!("(debug build, run with --ignored: time bounds not checked)");
    }
    for r in &rows {
        assert!(
            r.bytes <= 16 * MB + 64,
            "{}: the input is over the cap",
            r.name
        );
        assert!(
            r.peak_mb > 0.0 && r.peak_mb < MAX_PEAK_MB,
            "{}: peak {:.0} MB",
            r.name,
            r.peak_mb
        );
        if release {
            assert!(r.cpu_ms < MAX_CPU_MS, "{}: {:.0} ms CPU", r.name, r.cpu_ms);
        }
    }
}
