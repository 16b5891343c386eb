//! Registry entries of the directory tools: sign-in names (`#/signin-name`), passwords and user names
//! (`#/password`), Active Directory primary groups (`#/directory`). Facts: aws-rules.md §5, §6.

use crate::registry::CheckInfo;

crate::check!(NAME_FORMAT, "signin.name-format", Error, UpnSignIn, false,
    title: "Sign-in name form does not work in this setup",
    checks: "The form of the name a user types at the access portal (plain user name, `DOMAIN\\UserName`, UPN `user@corp.example.com`, email) against the identity source (Identity Center directory, AWS Managed Microsoft AD or AD Connector, external IdP) and the MFA mode (context-aware, always-on, disabled).",
    why: "With a connected Active Directory and MFA set to context-aware or always-on, users must sign in with `DOMAIN\\UserName`; a UPN or plain name fails (User Guide, \"Users can't sign in when their user name is in UPN format\").",
    fix: "Type the down-level logon name `DOMAIN\\UserName` (the NetBIOS domain name, a backslash, the sAMAccountName), or set MFA to disabled if your policy allows it.");

crate::check!(PASSWORD_POLICY, "password.policy", Error, PasswordReset, false,
    title: "Password does not meet the Identity Center directory policy",
    checks: "Length 8–64 and at least one character of each class: lowercase a-z, uppercase A-Z, digit 0-9, and a symbol from ~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/. The password is checked in memory only and never written to a report.",
    why: "Identity Center directory passwords must meet this policy (User Guide, password-requirements); a password outside it is refused when set or reset.",
    fix: "Choose a password of 8–64 characters with a lowercase letter, an uppercase letter, a digit and a symbol from the allowed set; not one of the last 3 passwords and not a publicly leaked one.");

crate::check!(PASSWORD_USERNAME, "password.username", Warning, PasswordReset, true,
    title: "User name can break the password reset",
    checks: "The user name: length (Identity Store maximum 128; above 64 flagged as very long), leading or trailing spaces, whitespace and invisible characters, characters outside A-Z a-z 0-9 + = , . @ _ - (best knowledge of the console's rule), and look-alike Unicode letters (Cyrillic, Greek, full-width and mathematical letters that resemble ASCII).",
    why: "The User Guide names very long user names and user names with special characters as causes of \"We couldn't update your password\" (CloudTrail UpdatePassword: InternalFailure, \"An unknown error occurred\"). The thresholds and the character list are best knowledge.",
    fix: "Rename the user to a plain ASCII name (letters, digits and + = , . @ _ -) of reasonable length, without spaces at either end, then reset the password again; if it still fails with InternalFailure, contact AWS Support.");

crate::check!(PRIMARY_GROUP, "directory.primary-group", Error, AdPrimaryGroup, false,
    title: "Group membership only through an AD primary group",
    checks: "Users' PrimaryGroup / primaryGroupID (513 = Domain Users) against their MemberOf and the groups assigned in Identity Center.",
    why: "Identity Center cannot read or synchronise the \"Domain Users\" primary group, or any primary group (User Guide, troubleshooting): a user whose membership of an assigned group exists only through primaryGroupID is not a member in Identity Center.",
    fix: "Assign a regular group instead: create one (for example AWS-Users), add the users to it explicitly (Add-ADGroupMember), and assign that group in Identity Center.");

crate::check!(DIR_INPUT, "directory.input", Error, AdPrimaryGroup, false,
    title: "Directory export unreadable or incomplete",
    checks: "Whether the pasted text is `Get-ADUser -Properties PrimaryGroup,MemberOf` or `Get-ADGroupMember` output (ConvertTo-Json or Export-Csv) or ldapsearch LDIF with primaryGroupID and memberOf, within the size, depth and record caps, and whether it carries the attributes needed.",
    why: "Without PrimaryGroup (or primaryGroupID) and MemberOf, memberships that exist only through a primary group cannot be told apart.",
    fix: "Export with `Get-ADUser -Filter * -Properties PrimaryGroup,MemberOf | Select-Object SamAccountName,UserPrincipalName,PrimaryGroup,@{n='MemberOf';e={$_.MemberOf -join ';'}} | Export-Csv users.csv -NoTypeInformation` (or ConvertTo-Json), or `ldapsearch ... '(objectClass=user)' sAMAccountName primaryGroupID memberOf`.");

pub const CHECKS: &[CheckInfo] = &[
    NAME_FORMAT,
    PASSWORD_POLICY,
    PASSWORD_USERNAME,
    PRIMARY_GROUP,
    DIR_INPUT,
];
