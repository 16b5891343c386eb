//! Safe, namespace-aware XML parsing into a small read-only tree, ready for exclusive
//! canonicalization. No DTDs, no entity expansion beyond the five predefined entities and character
//! references, bounded depth, node count and attribute count.
//!
//! # The tree (stable API: later changes are additive only)
//! - [`parse`] returns a [`Doc`]: `doc.nodes` in document order (a node's index is its order), and
//!   `doc.root`, the document element. Every node has `kind`, `parent`, `children` (all child nodes,
//!   document order), `depth` (root = 1), and `start`/`end`, byte offsets in the parsed text.
//! - Elements ([`Kind::Element`]): `ns` is the namespace URI resolved from the declarations in scope
//!   (empty = no namespace), `prefix` as written (empty = none), `name` the local name. `ns_decls`
//!   are the element's own namespace declarations as written, document order: `prefix` empty for the
//!   default `xmlns="..."`, `uri` empty for an undeclaration (`xmlns=""`). Declarations are NOT in
//!   `attrs`.
//! - Attributes ([`Attr`]): `ns` (empty for unprefixed attributes, which have no namespace),
//!   `prefix`, `local`, and `value`: the value normalized by quick-xml's
//!   `Attribute::normalized_value` (references resolved, tab/CR/LF replaced by spaces, as XML
//!   attribute-value normalization requires). Document order; `qname()` rebuilds `prefix:local`.
//! - Text ([`Kind::Text`]): the exact character data (references resolved by quick-xml, line ends
//!   normalized to `\n` by `BytesText::xml_content`, whitespace kept; adjacent text split by
//!   references is one node). [`Kind::CData`]: the section's content, marked as CDATA.
//!   [`Kind::Comment`] and [`Kind::Pi`] nodes are kept (also outside the root element) with their
//!   content in `text`.
//! - Matching: [`Node::is_ns`], [`Doc::is_ns`], [`Doc::child_ns`], [`Doc::children_ns`],
//!   [`Doc::descendants_ns`], [`Node::attr_ns`]; [`Node::attr`] reads an attribute WITHOUT a
//!   namespace (what `ID`, `Version`, `URI` are). Namespace URIs are in [`super::ns`].
//! - Namespaces in scope: [`Doc::in_scope_ns`] (every prefix visible at an element, nearest
//!   declaration wins, sorted by prefix; the implicit `xml` prefix is not listed) and
//!   [`Doc::lookup_prefix`] (for QName values such as `xsi:type="xs:string"`).
//! - IDs: [`Doc::by_id`] and [`Doc::ids`], an index built once during the parse of every
//!   unprefixed `ID`, `AssertionID` and `Id` attribute and `xml:id` (what `Reference URI="#..."`
//!   points at), value → elements in document order (more than one = a duplicated ID).
//! - Limits: [`MAX_DEPTH`], [`MAX_NODES`], [`MAX_ATTRS`]; the byte cap is the caller's
//!   (`decode::MAX_BYTES`). Exceeding one is a [`ParseError`] whose kind names the limit.
//! - `Name` is an interned, cheaply cloned string (`Deref<Target = str>`, compares with `&str`).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::ns;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;
/// Most nodes (elements, text, comments, ...) accepted in one document. A 10 MB response with
/// 20,000 attributes has about 120,000; the cap keeps the tree's memory near 100 MB.
pub const MAX_NODES: usize = 500_000;
/// Most attributes (namespace declarations included) accepted in one document.
pub const MAX_ATTRS: usize = 500_000;

/// Unprefixed attribute names that carry an element's ID (what `Reference URI="#x"` resolves).
pub const ID_ATTRS: [&str; 3] = ["ID", "AssertionID", "Id"];

/// An interned name or namespace URI: one allocation per distinct string per document.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(Arc<str>);

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, o: &str) -> bool {
        &*self.0 == o
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, o: &&str) -> bool {
        &*self.0 == *o
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Default for Name {
    fn default() -> Self {
        Name(Arc::from(""))
    }
}

impl From<Name> for String {
    fn from(n: Name) -> String {
        n.0.to_string()
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(Arc::from(s))
    }
}

/// Interns names so that 500,000 `<saml2:AttributeValue>` share one allocation per string.
#[derive(Default)]
struct Interner {
    set: HashSet<Name>,
    empty: Name,
}

impl Interner {
    fn get(&mut self, s: &str) -> Name {
        if s.is_empty() {
            return self.empty.clone();
        }
        if let Some(n) = self.set.get(s) {
            return n.clone();
        }
        let n = Name::from(s);
        self.set.insert(n.clone());
        n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Element,
    Text,
    CData,
    Comment,
    Pi,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Namespace URI; empty for an unprefixed attribute (attributes never take the default namespace).
    pub ns: Name,
    /// Prefix as written; empty for none.
    pub prefix: Name,
    pub local: Name,
    /// The normalized value (references resolved, whitespace characters turned into spaces).
    pub value: String,
}

impl Attr {
    /// Qualified name as written (`xsi:type`, `ID`).
    pub fn qname(&self) -> String {
        if self.prefix.is_empty() {
            self.local.to_string()
        } else {
            format!("{}:{}", self.prefix, self.local)
        }
    }
}

/// One namespace declaration as written on an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NsDecl {
    /// Empty for the default namespace (`xmlns="..."`).
    pub prefix: Name,
    /// Empty for an undeclaration of the default namespace (`xmlns=""`).
    pub uri: Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    /// Resolved namespace URI of an element; empty for no namespace and for non-elements.
    pub ns: Name,
    /// Prefix as written; empty for none.
    pub prefix: Name,
    /// Local name for elements; empty otherwise.
    pub name: Name,
    /// The element's own namespace declarations, document order.
    pub ns_decls: Vec<NsDecl>,
    /// Attributes other than namespace declarations, document order.
    pub attrs: Vec<Attr>,
    /// Text content for text, CDATA, comment and PI nodes.
    pub text: String,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
    /// 1 for the root element; children of a node are one deeper.
    pub depth: usize,
    /// Byte offset of the node's start in the source.
    pub start: usize,
    /// Byte offset just after the node's end in the source.
    pub end: usize,
    /// 1-based line in the pretty-printed XML (filled by `pretty`).
    pub pretty_line: u32,
    pub pretty_col: u32,
}

impl Node {
    /// The value of the attribute `local` that has NO namespace (`ID`, `Version`, `URI`, ...).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_empty() && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// The value of the attribute `{ns_uri}local`.
    pub fn attr_ns(&self, ns_uri: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns == ns_uri && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// Is this the element `{ns_uri}local`?
    pub fn is_ns(&self, ns_uri: &str, local: &str) -> bool {
        self.kind == Kind::Element && self.name == local && self.ns == ns_uri
    }

    /// Local-name-only test: for vocabularies without namespaces (HAR, HTML forms). SAML, DSig,
    /// Enc and metadata elements are matched with [`Node::is_ns`].
    pub fn is(&self, local: &str) -> bool {
        self.kind == Kind::Element && self.name == local
    }

    /// `prefix:name` as written.
    pub fn qname(&self) -> String {
        if self.prefix.is_empty() {
            self.name.to_string()
        } else {
            format!("{}:{}", self.prefix, self.name)
        }
    }
}

/// Free-function form of [`Node::is_ns`].
pub fn is_ns(node: &Node, ns_uri: &str, local: &str) -> bool {
    node.is_ns(ns_uri, local)
}

/// Which limit a refused document exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Nodes,
    Attributes,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseErrorKind {
    Dtd,
    Malformed,
    Depth,
    /// More than [`MAX_NODES`] nodes or [`MAX_ATTRS`] attributes.
    TooLarge(Limit),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub kind: ParseErrorKind,
    pub message: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub nodes: Vec<Node>,
    pub root: usize,
    line_starts: Vec<usize>,
    ids: HashMap<String, Vec<usize>>,
    /// Comments and PIs outside the root element, document order.
    pub prolog: Vec<usize>,
}

fn line_starts(src: &str) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(
        src.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i + 1),
    );
    v
}

fn line_col_in(starts: &[usize], src: &str, pos: usize) -> (u32, u32) {
    let pos = pos.min(src.len());
    let idx = match starts.binary_search(&pos) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let ls = starts.get(idx).copied().unwrap_or(0);
    let col = src
        .get(ls..pos)
        .map(|s| s.chars().count())
        .unwrap_or(pos - ls);
    (idx as u32 + 1, col as u32 + 1)
}

impl Doc {
    pub fn node(&self, i: usize) -> &Node {
        // Indices are produced by the parser; fall back to the root defensively.
        self.nodes
            .get(i)
            .unwrap_or(&self.nodes[self.root.min(self.nodes.len() - 1)])
    }

    pub fn root(&self) -> &Node {
        self.node(self.root)
    }

    /// 1-based (line, column) of a byte offset in the decoded XML.
    pub fn line_col(&self, src: &str, pos: usize) -> (u32, u32) {
        line_col_in(&self.line_starts, src, pos)
    }

    /// Is node `i` the element `{ns_uri}local`?
    pub fn is_ns(&self, i: usize, ns_uri: &str, local: &str) -> bool {
        self.nodes.get(i).is_some_and(|n| n.is_ns(ns_uri, local))
    }

    /// Element children of `i`.
    pub fn elements(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.node(i)
            .children
            .iter()
            .copied()
            .filter(|c| self.nodes.get(*c).is_some_and(|n| n.kind == Kind::Element))
    }

    /// The first child element `{ns_uri}local` of `i`.
    pub fn child_ns(&self, i: usize, ns_uri: &str, local: &str) -> Option<usize> {
        self.elements(i)
            .find(|c| self.node(*c).is_ns(ns_uri, local))
    }

    /// Every child element `{ns_uri}local` of `i`, document order.
    pub fn children_ns<'a>(
        &'a self,
        i: usize,
        ns_uri: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.elements(i)
            .filter(move |c| self.node(*c).is_ns(ns_uri, local))
    }

    /// Every element `{ns_uri}local` in the subtree of `i` (including `i`), document order.
    /// Linear in the subtree: node indices are document order, so a subtree is a contiguous range.
    pub fn descendants_ns(&self, i: usize, ns_uri: &str, local: &str) -> Vec<usize> {
        self.subtree(i)
            .filter(|n| self.node(*n).is_ns(ns_uri, local))
            .collect()
    }

    /// Indices of `i` and all its descendants (document order).
    pub fn subtree(&self, i: usize) -> std::ops::Range<usize> {
        i..self.subtree_end(i)
    }

    /// One past the last descendant of `i`.
    fn subtree_end(&self, i: usize) -> usize {
        let mut n = i;
        // The last descendant is reached by following last children.
        while let Some(&c) = self.nodes.get(n).and_then(|x| x.children.last()) {
            n = c;
        }
        (n + 1).min(self.nodes.len()).max(i)
    }

    /// Local-name-only children (for vocabularies without namespaces; see [`Node::is`]).
    pub fn child(&self, i: usize, local: &str) -> Option<usize> {
        self.elements(i).find(|c| self.node(*c).name == local)
    }

    /// Local-name-only children (for vocabularies without namespaces; see [`Node::is`]).
    pub fn children_named<'a>(
        &'a self,
        i: usize,
        local: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.elements(i)
            .filter(move |c| self.node(*c).name == local)
    }

    /// Local-name-only descendants (for vocabularies without namespaces; see [`Node::is`]).
    pub fn descendants(&self, i: usize, local: &str) -> Vec<usize> {
        self.subtree(i)
            .filter(|n| self.node(*n).is(local))
            .collect()
    }

    /// Every element, document order.
    pub fn all_elements(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len())
            .filter(|i| self.nodes.get(*i).is_some_and(|n| n.kind == Kind::Element))
    }

    /// Concatenated text of all text/CDATA descendants.
    pub fn text(&self, i: usize) -> String {
        let mut s = String::new();
        for n in self.subtree(i) {
            let node = self.node(n);
            if matches!(node.kind, Kind::Text | Kind::CData) {
                s.push_str(&node.text);
            }
        }
        s
    }

    /// Is `anc` an ancestor of `n`?
    pub fn is_ancestor(&self, anc: usize, n: usize) -> bool {
        anc < n && n < self.subtree_end(anc)
    }

    /// Path like `Response/Assertion/Subject/NameID` (local names).
    pub fn path(&self, mut n: usize) -> String {
        let mut parts = vec![self.node(n).name.clone()];
        while let Some(p) = self.node(n).parent {
            parts.push(self.node(p).name.clone());
            n = p;
        }
        parts.reverse();
        let mut s = String::new();
        for (k, p) in parts.iter().enumerate() {
            if k > 0 {
                s.push('/');
            }
            s.push_str(p);
        }
        s
    }

    /// The namespace URI bound to `prefix` at element `i` (`""` = the default namespace);
    /// `None` when unbound (or the default namespace is undeclared).
    pub fn lookup_prefix(&self, i: usize, prefix: &str) -> Option<&Name> {
        if prefix == "xml" {
            return Some(&XML_NAME);
        }
        let mut cur = Some(i);
        while let Some(c) = cur {
            let n = self.nodes.get(c)?;
            if let Some(d) = n.ns_decls.iter().find(|d| d.prefix == prefix) {
                return if d.uri.is_empty() { None } else { Some(&d.uri) };
            }
            cur = n.parent;
        }
        None
    }

    /// Every namespace in scope at element `i` as (prefix, URI), sorted by prefix (`""` = the
    /// default namespace). The nearest declaration wins; an undeclared default namespace
    /// (`xmlns=""`) is omitted; the implicit `xml` prefix is not listed.
    pub fn in_scope_ns(&self, i: usize) -> Vec<(Name, Name)> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut out = Vec::new();
        let mut cur = Some(i);
        while let Some(c) = cur {
            let Some(n) = self.nodes.get(c) else { break };
            for d in &n.ns_decls {
                if seen.insert(d.prefix.as_str()) && !d.uri.is_empty() {
                    out.push((d.prefix.clone(), d.uri.clone()));
                }
            }
            cur = n.parent;
        }
        out.sort();
        out
    }

    /// Elements whose ID attribute (see [`ID_ATTRS`], `xml:id`) equals `id`, document order.
    pub fn by_id(&self, id: &str) -> &[usize] {
        self.ids.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The whole ID index: value → elements carrying it (document order).
    pub fn ids(&self) -> &HashMap<String, Vec<usize>> {
        &self.ids
    }

    /// The ID-typed attribute value of element `i`, if any (see [`ID_ATTRS`]).
    pub fn id_of(&self, i: usize) -> Option<&str> {
        let n = self.nodes.get(i)?;
        n.attrs
            .iter()
            .find(|a| is_id_attr(a))
            .map(|a| a.value.as_str())
    }
}

static XML_NAME: std::sync::LazyLock<Name> = std::sync::LazyLock::new(|| Name::from(ns::XML));

fn is_id_attr(a: &Attr) -> bool {
    (a.ns.is_empty() && ID_ATTRS.contains(&a.local.as_str()))
        || (a.ns == ns::XML && a.local == "id")
}

fn split_name(q: &str) -> (&str, &str) {
    match q.split_once(':') {
        Some((p, l)) => (p, l),
        None => ("", q),
    }
}

/// Namespace bindings in scope while reading: prefix → stack of URIs, so a lookup is O(1)
/// however many declarations an attacker stacks up.
struct Scopes {
    map: HashMap<Name, Vec<Name>>,
}

impl Scopes {
    fn lookup(&self, prefix: &str) -> Option<&Name> {
        self.map.get(prefix).and_then(|v| v.last())
    }
    fn push(&mut self, prefix: &Name, uri: &Name) {
        self.map
            .entry(prefix.clone())
            .or_default()
            .push(uri.clone());
    }
    fn pop(&mut self, prefix: &str) {
        if let Some(v) = self.map.get_mut(prefix) {
            v.pop();
        }
    }
}

type ErrFn<'a> = dyn Fn(ParseErrorKind, String, usize) -> ParseError + 'a;

struct Builder<'a> {
    nodes: Vec<Node>,
    stack: Vec<usize>,
    root: Option<usize>,
    prolog: Vec<usize>,
    names: Interner,
    scopes: Scopes,
    ids: HashMap<String, Vec<usize>>,
    attr_count: usize,
    version: XmlVersion,
    err: &'a ErrFn<'a>,
}

impl Builder<'_> {
    fn new_node(&self, kind: Kind, parent: Option<usize>, depth: usize, start: usize) -> Node {
        Node {
            kind,
            ns: self.names.empty.clone(),
            prefix: self.names.empty.clone(),
            name: self.names.empty.clone(),
            ns_decls: Vec::new(),
            attrs: Vec::new(),
            text: String::new(),
            children: Vec::new(),
            parent,
            depth,
            start,
            end: start,
            pretty_line: 0,
            pretty_col: 0,
        }
    }

    fn check_node_cap(&self, start: usize) -> Result<(), ParseError> {
        if self.nodes.len() >= MAX_NODES {
            return Err((self.err)(
                ParseErrorKind::TooLarge(Limit::Nodes),
                format!("the XML has more than {MAX_NODES} nodes (elements, text, comments), the node limit; a SAML message never has this many, so the input is refused"),
                start,
            ));
        }
        Ok(())
    }

    fn attach(&mut self, parent: Option<usize>, node: Node) -> usize {
        let id = self.nodes.len();
        self.nodes.push(node);
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(p) => p.children.push(id),
            None => {
                if self.nodes.get(id).is_some_and(|n| n.kind == Kind::Element) {
                    self.root = Some(id);
                } else {
                    self.prolog.push(id);
                }
            }
        }
        id
    }

    fn element(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        start: usize,
        after: usize,
    ) -> Result<(), ParseError> {
        let err = self.err;
        if self.stack.is_empty() && self.root.is_some() {
            return Err(err(
                ParseErrorKind::Malformed,
                "malformed XML: more than one root element".into(),
                start,
            ));
        }
        let depth = self.stack.len() + 1;
        if depth > MAX_DEPTH {
            return Err(err(
                ParseErrorKind::Depth,
                format!("elements are nested more than {MAX_DEPTH} levels deep, the depth limit; a SAML message is never this deep, so the input is refused"),
                start,
            ));
        }
        self.check_node_cap(start)?;
        let qname = e.name();
        let (prefix, local) = split_name(qname.as_ref());
        let qname_s: &str = qname.as_ref();
        // Attributes first, their namespaces resolved once the element's declarations are in scope.
        let mut decls: Vec<NsDecl> = Vec::new();
        let mut attrs: Vec<Attr> = Vec::new();
        for a in e.attributes() {
            let a = a.map_err(|x| {
                err(
                    ParseErrorKind::Malformed,
                    format!("malformed attribute in <{qname_s}>: {x}"),
                    start,
                )
            })?;
            self.attr_count += 1;
            if self.attr_count > MAX_ATTRS {
                return Err(err(
                    ParseErrorKind::TooLarge(Limit::Attributes),
                    format!("the XML has more than {MAX_ATTRS} attributes, the attribute limit; a SAML message never has this many, so the input is refused"),
                    start,
                ));
            }
            let key = a.key.as_ref();
            let value = a
                .normalized_value_with(self.version, 1, resolve_predefined_entity)
                .map_err(|x| err(ParseErrorKind::Malformed, format!("in <{qname_s}> attribute {key}: {x} (only the five predefined entities and character references are allowed)"), start))?;
            if key == "xmlns" || key.starts_with("xmlns:") {
                let p = key
                    .strip_prefix("xmlns")
                    .unwrap_or("")
                    .trim_start_matches(':');
                if p == "xmlns"
                    || (p == "xml" && value != ns::XML)
                    || (p != "xml" && value == ns::XML)
                    || value == ns::XMLNS
                {
                    return Err(err(ParseErrorKind::Malformed, format!("malformed XML: <{qname_s}> declares the reserved namespace binding {key}=\"{value}\""), start));
                }
                if !p.is_empty() && value.is_empty() {
                    return Err(err(ParseErrorKind::Malformed, format!("malformed XML: <{qname_s}> undeclares the prefix {p} (xmlns:{p}=\"\"), which XML 1.0 namespaces do not allow"), start));
                }
                decls.push(NsDecl {
                    prefix: self.names.get(p),
                    uri: self.names.get(&value),
                });
            } else {
                let (ap, al) = split_name(key);
                attrs.push(Attr {
                    ns: self.names.empty.clone(),
                    prefix: self.names.get(ap),
                    local: self.names.get(al),
                    value: value.into_owned(),
                });
            }
        }
        for d in &decls {
            self.scopes.push(&d.prefix, &d.uri);
        }
        let ns_uri = match self.scopes.lookup(prefix) {
            Some(u) => u.clone(),
            None if prefix.is_empty() => self.names.empty.clone(),
            None if prefix == "xml" => self.names.get(ns::XML),
            None => {
                return Err(err(ParseErrorKind::Malformed, format!("malformed XML: the prefix \"{prefix}\" of <{qname_s}> is not declared (no xmlns:{prefix}=\"...\" in scope), so the element's namespace is unknown"), start));
            }
        };
        let prefixed = attrs.iter().filter(|a| !a.prefix.is_empty()).count();
        let mut seen: Option<HashSet<(Name, Name)>> = None;
        for k in 0..attrs.len() {
            let Some(a) = attrs.get(k) else { break };
            let (ap, al) = (a.prefix.clone(), a.local.clone());
            if ap.is_empty() {
                continue;
            }
            let ans = if ap == "xml" {
                self.names.get(ns::XML)
            } else {
                match self.scopes.lookup(&ap) {
                    Some(u) if !u.is_empty() => u.clone(),
                    _ => return Err(err(ParseErrorKind::Malformed, format!("malformed XML: the prefix \"{ap}\" of attribute {ap}:{al} in <{qname_s}> is not declared"), start)),
                }
            };
            // Two prefixes bound to one URI can still name the same attribute twice.
            let dup = if prefixed <= 8 {
                attrs
                    .get(..k)
                    .unwrap_or(&[])
                    .iter()
                    .any(|b| b.ns == ans && b.local == al && !b.prefix.is_empty())
            } else {
                !seen
                    .get_or_insert_with(HashSet::new)
                    .insert((ans.clone(), al.clone()))
            };
            if dup {
                return Err(err(
                    ParseErrorKind::Malformed,
                    format!("malformed XML: attribute {{{ans}}}{al} appears twice in <{qname_s}>"),
                    start,
                ));
            }
            if let Some(a) = attrs.get_mut(k) {
                a.ns = ans;
            }
        }
        let parent = self.stack.last().copied();
        let mut n = self.new_node(Kind::Element, parent, depth, start);
        n.ns = ns_uri;
        n.prefix = self.names.get(prefix);
        n.name = self.names.get(local);
        n.ns_decls = decls;
        n.attrs = attrs;
        n.end = after;
        let id = self.nodes.len();
        for a in &n.attrs {
            if is_id_attr(a) {
                // No key copy for an ID already seen (16 MB of one duplicated ID).
                match self.ids.get_mut(a.value.as_str()) {
                    Some(v) => v.push(id),
                    None => {
                        self.ids.insert(a.value.clone(), vec![id]);
                    }
                }
            }
        }
        self.attach(parent, n);
        if empty {
            self.close(id);
        } else {
            self.stack.push(id);
        }
        Ok(())
    }

    /// Leaves element `id`: its declarations go out of scope.
    fn close(&mut self, id: usize) {
        let Some(n) = self.nodes.get(id) else { return };
        for d in &n.ns_decls {
            self.scopes.pop(&d.prefix);
        }
    }

    fn text(&mut self, s: &str, kind: Kind, start: usize, end: usize) -> Result<(), ParseError> {
        let Some(&parent) = self.stack.last() else {
            if s.trim().is_empty() {
                return Ok(());
            }
            let what = if kind == Kind::CData { "CDATA" } else { "text" };
            return Err((self.err)(
                ParseErrorKind::Malformed,
                format!("malformed XML: {what} outside the root element"),
                start,
            ));
        };
        if kind == Kind::Text {
            // Merge with a directly preceding text node (text split by references).
            let last = self
                .nodes
                .get(parent)
                .and_then(|p| p.children.last().copied());
            if let Some(n) = last.and_then(|l| self.nodes.get_mut(l)) {
                if n.kind == Kind::Text && n.end == start {
                    n.text.push_str(s);
                    n.end = end;
                    return Ok(());
                }
            }
        }
        self.leaf(kind, s, start, end)
    }

    fn leaf(&mut self, kind: Kind, s: &str, start: usize, end: usize) -> Result<(), ParseError> {
        self.check_node_cap(start)?;
        let parent = self.stack.last().copied();
        let mut n = self.new_node(kind, parent, self.stack.len() + 1, start);
        n.text = s.to_string();
        n.end = end;
        self.attach(parent, n);
        Ok(())
    }
}

/// Parses `src` into a tree. Refuses DTDs, unknown entities, malformed XML, undeclared prefixes,
/// and documents past [`MAX_DEPTH`], [`MAX_NODES`] or [`MAX_ATTRS`].
pub fn parse(src: &str) -> Result<Doc, ParseError> {
    let starts = line_starts(src);
    let err = |kind: ParseErrorKind, message: String, pos: usize| {
        let (line, column) = line_col_in(&starts, src, pos);
        ParseError {
            kind,
            message,
            line,
            column,
        }
    };
    let mut reader = Reader::from_str(src);
    {
        let c = reader.config_mut();
        c.check_end_names = true;
        c.check_comments = false;
    }
    let mut names = Interner::default();
    let mut map = HashMap::new();
    map.insert(names.get(""), Vec::new());
    let mut b = Builder {
        nodes: Vec::new(),
        stack: Vec::new(),
        root: None,
        prolog: Vec::new(),
        names,
        scopes: Scopes { map },
        ids: HashMap::new(),
        attr_count: 0,
        version: XmlVersion::default(),
        err: &err,
    };
    loop {
        let start = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                return Err(err(
                    ParseErrorKind::Malformed,
                    format!("malformed XML: {e}"),
                    reader.error_position() as usize,
                ))
            }
        };
        let after = reader.buffer_position() as usize;
        match ev {
            Event::DocType(_) => {
                return Err(err(
                    ParseErrorKind::Dtd,
                    "the XML contains a document type declaration (<!DOCTYPE ...>); SAML messages must not contain DTDs or entity declarations, which enable XXE and billion-laughs attacks".into(),
                    start,
                ))
            }
            Event::Start(ref e) => b.element(e, false, start, after)?,
            Event::Empty(ref e) => b.element(e, true, start, after)?,
            Event::End(_) => {
                if let Some(id) = b.stack.pop() {
                    if let Some(n) = b.nodes.get_mut(id) {
                        n.end = after;
                    }
                    b.close(id);
                }
            }
            Event::Text(t) => {
                let s = t.xml_content(b.version);
                b.text(&s, Kind::Text, start, after)?;
            }
            Event::GeneralRef(r) => {
                let resolved: String = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match resolve_predefined_entity(&r) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(err(
                                ParseErrorKind::Dtd,
                                format!("reference to an undeclared entity &{}; (entities are never expanded)", &*r),
                                start,
                            ))
                        }
                    },
                    Err(e) => {
                        return Err(err(ParseErrorKind::Malformed, format!("malformed XML: {e}"), start))
                    }
                };
                b.text(&resolved, Kind::Text, start, after)?;
            }
            Event::CData(c) => {
                let s = c.xml_content(b.version);
                b.text(&s, Kind::CData, start, after)?;
            }
            Event::Comment(c) => {
                let s = c.xml_content(b.version);
                b.leaf(Kind::Comment, &s, start, after)?;
            }
            Event::PI(p) => {
                let s = p.as_ref().to_string();
                b.leaf(Kind::Pi, &s, start, after)?;
            }
            Event::Decl(d) => {
                if let Ok(v) = d.xml_version() {
                    b.version = v;
                }
            }
            Event::Eof => break,
        }
    }
    if let Some(open) = b.stack.last() {
        let name = b.nodes.get(*open).map(|n| n.qname()).unwrap_or_default();
        return Err(err(
            ParseErrorKind::Malformed,
            format!(
                "malformed XML: the document ends before <{name}> is closed (truncated input?)"
            ),
            src.len(),
        ));
    }
    let Some(root) = b.root else {
        return Err(err(
            ParseErrorKind::Malformed,
            "malformed XML: no root element".into(),
            src.len(),
        ));
    };
    let Builder {
        nodes, ids, prolog, ..
    } = b;
    Ok(Doc {
        nodes,
        root,
        line_starts: starts,
        ids,
        prolog,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        let d = parse("<a x=\"1&amp;2\"><b>t&lt;u</b><!--c--></a>").expect("ok");
        assert_eq!(d.root().attr("x"), Some("1&2"));
        let b = d.child(d.root, "b").expect("b");
        assert_eq!(d.text(b), "t<u");
        assert_eq!(
            parse("<!DOCTYPE a><a/>").unwrap_err().kind,
            ParseErrorKind::Dtd
        );
        assert_eq!(parse("<a>&foo;</a>").unwrap_err().kind, ParseErrorKind::Dtd);
        assert_eq!(
            parse("<a x='&foo;'/>").unwrap_err().kind,
            ParseErrorKind::Malformed
        );
        let e = parse("<a>\n  <b></a>").unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::Malformed);
        assert_eq!(e.line, 2);
        let deep = "<a>".repeat(300) + &"</a>".repeat(300);
        assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Depth);
        assert!(parse("<a></a><b/>").is_err());
        assert!(parse("<a>").is_err());
    }

    #[test]
    fn resolves_namespaces_from_the_declarations_in_scope() {
        let src = r#"<p:R xmlns:p="urn:p" xmlns="urn:d" p:x="1" y="2"><A><q:B xmlns:q="urn:p" xmlns:p="urn:other"><p:C/></q:B></A><D xmlns=""/></p:R>"#;
        let d = parse(src).expect("ok");
        let r = d.root();
        assert!(r.is_ns("urn:p", "R"));
        assert_eq!(&*r.prefix, "p");
        assert_eq!(
            r.ns_decls
                .iter()
                .map(|x| (x.prefix.to_string(), x.uri.to_string()))
                .collect::<Vec<_>>(),
            vec![("p".into(), "urn:p".into()), ("".into(), "urn:d".into())]
        );
        assert_eq!(r.attrs.len(), 2, "declarations are not attributes");
        assert_eq!(r.attr_ns("urn:p", "x"), Some("1"));
        assert_eq!(r.attr("x"), None, "p:x has a namespace");
        assert_eq!(r.attr("y"), Some("2"));
        let a = d
            .child_ns(d.root, "urn:d", "A")
            .expect("A takes the default namespace");
        let b = d.child_ns(a, "urn:p", "B").expect("q:B is {urn:p}B");
        let c = d
            .child_ns(b, "urn:other", "C")
            .expect("p is rebound inside B");
        assert!(!d.is_ns(c, "urn:p", "C"));
        assert_eq!(d.descendants_ns(d.root, "urn:p", "B"), vec![b]);
        let dd = d.child(d.root, "D").expect("D");
        assert!(
            d.is_ns(dd, "", "D"),
            "xmlns=\"\" undeclares the default namespace"
        );
        let scope: Vec<(String, String)> = d
            .in_scope_ns(c)
            .into_iter()
            .map(|(p, u)| (p.to_string(), u.to_string()))
            .collect();
        assert_eq!(
            scope,
            vec![
                ("".into(), "urn:d".into()),
                ("p".into(), "urn:other".into()),
                ("q".into(), "urn:p".into())
            ]
        );
        assert!(d.in_scope_ns(dd).iter().all(|(p, _)| !p.is_empty()));
        assert_eq!(
            d.lookup_prefix(c, "p").map(|n| n.as_str()),
            Some("urn:other")
        );
        assert_eq!(d.lookup_prefix(dd, ""), None);
        assert_eq!(
            d.lookup_prefix(dd, "xml").map(|n| n.as_str()),
            Some(ns::XML)
        );
        // Undeclared prefixes and reserved bindings are refused.
        assert_eq!(parse("<x:a/>").unwrap_err().kind, ParseErrorKind::Malformed);
        assert_eq!(
            parse("<a x:y='1'/>").unwrap_err().kind,
            ParseErrorKind::Malformed
        );
        assert!(parse("<a xmlns:p='urn:x' xmlns:q='urn:x' p:y='1' q:y='2'/>").is_err());
        assert!(parse("<a xmlns:xmlns='urn:x'/>").is_err());
        assert!(parse("<a xml:lang='en'/>").is_ok());
    }

    #[test]
    fn keeps_text_cdata_comments_and_normalizes_attributes() {
        let src = "<?xml version=\"1.0\"?><!--pre--><a v=\"x\ty&#10;z &lt;\">  one &amp; two\r\n <![CDATA[<raw>]]><!-- c --><?pi data?></a>";
        let d = parse(src).expect("ok");
        let r = d.root();
        assert_eq!(
            r.attr("v"),
            Some("x y\nz <"),
            "tab → space; &#10; stays a newline"
        );
        let kinds: Vec<Kind> = r.children.iter().map(|c| d.node(*c).kind).collect();
        assert_eq!(
            kinds,
            vec![Kind::Text, Kind::CData, Kind::Comment, Kind::Pi]
        );
        assert_eq!(d.node(r.children[0]).text, "  one & two\n ");
        assert_eq!(d.node(r.children[1]).text, "<raw>");
        assert_eq!(d.node(r.children[2]).text, " c ");
        assert_eq!(d.prolog.len(), 1);
        assert_eq!(d.node(d.prolog[0]).text, "pre");
    }

    #[test]
    fn indexes_ids_once() {
        let d = parse(r#"<r ID="a"><x AssertionID="b"/><y Id="a"/><z xml:id="c"/><w p:ID="d" xmlns:p="urn:p"/></r>"#).expect("ok");
        assert_eq!(d.by_id("a"), &[0, 2]);
        assert_eq!(d.by_id("b"), &[1]);
        assert_eq!(d.by_id("c"), &[3]);
        assert!(
            d.by_id("d").is_empty(),
            "a namespaced ID attribute is not an ID"
        );
        assert_eq!(d.id_of(1), Some("b"));
        assert!(d.is_ancestor(0, 3));
        assert!(!d.is_ancestor(1, 2));
    }

    #[test]
    fn caps_nodes_and_attributes() {
        let many = format!("<a>{}</a>", "<b/>".repeat(MAX_NODES));
        let e = parse(&many).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::TooLarge(Limit::Nodes));
        assert!(e.message.contains("node limit"), "{}", e.message);
        let mut attrs = String::from("<a>");
        for i in 0..=MAX_ATTRS / 1000 {
            attrs.push_str("<b");
            for j in 0..1000 {
                attrs.push_str(&format!(" a{j}=\"{i}\""));
            }
            attrs.push_str("/>");
        }
        attrs.push_str("</a>");
        let e = parse(&attrs).unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::TooLarge(Limit::Attributes));
        assert!(e.message.contains("attribute limit"), "{}", e.message);
    }
}
