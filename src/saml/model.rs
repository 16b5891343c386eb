//! The per-message working state the rules share: tree, context, flow, and the findings collected.

use super::decode::Decoded;
use super::xml::{Doc, Kind};
use super::{Context, Flow};
use crate::finding::{Evidence, Finding, Severity};

/// One Attribute of the assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub node: usize,
    pub name: String,
    pub name_format: Option<String>,
    pub values: Vec<String>,
    pub value_nodes: Vec<usize>,
}

pub struct Msg<'a> {
    pub doc: &'a Doc,
    pub dec: &'a Decoded,
    pub ctx: &'a Context,
    pub flow: Flow,
    pub root: usize,
    /// Every Assertion element in the document (document order).
    pub assertions: Vec<usize>,
    /// The assertion the checks read: the first one.
    pub assertion: Option<usize>,
    pub attributes: Vec<Attribute>,
    pub findings: Vec<Finding>,
    pub highlights: Vec<u32>,
    /// Each signature explained (filled by `rules::dsig`).
    pub signature_reports: Vec<super::rules::dsig::SignatureReport>,
}

pub const SKEW_MS: i64 = 5 * 60 * 1000;

impl<'a> Msg<'a> {
    pub fn new(doc: &'a Doc, dec: &'a Decoded, ctx: &'a Context, flow: Flow) -> Self {
        let root = doc.root;
        let assertions = doc.descendants(root, "Assertion");
        let assertion = assertions.first().copied();
        let mut attributes = Vec::new();
        if let Some(a) = assertion {
            for st in doc.children_named(a, "AttributeStatement") {
                for at in doc.children_named(st, "Attribute") {
                    let n = doc.node(at);
                    let value_nodes: Vec<usize> =
                        doc.children_named(at, "AttributeValue").collect();
                    attributes.push(Attribute {
                        node: at,
                        name: n.attr("Name").unwrap_or("").to_string(),
                        name_format: n.attr("NameFormat").map(str::to_string),
                        values: value_nodes.iter().map(|v| doc.text(*v)).collect(),
                        value_nodes,
                    });
                }
            }
        }
        Msg {
            doc,
            dec,
            ctx,
            flow,
            root,
            assertions,
            assertion,
            attributes,
            findings: Vec::new(),
            highlights: Vec::new(),
            signature_reports: Vec::new(),
        }
    }

    /// Evidence at node `n` (line/column of the pretty-printed XML).
    pub fn ev(&self, n: usize, value: impl Into<String>) -> Evidence {
        let node = self.doc.node(n);
        let node = if node.kind == Kind::Element {
            node
        } else {
            node.parent.map(|p| self.doc.node(p)).unwrap_or(node)
        };
        let path = self.doc.path(n);
        Evidence::new(value, format!("{path} (pretty-printed XML)"))
            .at(node.pretty_line, node.pretty_col)
    }

    pub fn push(&mut self, f: Finding) {
        if f.severity != Severity::Pass && f.severity != Severity::Info {
            if let Some(l) = f.evidence.as_ref().and_then(|e| e.line) {
                self.highlights.push(l);
            }
        }
        self.findings.push(f);
    }

    pub fn attr_named(&self, name: &str) -> Vec<&Attribute> {
        self.attributes.iter().filter(|a| a.name == name).collect()
    }

    /// The first NameID in the assertion's Subject.
    pub fn nameid(&self) -> Option<usize> {
        let a = self.assertion?;
        let s = self.doc.child(a, "Subject")?;
        self.doc.child(s, "NameID")
    }

    pub fn conditions(&self) -> Option<usize> {
        self.doc.child(self.assertion?, "Conditions")
    }

    pub fn audiences(&self) -> Vec<(usize, String)> {
        let Some(c) = self.conditions() else {
            return Vec::new();
        };
        self.doc
            .children_named(c, "AudienceRestriction")
            .flat_map(|ar| self.doc.children_named(ar, "Audience").collect::<Vec<_>>())
            .map(|a| (a, self.doc.text(a).trim().to_string()))
            .collect()
    }

    /// SubjectConfirmationData elements of the assertion's Subject.
    pub fn subject_confirmations(&self) -> Vec<usize> {
        let Some(a) = self.assertion else {
            return Vec::new();
        };
        let Some(s) = self.doc.child(a, "Subject") else {
            return Vec::new();
        };
        self.doc.children_named(s, "SubjectConfirmation").collect()
    }

    pub fn recipients(&self) -> Vec<(usize, String)> {
        self.subject_confirmations()
            .into_iter()
            .filter_map(|sc| self.doc.child(sc, "SubjectConfirmationData"))
            .filter_map(|d| {
                self.doc
                    .node(d)
                    .attr("Recipient")
                    .map(|r| (d, r.to_string()))
            })
            .collect()
    }

    pub fn destination(&self) -> Option<String> {
        self.doc.root().attr("Destination").map(str::to_string)
    }

    pub fn is_response(&self) -> bool {
        self.doc.root().name == "Response"
    }
}
