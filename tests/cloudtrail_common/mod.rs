//! Shared helpers of the CloudTrail and assignment tests. A missing fixture fails the test.
#![allow(dead_code)]

use ssocheck::doc::{Body, Document};
use ssocheck::tools::{InputFile, ToolRequest};

pub const NOW_MS: i64 = 1_741_000_000_000;

pub fn path(dir: &str, name: &str) -> String {
    format!("{}/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> Vec<u8> {
    let p = path("cloudtrail", name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {p} is missing: {e}"))
}

pub fn assignment_fixture(name: &str) -> Vec<u8> {
    let p = path("assignments", name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {p} is missing: {e}"))
}

/// Runs the cloudtrail tool as the page does: files, then fields.
pub fn cloudtrail(files: &[&str], fields: &[(&str, &str)]) -> Document {
    let mut req = ToolRequest {
        tool: "cloudtrail".into(),
        now_ms: NOW_MS,
        ..ToolRequest::default()
    };
    for f in files {
        req.files.push(InputFile {
            name: f.to_string(),
            bytes: fixture(f),
        });
    }
    for (k, v) in fields {
        req.fields.push((k.to_string(), v.to_string()));
    }
    ssocheck::tools::run(&req)
}

pub fn cloudtrail_bytes(files: Vec<(&str, Vec<u8>)>, fields: &[(&str, &str)]) -> Document {
    let mut req = ToolRequest {
        tool: "cloudtrail".into(),
        now_ms: NOW_MS,
        ..ToolRequest::default()
    };
    for (name, bytes) in files {
        req.files.push(InputFile {
            name: name.to_string(),
            bytes,
        });
    }
    for (k, v) in fields {
        req.fields.push((k.to_string(), v.to_string()));
    }
    ssocheck::tools::run(&req)
}

pub fn ids(d: &Document, check: &str) -> usize {
    d.findings.iter().filter(|f| f.check == check).count()
}

pub fn messages(d: &Document, check: &str) -> Vec<String> {
    d.findings
        .iter()
        .filter(|f| f.check == check)
        .map(|f| format!("{} | fix: {}", f.message, f.fix))
        .collect()
}

pub fn table_rows(d: &Document, id: &str) -> Vec<Vec<String>> {
    d.blocks
        .iter()
        .find(|b| b.id == id)
        .and_then(|b| match &b.body {
            Body::Table(t) => Some(t.rows.iter().map(|r| r.cells.clone()).collect()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no table `{id}` in {}", d.to_text()))
}

pub fn code_lines(d: &Document, id: &str) -> Option<Vec<String>> {
    d.blocks
        .iter()
        .find(|b| b.id == id)
        .and_then(|b| match &b.body {
            Body::Code(c) => Some(c.lines.clone()),
            _ => None,
        })
}

/// The in-process CLI runner every command-line test uses.
#[path = "../cli_common/mod.rs"]
mod cli_common;
#[allow(unused_imports)] // not every CloudTrail test crate runs the CLI
pub use cli_common::cli;

/// A gzip member of `data` (RFC 1952 header, raw deflate, CRC left zero: the reader does not check it).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    out.extend(miniz_oxide::deflate::compress_to_vec(data, 6));
    out.extend([0u8; 4]);
    out.extend((data.len() as u32).to_le_bytes());
    out
}
