//! "Copy redacted": the pretty XML and findings with emails, NameIDs and attribute values replaced
//! by stable pseudonyms (same value → same pseudonym), safe to share with support.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};

use super::Analysis;

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'!#$&*/=?^`{|}~".contains(c)
}
fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// Every email-like token (`x@y.z`) in `s`. Walks out from each `@` without copying the text:
/// neither side's characters include `@`, so every character is visited at most twice.
pub fn find_emails(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in s.match_indices('@') {
        let before = &s[..at];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let after = &s[at + 1..];
        let end = at
            + 1
            + after
                .char_indices()
                .find(|(_, c)| !is_domain(*c))
                .map_or(after.len(), |(i, _)| i);
        if start == at || end == at + 1 {
            continue;
        }
        let tok = s[start..end].trim_end_matches(['.', '-']);
        if tok.split('@').nth(1).is_some_and(|d| !d.is_empty()) {
            out.push(tok.to_string());
        }
    }
    out
}

struct Pseudo {
    map: HashMap<String, String>,
    /// Insertion order: pseudonyms are numbered in the order values were first seen.
    order: Vec<String>,
    emails: usize,
    values: usize,
    /// Every private value (and its whitespace-flattened form, as shortened evidence shows it),
    /// found in one pass over each text, whatever their number: the automaton holds each value's
    /// first [`KEY`] bytes (so 20,000 long values cost a small automaton, not one of 8 MB), and a
    /// key found is checked against the values that start with it, longest first.
    ac: Option<AhoCorasick>,
    patterns: Vec<(String, String)>,
    /// For each automaton key: the patterns that start with it, longest first.
    cands: Vec<Vec<usize>>,
    /// Pattern texts sorted, to find a value a shortened ("…") evidence cut off.
    sorted: Vec<String>,
}

/// Values of one or two characters are replaced only as whole tokens: "7" is replaced in
/// `value 7`, not inside `2017`, where it is not that value.
const SHORT: usize = 3;

/// Bytes of a value the automaton matches; the rest is compared where the key is found.
const KEY: usize = 64;

fn key_of(v: &str) -> &str {
    let mut e = v.len().min(KEY);
    while !v.is_char_boundary(e) {
        e -= 1;
    }
    v.get(..e).unwrap_or(v)
}
fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s.get(..start).and_then(|x| x.chars().next_back());
    let after = s.get(end..).and_then(|x| x.chars().next());
    !before.is_some_and(is_token_char) && !after.is_some_and(is_token_char)
}

impl Pseudo {
    fn new() -> Self {
        Pseudo {
            map: HashMap::new(),
            order: Vec::new(),
            emails: 0,
            values: 0,
            ac: None,
            patterns: Vec::new(),
            cands: Vec::new(),
            sorted: Vec::new(),
        }
    }

    fn add(&mut self, v: &str) {
        let v = v.trim();
        if v.is_empty() || self.map.contains_key(v) {
            return;
        }
        let p = if v.contains('@') {
            self.emails += 1;
            format!("user{}@example.invalid", self.emails)
        } else {
            self.values += 1;
            format!("value-{}", self.values)
        };
        self.map.insert(v.to_string(), p);
        self.order.push(v.to_string());
    }

    fn finish(&mut self) {
        let mut seen: HashSet<String> = HashSet::new();
        for v in &self.order {
            let Some(p) = self.map.get(v) else { continue };
            let flat = v.split_whitespace().collect::<Vec<_>>().join(" ");
            for form in [v.clone(), flat] {
                if !form.is_empty() && seen.insert(form.clone()) {
                    self.patterns.push((form, p.clone()));
                }
            }
        }
        self.sorted = self.patterns.iter().map(|(v, _)| v.clone()).collect();
        self.sorted.sort_unstable();
        let mut keys: Vec<String> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (p, (v, _)) in self.patterns.iter().enumerate() {
            let k = key_of(v);
            let slot = *index.entry(k.to_string()).or_insert_with(|| {
                keys.push(k.to_string());
                self.cands.push(Vec::new());
                keys.len() - 1
            });
            if let Some(c) = self.cands.get_mut(slot) {
                c.push(p);
            }
        }
        let patterns = &self.patterns;
        for c in &mut self.cands {
            c.sort_by_key(|p| std::cmp::Reverse(patterns.get(*p).map_or(0, |x| x.0.len())));
        }
        self.ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .ok();
    }

    /// Is `tail` the beginning of a private value (the rest cut off by a shortened evidence)?
    fn starts_a_value(&self, tail: &str) -> bool {
        let i = self.sorted.partition_point(|v| v.as_str() < tail);
        self.sorted.get(i).is_some_and(|v| v.starts_with(tail))
    }

    fn apply(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        // 1. Every private value in one pass: each key occurrence checked against the values
        // that start with it; then the leftmost, longest occurrences win.
        let mut hits: Vec<(usize, usize, usize)> = Vec::new();
        if let Some(ac) = &self.ac {
            // The last hit: an occurrence starting inside it cannot be leftmost, so it is not
            // checked (a text that repeats a long value is not compared at every position).
            let mut last_hit = (0, 0);
            for m in ac.find_overlapping_iter(s) {
                let i = m.start();
                if last_hit.0 < i && i < last_hit.1 {
                    continue;
                }
                let rest = s.as_bytes().get(i..).unwrap_or(&[]);
                for &p in self.cands.get(m.pattern().as_usize()).into_iter().flatten() {
                    let Some((v, _)) = self.patterns.get(p) else {
                        continue;
                    };
                    let end = i + v.len();
                    if rest.starts_with(v.as_bytes())
                        && (v.chars().count() >= SHORT || boundary(s, i, end))
                    {
                        hits.push((i, end, p));
                        last_hit = (i, end);
                        break;
                    }
                }
            }
        }
        hits.sort_by_key(|(a, b, _)| (*a, std::cmp::Reverse(*b)));
        let mut last = 0;
        for (a, b, p) in hits {
            if a < last {
                continue;
            }
            let Some((_, pseudo)) = self.patterns.get(p) else {
                continue;
            };
            out.push_str(s.get(last..a).unwrap_or(""));
            out.push_str(pseudo);
            last = b;
        }
        out.push_str(s.get(last..).unwrap_or(""));
        // 2. A shortened text ("…") may end inside a value: drop the cut-off beginning.
        if let Some(body) = out.strip_suffix('…') {
            let start = body
                .char_indices()
                .rev()
                .find(|(_, c)| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '=' | ','))
                .map(|(i, c)| i + c.len_utf8())
                .unwrap_or(0);
            let tail = body.get(start..).unwrap_or("");
            if !tail.is_empty() && self.starts_a_value(tail) {
                out = format!("{}[redacted]…", body.get(..start).unwrap_or(""));
            }
        }
        // 3. Any email left (e.g. one no rule collected) is replaced too.
        for e in find_emails(&out) {
            if !e.ends_with("@example.invalid") {
                let p = self
                    .map
                    .get(&e)
                    .cloned()
                    .unwrap_or_else(|| "user@example.invalid".into());
                out = out.replace(&e, &p);
            }
        }
        out
    }
}

/// The redacted pretty XML and findings of every message, as plain text.
pub fn redact_analysis(a: &Analysis) -> String {
    let mut ps = Pseudo::new();
    for v in &a.private_values {
        ps.add(v);
    }
    for m in &a.messages {
        if let Some(n) = &m.nameid {
            ps.add(n);
        }
        for at in &m.attributes {
            for v in &at.values {
                ps.add(v);
            }
        }
        for l in &m.xml_pretty {
            for e in find_emails(l) {
                ps.add(&e);
            }
        }
        for f in &m.findings {
            for e in find_emails(&f.message) {
                ps.add(&e);
            }
        }
    }
    ps.finish();
    let mut out = String::new();
    out.push_str(&format!(
        "ssocheck SAML analysis (redacted)\nDetected: {}\n",
        a.detected
    ));
    for m in &a.messages {
        out.push_str(&format!(
            "\n== {} ==\nFlow: {} ({})\n",
            ps.apply(&m.label),
            m.flow.as_str(),
            ps.apply(&m.flow_reason)
        ));
        for f in &m.findings {
            out.push_str(&format!(
                "[{}] {} ({}): {}\n",
                f.severity.as_str(),
                f.title,
                f.check,
                ps.apply(&f.message)
            ));
            if let Some(e) = &f.evidence {
                out.push_str(&format!(
                    "    evidence: {} at {} {}\n",
                    ps.apply(&e.value),
                    ps.apply(&e.location),
                    e.position()
                ));
            }
        }
        if !m.attributes.is_empty() {
            out.push_str("Attributes:\n");
            for at in &m.attributes {
                let vals: Vec<String> = at.values.iter().map(|v| ps.apply(v)).collect();
                out.push_str(&format!(
                    "  {} = {}\n",
                    ps.apply(&at.name),
                    vals.join(" | ")
                ));
            }
        }
        // Verdicts only: the canonical bytes hold the message's values and are never exported here.
        for sig in &m.signatures {
            out.push_str(&format!(
                "Signature at {}: {}\n",
                ps.apply(&sig.location),
                ps.apply(&sig.verdict)
            ));
        }
        out.push_str("XML:\n");
        for (i, l) in m.xml_pretty.iter().enumerate() {
            let depth = m.xml_indent.get(i).copied().unwrap_or(0) as usize;
            out.push_str(&format!(
                "{:>5}  {:indent$}{}\n",
                i + 1,
                "",
                ps.apply(l),
                indent = 2 * depth
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pseudo(values: &[&str]) -> Pseudo {
        let mut p = Pseudo::new();
        for v in values {
            p.add(v);
        }
        p.finish();
        p
    }

    #[test]
    fn emails_are_found_with_their_edges() {
        assert_eq!(
            find_emails("to <alice.o'neil@example.com>, bob@ex-ample.org. and é@x.io"),
            ["alice.o'neil@example.com", "bob@ex-ample.org", "é@x.io"]
        );
        assert!(find_emails("a@ @b a@. @@ no-at-all").is_empty());
        assert_eq!(find_emails("a@b@c"), ["a@b", "b@c"]);
        // Many `@` in a row stay linear: each character is visited at most twice.
        assert_eq!(find_emails(&"x@".repeat(100_000)).len(), 99_999);
    }

    #[test]
    fn a_shortened_text_keeps_no_beginning_of_a_value() {
        let long = format!("arn:aws:iam::987650004321:role/{}", "R".repeat(80));
        let p = pseudo(&[&long]);
        let shown = crate::report::one_line(&format!("role {long}"), 60);
        assert!(shown.contains("987650004321") && shown.ends_with('…'));
        let out = p.apply(&shown);
        assert!(!out.contains("987650004321"), "{out}");
        assert_eq!(out, "role [redacted]…");
        // Whitespace-flattened values (as one_line shows them) are replaced too.
        let p = pseudo(&["two\n   lines"]);
        assert_eq!(p.apply("x two lines y"), "x value-1 y");
    }

    #[test]
    fn long_values_sharing_their_beginning_are_told_apart() {
        let base = "arn:aws:iam::987650004321:role/".to_string() + &"x".repeat(60);
        let a = format!("{base}A");
        let b = format!("{base}BB");
        let p = pseudo(&[&a, &b, "arn:aws"]);
        assert_eq!(
            p.apply(&format!("{b} {a} {base}C")),
            format!("value-2 value-1 value-3{}", &base[7..]) + "C"
        );
    }

    #[test]
    fn short_values_are_replaced_as_whole_tokens_only() {
        let p = pseudo(&["7", "ab"]);
        assert_eq!(
            p.apply("dept 7, team ab; 2017 abc"),
            "dept value-1, team value-2; 2017 abc"
        );
    }
}
