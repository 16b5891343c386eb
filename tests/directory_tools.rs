//! The directory tools: `signin-name` (forms × identity source × MFA mode), `password` (policy,
//! user name, and the privacy of the password in every export and on the command line), and
//! `directory` (AD primary groups from Get-ADUser / Get-ADGroupMember JSON and CSV, and LDIF).

mod cli_common;
use cli_common::cli;

use ssocheck::doc::{Body, Document};
use ssocheck::tools::{run, InputFile, ToolRequest};
use ssocheck::Severity;

fn fixture(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/tests/fixtures/directory/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {p} missing: {e}"))
}

fn fixture_path(name: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/directory/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    assert!(std::path::Path::new(&p).exists(), "fixture {p} missing");
    p
}

fn request(tool: &str, main: Option<&[u8]>, fields: &[(&str, &str)]) -> Document {
    run(&ToolRequest {
        tool: tool.into(),
        files: main
            .map(|b| {
                vec![InputFile {
                    name: String::new(),
                    bytes: b.to_vec(),
                }]
            })
            .unwrap_or_default(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        now_ms: 0,
    })
}

fn finding<'a>(d: &'a Document, id: &str, sev: Severity) -> Option<&'a ssocheck::Finding> {
    d.findings
        .iter()
        .find(|f| f.check == id && f.severity == sev)
}

// ---------------------------------------------------------------- sign-in names

fn signin(name: &str, source: &str, mfa: &str) -> Document {
    request(
        "signin-name",
        Some(name.as_bytes()),
        &[("source", source), ("mfa", mfa)],
    )
}

#[test]
fn signin_forms_by_source_and_mfa() {
    // The guide's case: AD with context-aware or always-on needs DOMAIN\UserName.
    for mfa in ["context-aware", "always-on"] {
        let d = signin("alice@corp.example.com", "ad", mfa);
        let f = finding(&d, "signin.name-format", Severity::Error).expect("UPN fails");
        assert!(
            f.message.contains("must sign in with DOMAIN\\UserName"),
            "{}",
            f.message
        );
        assert!(f.fix.starts_with("Type `CORP\\alice`"), "{}", f.fix);
        assert_eq!(d.exit_code(), 1);
        let d = signin("alice", "ad", mfa);
        assert!(finding(&d, "signin.name-format", Severity::Error).is_some());
        let d = signin("CORP\\alice", "ad", mfa);
        assert!(
            finding(&d, "signin.name-format", Severity::Pass).is_some(),
            "{}",
            d.to_text()
        );
        assert_eq!(d.exit_code(), 0);
    }
    for name in ["alice", "CORP\\alice", "alice@corp.example.com"] {
        let d = signin(name, "ad", "disabled");
        assert!(
            finding(&d, "signin.name-format", Severity::Pass).is_some(),
            "{name}: {}",
            d.to_text()
        );
    }
    let d = signin("CORP\\alice", "idc-directory", "context-aware");
    let f = finding(&d, "signin.name-format", Severity::Error).expect("no domains");
    assert!(f.fix.starts_with("Type `alice`"), "{}", f.fix);
    let d = signin("alice@example.com", "idc-directory", "always-on");
    assert!(finding(&d, "signin.name-format", Severity::Pass).is_some());
    let d = signin("alice@example.com", "external-idp", "context-aware");
    assert!(finding(&d, "signin.name-format", Severity::Pass).is_some());
    assert!(finding(&d, "signin.name-format", Severity::Info).is_some());
    let d = signin("corp.example.com/alice", "ad", "disabled");
    assert!(finding(&d, "signin.name-format", Severity::Error).is_some());
    let d = signin(" CORP\\alice", "ad", "always-on");
    assert!(finding(&d, "signin.name-format", Severity::Warning).is_some());
    // The typed form and the verdict are shown; CloudTrail's UserName is explained.
    let d = signin("alice@corp.example.com", "ad", "always-on");
    let text = d.to_text();
    assert!(text.contains("Form typed: UPN or email form (user@domain)"));
    assert!(text.contains("Works in this setup: no [error]"));
    assert!(text.contains("Type this: CORP\\alice"));
    assert!(text.contains("additionalEventData.UserName is exactly what the user typed"));
}

#[test]
fn signin_without_a_name_lists_the_forms() {
    let d = request(
        "signin-name",
        None,
        &[("source", "ad"), ("mfa", "always-on")],
    );
    assert!(d.accepted);
    assert_eq!(d.exit_code(), 0);
    let forms = d.blocks.iter().find(|b| b.id == "forms").expect("forms");
    let Body::Table(t) = &forms.body else {
        panic!()
    };
    let works: Vec<&str> = t.rows.iter().map(|r| r.cells[2].as_str()).collect();
    assert_eq!(works, ["no", "yes", "no"]);
    let (code, out, _) = cli(&["signin-name", "--source", "ad", "--mfa", "disabled"], b"");
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = cli(
        &[
            "signin-name",
            "CORP\\alice",
            "--source",
            "ad",
            "--mfa",
            "always-on",
            "--json",
        ],
        b"",
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["findings"][0]["check"], "signin.name-format");
    let (code, _, out) = cli(&["signin-name", "alice", "--source", "ldap"], b"");
    assert_eq!(code, 2);
    assert!(
        out.contains("--source takes one of idc-directory, ad, external-idp"),
        "{out}"
    );
    let (code, _, _) = cli(
        &[
            "signin-name",
            "alice@corp.example.com",
            "--source",
            "ad",
            "--mfa",
            "context-aware",
        ],
        b"",
    );
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------- passwords

fn password(pw: &str, user: &str) -> Document {
    let mut fields = vec![("password", pw)];
    if !user.is_empty() {
        fields.push(("username", user));
    }
    request("password", None, &fields)
}

#[test]
fn password_policy() {
    let d = password("Zq7#kV2!xW", "");
    assert!(
        finding(&d, "password.policy", Severity::Pass).is_some(),
        "{}",
        d.to_text()
    );
    assert_eq!(d.exit_code(), 0);
    let d = password("Zq7#kV2", "");
    let f = finding(&d, "password.policy", Severity::Error).expect("short");
    assert!(f
        .message
        .contains("7 characters long; the policy requires 8–64"));
    assert_eq!(d.exit_code(), 1);
    let long = "Zq7#kV2!xW".repeat(7);
    assert!(finding(&password(&long, ""), "password.policy", Severity::Error).is_some());
    let d = password("zqkvxwzqkv", "");
    let f = d
        .findings
        .iter()
        .find(|f| f.message.contains("Missing:"))
        .expect("missing classes");
    assert!(f.message.contains("lacks 3 of the four"));
    assert!(f
        .message
        .contains("an uppercase letter (A-Z); a digit (0-9); a symbol from the allowed set"));
    assert_eq!(
        f.evidence.as_ref().map(|e| e.value.as_str()),
        Some("length 10; classes present: lowercase")
    );
    // A space is outside the documented classes: a warning, not a failure of the four classes.
    let d = password("Zq7#kV2!xW é", "");
    let f = finding(&d, "password.policy", Severity::Warning).expect("outside classes");
    assert!(f
        .message
        .starts_with("2 characters are outside the four documented classes"));
    // Every symbol of the documented set counts as a symbol.
    for s in "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/".chars() {
        let pw = format!("Abcdef1{s}");
        assert!(
            finding(&password(&pw, ""), "password.policy", Severity::Pass).is_some(),
            "{s}"
        );
    }
    assert!(finding(
        &password("Zq7#kV2!xW", ""),
        "password.policy",
        Severity::Info
    )
    .is_some_and(|f| f.message.contains("last 3 passwords")));
}

#[test]
fn user_name_checks() {
    let check = |u: &str| password("", u);
    let d = check("alice@example.com");
    assert!(
        finding(&d, "password.username", Severity::Pass).is_some(),
        "{}",
        d.to_text()
    );
    assert_eq!(d.exit_code(), 0);
    let d = check(&"a".repeat(70));
    assert!(finding(&d, "password.username", Severity::Warning)
        .is_some_and(|f| f.message.contains("70 characters long")));
    let d = check(&"a".repeat(129));
    assert!(
        finding(&d, "password.username", Severity::Error).is_some_and(|f| f
            .message
            .contains("above the Identity Store maximum of 128"))
    );
    let d = check(" alice ");
    assert!(finding(&d, "password.username", Severity::Error)
        .is_some_and(|f| f.message.contains("1 leading and 1 trailing")));
    let d = check("al ice");
    assert!(finding(&d, "password.username", Severity::Error)
        .is_some_and(|f| f.message.contains("contains whitespace")));
    let d = check("alice#1");
    let f = finding(&d, "password.username", Severity::Warning).expect("special");
    assert!(f.message.contains("special characters"));
    assert_eq!(
        f.evidence.as_ref().map(|e| e.value.as_str()),
        Some("U+0023 (#) at 6")
    );
    // Cyrillic а (U+0430) in a Latin name.
    let d = check("\u{430}lice");
    let f = finding(&d, "password.username", Severity::Warning).expect("look-alike");
    assert!(f
        .message
        .contains("look-alike Unicode and mixes Latin with Cyrillic or Greek"));
    assert_eq!(
        f.evidence.as_ref().map(|e| e.value.as_str()),
        Some("U+0430 at 1 looks like \"a\"")
    );
    let d = check("ａlice");
    assert!(finding(&d, "password.username", Severity::Warning).is_some());
    let d = check("ali\u{200b}ce");
    assert!(finding(&d, "password.username", Severity::Error)
        .is_some_and(|f| f.message.contains("invisible")));
    // Accented letters are valid but noted.
    let d = check("renée");
    assert!(finding(&d, "password.username", Severity::Info).is_some());
    assert!(finding(&d, "password.username", Severity::Pass).is_some());
}

/// Every substring of `s` of at least 4 characters.
fn substrings(s: &str) -> Vec<String> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    for i in 0..c.len() {
        for j in i + 4..=c.len() {
            out.push(c[i..j].iter().collect());
        }
    }
    out
}

#[test]
fn the_password_never_appears_in_any_export() {
    let passwords = [
        "Zq7#kV2!xW",
        "Qx9$Lm3&Rt8*Wp2@Hv5^Jb7(Kd4)Fn6-Ys1+Zc0=Gu3|Ae8!Io5?Ue2/Oy7:Ix4;Vq",
        "tqzv",
        "Zq7#kV2!xW Ñø",
        "qzvwqzvwqzvw",
    ];
    for pw in passwords {
        for user in ["", "bob.smith@example.com", " \u{430}dmin#x "] {
            let d = password(pw, user);
            assert!(!d.private_values.iter().any(|v| v.contains(pw)));
            let exports = [
                d.to_text(),
                d.to_json(),
                d.to_markdown(),
                d.redacted().to_text(),
                d.redacted().to_json(),
                d.private_values.join("\n"),
                format!("{d:?}"),
            ];
            for e in &exports {
                assert!(!e.contains(pw), "password in export");
                for s in substrings(pw) {
                    assert!(
                        !e.contains(&s),
                        "substring {s:?} of the password in an export:\n{e}"
                    );
                }
            }
        }
        // The command line: standard input only, and never echoed.
        for fmt in ["--json", "--markdown", "--username"] {
            let mut args = vec!["password", fmt];
            if fmt == "--username" {
                args.push("bob");
            }
            let (code, out, err) = cli(&args, format!("{pw}\n").as_bytes());
            assert!(code == 0 || code == 1, "{err}");
            for s in substrings(pw) {
                assert!(!out.contains(&s) && !err.contains(&s), "{s:?} printed");
            }
        }
    }
}

#[test]
fn cli_password_reads_standard_input_only() {
    let (code, out, err) = cli(&["password", "--username", "alice"], b"Zq7#kV2!xW\n");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("The password meets the policy: 10 characters"));
    let (code, out, _) = cli(&["password"], b"short\n");
    assert_eq!(code, 1);
    assert!(out.contains("5 characters long"));
    // Refused as an argument, in every spelling, and not echoed.
    for args in [
        vec!["password", "Zq7#kV2!xW"],
        vec!["password", "--password", "Zq7#kV2!xW"],
        vec!["password", "--password=Zq7#kV2!xW"],
    ] {
        let (code, out, err) = cli(&args, b"");
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("standard input only"), "{err}");
        assert!(!err.contains("Zq7#") && !out.contains("Zq7#"), "{err}");
    }
    // Nothing given at all: not this tool's input.
    let (code, _, err) = cli(&["password"], b"");
    assert_eq!(code, 2);
    assert!(err.contains("no password"), "{err}");
    let (code, out, _) = cli(&["password", "--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("(read from standard input)"));
}

// ---------------------------------------------------------------- primary groups

fn directory(main: &[u8], assigned: &str) -> Document {
    request("directory", Some(main), &[("assigned", assigned)])
}

fn check_get_aduser(d: &Document, label: &str) {
    let f = finding(d, "directory.primary-group", Severity::Error)
        .unwrap_or_else(|| panic!("{label}: {}", d.to_text()));
    assert!(
        f.message
            .contains("The assigned group «Domain Users» is the primary group of 2"),
        "{label}: {}",
        f.message
    );
    assert_eq!(
        f.evidence.as_ref().map(|e| e.value.as_str()),
        Some("alee, bchen")
    );
    assert!(f.fix.contains("Add-ADGroupMember"));
    assert_eq!(d.exit_code(), 1);
}

#[test]
fn primary_groups_from_json_csv_and_ldif() {
    let d = directory(&fixture("get-aduser.json"), "AWS-Admins, Domain Users");
    check_get_aduser(&d, "json");
    assert!(
        d.detected
            .starts_with("Get-ADUser output (ConvertTo-Json), 3 records"),
        "{}",
        d.detected
    );
    // A non-assigned primary group is named, softer.
    assert!(finding(&d, "directory.primary-group", Severity::Info)
        .is_some_and(|f| f.message.contains("«AWS-Contractors» is a primary group")));
    let users = d.blocks.iter().find(|b| b.id == "users").expect("users");
    let Body::Table(t) = &users.body else {
        panic!()
    };
    assert_eq!(
        t.rows[0].cells,
        [
            "alee",
            "Domain Users",
            "AWS-Admins; VPN Users",
            "AWS-Admins"
        ]
    );
    assert_eq!(t.rows[1].status, Some(Severity::Error));

    let d = directory(&fixture("get-aduser.csv"), "Domain Users");
    check_get_aduser(&d, "csv");
    assert!(d.detected.contains("Export-Csv"));

    let d = directory(&fixture("users.ldif"), "Domain Users");
    check_get_aduser(&d, "ldif");
    assert!(d.detected.contains("ldapsearch LDIF"));
    assert!(d.to_text().contains("bchen"), "folded dn line read");

    // Not triggered: the assigned groups are regular groups.
    let d = directory(&fixture("get-aduser.json"), "AWS-Admins, VPN Users");
    assert!(
        finding(&d, "directory.primary-group", Severity::Error).is_none(),
        "{}",
        d.to_text()
    );
    assert!(finding(&d, "directory.primary-group", Severity::Pass).is_some());
    assert!(finding(&d, "directory.input", Severity::Pass).is_some());
    assert_eq!(d.exit_code(), 0);

    // Without --assigned, primary groups are warnings.
    let d = directory(&fixture("get-aduser.json"), "");
    assert!(finding(&d, "directory.primary-group", Severity::Warning).is_some());
}

#[test]
fn directory_input_problems() {
    let d = directory(&fixture("get-aduser-collapsed.csv"), "Domain Users");
    let f = finding(&d, "directory.input", Severity::Warning).expect("collapsed");
    assert!(f.message.contains("ADPropertyValueCollection") && f.message.contains("-join"));
    assert!(finding(&d, "directory.input", Severity::Pass).is_none());
    let d = directory(&fixture("get-adgroupmember.json"), "Domain Users");
    assert!(
        d.detected.starts_with("Get-ADGroupMember output"),
        "{}",
        d.detected
    );
    assert!(
        finding(&d, "directory.input", Severity::Info).is_some_and(|f| f
            .message
            .contains("Get-ADUser -Properties PrimaryGroup,MemberOf"))
    );
    let d = directory(b"hello world", "");
    assert!(!d.accepted);
    assert_eq!(d.exit_code(), 2);
    assert!(finding(&d, "directory.input", Severity::Error).is_some());
    let d = directory(b"[{\"SamAccountName\": ", "");
    assert_eq!(d.exit_code(), 2);
    // UTF-16 (Windows PowerShell's Out-File default).
    let text = String::from_utf8(fixture("get-aduser.json")).expect("utf8");
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    check_get_aduser(&directory(&utf16, "Domain Users"), "utf-16");
    // Redacted export removes the user names.
    let d = directory(&fixture("get-aduser.json"), "Domain Users");
    let r = d.redacted().to_text();
    assert!(!r.contains("alee") && !r.contains("CN=Ann Lee"), "{r}");
}

#[test]
fn directory_cli_and_hostile_input() {
    let (code, out, _) = cli(
        &[
            "directory",
            &fixture_path("get-aduser.json"),
            "--assigned",
            "Domain Users",
            "--json",
        ],
        b"",
    );
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    for f in v["findings"].as_array().expect("findings") {
        for key in ["check", "severity", "title", "message", "evidence", "fix"] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
    }
    let (code, _, _) = cli(&["directory", "-"], b"nothing useful");
    assert_eq!(code, 2);
    // Deep JSON, a huge LDIF, a huge CSV: quick, capped, named.
    let t = std::time::Instant::now();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let d = directory(deep.as_bytes(), "");
    assert!(d.findings.iter().any(|f| f.message.contains("MAX_DEPTH")));
    let mut ldif = String::new();
    for i in 0..110_000 {
        ldif.push_str(&format!(
            "dn: CN=u{i},DC=x\nsAMAccountName: u{i}\nprimaryGroupID: 513\n\n"
        ));
    }
    let d = directory(ldif.as_bytes(), "Domain Users");
    assert!(
        d.findings.iter().any(|f| f.message.contains("MAX_RECORDS")),
        "{}",
        d.title
    );
    assert!(d.to_json().len() < 2_000_000);
    let mut csv = String::from("SamAccountName,PrimaryGroup,MemberOf\n");
    csv.push_str(&format!(
        "u,\"CN=Domain Users,DC=x\",\"{}\"\n",
        "CN=g,DC=x;".repeat(300_000)
    ));
    let d = directory(csv.as_bytes(), "");
    assert!(d.accepted);
    let secs = t.elapsed().as_secs_f64();
    println!("directory hostile cases: {secs:.2} s");
    assert!(secs < if cfg!(debug_assertions) { 60.0 } else { 5.0 });
}
