//! Safe XML parsing into a small read-only tree. No DTDs, no entity expansion, bounded depth.

use quick_xml::events::Event;
use quick_xml::Reader;

/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;

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
    /// Qualified name as written (`xmlns:saml`, `ID`).
    pub qname: String,
    pub local: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    pub prefix: String,
    /// Local name for elements; empty otherwise.
    pub name: String,
    pub attrs: Vec<Attr>,
    /// Text content for text, CDATA, comment and PI nodes.
    pub text: String,
    pub children: Vec<usize>,
    pub parent: Option<usize>,
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
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.local == local && !a.qname.starts_with("xmlns"))
            .map(|a| a.value.as_str())
    }
    pub fn is(&self, local: &str) -> bool {
        self.kind == Kind::Element && self.name == local
    }
    pub fn qname(&self) -> String {
        if self.prefix.is_empty() {
            self.name.clone()
        } else {
            format!("{}:{}", self.prefix, self.name)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseErrorKind {
    Dtd,
    Malformed,
    Depth,
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

    /// Element children of `i`.
    pub fn elements(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.node(i)
            .children
            .iter()
            .copied()
            .filter(|c| self.nodes.get(*c).is_some_and(|n| n.kind == Kind::Element))
    }

    pub fn child(&self, i: usize, local: &str) -> Option<usize> {
        self.elements(i).find(|c| self.node(*c).name == local)
    }

    pub fn children_named<'a>(
        &'a self,
        i: usize,
        local: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        self.elements(i)
            .filter(move |c| self.node(*c).name == local)
    }

    /// Every element named `local` in the subtree of `i` (including `i`), document order.
    pub fn descendants(&self, i: usize, local: &str) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            let node = self.node(n);
            if node.is(local) {
                out.push(n);
            }
            stack.extend(node.children.iter().rev().copied());
        }
        out
    }

    /// Every element, document order.
    pub fn all_elements(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len())
            .filter(|i| self.nodes.get(*i).is_some_and(|n| n.kind == Kind::Element))
    }

    /// Concatenated text of all text/CDATA descendants.
    pub fn text(&self, i: usize) -> String {
        let mut s = String::new();
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            let node = self.node(n);
            match node.kind {
                Kind::Text | Kind::CData => s.push_str(&node.text),
                Kind::Element => stack.extend(node.children.iter().rev().copied()),
                _ => {}
            }
        }
        s
    }

    /// Is `anc` an ancestor of `n`?
    pub fn is_ancestor(&self, anc: usize, mut n: usize) -> bool {
        while let Some(p) = self.node(n).parent {
            if p == anc {
                return true;
            }
            n = p;
        }
        false
    }

    /// Path like `Response/Assertion/Subject/NameID`.
    pub fn path(&self, mut n: usize) -> String {
        let mut parts = vec![self.node(n).name.clone()];
        while let Some(p) = self.node(n).parent {
            parts.push(self.node(p).name.clone());
            n = p;
        }
        parts.reverse();
        parts.join("/")
    }
}

fn resolve_ref(name: &str) -> Option<String> {
    match name {
        "amp" => Some("&".into()),
        "lt" => Some("<".into()),
        "gt" => Some(">".into()),
        "quot" => Some("\"".into()),
        "apos" => Some("'".into()),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = if let Some(h) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                u32::from_str_radix(h, 16).ok()?
            } else {
                num.parse::<u32>().ok()?
            };
            char::from_u32(code).map(String::from)
        }
    }
}

fn unescape_attr(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find(';') else {
            return Err(
                "an '&' in an attribute value is not followed by an entity name and ';'".into(),
            );
        };
        let name = &after[..j];
        match resolve_ref(name) {
            Some(s) => out.push_str(&s),
            None => return Err(format!("undeclared entity &{name}; in an attribute value")),
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn split_name(q: &str) -> (String, String) {
    match q.split_once(':') {
        Some((p, l)) => (p.to_string(), l.to_string()),
        None => (String::new(), q.to_string()),
    }
}

/// Parses `src` into a tree. Refuses DTDs, unknown entities, malformed XML and deep nesting.
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
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut root: Option<usize> = None;
    let new_node = |kind: Kind, parent: Option<usize>, depth: usize, start: usize| Node {
        kind,
        prefix: String::new(),
        name: String::new(),
        attrs: Vec::new(),
        text: String::new(),
        children: Vec::new(),
        parent,
        depth,
        start,
        end: start,
        pretty_line: 0,
        pretty_col: 0,
    };
    loop {
        let before = reader.buffer_position() as usize;
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
        // Start of the markup: skip leading whitespace the reader may have consumed.
        let start = before;
        match ev {
            Event::DocType(_) => {
                return Err(err(
                    ParseErrorKind::Dtd,
                    "the XML contains a document type declaration (<!DOCTYPE ...>); SAML messages must not contain DTDs or entity declarations, which enable XXE and billion-laughs attacks".into(),
                    start,
                ))
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if stack.is_empty() && root.is_some() {
                    return Err(err(
                        ParseErrorKind::Malformed,
                        "malformed XML: more than one root element".into(),
                        start,
                    ));
                }
                let depth = stack.len() + 1;
                if depth > MAX_DEPTH {
                    return Err(err(
                        ParseErrorKind::Depth,
                        format!("elements are nested more than {MAX_DEPTH} levels deep; a SAML message is never this deep, so the input is refused"),
                        start,
                    ));
                }
                let (prefix, name) = split_name(e.name().as_ref());
                let mut attrs = Vec::new();
                for a in e.attributes() {
                    let a = match a {
                        Ok(a) => a,
                        Err(x) => {
                            return Err(err(
                                ParseErrorKind::Malformed,
                                format!("malformed attribute in <{name}>: {x}"),
                                start,
                            ))
                        }
                    };
                    let qname = a.key.as_ref().to_string();
                    let local = qname.rsplit(':').next().unwrap_or("").to_string();
                    let value = unescape_attr(&a.value).map_err(|m| {
                        err(ParseErrorKind::Malformed, format!("in <{name}> attribute {qname}: {m}"), start)
                    })?;
                    if attrs.iter().any(|x: &Attr| x.qname == qname) {
                        return Err(err(
                            ParseErrorKind::Malformed,
                            format!("malformed XML: attribute {qname} appears twice in <{name}>"),
                            start,
                        ));
                    }
                    attrs.push(Attr { qname, local, value });
                }
                let id = nodes.len();
                let parent = stack.last().copied();
                let mut n = new_node(Kind::Element, parent, depth, start);
                n.prefix = prefix;
                n.name = name;
                n.attrs = attrs;
                n.end = after;
                nodes.push(n);
                if let Some(p) = parent {
                    if let Some(pn) = nodes.get_mut(p) {
                        pn.children.push(id);
                    }
                } else {
                    root = Some(id);
                }
                if !empty {
                    stack.push(id);
                }
            }
            Event::End(_) => {
                if let Some(id) = stack.pop() {
                    if let Some(n) = nodes.get_mut(id) {
                        n.end = after;
                    }
                }
            }
            Event::Text(t) => {
                let raw = t.into_inner();
                let s = if raw.contains('\r') { raw.replace("\r\n", "\n").replace('\r', "\n").into() } else { raw };
                push_text(&mut nodes, &stack, &s, start, after, Kind::Text, &err)?;
            }
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                let Some(s) = resolve_ref(&name) else {
                    return Err(err(
                        ParseErrorKind::Dtd,
                        format!("reference to an undeclared entity &{name}; (entities are never expanded)"),
                        start,
                    ));
                };
                push_text(&mut nodes, &stack, &s, start, after, Kind::Text, &err)?;
            }
            Event::CData(c) => {
                let raw = c.into_inner();
                let s: std::borrow::Cow<'_, str> = if raw.contains('\r') { raw.replace("\r\n", "\n").replace('\r', "\n").into() } else { raw };
                let parent = stack.last().copied();
                if parent.is_none() {
                    return Err(err(ParseErrorKind::Malformed, "malformed XML: CDATA outside the root element".into(), start));
                }
                add_leaf(&mut nodes, parent, Kind::CData, &s, start, after, stack.len() + 1);
            }
            Event::Comment(c) => {
                let s = c.xml10_content();
                add_leaf(&mut nodes, stack.last().copied(), Kind::Comment, &s, start, after, stack.len() + 1);
            }
            Event::PI(p) => {
                let s = p.as_ref().to_string();
                add_leaf(&mut nodes, stack.last().copied(), Kind::Pi, &s, start, after, stack.len() + 1);
            }
            Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        let name = nodes.get(*open).map(|n| n.qname()).unwrap_or_default();
        return Err(err(
            ParseErrorKind::Malformed,
            format!(
                "malformed XML: the document ends before <{name}> is closed (truncated input?)"
            ),
            src.len(),
        ));
    }
    let Some(root) = root else {
        return Err(err(
            ParseErrorKind::Malformed,
            "malformed XML: no root element".into(),
            src.len(),
        ));
    };
    Ok(Doc {
        nodes,
        root,
        line_starts: starts,
    })
}

fn add_leaf(
    nodes: &mut Vec<Node>,
    parent: Option<usize>,
    kind: Kind,
    s: &str,
    start: usize,
    end: usize,
    depth: usize,
) {
    let id = nodes.len();
    nodes.push(Node {
        kind,
        prefix: String::new(),
        name: String::new(),
        attrs: Vec::new(),
        text: s.to_string(),
        children: Vec::new(),
        parent,
        depth,
        start,
        end,
        pretty_line: 0,
        pretty_col: 0,
    });
    if let Some(p) = parent.and_then(|p| nodes.get_mut(p)) {
        p.children.push(id);
    }
}

fn push_text(
    nodes: &mut Vec<Node>,
    stack: &[usize],
    s: &str,
    start: usize,
    end: usize,
    kind: Kind,
    err: &dyn Fn(ParseErrorKind, String, usize) -> ParseError,
) -> Result<(), ParseError> {
    let Some(&parent) = stack.last() else {
        if s.trim().is_empty() {
            return Ok(());
        }
        return Err(err(
            ParseErrorKind::Malformed,
            "malformed XML: text outside the root element".into(),
            start,
        ));
    };
    // Merge with a directly preceding text node (text split by entity references).
    let last = nodes.get(parent).and_then(|p| p.children.last().copied());
    if let Some(l) = last {
        if let Some(n) = nodes.get_mut(l) {
            if n.kind == Kind::Text && n.end == start {
                n.text.push_str(s);
                n.end = end;
                return Ok(());
            }
        }
    }
    add_leaf(nodes, Some(parent), kind, s, start, end, stack.len() + 1);
    Ok(())
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
        let e = parse("<a>\n  <b></a>").unwrap_err();
        assert_eq!(e.kind, ParseErrorKind::Malformed);
        assert_eq!(e.line, 2);
        let deep = "<a>".repeat(300) + &"</a>".repeat(300);
        assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::Depth);
        assert!(parse("<a></a><b/>").is_err());
        assert!(parse("<a>").is_err());
    }
}
