//! The per-message working state the rules share: tree, context, flow, and the findings collected.

use super::decode::Decoded;
use std::collections::{HashMap, HashSet};

use super::ns;
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

/// One XML-DSig `<ds:Signature>` of the message, read once (no rule rescans the document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigInfo {
    pub node: usize,
    /// The element the signature sits in (the element an enveloped signature signs).
    pub parent: usize,
    /// `SignedInfo/Reference` elements.
    pub refs: Vec<usize>,
    /// URI of the first Reference.
    pub uri: Option<String>,
    /// The element the first Reference points at: the root for `URI=""`, the element carrying the
    /// ID for `#ID` when exactly one element carries it; `None` when missing or ambiguous.
    pub target: Option<usize>,
}

impl SigInfo {
    /// Does this signature cover element `e` as the SAML profile requires: enveloped in `e`, with
    /// its only Reference pointing at `e`?
    pub fn covers(&self, e: usize) -> bool {
        self.parent == e && self.refs.len() == 1 && self.target == Some(e)
    }
}

/// Most findings of one check listed per message; the rest are summed up in one finding, so that
/// 16,000 hostile signatures give a report of bounded size.
pub const MAX_FINDINGS_PER_CHECK: usize = 1000;

pub struct Msg<'a> {
    pub doc: &'a Doc,
    pub dec: &'a Decoded,
    pub ctx: &'a Context,
    pub flow: Flow,
    pub root: usize,
    /// Every SAML 2.0 Assertion element in the document (document order).
    pub assertions: Vec<usize>,
    /// The assertion the checks read: the one a signature covers (see `assertion_reason`).
    pub assertion: Option<usize>,
    /// Why `assertion` was chosen, for the report.
    pub assertion_reason: String,
    /// Every XML-DSig Signature in the document (document order).
    pub sigs: Vec<SigInfo>,
    /// Elements named like SAML or XML-DSig elements but in another namespace: not SAML elements.
    pub foreign: Vec<usize>,
    pub attributes: Vec<Attribute>,
    pub findings: Vec<Finding>,
    pub highlights: Vec<u32>,
    /// Each signature explained (filled by `rules::dsig`).
    pub signature_reports: Vec<super::rules::dsig::SignatureReport>,
    counts: HashMap<String, usize>,
    suppressed: Vec<(Finding, usize)>,
}

pub const SKEW_MS: i64 = 5 * 60 * 1000;

/// Local names that are SAML or XML-DSig elements in their own namespace: found in another
/// namespace, they are look-alikes that a local-name matcher would mistake for the real thing.
const LOOKALIKES: &[(&str, &str)] = &[
    ("Assertion", ns::SAML),
    ("EncryptedAssertion", ns::SAML),
    ("Issuer", ns::SAML),
    ("Subject", ns::SAML),
    ("NameID", ns::SAML),
    ("Conditions", ns::SAML),
    ("AttributeStatement", ns::SAML),
    ("Response", ns::SAMLP),
    ("Status", ns::SAMLP),
    ("Signature", ns::DSIG),
    ("SignedInfo", ns::DSIG),
    ("Reference", ns::DSIG),
    ("X509Certificate", ns::DSIG),
];

/// Reads every Signature once: its parent, references and what the first reference resolves to.
pub fn signatures(doc: &Doc, root: usize) -> Vec<SigInfo> {
    doc.descendants_ns(root, ns::DSIG, "Signature")
        .into_iter()
        .map(|s| {
            let refs: Vec<usize> = doc
                .child_ns(s, ns::DSIG, "SignedInfo")
                .map(|si| doc.children_ns(si, ns::DSIG, "Reference").collect())
                .unwrap_or_default();
            let uri = refs
                .first()
                .map(|r| doc.node(*r).attr("URI").unwrap_or("").to_string());
            let target = match uri.as_deref() {
                Some("") => Some(root),
                Some(u) => u.strip_prefix('#').and_then(|id| match doc.by_id(id) {
                    [one] => Some(*one),
                    _ => None,
                }),
                None => None,
            };
            SigInfo {
                node: s,
                parent: doc.node(s).parent.unwrap_or(root),
                refs,
                uri,
                target,
            }
        })
        .collect()
}

/// Picks the assertion the rules read: the one its own signature covers; else, when the Response's
/// signature covers the whole message, the Response's direct child; else the first direct child.
fn choose_assertion(
    doc: &Doc,
    root: usize,
    assertions: &[usize],
    sigs: &[SigInfo],
) -> (Option<usize>, String) {
    let id = |a: usize| doc.node(a).attr("ID").unwrap_or("(none)").to_string();
    let covered: HashSet<usize> = sigs
        .iter()
        .filter(|s| s.covers(s.parent))
        .map(|s| s.parent)
        .collect();
    let direct = |a: &usize| doc.node(*a).parent == Some(root) || *a == root;
    let signed: Vec<usize> = assertions
        .iter()
        .copied()
        .filter(|a| covered.contains(a))
        .collect();
    if let Some(a) = signed
        .iter()
        .copied()
        .find(direct)
        .or(signed.first().copied())
    {
        return (
            Some(a),
            format!(
                "the Assertion with ID {} is analyzed because its own signature covers it",
                id(a)
            ),
        );
    }
    let first_direct = assertions.iter().copied().find(direct);
    if covered.contains(&root) {
        if let Some(a) = first_direct {
            return (Some(a), format!("no signature covers an Assertion by itself; the Assertion with ID {} is analyzed because it is the Response's direct child, covered by the Response's signature", id(a)));
        }
    }
    match first_direct.or(assertions.first().copied()) {
        Some(a) => (
            Some(a),
            format!(
                "no signature covers any Assertion; the first {}Assertion (ID {}) is analyzed",
                if direct(&a) { "direct-child " } else { "" },
                id(a)
            ),
        ),
        None => (None, "the message holds no SAML 2.0 Assertion".into()),
    }
}

impl<'a> Msg<'a> {
    pub fn new(doc: &'a Doc, dec: &'a Decoded, ctx: &'a Context, flow: Flow) -> Self {
        let root = doc.root;
        let mut assertions = Vec::new();
        let mut foreign = Vec::new();
        for i in doc.subtree(root) {
            let n = doc.node(i);
            if n.kind != Kind::Element {
                continue;
            }
            if n.is_ns(ns::SAML, "Assertion") {
                assertions.push(i);
            } else if LOOKALIKES.iter().any(|(l, u)| n.name == *l && n.ns != *u) {
                foreign.push(i);
            }
        }
        let sigs = signatures(doc, root);
        let (assertion, assertion_reason) = choose_assertion(doc, root, &assertions, &sigs);
        let mut attributes = Vec::new();
        if let Some(a) = assertion {
            for st in doc.children_ns(a, ns::SAML, "AttributeStatement") {
                for at in doc.children_ns(st, ns::SAML, "Attribute") {
                    let n = doc.node(at);
                    let value_nodes: Vec<usize> =
                        doc.children_ns(at, ns::SAML, "AttributeValue").collect();
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
            assertion_reason,
            sigs,
            foreign,
            attributes,
            findings: Vec::new(),
            highlights: Vec::new(),
            signature_reports: Vec::new(),
            counts: HashMap::new(),
            suppressed: Vec::new(),
        }
    }

    /// `<prefix:local> in namespace "uri"` for the look-alike elements, at most `max` listed.
    pub fn foreign_list(&self, max: usize) -> String {
        let mut parts: Vec<String> = self
            .foreign
            .iter()
            .take(max)
            .map(|f| {
                let n = self.doc.node(*f);
                let u = if n.ns.is_empty() {
                    "no namespace".to_string()
                } else {
                    format!("namespace {}", n.ns)
                };
                format!("<{}> in {u}", n.qname())
            })
            .collect();
        if self.foreign.len() > max {
            parts.push(format!("and {} more", self.foreign.len() - max));
        }
        parts.join(", ")
    }

    /// Look-alikes named `local`.
    pub fn foreign_named(&self, local: &str) -> Vec<usize> {
        self.foreign
            .iter()
            .copied()
            .filter(|f| self.doc.node(*f).name == local)
            .collect()
    }

    /// The SAML-assertion-namespace child `local` of `i`.
    pub fn saml_child(&self, i: usize, local: &str) -> Option<usize> {
        self.doc.child_ns(i, ns::SAML, local)
    }

    /// Is the root the SAML 2.0 protocol element `local`?
    pub fn root_is(&self, local: &str) -> bool {
        let ns_uri = if local == "Assertion" {
            ns::SAML
        } else {
            ns::SAMLP
        };
        self.doc.is_ns(self.root, ns_uri, local)
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
        if f.severity != Severity::Pass {
            let c = self.counts.entry(f.check.clone()).or_insert(0);
            *c += 1;
            if *c > MAX_FINDINGS_PER_CHECK {
                match self.suppressed.iter_mut().find(|(x, _)| x.check == f.check) {
                    Some((x, n)) => {
                        *n += 1;
                        x.severity = x.severity.min(f.severity);
                    }
                    None => self.suppressed.push((f, 1)),
                }
                return;
            }
        }
        if f.severity != Severity::Pass && f.severity != Severity::Info {
            if let Some(l) = f.evidence.as_ref().and_then(|e| e.line) {
                self.highlights.push(l);
            }
        }
        self.findings.push(f);
    }

    /// Adds one summary finding per check whose findings were cut at [`MAX_FINDINGS_PER_CHECK`].
    pub fn finish(&mut self) {
        for (mut f, n) in std::mem::take(&mut self.suppressed) {
            f.message = format!(
                "and {n} more findings of this check, not listed (the first {MAX_FINDINGS_PER_CHECK} are)"
            );
            f.evidence = None;
            self.findings.push(f);
        }
    }

    pub fn attr_named(&self, name: &str) -> Vec<&Attribute> {
        self.attributes.iter().filter(|a| a.name == name).collect()
    }

    /// The first NameID in the assertion's Subject.
    pub fn nameid(&self) -> Option<usize> {
        let a = self.assertion?;
        let s = self.saml_child(a, "Subject")?;
        self.saml_child(s, "NameID")
    }

    pub fn conditions(&self) -> Option<usize> {
        self.saml_child(self.assertion?, "Conditions")
    }

    pub fn audiences(&self) -> Vec<(usize, String)> {
        let Some(c) = self.conditions() else {
            return Vec::new();
        };
        self.doc
            .children_ns(c, ns::SAML, "AudienceRestriction")
            .flat_map(|ar| {
                self.doc
                    .children_ns(ar, ns::SAML, "Audience")
                    .collect::<Vec<_>>()
            })
            .map(|a| (a, self.doc.text(a).trim().to_string()))
            .collect()
    }

    /// SubjectConfirmationData elements of the assertion's Subject.
    pub fn subject_confirmations(&self) -> Vec<usize> {
        let Some(a) = self.assertion else {
            return Vec::new();
        };
        let Some(s) = self.saml_child(a, "Subject") else {
            return Vec::new();
        };
        self.doc
            .children_ns(s, ns::SAML, "SubjectConfirmation")
            .collect()
    }

    pub fn recipients(&self) -> Vec<(usize, String)> {
        self.subject_confirmations()
            .into_iter()
            .filter_map(|sc| self.saml_child(sc, "SubjectConfirmationData"))
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
        self.root_is("Response")
    }
}
