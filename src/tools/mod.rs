//! The administrator tools as data: each tool declares its page and command line once, as a
//! [`ToolSpec`] beside its engine (`cloudtrail::TOOL`, `scim::TOOL`...), and this module lists them.
//!
//! The page renders every tool's form from its spec and sends a [`ToolRequest`] to the engine worker;
//! the engine answers with a [`Document`]. The CLI (`cli::tool`) builds the same request from its
//! arguments. So adding a tool adds a spec and engine code, never shell code.
//!
//! The shell may read [`TOOLS`] (small static data) but must never call [`run`]: that is what pulls the
//! engines into a wasm module, and only the engine module calls it.

use serde::{Deserialize, Serialize};

use crate::doc::Document;
use crate::topics::Topic;

/// How a tool's page and command line look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolSpec {
    /// Stable id; also the `tool` of the documents it returns (`cloudtrail`).
    pub id: &'static str,
    /// Hash route without `#/` (`cloudtrail` for `#/cloudtrail`).
    pub route: &'static str,
    /// CLI subcommand (`cloudtrail` for `ssocheck cloudtrail`).
    pub command: &'static str,
    /// Navigation label and page heading.
    pub label: &'static str,
    pub title: &'static str,
    /// One or two sentences under the heading: what to paste and what comes back.
    pub intro: &'static str,
    /// The main input (a textarea plus file drop on the page; positional arguments in the CLI).
    pub input: MainInput,
    /// Further inputs (context fields, a second listing, a password...).
    pub fields: &'static [FieldSpec],
    /// True when the engine has something useful to show with no input at all (the page runs it when
    /// the route opens; `email` shows its allow-list rules).
    pub runs_without_input: bool,
    /// Guide topics this tool answers.
    pub topics: &'static [Topic],
    /// Short CLI help text for the options beyond the generic ones (may be empty).
    pub cli_help: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainInput {
    /// Pasted text or files (several when `multiple`); `accept` is the file input's accept list.
    Files {
        label: &'static str,
        placeholder: &'static str,
        accept: &'static str,
        multiple: bool,
    },
    /// One line of text (`ssocheck role TEXT`): the CLI joins its positional arguments with spaces.
    Text {
        label: &'static str,
        placeholder: &'static str,
    },
    /// No main input: only fields.
    None,
}

/// One further input of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Key in [`ToolRequest::fields`] (or name of the [`InputFile`] for `TextArea`).
    pub name: &'static str,
    pub label: &'static str,
    pub help: &'static str,
    /// The CLI flag (`--user`); empty when the CLI has no such option.
    pub flag: &'static str,
    pub kind: FieldKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Text { placeholder: &'static str },
    /// A choice: (value, label) pairs; the first is the default.
    Select(&'static [(&'static str, &'static str)]),
    /// A second pasted document (a listing, metadata). Sent as an [`InputFile`] named after the field;
    /// in the CLI the flag takes a FILE path.
    TextArea { placeholder: &'static str },
    /// A secret the user types (a password): the page keeps it only in the input element, never in
    /// the URL, storage, a report or a log; the CLI reads it from standard input only. Engines must
    /// never copy it into a document (tested per tool).
    Secret,
}

/// One pasted or opened input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InputFile {
    /// File name, or empty for pasted text. For a `TextArea` field: the field's name.
    pub name: String,
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// What the page or the CLI asks an engine.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ToolRequest {
    /// A `ToolSpec::id`.
    pub tool: String,
    /// The main input's files (pasted text is one file with an empty name), then `TextArea` fields.
    pub files: Vec<InputFile>,
    /// Values of `Text`, `Select` and `Secret` fields, by field name.
    pub fields: Vec<(String, String)>,
    /// Reference time in milliseconds since the Unix epoch (the core never reads the clock).
    pub now_ms: i64,
}

impl ToolRequest {
    /// A field's value, trimmed; `None` when absent or blank.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// The main input's files (those not named after a `TextArea` field of `spec`).
    pub fn main_files<'a>(&'a self, spec: &'a ToolSpec) -> impl Iterator<Item = &'a InputFile> {
        self.files.iter().filter(move |f| {
            !spec
                .fields
                .iter()
                .any(|fs| matches!(fs.kind, FieldKind::TextArea { .. }) && fs.name == f.name)
        })
    }

    /// The file sent for a `TextArea` field, when it is not empty.
    pub fn field_file(&self, name: &str) -> Option<&InputFile> {
        self.files
            .iter()
            .find(|f| f.name == name && !f.bytes.iter().all(u8::is_ascii_whitespace))
    }
}

/// Every administrator tool with a generic page, in navigation order. (`#/saml` has its own page.)
pub const TOOLS: &[&ToolSpec] = &[
    &crate::saml::tool::TOOL,
    &crate::saml::testsp::TOOL,
    &crate::iam::TOOL,
    &crate::role::TOOL,
    &crate::email::TOOL,
    &crate::scim::TOOL,
    &crate::directory::SIGNIN_TOOL,
    &crate::directory::PASSWORD_TOOL,
    &crate::directory::TOOL,
    &crate::cloudtrail::TOOL,
    &crate::assignments::TOOL,
];

pub fn by_route(route: &str) -> Option<&'static ToolSpec> {
    TOOLS.iter().copied().find(|t| t.route == route)
}

pub fn by_command(command: &str) -> Option<&'static ToolSpec> {
    TOOLS.iter().copied().find(|t| t.command == command)
}

/// The engine modules and the tools each one holds. Every administrator route downloads the shell
/// and one engine, so the engines are grouped to keep each route within its budget (the README's size
/// section has the figures): the SAML analyzer and signatures; the log readers; the other tools.
pub const ENGINES: &[(&str, &[&str])] = &[
    ("saml", &["saml", "test-sp"]),
    ("logs", &["cloudtrail", "assignments"]),
    (
        "admin",
        &[
            "scim",
            "signin-name",
            "password",
            "directory",
            "iam",
            "role",
            "email",
        ],
    ),
];

/// The engine module that runs `tool` (`saml`, `logs`, `admin`).
pub fn engine_of(tool: &str) -> Option<&'static str> {
    ENGINES
        .iter()
        .find(|(_, tools)| tools.contains(&tool))
        .map(|(e, _)| *e)
}

/// The document for a request no engine knows.
pub fn unknown(req: &ToolRequest) -> Vec<Document> {
    let mut d = Document::new(&req.tool, "Unknown tool");
    d.accepted = false;
    d.detected = format!("no tool has the id `{}` in this engine", req.tool);
    vec![d]
}

/// The SAML engine: one document per message (a HAR file can hold several).
pub fn run_saml(req: &ToolRequest) -> Vec<Document> {
    match req.tool.as_str() {
        "saml" => crate::saml::tool::documents(req),
        "test-sp" => vec![crate::saml::testsp::analyze(req)],
        _ => unknown(req),
    }
}

/// The log readers' engine.
pub fn run_logs(req: &ToolRequest) -> Vec<Document> {
    match req.tool.as_str() {
        "cloudtrail" => vec![crate::cloudtrail::analyze(req)],
        "assignments" => vec![crate::assignments::analyze(req)],
        _ => unknown(req),
    }
}

/// The engine of the other administrator tools.
pub fn run_admin(req: &ToolRequest) -> Vec<Document> {
    match req.tool.as_str() {
        "iam" => vec![crate::iam::analyze(req)],
        "role" => vec![crate::role::analyze(req)],
        "email" => vec![crate::email::analyze(req)],
        "scim" => vec![crate::scim::analyze(req)],
        "signin-name" => vec![crate::directory::signin::analyze(req)],
        "password" => vec![crate::directory::password::analyze(req)],
        "directory" => vec![crate::directory::primary::analyze(req)],
        _ => unknown(req),
    }
}

/// Runs a request on whichever engine holds its tool (the CLI and native tests; each wasm engine
/// module calls only its own `run_*`, so it links only its own tools).
pub fn run_all(req: &ToolRequest) -> Vec<Document> {
    match engine_of(&req.tool) {
        Some("saml") => run_saml(req),
        Some("logs") => run_logs(req),
        Some(_) => run_admin(req),
        None => unknown(req),
    }
}

/// One document for a request: a multi-message answer is joined (the CLI prints one document).
pub fn run(req: &ToolRequest) -> Document {
    let mut docs = run_all(req).into_iter();
    let mut first = docs
        .next()
        .unwrap_or_else(|| Document::new(&req.tool, "No result"));
    for d in docs {
        first.findings.extend(d.findings);
        first.blocks.extend(d.blocks);
    }
    first
}
