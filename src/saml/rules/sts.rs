//! AWS account federation (`sts.*`): Role, RoleSessionName, SessionDuration, SourceIdentity, tags,
//! Recipient, audience, NameID and size.

use super::super::checks::*;
use super::super::flow::is_sts_endpoint;
use super::super::model::Msg;
use super::has_aws_prefix;
use super::idc::{char_name, tag_chars_ok};
use crate::finding::{Evidence, Finding, Severity};

pub const ATTR: &str = "https://aws.amazon.com/SAML/Attributes/";
pub const ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
pub const SESSION_NAME: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const SESSION_DURATION: &str = "https://aws.amazon.com/SAML/Attributes/SessionDuration";
pub const SOURCE_IDENTITY: &str = "https://aws.amazon.com/SAML/Attributes/SourceIdentity";
pub const PRINCIPAL_TAG: &str = "https://aws.amazon.com/SAML/Attributes/PrincipalTag:";
pub const TRANSITIVE: &str = "https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys";

const PARTITIONS: [&str; 5] = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    pub partition: String,
    pub account: String,
    pub kind: ArnKind,
    pub path: String,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArnKind {
    Role,
    Provider,
}

/// Parses an IAM role or SAML-provider ARN, or says what is wrong.
pub fn parse_arn(s: &str) -> Result<Arn, String> {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(format!(
            "\"{s}\" is not an ARN (arn:aws:iam::123456789012:role/Name)"
        ));
    };
    if *arn != "arn" {
        return Err(format!("\"{s}\" does not start with arn:"));
    }
    if !PARTITIONS.contains(partition) {
        return Err(format!("\"{s}\" has unknown partition \"{partition}\" (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b)"));
    }
    if *service != "iam" || !region.is_empty() {
        return Err(format!(
            "\"{s}\" is not an IAM ARN (expected :iam:: with an empty region)"
        ));
    }
    if account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "\"{s}\" has account \"{account}\"; it must be 12 digits"
        ));
    }
    if s.len() < 20 || s.len() > 2048 {
        return Err(format!(
            "\"{s}\" is {} characters; ARNs are 20–2048",
            s.len()
        ));
    }
    if let Some(rest) = resource.strip_prefix("saml-provider/") {
        if rest.is_empty()
            || rest.len() > 128
            || !rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
        {
            return Err(format!(
                "provider name \"{rest}\" must be 1–128 characters of letters, digits and . _ -"
            ));
        }
        return Ok(Arn {
            partition: partition.to_string(),
            account: account.to_string(),
            kind: ArnKind::Provider,
            path: "/".into(),
            name: rest.into(),
        });
    }
    if let Some(rest) = resource.strip_prefix("role/") {
        let (path, name) = match rest.rfind('/') {
            Some(i) => (format!("/{}/", &rest[..i]), &rest[i + 1..]),
            None => ("/".to_string(), rest),
        };
        if path.len() > 512
            || !path.bytes().all(|b| (0x21..=0x7E).contains(&b))
            || path.contains("//")
        {
            return Err(format!("role path \"{path}\" is invalid"));
        }
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
        {
            return Err(format!(
                "role name \"{name}\" must be 1–64 characters of letters, digits and _ + = , . @ -"
            ));
        }
        return Ok(Arn {
            partition: partition.to_string(),
            account: account.to_string(),
            kind: ArnKind::Role,
            path,
            name: name.into(),
        });
    }
    Err(format!(
        "\"{s}\" is neither a role (…:role/Name) nor a SAML provider (…:saml-provider/Name) ARN"
    ))
}

fn session_chars(s: &str) -> Option<char> {
    s.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c)))
}

pub fn run(m: &mut Msg<'_>) {
    if m.assertion.is_none() {
        return;
    }
    role(m);
    session_name(m);
    duration(m);
    source_identity(m);
    tags(m);
    recipient(m);
    audience(m);
    nameid(m);
    size(m);
}

fn role(m: &mut Msg<'_>) {
    let roles: Vec<_> = m.attr_named(ROLE).into_iter().cloned().collect();
    if roles.is_empty() {
        let near = m
            .attributes
            .iter()
            .find(|a| {
                a.name.eq_ignore_ascii_case(ROLE) || a.name.ends_with("/Role") || a.name == "Role"
            })
            .cloned();
        let msg = match &near {
            Some(a) => format!("no attribute named exactly {ROLE}; \"{}\" is close but the name is case-sensitive and must be the full URL", a.name),
            None => format!("no attribute named {ROLE}: AWS shows \"Your request included an invalid SAML response. To logout, click here.\""),
        };
        let at = near.map(|a| a.node).or(m.assertion).unwrap_or(m.root);
        let f = Finding::new(&STS_ROLE_MISSING, msg).evidence(m.ev(at, ""));
        m.push(f);
        return;
    }
    let values: Vec<(usize, String)> = roles
        .iter()
        .flat_map(|a| {
            a.value_nodes
                .iter()
                .copied()
                .zip(a.values.iter().cloned())
                .collect::<Vec<_>>()
        })
        .collect();
    if values.is_empty() {
        let f = Finding::new(&STS_ROLE_MISSING, "the Role attribute has no values")
            .evidence(m.ev(roles[0].node, ""));
        m.push(f);
        return;
    }
    m.push(Finding::pass(
        &STS_ROLE_MISSING,
        format!("Role attribute present with {} value(s)", values.len()),
    ));
    let (mut fmt_ok, mut acct_ok, mut reserved_seen) = (true, true, false);
    for (n, v) in values {
        let raw = v.clone();
        let v = v.trim();
        let parts: Vec<&str> = v.split(',').collect();
        if parts.len() != 2 {
            fmt_ok = false;
            let f = Finding::new(&STS_ROLE_FORMAT, format!("Role value has {} comma-separated parts; it must be exactly a role ARN and a provider ARN", parts.len())).evidence(m.ev(n, raw.clone()));
            m.push(f);
            continue;
        }
        if parts.iter().any(|p| p.trim() != *p) || raw.trim() != raw {
            fmt_ok = false;
            let f = Finding::new(
                &STS_ROLE_FORMAT,
                "Role value contains spaces around the ARNs",
            )
            .severity(Severity::Warning)
            .evidence(m.ev(n, raw.clone()));
            m.push(f);
        }
        let a = parse_arn(parts[0].trim());
        let b = parse_arn(parts[1].trim());
        let (role, prov) = match (a, b) {
            (Ok(x), Ok(y)) if x.kind == ArnKind::Role && y.kind == ArnKind::Provider => (x, y),
            (Ok(x), Ok(y)) if x.kind == ArnKind::Provider && y.kind == ArnKind::Role => (y, x),
            (Ok(_), Ok(_)) => {
                fmt_ok = false;
                let f = Finding::new(
                    &STS_ROLE_FORMAT,
                    "Role value must pair one role ARN with one saml-provider ARN",
                )
                .evidence(m.ev(n, raw.clone()));
                m.push(f);
                continue;
            }
            (Err(e), _) | (_, Err(e)) => {
                fmt_ok = false;
                let f = Finding::new(
                    &STS_ROLE_FORMAT,
                    format!("Role value is not a valid pair: {e}"),
                )
                .evidence(m.ev(n, raw.clone()));
                m.push(f);
                continue;
            }
        };
        if role.account != prov.account || role.partition != prov.partition {
            acct_ok = false;
            let f = Finding::new(
                &STS_ROLE_ACCOUNT_MISMATCH,
                format!(
                    "role is in account {} ({}) but the SAML provider is in account {} ({})",
                    role.account, role.partition, prov.account, prov.partition
                ),
            )
            .evidence(m.ev(n, raw.clone()));
            m.push(f);
        }
        if let Some(rest) = role.name.strip_prefix("AWSReservedSSO_") {
            reserved_seen = true;
            let suffix = rest.rsplit('_').next().unwrap_or("");
            let suffix_ok = suffix.len() == 16
                && suffix
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            let path_ok = role.path.starts_with("/aws-reserved/sso.amazonaws.com/");
            let prov_ok = prov.name.starts_with("AWSSSO_") && prov.name.ends_with("_DO_NOT_DELETE");
            let ps = rest.rsplit_once('_').map(|(p, _)| p).unwrap_or(rest);
            if suffix_ok && path_ok && prov_ok {
                let f = Finding::new(&STS_ROLE_RESERVED, format!("role {} belongs to the Identity Center permission set \"{ps}\"; it is managed by Identity Center (protected in IAM) and its suffix changes if all assignments are removed and re-added", role.name)).evidence(m.ev(n, raw.clone()));
                m.push(f);
            } else {
                let mut why = Vec::new();
                if !suffix_ok {
                    why.push("the suffix is not 16 lowercase hex characters");
                }
                if !path_ok {
                    why.push("the path is not /aws-reserved/sso.amazonaws.com/");
                }
                if !prov_ok {
                    why.push("the provider is not AWSSSO_<id>_DO_NOT_DELETE");
                }
                let f = Finding::new(&STS_ROLE_RESERVED, format!("role {} looks like an Identity Center role, but {}: a hand-copied or stale ARN", role.name, why.join(", ")))
                    .severity(Severity::Warning)
                    .evidence(m.ev(n, raw.clone()));
                m.push(f);
            }
        }
    }
    if fmt_ok {
        m.push(Finding::pass(
            &STS_ROLE_FORMAT,
            "every Role value is a role-ARN,provider-ARN pair",
        ));
    }
    if acct_ok {
        m.push(Finding::pass(
            &STS_ROLE_ACCOUNT_MISMATCH,
            "role and provider ARNs are in the same account",
        ));
    }
    if !reserved_seen {
        m.push(Finding::pass(&STS_ROLE_RESERVED, "no AWSReservedSSO role"));
    }
}

fn single(m: &mut Msg<'_>, name: &str) -> Option<(usize, Vec<(usize, String)>)> {
    let a = m.attr_named(name).into_iter().next()?.clone();
    Some((
        a.node,
        a.value_nodes
            .iter()
            .copied()
            .zip(a.values.iter().cloned())
            .collect(),
    ))
}

fn session_name(m: &mut Msg<'_>) {
    let Some((node, vals)) = single(m, SESSION_NAME) else {
        let at = m.assertion.unwrap_or(m.root);
        let f = Finding::new(&STS_SESSION_NAME_MISSING, "no RoleSessionName attribute: AWS fails with \"RoleSessionName is required in AuthnResponse\"").evidence(m.ev(at, ""));
        m.push(f);
        return;
    };
    m.push(Finding::pass(
        &STS_SESSION_NAME_MISSING,
        "RoleSessionName present",
    ));
    if vals.len() != 1 {
        let f = Finding::new(
            &STS_SESSION_NAME_FORMAT,
            format!(
                "RoleSessionName has {} values; exactly one is allowed",
                vals.len()
            ),
        )
        .evidence(m.ev(node, vals.len().to_string()));
        m.push(f);
        return;
    }
    let (n, v) = vals[0].clone();
    let len = v.chars().count();
    let bad = if !(2..=64).contains(&len) {
        Some(format!("is {len} characters (2–64 allowed)"))
    } else {
        session_chars(&v).map(|c| format!("contains {}", char_name(c)))
    };
    match bad {
        Some(why) => {
            let f = Finding::new(
                &STS_SESSION_NAME_FORMAT,
                format!("RoleSessionName \"{v}\" {why}; it must match [a-zA-Z_0-9+=,.@-]{{2,64}}"),
            )
            .evidence(m.ev(n, v.clone()));
            m.push(f);
        }
        None => m.push(Finding::pass(
            &STS_SESSION_NAME_FORMAT,
            "RoleSessionName matches [a-zA-Z_0-9+=,.@-]{2,64}",
        )),
    }
}

fn duration(m: &mut Msg<'_>) {
    let Some((node, vals)) = single(m, SESSION_DURATION) else {
        m.push(Finding::pass(
            &STS_SESSION_DURATION,
            "no SessionDuration: the default of 1 hour applies",
        ));
        return;
    };
    if vals.len() != 1 {
        let f = Finding::new(
            &STS_SESSION_DURATION,
            format!(
                "SessionDuration has {} values; exactly one is allowed",
                vals.len()
            ),
        )
        .evidence(m.ev(node, ""));
        m.push(f);
        return;
    }
    let (n, v) = vals[0].clone();
    match v.trim().parse::<i64>() {
        Ok(s) if (900..=43200).contains(&s) => m.push(Finding::pass(
            &STS_SESSION_DURATION,
            format!("SessionDuration {s} s (the role's MaxSessionDuration must allow it)"),
        )),
        Ok(s) => {
            let f = Finding::new(
                &STS_SESSION_DURATION,
                format!("SessionDuration {s} is outside 900–43200 seconds"),
            )
            .evidence(m.ev(n, v.clone()));
            m.push(f);
        }
        Err(_) => {
            let f = Finding::new(
                &STS_SESSION_DURATION,
                format!("SessionDuration \"{v}\" is not a whole number of seconds"),
            )
            .evidence(m.ev(n, v.clone()));
            m.push(f);
        }
    }
}

fn source_identity(m: &mut Msg<'_>) {
    let Some((node, vals)) = single(m, SOURCE_IDENTITY) else {
        return;
    };
    if vals.len() != 1 {
        let f = Finding::new(
            &STS_SOURCE_IDENTITY,
            format!(
                "SourceIdentity has {} values; exactly one is allowed",
                vals.len()
            ),
        )
        .evidence(m.ev(node, ""));
        m.push(f);
        return;
    }
    let (n, v) = vals[0].clone();
    let len = v.chars().count();
    let bad = if !(2..=64).contains(&len) {
        Some(format!("is {len} characters (2–64)"))
    } else if has_aws_prefix(&v) {
        Some("begins with aws:".into())
    } else {
        session_chars(&v).map(|c| format!("contains {}", char_name(c)))
    };
    match bad {
        Some(why) => {
            let f = Finding::new(
                &STS_SOURCE_IDENTITY,
                format!("SourceIdentity \"{v}\" {why}"),
            )
            .evidence(m.ev(n, v.clone()));
            m.push(f);
        }
        None => m.push(Finding::pass(
            &STS_SOURCE_IDENTITY,
            "SourceIdentity is valid (the trust policy needs sts:SetSourceIdentity)",
        )),
    }
}

fn tags(m: &mut Msg<'_>) {
    let tags: Vec<_> = m
        .attributes
        .iter()
        .filter(|a| a.name.starts_with(PRINCIPAL_TAG))
        .cloned()
        .collect();
    let mut ok = true;
    let mut keys: std::collections::HashSet<String> = std::collections::HashSet::new();
    if tags.len() > 50 {
        ok = false;
        let f = Finding::new(
            &STS_PRINCIPAL_TAG,
            format!("{} session tags; at most 50 are allowed", tags.len()),
        )
        .evidence(m.ev(tags[50].node, tags.len().to_string()));
        m.push(f);
    }
    for t in &tags {
        let k = t.name.strip_prefix(PRINCIPAL_TAG).unwrap_or("").to_string();
        let mut problems: Vec<String> = Vec::new();
        let kl = k.chars().count();
        if kl == 0 || kl > 128 {
            problems.push(format!("key is {kl} characters (1–128)"));
        }
        if has_aws_prefix(&k) {
            problems.push("key begins with aws:".into());
        }
        if let Some(c) = tag_chars_ok(&k) {
            problems.push(format!("key contains {}", char_name(c)));
        }
        if !keys.insert(k.to_lowercase()) {
            problems.push("key repeated (tag keys are case-insensitive)".into());
        }
        if t.values.len() != 1 {
            problems.push(format!(
                "{} values (session tags take exactly one)",
                t.values.len()
            ));
        }
        for v in &t.values {
            let vl = v.chars().count();
            if vl > 256 {
                problems.push(format!("value is {vl} characters (at most 256)"));
            }
            if has_aws_prefix(v) {
                problems.push("value begins with aws:".into());
            }
            if let Some(c) = tag_chars_ok(v) {
                problems.push(format!("value contains {}", char_name(c)));
            }
        }
        if !problems.is_empty() {
            ok = false;
            let f = Finding::new(
                &STS_PRINCIPAL_TAG,
                format!("session tag {k}: {}", problems.join("; ")),
            )
            .evidence(m.ev(t.node, t.values.join(" | ")));
            m.push(f);
        }
    }
    if ok && !tags.is_empty() {
        m.push(Finding::pass(
            &STS_PRINCIPAL_TAG,
            format!(
                "{} session tags are valid (the trust policy needs sts:TagSession)",
                tags.len()
            ),
        ));
    }
    if let Some((_, vals)) = single(m, TRANSITIVE) {
        let mut tok = true;
        for (n, v) in vals {
            if !keys.contains(&v.trim().to_lowercase()) {
                tok = false;
                let f = Finding::new(
                    &STS_TRANSITIVE_TAGS,
                    format!("TransitiveTagKeys lists \"{v}\" but no PrincipalTag:{v} is sent"),
                )
                .evidence(m.ev(n, v.clone()));
                m.push(f);
            }
        }
        if tok {
            m.push(Finding::pass(
                &STS_TRANSITIVE_TAGS,
                "every transitive key names a session tag",
            ));
        }
    }
}

fn recipient(m: &mut Msg<'_>) {
    let scs = m.subject_confirmations();
    let mut ok = true;
    if scs.len() > 1 {
        ok = false;
        let f = Finding::new(
            &STS_RECIPIENT,
            format!(
                "{} SubjectConfirmation elements; AWS requires exactly one",
                scs.len()
            ),
        )
        .evidence(m.ev(scs[1], scs.len().to_string()));
        m.push(f);
    }
    let mut vals: Vec<(usize, &str, String)> = m
        .recipients()
        .into_iter()
        .map(|(n, r)| (n, "Recipient", r))
        .collect();
    if let Some(d) = m.destination() {
        vals.push((m.root, "Destination", d));
    }
    for (n, what, v) in vals {
        if !is_sts_endpoint(&v) {
            ok = false;
            let hint = if v.trim_end_matches('/') != v && is_sts_endpoint(v.trim_end_matches('/')) {
                " (remove the trailing slash)"
            } else {
                ""
            };
            let f = Finding::new(&STS_RECIPIENT, format!("{what} \"{v}\" is not an AWS sign-in endpoint (https://signin.aws.amazon.com/saml or https://<region>.signin.aws.amazon.com/saml){hint}")).evidence(m.ev(n, v.clone()));
            m.push(f);
        }
    }
    if ok {
        m.push(Finding::pass(
            &STS_RECIPIENT,
            "Recipient is an AWS sign-in endpoint",
        ));
    }
}

fn audience(m: &mut Msg<'_>) {
    let auds = m.audiences();
    if auds.is_empty() {
        return;
    }
    if auds
        .iter()
        .any(|(_, a)| a == "urn:amazon:webservices" || is_sts_endpoint(a))
    {
        m.push(Finding::pass(
            &STS_AUDIENCE,
            "Audience is urn:amazon:webservices or an AWS sign-in endpoint",
        ));
    } else {
        let (n, v) = auds[0].clone();
        let f = Finding::new(
            &STS_AUDIENCE,
            format!("Audience \"{v}\" is not urn:amazon:webservices"),
        )
        .evidence(m.ev(n, v));
        m.push(f);
    }
}

const STS_FORMATS: [&str; 8] = [
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
];

fn nameid(m: &mut Msg<'_>) {
    let Some(n) = m.nameid() else {
        let at = m.assertion.unwrap_or(m.root);
        let f = Finding::new(&STS_NAMEID, "no Subject/NameID: AWS fails with \"Not authorized to perform sts:AssumeRoleWithSAML\"").evidence(m.ev(at, ""));
        m.push(f);
        return;
    };
    let fmt = m
        .doc
        .node(n)
        .attr("Format")
        .unwrap_or("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
        .to_string();
    if STS_FORMATS.contains(&fmt.as_str()) && !m.doc.text(n).trim().is_empty() {
        m.push(Finding::pass(
            &STS_NAMEID,
            format!("NameID present with format {fmt}"),
        ));
    } else {
        let f = Finding::new(
            &STS_NAMEID,
            format!("NameID is empty or its Format {fmt} is not one AWS accepts"),
        )
        .evidence(m.ev(n, fmt));
        m.push(f);
    }
}

fn size(m: &mut Msg<'_>) {
    let b64 = m
        .dec
        .base64_len
        .unwrap_or_else(|| m.dec.xml.len().div_ceil(3) * 4);
    if b64 > 100_000 {
        let f = Finding::new(&STS_SIZE, format!("the base64 response is {b64} characters; AssumeRoleWithSAML accepts at most 100,000"))
            .evidence(Evidence::new(format!("{b64} characters"), "whole response (base64)"));
        m.push(f);
    } else {
        m.push(Finding::pass(
            &STS_SIZE,
            format!("the base64 response is {b64} characters (limit 100,000)"),
        ));
    }
}
