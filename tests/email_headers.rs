//! The email header analyzer on headers written from each mail system's documentation (Microsoft 365,
//! Google Workspace, Proofpoint, Mimecast), a bounce, broken wrapping, no input, hostile input, and
//! the CLI contract.

mod cli_common;
use cli_common::cli;

use ssocheck::doc::{Body, Document};
use ssocheck::finding::{Finding, Severity};
use ssocheck::tools::{run, InputFile, ToolRequest};

fn path(name: &str) -> String {
    format!("{}/tests/fixtures/email/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap_or_else(|e| panic!("fixture {name} missing: {e}"))
}

fn email(bytes: &[u8]) -> Document {
    run(&ToolRequest {
        tool: "email".into(),
        files: vec![InputFile {
            name: "m.eml".into(),
            bytes: bytes.to_vec(),
        }],
        fields: vec![],
        now_ms: 0,
    })
}

fn find<'a>(d: &'a Document, id: &str) -> Vec<&'a Finding> {
    d.findings.iter().filter(|f| f.check == id).collect()
}

fn one<'a>(d: &'a Document, id: &str) -> &'a Finding {
    find(d, id)
        .first()
        .copied()
        .unwrap_or_else(|| panic!("no {id}: {:#?}", d.findings))
}

#[test]
fn microsoft_365_junk_explained() {
    let d = email(&fixture("m365-junk.eml"));
    assert!(d.accepted);
    let s = one(&d, "email.sender");
    assert_eq!(s.severity, Severity::Pass);
    assert!(s.message.contains("no-reply@signin.aws"));
    // Microsoft's Authentication-Results has no authserv-id: its first part is still a result.
    assert_eq!(one(&d, "email.spf").severity, Severity::Pass);
    assert_eq!(one(&d, "email.dkim").severity, Severity::Pass);
    assert_eq!(one(&d, "email.dmarc").severity, Severity::Pass);
    let v = one(&d, "email.spam-verdict");
    assert_eq!(v.severity, Severity::Error);
    for s in [
        "SFV:SPM (marked as spam by spam filtering)",
        "CAT:SPM (spam)",
        "5: spam; moved to Junk Email",
    ] {
        assert!(v.message.contains(s), "{s} not in {}", v.message);
    }
    // The body's "Subject:" line is not a header.
    assert!(d
        .to_text()
        .contains("Subject: Invitation to join AWS IAM Identity Center"));
    assert!(!d.to_text().contains("not a header"));
    assert!(d.detected.contains("not read as headers"));
    // Hops oldest first with delays.
    let hops = d.blocks.iter().find(|b| b.id == "hops").expect("hops");
    let Body::Table(t) = &hops.body else { panic!() };
    assert_eq!(t.rows.len(), 3);
    assert!(t.rows[0].cells[1].contains("amazonses"));
    assert_eq!(t.rows[2].cells[4], "1 s");
    // Recipients are private.
    assert!(!d.redacted().to_json().contains("new.user@example.com"));
    assert_eq!(d.exit_code(), 1);
}

#[test]
fn quarantined_message_explained() {
    let d = email(&fixture("m365-quarantine-phish.eml"));
    let v = one(&d, "email.spam-verdict");
    assert_eq!(v.severity, Severity::Error);
    assert!(
        v.message
            .contains("CAT:HPHSH (high confidence phishing (quarantined by default))"),
        "{}",
        v.message
    );
    assert!(v
        .message
        .contains("https://security.microsoft.com/quarantine"));
    assert!(v.fix.contains("allow-list rules for Microsoft 365"));
    let rules = d
        .blocks
        .iter()
        .find(|b| b.id == "allow-m365")
        .expect("M365 rules");
    let Body::KeyValues { items } = &rules.body else {
        panic!()
    };
    assert!(items.iter().any(|kv| kv.copy
        && kv.value.contains("New-TenantAllowBlockListItems")
        && kv.value.contains("no-reply@login.awsapps.com")));
}

#[test]
fn google_workspace_delivered() {
    let d = email(&fixture("google-inbox.txt"));
    assert_eq!(d.exit_code(), 0, "{:#?}", d.findings);
    let spf = one(&d, "email.spf");
    assert_eq!(spf.severity, Severity::Pass);
    assert!(spf.message.contains("mx.google.com"));
    let v = one(&d, "email.spam-verdict");
    assert_eq!(v.severity, Severity::Pass);
    assert!(v.message.contains("Google Workspace"));
    // ARC results are listed too.
    assert!(d
        .to_text()
        .contains("ARC-Authentication-Results i=1 | mx.google.com | dkim | pass"));
    // A 2-hop path whose second hop is 1 s later (PDT converted to UTC).
    assert!(
        one(&d, "email.delay").message.contains("2 hop(s), 1 s"),
        "{}",
        one(&d, "email.delay").message
    );
}

#[test]
fn proofpoint_spam_and_failed_dkim_dmarc() {
    let d = email(&fixture("proofpoint-spam.txt"));
    assert_eq!(one(&d, "email.sender").severity, Severity::Pass);
    assert!(one(&d, "email.sender")
        .message
        .contains("no-reply@login.awsapps.com"));
    assert_eq!(one(&d, "email.dkim").severity, Severity::Error);
    assert_eq!(one(&d, "email.dmarc").severity, Severity::Error);
    let v = one(&d, "email.spam-verdict");
    assert!(
        v.message
            .starts_with("Proofpoint flagged the message: rule=spam"),
        "{}",
        v.message
    );
    assert!(v.message.contains("spamscore=95"));
}

#[test]
fn mimecast_impersonation_indicator() {
    let d = email(&fixture("mimecast.txt"));
    let v = one(&d, "email.spam-verdict");
    assert_eq!(v.severity, Severity::Warning);
    assert!(v.message.contains("Newly Observed Domain=true"));
    assert!(d.to_text().contains("X-Mimecast-Spam-Score | 1"));
}

#[test]
fn bounce_is_read_from_its_delivery_status() {
    let d = email(&fixture("bounce-spam.eml"));
    assert!(d.detected.contains("bounce"));
    let v = one(&d, "email.spam-verdict");
    assert!(v.message.contains("Status 5.7.1"));
    assert!(v.message.contains("550 5.7.1 Message rejected as spam"));
    assert!(v.fix.contains("send the invitation or verification again"));
    // The sender is checked on the returned original headers, not MAILER-DAEMON.
    assert_eq!(one(&d, "email.sender").severity, Severity::Pass);
    assert!(!d.redacted().to_text().contains("new.user@example.net"));
}

#[test]
fn broken_wrapping_and_slow_hop() {
    let d = email(&fixture("slow-broken-wrap.txt"));
    let i = find(&d, "email.input");
    assert!(i.iter().any(|f| f.message.contains("broken wrapping") && f.message.contains("line(s) 2, 4, 6")), "{i:#?}");
    let delay = one(&d, "email.delay");
    assert_eq!(delay.severity, Severity::Warning);
    assert!(delay.message.contains("hop 2 took 16 min 30 s"));
    assert_eq!(one(&d, "email.spf").severity, Severity::Warning);
    assert_eq!(one(&d, "email.dkim").severity, Severity::Pass);
    // The X-Spam-Flag and the attacker's From after the empty line are body, never headers.
    assert!(find(&d, "email.spam-verdict").is_empty());
    assert!(!d.to_text().contains("attacker@example.invalid"));
}

#[test]
fn look_alike_sender() {
    let d =
        email(b"From: \"AWS Sign-In\" <no-reply@signin-aws.example>\r\nSubject: Verify\r\n\r\n");
    let s = one(&d, "email.sender");
    assert_eq!(s.severity, Severity::Warning);
    assert!(s.message.contains("look-alike"));
}

#[test]
fn no_input_shows_senders_and_rules() {
    let d = run(&ToolRequest {
        tool: "email".into(),
        ..ToolRequest::default()
    });
    assert!(d.accepted);
    assert_eq!(d.exit_code(), 0);
    let text = d.to_text();
    for s in [
        "no-reply@signin.aws",
        "no-reply@login.awsapps.com",
        "Microsoft 365",
        "Google Workspace",
        "other gateways",
        "welcomelist_auth no-reply@signin.aws",
    ] {
        assert!(text.contains(s), "{s}");
    }
    let copyable = d
        .blocks
        .iter()
        .filter_map(|b| match &b.body {
            Body::KeyValues { items } => Some(items.iter().filter(|kv| kv.copy).count()),
            _ => None,
        })
        .sum::<usize>();
    assert!(copyable >= 6, "{copyable}");
}

#[test]
fn cli_contract() {
    let (code, out, _) = cli(&["email"], b"");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no-reply@login.awsapps.com"));
    let (code, out, _) = cli(&["email", &path("m365-junk.eml"), "--json"], b"");
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let fs = v["findings"].as_array().expect("findings");
    assert_eq!(fs[0]["severity"], "error");
    assert_eq!(fs[0]["check"], "email.spam-verdict");
    for k in ["check", "severity", "title", "message", "evidence", "fix"] {
        assert!(fs[0].get(k).is_some(), "{k}");
    }
    let (code, _, _) = cli(&["email", &path("google-inbox.txt")], b"");
    assert_eq!(code, 0);
    let (code, _, err) = cli(&["email", "-"], b"Dear user,\nthis is only a body.\n");
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = cli(&["email", "/nonexistent/file.eml"], b"");
    assert_eq!(code, 2);
}

#[test]
fn hostile_headers_are_bounded() {
    let bound = std::time::Duration::from_secs(10);
    let cases: Vec<Vec<u8>> = vec![
        // 100k one-character continuation lines.
        [b"Received: x".to_vec(), b"\n y".repeat(100_000)].concat(),
        // 50k Received fields.
        b"Received: from a by b; Tue, 1 Apr 2025 09:00:00 +0000\n".repeat(50_000),
        // A huge unparenthesised Authentication-Results.
        [
            b"Authentication-Results: x; ".to_vec(),
            b"spf=pass (((((; ".repeat(20_000),
        ]
        .concat(),
        // Binary junk and lone CRs.
        (0u8..=255).cycle().take(200_000).collect(),
        b"\r\r\r\rFrom: a@b\r\r\r".to_vec(),
        // A multipart/report bounce nested deeply.
        [
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=a\n\n".to_vec(),
            b"--a\nContent-Type: multipart/mixed; boundary=a\n\n".repeat(5_000),
        ]
        .concat(),
    ];
    for (i, c) in cases.iter().enumerate() {
        let t = std::time::Instant::now();
        let d = email(c);
        println!(
            "figure: hostile case {i} ({} bytes) in {:?}",
            c.len(),
            t.elapsed()
        );
        assert!(t.elapsed() < bound, "{:?}", t.elapsed());
        let _ = d.to_text();
    }
}

#[test]
fn vendor_headers_alone_are_a_message() {
    let d = email(b"X-Forefront-Antispam-Report: CIP:192.0.2.1;SFV:SKQ;CAT:NONE;\r\n");
    assert!(d.accepted);
    let v = one(&d, "email.spam-verdict");
    assert!(
        v.message.contains("SFV:SKQ (released from quarantine"),
        "{}",
        v.message
    );
}

#[test]
fn outlook_msg_and_qmail_hops() {
    let msg = [
        &[0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
        &[0u8; 64][..],
    ]
    .concat();
    let d = email(&msg);
    assert_eq!(d.exit_code(), 2);
    assert!(one(&d, "email.input").message.contains(".msg"));
    // A qmail comment-only hop (RFC 5321 allows it): its date is still read.
    let d = email(b"Received: (qmail 12345 invoked by uid 89); 1 Apr 2025 09:20:00 -0000\r\nReceived: from a8-36.smtp-out.amazonses.com by mx.example.com; Tue, 1 Apr 2025 09:00:00 +0000\r\nFrom: no-reply@signin.aws\r\n\r\n");
    let delay = one(&d, "email.delay");
    assert_eq!(delay.severity, Severity::Warning, "{}", delay.message);
    assert!(
        delay.message.contains("hop 2 took 20 min 0 s"),
        "{}",
        delay.message
    );
}

#[test]
fn one_passing_dkim_signature_suffices() {
    let d = email(b"Authentication-Results: mx.example.com; dkim=fail header.d=relay.example; dkim=pass header.d=signin.aws; spf=none smtp.mailfrom=example; dmarc=pass header.from=signin.aws\r\nFrom: no-reply@signin.aws\r\n\r\n");
    let k = one(&d, "email.dkim");
    assert_eq!(k.severity, Severity::Pass);
    assert!(k.message.contains("header.d=signin.aws"));
    let s = one(&d, "email.spf");
    assert_eq!(s.severity, Severity::Warning);
    assert!(s.message.contains("best knowledge"));
}
