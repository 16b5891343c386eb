//! Findings from XML-signature verification (`saml::dsig`): digest, value, trust, unsupported
//! steps and what the verified signatures cover (metadata cross-checks: `rules::metadata`).
//! Also builds the per-signature explanation (`SignatureReport`) the page and CLI show.

use serde::Serialize;

use super::super::checks::*;
use super::super::dsig::keys::Trusted;
use super::super::dsig::redirect::RedirectSig;
use super::super::dsig::verify::{self, DocCheck, ProblemKind, SigCheck, Signer};
use super::super::model::Msg;
use crate::finding::{Evidence, Finding, Severity};

/// One signature, explained step by step, with the canonical bytes that were digested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureReport {
    /// Path of the ds:Signature element ("Response/Signature", "HTTP-Redirect query string").
    pub location: String,
    /// 1-based line in the pretty-printed XML (0 for the query-string signature).
    pub line: u32,
    /// One line: verified with which certificate, or which step failed.
    pub verdict: String,
    pub verified: bool,
    /// The steps, in order.
    pub steps: Vec<String>,
    /// (file name, canonical bytes as text) of each signed element, for download.
    pub canonical: Vec<(String, String)>,
}

const DIGEST_CAUSES: &str = "the XML was changed after signing: copied from a viewer or editor that re-indented it, a value edited, or a character replaced while copying (such as a non-breaking space for a space)";
const DIGEST_FIX: &str = "paste the raw SAMLResponse value (from the browser's network tab or a HAR file), not XML copied from a viewer";

/// Canonical bytes as text. They come from parsed text, so they are UTF-8: `from_utf8` checks that
/// at memory speed, where `from_utf8_lossy` walks 10 MB character by character.
fn utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// What in the signed element looks like a copy artefact: a non-breaking space, or indentation
/// between elements (viewers add it; most IdPs sign without it).
fn copy_artefacts(canonical: &[u8]) -> String {
    let text = utf8(canonical);
    let mut out = String::new();
    if let Some(i) = text.find('\u{a0}') {
        let line = text[..i].matches('\n').count() + 1;
        out.push_str(&format!(
            ". The signed element contains a non-breaking space (U+00A0), line {line} of its canonical form: usually a copy artefact"
        ));
    }
    if text.contains(">\n ") || text.contains(">\n\t") {
        out.push_str(". The signed element has line breaks and indentation between elements, as a viewer's pretty-printing adds (unless the identity provider signed it that way)");
    }
    out
}

fn describe(m: &Msg<'_>, n: usize) -> String {
    let node = m.doc.node(n);
    let id = node
        .attr("ID")
        .map(|i| format!(" ID {i}"))
        .unwrap_or_default();
    format!(
        "<{}>{id} ({}, line {})",
        node.name,
        m.doc.path(n),
        node.pretty_line
    )
}

fn report(m: &Msg<'_>, sc: &SigCheck, trusted: &Trusted) -> SignatureReport {
    let doc = m.doc;
    let mut steps = Vec::new();
    let mut canonical = Vec::new();
    let parent = sc
        .parent
        .map(|p| describe(m, p))
        .unwrap_or_else(|| "the document".into());
    steps.push(format!("Signature inside {parent}"));
    if let Some(c) = &sc.c14n {
        steps.push(format!("SignedInfo canonicalization: {c}"));
    }
    if let Some(a) = &sc.algorithm {
        steps.push(format!("Signature algorithm: {a}"));
    }
    for (i, r) in sc.references.iter().enumerate() {
        let target = r
            .target
            .map(|t| describe(m, t))
            .unwrap_or_else(|| "nothing".into());
        steps.push(format!(
            "Reference {} URI=\"{}\" covers {target}",
            i + 1,
            r.uri
        ));
        if !r.transforms.is_empty() {
            steps.push(format!("  transforms: {}", r.transforms.join(", ")));
        }
        if let (Some(d), Some(c)) = (r.digest_alg, &r.computed_b64) {
            steps.push(format!(
                "  {} digest computed {c}, expected {} — {}",
                d.name(),
                r.expected_b64,
                if r.digest_ok { "match" } else { "MISMATCH" }
            ));
        }
        if !r.canonical.is_empty() {
            let name = r
                .target
                .map(|t| doc.node(t).name.to_string())
                .unwrap_or_else(|| "element".into());
            canonical.push((
                format!("canonical-{}-{}.xml", name, i + 1),
                utf8(&r.canonical).into_owned(),
            ));
        }
        if r.canonical_dropped {
            steps.push(format!(
                "  canonical bytes not kept for download: over the {} MB cap for all signatures",
                verify::MAX_CANONICAL_KEPT / (1024 * 1024)
            ));
        }
        if let Some(p) = &r.problem {
            steps.push(format!("  stopped: {}", p.message));
        }
    }
    if !sc.embedded.is_empty() {
        steps.push(format!(
            "KeyInfo certificate SHA-256: {}",
            sc.embedded.join(", ")
        ));
    }
    if !trusted.certs.is_empty() {
        steps.push(format!(
            "Your certificates (SHA-256): {}",
            trusted
                .certs
                .iter()
                .map(|c| c.sha256.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let verdict = verdict(sc, trusted);
    if let Some(s) = &sc.signer {
        let (which, fp) = match s {
            Signer::Trusted { sha256, source } => {
                (format!("your certificate from {source}"), sha256.clone())
            }
            Signer::Embedded { sha256 } => (
                "the certificate in the signature's KeyInfo".to_string(),
                sha256.clone(),
            ),
            Signer::EmbeddedKey { label } => (
                format!("the {label} key in the signature's KeyInfo"),
                String::new(),
            ),
        };
        steps.push(format!(
            "SignatureValue verifies with {which}{}{}",
            if fp.is_empty() {
                String::new()
            } else {
                format!(", SHA-256 {fp}")
            },
            sc.key_label
                .as_ref()
                .map(|k| format!(" ({k})"))
                .unwrap_or_default()
        ));
    } else if let Some(p) = &sc.problem {
        if p.kind == ProblemKind::Value || sc.references.iter().all(|r| r.problem.is_none()) {
            steps.push(format!("stopped: {}", p.message));
        }
    }
    SignatureReport {
        location: doc.path(sc.node),
        line: doc.node(sc.node).pretty_line,
        verdict,
        verified: sc.verified(),
        steps,
        canonical,
    }
}

fn verdict(sc: &SigCheck, trusted: &Trusted) -> String {
    if let Some(p) = &sc.problem {
        let step = match p.kind {
            ProblemKind::Structure => "structure",
            ProblemKind::Unsupported => "unsupported step",
            ProblemKind::Digest => "digest",
            ProblemKind::Value => "signature value",
        };
        return format!("does not verify ({step}): {}", p.message);
    }
    if sc.untrusted_key {
        return format!("not trusted: {}", sc.weak_key.clone().unwrap_or_default());
    }
    match &sc.signer {
        Some(Signer::Trusted { sha256, .. }) => {
            format!("signed and verified with a certificate from your metadata (SHA-256 {sha256})")
        }
        Some(Signer::Embedded { sha256 }) if !trusted.certs.is_empty() => format!(
            "verifies only with its embedded certificate (SHA-256 {sha256}), which is not in your metadata (expected {}): the certificate was rotated or the message comes from another IdP",
            trusted.certs.iter().map(|c| c.sha256.clone()).collect::<Vec<_>>().join(" or ")
        ),
        Some(Signer::Embedded { sha256 }) => format!(
            "verifies with its embedded certificate (SHA-256 {sha256}); give the IdP metadata or certificate to know whether it is the one you trust"
        ),
        Some(Signer::EmbeddedKey { label }) => format!(
            "verifies with the bare {label} key in its KeyInfo, which proves nothing without your IdP certificate"
        ),
        None => "not verified".into(),
    }
}

/// Runs verification on the message and pushes the findings; returns the explanations.
pub fn run(m: &mut Msg<'_>) -> Vec<SignatureReport> {
    let doc = m.doc;
    let trusted = &m.ctx.trusted;
    let dc: DocCheck = verify::verify_document(doc, trusted);
    let mut reports = Vec::new();
    let (mut digest_ok, mut value_ok, mut trust_ok) = (true, true, true);
    for sc in &dc.signatures {
        reports.push(report(m, sc, trusted));
        let node = sc.node;
        let sig_ev = |m: &Msg<'_>, v: String| m.ev(node, v);
        if let Some(p) = &sc.problem {
            match p.kind {
                ProblemKind::Digest => {
                    digest_ok = false;
                    let r = sc.references.iter().find(|r| r.problem.is_some());
                    let at = r.and_then(|r| r.target).unwrap_or(sc.node);
                    let hint = r.map(|r| copy_artefacts(&r.canonical)).unwrap_or_default();
                    let f = Finding::new(
                        &SAML_SIGNATURE_DIGEST,
                        format!("{}. Usual cause: {DIGEST_CAUSES}{hint}", p.message),
                    )
                    .evidence(m.ev(at, r.map(|r| r.expected_b64.clone()).unwrap_or_default()))
                    .fix(format!("To fix: {DIGEST_FIX}. If the raw value fails too, the message was altered on the way."));
                    m.push(f);
                }
                ProblemKind::Value => {
                    value_ok = false;
                    let f = Finding::new(
                        &SAML_SIGNATURE_VALUE,
                        format!(
                            "the Signature inside {}: {}",
                            sc.parent.map(|p| describe(m, p)).unwrap_or_default(),
                            p.message
                        ),
                    )
                    .evidence(sig_ev(m, sc.embedded.first().cloned().unwrap_or_default()));
                    m.push(f);
                }
                ProblemKind::Unsupported => {
                    value_ok = false;
                    let f = Finding::new(&SAML_SIGNATURE_UNSUPPORTED, p.message.clone())
                        .evidence(sig_ev(m, String::new()));
                    m.push(f);
                }
                ProblemKind::Structure => {
                    value_ok = false;
                    let f = Finding::new(
                        &SAML_SIGNATURE_WRAPPING,
                        format!("the signature is not verified: {}", p.message),
                    )
                    .evidence(sig_ev(m, String::new()));
                    m.push(f);
                }
            }
            continue;
        }
        // Digests matched and the value verified: now whom it proves.
        let covers: Vec<String> = sc.covered().iter().map(|n| describe(m, *n)).collect();
        if sc.untrusted_key {
            trust_ok = false;
            let f = Finding::new(
                &SAML_SIGNATURE_TRUST,
                format!(
                    "the signature verifies, but {}",
                    sc.weak_key.clone().unwrap_or_default()
                ),
            )
            .evidence(sig_ev(m, sc.key_label.clone().unwrap_or_default()));
            m.push(f);
            continue;
        }
        if let Some(w) = &sc.weak_key {
            m.push(
                Finding::new(
                    &SAML_SIGNATURE_TRUST,
                    format!("the signature verifies; {w}"),
                )
                .severity(Severity::Warning)
                .evidence(sig_ev(m, sc.key_label.clone().unwrap_or_default())),
            );
        }
        match &sc.signer {
            Some(Signer::Trusted { .. }) => {}
            Some(Signer::Embedded { sha256 }) if !trusted.certs.is_empty() => {
                trust_ok = false;
                let f = Finding::new(&SAML_SIGNATURE_TRUST, verdict(sc, trusted))
                    .evidence(sig_ev(m, sha256.clone()));
                m.push(f);
            }
            Some(Signer::EmbeddedKey { .. }) if !trusted.certs.is_empty() => {
                trust_ok = false;
                let f = Finding::new(&SAML_SIGNATURE_TRUST, verdict(sc, trusted))
                    .evidence(sig_ev(m, String::new()));
                m.push(f);
            }
            _ => {
                trust_ok = false;
                let f = Finding::new(
                    &SAML_SIGNATURE_TRUST,
                    format!("{} (covers {})", verdict(sc, trusted), covers.join(", ")),
                )
                .severity(Severity::Info)
                .evidence(sig_ev(m, sc.embedded.first().cloned().unwrap_or_default()));
                m.push(f);
            }
        }
    }
    if dc.skipped > 0 {
        m.push(
            Finding::new(
                &SAML_SIGNATURE_UNSUPPORTED,
                format!(
                    "the document has {} more signatures than the {} verified; they are not verified",
                    dc.skipped,
                    verify::MAX_SIGNATURES
                ),
            )
            .evidence(m.ev(m.root, dc.skipped.to_string())),
        );
    }
    if !dc.signatures.is_empty() {
        let covered: Vec<usize> = dc.covered();
        let all_verified = dc.signatures.iter().all(|s| s.verified());
        if digest_ok {
            m.push(Finding::pass(
                &SAML_SIGNATURE_DIGEST,
                format!(
                    "every reference's digest matches its canonicalized element ({} signature{})",
                    dc.signatures.len(),
                    if dc.signatures.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        if value_ok && all_verified {
            let list: Vec<String> = covered.iter().map(|n| describe(m, *n)).collect();
            m.push(Finding::pass(
                &SAML_SIGNATURE_VALUE,
                format!("every SignatureValue verifies; signed: {}", list.join(", ")),
            ));
        }
        if trust_ok && all_verified && !trusted.certs.is_empty() {
            m.push(Finding::pass(
                &SAML_SIGNATURE_TRUST,
                "signed with a certificate from your metadata",
            ));
        }
        coverage(m, &covered);
    }
    super::metadata::run(m, &dc);
    // A structural check's pass ("every signature references the element that contains it") does
    // not stand next to a verification that found a wrapping problem.
    if m.findings
        .iter()
        .any(|f| f.check == SAML_SIGNATURE_WRAPPING.id && f.severity == Severity::Error)
    {
        m.findings
            .retain(|f| !(f.check == SAML_SIGNATURE_WRAPPING.id && f.severity == Severity::Pass));
    }
    reports
}

/// "Only the signed element counts": the assertion the checks read must be inside an element a
/// verified reference covers.
fn coverage(m: &mut Msg<'_>, covered: &[usize]) {
    let doc = m.doc;
    if covered.is_empty() {
        return;
    }
    let inside = |n: usize| covered.iter().any(|c| *c == n || doc.is_ancestor(*c, n));
    for a in m.assertions.clone() {
        if !inside(a) {
            let f = Finding::new(
                &SAML_SIGNATURE_WRAPPING,
                format!(
                    "{} is outside every verified reference: a verified signature covers {}, not this assertion, so nothing in it can be trusted",
                    describe(m, a),
                    covered.iter().map(|c| describe(m, *c)).collect::<Vec<_>>().join(", ")
                ),
            )
            .evidence(m.ev(a, doc.node(a).attr("ID").unwrap_or("").to_string()));
            m.push(f);
        }
    }
}

/// The HTTP-Redirect binding's query-string signature (SigAlg + Signature).
pub fn run_redirect(m: &mut Msg<'_>, rs: &RedirectSig) -> SignatureReport {
    let trusted = &m.ctx.trusted;
    let r = super::super::dsig::redirect::verify(rs, trusted);
    let verified = r.verified;
    let ev = Evidence::new(
        rs.sig_alg.clone(),
        "HTTP-Redirect query string (SigAlg, Signature)",
    );
    match (&r.problem, &r.signer) {
        (Some((kind, msg)), _) => {
            let check = if *kind == ProblemKind::Unsupported {
                &SAML_SIGNATURE_UNSUPPORTED
            } else {
                &SAML_SIGNATURE_VALUE
            };
            m.push(Finding::new(check, format!("the query-string signature: {msg}")).evidence(ev));
        }
        (None, Some(fp)) => {
            m.push(Finding::pass(
                &SAML_SIGNATURE_VALUE,
                format!("the query-string signature verifies with your certificate {fp}"),
            ));
            m.push(Finding::pass(
                &SAML_SIGNATURE_TRUST,
                "the query string is signed with a certificate from your metadata",
            ));
        }
        (None, None) => {
            m.push(
                Finding::new(&SAML_SIGNATURE_TRUST, r.verdict.clone())
                    .severity(Severity::Info)
                    .evidence(ev),
            );
        }
    }
    SignatureReport {
        location: "HTTP-Redirect query string".into(),
        line: 0,
        verdict: r.verdict.clone(),
        verified,
        steps: r.steps,
        canonical: vec![("signed-query-string.txt".into(), rs.signed.clone())],
    }
}
