//! The test sign-in's round trip (`saml.in-response-to`, `saml.relay-state.roundtrip`): does this
//! message answer the AuthnRequest this page (or the administrator, on the command line) sent, and did
//! its RelayState come back unchanged? Both run only when the context says what was sent
//! ([`crate::saml::Sent`]), so pasted messages without that context get no finding from them.

use super::super::checks::{SAML_IN_RESPONSE_TO, SAML_RELAY_STATE_ROUNDTRIP};
use super::super::model::{Msg, SKEW_MS};
use crate::finding::{Evidence, Finding, Severity};
use crate::report::one_line;
use crate::time::{format_rfc3339, parse_rfc3339};

pub fn run(m: &mut Msg<'_>) {
    in_response_to(m);
    relay_state(m);
}

fn in_response_to(m: &mut Msg<'_>) {
    let Some(expected) = m.ctx.sent.request_id.clone() else {
        return;
    };
    if !m.is_response() {
        return;
    }
    let root_irt = m.doc.root().attr("InResponseTo").map(str::to_string);
    let scd: Vec<(usize, Option<String>)> = m
        .subject_confirmations()
        .into_iter()
        .filter_map(|sc| m.saml_child(sc, "SubjectConfirmationData"))
        .map(|d| (d, m.doc.node(d).attr("InResponseTo").map(str::to_string)))
        .collect();
    let mut ok = true;
    match &root_irt {
        None => {
            ok = false;
            let f = Finding::new(
                &SAML_IN_RESPONSE_TO,
                format!(
                    "the Response has no InResponseTo: it is an unsolicited (IdP-initiated) response, not the answer to this page's AuthnRequest {expected}"
                ),
            )
            .severity(Severity::Warning)
            .evidence(m.ev(m.root, ""));
            m.push(f);
        }
        Some(v) if *v != expected => {
            ok = false;
            let f = Finding::new(
                &SAML_IN_RESPONSE_TO,
                format!(
                    "the Response answers another AuthnRequest: InResponseTo is {v}, this page sent {expected}"
                ),
            )
            .evidence(m.ev(m.root, v.clone()));
            m.push(f);
        }
        Some(_) => {}
    }
    for (node, v) in &scd {
        match v {
            Some(v) if *v != expected => {
                ok = false;
                let f = Finding::new(
                    &SAML_IN_RESPONSE_TO,
                    format!(
                        "SubjectConfirmationData has InResponseTo {v}, but this page sent AuthnRequest {expected}"
                    ),
                )
                .evidence(m.ev(*node, v.clone()));
                m.push(f);
            }
            None if root_irt.is_some() => {
                ok = false;
                let f = Finding::new(
                    &SAML_IN_RESPONSE_TO,
                    "SubjectConfirmationData has no InResponseTo although the Response answers a request (profiles §4.1.4.2 asks for it in SP-initiated sign-ins)",
                )
                .severity(Severity::Warning)
                .evidence(m.ev(*node, ""));
                m.push(f);
            }
            _ => {}
        }
    }
    if let Some(sent) = m.ctx.sent.request_time_ms {
        let issued = m.doc.root().attr("IssueInstant").map(str::to_string);
        if let Some(t) = issued.as_deref().and_then(|t| parse_rfc3339(t).ok()) {
            if t < sent - SKEW_MS {
                ok = false;
                let f = Finding::new(
                    &SAML_IN_RESPONSE_TO,
                    format!(
                        "the Response was issued at {} but this page sent its AuthnRequest at {}: it cannot be the answer to it (an older response, or a replay)",
                        issued.as_deref().unwrap_or(""),
                        format_rfc3339(sent)
                    ),
                )
                .evidence(m.ev(m.root, issued.clone().unwrap_or_default()));
                m.push(f);
            }
        }
    }
    if ok {
        m.push(Finding::pass(
            &SAML_IN_RESPONSE_TO,
            format!(
                "the Response answers this page's AuthnRequest {expected} (InResponseTo matches)"
            ),
        ));
    }
}

fn relay_state(m: &mut Msg<'_>) {
    let Some(expected) = m.ctx.sent.relay_state.clone() else {
        return;
    };
    match m.dec.relay_state.clone() {
        None => {
            let f = Finding::new(
                &SAML_RELAY_STATE_ROUNDTRIP,
                "no RelayState came back with the message, but one was sent with the AuthnRequest",
            )
            .evidence(Evidence::new("", "RelayState parameter (absent)"));
            m.push(f);
        }
        Some(got) if got != expected => {
            let f = Finding::new(
                &SAML_RELAY_STATE_ROUNDTRIP,
                format!(
                    "RelayState came back changed: sent \"{}\", received \"{}\"",
                    one_line(&expected, 80),
                    one_line(&got, 80)
                ),
            )
            .evidence(Evidence::new(one_line(&got, 100), "RelayState parameter"));
            m.push(f);
        }
        Some(_) => m.push(Finding::pass(
            &SAML_RELAY_STATE_ROUNDTRIP,
            "RelayState came back unchanged",
        )),
    }
}
