//! `#/test-sp`: the page as a SAML service provider, so that a real sign-in ends inside the
//! administrator's browser. This engine code returns the page's SP metadata (derived from where the
//! page is hosted), set-up steps for common identity providers, and, when the page asks for it with a
//! fresh ID and nonce, the AuthnRequest and its HTTP-Redirect URL. The shell draws the randomness,
//! keeps the pending request for the round trip and navigates on the administrator's click; the
//! service worker (static/sw.js) receives the IdP's POST; `#/saml` analyzes it with
//! `saml.in-response-to` and `saml.relay-state.roundtrip`.

pub mod authn;
pub mod idp;
pub mod setup;
pub mod sp;

use crate::doc::{Block, Body, Code, Document, Download, KeyValue, Table};
use crate::finding::Severity;
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

pub use sp::Sp;

pub const TOOL: ToolSpec = ToolSpec {
    id: "test-sp",
    route: "test-sp",
    command: "test-sp",
    label: "Test SP",
    title: "Test service provider",
    intro: "Register this page as a SAML application in your identity provider and sign in to it: the identity provider's response is received by this page's service worker and analyzed here, in this browser. It never reaches any server, not even the one hosting this page.",
    input: MainInput::None,
    fields: &[
        FieldSpec {
            name: "idp_metadata",
            label: "IdP metadata (for a test sign-in started here)",
            help: "Your identity provider's metadata XML for this application: its SSO URL starts the sign-in, and its signing certificate verifies the response's signature.",
            flag: "--idp-metadata",
            kind: FieldKind::TextArea { placeholder: "<md:EntityDescriptor …>" },
        },
        FieldSpec {
            name: "sso_url",
            label: "IdP SSO URL (optional)",
            help: "The identity provider's SAML sign-in URL (HTTP-Redirect binding), when no metadata is pasted or to override it.",
            flag: "--sso-url",
            kind: FieldKind::Text { placeholder: "https://idp.example.com/sso/saml" },
        },
        FieldSpec {
            name: "base_url",
            label: "Address of this page (optional)",
            help: "Leave empty on the page: the address it is opened at is used. On the command line, the address where ssocheck is hosted.",
            flag: "--base-url",
            kind: FieldKind::Text { placeholder: "https://example.com/ssocheck/" },
        },
    ],
    runs_without_input: true,
    topics: &[Topic::ExternalIdpSignIn, Topic::AppConfiguration],
    cli_help: "Prints the SP metadata (entity ID, ACS URL) of ssocheck hosted at --base-url and the set-up steps; the test sign-in itself runs on the page.",
};

/// What the page adds to the request: its address (`page_url`), and for a test sign-in the fresh
/// AuthnRequest ID (`request_id`) and RelayState nonce (`relay_state`) it drew.
pub fn analyze(req: &ToolRequest) -> Document {
    let mut d = Document::new(TOOL.id, "Test service provider");
    let Some(page) = req.field("base_url").or(req.field("page_url")) else {
        d.accepted = false;
        d.detected = "no page address: give --base-url, the address where ssocheck is hosted (for example https://example.com/ssocheck/)".into();
        return d;
    };
    let sp = match Sp::from_page_url(page) {
        Ok(sp) => sp,
        Err(e) => {
            d.accepted = false;
            d.detected = format!("The page address cannot be used: {e}");
            return d;
        }
    };
    d.accepted = true;
    d.detected = format!("service provider at {}", sp.base);
    let metadata = sp.metadata_xml();
    d = d.block(Block::key_values(
        "sp",
        "This page as a service provider",
        vec![
            KeyValue::new("Entity ID (audience)", sp.entity_id.clone()).copyable(),
            KeyValue::new("ACS URL (HTTP-POST)", sp.acs_url.clone()).copyable(),
            KeyValue::new("NameID format", sp::NAMEID_EMAIL),
            KeyValue::new(
                "Signing",
                "AuthnRequests are not signed; the identity provider must sign its responses or assertions.",
            ),
        ],
    ));
    d = d.block(Block::new(
        "metadata-download",
        "SP metadata",
        Body::Download(Download {
            label: "Download the SP metadata XML".into(),
            filename: "ssocheck-test-sp-metadata.xml".into(),
            mime: "application/xml".into(),
            content: metadata.clone(),
        }),
    ));
    d = d.block(Block::code(
        "metadata",
        "SP metadata XML",
        Code {
            language: "xml".into(),
            lines: metadata.lines().map(str::to_string).collect(),
            ..Code::default()
        },
    ));
    let mut t = Table::new(["Identity provider", "Set-up steps"]);
    for (idp, steps) in setup::steps(&sp.acs_url, &sp.entity_id) {
        t.row([idp, steps]);
    }
    d = d.block(Block::table(
        "setup",
        "Register this page in your identity provider",
        t,
    ));
    d = start_blocks(d, req, &sp);
    d.block(Block::text(
        "privacy",
        "What leaves this page",
        vec![
            "Only one navigation leaves this page: the one to your identity provider's SSO URL, when you click Start test sign-in. It carries the AuthnRequest (this page's entity ID, its ACS URL, a fresh ID) and a one-time RelayState nonce, nothing else.".into(),
            "The identity provider's answer is an HTTP-POST to the ACS URL above. This page's service worker answers that POST itself, inside this browser: the response is never sent to any server, not even the one hosting this page. The service worker keeps it in memory only until the SAML page reads it, at most 5 minutes.".into(),
            "For the round trip, the pending request (its ID, nonce and time, and the IdP metadata you pasted) is kept in this tab's sessionStorage and deleted as soon as the response is analyzed. Nothing pasted or received is kept beyond the analysis, unless you download it.".into(),
        ],
    ))
}

/// The IdP facts and, when the page asked for a test sign-in, the AuthnRequest and its URL (block
/// `authn-request`, item "Redirect URL", which the page navigates to on the administrator's click).
fn start_blocks(mut d: Document, req: &ToolRequest, sp: &Sp) -> Document {
    let mut items = Vec::new();
    let mut sso = req.field("sso_url").map(str::to_string);
    if let Some(f) = req.field_file("idp_metadata") {
        let text = String::from_utf8_lossy(&f.bytes);
        match idp::read(&text) {
            Ok(info) => {
                items.push(KeyValue::new("IdP entity ID", info.entity_id.clone()));
                match &info.sso_redirect {
                    Some(u) => items.push(KeyValue::new("SSO URL (HTTP-Redirect)", u.clone())),
                    None => items.push(
                        KeyValue::new(
                            "SSO URL (HTTP-Redirect)",
                            format!(
                                "none in the metadata (bindings: {}); give the SSO URL",
                                if info.sso_bindings.is_empty() {
                                    "none".to_string()
                                } else {
                                    info.sso_bindings.join(", ")
                                }
                            ),
                        )
                        .status(Severity::Warning),
                    ),
                }
                if sso.is_none() {
                    sso = info.sso_redirect.clone();
                }
            }
            Err(e) => items.push(
                KeyValue::new("IdP metadata", format!("Could not use it: {e}"))
                    .status(Severity::Warning),
            ),
        }
        let mut trusted = crate::saml::dsig::keys::Trusted::default();
        match trusted.add(&f.bytes, "the IdP metadata") {
            Ok(n) => items.push(KeyValue::new(
                "Signing certificates",
                format!("{n}: the response's signature will be verified against them"),
            )),
            Err(e) => items.push(
                KeyValue::new("Signing certificates", format!("none usable: {e}"))
                    .status(Severity::Warning),
            ),
        }
    }
    if let Some(u) = &sso {
        if req.field("sso_url").is_some() {
            items.push(KeyValue::new("SSO URL (given)", u.clone()));
        }
    }
    if !items.is_empty() {
        d = d.block(Block::key_values("idp", "Your identity provider", items));
    }
    let (Some(id), Some(nonce)) = (req.field("request_id"), req.field("relay_state")) else {
        return d;
    };
    let Some(sso) = sso else {
        return d.block(Block::key_values(
            "authn-request",
            "Test sign-in",
            vec![KeyValue::new(
                "Problem",
                "No SSO URL: paste the identity provider's metadata or give its SSO URL.",
            )
            .status(Severity::Error)],
        ));
    };
    match authn::build(sp, &sso, id, nonce, req.now_ms) {
        Ok(a) => d
            .block(Block::key_values(
                "authn-request",
                "Test sign-in",
                vec![
                    KeyValue::new("AuthnRequest ID", a.id.clone()),
                    KeyValue::new("RelayState", a.relay_state.clone()),
                    KeyValue::new("Redirect URL", a.redirect_url.clone()),
                ],
            ))
            .block(Block::code(
                "authn-request-xml",
                "AuthnRequest XML",
                Code {
                    language: "xml".into(),
                    lines: vec![a.xml],
                    ..Code::default()
                },
            )),
        Err(e) => d.block(Block::key_values(
            "authn-request",
            "Test sign-in",
            vec![KeyValue::new("Problem", e).status(Severity::Error)],
        )),
    }
}
