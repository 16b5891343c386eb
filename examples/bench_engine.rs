//! `cargo run --release --example bench_engine -- FILE`: where the engine's time goes on one SAML
//! input, natively: the analysis, the report document, and the encoded reply the page receives.

use std::time::Instant;

use ssocheck::engine::{self, Answer, Reply, Request};
use ssocheck::tools::{InputFile, ToolRequest};

fn main() {
    let path = std::env::args().nth(1).expect("usage: bench_engine FILE");
    let bytes = std::fs::read(&path).expect("readable file");
    let req = ToolRequest {
        tool: "saml".into(),
        files: vec![InputFile {
            name: String::new(),
            bytes,
        }],
        fields: vec![],
        now_ms: 1_717_243_200_000,
    };
    let encoded = engine::encode_request(&Request::Run(req.clone()));
    for _ in 0..3 {
        let t = Instant::now();
        let _ = engine::decode_request(&encoded);
        let decode = t.elapsed();
        let t = Instant::now();
        let docs = ssocheck::tools::run_saml(&req);
        let run = t.elapsed();
        let t = Instant::now();
        let reply = engine::encode_reply(&Reply::Answer(Answer::new(docs)));
        let encode = t.elapsed();
        let t = Instant::now();
        let _ = engine::decode_reply(&reply);
        let page = t.elapsed();
        println!(
            "request decode {decode:?}, run {run:?}, reply encode {encode:?} ({} bytes), page decode {page:?}",
            reply.len()
        );
    }
}
