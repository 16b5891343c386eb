//! The rules applied to one body: users (POST/PUT), groups, PatchOps; and to filter queries.

use serde_json::{Map, Value};

use crate::finding::Severity;
use crate::registry::CheckInfo;
use crate::scim::checks::{
    FILTER, LENGTH, MANAGER, MEMBERS_LIMIT, MULTI_VALUE, PATCH, PATTERN, REQUIRED, RESERVED,
    UNSUPPORTED,
};
use crate::scim::collect::Collector;
use crate::scim::input::{Body, FilterQuery, Target, ENTERPRISE};
use crate::scim::rules::{self, *};

/// Most values walked in one body (array items and strings); the rest are not checked.
pub const MAX_VALUES_PER_BODY: usize = 200_000;

fn q(s: &str) -> String {
    format!("«{s}»")
}

fn is_key(k: &str, name: &str) -> bool {
    k.eq_ignore_ascii_case(name)
}

fn get<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.get(name)
        .or_else(|| obj.iter().find(|(k, _)| is_key(k, name)).map(|(_, v)| v))
}

pub fn user(c: &mut Collector, body: &Body) {
    let Some(obj) = body.value.as_object() else {
        return;
    };
    // Required attributes.
    let name = get(obj, "name").and_then(Value::as_object);
    let required: [(&str, Option<&Value>); 4] = [
        ("userName", get(obj, "userName")),
        ("name.givenName", name.and_then(|n| get(n, "givenName"))),
        ("name.familyName", name.and_then(|n| get(n, "familyName"))),
        ("displayName", get(obj, "displayName")),
    ];
    for (path, v) in required {
        required_value(c, body, path, v);
    }
    if let Some(Value::String(u)) = get(obj, "userName") {
        username(c, body, "userName", u);
        reserved(c, body, "userName", u);
    }
    user_attributes(c, body, obj, "");
}

/// Checks that apply to a whole user object and to the object value of a path-less PATCH operation.
fn user_attributes(c: &mut Collector, body: &Body, obj: &Map<String, Value>, at: &str) {
    let loc = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    for (k, v) in obj {
        if let Some(attr) = SINGLE_VALUE_LISTS.iter().find(|a| is_key(k, a)) {
            single_value(c, body, attr, v, &loc(k));
        }
        // Path-less PATCH values may use dotted or URN-prefixed keys (`name.givenName`).
        let root = rules::path_root(k);
        if let Some(attr) = UNSUPPORTED_USER.iter().find(|a| is_key(root, a)) {
            unsupported(c, body, &loc(k), attr);
        } else if !USER_KNOWN.iter().any(|a| is_key(k, a) || is_key(root, a))
            && root != "enterprise"
        {
            c.hit(
                &UNSUPPORTED,
                Some(body),
                &loc(k),
                k,
                format!("`{k}` is not an attribute of Identity Center's user schema (core User and the enterprise extension). Best knowledge: depending on the attribute it is ignored or the request is refused with {}.", q(UNPARSABLE)),
                Some(Severity::Warning),
            );
        }
        if is_key(k, "meta") {
            if let Some(m) = v.as_object() {
                if get(m, "version").is_some() {
                    unsupported(c, body, &loc("meta.version"), "meta.version");
                }
            }
        }
        if is_key(k, ENTERPRISE) {
            if let Some(e) = v.as_object() {
                if let Some(m) = get(e, "manager") {
                    manager(c, body, m, &loc(&format!("{k}.manager")));
                }
            }
        }
    }
    c.ran(&UNSUPPORTED);
    c.ran(&MULTI_VALUE);
    // Pattern and length of every other string.
    let mut budget = MAX_VALUES_PER_BODY;
    for (k, v) in obj {
        if ["schemas", "schema", "id", "meta", "userName"]
            .iter()
            .any(|s| is_key(k, s))
        {
            continue;
        }
        if is_key(k, "externalId") {
            if let Value::String(s) = v {
                external_id(c, body, &loc(k), s);
            }
            continue;
        }
        walk_strings(c, body, v, &loc(k), &mut budget);
    }
}

fn required_value(c: &mut Collector, body: &Body, path: &str, v: Option<&Value>) {
    required_value_at(c, body, path, path, v);
}

/// `loc` is where the value sits in the body; `path` the attribute AWS names in its message.
fn required_value_at(c: &mut Collector, body: &Body, loc: &str, path: &str, v: Option<&Value>) {
    c.ran(&REQUIRED);
    match v {
        None | Some(Value::Null) => c.hit(
            &REQUIRED,
            Some(body),
            loc,
            "",
            format!("`{path}` is missing. Identity Center requires it and refuses the user with {}", q(UNPARSABLE)),
            None,
        ),
        Some(Value::String(s)) if s.is_empty() => c.hit(
            &REQUIRED,
            Some(body),
            loc,
            "\"\"",
            format!("`{path}` is an empty string. Identity Center answers {}", q(&rules::empty_message(path))),
            None,
        ),
        Some(Value::String(s)) if s.trim().is_empty() => c.hit(
            &REQUIRED,
            Some(body),
            loc,
            &format!("{} whitespace characters", s.chars().count()),
            format!("`{path}` holds only whitespace: the pattern accepts it, but the user shows with a blank {path}; the source attribute is probably empty."),
            Some(Severity::Warning),
        ),
        Some(Value::String(_)) => {}
        Some(other) => c.hit(
            &REQUIRED,
            Some(body),
            loc,
            &other.to_string(),
            format!("`{path}` is not a string. Identity Center refuses it with {}", q(UNPARSABLE)),
            None,
        ),
    }
}

fn username(c: &mut Collector, body: &Body, path: &str, u: &str) {
    c.ran(&PATTERN);
    c.ran(&LENGTH);
    let n = u.chars().count();
    if n > USERNAME_MAX {
        c.hit(
            &LENGTH,
            Some(body),
            path,
            u,
            format!(
                "`{path}` is {n} characters long, above 128. Identity Center answers {} (the form of the documented messages; best knowledge).",
                q(&rules::too_long_message(path, USERNAME_MAX))
            ),
            None,
        );
    }
    if let Some((pos, ch)) = first_bad(u, visible_char) {
        if !u.is_empty() {
            c.hit(
                &PATTERN,
                Some(body),
                path,
                u,
                format!(
                    "`{path}` contains {} at character {pos}; user names take no whitespace or invisible characters. Identity Center answers {}",
                    describe_char(ch),
                    q(&rules::pattern_message(path, USERNAME_PATTERN))
                ),
                None,
            );
        }
    }
}

fn reserved(c: &mut Collector, body: &Body, path: &str, name: &str) {
    c.ran(&RESERVED);
    if let Some(r) = RESERVED_NAMES
        .iter()
        .find(|r| r.eq_ignore_ascii_case(name.trim()))
    {
        c.hit(
            &RESERVED,
            Some(body),
            path,
            name,
            format!("`{path}` is {}, a name the SCIM developer guide reserves; Identity Center does not create it.", q(r)),
            None,
        );
    }
}

fn external_id(c: &mut Collector, body: &Body, path: &str, s: &str) {
    c.ran(&PATTERN);
    c.ran(&LENGTH);
    let n = s.chars().count();
    if n == 0 || n > EXTERNAL_ID_MAX {
        c.hit(
            &LENGTH,
            Some(body),
            path,
            s,
            format!("`{path}` is {n} characters long; Identity Store external ids are 1–256 characters."),
            None,
        );
    } else if let Some((pos, ch)) = first_bad(s, visible_char) {
        c.hit(
            &PATTERN,
            Some(body),
            path,
            s,
            format!(
                "`{path}` contains {} at character {pos}; external ids take no whitespace. Identity Center answers {}",
                describe_char(ch),
                q(&rules::pattern_message(path, USERNAME_PATTERN))
            ),
            None,
        );
    }
}

fn unsupported(c: &mut Collector, body: &Body, path: &str, attr: &str) {
    let msg = match attr {
        "groups" => format!("`{path}`: `groups` cannot be sent on a user (\"groups cannot be sent in createUser\"); membership goes through Group resources. Identity Center refuses the user with {}", q(UNPARSABLE)),
        "meta.version" => format!("`{path}`: the `version` sub-attribute of `meta` is not supported (User Guide)."),
        _ => format!("`{path}`: `{attr}` is not supported by Identity Center's SCIM implementation (developer guide); the request can be refused with {}", q(UNPARSABLE)),
    };
    c.hit(&UNSUPPORTED, Some(body), path, attr, msg, None);
    let fix = match attr {
        "groups" => "Remove the groups mapping from the user; provision group membership through the identity provider's group push (Group resources).".to_string(),
        _ => format!("Remove the mapping that sends `{attr}` in the identity provider's attribute mappings for AWS IAM Identity Center, then push the user again."),
    };
    c.fix_last(&UNSUPPORTED, fix);
}

/// emails, addresses, phoneNumbers, roles: one value; the email primary.
fn single_value(c: &mut Collector, body: &Body, attr: &str, v: &Value, path: &str) {
    c.ran(&MULTI_VALUE);
    match v {
        Value::Array(items) => {
            if items.len() > 1 {
                let (text, documented) = rules::multi_value_message(attr);
                c.hit(
                    &MULTI_VALUE,
                    Some(body),
                    path,
                    &format!("{} values", items.len()),
                    format!(
                        "`{path}` holds {} values; Identity Center takes one. It answers {}{}",
                        items.len(),
                        q(&text),
                        if documented { "" } else { " (by analogy with the documented emails message; best knowledge)" }
                    ),
                    None,
                );
            } else if items.is_empty() {
                c.hit(
                    &MULTI_VALUE,
                    Some(body),
                    path,
                    "[]",
                    format!("`{path}` is an empty list; the Identity Store takes exactly one item. Leave the attribute out instead."),
                    Some(Severity::Warning),
                );
            }
            for (i, item) in items.iter().enumerate().take(16) {
                if let Some(o) = item.as_object() {
                    if get(o, "display").is_some() {
                        unsupported(
                            c,
                            body,
                            &format!("{path}[{i}].display"),
                            &format!("{attr}.display"),
                        );
                    }
                }
            }
            if attr == "emails" && items.len() == 1 {
                let primary = items
                    .first()
                    .and_then(|e| e.as_object())
                    .and_then(|o| get(o, "primary"))
                    .map(|p| p == &Value::Bool(true) || p.as_str().is_some_and(|s| s.eq_ignore_ascii_case("true")))
                    .unwrap_or(false);
                if !primary {
                    c.hit(
                        &MULTI_VALUE,
                        Some(body),
                        &format!("{path}[0].primary"),
                        "primary not true",
                        format!("The email in `{path}` is not marked `\"primary\": true`; the developer guide requires it. Best knowledge: the request is refused with {}", q(UNPARSABLE)),
                        None,
                    );
                }
            }
        }
        Value::Null => {}
        other => c.hit(
            &MULTI_VALUE,
            Some(body),
            path,
            &crate::report::one_line(&other.to_string(), 60),
            format!("`{path}` is not a list; SCIM sends it as a list of one object. Identity Center answers {}", q(UNPARSABLE)),
            None,
        ),
    }
}

fn manager(c: &mut Collector, body: &Body, m: &Value, path: &str) {
    c.ran(&MANAGER);
    let vpath = format!("{ENTERPRISE}.manager.value");
    match m {
        Value::Object(o) => {
            if get(o, "displayName").is_some() {
                unsupported(c, body, &format!("{path}.displayName"), "manager.displayName");
            }
            match get(o, "value") {
                Some(Value::String(s)) if !s.is_empty() => {
                    if let Some((pos, ch)) = first_bad(s, text_char) {
                        c.hit(&MANAGER, Some(body), &format!("{path}.value"), s,
                            format!("The manager value contains {} at character {pos}. Identity Center answers {}", describe_char(ch), q(&rules::pattern_message(&vpath, TEXT_PATTERN))), None);
                    }
                }
                Some(Value::String(_)) | None | Some(Value::Null) => c.hit(
                    &MANAGER,
                    Some(body),
                    &format!("{path}.value"),
                    "\"\"",
                    format!("The manager has no value (empty or missing). Identity Center answers {}", q(&rules::empty_message(&vpath))),
                    None,
                ),
                Some(other) => c.hit(&MANAGER, Some(body), &format!("{path}.value"), &other.to_string(),
                    format!("The manager value is not a string. Identity Center refuses it with {}", q(UNPARSABLE)), None),
            }
        }
        Value::String(s) if !s.is_empty() => c.hit(
            &MANAGER,
            Some(body),
            path,
            s,
            "The manager is a bare string; in a User body SCIM sends `\"manager\": {\"value\": \"<id>\"}` (Entra ID sends a bare string only as a PATCH value). Best knowledge: send the object form.".into(),
            Some(Severity::Warning),
        ),
        Value::Null => {}
        _ => c.hit(
            &MANAGER,
            Some(body),
            path,
            &m.to_string(),
            format!("The manager is empty. Identity Center answers {}", q(&rules::empty_message(&vpath))),
            None,
        ),
    }
}

/// Pattern and length of every string under `v` (other user strings: 1–1024, text pattern).
fn walk_strings(c: &mut Collector, body: &Body, v: &Value, path: &str, budget: &mut usize) {
    if *budget == 0 {
        return;
    }
    *budget -= 1;
    match v {
        Value::String(s) => text_value(c, body, path, s, text_char, TEXT_PATTERN),
        Value::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                if *budget == 0 {
                    return;
                }
                walk_strings(c, body, item, &format!("{path}[{i}]"), budget);
            }
        }
        Value::Object(o) => {
            for (k, item) in o {
                if is_key(k, "manager") || is_key(k, "$ref") {
                    continue;
                }
                walk_strings(c, body, item, &format!("{path}.{k}"), budget);
            }
        }
        _ => {}
    }
}

fn text_value(
    c: &mut Collector,
    body: &Body,
    path: &str,
    s: &str,
    ok: fn(char) -> bool,
    pattern: &str,
) {
    c.ran(&PATTERN);
    c.ran(&LENGTH);
    let n = s.chars().count();
    if n > STRING_MAX {
        c.hit(
            &LENGTH,
            Some(body),
            path,
            s,
            format!(
                "`{path}` is {n} characters long, above 1024. Identity Center answers {} (the form of the documented messages; best knowledge).",
                q(&rules::too_long_message(path, STRING_MAX))
            ),
            None,
        );
    } else if n == 0 && !is_required_path(path) {
        c.hit(
            &LENGTH,
            Some(body),
            path,
            "\"\"",
            format!("`{path}` is an empty string; values are 1–1024 characters. Identity Center answers {} Leave the attribute out instead of sending it empty.", q(&rules::empty_message(path))),
            Some(Severity::Warning),
        );
    }
    if let Some((pos, ch)) = first_bad(s, ok) {
        c.hit(
            &PATTERN,
            Some(body),
            path,
            s,
            format!(
                "`{path}` contains {} at character {pos}, outside the allowed characters. Identity Center answers {}",
                describe_char(ch),
                q(&rules::pattern_message(path, pattern))
            ),
            None,
        );
    }
}

/// Required attributes report their own emptiness (scim.required).
fn is_required_path(path: &str) -> bool {
    [
        "name.givenName",
        "name.familyName",
        "displayName",
        "userName",
    ]
    .iter()
    .any(|r| path == *r || path.ends_with(&format!(".{r}")))
}

pub fn group(c: &mut Collector, body: &Body) {
    let Some(obj) = body.value.as_object() else {
        return;
    };
    let dn = get(obj, "displayName");
    required_value(c, body, "displayName", dn);
    if let Some(Value::String(s)) = dn {
        if !s.is_empty() {
            text_value(c, body, "displayName", s, group_char, GROUP_PATTERN);
        }
        reserved(c, body, "displayName", s);
    }
    if let Some(Value::String(s)) = get(obj, "externalId") {
        external_id(c, body, "externalId", s);
    }
    for k in obj.keys() {
        if !GROUP_KNOWN.iter().any(|a| is_key(k, a)) {
            c.hit(&UNSUPPORTED, Some(body), k, k,
                format!("`{k}` is not an attribute of Identity Center's group schema (displayName, externalId, members). Best knowledge: it is ignored or refused with {}", q(UNPARSABLE)),
                Some(Severity::Warning));
        }
    }
    c.ran(&UNSUPPORTED);
    if let Some(m) = get(obj, "members") {
        c.ran(&MEMBERS_LIMIT);
        let list = m.as_array().map(Vec::as_slice).unwrap_or(&[]);
        if list.len() > MEMBERS_MAX {
            c.hit(
                &MEMBERS_LIMIT,
                Some(body),
                "members",
                &format!("{} members", list.len()),
                format!("The group is created with {} members; CreateGroup takes at most 100 per request (SCIM developer guide). Identity Center answers with a `ValidationException` (HTTP 400).", list.len()),
                None,
            );
        }
        nested(c, body, list, "members");
    }
}

/// Members that are groups (nested groups are not supported).
fn nested(c: &mut Collector, body: &Body, list: &[Value], path: &str) {
    c.ran(&UNSUPPORTED);
    let mut shown = 0;
    let mut missing = 0;
    for (i, m) in list.iter().enumerate() {
        let value = m.get("value").and_then(Value::as_str).unwrap_or("");
        if value.is_empty() {
            missing += 1;
            if missing <= 10 {
                c.hit(
                    &REQUIRED,
                    Some(body),
                    &format!("{path}[{i}].value"),
                    &crate::report::one_line(&m.to_string(), 60),
                    format!("A member without a non-empty `value` (the member's Identity Center id). Identity Center answers {}", q(UNPARSABLE)),
                    None,
                );
            }
        }
        let Some(o) = m.as_object() else { continue };
        let is_group = get(o, "type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("group"))
            || get(o, "$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| r.contains("/Groups/"));
        if is_group && shown < 10 {
            shown += 1;
            let v = get(o, "value").and_then(Value::as_str).unwrap_or("");
            c.hit(
                &UNSUPPORTED,
                Some(body),
                &format!("{path}[{i}]"),
                v,
                "This member is a group; Identity Center does not support nested groups (User Guide), so its members do not become members of this group.".into(),
                None,
            );
        }
    }
}

pub fn patch(c: &mut Collector, body: &Body, target: Target) {
    let Some(obj) = body.value.as_object() else {
        return;
    };
    c.ran(&PATCH);
    let Some(ops) = get(obj, "Operations").and_then(Value::as_array) else {
        c.hit(
            &PATCH,
            Some(body),
            "Operations",
            "",
            format!(
                "The PatchOp has no `Operations` list. Identity Center answers {}",
                q(UNPARSABLE)
            ),
            None,
        );
        return;
    };
    let mut member_changes = 0usize;
    let mut on_username = 0usize;
    let mut on_active = 0usize;
    for (i, op) in ops.iter().enumerate() {
        let at = format!("Operations[{i}]");
        let Some(o) = op.as_object() else {
            c.hit(
                &PATCH,
                Some(body),
                &at,
                &op.to_string(),
                "An operation is not an object.".into(),
                None,
            );
            continue;
        };
        let verb = get(o, "op")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase);
        let path = get(o, "path").and_then(Value::as_str).map(str::trim);
        let value = get(o, "value");
        let verb = match verb.as_deref() {
            Some(v @ ("add" | "replace" | "remove")) => v.to_string(),
            Some(other) => {
                c.hit(&PATCH, Some(body), &format!("{at}.op"), other,
                    format!("`op` is {}; Identity Center accepts add, replace and remove. It answers {}", q(other), q(UNPARSABLE)), None);
                continue;
            }
            None => {
                c.hit(
                    &PATCH,
                    Some(body),
                    &format!("{at}.op"),
                    "",
                    format!(
                        "The operation has no `op`; `op` is required. Identity Center answers {}",
                        q(UNPARSABLE)
                    ),
                    None,
                );
                continue;
            }
        };
        if verb == "remove" && path.is_none_or(str::is_empty) {
            c.hit(&PATCH, Some(body), &format!("{at}.path"), "", "A remove operation has no `path`. Identity Center answers «Missing path in PATCH request».".into(), None);
        }
        if verb != "remove" && value.is_none() {
            c.hit(&PATCH, Some(body), &format!("{at}.value"), "", format!("An {verb} operation has no `value`; add and replace need one. Identity Center answers {}", q(UNPARSABLE)), None);
        }
        let root = path.map(rules::path_root).unwrap_or("");
        // Path filters: only eq.
        if let Some(p) = path {
            if let (Some(open), Some(close)) = (p.find('['), p.rfind(']')) {
                if close > open {
                    filter_text(
                        c,
                        Some(body),
                        &format!("{at}.path"),
                        p.get(open + 1..close).unwrap_or(""),
                        None,
                        true,
                    );
                }
            }
        }
        // Which attributes the operation touches.
        let touched: Vec<String> = match (path, value) {
            (Some(p), _) if !p.is_empty() => vec![root.to_string()],
            (_, Some(Value::Object(v))) => v.keys().cloned().collect(),
            _ => Vec::new(),
        };
        for t in &touched {
            if is_key(t, "userName") {
                on_username += 1;
            }
            if is_key(t, "active") {
                on_active += 1;
            }
        }
        if verb == "remove" {
            for t in ["userName", "active"] {
                if is_key(root, t) {
                    c.hit(
                        &PATCH,
                        Some(body),
                        &format!("{at}.path"),
                        t,
                        format!(
                            "`{t}` cannot be removed (PatchUser). Identity Center answers {}",
                            q(UNPARSABLE)
                        ),
                        None,
                    );
                }
            }
        }
        let group_op = target == Target::Groups || is_key(root, "members");
        if group_op {
            if let Some(p) = path.filter(|p| !p.is_empty()) {
                if !GROUP_PATCHABLE.iter().any(|a| is_key(root, a)) {
                    c.hit(&PATCH, Some(body), &format!("{at}.path"), p, format!("PatchGroup changes only displayName, members and externalId; `{p}` is not one of them. Identity Center answers {}", q(UNPARSABLE)), None);
                }
            }
            if is_key(root, "members") {
                let whole = !path.unwrap_or("").contains('[');
                if whole && verb == "replace" {
                    c.hit(&PATCH, Some(body), &at, "replace members",
                        "A replace of `members` replaces all memberships; \"The PatchGroup API doesn't support remove all or replace operations\" (ValidationException, HTTP 400).".into(), None);
                }
                if whole
                    && verb == "remove"
                    && value.is_none_or(|v| v.as_array().is_none_or(Vec::is_empty))
                {
                    c.hit(&PATCH, Some(body), &at, "remove members",
                        "A remove of `members` without a filter or values removes all memberships; \"The PatchGroup API doesn't support remove all or replace operations\" (ValidationException, HTTP 400).".into(), None);
                }
                member_changes += match value {
                    Some(Value::Array(a)) => a.len(),
                    _ => 1,
                };
                if let Some(Value::Array(a)) = value {
                    nested(c, body, a, &format!("{at}.value"));
                }
            } else if path.is_none_or(str::is_empty) {
                if let Some(Value::Object(v)) = value {
                    if let Some(m) = get(v, "members") {
                        if verb == "replace" {
                            c.hit(&PATCH, Some(body), &at, "replace members",
                                "A path-less replace that carries `members` replaces all memberships; \"The PatchGroup API doesn't support remove all or replace operations\" (ValidationException, HTTP 400).".into(), None);
                        }
                        member_changes += m.as_array().map(Vec::len).unwrap_or(1);
                    }
                    if let Some(Value::String(s)) = get(v, "displayName") {
                        required_value(
                            c,
                            body,
                            &format!("{at}.value.displayName"),
                            Some(&Value::String(s.clone())),
                        );
                        reserved(c, body, &format!("{at}.value.displayName"), s);
                    }
                }
            } else if is_key(root, "displayName") {
                required_value(c, body, &format!("{at}.value"), value);
                if let Some(Value::String(s)) = value {
                    reserved(c, body, &format!("{at}.value"), s);
                    if !s.is_empty() {
                        text_value(
                            c,
                            body,
                            &format!("{at}.value"),
                            s,
                            group_char,
                            GROUP_PATTERN,
                        );
                    }
                }
            }
            continue;
        }
        // A user operation (or an unlabelled one without members).
        if let Some(p) = path.filter(|p| !p.is_empty()) {
            if let Some(attr) = UNSUPPORTED_USER.iter().find(|a| is_key(root, a)) {
                unsupported(c, body, &format!("{at}.path"), attr);
            } else if p.contains(".display") && SINGLE_VALUE_LISTS.iter().any(|a| is_key(root, a)) {
                unsupported(c, body, &format!("{at}.path"), &format!("{root}.display"));
            } else if target == Target::Users && !USER_PATCHABLE.iter().any(|a| is_key(root, a)) {
                c.hit(&PATCH, Some(body), &format!("{at}.path"), p, format!("PatchUser cannot modify `{p}` (modifiable: userName, active, externalId, displayName, nickName, profileUrl, title, userType, preferredLanguage, locale, timezone, name, enterprise, emails, addresses, phoneNumbers). Identity Center answers {}", q(UNPARSABLE)), None);
            }
            if verb == "remove" {
                continue;
            }
            let Some(v) = value else { continue };
            let vat = format!("{at}.value");
            let lower = p.to_ascii_lowercase();
            if let Some(attr) = SINGLE_VALUE_LISTS.iter().find(|a| is_key(root, a)) {
                if !p.contains('[') && !p.contains('.') {
                    single_value(c, body, attr, v, &vat);
                }
            }
            if root == "enterprise" && lower.ends_with(":manager") {
                match v {
                    Value::String(s) => manager(c, body, &serde_json::json!({ "value": s }), &vat),
                    other => manager(c, body, other, &vat),
                }
                continue;
            }
            if root == "enterprise" && lower.ends_with("manager.value") {
                manager(c, body, &serde_json::json!({ "value": v }), &vat);
                continue;
            }
            for req in [
                "userName",
                "displayName",
                "name.givenName",
                "name.familyName",
            ] {
                if p.eq_ignore_ascii_case(req) {
                    required_value_at(c, body, &vat, req, Some(v));
                }
            }
            match v {
                Value::String(s) if is_key(p, "userName") => {
                    username(c, body, &vat, s);
                    reserved(c, body, &vat, s);
                }
                Value::String(s) if is_key(p, "externalId") => external_id(c, body, &vat, s),
                Value::String(s) if !s.is_empty() => {
                    text_value(c, body, &vat, s, text_char, TEXT_PATTERN)
                }
                Value::Object(o) if is_key(root, "name") => user_attributes(c, body, o, &vat),
                Value::Array(_) | Value::Object(_) => {
                    let mut budget = MAX_VALUES_PER_BODY;
                    walk_strings(c, body, v, &vat, &mut budget);
                }
                _ => {}
            }
        } else if let Some(Value::Object(v)) = value {
            // Path-less add/replace: the value is a partial user.
            for req in ["userName", "displayName"] {
                if let Some(x) = get(v, req) {
                    required_value(c, body, &format!("{at}.value.{req}"), Some(x));
                }
            }
            if let Some(Value::Object(n)) = get(v, "name") {
                for req in ["givenName", "familyName"] {
                    if let Some(x) = get(n, req) {
                        required_value(c, body, &format!("{at}.value.name.{req}"), Some(x));
                    }
                }
            }
            if let Some(Value::String(u)) = get(v, "userName") {
                username(c, body, &format!("{at}.value.userName"), u);
                reserved(c, body, &format!("{at}.value.userName"), u);
            }
            user_attributes(c, body, v, &format!("{at}.value"));
        }
    }
    for (name, n) in [("userName", on_username), ("active", on_active)] {
        if n > 1 {
            c.hit(&PATCH, Some(body), "Operations", &format!("{n} operations"),
                format!("{n} operations change `{name}` in one request; PatchUser does not support multiple operations on userName or active. Identity Center answers {}", q(UNPARSABLE)), None);
        }
    }
    if target == Target::Groups || member_changes > 0 {
        c.ran(&MEMBERS_LIMIT);
        if member_changes > MEMBERS_MAX {
            c.hit(&MEMBERS_LIMIT, Some(body), "Operations", &format!("{member_changes} member changes"),
                format!("This PatchGroup request changes {member_changes} memberships; Identity Center accepts at most 100 per request (SCIM developer guide) and answers with a `ValidationException` (HTTP 400)."), None);
        }
    }
}

/// Checks one filter: syntax, `eq` only, `and` only, supported attributes (unless `in_path`).
fn filter_text(
    c: &mut Collector,
    body: Option<&Body>,
    location: &str,
    text: &str,
    groups: Option<bool>,
    in_path: bool,
) {
    c.ran(&FILTER);
    let f = match rules::parse_filter(text) {
        Ok(f) => f,
        Err(e) => {
            c.hit(&FILTER, body, location, text, format!("The filter cannot be parsed ({e}). Identity Center answers «Invalid Filter format»."), None);
            return;
        }
    };
    let bad_ops: Vec<&str> = f
        .comparisons
        .iter()
        .filter(|x| x.operator != "eq")
        .map(|x| x.operator.as_str())
        .collect();
    if !bad_ops.is_empty() {
        c.hit(&FILTER, body, location, text,
            format!("The filter uses {}; Identity Center supports only `eq`. Best knowledge: it answers «Invalid Filter format» or a ValidationException.", bad_ops.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")), None);
    }
    let bad_join: Vec<&str> = f
        .connectives
        .iter()
        .filter(|j| j.as_str() != "and")
        .map(String::as_str)
        .collect();
    if !bad_join.is_empty() || f.grouping {
        c.hit(&FILTER, body, location, text,
            format!("The filter joins comparisons with {}; Identity Center supports only `and` (no `or`, `not` or parentheses).", if bad_join.is_empty() { "parentheses".to_string() } else { bad_join.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ") }), None);
    }
    if !in_path && bad_ops.is_empty() && bad_join.is_empty() {
        let attrs: Vec<String> = f.comparisons.iter().map(|x| x.attribute.clone()).collect();
        if !rules::supported_combination(&attrs, groups) {
            let list = match groups {
                Some(true) => "displayName; externalId; members.value; id and member",
                Some(false) => "userName; externalId; groups.value; id and manager",
                None => "users: userName, externalId, groups.value, id and manager; groups: displayName, externalId, members.value, id and member",
            };
            c.hit(
                &FILTER,
                body,
                location,
                text,
                format!(
                    "Identity Center does not filter on {} (supported: {list}).",
                    attrs
                        .iter()
                        .map(|a| format!("`{a}`"))
                        .collect::<Vec<_>>()
                        .join(" and ")
                ),
                None,
            );
        }
    }
}

pub fn query(c: &mut Collector, fq: &FilterQuery) {
    let loc = format!("line {}", fq.line);
    let groups = match fq.target {
        Target::Groups => Some(true),
        Target::Users => Some(false),
        Target::Unknown => None,
    };
    c.ran(&FILTER);
    if let Some(f) = &fq.filter {
        filter_text(c, None, &loc, f, groups, false);
    }
    for (k, v) in &fq.params {
        if ["startIndex", "attributes", "excludedAttributes"].contains(&k.as_str()) {
            c.hit(&FILTER, None, &loc, &format!("{k}={v}"),
                format!("`{k}` is not supported by Identity Center (it pages with `cursor` and `count`)."), Some(Severity::Warning));
        }
        if k == "count" {
            let ok = v.parse::<u32>().is_ok_and(|n| (1..=100).contains(&n));
            if !ok {
                c.hit(
                    &FILTER,
                    None,
                    &loc,
                    &format!("count={v}"),
                    "`count` is 1–100 (default 100; older pages say at most 50).".into(),
                    Some(Severity::Warning),
                );
            }
        }
    }
}

/// A registry entry as `&'static` (the collector keeps references).
pub fn checked(c: &mut Collector, check: &'static CheckInfo) {
    c.ran(check);
}
