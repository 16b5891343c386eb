//! `#/roles` and `ssocheck role TEXT`: explains the protected AWSReservedSSO roles and the
//! AWSSSO_..._DO_NOT_DELETE SAML provider that IAM Identity Center creates in each account
//! (aws-rules.md §3; admin-tools.md §6).

pub mod checks;
pub mod parse;

use checks::{NOT_RESERVED, PROVIDER, RESERVED};
use parse::{Found, RoleName, MAX_TEXT_BYTES, MAX_TOKENS};

use crate::doc::{Block, Document, KeyValue, Link};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::{MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

pub const TOOL: ToolSpec = ToolSpec {
    id: "role",
    route: "roles",
    command: "role",
    label: "Protected roles",
    title: "Protected-role explainer",
    intro: "Paste the error message (\"Cannot perform the operation on the protected role ...\"), a role name or a role ARN. The page says whether IAM Identity Center manages the role, which permission set it comes from, and how to change it there.",
    input: MainInput::Text {
        label: "Error message, role name or role ARN",
        placeholder: "arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef",
    },
    fields: &[],
    runs_without_input: false,
    topics: &[Topic::ProtectedRole],
    cli_help: "Example:\n  ssocheck role \"Cannot perform the operation on the protected role 'AWSReservedSSO_Admin_0123456789abcdef' - this role is only modifiable by AWS\"",
};

/// The error IAM returns for these roles (aws-rules.md §3).
const ERROR_TEXT: &str = "Cannot perform the operation on the protected role";
const ERROR_CODE: &str = "UnmodifiableEntity";

pub fn analyze(req: &ToolRequest) -> Document {
    let raw: Vec<u8> = req
        .main_files(&TOOL)
        .flat_map(|f| f.bytes.iter().copied().chain([b'\n']))
        .collect();
    let mut doc = Document::new("role", "Protected-role explainer");
    let truncated = raw.len() > MAX_TEXT_BYTES;
    let text = String::from_utf8_lossy(raw.get(..MAX_TEXT_BYTES).unwrap_or(&raw)).into_owned();
    if text.trim().is_empty() {
        doc.accepted = false;
        doc.detected = "nothing pasted: give the error message, a role name or a role ARN".into();
        return doc;
    }
    let is_error = text.contains(ERROR_TEXT) || text.contains(ERROR_CODE);
    let (found, capped) = parse::find(&text);
    let mut findings = Vec::new();
    if truncated || capped {
        findings.push(
            Finding::new(&NOT_RESERVED, format!("Only the first {MAX_TEXT_BYTES} bytes and {MAX_TOKENS} names (input caps) were read."))
                .severity(Severity::Info),
        );
    }
    if found.is_empty() {
        doc.accepted = is_error;
        doc.detected = if is_error {
            "the protected-role error, without a role name".into()
        } else {
            "no role name, role ARN or protected-role error found".into()
        };
        if is_error {
            findings.push(Finding::new(&RESERVED, "This is IAM's UnmodifiableEntity error (HTTP 400) for a role that only AWS may modify: an AWSReservedSSO role that IAM Identity Center created from a permission set. Paste the role name from the message to name the permission set."));
            doc = steps(doc, None);
        }
        return doc.findings(findings);
    }
    let mut detected = Vec::new();
    if is_error {
        detected.push("the protected-role error (UnmodifiableEntity)".to_string());
    }
    let mut first_role: Option<RoleName> = None;
    for f in &found {
        match f {
            Found::Reserved(r) => {
                detected.push(format!("role {}", r.name));
                if let Some(a) = &r.account {
                    doc.private_values.push(a.clone());
                }
                let err = if is_error {
                    "The error is IAM's UnmodifiableEntity (HTTP 400): IAM refuses changes to this role because Identity Center owns it. "
                } else {
                    ""
                };
                let where_ = match (&r.region, &r.path) {
                    (Some(reg), _) => format!(" on the path /aws-reserved/sso.amazonaws.com/{reg}/ (the Region in the path is {reg})"),
                    (None, Some(_)) => " on the path /aws-reserved/sso.amazonaws.com/".to_string(),
                    _ => String::new(),
                };
                findings.push(
                    Finding::new(
                        &RESERVED,
                        format!(
                            "{err}{} is the role IAM Identity Center created{where_} for the permission set \"{}\" (suffix {}). Change the permission set \"{}\" in Identity Center, then re-provision it to the accounts; changes made to the role in IAM are refused (and would be overwritten).",
                            r.name, r.permission_set, r.suffix, r.permission_set
                        ),
                    )
                    .evidence(Evidence::new(r.arn.clone().unwrap_or_else(|| r.name.clone()), "pasted text"))
                    .fix(format!("In the management account or the delegated administrator account: IAM Identity Center → Multi-account permissions → Permission sets → {} → edit, then re-provision to the accounts (commands below).", r.permission_set)),
                );
                if first_role.is_none() {
                    first_role = Some(r.clone());
                }
            }
            Found::Provider { name, account, arn } => {
                detected.push(format!("SAML provider {name}"));
                if let Some(a) = account {
                    doc.private_values.push(a.clone());
                }
                findings.push(
                    Finding::new(
                        &PROVIDER,
                        format!("{name} is the SAML provider IAM Identity Center created in this account; the AWSReservedSSO roles trust it (Principal.Federated). Do not delete or edit it: sign-in to the account through the access portal depends on it."),
                    )
                    .evidence(Evidence::new(arn.clone().unwrap_or_else(|| name.clone()), "pasted text")),
                );
            }
            Found::Other {
                token,
                why,
                look_alike,
            } => {
                detected.push(format!("role {token}"));
                let msg = if *look_alike {
                    format!("{token} resembles an Identity Center name but is something else: {why}. It is not a role created by a permission set; if IAM refuses to change it, the reason is elsewhere (a permissions boundary, an SCP, or a different protected service role).")
                } else {
                    format!("{token} is not an Identity Center role: {why}. It is an ordinary IAM role, edited in IAM.")
                };
                findings.push(
                    Finding::new(&NOT_RESERVED, msg)
                        .severity(if *look_alike {
                            Severity::Warning
                        } else {
                            Severity::Info
                        })
                        .evidence(Evidence::new(token.clone(), "pasted text")),
                );
            }
        }
    }
    doc.detected = detected.join(", ");
    if let Some(r) = &first_role {
        doc.title = format!("{}: permission set \"{}\"", r.name, r.permission_set);
        let mut items = vec![
            KeyValue::new("Role name", r.name.clone()),
            KeyValue::new("Permission set", r.permission_set.clone()),
            KeyValue::new("Suffix", format!("{} (changes when every assignment of the permission set in the account is removed and re-added)", r.suffix)),
        ];
        if let Some(p) = &r.path {
            items.push(KeyValue::new("Path", p.clone()));
        }
        if let Some(reg) = &r.region {
            items.push(KeyValue::new("Region in the path", reg.clone()));
        }
        if let Some(a) = &r.account {
            items.push(KeyValue::new("Account", a.clone()));
        }
        doc = doc.block(Block::key_values("role", "Role", items));
    }
    let any_identity_center = found
        .iter()
        .any(|f| matches!(f, Found::Reserved(_) | Found::Provider { .. }));
    if any_identity_center || is_error {
        doc = steps(doc, first_role.as_ref());
    }
    doc.findings(findings)
}

/// How to change the permission set: console path, commands, and the notes.
fn steps(doc: Document, role: Option<&RoleName>) -> Document {
    let ps = role
        .map(|r| r.permission_set.as_str())
        .unwrap_or("PERMISSION_SET_NAME");
    let account = role
        .and_then(|r| r.account.as_deref())
        .unwrap_or("ACCOUNT_ID");
    let console = vec![
        "1. Sign in to the management account of the organization, or to the delegated administrator account of IAM Identity Center (member accounts cannot change permission sets).".to_string(),
        format!("2. Open the IAM Identity Center console → Multi-account permissions → Permission sets → {ps}."),
        "3. Edit what you meant to change on the role: the permissions (AWS managed, customer managed or inline policy, permissions boundary), the session duration or the relay state.".to_string(),
        "4. Re-provision: in the permission set, choose the accounts it is provisioned to and update them (Identity Center offers this after the edit), then wait until provisioning completes.".to_string(),
        "The role's suffix changes when every assignment of the permission set in an account is removed and added again; refer to these roles with AWSReservedSSO_<name>_* in trust and resource policies, not by the full name.".to_string(),
        "The console path follows the current Identity Center console's labels (best knowledge: AWS renames menus from time to time).".to_string(),
    ];
    let cmds = vec![
        KeyValue::new("Find the instance", "aws sso-admin list-instances --query 'Instances[].[InstanceArn,IdentityStoreId]' --output text").copyable(),
        KeyValue::new("Find the permission set's ARN", format!("for ps in $(aws sso-admin list-permission-sets --instance-arn INSTANCE_ARN --query 'PermissionSets[]' --output text); do aws sso-admin describe-permission-set --instance-arn INSTANCE_ARN --permission-set-arn \"$ps\" --query 'PermissionSet.[Name,PermissionSetArn]' --output text; done | awk -F'\\t' '$1 == \"{ps}\" {{print $2}}'")).copyable(),
        KeyValue::new("Change description, session duration or relay state", "aws sso-admin update-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --session-duration PT4H").copyable(),
        KeyValue::new("Change the inline policy", "aws sso-admin put-inline-policy-to-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --inline-policy file://policy.json").copyable(),
        KeyValue::new("Re-provision to every account it is provisioned to", "aws sso-admin provision-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --target-type ALL_PROVISIONED_ACCOUNTS").copyable(),
        KeyValue::new("Re-provision to this account only", format!("aws sso-admin provision-permission-set --instance-arn INSTANCE_ARN --permission-set-arn PERMISSION_SET_ARN --target-type AWS_ACCOUNT --target-id {account}")).copyable(),
        KeyValue::new("Follow the provisioning", "aws sso-admin describe-permission-set-provisioning-status --instance-arn INSTANCE_ARN --provisioning-request-id REQUEST_ID").copyable(),
    ];
    doc.block(Block::text("console", "Change it in IAM Identity Center", console))
        .block(Block::key_values("commands", "AWS CLI (run in the management or delegated administrator account)", cmds))
        .block(Block::links("docs", "Documentation", vec![
            Link::new("Referencing permission sets (role names)", "https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html"),
            Link::new("Troubleshooting: protected role", crate::topics::GUIDE_URL),
            Link::new("IAM permissions for enabling ABAC", "#/permissions"),
        ]))
}
