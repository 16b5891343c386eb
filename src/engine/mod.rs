//! The engine module's protocol: what the page sends to the analysis engines and what comes back.
//!
//! The engines (SAML, signatures, CloudTrail, SCIM, IAM, email...) are a second wasm module
//! (`src/bin/engine.rs`) that only administrator routes load, in a Web Worker or, when no worker can
//! start, on the page's main thread. Both ends are this crate, so the messages are typed serde values
//! in postcard's binary format: compact (a 10 MB response's documents stay a few MB, not the 20–45 MB
//! of JSON) and read without a schema of our own. Pure code: tested natively.

use serde::{Deserialize, Serialize};

use crate::doc::Document;
use crate::tools::{self, ToolRequest};

/// The page → engine message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// Run a tool on its input.
    Run(ToolRequest),
    /// Export documents the engine returned before as text, Markdown or JSON, optionally redacted.
    /// Done in the engine so that redaction (and its multi-pattern matcher) stays out of the page.
    Export {
        answer: Answer,
        format: ExportFormat,
        redacted: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportFormat {
    Text,
    Markdown,
    Json,
}

/// The engine → page message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reply {
    Answer(Answer),
    Export(String),
    /// The request could not be read (a bug in the page, never user input).
    Damaged(String),
}

/// The engine → page message: one document per analyzed message (a HAR file can hold several SAML
/// messages; most tools return one), and the values a redacted export must remove.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub documents: Vec<Document>,
    pub private_values: Vec<String>,
}

impl Answer {
    /// Builds the answer, moving each document's private values beside it (they are never part of
    /// a document's own serialization).
    pub fn new(mut documents: Vec<Document>) -> Self {
        let mut private_values = Vec::new();
        for d in &mut documents {
            private_values.append(&mut d.private_values);
        }
        private_values.sort();
        private_values.dedup();
        Answer {
            documents,
            private_values,
        }
    }

    /// The documents with the private values put back, as the engine made them.
    pub fn into_documents(self) -> Vec<Document> {
        let Answer {
            mut documents,
            private_values,
        } = self;
        for d in &mut documents {
            d.private_values = private_values.clone();
        }
        documents
    }
}

pub fn encode_request(req: &Request) -> Vec<u8> {
    encode(req)
}

/// Postcard bytes in a buffer sized once: a 10 MB analysis answers with tens of MB, and growing the
/// buffer by doubling would copy and touch up to twice that (a fresh wasm instance pays for every
/// page it touches first).
fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    let size = postcard::experimental::serialized_size(value).unwrap_or(0);
    postcard::to_extend(value, Vec::with_capacity(size)).unwrap_or_default()
}

pub fn decode_request(bytes: &[u8]) -> Result<Request, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("the request could not be read ({e})"))
}

pub fn encode_reply(reply: &Reply) -> Vec<u8> {
    encode(reply)
}

pub fn decode_reply(bytes: &[u8]) -> Result<Reply, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("the answer could not be read ({e})"))
}

/// Text of `documents` in `format`, one after the other.
pub fn export(documents: &[Document], format: ExportFormat) -> String {
    match format {
        ExportFormat::Json if documents.len() == 1 => documents[0].to_json(),
        ExportFormat::Json => serde_json::to_string_pretty(documents).unwrap_or_default(),
        ExportFormat::Text => documents
            .iter()
            .map(Document::to_text)
            .collect::<Vec<_>>()
            .join("\n"),
        ExportFormat::Markdown => documents
            .iter()
            .map(Document::to_markdown)
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The engine's whole job: a request in, a reply out, with every tool (native tests, the CLI).
pub fn handle(request: &[u8]) -> Vec<u8> {
    handle_with(request, tools::run_all)
}

/// An engine module's job with its own tools only (`run` is one of `tools::run_*`), so that the
/// module links no other tool's code.
pub fn handle_with(request: &[u8], run: fn(&ToolRequest) -> Vec<Document>) -> Vec<u8> {
    let reply = match decode_request(request) {
        Ok(Request::Run(req)) => Reply::Answer(Answer::new(run(&req))),
        Ok(Request::Export {
            answer,
            format,
            redacted,
        }) => {
            let mut docs = answer.into_documents();
            if redacted {
                docs = docs.iter().map(Document::redacted).collect();
            }
            Reply::Export(export(&docs, format))
        }
        Err(e) => Reply::Damaged(e),
    };
    encode_reply(&reply)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, KeyValue};
    use crate::tools::{InputFile, ToolRequest};

    #[test]
    fn requests_and_answers_round_trip() {
        let req = ToolRequest {
            tool: "saml".into(),
            files: vec![InputFile {
                name: "a.xml".into(),
                bytes: vec![0, 1, 2, 255],
            }],
            fields: vec![("flow".into(), "idc".into())],
            now_ms: 1_700_000_000_000,
        };
        let req = Request::Run(req);
        assert_eq!(decode_request(&encode_request(&req)), Ok(req));
        let mut d = Document::new("demo", "Demo").block(Block::key_values(
            "k",
            "K",
            vec![KeyValue::new("a", "b")],
        ));
        d.private_values = vec!["alice".into()];
        let a = Answer::new(vec![d.clone()]);
        assert_eq!(a.private_values, vec!["alice".to_string()]);
        let back = decode_reply(&encode_reply(&Reply::Answer(a.clone()))).expect("decodes");
        assert_eq!(back, Reply::Answer(a.clone()));
        assert_eq!(a.clone().into_documents(), vec![d]);
        // A redacted export, done by the engine.
        let req = Request::Export {
            answer: a,
            format: ExportFormat::Text,
            redacted: true,
        };
        match decode_reply(&handle(&encode_request(&req))) {
            Ok(Reply::Export(text)) => assert!(text.contains("Demo") && !text.contains("alice")),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn damaged_messages_are_errors_not_panics() {
        assert!(decode_request(&[0xff; 7]).is_err());
        assert!(decode_reply(&[0x05, 0x01]).is_err());
        assert!(matches!(
            decode_reply(&handle(&[0xff, 0xff, 0xff])),
            Ok(Reply::Damaged(_))
        ));
    }
}
