//! "Copy redacted": the pretty XML and findings with emails, NameIDs and attribute values replaced
//! by stable pseudonyms (same value → same pseudonym), safe to share with support.

use super::Analysis;

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'!#$&*/=?^`{|}~".contains(c)
}
fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// Every email-like token (`x@y.z`) in `s`.
pub fn find_emails(s: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    for (k, (_, c)) in chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut a = k;
        while a > 0 && is_local(chars[a - 1].1) {
            a -= 1;
        }
        let mut b = k + 1;
        while b < chars.len() && is_domain(chars[b].1) {
            b += 1;
        }
        if a == k || b == k + 1 {
            continue;
        }
        let start = chars[a].0;
        let end = chars.get(b).map(|x| x.0).unwrap_or(s.len());
        let tok = s[start..end].trim_end_matches(['.', '-']).to_string();
        if tok.contains('@') && tok.split('@').nth(1).is_some_and(|d| !d.is_empty()) {
            out.push(tok);
        }
    }
    out
}

struct Pseudo {
    map: std::collections::HashMap<String, String>,
    /// Insertion order, longest first after `finish` (used for substring replacement).
    order: Vec<String>,
    emails: usize,
    values: usize,
}

/// Above this many secrets, substring replacement (quadratic) is skipped; whole-value, quoted-value
/// and email replacement still apply.
const SUBSTRING_LIMIT: usize = 300;

impl Pseudo {
    fn add(&mut self, v: &str) {
        let v = v.trim();
        if v.chars().count() < 3 || self.map.contains_key(v) {
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
        // Longest first so that a value containing another is replaced whole.
        self.order
            .sort_unstable_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
    }

    fn whole(&self, s: &str) -> Option<&String> {
        self.map.get(s.trim())
    }

    fn apply(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        // 1. Text between '>' and '<' and between quotes, looked up whole.
        let mut seg = String::new();
        let flush = |seg: &mut String, out: &mut String| {
            match self.whole(seg) {
                Some(p) => {
                    let lead = &seg[..seg.len() - seg.trim_start().len()];
                    let trail = &seg[seg.trim_end().len()..];
                    out.push_str(lead);
                    out.push_str(p);
                    out.push_str(trail);
                }
                None => out.push_str(seg),
            }
            seg.clear();
        };
        for c in s.chars() {
            if matches!(c, '<' | '>' | '"') {
                flush(&mut seg, &mut out);
                out.push(c);
            } else {
                seg.push(c);
            }
        }
        flush(&mut seg, &mut out);
        // 2. Substrings (bounded number of secrets).
        if self.order.len() <= SUBSTRING_LIMIT {
            for k in &self.order {
                if out.contains(k.as_str()) {
                    if let Some(p) = self.map.get(k) {
                        out = out.replace(k.as_str(), p);
                    }
                }
            }
        }
        // 3. Any email left (e.g. inside a longer value) is replaced too.
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
    let mut ps = Pseudo {
        map: std::collections::HashMap::new(),
        order: Vec::new(),
        emails: 0,
        values: 0,
    };
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
            out.push_str(&format!("{:>5}  {}\n", i + 1, ps.apply(l)));
        }
    }
    out
}
