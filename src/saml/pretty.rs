//! Pretty-printer: one element per line, indented, with each element's line recorded in the tree.

use super::xml::{Doc, Kind};

pub fn escape_text(s: &str) -> String {
    if !s.contains(['&', '<', '>']) {
        return s.to_string();
    }
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            _ => o.push(c),
        }
    }
    o
}

pub fn escape_attr(s: &str) -> String {
    if !s.contains(['&', '<', '"', '\n']) {
        return s.to_string();
    }
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '"' => o.push_str("&quot;"),
            '\n' => o.push_str("&#10;"),
            _ => o.push(c),
        }
    }
    o
}

fn open_tag(doc: &Doc, i: usize, close: bool) -> String {
    let n = doc.node(i);
    let mut s = format!("<{}", n.qname());
    for a in &n.attrs {
        s.push(' ');
        s.push_str(&a.qname);
        s.push_str("=\"");
        s.push_str(&escape_attr(&a.value));
        s.push('"');
    }
    if close {
        s.push_str("/>");
    } else {
        s.push('>');
    }
    s
}

/// Pretty-prints `doc`, filling `pretty_line`/`pretty_col` of every node. Iterative (no recursion).
pub fn pretty(doc: &mut Doc) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // (node, entering?)
    let mut stack: Vec<(usize, bool)> = vec![(doc.root, true)];
    while let Some((i, enter)) = stack.pop() {
        let (kind, depth, children) = {
            let n = doc.node(i);
            (n.kind, n.depth.saturating_sub(1), n.children.clone())
        };
        let indent = "  ".repeat(depth);
        if !enter {
            lines.push(format!("{indent}</{}>", doc.node(i).qname()));
            continue;
        }
        let line_no = lines.len() as u32 + 1;
        if let Some(n) = doc.nodes.get_mut(i) {
            n.pretty_line = line_no;
            n.pretty_col = indent.len() as u32 + 1;
        }
        match kind {
            Kind::Element => {
                let only_text = children.iter().all(|c| doc.node(*c).kind == Kind::Text);
                if children.is_empty() {
                    lines.push(format!("{indent}{}", open_tag(doc, i, true)));
                } else if only_text {
                    let t = doc.text(i);
                    let trimmed = t.trim();
                    if !trimmed.contains('\n') {
                        lines.push(format!(
                            "{indent}{}{}</{}>",
                            open_tag(doc, i, false),
                            escape_text(trimmed),
                            doc.node(i).qname()
                        ));
                    } else {
                        lines.push(format!("{indent}{}", open_tag(doc, i, false)));
                        for l in trimmed.lines() {
                            lines.push(format!("{indent}  {}", escape_text(l.trim())));
                        }
                        lines.push(format!("{indent}</{}>", doc.node(i).qname()));
                    }
                    for c in &children {
                        if let Some(n) = doc.nodes.get_mut(*c) {
                            n.pretty_line = line_no;
                            n.pretty_col = 1;
                        }
                    }
                } else {
                    lines.push(format!("{indent}{}", open_tag(doc, i, false)));
                    stack.push((i, false));
                    for c in children.iter().rev() {
                        stack.push((*c, true));
                    }
                }
            }
            Kind::Text | Kind::CData => {
                let n = doc.node(i);
                let t = n.text.trim();
                if t.is_empty() {
                    continue;
                }
                for l in t.lines() {
                    if kind == Kind::CData {
                        lines.push(format!("{indent}<![CDATA[{}]]>", l));
                    } else {
                        lines.push(format!("{indent}{}", escape_text(l.trim())));
                    }
                }
            }
            Kind::Comment => {
                let t = doc.node(i).text.replace('\n', " ");
                lines.push(format!("{indent}<!--{t}-->"));
            }
            Kind::Pi => {
                let t = doc.node(i).text.replace('\n', " ");
                lines.push(format!("{indent}<?{t}?>"));
            }
        }
    }
    lines
}
