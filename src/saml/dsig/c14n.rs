//! Canonical XML on the project's own parse (`saml::xml::Doc`): exclusive c14n 1.0 (with and
//! without comments, InclusiveNamespaces PrefixList) and inclusive c14n 1.0, for the subtree of
//! one element minus an excluded subtree (the enveloped signature).
//!
//! Written straight from the tree: no generic XML writer and no second parser, so what is digested
//! is exactly what the checks read. Namespace scope is rebuilt from the `xmlns` attributes the
//! parser keeps in document order.

use crate::saml::xml::{Doc, Kind, Node};

pub const XML_NS: &str = crate::saml::ns::XML;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// http://www.w3.org/2001/10/xml-exc-c14n#
    Exclusive,
    /// http://www.w3.org/TR/2001/REC-xml-c14n-20010315
    Inclusive,
}

/// A canonicalization algorithm with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct C14n {
    pub method: Method,
    pub with_comments: bool,
    /// Exclusive only: prefixes treated as in inclusive c14n (`#default` for the default namespace,
    /// stored as "").
    pub inclusive_prefixes: Vec<String>,
}

impl C14n {
    /// The algorithm for a Transform / CanonicalizationMethod URI.
    pub fn from_uri(uri: &str) -> Option<C14n> {
        let (method, with_comments) = match uri {
            "http://www.w3.org/2001/10/xml-exc-c14n#" => (Method::Exclusive, false),
            "http://www.w3.org/2001/10/xml-exc-c14n#WithComments" => (Method::Exclusive, true),
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315" => (Method::Inclusive, false),
            "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments" => {
                (Method::Inclusive, true)
            }
            _ => return None,
        };
        Some(C14n {
            method,
            with_comments,
            inclusive_prefixes: Vec::new(),
        })
    }

    pub fn name(&self) -> String {
        let m = match self.method {
            Method::Exclusive => "exclusive c14n 1.0",
            Method::Inclusive => "inclusive c14n 1.0",
        };
        let mut s = m.to_string();
        if self.with_comments {
            s.push_str(" with comments");
        }
        if !self.inclusive_prefixes.is_empty() {
            let p: Vec<&str> = self
                .inclusive_prefixes
                .iter()
                .map(|p| if p.is_empty() { "#default" } else { p.as_str() })
                .collect();
            s.push_str(&format!(" (InclusiveNamespaces {})", p.join(" ")));
        }
        s
    }
}

/// Namespace bindings in scope as a stack of (prefix, uri) borrowed from the document: an element
/// pushes its declarations and its close truncates them, so no element copies its scope (a 10 MB
/// assertion has tens of thousands of elements). Later entries shadow earlier ones.
#[derive(Default, Debug)]
struct Scope<'a>(Vec<(&'a str, &'a str)>);

impl<'a> Scope<'a> {
    fn get(&self, prefix: &str) -> Option<&'a str> {
        if prefix == "xml" {
            return Some(XML_NS);
        }
        self.0
            .iter()
            .rev()
            .find(|(p, _)| *p == prefix)
            .map(|(_, u)| *u)
    }
    fn push(&mut self, prefix: &'a str, uri: &'a str) {
        self.0.push((prefix, uri));
    }
    fn mark(&self) -> usize {
        self.0.len()
    }
    fn truncate(&mut self, mark: usize) {
        self.0.truncate(mark);
    }
}

/// Applies the namespace declarations of `n` to `scope`.
fn declare<'a>(scope: &mut Scope<'a>, n: &'a Node) {
    for d in &n.ns_decls {
        scope.push(&d.prefix, &d.uri);
    }
}

/// The namespaces in scope at element `el` (its own declarations included).
fn scope_at(doc: &Doc, el: usize) -> Scope<'_> {
    let mut chain = vec![el];
    let mut n = el;
    while let Some(p) = doc.node(n).parent {
        chain.push(p);
        n = p;
    }
    let mut s = Scope::default();
    for i in chain.iter().rev() {
        declare(&mut s, doc.node(*i));
    }
    s
}

fn esc_text(out: &mut Vec<u8>, s: &str) {
    for b in s.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(b),
        }
    }
}

fn esc_attr(out: &mut Vec<u8>, s: &str) {
    for b in s.bytes() {
        match b {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'"' => out.extend_from_slice(b"&quot;"),
            b'\t' => out.extend_from_slice(b"&#x9;"),
            b'\n' => out.extend_from_slice(b"&#xA;"),
            b'\r' => out.extend_from_slice(b"&#xD;"),
            _ => out.push(b),
        }
    }
}

/// Canonicalizes the subtree of element `apex`, leaving out the subtree of `exclude` (the enveloped
/// Signature) when given. Iterative (no recursion on hostile depth) and linear in the subtree size
/// plus the namespace declarations rendered.
pub fn canonicalize<'a>(
    doc: &'a Doc,
    apex: usize,
    exclude: Option<usize>,
    alg: &'a C14n,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(doc.node(apex).end.saturating_sub(doc.node(apex).start));
    // The scope of the apex's parent: inherited bindings.
    let mut scope = match doc.node(apex).parent {
        Some(p) => scope_at(doc, p),
        None => Scope::default(),
    };
    // Inclusive c14n of a document subset: the apex also carries its ancestors' xml:* attributes.
    let mut inherited_xml_attrs: Vec<(&str, &str)> = Vec::new();
    if alg.method == Method::Inclusive {
        let mut n = apex;
        while let Some(p) = doc.node(n).parent {
            for a in &doc.node(p).attrs {
                if a.ns == XML_NS && !inherited_xml_attrs.iter().any(|(q, _)| **q == *a.local) {
                    inherited_xml_attrs.push((&a.local, &a.value));
                }
            }
            n = p;
        }
    }
    enum Step {
        Open(usize),
        /// The element, and the scope and rendered marks to go back to.
        Close(usize, usize, usize),
    }
    // What the output has rendered so far (same stack discipline as `scope`).
    let mut rendered = Scope::default();
    // Buffers reused for every element.
    let mut ns: Vec<(&str, &str)> = Vec::new();
    let mut want: Vec<&str> = Vec::new();
    let mut attrs: Vec<(&str, &str, &str, &str)> = Vec::new();
    let mut stack = vec![Step::Open(apex)];
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(i, scope_mark, rendered_mark) => {
                let n = doc.node(i);
                out.extend_from_slice(b"</");
                out.extend_from_slice(n.qname().as_bytes());
                out.push(b'>');
                scope.truncate(scope_mark);
                rendered.truncate(rendered_mark);
            }
            Step::Open(i) => {
                if Some(i) == exclude {
                    continue;
                }
                let n = doc.node(i);
                match n.kind {
                    Kind::Text | Kind::CData => esc_text(&mut out, &n.text),
                    Kind::Comment | Kind::Pi => leaf(&mut out, n, alg),
                    Kind::Element => {
                        let (scope_mark, rendered_mark) = (scope.mark(), rendered.mark());
                        declare(&mut scope, n);
                        namespaces_to_render(n, &scope, &rendered, alg, &mut want, &mut ns);
                        for &(p, u) in &ns {
                            rendered.push(p, u);
                        }
                        out.push(b'<');
                        out.extend_from_slice(n.qname().as_bytes());
                        for (p, u) in &ns {
                            if p.is_empty() {
                                out.extend_from_slice(b" xmlns=\"");
                            } else {
                                out.extend_from_slice(b" xmlns:");
                                out.extend_from_slice(p.as_bytes());
                                out.extend_from_slice(b"=\"");
                            }
                            esc_attr(&mut out, u);
                            out.push(b'"');
                        }
                        // (namespace URI, local name, prefix, value), sorted by URI then local name.
                        attrs.clear();
                        attrs.extend(
                            n.attrs
                                .iter()
                                .map(|a| (&*a.ns, &*a.local, &*a.prefix, a.value.as_str())),
                        );
                        if i == apex {
                            for &(local, v) in &inherited_xml_attrs {
                                if !attrs.iter().any(|a| a.0 == XML_NS && a.1 == local) {
                                    attrs.push((XML_NS, local, "xml", v));
                                }
                            }
                        }
                        attrs.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
                        for &(_, local, prefix, v) in &attrs {
                            out.push(b' ');
                            if !prefix.is_empty() {
                                out.extend_from_slice(prefix.as_bytes());
                                out.push(b':');
                            }
                            out.extend_from_slice(local.as_bytes());
                            out.extend_from_slice(b"=\"");
                            esc_attr(&mut out, v);
                            out.push(b'"');
                        }
                        out.push(b'>');
                        stack.push(Step::Close(i, scope_mark, rendered_mark));
                        stack.extend(n.children.iter().rev().map(|c| Step::Open(*c)));
                    }
                }
            }
        }
    }
    out
}

/// A comment (only with comments) or processing instruction.
fn leaf(out: &mut Vec<u8>, n: &Node, alg: &C14n) {
    match n.kind {
        Kind::Comment if alg.with_comments => {
            out.extend_from_slice(b"<!--");
            out.extend_from_slice(n.text.as_bytes());
            out.extend_from_slice(b"-->");
        }
        Kind::Pi => {
            let t = n.text.trim_start();
            let (target, data) = match t.find(|c: char| c.is_whitespace()) {
                Some(k) => (&t[..k], t[k..].trim_start()),
                None => (t, ""),
            };
            out.extend_from_slice(b"<?");
            out.extend_from_slice(target.as_bytes());
            if !data.is_empty() {
                out.push(b' ');
                out.extend_from_slice(data.as_bytes());
            }
            out.extend_from_slice(b"?>");
        }
        _ => {}
    }
}

/// Canonicalizes a whole document (`URI=""` without the enveloped signature, and the W3C test
/// vectors): comments and PIs outside the root element are separated from it by line feeds.
pub fn canonicalize_document(doc: &Doc, exclude: Option<usize>, alg: &C14n) -> Vec<u8> {
    let mut out = Vec::new();
    for &p in doc.prolog.iter().filter(|p| **p < doc.root) {
        let n = doc.node(p);
        if n.kind == Kind::Pi || alg.with_comments {
            leaf(&mut out, n, alg);
            out.push(b'\n');
        }
    }
    out.extend(canonicalize(doc, doc.root, exclude, alg));
    for &p in doc.prolog.iter().filter(|p| **p > doc.root) {
        let n = doc.node(p);
        if n.kind == Kind::Pi || alg.with_comments {
            out.push(b'\n');
            leaf(&mut out, n, alg);
        }
    }
    out
}

/// The namespace declarations element `n` renders, sorted by prefix (default first), into `out`.
fn namespaces_to_render<'a>(
    n: &'a Node,
    scope: &Scope<'a>,
    done: &Scope<'a>,
    alg: &'a C14n,
    want: &mut Vec<&'a str>,
    out: &mut Vec<(&'a str, &'a str)>,
) {
    want.clear();
    out.clear();
    match alg.method {
        Method::Inclusive => {
            // Every prefix in scope (sort and dedup below keep each once; `get` finds its
            // innermost binding). The default namespace matters even when undeclared here
            // (xmlns="" rule below).
            want.extend(scope.0.iter().map(|(p, _)| *p));
            want.push("");
        }
        Method::Exclusive => {
            want.push(&n.prefix);
            for a in &n.attrs {
                if !a.prefix.is_empty() {
                    want.push(&a.prefix);
                }
            }
            want.extend(alg.inclusive_prefixes.iter().map(String::as_str));
        }
    }
    want.sort_unstable();
    want.dedup();
    for &p in want.iter() {
        if p == "xml" {
            continue;
        }
        let uri = scope.get(p).unwrap_or("");
        let prior = done.get(p).unwrap_or("");
        if p.is_empty() {
            // xmlns="" only undoes a non-empty default rendered by an output ancestor.
            if uri != prior {
                out.push((p, uri));
            }
        } else if !uri.is_empty() && done.get(p) != Some(uri) {
            out.push((p, uri));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::saml::xml::parse;

    fn c(xml: &str, uri: &str) -> String {
        let d = parse(xml).expect("parses");
        let alg = C14n::from_uri(uri).expect("alg");
        String::from_utf8(canonicalize(&d, d.root, None, &alg)).expect("utf8")
    }

    const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
    const INC: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";

    #[test]
    fn empty_elements_attribute_order_and_escapes() {
        assert_eq!(
            c(
                r#"<a b="2" a="1" xmlns:z="urn:z" z:c="&lt;&amp;&quot;"><e/>t&gt;</a>"#,
                EXC
            ),
            r#"<a xmlns:z="urn:z" a="1" b="2" z:c="&lt;&amp;&quot;"><e></e>t&gt;</a>"#
        );
    }

    #[test]
    fn exclusive_drops_unused_inclusive_keeps() {
        let x = r#"<r xmlns:u="urn:unused" xmlns="urn:d"><p:x xmlns:p="urn:p"/></r>"#;
        let d = parse(x).unwrap();
        let inner = d.elements(d.root).next().unwrap();
        let e = canonicalize(&d, inner, None, &C14n::from_uri(EXC).unwrap());
        assert_eq!(
            String::from_utf8(e).unwrap(),
            r#"<p:x xmlns:p="urn:p"></p:x>"#
        );
        let i = canonicalize(&d, inner, None, &C14n::from_uri(INC).unwrap());
        assert_eq!(
            String::from_utf8(i).unwrap(),
            r#"<p:x xmlns="urn:d" xmlns:p="urn:p" xmlns:u="urn:unused"></p:x>"#
        );
    }
}
