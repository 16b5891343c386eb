//! `ssocheck scim`: every rule triggered and not triggered, on bodies written after the SCIM
//! developer guide's examples and several identity providers' shapes (tests/fixtures/scim), plus
//! what a user reads: the AWS error text each finding quotes, what was detected, the table.

use ssocheck::doc::{Body, Document};
use ssocheck::tools::{run, InputFile, ToolRequest};
use ssocheck::Severity;

fn fixture(name: &str) -> String {
    let p = format!("{}/tests/fixtures/scim/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("fixture {p} missing: {e}"))
}

fn scim_with(text: &str, fields: &[(&str, &str)]) -> Document {
    run(&ToolRequest {
        tool: "scim".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes: text.as_bytes().to_vec(),
        }],
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        now_ms: 0,
    })
}

fn scim(text: &str) -> Document {
    scim_with(text, &[])
}

/// Messages of the failing (error or warning) findings of `id`.
fn failures(d: &Document, id: &str) -> Vec<String> {
    d.findings
        .iter()
        .filter(|f| f.check == id && matches!(f.severity, Severity::Error | Severity::Warning))
        .map(|f| f.message.clone())
        .collect()
}

fn fails_with(d: &Document, id: &str, text: &str) {
    let f = failures(d, id);
    assert!(
        f.iter().any(|m| m.contains(text)),
        "{id} should fail with {text:?}; got {f:#?}\n{}",
        d.to_text()
    );
}

fn passes(d: &Document, id: &str) {
    assert!(failures(d, id).is_empty(), "{id} failed:\n{}", d.to_text());
    assert!(
        d.findings
            .iter()
            .any(|f| f.check == id && f.severity == Severity::Pass),
        "{id} has no pass finding:\n{}",
        d.to_text()
    );
}

const USER: &str = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"U","name":{"givenName":"G","familyName":"F"},"displayName":"D","emails":[{"value":"u@example.com","type":"work","primary":true}]}"#;

fn user_with(replace: &str, with: &str) -> String {
    assert!(USER.contains(replace), "{replace}");
    USER.replacen(replace, with, 1)
}

#[test]
fn developer_guide_user_passes_every_rule() {
    let d = scim(&fixture("user-good.json"));
    assert_eq!(d.exit_code(), 0, "{}", d.to_text());
    assert_eq!(d.detected, "1 User (POST/PUT)");
    for id in [
        "scim.input",
        "scim.required",
        "scim.multi-value",
        "scim.unsupported",
        "scim.pattern",
        "scim.length",
        "scim.reserved",
        "scim.manager",
    ] {
        passes(&d, id);
    }
    let table = d.blocks.iter().find(|b| b.id == "bodies").expect("table");
    let Body::Table(t) = &table.body else {
        panic!("not a table")
    };
    assert_eq!(t.rows[0].cells[3], "bjensen@example.com");
    assert_eq!(t.rows[0].cells[4], "none");
}

#[test]
fn input_invalid_json_and_not_scim() {
    let d = scim("{\"userName\": \"a\",\n \"name\": {");
    assert_eq!(d.exit_code(), 2);
    fails_with(&d, "scim.input", "Invalid JSON from RequestBody");
    let ev = d.findings[0].evidence.as_ref().expect("evidence");
    assert!(ev.location.contains("line 2"), "{ev:?}");
    let d = scim("hello, this is not SCIM");
    assert_eq!(d.exit_code(), 2);
    assert!(!d.accepted);
    let d = scim(r#"{"Records":[{"eventName":"x"}]}"#);
    assert_eq!(
        d.exit_code(),
        2,
        "JSON that is not SCIM is not this tool's input"
    );
    passes(&scim(USER), "scim.input");
}

#[test]
fn required_attributes() {
    let d = scim(&fixture("authentik-user-no-family.json"));
    fails_with(
        &d,
        "scim.required",
        "`name.familyName` is missing. Identity Center requires it and refuses the user with «Request is unparsable, syntactically incorrect, or violates schema.»",
    );
    let d = scim(&fixture("okta-user-empty-family.json"));
    fails_with(&d, "scim.required", "2 validation errors detected: Value at 'name.familyName' failed to satisfy constraint: Member must have length greater than or equal to 1; Value at 'name.familyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+");
    // Empty familyName is reported once (required), not again as a length problem.
    assert!(failures(&d, "scim.length").is_empty(), "{}", d.to_text());
    fails_with(
        &scim(&user_with(r#""displayName":"D","#, "")),
        "scim.required",
        "`displayName` is missing",
    );
    fails_with(
        &scim(&user_with(r#""givenName":"G""#, r#""givenName":null"#)),
        "scim.required",
        "`name.givenName` is missing",
    );
    fails_with(
        &scim(&user_with(r#""userName":"U","#, "")),
        "scim.required",
        "`userName` is missing",
    );
    fails_with(
        &scim(&user_with(r#""familyName":"F""#, r#""familyName":"  ""#)),
        "scim.required",
        "only whitespace",
    );
    fails_with(
        &scim(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":""}"#),
        "scim.required",
        "`displayName` is an empty string",
    );
    passes(&scim(USER), "scim.required");
    passes(&scim(&fixture("group-good.json")), "scim.required");
}

#[test]
fn multi_value_attributes_quote_the_aws_text() {
    let d = scim(&fixture("entra-user-two-phones.json"));
    fails_with(
        &d,
        "scim.multi-value",
        "List attribute phoneNumbers exceeds allowed limit of 1",
    );
    let d = scim(&fixture("google-users.jsonl"));
    fails_with(
        &d,
        "scim.multi-value",
        "List attribute emails exceeds allowed limit of 1",
    );
    let two_addresses = user_with(
        r#""displayName":"D","#,
        r#""displayName":"D","addresses":[{"type":"work","locality":"A"},{"type":"home","locality":"B"}],"#,
    );
    fails_with(
        &scim(&two_addresses),
        "scim.multi-value",
        "List attribute addresses allowed limit of 1",
    );
    fails_with(
        &scim(&user_with(r#","primary":true"#, "")),
        "scim.multi-value",
        "not marked `\"primary\": true`",
    );
    fails_with(
        &scim(&user_with(
            r#""displayName":"D","#,
            r#""displayName":"D","roles":[{"value":"a"},{"value":"b"}],"#,
        )),
        "scim.multi-value",
        "List attribute roles exceeds allowed limit of 1",
    );
    passes(&scim(USER), "scim.multi-value");
    passes(&scim(&fixture("user-good.json")), "scim.multi-value");
}

#[test]
fn unsupported_attributes_and_nested_groups() {
    let d = scim(&fixture("okta-user-empty-family.json"));
    fails_with(&d, "scim.unsupported", "`groups` cannot be sent on a user");
    fails_with(&d, "scim.unsupported", "`password` is not supported");
    let d = scim(&fixture("user-many-problems.json"));
    fails_with(&d, "scim.unsupported", "`photos` is not supported");
    fails_with(&d, "scim.unsupported", "`emails.display` is not supported");
    fails_with(
        &d,
        "scim.unsupported",
        "`manager.displayName` is not supported",
    );
    let f = d
        .findings
        .iter()
        .find(|f| f.message.contains("`photos`"))
        .expect("photos");
    assert!(f.fix.contains("`photos`"), "specific fix: {}", f.fix);
    let d = scim(&fixture("group-nested-reserved.json"));
    fails_with(&d, "scim.unsupported", "nested groups");
    let d = scim(&user_with(
        r#""displayName":"D","#,
        r#""displayName":"D","urn:okta:custom:1.0":{"x":"y"},"#,
    ));
    fails_with(
        &d,
        "scim.unsupported",
        "is not an attribute of Identity Center's user schema",
    );
    passes(&scim(USER), "scim.unsupported");
    passes(&scim(&fixture("group-good.json")), "scim.unsupported");
}

#[test]
fn patterns() {
    let d = scim(&fixture("user-space-username.json"));
    fails_with(&d, "scim.pattern", "U+0020 (space) at character 4");
    fails_with(&d, "scim.pattern", "1 validation errors detected: Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+");
    let d = scim(&fixture("user-many-problems.json"));
    fails_with(&d, "scim.pattern", "Value at 'name.givenName'");
    fails_with(
        &scim(&user_with(r#""userName":"U""#, "\"userName\":\"U\\u200b\"")),
        "scim.pattern",
        "zero-width space",
    );
    fails_with(
        &scim(
            &user_with(r#""type":"work","#, r#""type":"work","value2":"x","#)
                .replace(r#""externalId""#, "")
                .replacen(
                    r#""userName":"U""#,
                    r#""userName":"U","externalId":"a b""#,
                    1,
                ),
        ),
        "scim.pattern",
        "external ids take no whitespace",
    );
    // Spaces and line breaks are fine in other strings.
    passes(
        &scim(&user_with(
            r#""displayName":"D""#,
            r#""displayName":"D\u00a0E F\nG""#,
        )),
        "scim.pattern",
    );
    passes(&scim(&fixture("user-good.json")), "scim.pattern");
}

#[test]
fn lengths() {
    let long_user = "u".repeat(129);
    fails_with(
        &scim(&user_with(
            r#""userName":"U""#,
            &format!(r#""userName":"{long_user}""#),
        )),
        "scim.length",
        "Member must have length less than or equal to 128",
    );
    passes(
        &scim(&user_with(
            r#""userName":"U""#,
            &format!(r#""userName":"{}""#, "u".repeat(128)),
        )),
        "scim.length",
    );
    let long_title = "t".repeat(1025);
    fails_with(
        &scim(&user_with(
            r#""displayName":"D","#,
            &format!(r#""displayName":"D","title":"{long_title}","#),
        )),
        "scim.length",
        "Member must have length less than or equal to 1024",
    );
    fails_with(
        &scim(&user_with(
            r#""displayName":"D","#,
            r#""displayName":"D","nickName":"","#,
        )),
        "scim.length",
        "Member must have length greater than or equal to 1",
    );
    fails_with(
        &scim(&user_with(
            r#""userName":"U""#,
            &format!(r#""userName":"U","externalId":"{}""#, "x".repeat(257)),
        )),
        "scim.length",
        "1–256",
    );
    passes(&scim(&fixture("user-good.json")), "scim.length");
}

#[test]
fn reserved_names() {
    fails_with(
        &scim(&fixture("user-many-problems.json")),
        "scim.reserved",
        "«Administrator»",
    );
    fails_with(
        &scim(&fixture("group-nested-reserved.json")),
        "scim.reserved",
        "«AWSAdministrators»",
    );
    fails_with(
        &scim(&user_with(
            r#""userName":"U""#,
            r#""userName":"administrator""#,
        )),
        "scim.reserved",
        "«Administrator»",
    );
    passes(&scim(USER), "scim.reserved");
    passes(&scim(&fixture("group-good.json")), "scim.reserved");
}

#[test]
fn patch_operations() {
    let d = scim(&fixture("patch-user-remove-nopath.json"));
    assert!(d.detected.contains("PatchOp (user)"), "{}", d.detected);
    fails_with(&d, "scim.patch", "«Missing path in PATCH request»");
    fails_with(&d, "scim.patch", "`active` cannot be removed");
    let d = scim(&fixture("patch-group-replace-members.json"));
    assert!(d.detected.contains("PatchOp (group)"), "{}", d.detected);
    fails_with(
        &d,
        "scim.patch",
        "\"The PatchGroup API doesn't support remove all or replace operations\"",
    );
    let remove_all = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members"}]}"#;
    fails_with(&scim(remove_all), "scim.patch", "removes all memberships");
    let bad_op = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"move","path":"title","value":"x"},{"path":"title","value":"y"},{"op":"add","path":"title"}]}"#;
    let d = scim(bad_op);
    fails_with(&d, "scim.patch", "`op` is «move»");
    fails_with(&d, "scim.patch", "`op` is required");
    fails_with(&d, "scim.patch", "add and replace need one");
    let two_usernames = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"userName","value":"a"},{"op":"replace","value":{"userName":"b"}}]}"#;
    fails_with(
        &scim(two_usernames),
        "scim.patch",
        "2 operations change `userName`",
    );
    let unsupported_path = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"x509Certificates","value":[{"value":"MII"}]},{"op":"replace","path":"emails","value":[{"value":"a@x"},{"value":"b@x"}]},{"op":"replace","path":"name.familyName","value":""}]}"#;
    let d = scim(unsupported_path);
    fails_with(
        &d,
        "scim.unsupported",
        "`x509Certificates` is not supported",
    );
    fails_with(
        &d,
        "scim.multi-value",
        "List attribute emails exceeds allowed limit of 1",
    );
    fails_with(
        &d,
        "scim.required",
        "2 validation errors detected: Value at 'name.familyName'",
    );
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "scim.required")
        .expect("required");
    assert!(
        f.evidence
            .as_ref()
            .is_some_and(|e| e.location.ends_with("Operations[2].value")),
        "{f:?}"
    );
    passes(&scim(&fixture("patch-group-good.json")), "scim.patch");
    let d = scim(&fixture("entra-patch-user-good.json"));
    assert_eq!(d.exit_code(), 0, "{}", d.to_text());
    passes(&d, "scim.patch");
}

#[test]
fn members_limit() {
    let d = scim(&fixture("patch-group-150-members.json"));
    fails_with(
        &d,
        "scim.members-limit",
        "This PatchGroup request changes 150 memberships; Identity Center accepts at most 100",
    );
    let members: Vec<String> = (0..101).map(|i| format!(r#"{{"value":"m{i}"}}"#)).collect();
    let create = format!(
        r#"{{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G","members":[{}]}}"#,
        members.join(",")
    );
    fails_with(
        &scim(&create),
        "scim.members-limit",
        "created with 101 members",
    );
    passes(&scim(&fixture("group-good.json")), "scim.members-limit");
    passes(
        &scim(&fixture("patch-group-good.json")),
        "scim.members-limit",
    );
}

#[test]
fn filters() {
    let d = scim(&fixture("filters.txt"));
    assert!(d.detected.contains("3 filter queries"), "{}", d.detected);
    fails_with(
        &d,
        "scim.filter",
        "uses `co`; Identity Center supports only `eq`",
    );
    fails_with(&d, "scim.filter", "supports only `and`");
    fails_with(&d, "scim.filter", "`startIndex` is not supported");
    fails_with(&d, "scim.filter", "`count` is 1–100");
    fails_with(
        &scim("GET /scim/v2/Users?filter=title%20eq%20%22x%22"),
        "scim.filter",
        "does not filter on `title`",
    );
    fails_with(
        &scim("GET /scim/v2/Users?filter=userName%20eq%20bob"),
        "scim.filter",
        "«Invalid Filter format»",
    );
    let path_filter = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"remove","path":"members[value co \"x\"]"}]}"#;
    fails_with(&scim(path_filter), "scim.filter", "uses `co`");
    passes(&scim(&fixture("filter-good.txt")), "scim.filter");
    passes(&scim(&fixture("patch-group-good.json")), "scim.filter");
}

#[test]
fn duplicates_across_bodies() {
    let d = scim(&fixture("google-users.jsonl"));
    assert!(d.detected.contains("JSON lines"), "{}", d.detected);
    fails_with(
        &d,
        "scim.duplicate",
        "userName \"sam@example.com\" also appears in body 2",
    );
    fails_with(
        &d,
        "scim.duplicate",
        "«Refused to create a new, duplicate resource»",
    );
    let groups = r#"[{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Ops"},{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"ops"}]"#;
    let d = scim(groups);
    assert!(d.detected.contains("JSON array"), "{}", d.detected);
    fails_with(&d, "scim.duplicate", "«Duplicate GroupDisplayName»");
    let ext = format!(
        "{}\n{}",
        user_with(r#""userName":"U""#, r#""userName":"U","externalId":"e1""#),
        user_with(r#""userName":"U""#, r#""userName":"V","externalId":"e1""#)
            .replace("u@example.com", "v@example.com")
    );
    fails_with(&scim(&ext), "scim.duplicate", "user externalId \"e1\"");
    passes(&scim(&fixture("list-response.json")), "scim.duplicate");
}

#[test]
fn manager_value() {
    let d = scim(&fixture("user-many-problems.json"));
    fails_with(&d, "scim.manager", "2 validation errors detected: Value at 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager.value' failed to satisfy constraint: Member must have length greater than or equal to 1");
    let empty_patch = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":""}]}"#;
    fails_with(&scim(empty_patch), "scim.manager", "manager has no value");
    passes(&scim(&fixture("user-good.json")), "scim.manager");
    passes(
        &scim(&fixture("entra-patch-user-good.json")),
        "scim.manager",
    );
}

#[test]
fn error_bodies_and_provider_log_lines() {
    let d = scim(&fixture("entra-status-reason.txt"));
    assert!(d.accepted);
    assert!(
        d.detected.contains("Entra ID provisioning log text"),
        "{}",
        d.detected
    );
    assert!(d.detected.contains("SCIM error body"), "{}", d.detected);
    fails_with(
        &d,
        "scim.input",
        "Identity Center reported «Request is unparsable, syntactically incorrect, or violates schema.»",
    );
    assert!(
        d.findings
            .iter()
            .any(|f| f.message.contains("non-standard `schema` key")
                && f.message.contains("status \"400\" (a string")),
        "{}",
        d.to_text()
    );
    // The same text quoted twice (log and body) is reported once.
    assert_eq!(failures(&d, "scim.input").len(), 1, "{}", d.to_text());
    let errors = d
        .blocks
        .iter()
        .find(|b| b.id == "error")
        .expect("error block");
    assert!(errors.title.starts_with("Error body"));
    let d = scim(&fixture("okta-profile-push.txt"));
    assert!(d.accepted);
    assert_eq!(d.detected, "Okta provisioning error text");
    fails_with(&d, "scim.input", "violates schema");
    let advice = d.blocks.iter().find(|b| b.id == "advice").expect("advice");
    assert!(format!("{:?}", advice.body).contains("Okta"));
    let d = scim(
        r#"2024 PatchUser failed: {"errorCode":"ValidationException","errorMessage":"List attribute emails exceeds allowed limit of 1","eventSource":"identitystore-scim.amazonaws.com","eventName":"PatchUser"}"#,
    );
    fails_with(
        &d,
        "scim.multi-value",
        "Identity Center reported «List attribute emails exceeds allowed limit of 1»",
    );
    let d = scim(&fixture("error-body.json"));
    assert_eq!(d.detected, "1 SCIM error body");
}

#[test]
fn list_response_resources_are_checked() {
    let d = scim(&fixture("list-response.json"));
    assert_eq!(d.detected, "1 ListResponse, 2 User (POST/PUT)");
    assert_eq!(d.exit_code(), 0, "{}", d.to_text());
    let bad = fixture("list-response.json").replacen("\"familyName\": \"Pepper\", ", "", 1);
    let d = scim(&bad);
    let f = d
        .findings
        .iter()
        .find(|f| f.check == "scim.required" && f.severity == Severity::Error)
        .expect("required");
    let ev = f.evidence.as_ref().expect("evidence");
    assert!(
        ev.location.contains("body 3") && ev.location.contains("Resources[1].name.familyName"),
        "{ev:?}"
    );
}

#[test]
fn mapping_advice_per_identity_provider() {
    let text = |d: &Document| {
        d.blocks
            .iter()
            .find(|b| b.id == "advice")
            .map(|b| format!("{:?}", b.body))
            .unwrap_or_default()
    };
    let d = scim(&fixture("entra-user-two-phones.json"));
    let a = text(&scim_with(
        &fixture("entra-user-two-phones.json"),
        &[("idp", "entra")],
    ));
    assert!(a.contains("phoneNumbers[type eq"), "{a}");
    assert!(a.contains("userName"), "{a}");
    assert!(text(&d).contains("Identity provider: Other"));
    let a = text(&scim_with(
        &fixture("google-users.jsonl"),
        &[("idp", "google")],
    ));
    assert!(a.contains("awslabs/ssosync #71"), "{a}");
    let a = text(&scim_with(
        &fixture("authentik-user-no-family.json"),
        &[("idp", "authentik")],
    ));
    assert!(a.contains("goauthentik/authentik #4554"), "{a}");
    for idp in ["okta", "jumpcloud", "onelogin", "ping", "keycloak"] {
        let a = text(&scim_with(USER, &[("idp", idp)]));
        assert!(a.contains("Identity provider: "), "{idp}: {a}");
    }
    // Entra ID's capitalised PATCH verbs are recognised without the option.
    let a = text(&scim(&fixture("entra-patch-user-good.json")));
    assert!(a.contains("Microsoft Entra ID"), "{a}");
}

#[test]
fn redacted_export_removes_user_values() {
    let d = scim(&fixture("google-users.jsonl"));
    assert!(d.to_text().contains("sam@example.com"));
    let r = d.redacted();
    let all = format!("{}{}{}", r.to_text(), r.to_json(), r.to_markdown());
    assert!(!all.contains("sam@example.com"), "{all}");
    assert!(!all.contains("Samuel"));
}

#[test]
fn every_finding_quotes_an_aws_text_or_a_rule() {
    // Each failing finding of the rule checks says what Identity Center answers (a quoted text) or
    // names the documented rule.
    for f in [
        "okta-user-empty-family.json",
        "user-many-problems.json",
        "patch-group-150-members.json",
        "patch-group-replace-members.json",
        "patch-user-remove-nopath.json",
        "entra-user-two-phones.json",
        "google-users.jsonl",
    ] {
        let d = scim(&fixture(f));
        assert_eq!(d.exit_code(), 1, "{f}");
        for x in d.findings.iter().filter(|x| x.severity == Severity::Error) {
            assert!(
                x.message.contains('«')
                    || x.message.contains("ValidationException")
                    || x.message.contains("developer guide")
                    || x.message.contains("User Guide"),
                "{f}: {}",
                x.message
            );
            assert!(!x.fix.is_empty());
        }
    }
}

#[test]
fn urls_inside_bodies_are_not_filter_requests() {
    let body = "{\n  \"userName\": \"U\",\n  \"profileUrl\": \"https://x.example/Users?filter=title co \\\"x\\\"&startIndex=3\",\n  \"name\": {\"givenName\": \"G\", \"familyName\": \"F\"},\n  \"displayName\": \"D\"\n}";
    let d = scim(body);
    assert_eq!(d.detected, "1 User (POST/PUT)", "{}", d.to_text());
    assert!(!d.findings.iter().any(|f| f.check == "scim.filter"));
}

#[test]
fn cloudtrail_scim_events_with_masked_values() {
    let event = |n: u32| {
        format!(
            r#"{{"eventSource":"identitystore-scim.amazonaws.com","eventName":"CreateUser","errorCode":"ConflictException","errorMessage":"User already exists.","requestParameters":{{"httpBody":{{"userName":"HIDDEN_DUE_TO_SECURITY_REASONS","name":{{"givenName":"HIDDEN_DUE_TO_SECURITY_REASONS","familyName":"HIDDEN_DUE_TO_SECURITY_REASONS"}},"displayName":"HIDDEN_DUE_TO_SECURITY_REASONS","externalId":"ext-{n}"}},"tenantId":"t"}}}}"#
        )
    };
    let d = scim(&format!("{}\n{}", event(1), event(2)));
    assert!(
        d.detected.contains("2 CloudTrail SCIM event"),
        "{}",
        d.detected
    );
    // Masked user names are not duplicates of each other; the reported conflict is explained.
    assert!(
        !d.findings
            .iter()
            .any(|f| f.check == "scim.duplicate" && f.message.contains("HIDDEN")),
        "{}",
        d.to_text()
    );
    fails_with(
        &d,
        "scim.duplicate",
        "Identity Center reported «User already exists.»",
    );
}

#[test]
fn jumpcloud_shape_with_two_addresses() {
    let d = scim_with(
        &fixture("jumpcloud-user-two-addresses.json"),
        &[("idp", "jumpcloud")],
    );
    fails_with(&d, "scim.multi-value", "`addresses` holds 2 values; Identity Center takes one. It answers «List attribute addresses allowed limit of 1»");
    passes(&d, "scim.required");
    let advice = d.blocks.iter().find(|b| b.id == "advice").expect("advice");
    assert!(format!("{:?}", advice.body)
        .contains("Our sources hold no JumpCloud-specific mapping facts"));
}

#[test]
fn members_need_a_value() {
    let g = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"G","members":[{"value":""},{"display":"x"}]}"#;
    let d = scim(g);
    assert_eq!(failures(&d, "scim.required").len(), 2, "{}", d.to_text());
    fails_with(&d, "scim.required", "A member without a non-empty `value`");
}

#[test]
fn failing_body_is_shown_with_its_problem_lines_highlighted() {
    let d = scim(&fixture("user-many-problems.json"));
    let b = d
        .blocks
        .iter()
        .find(|b| b.id == "body")
        .expect("code block");
    assert_eq!(
        b.title,
        "Body 1 (User (POST/PUT)) with its problems highlighted"
    );
    let Body::Code(code) = &b.body else {
        panic!("not code")
    };
    assert_eq!(code.language, "json");
    let lit: Vec<&str> = code
        .highlight
        .iter()
        .map(|l| code.lines[*l as usize - 1].trim())
        .collect();
    assert!(lit.contains(&"\"userName\": \"Administrator\""), "{lit:?}");
    assert!(lit.contains(&"\"display\": \"Bob\","), "{lit:?}");
    assert!(lit.iter().any(|l| l.starts_with("\"photos\"")), "{lit:?}");
    // A clean body is not repeated as code.
    assert!(!scim(USER).blocks.iter().any(|b| b.id == "body"));
    // Patch operations: the operation's line.
    let d = scim(&fixture("patch-user-remove-nopath.json"));
    let b = d
        .blocks
        .iter()
        .find(|b| b.id == "body")
        .expect("code block");
    let Body::Code(code) = &b.body else {
        panic!("not code")
    };
    assert!(!code.highlight.is_empty());
}

#[test]
fn error_status_meanings_and_csv_quoted_bodies() {
    let d = scim(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Authorization header is invalid or missing.","status":"401"}"#,
    );
    assert!(
        d.findings
            .iter()
            .any(|f| f.message.contains("HTTP 401: UnauthorizedException")
                && f.message.contains("tenant ID is incorrect")),
        "{}",
        d.to_text()
    );
    let csv_line = r#"2024-05-01,Create,Failure,"StatusCode: BadRequest Web Response: {""schema"":[""urn:ietf:params:scim:api:messages:2.0:Error""],""detail"":""List attribute emails exceeds allowed limit of 1"",""status"":""400""}""#;
    let d = scim(csv_line);
    assert!(d.detected.contains("SCIM error body"), "{}", d.detected);
    fails_with(
        &d,
        "scim.multi-value",
        "Identity Center reported «List attribute emails exceeds allowed limit of 1»",
    );
}
