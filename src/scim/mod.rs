//! `#/scim` and `ssocheck scim`: lints what an identity provider sends to Identity Center's SCIM
//! endpoint (User, Group and PatchOp bodies, ListResponses, error bodies, provisioning log lines)
//! against the rules of the SCIM Implementation Developer Guide and the Identity Store limits.

pub mod advice;
pub mod checks;
pub mod collect;
pub mod document;
pub mod dup;
pub mod input;
pub mod lint;
pub mod pretty;
pub mod rules;

use crate::doc::Document;
use crate::tools::{FieldKind, FieldSpec, MainInput, ToolRequest, ToolSpec};
use crate::topics::Topic;

pub const TOOL: ToolSpec = ToolSpec {
    id: "scim",
    route: "scim",
    command: "scim",
    label: "SCIM",
    title: "Check a SCIM payload",
    intro: "Paste what your identity provider sent to IAM Identity Center (a User, Group or PATCH body, a list response, an error body, or a provisioning log line from Okta or Entra ID; several bodies as a JSON array or one per line). It names each rule the payload breaks, with the error text AWS answers.",
    input: MainInput::Files {
        label: "SCIM body or provisioning log",
        placeholder: "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"…\",…}",
        accept: ".json,.jsonl,.ndjson,.txt,.log",
        multiple: false,
    },
    fields: &[FieldSpec {
        name: "idp",
        label: "Identity provider",
        help: "For the mapping advice; detected from the input when left on auto",
        flag: "--idp",
        kind: FieldKind::Select(advice::IDPS),
    }],
    runs_without_input: false,
    topics: &[Topic::ScimSync],
    cli_help: "Several bodies can be given in one file as a JSON array or as JSON lines.",
};

/// Runs the SCIM checks on the request's main input (several files are read as one text).
pub fn analyze(req: &ToolRequest) -> Document {
    let mut bytes = Vec::new();
    for f in req.main_files(&TOOL) {
        if !bytes.is_empty() {
            bytes.push(b'\n');
        }
        // Stop copying once above the cap: `input::read` names the cap.
        if bytes.len() <= input::MAX_BYTES {
            bytes.extend_from_slice(&f.bytes);
        }
    }
    let parsed = input::read(&bytes);
    document::build(&parsed, req.field("idp"))
}
