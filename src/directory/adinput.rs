//! Reading Active Directory exports: `Get-ADUser -Properties PrimaryGroup,MemberOf` and
//! `Get-ADGroupMember` as ConvertTo-Json or Export-Csv, and ldapsearch LDIF with primaryGroupID and
//! memberOf. Untrusted input: byte, depth and record caps, each named when hit.

use serde_json::Value;

/// Largest input read (bytes).
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// Most records (users or members) read.
pub const MAX_RECORDS: usize = 100_000;
/// Deepest JSON nesting accepted (ConvertTo-Json output needs 4).
pub const MAX_DEPTH: usize = 32;
/// Most memberOf values kept per user.
pub const MAX_MEMBER_OF: usize = 10_000;

/// The PowerShell type name Export-Csv writes for a multi-valued property it cannot flatten.
pub const COLLECTION_TYPE: &str = "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Ldif,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Json => "ConvertTo-Json",
            Format::Csv => "Export-Csv",
            Format::Ldif => "ldapsearch LDIF",
        }
    }
}

/// One directory object as exported.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    pub name: String,
    pub dn: String,
    /// The primary group's name (from the PrimaryGroup DN, or from a well-known primaryGroupID).
    pub primary_group: Option<String>,
    pub primary_group_id: Option<u32>,
    /// Names (first CN) of the groups in memberOf.
    pub member_of: Vec<String>,
    /// True when the record carried a MemberOf / memberOf attribute at all.
    pub has_member_of: bool,
    /// True when MemberOf was the PowerShell type name instead of values.
    pub member_of_collapsed: bool,
    pub object_class: String,
}

#[derive(Debug, Clone, Default)]
pub struct AdInput {
    pub format: Option<Format>,
    pub records: Vec<Record>,
    /// Problems reading (directory.input findings): (message, is_fatal).
    pub problems: Vec<(String, bool)>,
    pub skipped: usize,
}

/// Names of well-known primary group RIDs.
pub fn rid_name(rid: u32) -> Option<&'static str> {
    Some(match rid {
        512 => "Domain Admins",
        513 => "Domain Users",
        514 => "Domain Guests",
        515 => "Domain Computers",
        516 => "Domain Controllers",
        521 => "Read-only Domain Controllers",
        _ => return None,
    })
}

/// `CN=Domain Users,CN=Users,DC=corp,...` → `Domain Users` (escaped commas kept).
pub fn cn_of(dn: &str) -> String {
    let d = dn.trim();
    let Some(rest) = d
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("CN="))
        .map(|_| &d[3..])
    else {
        return d.to_string();
    };
    let mut out = String::new();
    let mut esc = false;
    for c in rest.chars() {
        if esc {
            out.push(c);
            esc = false;
        } else if c == '\\' {
            esc = true;
        } else if c == ',' {
            break;
        } else {
            out.push(c);
        }
    }
    out
}

pub fn read(bytes: &[u8]) -> AdInput {
    let mut input = AdInput::default();
    if bytes.len() > MAX_BYTES {
        input.problems.push((
            format!("the input is {} bytes, above the cap of {MAX_BYTES} bytes (MAX_BYTES); nothing was read", bytes.len()),
            true,
        ));
        return input;
    }
    let text = String::from_utf8_lossy(bytes);
    // PowerShell's Out-File writes UTF-16 by default in Windows PowerShell 5.
    let text = if bytes.starts_with(&[0xFF, 0xFE]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        text.into_owned()
    };
    let text = text.trim_start_matches('\u{feff}');
    let t = text.trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        read_json(t, &mut input);
    } else if t
        .lines()
        .any(|l| l.len() > 3 && l.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("dn:")))
    {
        read_ldif(text, &mut input);
    } else if t.starts_with("#TYPE") || first_csv_header(t) {
        read_csv(t, &mut input);
    } else {
        input.problems.push((
            "not recognised: expected Get-ADUser / Get-ADGroupMember output as ConvertTo-Json or Export-Csv, or ldapsearch LDIF".into(),
            true,
        ));
    }
    if input.skipped > 0 {
        input.problems.push((
            format!(
                "{} further records were not read (cap of {MAX_RECORDS} records, MAX_RECORDS)",
                input.skipped
            ),
            false,
        ));
    }
    input
}

fn first_csv_header(t: &str) -> bool {
    let first = t.lines().next().unwrap_or("").to_ascii_lowercase();
    first.contains(',')
        && [
            "samaccountname",
            "distinguishedname",
            "primarygroup",
            "memberof",
            "userprincipalname",
        ]
        .iter()
        .any(|h| first.contains(h))
}

fn json_depth(t: &str) -> usize {
    let (mut depth, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for c in t.bytes() {
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn get<'a>(o: &'a serde_json::Map<String, Value>, k: &str) -> Option<&'a Value> {
    o.iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(k))
        .map(|(_, v)| v)
}

fn read_json(t: &str, input: &mut AdInput) {
    input.format = Some(Format::Json);
    let depth = json_depth(t);
    if depth > MAX_DEPTH {
        input.problems.push((format!("JSON nested {depth} levels deep, above the cap of {MAX_DEPTH} (MAX_DEPTH); nothing was read"), true));
        return;
    }
    let v: Value = match serde_json::from_str(t) {
        Ok(v) => v,
        Err(e) => {
            input.problems.push((format!("not valid JSON: {e}"), true));
            return;
        }
    };
    let items: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    };
    for item in items {
        let Some(o) = item.as_object() else { continue };
        if input.records.len() >= MAX_RECORDS {
            input.skipped += 1;
            continue;
        }
        let s = |k: &str| get(o, k).and_then(Value::as_str).unwrap_or("").to_string();
        let mut r = Record {
            dn: s("DistinguishedName"),
            object_class: s("ObjectClass"),
            ..Record::default()
        };
        r.name = [s("SamAccountName"), s("UserPrincipalName"), s("Name")]
            .into_iter()
            .find(|x| !x.is_empty())
            .unwrap_or_else(|| cn_of(&r.dn));
        if let Some(pg) = get(o, "PrimaryGroup").and_then(Value::as_str) {
            r.primary_group = Some(cn_of(pg));
        }
        if let Some(id) = get(o, "primaryGroupID") {
            r.primary_group_id = id
                .as_u64()
                .map(|n| n as u32)
                .or_else(|| id.as_str().and_then(|s| s.trim().parse().ok()));
        }
        if let Some(m) = get(o, "MemberOf") {
            r.has_member_of = true;
            let values: Vec<String> = match m {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                Value::String(s) => split_multi(s),
                Value::Object(inner) => get(inner, "Value")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            set_member_of(&mut r, values);
        }
        finish(&mut r);
        input.records.push(r);
    }
}

fn split_multi(s: &str) -> Vec<String> {
    s.split([';', '\n', '|'])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

fn set_member_of(r: &mut Record, values: Vec<String>) {
    if values.iter().any(|v| v.contains(COLLECTION_TYPE)) {
        r.member_of_collapsed = true;
        return;
    }
    r.member_of = values
        .iter()
        .take(MAX_MEMBER_OF)
        .map(|d| cn_of(d))
        .collect();
}

fn finish(r: &mut Record) {
    if r.primary_group.is_none() {
        if let Some(id) = r.primary_group_id {
            r.primary_group = Some(
                rid_name(id)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("group with RID {id}")),
            );
        }
    }
}

fn read_csv(t: &str, input: &mut AdInput) {
    input.format = Some(Format::Csv);
    // Windows PowerShell 5 writes a `#TYPE ...` line first unless -NoTypeInformation.
    let body = if t.starts_with("#TYPE") {
        t.split_once('\n').map(|(_, rest)| rest).unwrap_or("")
    } else {
        t
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = match rdr.headers() {
        Ok(h) => h.iter().map(|x| x.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            input
                .problems
                .push((format!("CSV header unreadable: {e}"), true));
            return;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (sam, upn, name, dn, pg, pgid, mo, oc) = (
        col("samaccountname"),
        col("userprincipalname"),
        col("name"),
        col("distinguishedname"),
        col("primarygroup"),
        col("primarygroupid"),
        col("memberof"),
        col("objectclass"),
    );
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                input
                    .problems
                    .push((format!("CSV row unreadable: {e}"), false));
                break;
            }
        };
        if input.records.len() >= MAX_RECORDS {
            input.skipped += 1;
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").trim().to_string();
        let mut r = Record {
            dn: cell(dn),
            object_class: cell(oc),
            ..Record::default()
        };
        r.name = [cell(sam), cell(upn), cell(name)]
            .into_iter()
            .find(|x| !x.is_empty())
            .unwrap_or_else(|| cn_of(&r.dn));
        if pg.is_some() && !cell(pg).is_empty() {
            r.primary_group = Some(cn_of(&cell(pg)));
        }
        r.primary_group_id = cell(pgid).parse().ok();
        if mo.is_some() {
            r.has_member_of = true;
            set_member_of(&mut r, split_multi(&cell(mo)));
        }
        finish(&mut r);
        input.records.push(r);
    }
}

fn read_ldif(text: &str, input: &mut AdInput) {
    input.format = Some(Format::Ldif);
    // Unfold continuation lines (a line starting with one space continues the previous one).
    let mut lines: Vec<String> = Vec::new();
    for l in text.lines() {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if let Some(cont) = l.strip_prefix(' ') {
            if let Some(last) = lines.last_mut() {
                last.push_str(cont);
                continue;
            }
        }
        lines.push(l.to_string());
    }
    let mut cur: Option<Record> = None;
    let flush = |cur: &mut Option<Record>, input: &mut AdInput| {
        if let Some(mut r) = cur.take() {
            if input.records.len() >= MAX_RECORDS {
                input.skipped += 1;
                return;
            }
            if r.name.is_empty() {
                r.name = cn_of(&r.dn);
            }
            finish(&mut r);
            input.records.push(r);
        }
    };
    for l in &lines {
        if l.trim().is_empty() {
            flush(&mut cur, input);
            continue;
        }
        if l.starts_with('#') {
            continue;
        }
        let Some((attr, rest)) = l.split_once(':') else {
            continue;
        };
        // `attr:: base64` carries non-ASCII values.
        let value = if let Some(b64) = rest.strip_prefix(':') {
            // LDIF (RFC 2849) base64 is the standard alphabet with padding.
            base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64.trim())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        } else {
            rest.trim().to_string()
        };
        let attr = attr.trim().to_ascii_lowercase();
        if attr == "dn" {
            flush(&mut cur, input);
            cur = Some(Record {
                dn: value,
                ..Record::default()
            });
            continue;
        }
        let Some(r) = cur.as_mut() else { continue };
        match attr.as_str() {
            "samaccountname" => r.name = value,
            "userprincipalname" if r.name.is_empty() => r.name = value,
            "primarygroupid" => r.primary_group_id = value.parse().ok(),
            "memberof" => {
                r.has_member_of = true;
                if r.member_of.len() < MAX_MEMBER_OF {
                    r.member_of.push(cn_of(&value));
                }
            }
            "objectclass" => r.object_class = value,
            _ => {}
        }
    }
    flush(&mut cur, input);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cn_and_rid() {
        assert_eq!(
            cn_of("CN=Domain Users,CN=Users,DC=corp,DC=example,DC=com"),
            "Domain Users"
        );
        assert_eq!(cn_of("CN=Smith\\, Ann,OU=x"), "Smith, Ann");
        assert_eq!(rid_name(513), Some("Domain Users"));
    }
}
