//! Identity Center as service provider (`idc.*`): NameID, ACS, audience, size, ABAC attributes.

use super::super::checks::*;
use super::super::flow::{idc_host, is_idc_acs, is_idc_audience};
use super::super::model::Msg;
use super::has_aws_prefix;
use crate::finding::{Finding, Severity};

pub const EMAIL_FORMAT: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
pub const ABAC_PREFIX: &str = "https://aws.amazon.com/SAML/Attributes/AccessControl:";
pub const NAME_FORMATS: [&str; 3] = [
    "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified",
    "urn:oasis:names:tc:SAML:2.0:attrname-format:uri",
    "urn:oasis:names:tc:SAML:2.0:attrname-format:basic",
];

/// Names invisible or confusable characters: "U+200B ZERO WIDTH SPACE".
pub fn char_name(c: char) -> String {
    let name = match c {
        ' ' => "SPACE",
        '\t' => "TAB",
        '\n' => "LINE FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BOM)",
        '\u{0430}' => "CYRILLIC SMALL LETTER A (looks like a)",
        '\u{0435}' => "CYRILLIC SMALL LETTER IE (looks like e)",
        '\u{043E}' => "CYRILLIC SMALL LETTER O (looks like o)",
        '\u{0440}' => "CYRILLIC SMALL LETTER ER (looks like p)",
        '\u{0441}' => "CYRILLIC SMALL LETTER ES (looks like c)",
        '\u{0456}' => "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I (looks like i)",
        '\u{FF20}' => "FULLWIDTH COMMERCIAL AT (looks like @)",
        '\u{2024}' => "ONE DOT LEADER (looks like .)",
        _ if c.is_whitespace() => "whitespace",
        _ if !c.is_ascii() => return format!("U+{:04X} '{c}' (non-ASCII character)", c as u32),
        _ if c.is_control() => "control character",
        _ => return format!("U+{:04X} '{c}'", c as u32),
    };
    format!("U+{:04X} {name}", c as u32)
}

/// Checks an RFC 2822 addr-spec (dot-atom form). Returns the problems found.
pub fn email_problems(v: &str) -> Vec<String> {
    let mut p = Vec::new();
    if v.is_empty() {
        return vec!["the value is empty".into()];
    }
    for (i, c) in v.chars().enumerate() {
        if c.is_whitespace()
            || !c.is_ascii()
            || c.is_control()
            || matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
            )
        {
            p.push(format!("{} at position {}", char_name(c), i + 1));
        }
    }
    if !p.is_empty() {
        return p;
    }
    let parts: Vec<&str> = v.split('@').collect();
    if parts.len() != 2 {
        p.push(format!(
            "it must contain exactly one '@' (found {})",
            parts.len() - 1
        ));
        return p;
    }
    let (local, domain) = (parts[0], parts[1]);
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    if local.is_empty() {
        p.push("the part before '@' is empty".into());
    } else if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        p.push("the part before '@' starts or ends with a dot or has two dots in a row".into());
    } else if let Some(c) = local.chars().find(|c| !(atext(*c) || *c == '.')) {
        p.push(format!(
            "the part before '@' contains {}, which needs quoting in RFC 2822",
            char_name(c)
        ));
    }
    if domain.is_empty() {
        p.push("the domain after '@' is empty".into());
    } else if domain.split('.').any(|l| {
        l.is_empty()
            || l.starts_with('-')
            || l.ends_with('-')
            || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    }) {
        p.push(format!("the domain \"{domain}\" is not a valid host name"));
    } else if !domain.contains('.') {
        p.push(format!(
            "the domain \"{domain}\" has no dot (Identity Center expects user@domain.com)"
        ));
    }
    p
}

pub fn run(m: &mut Msg<'_>) {
    nameid(m);
    acs(m);
    audience(m);
    size(m);
    abac(m);
}

fn nameid(m: &mut Msg<'_>) {
    if m.assertion.is_none() {
        return;
    }
    let Some(n) = m.nameid() else {
        let at = m.assertion.unwrap_or(m.root);
        let f = Finding::new(
            &IDC_NAMEID_FORMAT,
            "the assertion has no Subject/NameID; Identity Center matches users by NameID",
        )
        .evidence(m.ev(at, ""));
        m.push(f);
        return;
    };
    let doc = m.doc;
    let fmt = doc.node(n).attr("Format").unwrap_or("").to_string();
    if fmt == EMAIL_FORMAT {
        m.push(Finding::pass(
            &IDC_NAMEID_FORMAT,
            "NameID format is emailAddress",
        ));
    } else {
        let shown = if fmt.is_empty() {
            "absent (unspecified)".to_string()
        } else {
            fmt.clone()
        };
        let f = Finding::new(
            &IDC_NAMEID_FORMAT,
            format!("NameID Format is {shown}; Identity Center requires {EMAIL_FORMAT}"),
        )
        .evidence(m.ev(n, fmt));
        m.push(f);
    }
    let raw = doc.text(n);
    let probs = email_problems(&raw);
    if probs.is_empty() {
        m.push(Finding::pass(
            &IDC_NAMEID_EMAIL,
            "NameID is an RFC 2822 address",
        ));
    } else {
        let f = Finding::new(
            &IDC_NAMEID_EMAIL,
            format!(
                "NameID \"{raw}\" is not an RFC 2822 addr-spec: {}",
                probs.join("; ")
            ),
        )
        .evidence(m.ev(n, raw.clone()));
        m.push(f);
    }
    if let Some(u) = m.ctx.username.clone() {
        let u = u.trim().to_string();
        if raw == u {
            m.push(Finding::pass(
                &IDC_NAMEID_USERNAME,
                format!("NameID equals the expected user name {u}"),
            ));
        } else if raw.trim().to_lowercase() == u.to_lowercase() && raw.trim() != raw {
            let f = Finding::new(&IDC_NAMEID_USERNAME, format!("NameID \"{raw}\" matches the user name \"{u}\" only after removing surrounding whitespace")).evidence(m.ev(n, raw.clone()));
            m.push(f);
        } else if raw.to_lowercase() == u.to_lowercase() {
            let f = Finding::new(&IDC_NAMEID_USERNAME, format!("NameID \"{raw}\" differs from the user name \"{u}\" only in letter case; whether Identity Center matches case-insensitively is not documented"))
                .severity(Severity::Warning)
                .evidence(m.ev(n, raw.clone()));
            m.push(f);
        } else {
            let f = Finding::new(
                &IDC_NAMEID_USERNAME,
                format!("NameID \"{raw}\" is not the Identity Center user name \"{u}\""),
            )
            .evidence(m.ev(n, raw.clone()));
            m.push(f);
        }
    }
}

fn compare_url(got: &str, want: &str) -> String {
    if got.trim_end_matches('/') == want.trim_end_matches('/') {
        return "they differ only by a trailing slash".into();
    }
    if got.eq_ignore_ascii_case(want) {
        return "they differ only in letter case".into();
    }
    if let (Some((r1, p1)), Some((r2, p2))) = (idc_host(got), idc_host(want)) {
        if r1 != r2 && p1 == p2 {
            return format!("the region differs ({r1} instead of {r2})");
        }
        if r1 != r2 {
            return format!("the region differs ({r1} instead of {r2}) and so does the path");
        }
        if p1.rsplit('/').next() != p2.rsplit('/').next() {
            return "the instance ID at the end differs (a different Identity Center instance or an old value)".into();
        }
    }
    if got.starts_with("http://") {
        return "it uses http:// instead of https://".into();
    }
    "they are different URLs".into()
}

fn acs(m: &mut Msg<'_>) {
    let mut vals: Vec<(usize, &'static str, String)> = Vec::new();
    if let Some(d) = m.destination() {
        vals.push((m.root, "Destination", d));
    }
    for (n, r) in m.recipients() {
        vals.push((n, "Recipient", r));
    }
    if vals.is_empty() {
        if m.assertion.is_some() {
            let f = Finding::new(&IDC_ACS, "neither Destination nor SubjectConfirmationData/@Recipient is present; Identity Center needs its ACS URL there").evidence(m.ev(m.assertion.unwrap_or(m.root), ""));
            m.push(f);
        }
        return;
    }
    let mut ok = true;
    for (n, what, v) in vals {
        if let Some(want) = m.ctx.acs_url.clone() {
            if v != want {
                ok = false;
                let f = Finding::new(
                    &IDC_ACS,
                    format!(
                        "{what} \"{v}\" is not the Identity Center ACS URL \"{want}\": {}",
                        compare_url(&v, &want)
                    ),
                )
                .evidence(m.ev(n, v.clone()));
                m.push(f);
            }
        } else if !is_idc_acs(&v) {
            ok = false;
            let hint = if v.ends_with('/') {
                " (trailing slash)"
            } else {
                ""
            };
            let f = Finding::new(&IDC_ACS, format!("{what} \"{v}\" does not have the Identity Center ACS URL shape https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>{hint}")).evidence(m.ev(n, v.clone()));
            m.push(f);
        }
    }
    if ok {
        let how = if m.ctx.acs_url.is_some() {
            "equal the ACS URL you gave"
        } else {
            "have the Identity Center ACS URL shape (give the ACS URL to compare exactly)"
        };
        m.push(Finding::pass(
            &IDC_ACS,
            format!("Destination and Recipient {how}"),
        ));
    }
}

fn audience(m: &mut Msg<'_>) {
    let auds = m.audiences();
    if auds.is_empty() {
        return; // saml.audience reports the missing audience
    }
    if let Some(want) = m.ctx.audience.clone() {
        if auds.iter().any(|(_, v)| *v == want) {
            m.push(Finding::pass(
                &IDC_AUDIENCE,
                format!("Audience equals {want}"),
            ));
        } else {
            let (n, v) = auds[0].clone();
            let f = Finding::new(
                &IDC_AUDIENCE,
                format!(
                    "Audience \"{v}\" is not the Identity Center issuer URL \"{want}\": {}",
                    compare_url(&v, &want)
                ),
            )
            .evidence(m.ev(n, v));
            m.push(f);
        }
    } else if auds.iter().any(|(_, v)| is_idc_audience(v)) {
        m.push(Finding::pass(&IDC_AUDIENCE, "Audience has the Identity Center issuer URL shape (give the issuer URL to compare exactly)"));
    } else {
        let (n, v) = auds[0].clone();
        let f = Finding::new(&IDC_AUDIENCE, format!("Audience \"{v}\" does not have the Identity Center issuer URL shape https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx")).evidence(m.ev(n, v));
        m.push(f);
    }
}

fn size(m: &mut Msg<'_>) {
    let Some(a) = m.assertion else { return };
    let node = m.doc.node(a);
    let chars = m
        .dec
        .xml
        .get(node.start..node.end)
        .map(|s| s.chars().count())
        .unwrap_or(node.end.saturating_sub(node.start));
    if chars > 50_000 {
        let f = Finding::new(
            &IDC_SIZE,
            format!("the assertion is {chars} characters; Identity Center accepts at most 50,000"),
        )
        .evidence(m.ev(a, format!("{chars} characters")));
        m.push(f);
    } else {
        m.push(Finding::pass(
            &IDC_SIZE,
            format!("the assertion is {chars} characters (limit 50,000)"),
        ));
    }
}

/// Session-tag characters: letters, numbers, spaces (Unicode) and `_ . : / = + - @`.
pub fn tag_chars_ok(s: &str) -> Option<char> {
    s.chars()
        .find(|c| !(c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(*c)))
}

fn abac(m: &mut Msg<'_>) {
    let doc = m.doc;
    let attrs: Vec<_> = m
        .attributes
        .iter()
        .filter(|a| a.name.starts_with(ABAC_PREFIX))
        .cloned()
        .collect();
    if attrs.len() > 50 {
        let f = Finding::new(
            &IDC_ABAC_COUNT,
            format!(
                "{} access-control attributes are sent; at most 50 are allowed",
                attrs.len()
            ),
        )
        .evidence(m.ev(attrs[50].node, attrs.len().to_string()));
        m.push(f);
    } else {
        m.push(Finding::pass(
            &IDC_ABAC_COUNT,
            format!("{} access-control attributes (at most 50)", attrs.len()),
        ));
    }
    if attrs.is_empty() {
        return;
    }
    let (mut mv, mut dup, mut xmlv, mut nf, mut key, mut val) =
        (true, true, true, true, true, true);
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for a in &attrs {
        let k = a.name.strip_prefix(ABAC_PREFIX).unwrap_or("").to_string();
        if a.values.len() != 1 {
            mv = false;
            let f = Finding::new(
                &IDC_ABAC_MULTIVALUE,
                format!(
                    "access-control attribute {k} has {} values; exactly one is allowed",
                    a.values.len()
                ),
            )
            .evidence(m.ev(a.node, a.values.join(" | ")));
            m.push(f);
        }
        if !seen.insert(k.to_lowercase()) {
            dup = false;
            let f = Finding::new(
                &IDC_ABAC_DUPLICATE,
                format!("access-control attribute {k} is sent more than once"),
            )
            .evidence(m.ev(a.node, a.name.clone()));
            m.push(f);
        }
        for vn in &a.value_nodes {
            if doc.elements(*vn).next().is_some() {
                xmlv = false;
                let f = Finding::new(
                    &IDC_ABAC_XML_VALUE,
                    format!("access-control attribute {k} has structured XML as its value"),
                )
                .evidence(m.ev(
                    *vn,
                    doc.node(*vn).children.len().to_string() + " child nodes",
                ));
                m.push(f);
            }
        }
        if let Some(fm) = &a.name_format {
            if !NAME_FORMATS.contains(&fm.as_str()) {
                nf = false;
                let f = Finding::new(&IDC_ABAC_NAME_FORMAT, format!("access-control attribute {k} has NameFormat \"{fm}\", which is not a SAML-specified format")).evidence(m.ev(a.node, fm.clone()));
                m.push(f);
            }
        }
        let klen = k.chars().count();
        let kbad = if klen == 0 || klen > 128 {
            Some(format!("is {klen} characters (1–128 allowed)"))
        } else if has_aws_prefix(&k) {
            Some("begins with aws:, which is reserved".into())
        } else {
            tag_chars_ok(&k).map(|c| {
                format!(
                    "contains {} (allowed: letters, numbers, spaces and _ . : / = + - @)",
                    char_name(c)
                )
            })
        };
        if let Some(why) = kbad {
            key = false;
            let f = Finding::new(&IDC_ABAC_KEY, format!("tag key \"{k}\" {why}"))
                .evidence(m.ev(a.node, k.clone()));
            m.push(f);
        }
        for (i, v) in a.values.iter().enumerate() {
            let vlen = v.chars().count();
            let vbad = if vlen > 256 {
                Some(format!("is {vlen} characters (at most 256)"))
            } else if has_aws_prefix(v) {
                Some("begins with aws:, which is reserved".into())
            } else {
                tag_chars_ok(v).map(|c| {
                    format!(
                        "contains {} (allowed: letters, numbers, spaces and _ . : / = + - @)",
                        char_name(c)
                    )
                })
            };
            if let Some(why) = vbad {
                val = false;
                let at = a.value_nodes.get(i).copied().unwrap_or(a.node);
                let f = Finding::new(&IDC_ABAC_VALUE, format!("value of tag {k} {why}"))
                    .evidence(m.ev(at, v.clone()));
                m.push(f);
            }
        }
    }
    for (ok, c, msg) in [
        (
            mv,
            &IDC_ABAC_MULTIVALUE,
            "every access-control attribute has one value",
        ),
        (
            dup,
            &IDC_ABAC_DUPLICATE,
            "no access-control attribute is repeated",
        ),
        (
            xmlv,
            &IDC_ABAC_XML_VALUE,
            "access-control values are plain text",
        ),
        (
            nf,
            &IDC_ABAC_NAME_FORMAT,
            "access-control NameFormats are SAML-specified (or absent)",
        ),
        (key, &IDC_ABAC_KEY, "tag keys are valid"),
        (val, &IDC_ABAC_VALUE, "tag values are valid"),
    ] {
        if ok {
            m.push(Finding::pass(c, msg));
        }
    }
}
