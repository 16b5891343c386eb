//! Which rules apply: external IdP → Identity Center (`idc`), → AWS account (`sts`), Identity Center →
//! application (`app`), or `generic`. Decided from Destination / Recipient / Audience / Issuer.

use super::model::Msg;
use super::Flow;

/// `us-east-1`, `us-gov-west-1`, `eu-central-1` ...
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let ok_alpha = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    match parts.as_slice() {
        [a, b, n] => {
            a.len() == 2
                && ok_alpha(a)
                && ok_alpha(b)
                && n.len() == 1
                && n.bytes().all(|c| c.is_ascii_digit())
        }
        [a, "gov", b, n] | [a, "iso", b, n] | [a, "isob", b, n] => {
            a.len() == 2
                && ok_alpha(a)
                && ok_alpha(b)
                && n.len() == 1
                && n.bytes().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Splits an Identity Center URL into (region, path) when the host is `<region>.signin.aws.amazon.com`.
pub fn idc_host(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_at(rest.find('/')?);
    let region = host.strip_suffix(".signin.aws.amazon.com")?;
    Some((region, path))
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// `https://<region>.signin.aws.amazon.com/platform/saml/acs/<uuid>` (shape seen in consoles; best knowledge).
pub fn is_idc_acs(url: &str) -> bool {
    idc_host(url).is_some_and(|(r, p)| {
        is_region(r) && p.strip_prefix("/platform/saml/acs/").is_some_and(is_uuid)
    })
}

/// `https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx`.
pub fn is_idc_audience(url: &str) -> bool {
    idc_host(url).is_some_and(|(r, p)| {
        is_region(r)
            && p.strip_prefix("/platform/saml/d-").is_some_and(|id| {
                (id.len() == 10
                    && id
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
                    || is_uuid(id)
            })
    })
}

/// Loosely an Identity Center URL (any path under /platform/saml/).
pub fn looks_idc(url: &str) -> bool {
    url.contains("signin.aws.amazon.com/platform/saml")
}

/// The AWS account sign-in endpoints (IAM-UG; GovCloud best knowledge).
pub fn is_sts_endpoint(url: &str) -> bool {
    matches!(
        url,
        "https://signin.aws.amazon.com/saml"
            | "https://signin.aws.amazon.com/static/saml"
            | "https://signin.amazonaws.cn/saml"
            | "https://signin.amazonaws-us-gov.com/saml"
    ) || url
        .strip_prefix("https://")
        .and_then(|r| r.strip_suffix(".signin.aws.amazon.com/saml"))
        .is_some_and(is_region)
}

pub fn looks_sts(url: &str) -> bool {
    is_sts_endpoint(url)
        || (url.contains("signin.aws.amazon.com") && url.trim_end_matches('/').ends_with("/saml"))
        || url == "urn:amazon:webservices"
}

/// Identity Center acting as identity provider: `https://portal.sso.<region>.amazonaws.com/saml/assertion/...`.
pub fn is_idc_issuer(url: &str) -> bool {
    url.strip_prefix("https://portal.sso.")
        .is_some_and(|r| r.contains(".amazonaws.com/saml"))
}

pub fn detect(m: &Msg<'_>) -> (Flow, String) {
    if let Some(f) = m.ctx.flow {
        return (f, "chosen explicitly".into());
    }
    let dest = m.destination();
    let recips: Vec<String> = m.recipients().into_iter().map(|(_, r)| r).collect();
    let auds: Vec<String> = m.audiences().into_iter().map(|(_, a)| a).collect();
    if let Some(acs) = &m.ctx.acs_url {
        if looks_idc(acs) && (dest.as_deref() == Some(acs) || recips.iter().any(|r| r == acs)) {
            return (
                Flow::Idc,
                "Destination/Recipient equals the Identity Center ACS URL you gave".into(),
            );
        }
    }
    for (what, v) in dest
        .iter()
        .map(|d| ("Destination", d))
        .chain(recips.iter().map(|r| ("Recipient", r)))
    {
        if looks_idc(v) {
            return (Flow::Idc, format!("{what} matches the Identity Center ACS URL shape (…signin.aws.amazon.com/platform/saml/acs/…)"));
        }
    }
    for (what, v) in dest
        .iter()
        .map(|d| ("Destination", d))
        .chain(recips.iter().map(|r| ("Recipient", r)))
    {
        if looks_sts(v) {
            return (
                Flow::Sts,
                format!("{what} is the AWS account sign-in endpoint ({v})"),
            );
        }
    }
    if let Some(a) = auds.iter().find(|a| looks_idc(a)) {
        return (
            Flow::Idc,
            format!("Audience matches the Identity Center issuer URL shape ({a})"),
        );
    }
    if let Some(a) = auds.iter().find(|a| looks_sts(a)) {
        return (Flow::Sts, format!("Audience is AWS ({a})"));
    }
    if !m
        .attr_named("https://aws.amazon.com/SAML/Attributes/Role")
        .is_empty()
    {
        return (
            Flow::Sts,
            "the assertion carries the AWS Role attribute".into(),
        );
    }
    let issuer = m
        .assertion
        .and_then(|a| m.saml_child(a, "Issuer"))
        .or_else(|| m.saml_child(m.root, "Issuer"))
        .map(|i| m.doc.text(i).trim().to_string())
        .unwrap_or_default();
    if is_idc_issuer(&issuer) {
        return (Flow::App, format!("Issuer is Identity Center ({issuer}) and the recipient is not AWS: an assertion to a SAML application"));
    }
    (Flow::Generic, "no AWS endpoint in Destination, Recipient or Audience; only SAML 2.0 rules apply (choose a flow to apply AWS rules)".into())
}
