//! `#/permissions` and `ssocheck iam`: an offline IAM policy evaluator for one action on one resource,
//! by default what enabling attributes for access control (ABAC) needs: `iam:UpdateAssumeRolePolicy`
//! on the permission-set roles (aws-rules.md §2; admin-tools.md §4).
//!
//! `load` reads the input shapes and lints them, `eval` decides, `report` explains.

mod blocks;
pub mod checks;
pub mod cond;
pub mod eval;
mod explain;
pub mod glob;
pub mod lint;
pub mod load;
pub mod model;
pub mod positions;
mod report;

use crate::doc::Document;
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

/// The action enabling ABAC needs when permission sets exist (aws-rules.md §2).
pub const DEFAULT_ACTION: &str = "iam:UpdateAssumeRolePolicy";
/// The permission-set roles; `<account>` is replaced by the account.
pub const DEFAULT_RESOURCE: &str = "arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/*";

pub const TOOL: ToolSpec = ToolSpec {
    id: "iam",
    route: "permissions",
    command: "iam",
    label: "Permissions",
    title: "IAM policy evaluator",
    intro: "Paste the administrator's IAM policies (policy documents, or the output of aws iam get-policy-version, get-role-policy, get-user-policy, list-attached-*-policies), optionally a permission boundary and service control policies. The page decides, offline, whether they allow one action on one resource (by default iam:UpdateAssumeRolePolicy on the permission-set roles, which enabling attributes for access control needs) and quotes the statements that decide.",
    input: MainInput::Files {
        label: "Identity policies",
        placeholder: "{\"Version\": \"2012-10-17\", \"Statement\": [...]}",
        accept: ".json,.txt,application/json",
        multiple: true,
    },
    fields: &[
        FieldSpec {
            name: "action",
            label: "Action",
            help: "The action to evaluate; default iam:UpdateAssumeRolePolicy",
            flag: "--action",
            kind: FieldKind::Text { placeholder: DEFAULT_ACTION },
        },
        FieldSpec {
            name: "resource",
            label: "Resource ARN",
            help: "The resource; default arn:aws:iam::<account>:role/aws-reserved/sso.amazonaws.com/* (all permission-set roles)",
            flag: "--resource",
            kind: FieldKind::Text { placeholder: DEFAULT_RESOURCE },
        },
        FieldSpec {
            name: "account",
            label: "Account id",
            help: "The 12-digit account of the roles and of the administrator (aws:PrincipalAccount); taken from pasted ARNs when empty",
            flag: "--account",
            kind: FieldKind::Text { placeholder: "123456789012" },
        },
        FieldSpec {
            name: "boundary",
            label: "Permission boundary",
            help: "The permission boundary of the administrator's user or role, if any",
            flag: "--boundary",
            kind: FieldKind::TextArea { placeholder: "{\"Version\": \"2012-10-17\", \"Statement\": [...]}" },
        },
        FieldSpec {
            name: "scp",
            label: "Service control policies",
            help: "SCPs that apply to the account (one document, several one after another, a JSON array, or aws organizations describe-policy output); an array of arrays gives one array per level: [[root], [OU], [account]]",
            flag: "--scp",
            kind: FieldKind::TextArea { placeholder: "[{\"Version\": \"2012-10-17\", \"Statement\": [...]}]" },
        },
        FieldSpec {
            name: "context",
            label: "Known condition keys",
            help: "Request values for condition keys, key=value,key=value (e.g. aws:MultiFactorAuthPresent=true,aws:SourceIp=203.0.113.7); key= means the request has no such key",
            flag: "--context",
            kind: FieldKind::Text { placeholder: "aws:MultiFactorAuthPresent=true" },
        },
    ],
    runs_without_input: false,
    topics: &[Topic::AbacEnablement],
    cli_help: "Examples:\n  ssocheck iam admin-policy.json --account 123456789012\n  ssocheck iam role-policy.json --scp scps.json --boundary boundary.json --json",
};

pub fn analyze(req: &ToolRequest) -> Document {
    report::analyze(req)
}
