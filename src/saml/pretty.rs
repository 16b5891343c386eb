//! Pretty-printer: one element per line, indented, with each element's line recorded in the tree.

use super::xml::{Doc, Kind};

fn push_escaped(o: &mut String, s: &str, attr: bool) {
    let special = |c: char| {
        matches!(c, '&' | '<') || (attr && matches!(c, '"' | '\n')) || (!attr && c == '>')
    };
    if !s.contains(special) {
        o.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' if !attr => o.push_str("&gt;"),
            '"' if attr => o.push_str("&quot;"),
            '\n' if attr => o.push_str("&#10;"),
            _ => o.push(c),
        }
    }
}

pub fn escape_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    push_escaped(&mut o, s, false);
    o
}

pub fn escape_attr(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    push_escaped(&mut o, s, true);
    o
}

fn push_qname(o: &mut String, doc: &Doc, i: usize) {
    let n = doc.node(i);
    if !n.prefix.is_empty() {
        o.push_str(&n.prefix);
        o.push(':');
    }
    o.push_str(&n.name);
}

fn push_open_tag(o: &mut String, doc: &Doc, i: usize, close: bool) {
    o.push('<');
    push_qname(o, doc, i);
    for d in &doc.node(i).ns_decls {
        o.push_str(" xmlns");
        if !d.prefix.is_empty() {
            o.push(':');
            o.push_str(&d.prefix);
        }
        o.push_str("=\"");
        push_escaped(o, &d.uri, true);
        o.push('"');
    }
    for a in &doc.node(i).attrs {
        o.push(' ');
        if !a.prefix.is_empty() {
            o.push_str(&a.prefix);
            o.push(':');
        }
        o.push_str(&a.local);
        o.push_str("=\"");
        push_escaped(o, &a.value, true);
        o.push('"');
    }
    o.push_str(if close { "/>" } else { ">" });
}

/// Pretty-printed XML: one line per element (or text line), without indentation; `depth[i]` is
/// line `i`'s indentation level (two spaces each). Keeping the depth instead of the spaces keeps a
/// deeply nested document's printout proportional to its size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PrettyXml {
    pub lines: Vec<String>,
    pub depth: Vec<u16>,
}

impl PrettyXml {
    /// Line `i` (0-based) with its indentation, for display.
    pub fn indented(&self, i: usize) -> String {
        let d = self.depth.get(i).copied().unwrap_or(0) as usize;
        let l = self.lines.get(i).map(String::as_str).unwrap_or("");
        let mut s = String::with_capacity(2 * d + l.len());
        s.extend(std::iter::repeat_n(' ', 2 * d));
        s.push_str(l);
        s
    }
}

/// Pretty-prints `doc`, filling `pretty_line`/`pretty_col` of every node. Iterative (no recursion).
pub fn pretty(doc: &mut Doc) -> PrettyXml {
    let mut pos: Vec<(u32, u32)> = vec![(0, 0); doc.nodes.len()];
    let out = render(doc, &mut pos);
    for (n, (l, c)) in doc.nodes.iter_mut().zip(pos) {
        n.pretty_line = l;
        n.pretty_col = c;
    }
    out
}

fn render(doc: &Doc, pos: &mut [(u32, u32)]) -> PrettyXml {
    let mut out = PrettyXml::default();
    let emit = |out: &mut PrettyXml, depth: usize, l: String| {
        out.lines.push(l);
        out.depth.push(u16::try_from(depth).unwrap_or(u16::MAX));
    };
    // (node, entering?)
    let mut stack: Vec<(usize, bool)> = vec![(doc.root, true)];
    while let Some((i, enter)) = stack.pop() {
        let n = doc.node(i);
        let depth = n.depth.saturating_sub(1);
        if !enter {
            let mut l = String::with_capacity(n.name.len() + n.prefix.len() + 4);
            l.push_str("</");
            push_qname(&mut l, doc, i);
            l.push('>');
            emit(&mut out, depth, l);
            continue;
        }
        let line_no = out.lines.len() as u32 + 1;
        if let Some(p) = pos.get_mut(i) {
            *p = (line_no, 2 * depth as u32 + 1);
        }
        match n.kind {
            Kind::Element => {
                let only_text = n.children.iter().all(|c| doc.node(*c).kind == Kind::Text);
                let mut l = String::with_capacity(64);
                if n.children.is_empty() {
                    push_open_tag(&mut l, doc, i, true);
                    emit(&mut out, depth, l);
                } else if only_text {
                    let t = match n.children.as_slice() {
                        [one] => std::borrow::Cow::Borrowed(doc.node(*one).text.as_str()),
                        _ => std::borrow::Cow::Owned(doc.text(i)),
                    };
                    let trimmed = t.trim();
                    push_open_tag(&mut l, doc, i, false);
                    if !trimmed.contains('\n') {
                        push_escaped(&mut l, trimmed, false);
                        l.push_str("</");
                        push_qname(&mut l, doc, i);
                        l.push('>');
                        emit(&mut out, depth, l);
                    } else {
                        emit(&mut out, depth, l);
                        for tl in trimmed.lines() {
                            let mut x = String::with_capacity(tl.len());
                            push_escaped(&mut x, tl.trim(), false);
                            emit(&mut out, depth + 1, x);
                        }
                        let mut x = String::from("</");
                        push_qname(&mut x, doc, i);
                        x.push('>');
                        emit(&mut out, depth, x);
                    }
                    for c in &n.children {
                        if let Some(p) = pos.get_mut(*c) {
                            *p = (line_no, 1);
                        }
                    }
                } else {
                    push_open_tag(&mut l, doc, i, false);
                    emit(&mut out, depth, l);
                    stack.push((i, false));
                    for c in n.children.iter().rev() {
                        stack.push((*c, true));
                    }
                }
            }
            Kind::Text | Kind::CData => {
                let t = n.text.trim();
                if t.is_empty() {
                    continue;
                }
                for tl in t.lines() {
                    let mut x = String::with_capacity(tl.len() + 12);
                    if n.kind == Kind::CData {
                        x.push_str("<![CDATA[");
                        x.push_str(tl);
                        x.push_str("]]>");
                    } else {
                        push_escaped(&mut x, tl.trim(), false);
                    }
                    emit(&mut out, depth, x);
                }
            }
            Kind::Comment => emit(
                &mut out,
                depth,
                format!("<!--{}-->", n.text.replace('\n', " ")),
            ),
            Kind::Pi => emit(
                &mut out,
                depth,
                format!("<?{}?>", n.text.replace('\n', " ")),
            ),
        }
    }
    out
}
