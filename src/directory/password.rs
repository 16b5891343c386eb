//! `#/password` and `ssocheck password`: a typed password against the Identity Center directory
//! policy, and the user name against the causes of "We couldn't update your password".
//!
//! Privacy: the password is read from the request, measured, and dropped. Nothing derived from its
//! characters enters the document: findings state its length and which classes are present or
//! missing, never a character, a position or a substring. The user name is not echoed either (a
//! password may contain it); findings give positions and code points.

use crate::directory::checks::{PASSWORD_POLICY, PASSWORD_USERNAME};
use crate::directory::lookalike;
use crate::doc::{Block, Document, KeyValue};
use crate::finding::{Evidence, Finding, Severity};
use crate::tools::ToolRequest;

/// The non-alphanumeric characters the policy accepts (User Guide, password-requirements).
pub const SYMBOLS: &str = "~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/";
pub const MIN_LEN: usize = 8;
pub const MAX_LEN: usize = 64;
/// Identity Store `UserName` maximum.
pub const USERNAME_MAX: usize = 128;
/// Above this a user name is "very long" (best knowledge: the guide gives no number).
pub const USERNAME_LONG: usize = 64;
/// The console's user-name characters besides letters and digits (best knowledge).
pub const USERNAME_SYMBOLS: &str = "+=,.@_-";

/// The password field's raw value (not trimmed: spaces count).
fn raw_field<'a>(req: &'a ToolRequest, name: &str) -> &'a str {
    req.fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// Class counts of a password; only these numbers leave [`policy`].
struct Classes {
    length: usize,
    lower: bool,
    upper: bool,
    digit: bool,
    symbol: bool,
    other: usize,
}

fn classes(password: &str) -> Classes {
    let mut c = Classes {
        length: 0,
        lower: false,
        upper: false,
        digit: false,
        symbol: false,
        other: 0,
    };
    for ch in password.chars() {
        c.length += 1;
        match ch {
            'a'..='z' => c.lower = true,
            'A'..='Z' => c.upper = true,
            '0'..='9' => c.digit = true,
            _ if SYMBOLS.contains(ch) => c.symbol = true,
            _ => c.other += 1,
        }
    }
    c
}

const CLASS_NAMES: [&str; 4] = [
    "a lowercase letter (a-z)",
    "an uppercase letter (A-Z)",
    "a digit (0-9)",
    "a symbol from the allowed set ~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/",
];

fn policy(password: &str) -> Vec<Finding> {
    let c = classes(password);
    let present = [c.lower, c.upper, c.digit, c.symbol];
    let missing: Vec<&str> = CLASS_NAMES
        .iter()
        .zip(present)
        .filter(|(_, p)| !p)
        .map(|(n, _)| *n)
        .collect();
    let have: Vec<&str> = ["lowercase", "uppercase", "digit", "symbol"]
        .iter()
        .zip(present)
        .filter(|(_, p)| *p)
        .map(|(n, _)| *n)
        .collect();
    let evidence = Evidence::new(
        format!(
            "length {}; classes present: {}",
            c.length,
            if have.is_empty() {
                "none".to_string()
            } else {
                have.join(", ")
            }
        ),
        "password (checked in memory, not stored)",
    );
    let mut out = Vec::new();
    if c.length < MIN_LEN || c.length > MAX_LEN {
        out.push(
            Finding::new(
                &PASSWORD_POLICY,
                format!(
                    "The password is {} characters long; the policy requires {MIN_LEN}–{MAX_LEN}.",
                    c.length
                ),
            )
            .evidence(evidence.clone()),
        );
    }
    if !missing.is_empty() {
        out.push(
            Finding::new(
                &PASSWORD_POLICY,
                format!(
                    "The password lacks {} of the four required classes. Missing: {}.",
                    missing.len(),
                    missing.join("; ")
                ),
            )
            .evidence(evidence.clone()),
        );
    }
    if c.other > 0 {
        out.push(
            Finding::new(
                &PASSWORD_POLICY,
                format!(
                    "{} character{} outside the four documented classes (for example a space or a letter outside A-Z). The policy lists only those classes; best knowledge: such characters may be refused or hard to type on another keyboard.",
                    c.other,
                    if c.other == 1 { " is" } else { "s are" }
                ),
            )
            .severity(Severity::Warning)
            .evidence(evidence.clone()),
        );
    }
    if out.is_empty() {
        out.push(
            Finding::pass(
                &PASSWORD_POLICY,
                format!(
                    "The password meets the policy: {} characters (8–64) with a lowercase letter, an uppercase letter, a digit and an allowed symbol.",
                    c.length
                ),
            )
            .evidence(evidence),
        );
    }
    out.push(
        Finding::new(
            &PASSWORD_POLICY,
            "Not checkable offline: the last 3 passwords cannot be reused, and passwords publicly known from leaked data sets are refused (User Guide, current page).",
        )
        .severity(Severity::Info),
    );
    out
}

fn username(name: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let n = name.chars().count();
    let at = "user name";
    let warn = |msg: String, ev: String| {
        Finding::new(&PASSWORD_USERNAME, msg).evidence(Evidence::new(ev, at))
    };
    if name.trim() != name {
        let lead = name.chars().take_while(|c| c.is_whitespace()).count();
        let trail = name.chars().rev().take_while(|c| c.is_whitespace()).count();
        out.push(warn(
            format!("The user name has {lead} leading and {trail} trailing whitespace characters; what the user types rarely matches them."),
            format!("{lead} leading, {trail} trailing"),
        ).severity(Severity::Error));
    }
    if n > USERNAME_MAX {
        out.push(
            warn(
                format!("The user name is {n} characters long, above the Identity Store maximum of {USERNAME_MAX}."),
                format!("{n} characters"),
            )
            .severity(Severity::Error),
        );
    } else if n > USERNAME_LONG {
        out.push(warn(
            format!("The user name is {n} characters long; the User Guide names very long user names as a cause of \"We couldn't update your password\" (above {USERNAME_LONG} is our best-knowledge threshold)."),
            format!("{n} characters"),
        ));
    }
    let trimmed = name.trim();
    let mut inner_space = Vec::new();
    let mut invisible = Vec::new();
    let mut special = Vec::new();
    for (i, c) in trimmed.chars().enumerate() {
        let pos = i + 1 + (name.chars().count() - name.trim_start().chars().count());
        if c.is_whitespace() {
            inner_space.push(pos);
        } else if !crate::scim::rules::visible_char(c) {
            invisible.push(format!("U+{:04X} at {pos}", c as u32));
        } else if !(c.is_ascii_alphanumeric() || USERNAME_SYMBOLS.contains(c)) && c.is_ascii() {
            special.push(format!("U+{:04X} ({c}) at {pos}", c as u32));
        }
    }
    if !inner_space.is_empty() {
        out.push(
            warn(
                "The user name contains whitespace; Identity Store user names take none (pattern [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+).".into(),
                format!("whitespace at character {}", join_nums(&inner_space)),
            )
            .severity(Severity::Error),
        );
    }
    if !invisible.is_empty() {
        out.push(
            warn(
                "The user name contains invisible or control characters; they cannot be typed and break matching.".into(),
                invisible.join(", "),
            )
            .severity(Severity::Error),
        );
    }
    if !special.is_empty() {
        out.push(warn(
            format!("The user name contains special characters outside A-Z a-z 0-9 and {USERNAME_SYMBOLS} (best knowledge of the console's rule); the User Guide names special characters as a cause of \"We couldn't update your password\"."),
            special.join(", "),
        ));
    }
    let (suspects, mixed) = lookalike::scan(trimmed);
    let non_ascii_letters: Vec<String> = trimmed
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_ascii() && c.is_alphabetic())
        .take(16)
        .map(|(i, c)| format!("U+{:04X} at {}", c as u32, i + 1))
        .collect();
    if !suspects.is_empty() || mixed {
        let list: Vec<String> = suspects
            .iter()
            .map(|s| match s.looks_like {
                Some(a) => format!(
                    "U+{:04X} at {} looks like \"{a}\"",
                    s.code_point, s.position
                ),
                None => format!("U+{:04X} at {} (styled letter)", s.code_point, s.position),
            })
            .collect();
        out.push(warn(
            format!(
                "The user name contains look-alike Unicode{}: it reads like ASCII but is a different name, so what the user types does not match it.",
                if mixed { " and mixes Latin with Cyrillic or Greek letters" } else { "" }
            ),
            if list.is_empty() { non_ascii_letters.join(", ") } else { list.join(", ") },
        ));
    } else if !non_ascii_letters.is_empty() {
        out.push(
            warn(
                "The user name contains non-ASCII letters; they are valid, but check that the user types exactly these (keyboard layouts and normalisation differ).".into(),
                non_ascii_letters.join(", "),
            )
            .severity(Severity::Info),
        );
    }
    if out.iter().all(|f| f.severity == Severity::Info) {
        out.push(Finding::pass(
            &PASSWORD_USERNAME,
            format!("The user name ({n} characters) has no spaces at either end, no special or invisible characters and no look-alike letters."),
        ));
    }
    out
}

fn join_nums(v: &[usize]) -> String {
    v.iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn analyze(req: &ToolRequest) -> Document {
    let password = raw_field(req, "password");
    let name = raw_field(req, "username");
    let mut findings = Vec::new();
    if !password.is_empty() {
        findings.extend(policy(password));
    }
    if !name.is_empty() {
        findings.extend(username(name));
    }
    let checked = match (password.is_empty(), name.is_empty()) {
        (false, false) => "a password (in memory only) and a user name",
        (false, true) => "a password (in memory only)",
        (true, false) => "a user name",
        (true, true) => "",
    };
    crate::directory::with_evidence(&mut findings, "policy");
    let mut doc = Document::new("password", "Password and user name").findings(findings);
    if checked.is_empty() {
        doc.accepted = false;
        doc.detected = "no password (standard input) and no user name (--username) given".into();
        doc.title = "Password and user name: nothing to check".into();
    } else {
        doc.detected = format!("Checked {checked}");
    }
    doc = doc.block(Block::key_values(
        "policy",
        "Identity Center directory password policy",
        vec![
            KeyValue::new("Length", "8–64 characters, case-sensitive"),
            KeyValue::new("Classes", "at least one each: a-z, A-Z, 0-9, and a symbol"),
            KeyValue::new("Symbols", SYMBOLS),
            KeyValue::new("Reuse", "the last 3 passwords cannot be reused"),
            KeyValue::new("Leaked passwords", "publicly known passwords are refused"),
            KeyValue::new(
                "Applies to",
                "Identity Center directory users only; AD and external IdP users follow their own policies",
            ),
        ],
    ));
    doc = doc.block(Block::text(
        "reset-failed",
        "\"We couldn't update your password\"",
        vec![
            "In CloudTrail, search for the event UpdatePassword. \"errorCode\": \"InternalFailure\" with \"errorMessage\": \"An unknown error occurred\" is a case for AWS Support; very long user names or user names with special characters can also cause it (User Guide, troubleshooting).".into(),
            "This check runs in memory: the password is never put in a report, a link, storage or a log; the command line reads it from standard input only.".into(),
        ],
    ));
    if !name.is_empty() {
        doc.private_values.push(name.to_string());
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_symbols() {
        let c = classes("aA1~ é");
        assert!(c.lower && c.upper && c.digit && c.symbol);
        assert_eq!(c.other, 2);
    }
}
