//! The rules, grouped by who accepts the message: SAML 2.0 (`saml`), Identity Center (`idc`) and
//! AWS accounts (`sts`). Also the encrypted-assertion and certificate checks.

pub mod dsig;
pub mod idc;
pub mod metadata;
pub mod roundtrip;
pub mod saml;
pub mod sts;

use std::collections::HashSet;

use super::cert::{parse_cert, CertInfo};
use super::checks::*;
use super::model::Msg;
use super::ns;
use super::Flow;
use crate::finding::{Finding, Severity};

/// Whether a key starts with the reserved `aws:` prefix, in any ASCII case ("AWS:", "Aws:").
fn has_aws_prefix(s: &str) -> bool {
    s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("aws:"))
}

pub fn run(m: &mut Msg<'_>) -> Vec<CertInfo> {
    encrypted(m);
    saml::run(m);
    roundtrip::run(m);
    let mut reports = dsig::run(m);
    if let Some(rs) = m.dec.redirect.clone() {
        reports.push(dsig::run_redirect(m, &rs));
    }
    m.signature_reports = reports;
    let certs = certs(m);
    match m.flow {
        Flow::Idc => idc::run(m),
        Flow::Sts => sts::run(m),
        Flow::App | Flow::Generic => {}
    }
    m.finish();
    certs
}

fn encrypted(m: &mut Msg<'_>) {
    let doc = m.doc;
    let mut found = false;
    // One pass over the document (document order).
    let els: Vec<usize> = doc
        .subtree(m.root)
        .filter(|i| {
            let n = doc.node(*i);
            n.ns == ns::SAML
                && matches!(
                    n.name.as_str(),
                    "EncryptedAssertion" | "EncryptedID" | "EncryptedAttribute"
                )
        })
        .collect();
    for n in els {
        found = true;
        let el = doc.node(n).name.to_string();
        let sev = if m.flow == Flow::Idc {
            Severity::Error
        } else {
            Severity::Warning
        };
        let f = Finding::new(&SAML_ENCRYPTED, format!("the message contains an {el}; Identity Center does not accept encrypted assertions, and its contents (NameID, attributes, conditions, inner signature) cannot be checked here"))
            .severity(sev)
            .evidence(m.ev(n, el));
        m.push(f);
    }
    if !found && m.root_is("Response") {
        m.push(Finding::pass(
            &SAML_ENCRYPTED,
            "the assertion is not encrypted",
        ));
    }
}

/// The certificates embedded in the signatures' `KeyInfo/X509Data`, de-duplicated by fingerprint.
fn certs(m: &mut Msg<'_>) -> Vec<CertInfo> {
    let doc = m.doc;
    let mut out: Vec<CertInfo> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut exp_ok = true;
    let mut key_ok = true;
    let nodes: Vec<usize> = m
        .sigs
        .iter()
        .filter_map(|s| doc.child_ns(s.node, ns::DSIG, "KeyInfo"))
        .flat_map(|ki| {
            doc.children_ns(ki, ns::DSIG, "X509Data")
                .collect::<Vec<_>>()
        })
        .flat_map(|xd| {
            doc.children_ns(xd, ns::DSIG, "X509Certificate")
                .collect::<Vec<_>>()
        })
        .collect();
    for c in nodes {
        let text = doc.text(c);
        match parse_cert(&text, m.ctx.now_ms, doc.node(c).pretty_line) {
            Ok(ci) => {
                if !seen.insert(ci.sha256_fingerprint.clone()) {
                    continue;
                }
                match ci.expiry {
                    Severity::Error => {
                        exp_ok = false;
                        let f = Finding::new(&SAML_CERT_EXPIRY, format!("the signing certificate ({}) expired on {} ({} days before the reference time)", ci.subject, ci.not_after, -ci.days_left))
                            .severity(ci.expiry)
                            .evidence(m.ev(c, ci.sha256_fingerprint.clone()));
                        m.push(f);
                    }
                    Severity::Warning => {
                        exp_ok = false;
                        let f = Finding::new(
                            &SAML_CERT_EXPIRY,
                            format!(
                                "the signing certificate ({}) expires on {}, in {} days (warning from {} days)",
                                ci.subject, ci.not_after, ci.days_left, super::cert::EXPIRY_WARN_DAYS
                            ),
                        )
                        .severity(ci.expiry)
                        .evidence(m.ev(c, ci.sha256_fingerprint.clone()));
                        m.push(f);
                    }
                    _ => {}
                }
                match ci.rsa_bits {
                    Some(b) if b < 1024 => {
                        key_ok = false;
                        let f = Finding::new(&SAML_CERT_KEY, format!("the certificate has a {b}-bit RSA key; IAM refuses keys under 1024 bits (\"Could not parse metadata.\")"))
                            .severity(Severity::Error)
                            .evidence(m.ev(c, ci.key.clone()));
                        m.push(f);
                    }
                    Some(b) if b < 2048 => {
                        key_ok = false;
                        let f = Finding::new(&SAML_CERT_KEY, format!("the certificate has a {b}-bit RSA key; 2048 bits or more is recommended")).evidence(m.ev(c, ci.key.clone()));
                        m.push(f);
                    }
                    _ => {}
                }
                out.push(ci);
            }
            Err(e) => {
                key_ok = false;
                let f = Finding::new(
                    &SAML_CERT_KEY,
                    format!("the embedded certificate cannot be read: {e}"),
                )
                .evidence(m.ev(c, crate::report::one_line(&text, 60)));
                m.push(f);
            }
        }
    }
    if !out.is_empty() {
        if exp_ok {
            let min = out.iter().map(|c| c.days_left).min().unwrap_or(0);
            m.push(Finding::pass(
                &SAML_CERT_EXPIRY,
                format!("the signing certificate is valid for {min} more days"),
            ));
        }
        if key_ok {
            m.push(Finding::pass(
                &SAML_CERT_KEY,
                format!(
                    "key: {}",
                    out.iter()
                        .map(|c| c.key.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    out
}

/// What AWS does with an attribute, for the attribute table.
pub fn meaning(name: &str, flow: Flow) -> String {
    use sts::*;
    if name == ROLE {
        return "AWS account: role-ARN,provider-ARN pairs the user may assume (several → role picker)".into();
    }
    if name == SESSION_NAME {
        return "AWS account: the role session name shown in CloudTrail (2–64 characters)".into();
    }
    if name == SESSION_DURATION {
        return "AWS account: console session length in seconds (900–43200)".into();
    }
    if name == SOURCE_IDENTITY {
        return "AWS account: source identity recorded in CloudTrail and passed on through role chaining".into();
    }
    if let Some(k) = name.strip_prefix(PRINCIPAL_TAG) {
        return format!(
            "AWS account: session tag \"{k}\" (usable as aws:PrincipalTag/{k} in policies)"
        );
    }
    if name == TRANSITIVE {
        return "AWS account: session tags that persist through role chaining".into();
    }
    if let Some(k) = name.strip_prefix(idc::ABAC_PREFIX) {
        return format!("Identity Center: attribute for access control; becomes session tag \"{k}\" when ABAC is enabled");
    }
    if name.starts_with(ATTR) {
        return "Not a documented AWS SAML attribute name (check spelling and case)".into();
    }
    match flow {
        Flow::Idc => {
            "Ignored by Identity Center (only NameID and AccessControl:* attributes are used)"
                .into()
        }
        Flow::Sts => {
            "Ignored by AWS (not a https://aws.amazon.com/SAML/Attributes/ attribute)".into()
        }
        Flow::App => "Passed to the application as configured in its attribute mappings".into(),
        Flow::Generic => "Application-specific".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn aws_prefix_ignores_ascii_case_only() {
        use super::has_aws_prefix;
        assert!(has_aws_prefix("AWS:PrincipalTag") && has_aws_prefix("aWs:x"));
        assert!(!has_aws_prefix("aw") && !has_aws_prefix("") && !has_aws_prefix("awś:x"));
    }
}
