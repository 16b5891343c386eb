//! `#/signin-name` and `ssocheck signin-name`: which form of a user name works at the access portal
//! for an identity source and MFA mode (User Guide, "Users can't sign in when their user name is in
//! UPN format"; aws-rules.md §6).

use crate::directory::checks::NAME_FORMAT;
use crate::doc::{Block, Document, KeyValue, Link, Table};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::ToolRequest;

pub const SOURCES: &[(&str, &str)] = &[
    ("idc-directory", "Identity Center directory"),
    ("ad", "AWS Managed Microsoft AD or AD Connector"),
    ("external-idp", "External identity provider (SAML)"),
];

pub const MFA_MODES: &[(&str, &str)] = &[
    (
        "context-aware",
        "Only when the sign-in context changes (context-aware, the default)",
    ),
    ("always-on", "Every time they sign in (always-on)"),
    ("disabled", "Never (disabled)"),
];

/// Longest name read (a sign-in name is short; the rest is ignored).
pub const MAX_NAME: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Plain,
    DownLevel,
    Upn,
    DomainSlash,
    Invalid,
}

impl Form {
    pub fn label(self) -> &'static str {
        match self {
            Form::Plain => "plain user name",
            Form::DownLevel => "down-level logon name (DOMAIN\\UserName)",
            Form::Upn => "UPN or email form (user@domain)",
            Form::DomainSlash => "domain/user form",
            Form::Invalid => "not a user name",
        }
    }
}

/// The parts of a typed name: (form, domain part, user part).
pub fn classify(name: &str) -> (Form, String, String) {
    let n = name.trim();
    if let Some((d, u)) = n.split_once('\\') {
        if d.is_empty() || u.is_empty() || u.contains('\\') {
            return (Form::Invalid, d.into(), u.into());
        }
        return (Form::DownLevel, d.into(), u.into());
    }
    if let Some((u, d)) = n.rsplit_once('@') {
        if u.is_empty() || d.is_empty() {
            return (Form::Invalid, d.into(), u.into());
        }
        return (Form::Upn, d.into(), u.into());
    }
    if let Some((d, u)) = n.split_once('/') {
        if !d.is_empty() && !u.is_empty() && d.contains('.') {
            return (Form::DomainSlash, d.into(), u.into());
        }
    }
    if n.is_empty() || n.chars().any(char::is_whitespace) {
        return (Form::Invalid, String::new(), n.into());
    }
    (Form::Plain, String::new(), n.into())
}

/// Whether `form` works for `source` and `mfa`, and why.
pub fn works(source: &str, mfa: &str, form: Form) -> (bool, &'static str) {
    match (source, form) {
        (_, Form::Invalid) => (false, "not a user name (empty, spaces, or a misplaced \\ or @)"),
        ("ad", Form::DownLevel) => (true, "the down-level name works in every MFA mode"),
        ("ad", Form::Plain | Form::Upn) if mfa != "disabled" => (
            false,
            "with a connected directory and MFA context-aware or always-on, users must sign in with DOMAIN\\UserName",
        ),
        ("ad", Form::Plain | Form::Upn) => (true, "with MFA disabled, the plain name, DOMAIN\\UserName and the UPN all work"),
        ("ad", Form::DomainSlash) => (
            false,
            "not one of the documented forms (plain, DOMAIN\\UserName, UPN); CloudTrail can show names typed this way",
        ),
        ("idc-directory", Form::DownLevel | Form::DomainSlash) => (
            false,
            "the Identity Center directory has no domains: the user types the user name exactly as it was created",
        ),
        ("idc-directory", _) => (true, "works when it is exactly the Identity Center user name"),
        (_, _) => (
            true,
            "the user signs in at the identity provider, with the name its rules accept; Identity Center matches the SAML NameID to the user name",
        ),
    }
}

fn choice(req: &ToolRequest, name: &str, list: &[(&'static str, &str)]) -> &'static str {
    let v = req.field(name).unwrap_or("");
    list.iter()
        .find(|(k, _)| *k == v)
        .or(list.first())
        .map(|(k, _)| *k)
        .unwrap_or("")
}

fn label(list: &[(&str, &'static str)], key: &str) -> &'static str {
    list.iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .unwrap_or("")
}

pub fn analyze(req: &ToolRequest) -> Document {
    let source = choice(req, "source", SOURCES);
    let mfa = choice(req, "mfa", MFA_MODES);
    let typed: String = req
        .files
        .first()
        .map(|f| {
            String::from_utf8_lossy(&f.bytes)
                .chars()
                .take(MAX_NAME)
                .collect()
        })
        .unwrap_or_default();
    let typed_line = typed.lines().next().unwrap_or("").to_string();
    let setup = format!("{}; MFA {}", label(SOURCES, source), mfa);
    let mut findings = Vec::new();
    let mut facts = vec![
        KeyValue::new("Identity source", label(SOURCES, source)),
        KeyValue::new("MFA mode", label(MFA_MODES, mfa)),
    ];
    if !typed_line.trim().is_empty() {
        let (form, domain, user) = classify(&typed_line);
        let (ok, why) = works(source, mfa, form);
        let suggestion = suggestion(source, mfa, form, &domain, &user);
        facts.push(KeyValue::new("Form typed", form.label()));
        facts.push(
            KeyValue::new("Works in this setup", if ok { "yes" } else { "no" }).status(if ok {
                Severity::Pass
            } else {
                Severity::Error
            }),
        );
        if let Some(s) = &suggestion {
            facts.push(KeyValue::new("Type this", s.clone()).copyable());
        }
        let ev = Evidence::new(typed_line.trim(), "name typed");
        let f = if ok {
            Finding::pass(
                &NAME_FORMAT,
                format!("The {} works for {setup}: {why}.", form.label()),
            )
            .evidence(ev)
        } else {
            let mut f = Finding::new(
                &NAME_FORMAT,
                format!("The {} does not work for {setup}: {why}.", form.label()),
            )
            .evidence(ev);
            let how = match source {
                "idc-directory" => "The Identity Center directory has no domains: type the user name exactly as it was created in Identity Center.".to_string(),
                _ => format!("{} The NetBIOS domain name is often the first label of the DNS domain in capitals (`(Get-ADDomain).NetBIOSName` shows it), and the part after the backslash is the sAMAccountName, which can differ from the UPN's prefix.", NAME_FORMAT.fix),
            };
            f = f.fix(match &suggestion {
                Some(s) => format!("Type `{s}`. {how}"),
                None => how,
            });
            f
        };
        findings.push(f);
        if typed_line.trim() != typed_line {
            findings.push(
                Finding::new(&NAME_FORMAT, "The name has spaces at its start or end; the portal may keep them, so the name does not match.")
                    .severity(Severity::Warning)
                    .evidence(Evidence::new("leading or trailing spaces", "name typed")),
            );
        }
        if source == "external-idp" {
            findings.push(
                Finding::new(&NAME_FORMAT, "With an external identity provider the MFA mode of Identity Center does not apply (the identity provider handles MFA), and the name form is the identity provider's rule.")
                    .severity(Severity::Info),
            );
        }
    }
    // All forms for this setup.
    let mut t = Table::new(["Form", "Example", "Works", "Why"]);
    for (form, ex) in [
        (Form::Plain, "UserName"),
        (Form::DownLevel, "CORP\\UserName"),
        (Form::Upn, "UserName@corp.example.com"),
    ] {
        let (ok, why) = works(source, mfa, form);
        t.row([form.label(), ex, if ok { "yes" } else { "no" }, why])
            .status = Some(if ok { Severity::Pass } else { Severity::Error });
    }
    let title = if typed_line.trim().is_empty() {
        format!("Sign-in names for {setup}")
    } else {
        "Sign-in name".to_string()
    };
    crate::directory::with_evidence(&mut findings, "setup");
    let mut doc = Document::new("signin-name", title).findings(findings);
    doc.detected = if typed_line.trim().is_empty() {
        format!("No name given: forms that work for {setup}")
    } else {
        format!("A name typed at the access portal, for {setup}")
    };
    doc.private_values.push(typed_line.trim().to_string());
    doc.block(Block::key_values("setup", "Setup and verdict", facts))
        .block(Block::table("forms", "Forms for this setup", t))
        .block(Block::text(
            "cloudtrail",
            "CloudTrail: the UserName field",
            vec![
                "In the sign-in events (eventSource signin.amazonaws.com), additionalEventData.UserName is exactly what the user typed, for example anyuser, anyuser@company.com or company.com/anyuser; it is not normalised to the directory's name. Compare it with the form that works in this setup.".into(),
                "MFA modes: context-aware (the default) asks again when device, browser or location change; always-on asks every time; disabled never asks. Switching from disabled to context-aware or always-on overrides existing RADIUS MFA.".into(),
            ],
        ))
        .block(Block::links(
            "links",
            "See also",
            vec![
                Link::new("User Guide: troubleshooting (UPN format)", crate::topics::GUIDE_URL),
                Link::new("Check an external IdP's SAML NameID", "#/saml"),
            ],
        ))
}

/// The name to type, when another form is needed (or the same name, cleaned).
fn suggestion(source: &str, mfa: &str, form: Form, domain: &str, user: &str) -> Option<String> {
    match (source, form) {
        ("ad", Form::Upn | Form::Plain | Form::DomainSlash)
            if mfa != "disabled" || form == Form::DomainSlash =>
        {
            let netbios = match form {
                Form::Upn | Form::DomainSlash => domain
                    .split('.')
                    .next()
                    .filter(|d| !d.is_empty())
                    .map(str::to_ascii_uppercase)
                    .unwrap_or_else(|| "DOMAIN".into()),
                _ => "DOMAIN".into(),
            };
            Some(format!("{netbios}\\{user}"))
        }
        ("ad", Form::DownLevel) => Some(format!("{domain}\\{user}")),
        ("idc-directory", Form::DownLevel | Form::DomainSlash) => Some(user.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert_eq!(classify("CORP\\alice").0, Form::DownLevel);
        assert_eq!(classify("alice@corp.example.com").0, Form::Upn);
        assert_eq!(classify("alice").0, Form::Plain);
        assert_eq!(classify("corp.example.com/alice").0, Form::DomainSlash);
        assert!(!works("ad", "always-on", Form::Upn).0);
        assert!(works("ad", "disabled", Form::Upn).0);
    }
}
