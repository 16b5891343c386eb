//! SAML 2.0 rules (`saml.*`) that apply to every flow.

use super::super::checks::*;
use super::super::model::{Msg, SKEW_MS};
use super::super::ns;
use super::super::xml::Kind;
use super::super::Flow;
use crate::finding::{Finding, Severity};
use crate::time::{format_rfc3339, human_duration, parse_rfc3339};

const STATUS_PREFIX: &str = "urn:oasis:names:tc:SAML:2.0:status:";

fn status_meaning(code: &str) -> &'static str {
    match code.strip_prefix(STATUS_PREFIX).unwrap_or(code) {
        "Success" => "the request succeeded",
        "Requester" => "the request could not be performed due to an error on the part of the requester (the service provider's request was refused)",
        "Responder" => "the request could not be performed due to an error on the part of the SAML responder (the identity provider)",
        "VersionMismatch" => "the SAML version of the request was not accepted",
        "AuthnFailed" => "the identity provider was unable to authenticate the user",
        "InvalidAttrNameOrValue" => "an unexpected or invalid attribute name or value was used",
        "InvalidNameIDPolicy" => "the identity provider cannot or will not support the requested NameID policy (format)",
        "NoAuthnContext" => "the requested authentication context (e.g. MFA strength) cannot be met",
        "NoAvailableIDP" => "no available identity provider (proxying)",
        "NoPassive" => "the user cannot be authenticated passively as requested (they must interact)",
        "NoSupportedIDP" => "none of the supported identity providers can be used (proxying)",
        "PartialLogout" => "logout was not propagated to all sessions",
        "ProxyCountExceeded" => "the request could not be proxied further",
        "RequestDenied" => "the identity provider chose not to respond (for example the user is not assigned to the application)",
        "RequestUnsupported" => "the request is not supported",
        "RequestVersionDeprecated" => "the request's SAML version is deprecated",
        "RequestVersionTooHigh" => "the request's SAML version is too high",
        "RequestVersionTooLow" => "the request's SAML version is too low",
        "ResourceNotRecognized" => "the resource in the request is not recognised",
        "TooManyResponses" => "too many responses were requested",
        "UnknownAttrProfile" => "an unknown attribute profile was requested",
        "UnknownPrincipal" => "the user is not known to the identity provider",
        "UnsupportedBinding" => "the requested binding is not supported",
        _ => "not a status code defined by SAML 2.0",
    }
}

/// xs:NCName (simplified to ASCII plus any non-ASCII letter).
pub fn is_ncname(s: &str) -> bool {
    let mut ch = s.chars();
    match ch.next() {
        Some(c) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    ch.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

pub fn run(m: &mut Msg<'_>) {
    version(m);
    status(m);
    issuer(m);
    destination(m);
    assertion_count(m);
    ids(m);
    times(m);
    subject_confirmation(m);
    audience(m);
    signatures(m);
    nameid_comment(m);
    relay_state(m);
}

pub fn version(m: &mut Msg<'_>) {
    let doc = m.doc;
    let mut targets = vec![m.root];
    targets.extend(m.assertions.iter().copied().filter(|a| *a != m.root));
    let mut bad = false;
    for t in targets {
        let n = doc.node(t);
        match n.attr("Version") {
            Some("2.0") => {}
            Some(v) => {
                bad = true;
                let f = Finding::new(
                    &SAML_VERSION,
                    format!(
                        "<{}> has Version=\"{v}\"; AWS accepts SAML 2.0 only",
                        n.name
                    ),
                )
                .evidence(m.ev(t, v));
                m.push(f);
            }
            None => {
                bad = true;
                let extra = if n.attr("MajorVersion").is_some() {
                    " (it has MajorVersion: this is SAML 1.x)"
                } else {
                    ""
                };
                let f = Finding::new(
                    &SAML_VERSION,
                    format!("<{}> has no Version attribute{extra}", n.name),
                )
                .evidence(m.ev(t, ""));
                m.push(f);
            }
        }
    }
    if !bad {
        m.push(Finding::pass(&SAML_VERSION, "Version is 2.0"));
    }
}

fn status(m: &mut Msg<'_>) {
    if !(m.root_is("Response") || m.root_is("LogoutResponse") || m.root_is("ArtifactResponse")) {
        return;
    }
    let doc = m.doc;
    let Some(st) = doc.child_ns(m.root, ns::SAMLP, "Status") else {
        let f = Finding::new(
            &SAML_STATUS,
            "the response has no <Status> element (it is required)",
        )
        .evidence(m.ev(m.root, ""));
        m.push(f);
        return;
    };
    let Some(top) = doc.child_ns(st, ns::SAMLP, "StatusCode") else {
        let f = Finding::new(&SAML_STATUS, "<Status> has no <StatusCode>").evidence(m.ev(st, ""));
        m.push(f);
        return;
    };
    let code = doc.node(top).attr("Value").unwrap_or("").to_string();
    let second = doc
        .child_ns(top, ns::SAMLP, "StatusCode")
        .map(|s| (s, doc.node(s).attr("Value").unwrap_or("").to_string()));
    let msg = doc
        .child_ns(st, ns::SAMLP, "StatusMessage")
        .map(|s| doc.text(s).trim().to_string());
    let short = code
        .strip_prefix(STATUS_PREFIX)
        .unwrap_or(&code)
        .to_string();
    let allowed_top = ["Success", "Requester", "Responder", "VersionMismatch"];
    if code == format!("{STATUS_PREFIX}Success") {
        if let Some((s, v)) = second {
            let f = Finding::new(
                &SAML_STATUS,
                format!(
                    "top-level status is Success but a second-level code {v} is present ({})",
                    status_meaning(&v)
                ),
            )
            .severity(Severity::Info)
            .evidence(m.ev(s, v.clone()));
            m.push(f);
        } else {
            m.push(Finding::pass(&SAML_STATUS, "status is Success"));
        }
        return;
    }
    let mut text = if allowed_top.contains(&short.as_str()) && code.starts_with(STATUS_PREFIX) {
        format!("status is {short}: {}", status_meaning(&code))
    } else {
        format!("top-level StatusCode \"{code}\" is not one of Success, Requester, Responder, VersionMismatch (the only values allowed at top level)")
    };
    if let Some((_, v)) = &second {
        text.push_str(&format!(
            "; second-level code {}: {}",
            v.strip_prefix(STATUS_PREFIX).unwrap_or(v),
            status_meaning(v)
        ));
    }
    if let Some(sm) = &msg {
        text.push_str(&format!("; StatusMessage: \"{sm}\""));
    }
    let f = Finding::new(&SAML_STATUS, text).evidence(m.ev(top, code.clone()));
    m.push(f);
}

fn issuer(m: &mut Msg<'_>) {
    let doc = m.doc;
    let mut ok = true;
    let resp_issuer = doc
        .child_ns(m.root, ns::SAML, "Issuer")
        .map(|i| (i, doc.text(i).trim().to_string()));
    let mut first_value: Option<String> = resp_issuer.as_ref().map(|x| x.1.clone());
    let targets: Vec<usize> = if m.root_is("Response") {
        m.assertions.clone()
    } else {
        vec![m.root]
    };
    for a in targets {
        match doc.child_ns(a, ns::SAML, "Issuer") {
            None => {
                ok = false;
                let f = Finding::new(
                    &SAML_ISSUER,
                    format!("<{}> has no <Issuer>", doc.node(a).name),
                )
                .evidence(m.ev(a, ""));
                m.push(f);
            }
            Some(i) => {
                let v = doc.text(i).trim().to_string();
                let fmt = doc.node(i).attr("Format").unwrap_or("");
                if v.is_empty() {
                    ok = false;
                    let f = Finding::new(&SAML_ISSUER, "the Issuer is empty").evidence(m.ev(i, ""));
                    m.push(f);
                } else if !fmt.is_empty()
                    && fmt != "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
                {
                    ok = false;
                    let f = Finding::new(&SAML_ISSUER, format!("Issuer Format is {fmt}; it must be absent or urn:oasis:names:tc:SAML:2.0:nameid-format:entity"))
                        .severity(Severity::Warning)
                        .evidence(m.ev(i, fmt));
                    m.push(f);
                }
                if let Some((_, rv)) = &resp_issuer {
                    if !rv.is_empty() && !v.is_empty() && rv != &v {
                        ok = false;
                        let f = Finding::new(&SAML_ISSUER, format!("the Response Issuer \"{rv}\" differs from the Assertion Issuer \"{v}\""))
                            .evidence(m.ev(i, v.clone()));
                        m.push(f);
                    }
                }
                first_value.get_or_insert(v);
            }
        }
    }
    if ok {
        m.push(Finding::pass(
            &SAML_ISSUER,
            format!(
                "Issuer is {}",
                first_value.unwrap_or_else(|| "present".into())
            ),
        ));
    }
}

/// Elements that carry an XML-DSig Signature as a direct child.
pub fn signed_elements(m: &Msg<'_>) -> Vec<usize> {
    m.sigs.iter().map(|s| s.parent).collect()
}

fn destination(m: &mut Msg<'_>) {
    if !m.root_is("Response") {
        return;
    }
    let signed = m.sigs.iter().any(|s| s.parent == m.root);
    // With an expected ACS URL (outside the Identity Center flow, which has idc.acs), compare it.
    if m.flow != Flow::Idc {
        if let Some(want) = m.ctx.acs_url.clone() {
            let mut vals: Vec<(usize, &str, String)> = m
                .recipients()
                .into_iter()
                .map(|(n, r)| (n, "Recipient", r))
                .collect();
            if let Some(d) = m.destination() {
                vals.insert(0, (m.root, "Destination", d));
            }
            if let Some((n, what, v)) = vals.into_iter().find(|(_, _, v)| *v != want) {
                let f = Finding::new(
                    &SAML_DESTINATION,
                    format!("{what} \"{v}\" is not the expected ACS URL \"{want}\""),
                )
                .evidence(m.ev(n, v.clone()));
                m.push(f);
                return;
            }
        }
    }
    match m.destination() {
        None => {
            let (sev, why) = if signed {
                (
                    Severity::Error,
                    "the Response is signed, so Destination is required (bindings §3.5.5.2)",
                )
            } else {
                (
                    Severity::Warning,
                    "service providers compare it with their ACS URL",
                )
            };
            let f = Finding::new(
                &SAML_DESTINATION,
                format!("the Response has no Destination attribute; {why}"),
            )
            .severity(sev)
            .evidence(m.ev(m.root, ""));
            m.push(f);
        }
        Some(d) => {
            let recips = m.recipients();
            if let Some((n, r)) = recips.iter().find(|(_, r)| r != &d) {
                let f = Finding::new(&SAML_DESTINATION, format!("Destination \"{d}\" differs from the SubjectConfirmationData Recipient \"{r}\""))
                    .severity(Severity::Warning)
                    .evidence(m.ev(*n, r.clone()));
                m.push(f);
            } else {
                m.push(Finding::pass(
                    &SAML_DESTINATION,
                    format!("Destination is {d}"),
                ));
            }
        }
    }
}

fn assertion_count(m: &mut Msg<'_>) {
    if !m.root_is("Response") {
        return;
    }
    let doc = m.doc;
    let status_ok = doc
        .child_ns(m.root, ns::SAMLP, "Status")
        .and_then(|s| doc.child_ns(s, ns::SAMLP, "StatusCode"))
        .is_some_and(|c| {
            doc.node(c).attr("Value") == Some("urn:oasis:names:tc:SAML:2.0:status:Success")
        });
    let enc = doc
        .descendants_ns(m.root, ns::SAML, "EncryptedAssertion")
        .len();
    let n = m.assertions.len();
    let total = n + enc;
    let fake = m.foreign_named("Assertion");
    if total == 0 {
        if let Some(&x) = fake.first() {
            let f = Finding::new(&SAML_ASSERTION_COUNT, format!("the Response holds no SAML 2.0 Assertion: {} element(s) named Assertion are in another namespace ({}), so they are not SAML assertions (a consumer that matches by name alone would read them)", fake.len(), m.doc.node(x).ns))
                .evidence(m.ev(x, m.doc.node(x).qname()));
            m.push(f);
        } else if status_ok {
            let f = Finding::new(&SAML_ASSERTION_COUNT, "the Response holds no Assertion")
                .evidence(m.ev(m.root, "0"));
            m.push(f);
        }
        return;
    }
    if let Some(&x) = fake.first() {
        let f = Finding::new(&SAML_ASSERTION_COUNT, format!("besides the SAML 2.0 Assertion, {} element(s) named Assertion are in another namespace ({}): not SAML assertions, ignored here, but a consumer that matches by name alone would read them", fake.len(), m.doc.node(x).ns))
            .severity(Severity::Warning)
            .evidence(m.ev(x, m.doc.node(x).qname()));
        m.push(f);
    }
    let mut ok = true;
    if n > 1 {
        let a = m.assertion.unwrap_or(m.root);
        let f = Finding::new(
            &SAML_ASSERTION_COUNT,
            format!(
                "{} assertions: the checks read one; {}",
                n, m.assertion_reason
            ),
        )
        .severity(Severity::Info)
        .evidence(m.ev(a, doc.node(a).attr("ID").unwrap_or("").to_string()));
        m.push(f);
    }
    if total > 1 {
        ok = false;
        let sev = if m.flow == Flow::Idc {
            Severity::Error
        } else {
            Severity::Warning
        };
        let second = m.assertions.get(1).copied().unwrap_or(m.root);
        let f = Finding::new(&SAML_ASSERTION_COUNT, format!("the Response holds {total} assertions ({n} plain, {enc} encrypted); Identity Center accepts exactly one, and extra assertions are the signature-wrapping pattern"))
            .severity(sev)
            .evidence(m.ev(second, total.to_string()));
        m.push(f);
    }
    for a in m.assertions.clone() {
        if doc.node(a).parent != Some(m.root) {
            ok = false;
            let f = Finding::new(&SAML_ASSERTION_COUNT, format!("an Assertion is nested at {} instead of being a direct child of the Response (wrapping pattern; values might be read from an unsigned assertion)", doc.path(a)))
                .severity(Severity::Warning)
                .evidence(m.ev(a, doc.node(a).attr("ID").unwrap_or("").to_string()));
            m.push(f);
        }
    }
    if ok {
        m.push(Finding::pass(
            &SAML_ASSERTION_COUNT,
            "exactly one assertion",
        ));
    }
}

fn ids(m: &mut Msg<'_>) {
    let doc = m.doc;
    let mut ok = true;
    let mut targets = vec![m.root];
    targets.extend(m.assertions.iter().copied().filter(|a| *a != m.root));
    for t in targets {
        let n = doc.node(t);
        let protocol = n.ns == ns::SAMLP
            && matches!(
                n.name.as_str(),
                "Response" | "AuthnRequest" | "LogoutRequest" | "LogoutResponse"
            );
        if !(protocol || n.is_ns(ns::SAML, "Assertion")) {
            continue;
        }
        match n.attr("ID") {
            None => {
                ok = false;
                let f = Finding::new(&SAML_ID, format!("<{}> has no ID attribute", n.name))
                    .evidence(m.ev(t, ""));
                m.push(f);
            }
            Some(id) if !is_ncname(id) => {
                ok = false;
                let f = Finding::new(&SAML_ID, format!("ID \"{id}\" of <{}> is not a valid xs:ID (it must start with a letter or '_' and contain no ':' or spaces)", n.name))
                    .severity(Severity::Warning)
                    .evidence(m.ev(t, id));
                m.push(f);
            }
            _ => {}
        }
    }
    // Duplicate ID values anywhere in the document, from the index the parser built once.
    let mut dups: Vec<(&String, &Vec<usize>)> =
        doc.ids().iter().filter(|(_, v)| v.len() > 1).collect();
    dups.sort_by_key(|(_, v)| v.first().copied());
    for (id, els) in dups {
        let (Some(&first), Some(&second)) = (els.first(), els.get(1)) else {
            continue;
        };
        ok = false;
        let f = Finding::new(&SAML_ID, format!("the ID \"{id}\" appears {} (<{}> and <{}>{}): duplicated IDs are the signature-wrapping attack pattern", if els.len() == 2 { "twice".to_string() } else { format!("{} times", els.len()) }, doc.node(first).name, doc.node(second).name, if els.len() > 2 { ", ..." } else { "" }))
            .evidence(m.ev(second, id.clone()));
        m.push(f);
    }
    if ok {
        m.push(Finding::pass(&SAML_ID, "IDs are present, valid and unique"));
    }
}

fn time_attr(m: &mut Msg<'_>, n: usize, name: &str) -> Option<i64> {
    let v = m.doc.node(n).attr(name)?.to_string();
    match parse_rfc3339(&v) {
        Ok(t) => Some(t),
        Err(e) => {
            let f = Finding::new(
                &SAML_TIME_ISSUE_INSTANT,
                format!("{name} is not a valid UTC date-time: {e}"),
            )
            .evidence(m.ev(n, v));
            m.push(f);
            None
        }
    }
}

fn times(m: &mut Msg<'_>) {
    let now = m.ctx.now_ms;
    let doc = m.doc;
    let now_s = format_rfc3339(now);
    // IssueInstant
    let mut targets = vec![m.root];
    targets.extend(m.assertions.iter().copied().filter(|a| *a != m.root));
    let mut ii_ok = true;
    let mut any_ii = false;
    for t in targets {
        if doc.node(t).attr("IssueInstant").is_none() {
            if doc.node(t).attr("Version").is_some() {
                ii_ok = false;
                let f = Finding::new(
                    &SAML_TIME_ISSUE_INSTANT,
                    format!("<{}> has no IssueInstant (required)", doc.node(t).name),
                )
                .evidence(m.ev(t, ""));
                m.push(f);
            }
            continue;
        }
        any_ii = true;
        match time_attr(m, t, "IssueInstant") {
            None => ii_ok = false,
            Some(ts) => {
                let d = ts - now;
                if d.abs() > SKEW_MS {
                    ii_ok = false;
                    let dir = if d > 0 {
                        "in the future"
                    } else {
                        "in the past"
                    };
                    let f = Finding::new(&SAML_TIME_ISSUE_INSTANT, format!("IssueInstant of <{}> is {} {dir} relative to the reference time {now_s} (allowed skew about 5 min)", doc.node(t).name, human_duration(d)))
                        .evidence(m.ev(t, format_rfc3339(ts)));
                    m.push(f);
                }
            }
        }
    }
    if ii_ok && any_ii {
        m.push(Finding::pass(
            &SAML_TIME_ISSUE_INSTANT,
            format!("IssueInstant is within 5 minutes of {now_s}"),
        ));
    }
    // Validity windows.
    let Some(_) = m.assertion else { return };
    let mut windows: Vec<usize> = Vec::new();
    if let Some(c) = m.conditions() {
        windows.push(c);
    }
    for sc in m.subject_confirmations() {
        if let Some(d) = m.saml_child(sc, "SubjectConfirmationData") {
            windows.push(d);
        }
    }
    let (mut nb_ok, mut na_ok) = (true, true);
    for w in windows {
        if let Some(nb) = time_attr(m, w, "NotBefore") {
            if nb > now + SKEW_MS {
                nb_ok = false;
                let f = Finding::new(&SAML_TIME_NOT_YET_VALID, format!("{}/@NotBefore is {} after the reference time {now_s}: the assertion is not valid yet (identity provider clock ahead?)", doc.node(w).name, human_duration(nb - now)))
                    .evidence(m.ev(w, format_rfc3339(nb)));
                m.push(f);
            }
        }
        if let Some(na) = time_attr(m, w, "NotOnOrAfter") {
            if na <= now - SKEW_MS {
                na_ok = false;
                let f = Finding::new(&SAML_TIME_EXPIRED, format!("{}/@NotOnOrAfter passed {} before the reference time {now_s}: the assertion has expired", doc.node(w).name, human_duration(now - na)))
                    .evidence(m.ev(w, format_rfc3339(na)));
                m.push(f);
            }
        }
    }
    if nb_ok {
        m.push(Finding::pass(
            &SAML_TIME_NOT_YET_VALID,
            format!("already valid at {now_s}"),
        ));
    }
    if na_ok {
        m.push(Finding::pass(
            &SAML_TIME_EXPIRED,
            format!("not expired at {now_s}"),
        ));
    }
}

fn subject_confirmation(m: &mut Msg<'_>) {
    let Some(a) = m.assertion else { return };
    let doc = m.doc;
    let Some(subject) = m.saml_child(a, "Subject") else {
        let f = Finding::new(&SAML_SUBJECT_CONFIRMATION, "the Assertion has no <Subject>")
            .evidence(m.ev(a, ""));
        m.push(f);
        return;
    };
    let scs = m.subject_confirmations();
    let bearer: Vec<usize> = scs
        .iter()
        .copied()
        .filter(|sc| doc.node(*sc).attr("Method") == Some("urn:oasis:names:tc:SAML:2.0:cm:bearer"))
        .collect();
    let Some(&sc) = bearer.first() else {
        let method = scs
            .first()
            .and_then(|s| doc.node(*s).attr("Method"))
            .unwrap_or("none")
            .to_string();
        let f = Finding::new(&SAML_SUBJECT_CONFIRMATION, format!("no SubjectConfirmation with Method urn:oasis:names:tc:SAML:2.0:cm:bearer (found: {method})")).evidence(m.ev(scs.first().copied().unwrap_or(subject), method));
        m.push(f);
        return;
    };
    let mut ok = true;
    match m.saml_child(sc, "SubjectConfirmationData") {
        None => {
            ok = false;
            let f = Finding::new(&SAML_SUBJECT_CONFIRMATION, "the bearer SubjectConfirmation has no SubjectConfirmationData (Recipient and NotOnOrAfter are required)").evidence(m.ev(sc, ""));
            m.push(f);
        }
        Some(d) => {
            let n = doc.node(d);
            for req in ["Recipient", "NotOnOrAfter"] {
                if n.attr(req).is_none() {
                    ok = false;
                    let f = Finding::new(&SAML_SUBJECT_CONFIRMATION, format!("SubjectConfirmationData has no {req} attribute (required for bearer confirmation and by AWS)")).evidence(m.ev(d, ""));
                    m.push(f);
                }
            }
            if let Some(nb) = n.attr("NotBefore") {
                ok = false;
                let f = Finding::new(&SAML_SUBJECT_CONFIRMATION, "bearer SubjectConfirmationData has a NotBefore attribute, which the Web SSO profile forbids")
                    .severity(Severity::Warning)
                    .evidence(m.ev(d, nb));
                m.push(f);
            }
        }
    }
    if ok {
        m.push(Finding::pass(
            &SAML_SUBJECT_CONFIRMATION,
            "bearer SubjectConfirmation with Recipient and NotOnOrAfter",
        ));
    }
}

fn audience(m: &mut Msg<'_>) {
    let Some(a) = m.assertion else { return };
    let auds = m.audiences();
    if auds.is_empty() {
        let sev = if matches!(m.flow, Flow::Idc | Flow::Sts) {
            Severity::Error
        } else {
            Severity::Warning
        };
        let at = m.conditions().unwrap_or(a);
        let f = Finding::new(
            &SAML_AUDIENCE,
            "the assertion has no AudienceRestriction/Audience",
        )
        .severity(sev)
        .evidence(m.ev(at, ""));
        m.push(f);
        return;
    }
    if m.flow != Flow::Idc {
        if let Some(exp) = m.ctx.audience.clone() {
            if !auds.iter().any(|(_, v)| *v == exp) {
                let (n, v) = auds[0].clone();
                let f = Finding::new(
                    &SAML_AUDIENCE,
                    format!("Audience \"{v}\" is not the expected \"{exp}\""),
                )
                .severity(Severity::Error)
                .evidence(m.ev(n, v));
                m.push(f);
                return;
            }
        }
    }
    let list: Vec<String> = auds.iter().map(|(_, v)| v.clone()).collect();
    m.push(Finding::pass(
        &SAML_AUDIENCE,
        format!("Audience: {}", list.join(", ")),
    ));
}

fn signatures(m: &mut Msg<'_>) {
    let doc = m.doc;
    let signable = m.root_is("Response")
        || m.root_is("Assertion")
        || m.root_is("LogoutRequest")
        || m.root_is("LogoutResponse")
        || m.root_is("AuthnRequest");
    if !signable {
        return;
    }
    let sigs = m.sigs.clone();
    let fake = m.foreign_named("Signature");
    let fake_note = fake
        .first()
        .map(|x| {
            format!(
                "; {} element(s) named Signature are in another namespace ({}), not the XML-DSig namespace {}, so they are not signatures",
                fake.len(),
                doc.node(*x).ns,
                ns::DSIG
            )
        })
        .unwrap_or_default();
    let enc = !doc
        .descendants_ns(m.root, ns::SAML, "EncryptedAssertion")
        .is_empty();
    if sigs.is_empty() {
        let is_request =
            m.root_is("AuthnRequest") || m.root_is("LogoutRequest") || m.root_is("LogoutResponse");
        let sev = if is_request && fake.is_empty() {
            Severity::Info
        } else {
            Severity::Error
        };
        let msg = if is_request {
            "the message carries no XML signature (requests are often unsigned, or signed in the URL with the Redirect binding)".to_string()
        } else if enc {
            "neither the Response nor a visible Assertion is signed (a signature inside the EncryptedAssertion cannot be seen here)".to_string()
        } else {
            "neither the Response nor the Assertion carries an XML signature".to_string()
        };
        let at = fake.first().copied().unwrap_or(m.root);
        let f = Finding::new(&SAML_SIGNATURE_MISSING, format!("{msg}{fake_note}"))
            .severity(sev)
            .evidence(m.ev(at, ""));
        m.push(f);
    } else {
        let resp_signed = sigs.iter().any(|s| s.parent == m.root);
        let assertion_signed = m
            .assertion
            .is_some_and(|a| sigs.iter().any(|s| s.parent == a));
        let what = match (m.root_is("Response"), resp_signed, assertion_signed) {
            (true, true, true) => "Response and Assertion are signed",
            (true, true, false) => "the Response is signed, the Assertion is not (legal, but some service providers require signed assertions)",
            (true, false, true) => "the Assertion is signed, the Response is not",
            (false, true, _) => "the message is signed",
            _ => "signatures are present, but none is a direct child of the Response or of the analyzed Assertion",
        };
        if !resp_signed && !assertion_signed {
            let at = sigs.first().map(|s| s.node).unwrap_or(m.root);
            let f = Finding::new(&SAML_SIGNATURE_MISSING, format!("{what}{fake_note}"))
                .evidence(m.ev(at, ""));
            m.push(f);
        } else {
            // What is signed; whether it verifies is saml.signature.digest / .value / .trust.
            m.push(Finding::pass(
                &SAML_SIGNATURE_MISSING,
                format!("{what}{fake_note}"),
            ));
        }
    }
    // Algorithms: SignedInfo/SignatureMethod and SignedInfo/Reference/DigestMethod of each signature.
    let mut alg_ok = true;
    for s in &sigs {
        let mut methods: Vec<(&str, usize)> = Vec::new();
        if let Some(si) = doc.child_ns(s.node, ns::DSIG, "SignedInfo") {
            if let Some(sm) = doc.child_ns(si, ns::DSIG, "SignatureMethod") {
                methods.push(("SignatureMethod", sm));
            }
        }
        for r in &s.refs {
            if let Some(dm) = doc.child_ns(*r, ns::DSIG, "DigestMethod") {
                methods.push(("DigestMethod", dm));
            }
        }
        for (el, n) in methods {
            let alg = doc.node(n).attr("Algorithm").unwrap_or("").to_string();
            let lower = alg.to_ascii_lowercase();
            if lower.ends_with("sha1") || lower.ends_with("#sha1") || lower.contains("-sha1") {
                alg_ok = false;
                let f = Finding::new(
                    &SAML_SIGNATURE_ALGORITHM,
                    format!("{el} uses SHA-1 ({alg}); SHA-1 is discouraged, use RSA-SHA256"),
                )
                .evidence(m.ev(n, alg.clone()));
                m.push(f);
            } else if !(lower.contains("sha256")
                || lower.contains("sha384")
                || lower.contains("sha512"))
            {
                alg_ok = false;
                let f = Finding::new(
                    &SAML_SIGNATURE_ALGORITHM,
                    format!("{el} uses an unknown or unsupported algorithm \"{alg}\""),
                )
                .severity(Severity::Info)
                .evidence(m.ev(n, alg.clone()));
                m.push(f);
            }
        }
    }
    if alg_ok && !sigs.is_empty() {
        m.push(Finding::pass(
            &SAML_SIGNATURE_ALGORITHM,
            "signature and digest algorithms are SHA-256 or stronger",
        ));
    }
    // Wrapping / references: each signature's reference resolved through the parser's ID index.
    let mut wrap_ok = true;
    if let Some(&x) = fake.first() {
        wrap_ok = false;
        let f = Finding::new(&SAML_SIGNATURE_WRAPPING, format!("{} element(s) named Signature are in the namespace {} instead of XML-DSig ({}): they are not signatures, and a service provider that matches elements by name alone would take them for one (namespace-confusion wrapping)", fake.len(), doc.node(x).ns, ns::DSIG))
            .evidence(m.ev(x, doc.node(x).qname()));
        m.push(f);
    }
    if let (Some(&x), false) = (m.foreign_named("Assertion").first(), sigs.is_empty()) {
        wrap_ok = false;
        let f = Finding::new(&SAML_SIGNATURE_WRAPPING, format!("an element <{}> in the namespace {} looks like an Assertion but is not one: whatever a signature covers, values read from it are not signed SAML", doc.node(x).qname(), doc.node(x).ns))
            .severity(Severity::Warning)
            .evidence(m.ev(x, doc.node(x).qname()));
        m.push(f);
    }
    // An unsigned assertion beside a signed one: the XSW pattern where a consumer validates one
    // assertion and reads another.
    let root_covered = sigs.iter().any(|s| s.covers(m.root));
    let covered: std::collections::HashSet<usize> = sigs
        .iter()
        .filter(|s| s.covers(s.parent))
        .map(|s| s.parent)
        .collect();
    if !root_covered && !covered.is_empty() {
        for a in m.assertions.clone() {
            if !covered.contains(&a) {
                wrap_ok = false;
                let id = doc.node(a).attr("ID").unwrap_or("").to_string();
                let f = Finding::new(&SAML_SIGNATURE_WRAPPING, format!("the Assertion with ID \"{id}\" at {} is covered by no signature while another Assertion is signed: a service provider that validates one and reads the other accepts forged values (signature-wrapping pattern)", doc.path(a)))
                    .evidence(m.ev(a, id));
                m.push(f);
            }
        }
    }
    for s in &sigs {
        let parent = s.parent;
        let parent_id = doc.node(parent).attr("ID");
        if s.refs.len() != 1 {
            wrap_ok = false;
            let f = Finding::new(
                &SAML_SIGNATURE_WRAPPING,
                format!(
                    "the Signature in <{}> has {} Reference elements; SAML requires exactly one",
                    doc.node(parent).name,
                    s.refs.len()
                ),
            )
            .evidence(m.ev(s.node, s.refs.len().to_string()));
            m.push(f);
        }
        if let (Some(&r), Some(uri)) = (s.refs.first(), s.uri.as_deref()) {
            if uri.is_empty() {
                if parent != m.root {
                    wrap_ok = false;
                    let f = Finding::new(&SAML_SIGNATURE_WRAPPING, format!("Reference URI=\"\" (the whole document) in a Signature inside <{}>, which is not the document root", doc.node(parent).name))
                        .severity(Severity::Warning)
                        .evidence(m.ev(r, uri));
                    m.push(f);
                }
            } else if let Some(target) = uri.strip_prefix('#') {
                let holders = doc.by_id(target);
                if parent_id != Some(target) || holders.len() > 1 {
                    wrap_ok = false;
                    let what = match holders.len() {
                        0 => "which does not exist in the document".to_string(),
                        1 => "which is another element".to_string(),
                        k => format!("an ID carried by {k} elements"),
                    };
                    let f = Finding::new(&SAML_SIGNATURE_WRAPPING, format!(
                        "the Signature inside <{}> (ID {}) references \"{uri}\", {what}: the signed element is not (only) the element that contains the signature (signature-wrapping pattern)",
                        doc.node(parent).name,
                        parent_id.unwrap_or("none"),
                    ))
                    .evidence(m.ev(r, uri));
                    m.push(f);
                }
            } else {
                wrap_ok = false;
                let f = Finding::new(
                    &SAML_SIGNATURE_WRAPPING,
                    format!("Reference URI \"{uri}\" is neither \"\" nor \"#ID\""),
                )
                .evidence(m.ev(r, uri));
                m.push(f);
            }
        }
        let pn = doc.node(parent);
        let normal =
            parent == m.root || (pn.is_ns(ns::SAML, "Assertion") && pn.parent == Some(m.root));
        if !normal {
            wrap_ok = false;
            let in_advice = {
                let mut p = pn.parent;
                let mut adv = false;
                while let Some(x) = p {
                    if doc.is_ns(x, ns::SAML, "Advice") {
                        adv = true;
                        break;
                    }
                    p = doc.node(x).parent;
                }
                adv
            };
            let f =
                Finding::new(
                    &SAML_SIGNATURE_WRAPPING,
                    format!(
                "a Signature sits at {}, not on the Response or a Response-level Assertion{}",
                doc.path(s.node),
                if in_advice { " (inside Advice: unusual, not necessarily an attack)" } else { "" }
            ),
                )
                .severity(if in_advice {
                    Severity::Info
                } else {
                    Severity::Warning
                })
                .evidence(m.ev(s.node, ""));
            m.push(f);
        }
    }
    if wrap_ok && !sigs.is_empty() {
        m.push(Finding::pass(
            &SAML_SIGNATURE_WRAPPING,
            "every signature references the element that contains it",
        ));
    }
}

fn has_split_text(m: &Msg<'_>, n: usize) -> Option<String> {
    let doc = m.doc;
    let kids = &doc.node(n).children;
    let comments = kids
        .iter()
        .filter(|c| matches!(doc.node(**c).kind, Kind::Comment | Kind::Pi))
        .count();
    let texts = kids
        .iter()
        .filter(|c| matches!(doc.node(**c).kind, Kind::Text | Kind::CData))
        .count();
    let cdata = kids.iter().any(|c| doc.node(*c).kind == Kind::CData);
    if comments > 0 || texts > 1 || cdata {
        let first = kids
            .iter()
            .find(|c| matches!(doc.node(**c).kind, Kind::Text | Kind::CData))
            .map(|c| doc.node(*c).text.clone())
            .unwrap_or_default();
        Some(first)
    } else {
        None
    }
}

fn nameid_comment(m: &mut Msg<'_>) {
    let doc = m.doc;
    // One pass over the document, in document order.
    let targets: Vec<usize> = doc
        .subtree(m.root)
        .filter(|i| doc.is_ns(*i, ns::SAML, "NameID") || doc.is_ns(*i, ns::SAML, "AttributeValue"))
        .collect();
    let mut ok = true;
    for t in targets {
        if let Some(first) = has_split_text(m, t) {
            ok = false;
            let full = doc.text(t);
            let f = Finding::new(&SAML_NAMEID_COMMENT, format!(
                "<{}> contains a comment, processing instruction or CDATA splitting its text: the full value is \"{full}\", but a parser that reads only the first text node sees \"{first}\" (CVE-2017-11427 family)",
                doc.node(t).name
            ))
            .evidence(m.ev(t, full.clone()));
            m.push(f);
        }
    }
    if ok {
        m.push(Finding::pass(
            &SAML_NAMEID_COMMENT,
            "no comments or split text in NameID or attribute values",
        ));
    }
}

fn relay_state(m: &mut Msg<'_>) {
    let Some(rs) = m.dec.relay_state.clone() else {
        return;
    };
    if rs.len() > 80 {
        let f = Finding::new(
            &SAML_RELAY_STATE,
            format!(
                "RelayState is {} bytes; the bindings specification limits it to 80",
                rs.len()
            ),
        )
        .evidence(crate::finding::Evidence::new(
            crate::report::one_line(&rs, 100),
            "RelayState parameter",
        ));
        m.push(f);
    } else {
        m.push(Finding::pass(
            &SAML_RELAY_STATE,
            format!("RelayState is {} bytes", rs.len()),
        ));
    }
}
