//! Identity Center's SCIM rules as data: attribute lists, lengths, character classes, filter grammar
//! and the AWS error texts each rule produces (aws-rules.md §4, admin-tools.md §3).

/// Identity Store `UserName`: 1–128.
pub const USERNAME_MAX: usize = 128;
/// Identity Store `ExternalId.Id`: 1–256.
pub const EXTERNAL_ID_MAX: usize = 256;
/// Other user strings and group `displayName`: 1–1024.
pub const STRING_MAX: usize = 1024;
/// CreateGroup members and PatchGroup membership changes per request.
pub const MEMBERS_MAX: usize = 100;

pub const RESERVED_NAMES: [&str; 2] = ["Administrator", "AWSAdministrators"];

/// Patterns as AWS prints them in its messages.
pub const USERNAME_PATTERN: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+";
/// As printed in the documented CloudTrail message (the model adds `\u00a0\u3000`).
pub const TEXT_PATTERN: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+";
pub const GROUP_PATTERN: &str = r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r \u00a0]+";

/// The generic answer to a body that violates the schema (UG troubleshooting; Okta and Entra show it).
pub const UNPARSABLE: &str = "Request is unparsable, syntactically incorrect, or violates schema.";

/// Attributes that take exactly one value.
pub const SINGLE_VALUE_LISTS: [&str; 4] = ["emails", "addresses", "phoneNumbers", "roles"];

/// User attributes the developer guide lists as not supported.
pub const UNSUPPORTED_USER: [&str; 6] = [
    "password",
    "ims",
    "photos",
    "x509Certificates",
    "entitlements",
    "groups",
];

/// Top-level user attributes Identity Center knows (DG limitations, createuser).
pub const USER_KNOWN: [&str; 20] = [
    "schemas",
    "id",
    "externalId",
    "meta",
    "userName",
    "name",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "active",
    "emails",
    "addresses",
    "phoneNumbers",
    "roles",
    crate::scim::input::ENTERPRISE,
];

/// PatchUser's modifiable attributes (DG patchuser); `enterprise` is the extension URN.
pub const USER_PATCHABLE: [&str; 16] = [
    "userName",
    "active",
    "externalId",
    "displayName",
    "nickName",
    "profileUrl",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "name",
    "enterprise",
    "emails",
    "addresses",
    "phoneNumbers",
];

pub const GROUP_KNOWN: [&str; 6] = [
    "schemas",
    "id",
    "externalId",
    "meta",
    "displayName",
    "members",
];
pub const GROUP_PATCHABLE: [&str; 3] = ["displayName", "members", "externalId"];

/// The message Identity Center gives for a string outside its pattern.
pub fn pattern_message(path: &str, pattern: &str) -> String {
    format!("1 validation errors detected: Value at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}")
}

/// The documented message for an empty string (CloudTrail, `name.familyName` and `manager.value`).
pub fn empty_message(path: &str) -> String {
    format!("2 validation errors detected: Value at '{path}' failed to satisfy constraint: Member must have length greater than or equal to 1; Value at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {TEXT_PATTERN}")
}

/// The message for a string above its maximum (same form as the documented ones: best knowledge).
pub fn too_long_message(path: &str, max: usize) -> String {
    format!("1 validation errors detected: Value at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}")
}

/// The message for a second value in a single-valued list. The forms for `emails` and `addresses`
/// are documented (the latter without "exceeds"); the others follow the `emails` form.
pub fn multi_value_message(attr: &str) -> (String, bool) {
    match attr {
        "emails" => (
            "List attribute emails exceeds allowed limit of 1".into(),
            true,
        ),
        "addresses" => ("List attribute addresses allowed limit of 1".into(), true),
        other => (
            format!("List attribute {other} exceeds allowed limit of 1"),
            false,
        ),
    }
}

/// Format characters (Unicode category Cf) that the patterns refuse: invisible joiners, marks,
/// bidirectional controls, the byte-order mark, tags.
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Private-use (Co) and noncharacters (Cn): outside L, M, S, N, P.
fn is_private_or_nonchar(c: char) -> bool {
    let u = c as u32;
    (0xE000..=0xF8FF).contains(&u)
        || u >= 0xF0000
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// `[\p{L}\p{M}\p{S}\p{N}\p{P}]`, approximated without Unicode tables: everything that is not
/// whitespace, a control, a format character, private use or a noncharacter. Unassigned code points
/// pass (best knowledge; tables would cost the page's download size).
pub fn visible_char(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !is_format(c) && !is_private_or_nonchar(c)
}

pub fn text_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ' | '\u{a0}' | '\u{3000}') || visible_char(c)
}

pub fn group_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' ' | '\u{a0}') || visible_char(c)
}

/// First character refused by `ok`, with its position (1-based) and code point.
pub fn first_bad(s: &str, ok: fn(char) -> bool) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| !ok(*c))
        .map(|(i, c)| (i + 1, c))
}

/// `U+0020 (space)` style description of a character.
pub fn describe_char(c: char) -> String {
    let name = match c {
        ' ' => " (space)",
        '\t' => " (tab)",
        '\n' => " (line feed)",
        '\r' => " (carriage return)",
        '\u{a0}' => " (no-break space)",
        '\u{200b}' => " (zero-width space)",
        '\u{feff}' => " (byte-order mark)",
        '\u{3000}' => " (ideographic space)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// The attribute a PATCH path addresses: `emails[type eq "work"].value` → `emails`,
/// `name.familyName` → `name`, `urn:...:enterprise:2.0:User:manager` → `enterprise`.
pub fn path_root(path: &str) -> &str {
    let p = path.trim();
    if p.len() >= crate::scim::input::ENTERPRISE.len()
        && p.get(..crate::scim::input::ENTERPRISE.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(crate::scim::input::ENTERPRISE))
    {
        return "enterprise";
    }
    if let Some(rest) = p.strip_prefix(crate::scim::input::USER_SCHEMA) {
        return path_root(rest.trim_start_matches(':'));
    }
    let end = p.find(['[', '.']).unwrap_or(p.len());
    p.get(..end).unwrap_or(p)
}

/// Attributes only users have: they make an unlabelled PATCH a PatchUser.
pub fn is_user_only_path(root: &str) -> bool {
    USER_PATCHABLE
        .iter()
        .chain(UNSUPPORTED_USER.iter())
        .any(|a| a.eq_ignore_ascii_case(root))
        && !GROUP_PATCHABLE.iter().any(|a| a.eq_ignore_ascii_case(root))
        || root.eq_ignore_ascii_case(crate::scim::input::ENTERPRISE)
}

/// One `attribute operator "value"` comparison of a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub attribute: String,
    pub operator: String,
    pub value: Option<String>,
}

/// A parsed filter: comparisons joined by the listed connectives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    pub comparisons: Vec<Comparison>,
    pub connectives: Vec<String>,
    pub grouping: bool,
}

/// Tokenises and parses `attr op "value" (and|or attr op "value")*`. `Err` is a syntax problem
/// (Identity Center: `Invalid Filter format`).
pub fn parse_filter(s: &str) -> Result<Filter, String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = s.chars().peekable();
    let mut grouping = false;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut v = String::from("\"");
            let mut closed = false;
            let mut esc = false;
            for c in chars.by_ref() {
                if esc {
                    v.push(c);
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else if c == '"' {
                    closed = true;
                    break;
                } else {
                    v.push(c);
                }
            }
            if !closed {
                return Err("a quoted value is not closed".into());
            }
            tokens.push(v);
        } else if c == '(' || c == ')' {
            grouping = true;
            chars.next();
        } else {
            let mut w = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                    break;
                }
                w.push(c);
                chars.next();
            }
            tokens.push(w);
        }
        if tokens.len() > 200 {
            return Err("more than 200 tokens".into());
        }
    }
    let mut f = Filter {
        grouping,
        ..Filter::default()
    };
    let mut i = 0;
    loop {
        let attr = tokens
            .get(i)
            .ok_or("the filter ends where an attribute is expected")?;
        if let Some(v) = attr.strip_prefix('"') {
            return Err(format!("a value ({v}) where an attribute is expected"));
        }
        if attr.eq_ignore_ascii_case("not") {
            f.connectives.push("not".into());
            i += 1;
            continue;
        }
        let op = tokens
            .get(i + 1)
            .ok_or(format!("no operator after `{attr}`"))?;
        let mut comp = Comparison {
            attribute: attr.clone(),
            operator: op.to_ascii_lowercase(),
            value: None,
        };
        i += 2;
        if comp.operator != "pr" {
            let v = tokens
                .get(i)
                .ok_or(format!("no value after `{attr} {op}`"))?;
            comp.value = Some(v.strip_prefix('"').unwrap_or(v).to_string());
            if !v.starts_with('"')
                && !matches!(v.as_str(), "true" | "false" | "null")
                && v.parse::<f64>().is_err()
            {
                return Err(format!("the value `{v}` is not quoted"));
            }
            i += 1;
        }
        f.comparisons.push(comp);
        match tokens.get(i) {
            None => break,
            Some(c) => {
                f.connectives.push(c.to_ascii_lowercase());
                if !matches!(c.to_ascii_lowercase().as_str(), "and" | "or") {
                    return Err(format!("`{c}` where `and` is expected"));
                }
                i += 1;
            }
        }
    }
    Ok(f)
}

/// The filter combinations ListUsers and ListGroups support (DG listusers, listgroups).
pub fn supported_combination(attrs: &[String], groups: Option<bool>) -> bool {
    let a: Vec<String> = attrs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let users = matches!(
        a.as_slice(),
        ["username"] | ["externalid"] | ["groups.value"] | ["id", "manager"] | ["manager", "id"]
    );
    let grp = matches!(
        a.as_slice(),
        ["displayname"] | ["externalid"] | ["members.value"] | ["id", "member"] | ["member", "id"]
    );
    match groups {
        Some(true) => grp,
        Some(false) => users,
        None => users || grp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        let f = parse_filter(r#"userName eq "bob""#).expect("ok");
        assert_eq!(f.comparisons.len(), 1);
        let f = parse_filter(r#"id eq "1" and manager eq "2""#).expect("ok");
        assert_eq!(f.connectives, vec!["and"]);
        assert!(parse_filter(r#"userName eq bob"#).is_err());
        let f = parse_filter(r#"userName sw "b" or title pr"#).expect("parses");
        assert_eq!(f.comparisons[1].operator, "pr");
    }

    #[test]
    fn roots_and_chars() {
        assert_eq!(path_root(r#"emails[type eq "work"].value"#), "emails");
        assert_eq!(path_root("name.familyName"), "name");
        assert_eq!(
            path_root("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"),
            "enterprise"
        );
        assert!(!visible_char(' ') && !visible_char('\u{200b}') && visible_char('é'));
        assert!(text_char(' ') && !text_char('\u{7}'));
    }
}
