//! The protected-role explainer: error text, names, ARNs, the provider, look-alikes, and its CLI.

use ssocheck::cli::run as cli_run;
use ssocheck::doc::{Body, Document};
use ssocheck::finding::Severity;
use ssocheck::tools::{run, InputFile, ToolRequest};

fn role(text: &str) -> Document {
    run(&ToolRequest {
        tool: "role".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: text.as_bytes().to_vec(),
        }],
        fields: vec![],
        now_ms: 0,
    })
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = cli_run(&args, &mut &b""[..], &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&out).into(),
        String::from_utf8_lossy(&err).into(),
    )
}

/// The error text of aws-rules.md §3, with an invented suffix.
const ERROR: &str = "An error occurred (UnmodifiableEntity) when calling the PutRolePolicy operation: Cannot perform the operation on the protected role 'AWSReservedSSO_DatabaseAdministrator_1234567890abcdef' - this role is only modifiable by AWS";

#[test]
fn error_message_names_the_permission_set_and_the_way_to_change_it() {
    let d = role(ERROR);
    assert!(d.accepted);
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "role.reserved")
        .expect("role.reserved");
    assert!(f.message.contains("UnmodifiableEntity"));
    assert!(
        f.message
            .contains("permission set \"DatabaseAdministrator\""),
        "{}",
        f.message
    );
    assert!(f
        .fix
        .contains("management account or the delegated administrator"));
    assert!(d.title.contains("DatabaseAdministrator"));
    let cmds = d
        .blocks
        .iter()
        .find(|b| b.id == "commands")
        .expect("commands");
    let Body::KeyValues { items } = &cmds.body else {
        panic!("key values")
    };
    assert!(items.iter().all(|kv| kv.copy));
    let all: String = items
        .iter()
        .map(|kv| kv.value.clone())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("aws sso-admin update-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN"));
    assert!(all.contains("aws sso-admin provision-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --target-type ALL_PROVISIONED_ACCOUNTS"));
    assert!(
        all.contains("awk -F'\\t' '$1 == \"DatabaseAdministrator\" {print $2}'"),
        "{all}"
    );
    let text = d.to_text();
    assert!(text.contains("Multi-account permissions → Permission sets → DatabaseAdministrator"));
    assert!(text.contains("suffix changes when every assignment"));
}

#[test]
fn arn_with_region_path_and_account() {
    let d = role("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Billing.Read-Only_0123456789abcdef");
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "role.reserved")
        .expect("reserved");
    assert!(f.message.contains("\"Billing.Read-Only\""));
    assert!(f.message.contains("eu-west-1"));
    assert!(d.to_text().contains("--target-id 111122223333"));
    assert!(!d.redacted().to_text().contains("111122223333"));
    // Only a 12-digit account goes into the copyable commands.
    let d = role("arn:aws:iam::1|rm:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef");
    assert!(d.findings.iter().any(|f| f.check == "role.reserved"));
    assert!(d.to_text().contains("--target-id ACCOUNT_ID"));
    let cmds = d
        .blocks
        .iter()
        .find(|b| b.id == "commands")
        .expect("commands");
    let Body::KeyValues { items } = &cmds.body else {
        panic!("key values")
    };
    assert!(items.iter().all(|kv| !kv.value.contains("|rm")));
    // Regionless path (older instances).
    let d = role("arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef");
    assert!(d.findings.iter().any(|f| f.check == "role.reserved"));
    // The role of an assumed-role session ARN.
    let d = role("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com");
    assert!(d.findings.iter().any(|f| f.check == "role.reserved"));
}

#[test]
fn provider_and_look_alikes() {
    let d = role("arn:aws:iam::111122223333:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE");
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "role.provider")
        .expect("provider");
    assert!(f.message.contains("Do not delete"));
    for look_alike in [
        "AWSReservedSSO_Admin_0123456789ABCDEF", // upper-case hex
        "AWSReservedSSO_Admin_0123456789abcde",  // 15 hex
        "arn:aws:iam::111122223333:role/custom/AWSReservedSSO_Admin_0123456789abcdef", // wrong path
        "awsreservedsso_Admin_0123456789abcdef", // wrong case
        "arn:aws:iam::111122223333:saml-provider/AWSSSO_0123456789abcdef_DELETE_ME", // provider
    ] {
        let d = role(look_alike);
        let f = d
            .findings
            .iter()
            .find(|f| f.check == "role.not-reserved")
            .unwrap_or_else(|| panic!("{look_alike}: {:#?}", d.findings));
        assert_eq!(f.severity, Severity::Warning, "{look_alike}");
        assert!(f.message.contains("something else"), "{}", f.message);
        assert!(
            !d.findings.iter().any(|f| f.check == "role.reserved"),
            "{look_alike}"
        );
    }
    let d = role("arn:aws:iam::111122223333:role/service-role/MyLambdaRole");
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "role.not-reserved")
        .expect("not reserved");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.message.contains("ordinary IAM role"));
}

#[test]
fn cli_exit_codes_and_json() {
    let (code, out, _) = cli(&["role", ERROR]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("(role.reserved)"));
    let (code, out, _) = cli(&["role", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let f = &v["findings"][0];
    for k in ["check", "severity", "title", "message", "evidence", "fix"] {
        assert!(f.get(k).is_some(), "{k} missing in {f}");
    }
    assert_eq!(f["check"], "role.reserved");
    let (code, _, err) = cli(&["role", "hello", "world"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, _) = cli(&["role"]);
    assert_eq!(code, 2);
}

#[test]
fn hostile_text_is_bounded() {
    let t = std::time::Instant::now();
    let big = "AWSReservedSSO_x_ arn:aws:iam::1:role/ ".repeat(100_000);
    let d = role(&big);
    assert!(t.elapsed() < std::time::Duration::from_secs(10));
    assert!(
        d.findings.iter().any(|f| f.message.contains("input caps")),
        "{:#?}",
        d.findings.len()
    );
    let _ = role("arn:::::::::::: \u{0}\u{ffff} AWSSSO_ _DO_NOT_DELETE AWSReservedSSO_");
}
