//! The SAML analyzer as an administrator tool: its page (`#/saml`) is the generic tool page, and its
//! answer is one [`Document`] per message (a HAR file can hold several), with the attribute table,
//! the certificates (their status taken from the certificate findings) and the pretty XML with
//! highlighted lines as blocks. `ssocheck saml` keeps its own command line (`cli::saml`).

use super::{analyze, analyze_sp_metadata, redact::find_emails, Analysis, Context, Flow, Sent};
use crate::doc::{Block, Body, Code, Document, KeyValue, Table};
use crate::finding::Severity;
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

const FLOWS: &[(&str, &str)] = &[
    ("auto", "Detect from the message"),
    ("idc", "External IdP → IAM Identity Center"),
    ("sts", "IdP → AWS account (AssumeRoleWithSAML)"),
    ("app", "IAM Identity Center → SAML application"),
    ("generic", "Generic SAML 2.0"),
];

pub const TOOL: ToolSpec = ToolSpec {
    id: "saml",
    route: "saml",
    command: "saml",
    label: "SAML",
    title: "SAML analyzer",
    intro: "Paste a SAML response, assertion, request, redirect URL, POST body or HAR file. The page decodes it, checks it against IAM Identity Center, AWS account and SAML 2.0 rules, and explains every finding. Nothing leaves this page.",
    input: MainInput::Files {
        label: "SAML message, URL, POST body or HAR",
        placeholder: "Any form is detected: XML, base64 (with or without line breaks, URL-safe), URL-encoded, deflated HTTP-Redirect, SAMLResponse=…&RelayState=…, a URL with SAMLRequest= or SAMLResponse=, or a HAR file from the browser's developer tools.",
        accept: ".xml,.txt,.har,.b64,.json,.saml,text/*,application/json,application/xml",
        multiple: false,
    },
    fields: &[
        FieldSpec {
            name: "username",
            label: "Expected Identity Center user name",
            help: "Compared with the NameID (idc.nameid.username).",
            flag: "--username",
            kind: FieldKind::Text { placeholder: "" },
        },
        FieldSpec {
            name: "acs",
            label: "Identity Center ACS URL",
            help: "From Settings → Identity source → Service provider metadata.",
            flag: "--acs",
            kind: FieldKind::Text { placeholder: "" },
        },
        FieldSpec {
            name: "audience",
            label: "Issuer URL / audience",
            help: "The Identity Center issuer URL (SP entity ID).",
            flag: "--audience",
            kind: FieldKind::Text { placeholder: "" },
        },
        FieldSpec {
            name: "flow",
            label: "Rules to apply",
            help: "Detection uses Destination, Recipient and Audience.",
            flag: "--flow",
            kind: FieldKind::Select(FLOWS),
        },
        FieldSpec {
            name: "idp_metadata",
            label: "IdP metadata or certificate (optional)",
            help: "Your identity provider's metadata XML, or its signing certificate (PEM or base64; several during a rotation): signatures are then checked against it, and a rotated certificate is named with both fingerprints.",
            flag: "--idp-metadata",
            kind: FieldKind::TextArea { placeholder: "" },
        },
        FieldSpec {
            name: "sp_metadata",
            label: "Identity Center SP metadata (optional)",
            help: "Paste the service provider metadata XML: its ACS URL and entity ID are used when the fields above are empty.",
            flag: "--sp-metadata",
            kind: FieldKind::TextArea { placeholder: "" },
        },
        FieldSpec {
            name: "in_response_to",
            label: "AuthnRequest ID sent (optional)",
            help: "The ID of the AuthnRequest that started this sign-in: the response's InResponseTo must equal it (saml.in-response-to). Filled in by a test sign-in from the test service provider page.",
            flag: "--in-response-to",
            kind: FieldKind::Text { placeholder: "" },
        },
        FieldSpec {
            name: "relay_state",
            label: "RelayState sent (optional)",
            help: "The RelayState sent with the AuthnRequest: the one that came back must equal it (saml.relay-state.roundtrip).",
            flag: "--relay-state",
            kind: FieldKind::Text { placeholder: "" },
        },
        FieldSpec {
            name: "request_time",
            label: "Time the AuthnRequest was sent (RFC 3339, optional)",
            help: "A response issued before this time cannot answer the request (saml.in-response-to).",
            flag: "--request-time",
            kind: FieldKind::Text { placeholder: "2025-06-01T12:00:00Z" },
        },
        FieldSpec {
            name: "now",
            label: "Fixed time (RFC 3339, optional)",
            help: "For example 2025-06-01T12:00:00Z: validity windows are checked at this instant instead of this device's clock.",
            flag: "",
            kind: FieldKind::Text { placeholder: "2025-06-01T12:00:00Z" },
        },
    ],
    runs_without_input: false,
    topics: &[
        Topic::ExternalIdpSignIn,
        Topic::SamlAssertionContents,
        Topic::AppConfiguration,
    ],
    cli_help: "",
};

/// The context from the request's fields; an `Err` is shown as the document's reason.
fn context(req: &ToolRequest) -> Result<(Context, Vec<KeyValue>), String> {
    let mut notes = Vec::new();
    let mut ctx = Context {
        flow: req.field("flow").and_then(Flow::parse),
        username: req.field("username").map(str::to_string),
        acs_url: req.field("acs").map(str::to_string),
        audience: req.field("audience").map(str::to_string),
        now_ms: req.now_ms,
        trusted: Default::default(),
        sent: Sent {
            request_id: req.field("in_response_to").map(str::to_string),
            relay_state: req.field("relay_state").map(str::to_string),
            request_time_ms: None,
        },
    };
    if let Some(t) = req.field("request_time") {
        ctx.sent.request_time_ms = Some(crate::time::parse_rfc3339(t).map_err(|e| {
            format!(
                "The AuthnRequest time is not an RFC 3339 time such as 2025-06-01T12:00:00Z: {e}"
            )
        })?);
    }
    if ctx.sent != Sent::default() {
        notes.push(KeyValue::new(
            "Test sign-in",
            format!(
                "Checked against what was sent: AuthnRequest ID {}, RelayState {}{}.",
                ctx.sent.request_id.as_deref().unwrap_or("(none)"),
                ctx.sent.relay_state.as_deref().unwrap_or("(none)"),
                req.field("request_time")
                    .map(|t| format!(", sent at {t}"))
                    .unwrap_or_default()
            ),
        ));
    }
    if let Some(f) = req.field_file("idp_metadata") {
        match ctx
            .trusted
            .add(&f.bytes, "the IdP metadata or certificate field")
        {
            Ok(n) => notes.push(KeyValue::new(
                "IdP metadata or certificate",
                format!(
                    "{n} signing key{} taken from it; signatures are checked against {}.",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "it" } else { "them" }
                ),
            )),
            Err(e) => notes.push(
                KeyValue::new(
                    "IdP metadata or certificate",
                    format!("Could not use it: {e}"),
                )
                .status(Severity::Warning),
            ),
        }
    }
    if let Some(t) = req.field("now") {
        ctx.now_ms = crate::time::parse_rfc3339(t).map_err(|e| {
            format!("The fixed time is not an RFC 3339 time such as 2025-06-01T12:00:00Z: {e}")
        })?;
        notes.push(KeyValue::new("Time reference", format!("fixed: {t}")));
    }
    if let Some(f) = req.field_file("sp_metadata") {
        match analyze_sp_metadata(&f.bytes) {
            Ok(m) => {
                notes.push(KeyValue::new(
                    "SP metadata",
                    format!(
                        "Taken from the metadata: ACS URL {} and audience {}.",
                        m.acs_url, m.entity_id
                    ),
                ));
                ctx.acs_url.get_or_insert(m.acs_url);
                ctx.audience.get_or_insert(m.entity_id);
            }
            Err(e) => notes.push(
                KeyValue::new("SP metadata", format!("Could not use this metadata: {e}"))
                    .status(Severity::Warning),
            ),
        }
    }
    Ok((ctx, notes))
}

/// One document per message of the input.
pub fn documents(req: &ToolRequest) -> Vec<Document> {
    let (ctx, notes) = match context(req) {
        Ok(c) => c,
        Err(e) => {
            let mut d = Document::new(TOOL.id, "SAML analysis");
            d.accepted = false;
            d.detected = e;
            return vec![d];
        }
    };
    let input: Vec<u8> = req
        .main_files(&TOOL)
        .flat_map(|f| f.bytes.iter().copied())
        .collect();
    let analysis = analyze(&input, &ctx);
    from_analysis(analysis, &notes)
}

/// Every value a redacted export must not contain: the expected user name, NameIDs, attribute values
/// and e-mail addresses anywhere in the XML or the findings.
fn private_values(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = a.private_values.clone();
    for m in &a.messages {
        out.extend(m.nameid.iter().map(|n| n.trim().to_string()));
        for at in &m.attributes {
            out.extend(at.values.iter().map(|v| v.trim().to_string()));
        }
        for l in &m.xml_pretty {
            out.extend(find_emails(l));
        }
        for f in &m.findings {
            out.extend(find_emails(&f.message));
        }
    }
    out.retain(|v| !v.is_empty());
    out.sort_unstable();
    out.dedup();
    out
}

/// Takes the analysis by value: the big parts (the pretty XML, the canonical bytes) move into the
/// document instead of being copied (10 MB each for a 10 MB response).
pub fn from_analysis(a: Analysis, notes: &[KeyValue]) -> Vec<Document> {
    let private = private_values(&a);
    let accepted = a.messages.iter().any(|m| m.kind != "Unreadable");
    let detected = a.detected;
    a.messages
        .into_iter()
        .map(|m| {
            let mut d =
                Document::new(TOOL.id, format!("SAML: {}", m.label)).findings(m.findings.clone());
            d.detected = detected.clone();
            d.accepted = accepted;
            d.private_values = private.clone();
            let mut summary = vec![
                KeyValue::new("Message", m.kind.clone()),
                KeyValue::new("Flow", format!("{} ({})", m.flow.label(), m.flow_reason)),
            ];
            if !m.decoded_as.is_empty() {
                summary.push(KeyValue::new("Decoded as", m.decoded_as.clone()));
            }
            if let Some(n) = &m.nameid {
                summary.push(KeyValue::new("NameID", n.clone()));
            }
            summary.extend(notes.iter().cloned());
            d = d.block(Block::key_values("summary", "Summary", summary));
            if !m.attributes.is_empty() {
                let mut t =
                    Table::new(["Name", "Format", "Values", "What AWS does with it", "Line"]);
                t.filterable = m.attributes.len() > 20;
                for at in &m.attributes {
                    t.row([
                        at.name.clone(),
                        at.name_format.clone(),
                        at.values.join("\n"),
                        at.meaning.clone(),
                        at.line.to_string(),
                    ]);
                }
                d = d.block(Block::table("attributes", "Attributes", t));
            }
            if !m.certificates.is_empty() {
                let mut t = Table::new([
                    "Subject",
                    "Issuer",
                    "Valid from",
                    "Valid until",
                    "Key",
                    "SHA-256 fingerprint",
                ]);
                for c in &m.certificates {
                    // The row's status is the worst certificate finding at this certificate's line,
                    // so the table never says "pass" where a finding warns.
                    let status = m
                        .findings
                        .iter()
                        .filter(|f| f.check.starts_with("saml.cert."))
                        .filter(|f| f.evidence.as_ref().and_then(|e| e.line) == Some(c.line))
                        .map(|f| f.severity)
                        .min()
                        .unwrap_or(Severity::Pass);
                    t.row([
                        c.subject.clone(),
                        c.issuer.clone(),
                        c.not_before.clone(),
                        format!("{} ({} days left)", c.not_after, c.days_left),
                        c.key.clone(),
                        c.sha256_fingerprint.clone(),
                    ])
                    .status = Some(status);
                }
                d = d.block(Block::table("certificates", "Certificates", t));
            }
            for (i, sig) in m.signatures.into_iter().enumerate() {
                let mut items = vec![
                    KeyValue::new("Verdict", sig.verdict.clone()).status(if sig.verified {
                        Severity::Pass
                    } else {
                        Severity::Error
                    }),
                    KeyValue::new(
                        "Where",
                        if sig.line > 0 {
                            format!("{} (line {})", sig.location, sig.line)
                        } else {
                            sig.location.clone()
                        },
                    ),
                ];
                items.extend(
                    sig.steps
                        .iter()
                        .enumerate()
                        .map(|(n, step)| KeyValue::new(format!("Step {}", n + 1), step.clone())),
                );
                d = d.block(Block::key_values(
                    &format!("signature-{}", i + 1),
                    &format!("Signature {}: {}", i + 1, sig.location),
                    items,
                ));
                for (name, text) in sig.canonical {
                    d = d.block(Block::new(
                        format!("canonical-{}", i + 1),
                        format!("canonical form of the signed element ({name})"),
                        Body::Download(crate::doc::Download {
                            label: "Canonical bytes of the signed element".into(),
                            filename: name,
                            mime: "application/xml".into(),
                            content: text,
                        }),
                    ));
                }
            }
            if !m.xml_pretty.is_empty() {
                d = d.block(Block::new(
                    "xml",
                    "XML",
                    Body::Code(Code {
                        language: "xml".into(),
                        lines: m.xml_pretty,
                        highlight: m.highlight_lines,
                        indent: m.xml_indent,
                    }),
                ));
            }
            d
        })
        .collect()
}
