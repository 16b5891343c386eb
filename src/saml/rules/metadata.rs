//! Cross-checks against the metadata the administrator gave: the IdP's (entityID vs Issuer,
//! signing certificates' expiry, NameIDFormat, WantAuthnRequestsSigned) and, in the `app` flow, the
//! application's SP metadata (ACS URL, entity ID vs Audience, NameID format, WantAssertionsSigned).

use super::super::checks::*;
use super::super::dsig::keys::SpFacts;
use super::super::dsig::verify::DocCheck;
use super::super::model::Msg;
use super::super::{ns, Flow};
use crate::finding::{Finding, Severity};

pub fn run(m: &mut Msg<'_>, dc: &DocCheck) {
    let doc = m.doc;
    let trusted = &m.ctx.trusted;
    let now = m.ctx.now_ms;
    let issuer = m
        .assertion
        .and_then(|a| doc.child_ns(a, ns::SAML, "Issuer"))
        .or_else(|| doc.child_ns(m.root, ns::SAML, "Issuer"));
    if !trusted.idp_entity_ids.is_empty() && m.flow != Flow::App {
        if let Some(i) = issuer {
            let v = doc.text(i).trim().to_string();
            if trusted.idp_entity_ids.contains(&v) {
                m.push(Finding::pass(
                    &SAML_METADATA_ENTITY_ID,
                    format!("the Issuer equals the metadata's entityID {v}"),
                ));
            } else {
                let f = Finding::new(
                    &SAML_METADATA_ENTITY_ID,
                    format!(
                        "the Issuer \"{v}\" differs from the metadata's entityID \"{}\"",
                        trusted.idp_entity_ids.join("\" / \"")
                    ),
                )
                .evidence(m.ev(i, v.clone()));
                m.push(f);
            }
        }
        for c in &trusted.certs {
            let days = (c.not_after_ms - now).div_euclid(86_400_000);
            if days < 0 {
                m.push(
                    Finding::new(
                        &SAML_METADATA_CERT_EXPIRY,
                        format!(
                            "the metadata's signing certificate {} ({}) expired {} days ago",
                            c.sha256, c.subject, -days
                        ),
                    )
                    .severity(Severity::Error),
                );
            } else if days <= 90 {
                m.push(Finding::new(
                    &SAML_METADATA_CERT_EXPIRY,
                    format!(
                        "the metadata's signing certificate {} ({}) expires in {days} days",
                        c.sha256, c.subject
                    ),
                ));
            }
        }
        if !trusted.idp_nameid_formats.is_empty() {
            let accepted = ["unspecified", "emailAddress", "persistent", "transient"];
            let ok = trusted
                .idp_nameid_formats
                .iter()
                .any(|f| accepted.iter().any(|a| f.ends_with(a)));
            let f = Finding::new(
                &SAML_METADATA_NAMEID_FORMAT,
                format!(
                    "the IdP metadata lists NameIDFormat {}{}",
                    trusted.idp_nameid_formats.join(", "),
                    if ok { "" } else { "; none is a format Identity Center matches to a user name (unspecified, emailAddress, persistent, transient) (best knowledge)" }
                ),
            )
            .severity(if ok { Severity::Pass } else { Severity::Warning });
            m.push(f);
        }
        if trusted.want_authn_requests_signed == Some(true) && doc.root().name == "AuthnRequest" {
            let signed = !doc
                .children_ns(m.root, ns::DSIG, "Signature")
                .collect::<Vec<_>>()
                .is_empty()
                || m.dec.redirect.is_some();
            if !signed {
                m.push(Finding::new(&SAML_METADATA_AUTHN_SIGNED, "the IdP metadata says WantAuthnRequestsSigned=\"true\" but this AuthnRequest is not signed; the IdP will reject it (best knowledge)").severity(Severity::Warning));
            }
        }
    }
    if m.flow == Flow::App {
        if let Some(sp) = trusted.sp.clone() {
            app_checks(m, &sp, dc);
        }
    }
}

fn app_checks(m: &mut Msg<'_>, sp: &SpFacts, dc: &DocCheck) {
    let doc = m.doc;
    if !sp.acs_urls.is_empty() {
        let mut targets: Vec<(usize, String)> = m.recipients();
        if let Some(d) = m.destination() {
            targets.push((m.root, d));
        }
        let mut ok = true;
        for (n, url) in targets {
            if !sp.acs_urls.contains(&url) {
                ok = false;
                let f = Finding::new(&SAML_APP_ACS, format!("{url} is not an AssertionConsumerService of the application's SP metadata ({})", sp.acs_urls.join(", "))).evidence(m.ev(n, url.clone()));
                m.push(f);
            }
        }
        if ok {
            m.push(Finding::pass(
                &SAML_APP_ACS,
                "Destination and Recipient are the application's ACS URL",
            ));
        }
    }
    let auds = m.audiences();
    if !sp.entity_id.is_empty() {
        if auds.iter().any(|(_, a)| *a == sp.entity_id) {
            m.push(Finding::pass(
                &SAML_APP_AUDIENCE,
                format!(
                    "the Audience is the application's entityID {}",
                    sp.entity_id
                ),
            ));
        } else {
            let at = auds.first().map(|(n, _)| *n).unwrap_or(m.root);
            let f = Finding::new(
                &SAML_APP_AUDIENCE,
                format!(
                    "the Audience ({}) is not the application's entityID {}",
                    auds.iter()
                        .map(|(_, a)| a.clone())
                        .collect::<Vec<_>>()
                        .join(", "),
                    sp.entity_id
                ),
            )
            .evidence(m.ev(at, sp.entity_id.clone()));
            m.push(f);
        }
    }
    if !sp.nameid_formats.is_empty() {
        if let Some(n) = m.nameid() {
            let fmt = doc
                .node(n)
                .attr("Format")
                .unwrap_or("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified")
                .to_string();
            if sp.nameid_formats.contains(&fmt) {
                m.push(Finding::pass(
                    &SAML_APP_NAMEID_FORMAT,
                    format!("NameID format {fmt} is listed by the application"),
                ));
            } else {
                let f = Finding::new(&SAML_APP_NAMEID_FORMAT, format!("NameID format {fmt} is not among the application's NameIDFormat values ({})", sp.nameid_formats.join(", "))).evidence(m.ev(n, fmt.clone()));
                m.push(f);
            }
        }
    }
    if sp.want_assertions_signed == Some(true) {
        if let Some(a) = m.assertion {
            let signed = dc
                .signatures
                .iter()
                .any(|s| s.verified() && s.covered().contains(&a));
            if signed {
                m.push(Finding::pass(
                    &SAML_APP_ASSERTIONS_SIGNED,
                    "the Assertion carries its own verified signature, as the application wants",
                ));
            } else {
                let f = Finding::new(&SAML_APP_ASSERTIONS_SIGNED, "the application's metadata says WantAssertionsSigned=\"true\" but the Assertion carries no verified signature of its own").evidence(m.ev(a, ""));
                m.push(f);
            }
        }
    }
}
