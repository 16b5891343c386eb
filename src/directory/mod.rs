//! The directory tools (the `#/directory` topic area): which sign-in name form works
//! (`#/signin-name`), a password and user name against the Identity Center directory rules
//! (`#/password`), and Active Directory primary groups (`#/directory`).

pub mod adinput;
pub mod checks;
pub mod lookalike;
pub mod password;
pub mod primary;
pub mod signin;

use crate::finding::{Evidence, Finding};
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolSpec};
use crate::topics::Topic;

pub const SIGNIN_TOOL: ToolSpec = ToolSpec {
    id: "signin-name",
    route: "signin-name",
    command: "signin-name",
    label: "Sign-in name",
    title: "Check a sign-in name",
    intro: "Choose the identity source and the MFA mode, and type the name the user enters at the access portal (plain, DOMAIN\\UserName, or user@domain). It says whether that form works in that setup and which form to type.",
    input: MainInput::Text {
        label: "Name the user types",
        placeholder: "CORP\\alice or alice@corp.example.com",
    },
    fields: &[
        FieldSpec {
            name: "source",
            label: "Identity source",
            help: "Where the users live",
            flag: "--source",
            kind: FieldKind::Select(signin::SOURCES),
        },
        FieldSpec {
            name: "mfa",
            label: "MFA mode",
            help: "Identity Center's setting \"Prompt users for MFA\"",
            flag: "--mfa",
            kind: FieldKind::Select(signin::MFA_MODES),
        },
    ],
    runs_without_input: true,
    topics: &[Topic::UpnSignIn],
    cli_help: "Without a name it lists the forms that work for the chosen source and MFA mode.",
};

pub const PASSWORD_TOOL: ToolSpec = ToolSpec {
    id: "password",
    route: "password",
    command: "password",
    label: "Password",
    title: "Check a password and user name",
    intro: "Checks a password against the Identity Center directory policy (8–64 characters, four classes, the allowed symbols) and a user name against the causes of \"We couldn't update your password\". Offline: the password never leaves this field and never appears in a report.",
    input: MainInput::None,
    fields: &[
        FieldSpec {
            name: "password",
            label: "Password",
            help: "Checked in memory only; the command line reads it from standard input",
            flag: "--password",
            kind: FieldKind::Secret,
        },
        FieldSpec {
            name: "username",
            label: "User name",
            help: "The Identity Center user name whose reset fails",
            flag: "--username",
            kind: FieldKind::Text {
                placeholder: "alice@example.com",
            },
        },
    ],
    runs_without_input: false,
    topics: &[Topic::PasswordReset],
    cli_help: "The password is the first line of standard input: `ssocheck password --username alice < file`, or type it and press Ctrl-D. It is never accepted as an argument.",
};

pub const TOOL: ToolSpec = ToolSpec {
    id: "directory",
    route: "directory",
    command: "directory",
    label: "Primary groups",
    title: "Check AD primary groups",
    intro: "Paste `Get-ADUser -Properties PrimaryGroup,MemberOf` or `Get-ADGroupMember` output (ConvertTo-Json or Export-Csv) or ldapsearch LDIF with primaryGroupID and memberOf. It flags primary groups such as Domain Users, the users whose membership of an assigned group exists only through their primary group, and what to assign instead.",
    input: MainInput::Files {
        label: "Directory export",
        placeholder: "Get-ADUser -Filter * -Properties PrimaryGroup,MemberOf | ConvertTo-Json",
        accept: ".json,.csv,.ldif,.txt",
        multiple: true,
    },
    fields: &[FieldSpec {
        name: "assigned",
        label: "Groups assigned in Identity Center",
        help: "Comma-separated group names, as in AD",
        flag: "--assigned",
        kind: FieldKind::Text {
            placeholder: "AWS-Admins, Domain Users",
        },
    }],
    runs_without_input: false,
    topics: &[Topic::AdPrimaryGroup],
    cli_help: "Several exports can be given at once; --assigned names the groups assigned in Identity Center.",
};

/// Every finding carries an evidence object (the CLI's JSON promises the key): findings about the
/// input as a whole get an empty value at `location`.
pub(crate) fn with_evidence(findings: &mut [Finding], location: &str) {
    for f in findings.iter_mut().filter(|f| f.evidence.is_none()) {
        f.evidence = Some(Evidence::new("", location));
    }
}
