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
pub type Request = ToolRequest;

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
    postcard::to_allocvec(req).unwrap_or_default()
}

pub fn decode_request(bytes: &[u8]) -> Result<Request, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("the request could not be read ({e})"))
}

pub fn encode_answer(answer: &Answer) -> Vec<u8> {
    postcard::to_allocvec(answer).unwrap_or_default()
}

pub fn decode_answer(bytes: &[u8]) -> Result<Answer, String> {
    postcard::from_bytes(bytes).map_err(|e| format!("the answer could not be read ({e})"))
}

/// The engine's whole job: a request in, an answer out. A damaged request (a bug in the page, never
/// user input) is answered with a document that says so.
pub fn handle(request: &[u8]) -> Vec<u8> {
    let documents = match decode_request(request) {
        Ok(req) => tools::run_all(&req),
        Err(e) => {
            let mut d = Document::new("engine", "The engine could not read the request");
            d.accepted = false;
            d.detected = e;
            vec![d]
        }
    };
    encode_answer(&Answer::new(documents))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Block, KeyValue};
    use crate::tools::InputFile;

    #[test]
    fn requests_and_answers_round_trip() {
        let req = Request {
            tool: "saml".into(),
            files: vec![InputFile {
                name: "a.xml".into(),
                bytes: vec![0, 1, 2, 255],
            }],
            fields: vec![("flow".into(), "idc".into())],
            now_ms: 1_700_000_000_000,
        };
        assert_eq!(decode_request(&encode_request(&req)), Ok(req));
        let mut d = Document::new("demo", "Demo").block(Block::key_values(
            "k",
            "K",
            vec![KeyValue::new("a", "b")],
        ));
        d.private_values = vec!["alice".into()];
        let a = Answer::new(vec![d.clone()]);
        assert_eq!(a.private_values, vec!["alice".to_string()]);
        let back = decode_answer(&encode_answer(&a)).expect("decodes");
        assert_eq!(back.into_documents(), vec![d]);
    }

    #[test]
    fn damaged_messages_are_errors_not_panics() {
        assert!(decode_request(&[0xff; 7]).is_err());
        assert!(decode_answer(&[0x05, 0x01]).is_err());
        let a = decode_answer(&handle(&[0xff, 0xff, 0xff])).expect("an answer");
        assert!(!a.documents[0].accepted);
    }
}
