//! Pretty-prints one body as numbered lines and remembers the line of every JSON path, so the
//! report can show the body with the lines of its problems highlighted (as the SAML page does).

use std::collections::HashMap;

use serde_json::Value;

/// Bodies longer than this are not shown (the table and findings still name every problem).
pub const MAX_LINES: usize = 400;
/// Longest string shown in full; longer ones are cut with "…".
const MAX_STRING: usize = 200;

pub struct Pretty {
    pub lines: Vec<String>,
    paths: HashMap<String, u32>,
}

impl Pretty {
    /// The line of `path` (`emails[0].display`), or of its nearest existing parent, or 1.
    pub fn line_of(&self, path: &str) -> u32 {
        let mut p = path;
        loop {
            if let Some(l) = self.paths.get(p) {
                return *l;
            }
            match p.rfind(['.', '[']) {
                Some(i) if i > 0 => p = &p[..i],
                _ => return 1,
            }
        }
    }
}

pub fn pretty(v: &Value) -> Option<Pretty> {
    let mut p = Pretty {
        lines: Vec::new(),
        paths: HashMap::new(),
    };
    emit(v, 0, "", String::new(), false, &mut p).then_some(p)
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() > MAX_STRING => {
            let cut: String = s.chars().take(MAX_STRING).collect();
            format!("{}…", serde_json::to_string(&cut).unwrap_or_default())
        }
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// False when the body exceeds [`MAX_LINES`].
fn emit(v: &Value, indent: usize, path: &str, lead: String, comma: bool, p: &mut Pretty) -> bool {
    if p.lines.len() >= MAX_LINES {
        return false;
    }
    let pad = " ".repeat(indent);
    let c = if comma { "," } else { "" };
    p.paths
        .entry(path.to_string())
        .or_insert(p.lines.len() as u32 + 1);
    match v {
        Value::Object(o) if !o.is_empty() => {
            p.lines.push(format!("{pad}{lead}{{"));
            let n = o.len();
            for (i, (k, x)) in o.iter().enumerate() {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let key = format!("{}: ", serde_json::to_string(k).unwrap_or_default());
                if !emit(x, indent + 2, &child, key, i + 1 < n, p) {
                    return false;
                }
            }
            p.lines.push(format!("{pad}}}{c}"));
        }
        Value::Array(a) if !a.is_empty() => {
            p.lines.push(format!("{pad}{lead}["));
            let n = a.len();
            for (i, x) in a.iter().enumerate() {
                if !emit(
                    x,
                    indent + 2,
                    &format!("{path}[{i}]"),
                    String::new(),
                    i + 1 < n,
                    p,
                ) {
                    return false;
                }
            }
            p.lines.push(format!("{pad}]{c}"));
        }
        other => p.lines.push(format!("{pad}{lead}{}{c}", scalar(other))),
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_paths() {
        let v: Value = serde_json::from_str(
            r#"{"emails":[{"value":"a","display":"x"}],"name":{"givenName":"G"}}"#,
        )
        .expect("json");
        let p = pretty(&v).expect("small");
        assert_eq!(p.lines[0], "{");
        // serde_json keeps keys sorted: display comes before value.
        assert_eq!(p.line_of("emails[0].display"), 4);
        assert_eq!(p.line_of("name.familyName"), 8);
        assert_eq!(p.lines[3], "      \"display\": \"x\",");
    }
}
