//! The policy evaluator against vectors from the IAM User Guide's evaluation-logic, NotAction,
//! NotResource, Action, Resource and Condition pages (policies retyped from the examples there, with
//! invented account ids), then the whole tool on the input shapes.

use ssocheck::doc::Document;
use ssocheck::finding::Severity;
use ssocheck::iam::cond::Context;
use ssocheck::iam::eval::{evaluate, Decision, Request};
use ssocheck::iam::model::{statements, Kind, Policy};
use ssocheck::tools::{run, InputFile, ToolRequest};

fn policy(kind: Kind, json: &str) -> Policy {
    let v: serde_json::Value = serde_json::from_str(json).expect("vector JSON");
    Policy {
        kind,
        name: "vector".into(),
        version: v
            .get("Version")
            .and_then(|x| x.as_str())
            .map(str::to_string),
        statements: statements(&v),
        level: 0,
    }
}

fn decide(policies: &[Policy], action: &str, resource: &str, ctx: &[(&str, &str)]) -> Decision {
    let mut c = Context::default();
    for (k, v) in ctx {
        c.set(k, v, "given");
    }
    let req = Request {
        action: action.into(),
        resource: resource.into(),
        any_account: false,
    };
    evaluate(policies, &req, &c).decision
}

const ROLES: &str = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*";

#[test]
fn default_is_implicit_deny_and_explicit_deny_wins() {
    let allow = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*"}}"#,
    );
    let deny = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoTrustEdits","Effect":"Deny","Action":"iam:UpdateAssumeRolePolicy","Resource":"*"}]}"#,
    );
    assert_eq!(
        decide(&[], "iam:UpdateAssumeRolePolicy", ROLES, &[]),
        Decision::NotAllowed
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&allow),
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(
            &[allow.clone(), deny.clone()],
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::Denied
    );
    // Order does not matter.
    assert_eq!(
        decide(&[deny, allow], "iam:UpdateAssumeRolePolicy", ROLES, &[]),
        Decision::Denied
    );
}

#[test]
fn not_action_with_allow_grants_everything_else() {
    // IAM User Guide, NotAction: "allows access to all actions in all AWS services except IAM".
    let p = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}"#,
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "s3:ListBucket",
            "arn:aws:s3:::example-bucket",
            &[]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "sso:UpdatePermissionSet",
            "*",
            &[]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(&[p], "iam:UpdateAssumeRolePolicy", ROLES, &[]),
        Decision::NotAllowed
    );
}

#[test]
fn not_action_with_deny_and_mfa_condition() {
    // IAM User Guide, NotAction: deny everything except IAM to users not signed in with MFA.
    let allow_all = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    let deny = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"DenyAllUsersNotUsingMFA","Effect":"Deny","NotAction":"iam:*","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
    );
    let ps = [allow_all, deny];
    // IAM actions are outside the Deny whatever the MFA state.
    assert_eq!(
        decide(&ps, "iam:UpdateAssumeRolePolicy", ROLES, &[]),
        Decision::Allowed
    );
    // Other actions: unknown MFA state → indeterminate; known → decided.
    assert_eq!(
        decide(&ps, "sso:UpdatePermissionSet", "*", &[]),
        Decision::Indeterminate
    );
    assert_eq!(
        decide(
            &ps,
            "sso:UpdatePermissionSet",
            "*",
            &[("aws:MultiFactorAuthPresent", "false")]
        ),
        Decision::Denied
    );
    assert_eq!(
        decide(
            &ps,
            "sso:UpdatePermissionSet",
            "*",
            &[("aws:MultiFactorAuthPresent", "true")]
        ),
        Decision::Allowed
    );
    // BoolIfExists: a request without the key (long-term access keys) is denied too.
    assert_eq!(
        decide(
            &ps,
            "sso:UpdatePermissionSet",
            "*",
            &[("aws:MultiFactorAuthPresent", "")]
        ),
        Decision::Denied
    );
}

#[test]
fn not_resource_with_deny() {
    // IAM User Guide, NotResource: deny S3 everywhere except the payroll prefix.
    let ps = [
        policy(
            Kind::Identity,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
        ),
        policy(
            Kind::Identity,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:*","NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}}"#,
        ),
    ];
    assert_eq!(
        decide(
            &ps,
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/Payroll/2025.csv",
            &[]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(
            &ps,
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/Other/x.csv",
            &[]
        ),
        Decision::Denied
    );
    // Case-sensitive resources: a different case is "not the payroll prefix".
    assert_eq!(
        decide(
            &ps,
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/payroll/2025.csv",
            &[]
        ),
        Decision::Denied
    );
}

#[test]
fn wildcards_and_case_rules() {
    let p = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Action":"IAM:*AssumeRole?olicy","Resource":"arn:aws:iam::111122223333:role/aws-reserved/*"}]}"#,
    );
    // Actions: case-insensitive, * and ?.
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:updateassumerolepolicy",
            ROLES,
            &[]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(std::slice::from_ref(&p), "iam:UpdateRole", ROLES, &[]),
        Decision::NotAllowed
    );
    // Resources: case-sensitive; * runs across /.
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:UpdateAssumeRolePolicy",
            "arn:aws:iam::111122223333:role/AWS-Reserved/sso.amazonaws.com/x",
            &[]
        ),
        Decision::NotAllowed
    );
    assert_eq!(decide(std::slice::from_ref(&p), "iam:UpdateAssumeRolePolicy", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef", &[]), Decision::Allowed);
    // Another account's roles are not covered.
    assert_eq!(
        decide(
            &[p],
            "iam:UpdateAssumeRolePolicy",
            "arn:aws:iam::444455556666:role/aws-reserved/sso.amazonaws.com/*",
            &[]
        ),
        Decision::NotAllowed
    );
    // A statement that covers only some permission-set roles does not cover all of them.
    let some = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:UpdateAssumeRolePolicy","Resource":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*"}}"#,
    );
    assert_eq!(
        decide(&[some], "iam:UpdateAssumeRolePolicy", ROLES, &[]),
        Decision::NotAllowed
    );
}

#[test]
fn conditions_known_and_unknown() {
    let p = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":[
        {"Sid":"FromOffice","Effect":"Allow","Action":"iam:UpdateAssumeRolePolicy","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"StringEquals":{"aws:PrincipalAccount":"111122223333"}}}]}"#,
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[("aws:PrincipalAccount", "111122223333")]
        ),
        Decision::Indeterminate
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[
                ("aws:PrincipalAccount", "111122223333"),
                ("aws:SourceIp", "203.0.113.9")
            ]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[
                ("aws:PrincipalAccount", "111122223333"),
                ("aws:SourceIp", "198.51.100.9")
            ]
        ),
        Decision::NotAllowed
    );
    // A known key that fails decides even when another key is unknown (AND).
    assert_eq!(
        decide(
            &[p],
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[("aws:PrincipalAccount", "444455556666")]
        ),
        Decision::NotAllowed
    );
    // Region deny from an SCP with StringNotEquals: known region decides.
    let ps = [
        policy(
            Kind::Identity,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        ),
        policy(
            Kind::Scp,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}"#,
        ),
    ];
    assert_eq!(
        decide(
            &ps,
            "sso:UpdatePermissionSet",
            "*",
            &[("aws:RequestedRegion", "eu-west-1")]
        ),
        Decision::Allowed
    );
    assert_eq!(
        decide(
            &ps,
            "sso:UpdatePermissionSet",
            "*",
            &[("aws:RequestedRegion", "us-east-1")]
        ),
        Decision::Denied
    );
    assert_eq!(
        decide(&ps, "sso:UpdatePermissionSet", "*", &[]),
        Decision::Indeterminate
    );
}

#[test]
fn scp_without_allow_and_boundary() {
    let admin = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    // An SCP with only a Deny (FullAWSAccess detached) allows nothing.
    let deny_only = policy(
        Kind::Scp,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}}"#,
    );
    assert_eq!(
        decide(
            &[admin.clone(), deny_only.clone()],
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::NotAllowed
    );
    let full = policy(
        Kind::Scp,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    assert_eq!(
        decide(
            &[admin.clone(), deny_only, full],
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::Allowed
    );
    // Boundary: both identity policy and boundary must allow.
    let boundary = policy(
        Kind::Boundary,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#,
    );
    assert_eq!(
        decide(
            &[admin.clone(), boundary.clone()],
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::NotAllowed
    );
    assert_eq!(
        decide(
            &[admin.clone(), boundary],
            "s3:GetObject",
            "arn:aws:s3:::b/k",
            &[]
        ),
        Decision::Allowed
    );
    // A boundary alone grants nothing.
    let b2 = policy(
        Kind::Boundary,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
    );
    assert_eq!(
        decide(&[b2], "s3:GetObject", "arn:aws:s3:::b/k", &[]),
        Decision::NotAllowed
    );
}

#[test]
fn policy_variables_only_in_2012_10_17() {
    let p12 = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}}"#,
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p12),
            "iam:GetUser",
            "arn:aws:iam::111122223333:user/alice",
            &[]
        ),
        Decision::Indeterminate
    );
    assert_eq!(
        decide(
            &[p12],
            "iam:GetUser",
            "arn:aws:iam::111122223333:user/alice",
            &[("aws:username", "alice")]
        ),
        Decision::Allowed
    );
    let p08 = policy(
        Kind::Identity,
        r#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}}"#,
    );
    assert_eq!(
        decide(
            &[p08],
            "iam:GetUser",
            "arn:aws:iam::111122223333:user/alice",
            &[("aws:username", "alice")]
        ),
        Decision::NotAllowed
    );
}

// ---- The whole tool ----

fn fixture(name: &str) -> Vec<u8> {
    let p = format!("{}/tests/fixtures/iam/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {p} missing: {e}"))
}

fn tool(files: &[(&str, Vec<u8>)], fields: &[(&str, &str)]) -> Document {
    run(&ToolRequest {
        tool: "iam".into(),
        files: files
            .iter()
            .map(|(n, b)| InputFile {
                name: n.to_string(),
                bytes: b.clone(),
            })
            .collect(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        now_ms: 0,
    })
}

fn finding<'a>(d: &'a Document, id: &str) -> &'a ssocheck::Finding {
    d.findings
        .iter()
        .find(|f| f.check == id)
        .unwrap_or_else(|| panic!("no {id} in {:#?}", d.findings))
}

#[test]
fn enabling_abac_denied_by_an_scp_is_explained() {
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("scp", fixture("scps-deny-reserved-roles.json")),
        ],
        &[("account", "111122223333")],
    );
    assert!(d.accepted);
    let dec = finding(&d, "iam.decision");
    assert_eq!(dec.severity, Severity::Error);
    assert!(dec.message.contains("is denied"), "{}", dec.message);
    assert!(dec.message.contains("ProtectIdentityCenterRoles"));
    let deny = finding(&d, "iam.explicit-deny");
    assert_eq!(deny.severity, Severity::Error);
    assert!(
        deny.message
            .contains("Statement[1] (Sid \"ProtectIdentityCenterRoles\")"),
        "{}",
        deny.message
    );
    assert!(deny.message.contains("management account"));
    let ev = deny.evidence.as_ref().expect("quoted statement");
    assert!(ev.value.contains("\"Sid\":\"ProtectIdentityCenterRoles\""));
    assert_eq!(ev.location, "SCPs[1], Statement[1]");
    assert_eq!((ev.line, ev.column), (Some(18), Some(7)));
    assert_eq!(finding(&d, "iam.scp").severity, Severity::Error);
    // The region Deny uses NotAction iam:* and does not match; IAM's assumed region is said.
    assert!(!d.to_text().contains("DenyRegionsOutsideEU\") of"));
    assert!(d.to_text().contains("us-east-1 (assumed"));
    // The other permissions, each evaluated.
    let text = d.to_text();
    for p in [
        "sso:CreateInstanceAccessControlAttributeConfiguration",
        "sso:UpdatePermissionSet",
        "sso:ProvisionPermissionSet",
    ] {
        assert!(text.contains(p), "{p} missing");
    }
    assert!(d.blocks.iter().any(|b| b.id == "deciding"));
    // The account is private.
    assert!(!d.redacted().to_json().contains("111122223333"));
}

#[test]
fn allowed_and_shapes() {
    let d = tool(
        &[("admin-policy.json", fixture("admin-policy.json"))],
        &[("account", "111122223333")],
    );
    let dec = finding(&d, "iam.decision");
    assert_eq!(dec.severity, Severity::Pass);
    assert!(
        dec.message.contains("ManagePermissionSetRoles"),
        "{}",
        dec.message
    );
    assert_eq!(d.exit_code(), 0);

    // get-policy-version with a URL-encoded document; the account from a listing.
    let d = tool(
        &[
            ("gpv.json", fixture("get-policy-version.json")),
            ("list.json", fixture("list-attached-role-policies.json")),
        ],
        &[],
    );
    assert_eq!(
        finding(&d, "iam.decision").severity,
        Severity::Pass,
        "{:#?}",
        d.findings
    );
    assert!(d.detected.contains("get-policy-version"));
    assert!(d.to_text().contains("Account: 111122223333"));
    // Account ids from the listing and the URL-encoded document are redacted.
    assert!(!d.redacted().to_json().contains("111122223333"));

    // get-role-policy with an MFA condition: indeterminate, naming the key, until given.
    let d = tool(
        &[("grp.json", fixture("get-role-policy.json"))],
        &[("account", "111122223333")],
    );
    let dec = finding(&d, "iam.decision");
    assert_eq!(dec.severity, Severity::Warning);
    assert!(dec.message.contains("aws:MultiFactorAuthPresent"));
    let cu = finding(&d, "iam.condition-unknown");
    assert!(
        cu.message.contains("AbacSetup of IdentityCenterOperators"),
        "{}",
        cu.message
    );
    let d = tool(
        &[("grp.json", fixture("get-role-policy.json"))],
        &[
            ("account", "111122223333"),
            ("context", "aws:MultiFactorAuthPresent=true"),
        ],
    );
    assert_eq!(finding(&d, "iam.decision").severity, Severity::Pass);

    // Only a listing: not allowed, and the report says which documents to paste.
    let d = tool(
        &[("list.json", fixture("list-attached-role-policies.json"))],
        &[],
    );
    let dec = finding(&d, "iam.decision");
    assert!(
        dec.message.contains("only a listing was pasted"),
        "{}",
        dec.message
    );
    assert!(dec.message.contains("IdentityCenterRoles"));
}

#[test]
fn scp_from_describe_policy_without_allow_and_boundary() {
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("scp.json", fixture("describe-policy-scp.json")),
        ],
        &[("account", "111122223333")],
    );
    let scp = finding(&d, "iam.scp");
    assert_eq!(scp.severity, Severity::Error);
    assert!(
        scp.message.contains("No statement of the SCP allows"),
        "{}",
        scp.message
    );
    assert!(finding(&d, "iam.decision")
        .message
        .contains("no SCP allows it"));
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("boundary", fixture("boundary-s3-only.json")),
        ],
        &[("account", "111122223333")],
    );
    assert_eq!(finding(&d, "iam.boundary").severity, Severity::Error);
    assert!(finding(&d, "iam.decision")
        .message
        .contains("permission boundary does not allow"));
}

#[test]
fn lint_findings() {
    let d = tool(&[("broken.json", fixture("broken.json"))], &[]);
    assert!(!d.accepted);
    let f = finding(&d, "iam.policy-syntax");
    let ev = f.evidence.as_ref().expect("position");
    assert_eq!((ev.line, ev.column), (Some(5), Some(5)), "{f:?}");

    let d = tool(&[("lint.json", fixture("lint-problems.json"))], &[]);
    let msgs: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.check == "iam.policy-syntax")
        .map(|f| f.message.as_str())
        .collect();
    let has = |s: &str| msgs.iter().any(|m| m.contains(s));
    assert!(has("unknown top-level key \"Comment\""), "{msgs:#?}");
    let both = d
        .findings
        .iter()
        .find(|f| f.message.contains("both Action and NotAction"))
        .and_then(|f| f.evidence.as_ref())
        .expect("evidence");
    assert_eq!((both.line, both.column), (Some(5), Some(5)));
    assert!(has("2008-10-17"));
    assert!(has("both Action and NotAction"));
    assert!(has("partition \"amazon\""));
    assert!(has("IAM is a global service"));
    let d = tool(
        &[(
            "p.json",
            br#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#.to_vec(),
        )],
        &[],
    );
    assert!(d
        .findings
        .iter()
        .any(|f| f.check == "iam.policy-syntax" && f.message.contains("no Version")));
}

#[test]
fn nothing_or_not_a_policy_is_not_accepted() {
    assert_eq!(tool(&[], &[]).exit_code(), 2);
    assert_eq!(
        tool(&[("x.json", br#"{"hello":"world"}"#.to_vec())], &[]).exit_code(),
        2
    );
    assert_eq!(
        tool(&[("x.txt", b"just text".to_vec())], &[]).exit_code(),
        2
    );
}

#[test]
fn near_misses_and_trust_policy_lint() {
    let narrow = br#"{"Version":"2012-10-17","Statement":[
        {"Sid":"OnlyAdminRole","Effect":"Allow","Action":"iam:UpdateAssumeRolePolicy","Resource":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_*"},
        {"Sid":"Trust","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/AWSSSO_0123456789abcdef_DO_NOT_DELETE"},"Action":["sts:AssumeRoleWithSAML","sts:TagSession"],"Condition":{"StringEqual":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}"#;
    let d = tool(
        &[("narrow.json", narrow.to_vec())],
        &[("account", "111122223333")],
    );
    let dec = finding(&d, "iam.decision");
    assert_eq!(dec.severity, Severity::Error);
    assert!(dec.message.contains("Closest: Statement[0] (Sid \"OnlyAdminRole\") of identity policy narrow.json allows the action on arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_* only"), "{}", dec.message);
    assert!(dec.fix.contains("Allow iam:UpdateAssumeRolePolicy on arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/*"));
    let lint: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.check == "iam.policy-syntax")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        lint.iter()
            .any(|m| m.contains("has Principal") && m.contains("trust")),
        "{lint:#?}"
    );
    assert!(lint
        .iter()
        .any(|m| m.contains("unknown condition operator \"StringEqual\"")));
}

#[test]
fn json_that_is_not_a_policy_is_named() {
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("other.json", br#"{"Users":[]}"#.to_vec()),
            ("scp", br#"{"Policies":[]}"#.to_vec()),
        ],
        &[],
    );
    assert!(d.accepted);
    let msgs: Vec<&str> = d
        .findings
        .iter()
        .filter(|f| f.check == "iam.policy-syntax")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("other.json is JSON but holds no identity policy")),
        "{msgs:#?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("The SCPs field holds no policy document")),
        "{msgs:#?}"
    );
}

#[test]
fn utf16_file_from_windows_powershell() {
    let text = String::from_utf8(fixture("get-role-policy.json")).expect("utf-8 fixture");
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let d = tool(
        &[("out.json", le)],
        &[("context", "aws:MultiFactorAuthPresent=true")],
    );
    assert!(d.accepted, "{:#?}", d.findings);
    assert_eq!(finding(&d, "iam.decision").severity, Severity::Pass);
}

#[test]
fn scp_levels_each_must_allow() {
    let full = r#"{"Version":"2012-10-17","Statement":{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"}}"#;
    let deny_list = r#"{"Version":"2012-10-17","Statement":{"Sid":"NoLeaving","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}}"#;
    // The OU level has only a deny list (FullAWSAccess detached there).
    let levels = format!("[[{full}], [{deny_list}], [{full}]]");
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("scp", levels.into_bytes()),
        ],
        &[("account", "111122223333")],
    );
    let scp = finding(&d, "iam.scp");
    assert_eq!(scp.severity, Severity::Error);
    assert!(
        scp.message
            .contains("No SCP at level 2 (of the 3 levels given)"),
        "{}",
        scp.message
    );
    // The same SCPs as one flat level: one Allow suffices.
    let flat = format!("[{full}, {deny_list}, {full}]");
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("scp", flat.into_bytes()),
        ],
        &[("account", "111122223333")],
    );
    assert_eq!(finding(&d, "iam.scp").severity, Severity::Pass);
    // FullAWSAccess beside the deny list at every level: allowed.
    let ok = format!("[[{full}], [{full}, {deny_list}], [{full}]]");
    let d = tool(
        &[
            ("admin-policy.json", fixture("admin-policy.json")),
            ("scp", ok.into_bytes()),
        ],
        &[("account", "111122223333")],
    );
    assert_eq!(
        finding(&d, "iam.decision").severity,
        Severity::Pass,
        "{:#?}",
        d.findings
    );
}

#[test]
fn more_operators_and_deny_places() {
    let allow = |cond: &str| {
        policy(
            Kind::Identity,
            &format!(
                r#"{{"Version":"2012-10-17","Statement":{{"Effect":"Allow","Action":"iam:UpdateAssumeRolePolicy","Resource":"*","Condition":{cond}}}}}"#
            ),
        )
    };
    let d =
        |p: Policy, ctx: &[(&str, &str)]| decide(&[p], "iam:UpdateAssumeRolePolicy", ROLES, ctx);
    // StringLike with wildcards; ArnLike on the principal.
    assert_eq!(
        d(
            allow(r#"{"StringLike":{"aws:PrincipalTag/team":"identity-*"}}"#),
            &[("aws:PrincipalTag/team", "identity-admins")]
        ),
        Decision::Allowed
    );
    assert_eq!(d(allow(r#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*"}}"#), &[("aws:PrincipalArn", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef")]), Decision::Allowed);
    // Dates and numbers.
    assert_eq!(
        d(
            allow(r#"{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}"#),
            &[("aws:CurrentTime", "2025-06-01T12:00:00Z")]
        ),
        Decision::Allowed
    );
    assert_eq!(
        d(
            allow(r#"{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}"#),
            &[("aws:CurrentTime", "2026-06-01T12:00:00Z")]
        ),
        Decision::NotAllowed
    );
    assert_eq!(
        d(
            allow(r#"{"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}}"#),
            &[("aws:MultiFactorAuthAge", "120")]
        ),
        Decision::Allowed
    );
    // Multi-valued keys.
    let tags = r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["CostCenter","Project"]}}"#;
    assert_eq!(
        d(
            allow(tags),
            &[("aws:TagKeys", "Owner"), ("aws:TagKeys", "Project")]
        ),
        Decision::Allowed
    );
    let all = r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["CostCenter","Project"]}}"#;
    assert_eq!(
        d(
            allow(all),
            &[("aws:TagKeys", "Owner"), ("aws:TagKeys", "Project")]
        ),
        Decision::NotAllowed
    );
    // Null false: the key must be present.
    assert_eq!(
        d(
            allow(r#"{"Null":{"aws:PrincipalTag/team":"false"}}"#),
            &[("aws:PrincipalTag/team", "")]
        ),
        Decision::NotAllowed
    );
    // A Deny in the boundary wins over identity and boundary Allows.
    let ps = [
        policy(
            Kind::Identity,
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#,
        ),
        policy(
            Kind::Boundary,
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"iam:Update*","Resource":"*"}]}"#,
        ),
    ];
    assert_eq!(
        decide(&ps, "iam:UpdateAssumeRolePolicy", ROLES, &[]),
        Decision::Denied
    );
    // NotResource with Allow: everything except the reserved roles.
    let p = policy(
        Kind::Identity,
        r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*","NotResource":"arn:aws:iam::*:role/aws-reserved/*"}}"#,
    );
    assert_eq!(
        decide(
            std::slice::from_ref(&p),
            "iam:UpdateAssumeRolePolicy",
            ROLES,
            &[]
        ),
        Decision::NotAllowed
    );
    assert_eq!(
        decide(
            &[p],
            "iam:UpdateAssumeRolePolicy",
            "arn:aws:iam::111122223333:role/app",
            &[]
        ),
        Decision::Allowed
    );
}
