//! Reading what the administrator pasted: SCIM JSON bodies alone, as a JSON array, as JSON lines, or
//! embedded in an identity provider's provisioning log text; filter query strings; AWS error texts.
//!
//! Untrusted input: one linear scan finds the JSON spans (string-aware bracket matching) and measures
//! their depth before serde_json sees them, so a deep or huge input is refused by a named cap instead
//! of exhausting the stack or memory.

use serde_json::{Map, Value};

/// Largest input read (bytes). 100,000 group members as a PatchOp are about 4 MB.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Deepest JSON nesting accepted (a SCIM body needs 5).
pub const MAX_DEPTH: usize = 32;
/// Most bodies checked (array items, JSON lines, ListResponse resources together).
pub const MAX_BODIES: usize = 10_000;
/// Unclosed `{` in log text after which scanning stops (each retry reads the rest of the text).
const MAX_UNCLOSED_RETRIES: usize = 8;

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Group,
    Patch(Target),
    List,
    Error,
    CloudTrail,
    Unknown,
}

/// What a PATCH (or filter) addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Users,
    Groups,
    Unknown,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::User => "User (POST/PUT)",
            Kind::Group => "Group",
            Kind::Patch(Target::Users) => "PatchOp (user)",
            Kind::Patch(Target::Groups) => "PatchOp (group)",
            Kind::Patch(Target::Unknown) => "PatchOp",
            Kind::List => "ListResponse",
            Kind::Error => "SCIM error body",
            Kind::CloudTrail => "CloudTrail SCIM event",
            Kind::Unknown => "unrecognised JSON",
        }
    }
}

/// The identity provider the text came from, when it says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idp {
    Okta,
    Entra,
}

/// One body to check.
#[derive(Debug, Clone)]
pub struct Body {
    /// 1-based number in the order found.
    pub number: usize,
    /// 1-based line of the input where the body (or its container) starts.
    pub line: u32,
    /// Location prefix for evidence (`Resources[2]`, `[3]`, or empty).
    pub path: String,
    pub kind: Kind,
    pub value: Value,
}

/// A filter query found in the text (`filter=...`), with its other query parameters.
#[derive(Debug, Clone)]
pub struct FilterQuery {
    pub line: u32,
    pub target: Target,
    pub filter: Option<String>,
    pub params: Vec<(String, String)>,
}

/// A problem reading the input (becomes a `scim.input` finding).
#[derive(Debug, Clone)]
pub struct Problem {
    pub message: String,
    pub value: String,
    pub line: u32,
    pub column: u32,
    /// True when it is only a note (a cap hit on an otherwise read input, say).
    pub note: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Input {
    pub bodies: Vec<Body>,
    pub filters: Vec<FilterQuery>,
    pub problems: Vec<Problem>,
    /// How the input was packaged ("JSON lines", "Okta provisioning error text"...).
    pub containers: Vec<&'static str>,
    pub idp: Option<Idp>,
    /// AWS error texts quoted in the pasted text (log lines, error bodies' `detail`).
    pub error_texts: Vec<String>,
    /// Bodies beyond [`MAX_BODIES`] that were not checked.
    pub skipped_bodies: usize,
}

/// Known AWS texts an identity provider's log may quote.
pub const AWS_TEXTS: &[&str] = &[
    "Request is unparsable, syntactically incorrect, or violates schema",
    "Request cannot be parsed, is syntactically incorrect, or violates schema",
    "Missing path in PATCH request",
    "Duplicate GroupDisplayName",
    "List attribute emails exceeds allowed limit of 1",
    "List attribute email exceeds allowed limit of 1",
    "List attribute addresses allowed limit of 1",
    "validation errors detected",
    "Invalid JSON from RequestBody",
    "Invalid Filter format",
    "Refused to create a new, duplicate resource",
    "User already exists",
    "Group already exists",
];

pub fn read(bytes: &[u8]) -> Input {
    let mut input = Input::default();
    if bytes.len() > MAX_BYTES {
        input.problems.push(Problem {
            message: format!(
                "the input is {} bytes, above the cap of {MAX_BYTES} bytes (MAX_BYTES); nothing was read",
                bytes.len()
            ),
            value: String::new(),
            line: 0,
            column: 0,
            note: false,
        });
        return input;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            input.problems.push(Problem {
                message: format!(
                    "the input is not UTF-8 text (invalid byte at offset {}); SCIM bodies are UTF-8 JSON",
                    e.valid_up_to()
                ),
                value: String::new(),
                line: 0,
                column: 0,
                note: false,
            });
            return input;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    let json_mode = trimmed.starts_with('{') || trimmed.starts_with('[');
    detect_log(text, &mut input);
    let lines = LineIndex::new(text);
    let spans = scan_spans(text, json_mode, &mut input, &lines);
    if json_mode && spans.len() > 1 {
        input.containers.push("JSON lines (several bodies)");
    }
    let ranges: Vec<(usize, usize)> = spans.clone();
    for (start, end) in spans {
        let slice = text.get(start..end).unwrap_or("");
        let line = lines.line(start);
        match serde_json::from_str::<Value>(slice) {
            Ok(v) => add_value(v, line, &mut input, text_target(text, start)),
            Err(e) => {
                // A body quoted inside a log line often has its quotes escaped (`{\"schemas\":...}`).
                // ... or doubled, inside a CSV export of the provisioning log (`{""schema"":...}`).
                let unescaped = if slice.contains("\\\"") {
                    Some(slice.replace("\\\"", "\"").replace("\\\\", "\\"))
                } else if slice.contains("\"\"") {
                    Some(slice.replace("\"\"", "\""))
                } else {
                    None
                };
                if let Some(Ok(v)) = unescaped.map(|u| serde_json::from_str::<Value>(&u)) {
                    add_value(v, line, &mut input, text_target(text, start));
                    continue;
                }
                let looks_json = json_mode || looks_like_json_object(slice);
                if looks_json {
                    let at_line = line + e.line().saturating_sub(1) as u32;
                    input.problems.push(Problem {
                        message: format!(
                            "Invalid JSON from RequestBody: {e} (this is what Identity Center answers to a body it cannot parse)"
                        ),
                        value: crate::report::one_line(slice, 80),
                        line: at_line,
                        column: e.column() as u32,
                        note: false,
                    });
                }
            }
        }
    }
    find_filters(text, &ranges, &mut input);
    input
}

fn looks_like_json_object(s: &str) -> bool {
    let rest = s.trim_start_matches(['{', '[']).trim_start();
    rest.starts_with('"') || rest.starts_with('{')
}

/// Okta's and Entra ID's provisioning texts, and AWS error texts they quote.
fn detect_log(text: &str, input: &mut Input) {
    if text.contains("Automatic profile push of")
        || text.contains("Errors reported by remote server")
    {
        input.idp = Some(Idp::Okta);
        input.containers.push("Okta provisioning error text");
    } else if text.contains("Status Reason")
        || text.contains("StatusCode")
        || text.contains("Microsoft Entra")
        || text.contains("Azure AD")
        || text.contains("SystemForCrossDomainIdentityManagement")
    {
        input.idp = Some(Idp::Entra);
        input.containers.push("Entra ID provisioning log text");
    }
    for t in AWS_TEXTS {
        if text.contains(t) {
            add_error_text(input, t);
        }
    }
}

/// Remembers an AWS error text once (the same text with or without its final period is one).
fn add_error_text(input: &mut Input, t: &str) {
    let norm = |s: &str| s.trim().trim_end_matches('.').to_ascii_lowercase();
    let n = norm(t);
    if n.is_empty() || input.error_texts.len() >= 100 {
        return;
    }
    if let Some(i) = input
        .error_texts
        .iter()
        .position(|e| norm(e).contains(&n) || n.contains(&norm(e)))
    {
        // Keep the longer (more specific) text.
        if t.len() > input.error_texts[i].len() {
            input.error_texts[i] = t.trim().to_string();
        }
        return;
    }
    input.error_texts.push(t.trim().to_string());
}

/// `/Groups` or `/Users` on the line before a body (an HTTP request line in a log) says what a PATCH
/// addresses.
fn text_target(text: &str, start: usize) -> Target {
    let before = text.get(..start).unwrap_or("");
    let from = before.len().saturating_sub(400);
    let window = before.get(from..).unwrap_or("");
    let g = window.rfind("/Groups");
    let u = window.rfind("/Users");
    match (g, u) {
        (Some(g), Some(u)) if g > u => Target::Groups,
        (Some(_), None) => Target::Groups,
        (_, Some(_)) => Target::Users,
        _ => Target::Unknown,
    }
}

struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }
}

/// Finds the top-level JSON spans: in JSON mode objects and arrays, in text mode objects only.
/// String-aware; measures depth; linear except for at most [`MAX_UNCLOSED_RETRIES`] unclosed spans.
fn scan_spans(
    text: &str,
    json_mode: bool,
    input: &mut Input,
    lines: &LineIndex,
) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    let mut retries = 0;
    while i < b.len() {
        let c = b[i];
        let opens = c == b'{' || (json_mode && c == b'[');
        if !opens {
            i += 1;
            continue;
        }
        let (end, depth, closed) = match_span(b, i);
        if depth > MAX_DEPTH {
            input.problems.push(Problem {
                message: format!(
                    "JSON nested {}{depth} levels deep, above the cap of {MAX_DEPTH} (MAX_DEPTH); this part was not read (a SCIM body needs 5)",
                    if closed { "" } else { "at least " }
                ),
                value: String::new(),
                line: lines.line(i),
                column: 0,
                note: false,
            });
            i = end;
            continue;
        }
        if !closed {
            if json_mode || looks_like_json_object(text.get(i..).unwrap_or("")) {
                // Let serde report where it ends.
                spans.push((i, end));
                break;
            }
            retries += 1;
            if retries > MAX_UNCLOSED_RETRIES {
                break;
            }
            i += 1;
            continue;
        }
        if spans.len() >= MAX_BODIES {
            input.skipped_bodies += 1;
        } else {
            spans.push((i, end));
        }
        i = end;
    }
    spans
}

/// From an opening bracket at `start`: (end offset, max depth, closed).
fn match_span(b: &[u8], start: usize) -> (usize, usize, bool) {
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut in_str = false;
    let mut esc = false;
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'{' | b'[' => {
                    depth += 1;
                    max = max.max(depth);
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return (i + 1, max, true);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    (b.len(), max, false)
}

fn add_value(v: Value, line: u32, input: &mut Input, hint: Target) {
    match v {
        Value::Array(items) => {
            if !input.containers.contains(&"JSON array of bodies") {
                input.containers.push("JSON array of bodies");
            }
            for (i, item) in items.into_iter().enumerate() {
                push_body(item, line, format!("[{i}]"), input, hint);
            }
        }
        other => push_body(other, line, String::new(), input, hint),
    }
}

fn push_body(v: Value, line: u32, path: String, input: &mut Input, hint: Target) {
    if input.bodies.len() >= MAX_BODIES {
        input.skipped_bodies += 1;
        return;
    }
    let kind = classify(&v, hint);
    match kind {
        Kind::List => {
            // Moved out, not cloned: a large listing is held once.
            let mut v = v;
            let resources = match v.get_mut("Resources").map(Value::take) {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            add(input, line, path.clone(), kind, v);
            for (i, r) in resources.into_iter().enumerate() {
                let p = format!("{path}Resources[{i}]");
                push_body(r, line, p, input, Target::Unknown);
            }
        }
        Kind::Error => {
            if let Some(d) = v.get("detail").and_then(Value::as_str) {
                add_error_text(input, d);
            }
            add(input, line, path, kind, v);
        }
        Kind::CloudTrail => {
            if let Some(m) = v.get("errorMessage").and_then(Value::as_str) {
                add_error_text(input, m);
            }
            let op = v
                .get("eventName")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            let body = v
                .get("requestParameters")
                .and_then(|r| r.get("httpBody"))
                .filter(|b| b.is_object())
                .cloned();
            add(input, line, path.clone(), kind, v);
            if let Some(b) = body {
                let hint = if op.contains("Group") {
                    Target::Groups
                } else {
                    Target::Users
                };
                push_body(
                    b,
                    line,
                    format!("{path}requestParameters.httpBody"),
                    input,
                    hint,
                );
            }
        }
        Kind::Unknown => {
            // A log export in JSON may carry the body as a string field.
            let embedded = embedded_bodies(&v);
            if embedded.is_empty() {
                add(input, line, path, kind, v);
            } else {
                for (k, e) in embedded {
                    push_body(e, line, format!("{path}{k}"), input, hint);
                }
            }
        }
        _ => add(input, line, path, kind, v),
    }
}

fn add(input: &mut Input, line: u32, path: String, kind: Kind, value: Value) {
    let number = input.bodies.len() + 1;
    input.bodies.push(Body {
        number,
        line,
        path,
        kind,
        value,
    });
}

/// String fields (two levels deep at most) that hold a SCIM body as JSON text.
fn embedded_bodies(v: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Some(obj) = v.as_object() else {
        return out;
    };
    for (k, f) in obj {
        let mut try_str = |key: String, s: &str| {
            let t = s.trim_start();
            if (t.starts_with('{') || t.starts_with('['))
                && s.len() <= MAX_BYTES
                && match_span(s.as_bytes(), s.len() - t.len()).1 <= MAX_DEPTH
            {
                if let Ok(inner) = serde_json::from_str::<Value>(t) {
                    if classify(&inner, Target::Unknown) != Kind::Unknown {
                        out.push((key, inner));
                    }
                }
            }
        };
        match f {
            Value::String(s) => try_str(k.clone(), s),
            Value::Object(inner) => {
                for (k2, f2) in inner {
                    if let Value::String(s) = f2 {
                        try_str(format!("{k}.{k2}"), s);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The SCIM schema URNs a body declares, under `schemas` or AWS's non-standard `schema`.
pub fn schemas(obj: &Map<String, Value>) -> Vec<&str> {
    let mut out = Vec::new();
    for key in ["schemas", "schema"] {
        match obj.get(key) {
            Some(Value::Array(a)) => out.extend(a.iter().filter_map(Value::as_str)),
            Some(Value::String(s)) => out.push(s.as_str()),
            _ => {}
        }
    }
    out
}

pub fn classify(v: &Value, hint: Target) -> Kind {
    let Some(obj) = v.as_object() else {
        return Kind::Unknown;
    };
    let s = schemas(obj);
    let has = |urn: &str| s.iter().any(|x| x.eq_ignore_ascii_case(urn));
    if has(PATCH_SCHEMA) || obj.contains_key("Operations") {
        return Kind::Patch(patch_target(obj, hint));
    }
    if has(LIST_SCHEMA) || obj.contains_key("Resources") {
        return Kind::List;
    }
    if has(ERROR_SCHEMA) {
        return Kind::Error;
    }
    if obj
        .get("eventSource")
        .and_then(Value::as_str)
        .is_some_and(|e| e.starts_with("identitystore-scim"))
    {
        return Kind::CloudTrail;
    }
    if has(USER_SCHEMA) || obj.contains_key("userName") {
        return Kind::User;
    }
    if has(GROUP_SCHEMA) {
        return Kind::Group;
    }
    if obj.contains_key("detail") && obj.contains_key("status") {
        return Kind::Error;
    }
    if obj.contains_key("members") || (obj.contains_key("displayName") && hint == Target::Groups) {
        return Kind::Group;
    }
    if obj.contains_key("name") && (obj.contains_key("emails") || obj.contains_key("displayName")) {
        return Kind::User;
    }
    Kind::Unknown
}

fn patch_target(obj: &Map<String, Value>, hint: Target) -> Target {
    if hint != Target::Unknown {
        return hint;
    }
    let ops = obj.get("Operations").and_then(Value::as_array);
    let mut target = Target::Unknown;
    for op in ops.into_iter().flatten() {
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let root = crate::scim::rules::path_root(path);
        if root.eq_ignore_ascii_case("members") {
            return Target::Groups;
        }
        if crate::scim::rules::is_user_only_path(root) {
            target = Target::Users;
        }
        if let Some(v) = op.get("value").and_then(Value::as_object) {
            if v.contains_key("members") {
                return Target::Groups;
            }
            if v.keys().any(|k| crate::scim::rules::is_user_only_path(k)) {
                target = Target::Users;
            }
        }
    }
    target
}

/// `filter=` query strings (ListUsers/ListGroups request lines in a log, or a pasted URL).
fn find_filters(text: &str, spans: &[(usize, usize)], input: &mut Input) {
    let mut offset = 0;
    for (n, line) in text.split('\n').enumerate() {
        let at = offset;
        offset += line.len() + 1;
        if input.filters.len() >= 1000 {
            break;
        }
        // A URL inside a JSON body (a profileUrl, say) is not a request.
        let i = spans.partition_point(|(_, end)| *end <= at);
        if spans.get(i).is_some_and(|(start, _)| *start <= at) {
            continue;
        }
        let has_query = [
            "filter=",
            "startIndex=",
            "excludedAttributes=",
            "attributes=",
        ]
        .iter()
        .any(|k| line.contains(k));
        if !has_query || line.trim_start().starts_with('{') {
            continue;
        }
        let target = if line.contains("/Groups") {
            Target::Groups
        } else if line.contains("/Users") {
            Target::Users
        } else {
            Target::Unknown
        };
        // The query is what follows `?`, or the whole line when it starts with a parameter.
        let query = match line.split_once('?') {
            Some((_, q)) => q,
            None => line.trim(),
        };
        let query = query.split('#').next().unwrap_or(query);
        let mut params = Vec::new();
        let mut filter = None;
        for part in split_query(query) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let k = crate::links::percent_decode(k.trim());
            let v = if v.contains('%') || v.contains('+') {
                crate::links::percent_decode(v)
            } else {
                v.to_string()
            };
            let v = strip_http_tail(&v);
            if k == "filter" {
                filter = Some(v.trim_matches(['\'', '`']).to_string());
            } else {
                params.push((k, v));
            }
        }
        input.filters.push(FilterQuery {
            line: n as u32 + 1,
            target,
            filter,
            params,
        });
    }
}

/// Splits on `&`, but not inside a quoted filter value.
fn split_query(q: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut in_q = false;
    let mut start = 0;
    for (i, c) in q.char_indices() {
        match c {
            '"' => in_q = !in_q,
            '&' if !in_q => {
                out.push(q.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(q.get(start..).unwrap_or(""));
    out.into_iter().filter(|p| !p.is_empty()).collect()
}

/// `... HTTP/1.1` after a request line's query, or a closing quote of a logged URL.
fn strip_http_tail(v: &str) -> String {
    let v = match v.find(" HTTP/") {
        Some(i) => v.get(..i).unwrap_or(v),
        None => v,
    };
    v.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_depth() {
        let b = br#"{"a":"}","b":[1,{"c":2}]} tail"#;
        let (end, depth, closed) = match_span(b, 0);
        assert!(closed);
        assert_eq!(depth, 3);
        assert_eq!(&b[end..], b" tail");
    }

    #[test]
    fn json_lines_and_log_text() {
        let i = read(b"{\"userName\":\"a\"}\n{\"userName\":\"b\"}\n");
        assert_eq!(i.bodies.len(), 2);
        let i = read(
            br#"2024-05-01 Status Reason: {"schema":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Request is unparsable, syntactically incorrect, or violates schema.","status":"400"}"#,
        );
        assert_eq!(i.idp, Some(Idp::Entra));
        assert_eq!(i.bodies.first().map(|b| b.kind), Some(Kind::Error));
    }
}
