//! The saml domain: decode whatever the administrator pasted, parse it safely, decide which rules
//! apply (Identity Center, AWS account, application, generic) and explain every finding.
//!
//! Pure logic: compiles natively and for wasm32, never reads the clock (the caller passes `now_ms`).
//! Evidence line/column numbers refer to the pretty-printed XML (`MessageAnalysis::xml_pretty`),
//! except for `input.*` parse errors, which refer to the decoded XML (the location text says which).

pub mod b64;
pub mod cert;
pub mod checks;
pub mod decode;
pub mod dsig;
pub mod flow;
pub mod model;
pub mod ns;
pub mod pretty;
pub mod redact;
pub mod rules;
pub mod testsp;
pub mod tool;
pub mod warm;
pub mod xml;

pub use cert::CertInfo;
pub use checks::AWS_ERRORS;
pub use redact::redact_analysis;

use serde::Serialize;

use crate::finding::{sort_findings, Evidence, Finding, Severity};
use crate::report::{Report, Section};
use checks::*;

/// What the caller knows; every field is optional except the reference time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Context {
    /// Forces the rules; `None` detects the flow from the message.
    pub flow: Option<Flow>,
    /// Expected Identity Center user name (for `idc.nameid.username`).
    pub username: Option<String>,
    /// The instance's ACS URL (Identity Center SP metadata).
    pub acs_url: Option<String>,
    /// The instance's issuer URL / audience (SP entity ID).
    pub audience: Option<String>,
    /// Reference time, milliseconds since the Unix epoch.
    pub now_ms: i64,
    /// Certificates (and metadata facts) from the "IdP metadata or certificate" field or the CLI's
    /// `--idp-metadata` / `--cert`: the keys signatures are verified against.
    pub trusted: dsig::keys::Trusted,
    /// What this page's own test sign-in sent (`#/test-sp`, or the CLI's `--in-response-to` and
    /// `--relay-state`): checked by `saml.in-response-to` and `saml.relay-state.roundtrip`.
    pub sent: Sent,
}

/// The AuthnRequest a test sign-in sent, as far as it is known. Empty: neither check runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sent {
    /// The AuthnRequest's ID, which the response's InResponseTo must echo.
    pub request_id: Option<String>,
    /// The RelayState sent with it (a one-time nonce), which must come back unchanged.
    pub relay_state: Option<String>,
    /// When the request was sent (ms since the epoch): a response issued earlier is not its answer.
    pub request_time_ms: Option<i64>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Flow {
    /// External identity provider → IAM Identity Center.
    Idc,
    /// Any identity provider (including Identity Center) → AWS account (AssumeRoleWithSAML).
    Sts,
    /// Identity Center → a SAML application.
    App,
    /// Only SAML 2.0 rules.
    Generic,
}

impl Flow {
    pub const ALL: [Flow; 4] = [Flow::Idc, Flow::Sts, Flow::App, Flow::Generic];

    pub fn as_str(self) -> &'static str {
        match self {
            Flow::Idc => "idc",
            Flow::Sts => "sts",
            Flow::App => "app",
            Flow::Generic => "generic",
        }
    }

    pub fn parse(s: &str) -> Option<Flow> {
        Flow::ALL
            .into_iter()
            .find(|f| f.as_str() == s.trim().to_ascii_lowercase())
    }

    pub fn label(self) -> &'static str {
        match self {
            Flow::Idc => "External IdP → IAM Identity Center",
            Flow::Sts => "IdP → AWS account (AssumeRoleWithSAML)",
            Flow::App => "IAM Identity Center → SAML application",
            Flow::Generic => "Generic SAML 2.0",
        }
    }
}

/// One row of the attribute table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeRow {
    pub name: String,
    pub name_format: String,
    pub values: Vec<String>,
    /// What AWS does with it.
    pub meaning: String,
    /// 1-based line in `xml_pretty`.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageAnalysis {
    pub label: String,
    pub kind: String,
    pub flow: Flow,
    pub flow_reason: String,
    /// How this message was decoded ("base64 + deflate").
    pub decoded_as: String,
    pub findings: Vec<Finding>,
    pub attributes: Vec<AttributeRow>,
    pub certificates: Vec<CertInfo>,
    /// Pretty-printed XML lines without their indentation (see `xml_indent`).
    pub xml_pretty: Vec<String>,
    /// Indentation level of each `xml_pretty` line (two spaces per level); empty when the lines
    /// are shown as decoded (unreadable XML).
    pub xml_indent: Vec<u16>,
    /// SAML 2.0 Assertion elements (namespace-checked) in the message.
    pub assertion_count: u32,
    pub highlight_lines: Vec<u32>,
    pub nameid: Option<String>,
    /// Every XML signature (and the query-string signature), explained step by step, with the
    /// canonical bytes of each signed element for download.
    pub signatures: Vec<rules::dsig::SignatureReport>,
}

impl MessageAnalysis {
    /// Line `i` (0-based) of the pretty-printed XML with its indentation (two spaces per level),
    /// for a view or an export that shows indentation.
    pub fn xml_line_indented(&self, i: usize) -> String {
        let depth = self.xml_indent.get(i).copied().unwrap_or(0) as usize;
        let line = self.xml_pretty.get(i).map(String::as_str).unwrap_or("");
        let mut s = String::with_capacity(2 * depth + line.len());
        s.extend(std::iter::repeat_n(' ', 2 * depth));
        s.push_str(line);
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Analysis {
    pub detected: String,
    pub messages: Vec<MessageAnalysis>,
    /// Context values that must never appear in redacted output (the expected user name). Never
    /// serialized with the analysis; only the page's worker transfer (`transfer`) carries them.
    #[serde(skip)]
    pub private_values: Vec<String>,
}

impl Analysis {
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.messages.iter().flat_map(|m| m.findings.iter())
    }

    pub fn has_errors(&self) -> bool {
        self.findings().any(|f| f.severity == Severity::Error)
    }

    /// A report with one section per message. Without `include_values`, evidence values and the
    /// NameID are left out.
    pub fn to_report(&self, include_values: bool) -> Report {
        let sections = self
            .messages
            .iter()
            .map(|m| {
                let mut s = Section::new("saml", format!("SAML: {}", m.label))
                    .fact("Detected", self.detected.clone())
                    .fact("Message", m.kind.clone())
                    .fact("Flow", format!("{} ({})", m.flow.label(), m.flow_reason));
                if include_values {
                    if let Some(n) = &m.nameid {
                        s = s.fact("NameID", n.clone());
                    }
                }
                for sig in &m.signatures {
                    s = s.fact(
                        "Signature",
                        format!("{} (line {}): {}", sig.location, sig.line, sig.verdict),
                    );
                }
                for c in &m.certificates {
                    s = s.fact(
                        "Certificate",
                        format!(
                            "{} — {} — valid until {} — SHA-256 {}",
                            c.subject, c.key, c.not_after, c.sha256_fingerprint
                        ),
                    );
                }
                s.findings(m.findings.clone())
            })
            .collect();
        let mut r = Report::new(sections);
        if !include_values {
            r.redact_values();
        }
        r
    }
}

/// Values pulled from Identity Center's service-provider metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpMetadata {
    /// The entityID: the issuer URL / audience.
    pub entity_id: String,
    /// The HTTP-POST AssertionConsumerService Location.
    pub acs_url: String,
}

/// Takes the ACS URL and entity ID (audience) from pasted SP metadata XML.
pub fn analyze_sp_metadata(xml_in: &[u8]) -> Result<SpMetadata, String> {
    if xml_in.len() > decode::MAX_BYTES {
        return Err("the metadata is larger than 16 MB".into());
    }
    let mut notes = Vec::new();
    let text = decode::to_text(xml_in, &mut notes).map_err(|f| f.message)?;
    let doc = xml::parse(text.trim())
        .map_err(|e| format!("{} (line {}, column {})", e.message, e.line, e.column))?;
    let ed = doc
        .descendants_ns(doc.root, ns::MD, "EntityDescriptor")
        .into_iter()
        .find(|e| doc.child_ns(*e, ns::MD, "SPSSODescriptor").is_some())
        .ok_or("no EntityDescriptor with an SPSSODescriptor: paste the service provider metadata from Identity Center (Settings → Identity source → Service provider metadata)")?;
    let entity_id = doc
        .node(ed)
        .attr("entityID")
        .ok_or("the EntityDescriptor has no entityID")?
        .to_string();
    let acss: Vec<usize> = doc
        .children_ns(ed, ns::MD, "SPSSODescriptor")
        .flat_map(|sp| {
            doc.children_ns(sp, ns::MD, "AssertionConsumerService")
                .collect::<Vec<_>>()
        })
        .collect();
    let pick = acss
        .iter()
        .find(|a| {
            doc.node(**a)
                .attr("Binding")
                .is_some_and(|b| b.ends_with("HTTP-POST"))
        })
        .or(acss.first())
        .ok_or("the metadata has no AssertionConsumerService")?;
    let acs_url = doc
        .node(*pick)
        .attr("Location")
        .ok_or("the AssertionConsumerService has no Location")?
        .to_string();
    Ok(SpMetadata { entity_id, acs_url })
}

fn error_message(label: String, flow: Flow, f: Finding, xml_lines: Vec<String>) -> MessageAnalysis {
    let hl = f
        .evidence
        .as_ref()
        .and_then(|e| e.line)
        .into_iter()
        .collect();
    MessageAnalysis {
        label,
        kind: "Unreadable".into(),
        flow,
        flow_reason: "the message could not be read".into(),
        decoded_as: String::new(),
        findings: vec![f],
        attributes: Vec::new(),
        certificates: Vec::new(),
        xml_pretty: xml_lines,
        xml_indent: Vec::new(),
        assertion_count: 0,
        highlight_lines: hl,
        nameid: None,
        signatures: Vec::new(),
    }
}

const KNOWN_KINDS: [&str; 9] = [
    "Response",
    "Assertion",
    "AuthnRequest",
    "LogoutRequest",
    "LogoutResponse",
    "EntityDescriptor",
    "EntitiesDescriptor",
    "ArtifactResolve",
    "ArtifactResponse",
];

fn analyze_decoded(d: decode::Decoded, ctx: &Context, index: usize) -> MessageAnalysis {
    let steps = d.steps.join(" + ");
    let fallback_flow = ctx.flow.unwrap_or(Flow::Generic);
    let src_label = if d.source.is_empty() {
        format!("message {}", index + 1)
    } else {
        d.source.clone()
    };
    if d.xml.len() > decode::MAX_BYTES {
        let f = Finding::new(&INPUT_TOO_LARGE, "the decoded XML is larger than 16 MB").evidence(
            Evidence::new(format!("{} bytes", d.xml.len()), "decoded XML"),
        );
        return error_message(src_label, fallback_flow, f, Vec::new());
    }
    let mut doc = match xml::parse(&d.xml) {
        Ok(doc) => doc,
        Err(e) => {
            let check = match e.kind {
                xml::ParseErrorKind::Dtd => &INPUT_DTD,
                xml::ParseErrorKind::Malformed => &INPUT_XML,
                xml::ParseErrorKind::Depth => &INPUT_DEPTH,
                xml::ParseErrorKind::TooLarge(_) => &INPUT_TOO_LARGE,
            };
            let line_text = d
                .xml
                .lines()
                .nth(e.line.saturating_sub(1) as usize)
                .unwrap_or("");
            let f = Finding::new(
                check,
                format!(
                    "{} (decoded XML line {}, column {})",
                    e.message, e.line, e.column
                ),
            )
            .evidence(
                Evidence::new(
                    crate::report::one_line(line_text, 120),
                    "decoded XML (line numbers of the decoded message)",
                )
                .at(e.line, e.column),
            );
            // Show the decoded XML as-is (bounded) so the highlighted line is visible.
            let lines: Vec<String> = d
                .xml
                .lines()
                .take(20_000)
                .map(|l| l.chars().take(2_000).collect())
                .collect();
            let mut ma = error_message(src_label, fallback_flow, f, lines);
            ma.decoded_as = steps;
            return ma;
        }
    };
    let pretty::PrettyXml {
        lines: xml_pretty,
        depth: xml_indent,
    } = pretty::pretty(&mut doc);
    let root = doc.root();
    let local = root.name.to_string();
    // The root is a SAML element only in its own namespace: <x:Response xmlns:x="urn:other"> is not.
    let expected_ns = match local.as_str() {
        "Assertion" => ns::SAML,
        "EntityDescriptor" | "EntitiesDescriptor" => ns::MD,
        _ => ns::SAMLP,
    };
    let known = KNOWN_KINDS.contains(&local.as_str()) && root.ns == expected_ns;
    let saml1 = root.ns == ns::SAML1P || root.ns == ns::SAML1;
    let kind = if known || saml1 || !KNOWN_KINDS.contains(&local.as_str()) {
        local.clone()
    } else {
        root.qname()
    };
    let mut m = model::Msg::new(&doc, &d, ctx, fallback_flow);
    let is_protocol = known && matches!(kind.as_str(), "Response" | "Assertion");
    let (flow, flow_reason) = if is_protocol {
        flow::detect(&m)
    } else {
        (
            fallback_flow,
            format!("this {kind} is checked against SAML 2.0 rules only"),
        )
    };
    m.flow = flow;
    let mut certificates = Vec::new();
    if known && !kind.ends_with("Descriptor") {
        if m.foreign.is_empty() {
            m.push(Finding::pass(&INPUT_KIND, format!("SAML 2.0 {kind}")));
        } else {
            let at = m.foreign.first().copied().unwrap_or(m.root);
            let f = Finding::new(&INPUT_KIND, format!("SAML 2.0 {kind}, but {} element(s) named like SAML or XML-DSig elements are in other namespaces and are not SAML elements: {}", m.foreign.len(), m.foreign_list(5)))
                .evidence(m.ev(at, doc.node(at).qname()));
            m.push(f);
        }
        certificates = rules::run(&mut m);
    } else if saml1 {
        let f = Finding::new(
            &INPUT_KIND,
            format!(
                "the root element <{}> is SAML 1.x (namespace {}); AWS accepts SAML 2.0 only",
                root.qname(),
                root.ns
            ),
        )
        .severity(Severity::Error)
        .evidence(m.ev(m.root, kind.clone()));
        m.push(f);
        rules::saml::version(&mut m);
    } else if !known && KNOWN_KINDS.contains(&local.as_str()) {
        let f = Finding::new(&INPUT_KIND, format!("the root element <{}> is in the namespace \"{}\", not the SAML 2.0 namespace {expected_ns}: it is not a SAML message, whatever its name", root.qname(), root.ns))
            .severity(Severity::Error)
            .evidence(m.ev(m.root, root.qname()));
        m.push(f);
    } else if known && kind.ends_with("Descriptor") {
        m.push(Finding::new(&INPUT_KIND, "this is SAML metadata, not a sign-in message; paste it in the service-provider metadata field to take the ACS URL and audience from it, or paste a SAMLResponse to check a sign-in").severity(Severity::Info).evidence(m.ev(m.root, kind.clone())));
        // Signed metadata: its signatures are verified like a message's.
        m.signature_reports = rules::dsig::run(&mut m);
    } else {
        let f = Finding::new(&INPUT_KIND, format!("the root element is <{}>, not a SAML 2.0 message (SAML 1.1 and WS-Federation wrappers are not accepted by AWS)", doc.root().qname())).evidence(m.ev(m.root, kind.clone()));
        m.push(f);
    }
    let nameid = m.nameid().map(|n| doc.text(n));
    let attributes = m
        .attributes
        .iter()
        .map(|a| AttributeRow {
            name: a.name.clone(),
            name_format: a.name_format.clone().unwrap_or_default(),
            values: a.values.clone(),
            meaning: rules::meaning(&a.name, flow),
            line: doc.node(a.node).pretty_line,
        })
        .collect();
    let issuer = m
        .assertion
        .and_then(|a| m.saml_child(a, "Issuer"))
        .or_else(|| m.saml_child(m.root, "Issuer"))
        .map(|i| doc.text(i).trim().to_string());
    let mut label = kind.clone();
    if let Some(i) = &issuer {
        label.push_str(&format!(" from {i}"));
    }
    label.push_str(&format!(" ({src_label})"));
    let signatures = std::mem::take(&mut m.signature_reports);
    let mut findings = std::mem::take(&mut m.findings);
    let mut highlight_lines = std::mem::take(&mut m.highlights);
    highlight_lines.sort_unstable();
    highlight_lines.dedup();
    sort_findings(&mut findings);
    MessageAnalysis {
        label,
        kind,
        flow,
        flow_reason,
        decoded_as: steps,
        findings,
        attributes,
        certificates,
        assertion_count: u32::try_from(m.assertions.len()).unwrap_or(u32::MAX),
        xml_pretty,
        xml_indent,
        highlight_lines,
        nameid,
        signatures,
    }
}

/// Analyses any bytes. Never panics; unreadable input yields a message with an `input.*` finding.
pub fn analyze(input: &[u8], ctx: &Context) -> Analysis {
    let items = decode::decode(input);
    let mut messages = Vec::new();
    let mut steps_seen: Vec<String> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Ok(d) => {
                let s = d.steps.join(" + ");
                if !steps_seen.contains(&s) {
                    steps_seen.push(s);
                }
                messages.push(analyze_decoded(d, ctx, i));
            }
            Err(f) => messages.push(error_message(
                format!("input (item {})", i + 1),
                ctx.flow.unwrap_or(Flow::Generic),
                *f,
                Vec::new(),
            )),
        }
    }
    let mut kinds: Vec<(String, usize)> = Vec::new();
    let mut assertions = 0;
    for m in &messages {
        if m.kind != "Unreadable" {
            match kinds.iter_mut().find(|(k, _)| *k == m.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((m.kind.clone(), 1)),
            }
        }
        if m.kind == "Response" {
            assertions += m.assertion_count as usize;
        }
    }
    let mut parts: Vec<String> = Vec::new();
    if !steps_seen.is_empty() {
        parts.push(steps_seen.join(" / "));
    }
    for (k, n) in &kinds {
        parts.push(format!("{n} {k}"));
    }
    if assertions > 0 {
        parts.push(format!("{assertions} Assertion"));
    }
    let unreadable = messages.iter().filter(|m| m.kind == "Unreadable").count();
    if unreadable > 0 {
        parts.push(format!("{unreadable} unreadable"));
    }
    let detected = if parts.is_empty() {
        "nothing recognisable".into()
    } else {
        parts.join(", ")
    };
    Analysis {
        detected,
        messages,
        private_values: ctx.username.iter().cloned().collect(),
    }
}
