//! Every container shape an administrator has, detected by content (never by file name):
//! a trail file `{"Records":[...]}` (also gzip), `aws cloudtrail lookup-events` output
//! `{"Events":[{..., "CloudTrailEvent":"<record as a string>"}]}`, a bare array, a single record,
//! JSON lines, the console's "Download events" JSON and CSV, and several files at once.
//!
//! Caps, each named in the `cloudtrail.input` finding when hit: 64 MB of input in total, counting
//! inflated gzip; 200,000 events; JSON nesting of 128 levels (serde_json's recursion limit, a guard:
//! the typed fields have a fixed depth and serde_json skips every other value without recursing).

use std::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};

use super::gzip::{self, GzipError};
use super::model::{Event, Maybe, RawRecord};

/// Total bytes of input read, inflated gzip included: what a browser tab can hold comfortably.
pub const MAX_BYTES: usize = 64 * 1024 * 1024;
/// Events kept across all files (a 64 MB trail holds about 40,000).
pub const MAX_EVENTS: usize = 200_000;
/// JSON nesting depth (serde_json's recursion limit).
pub const MAX_DEPTH: usize = 128;

/// What one input file turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub name: String,
    /// "CloudTrail trail file (Records), gzip" and the like; empty when not recognised.
    pub shape: String,
    pub events: usize,
    /// Why the file (or part of it) could not be read.
    pub problem: Option<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// 1-based line and column in the (inflated) text, when known.
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// True when a cap was hit (the finding names it).
    pub cap: bool,
}

impl Problem {
    fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            line: None,
            column: None,
            cap: false,
        }
    }
    fn cap(message: impl Into<String>) -> Self {
        Problem {
            cap: true,
            ..Problem::new(message)
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub events: Vec<Event>,
    pub files: Vec<FileReport>,
}

impl Parsed {
    pub fn any_cap_hit(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.problem.as_ref().is_some_and(|p| p.cap))
    }
}

/// Reads every file in order, sharing the byte and event budgets.
pub fn parse_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Parsed {
    let mut parsed = Parsed::default();
    let mut budget = MAX_BYTES;
    for (n, (name, bytes)) in files.into_iter().enumerate() {
        let report = parse_one(name, bytes, n, &mut budget, &mut parsed.events);
        parsed.files.push(report);
    }
    parsed
}

/// The CSV reader alone (console "Download events" and SQL results), for the fuzz target.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<Event>, String> {
    let mut events = Vec::new();
    super::csv::parse(bytes, 0, &mut events).map_err(|p| p.message)?;
    Ok(events)
}

/// One file, any shape. Used by the fuzz targets too.
pub fn parse_bytes(bytes: &[u8]) -> Parsed {
    parse_files([("", bytes)])
}

fn parse_one(
    name: &str,
    bytes: &[u8],
    file: usize,
    budget: &mut usize,
    events: &mut Vec<Event>,
) -> FileReport {
    let mut report = FileReport {
        name: name.to_string(),
        shape: String::new(),
        events: 0,
        problem: None,
    };
    let cap_msg = || {
        format!(
            "the input is larger than the {} MB cap (inflated gzip included); split the trail by time or user, or run the SQL below where the data lives",
            MAX_BYTES / (1024 * 1024)
        )
    };
    if bytes.len() > *budget {
        report.problem = Some(Problem::cap(cap_msg()));
        return report;
    }
    let inflated;
    let (text, gz) = if gzip::is_gzip(bytes) {
        match gzip::gunzip(bytes, *budget) {
            Ok(v) => {
                inflated = v;
                (&inflated[..], true)
            }
            Err(GzipError::OverCap(_)) => {
                report.shape = "gzip".into();
                report.problem = Some(Problem::cap(cap_msg()));
                return report;
            }
            Err(GzipError::Invalid(m)) => {
                report.shape = "gzip".into();
                report.problem = Some(Problem::new(m));
                return report;
            }
        }
    } else {
        (bytes, false)
    };
    *budget = budget.saturating_sub(text.len().max(bytes.len()));
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let first = text.iter().copied().find(|c| !c.is_ascii_whitespace());
    let before = events.len();
    let result = match first {
        None => Err(Problem::new("the input is empty")),
        Some(b'{') | Some(b'[') => json(text, file, events),
        Some(_) => super::csv::parse(text, file, events),
    };
    match result {
        Ok(shape) => report.shape = shape,
        Err(p) => report.problem = Some(p),
    }
    if gz {
        report.shape = if report.shape.is_empty() {
            "gzip".into()
        } else {
            format!("{}, gzip", report.shape)
        };
    }
    report.events = events.len() - before;
    report
}

/// JSON: one document (container, array or record) or several (JSON lines).
fn json(text: &[u8], file: usize, events: &mut Vec<Event>) -> Result<String, Problem> {
    let mut stream = serde_json::Deserializer::from_slice(text).into_iter::<JsonDoc>();
    let mut shapes: Vec<&'static str> = Vec::new();
    let mut docs = 0usize;
    let mut index = 0usize;
    let start = events.len();
    for doc in stream.by_ref() {
        let doc = doc.map_err(|e| json_problem(&e, docs))?;
        docs += 1;
        let shape = match doc {
            JsonDoc::Array(items) => {
                let had_items = !items.is_empty();
                let before = events.len();
                add_items(items, file, &mut index, events)?;
                if had_items && events.len() == before {
                    NOT_CLOUDTRAIL
                } else {
                    "bare array of records"
                }
            }
            JsonDoc::Object(r) => add_object(*r, file, &mut index, events)?,
        };
        if !shapes.contains(&shape) {
            shapes.push(shape);
        }
    }
    if events.len() == start && shapes.iter().all(|s| *s == NOT_CLOUDTRAIL) {
        return Err(Problem::new(
            "this JSON is not CloudTrail data: no Records or Events array and no record with eventName, eventSource or CloudTrailEvent",
        ));
    }
    shapes.retain(|s| *s != NOT_CLOUDTRAIL);
    let shape = shapes.join(" + ");
    Ok(if docs > 1 && shape == "single record" {
        format!("JSON lines ({docs} records)")
    } else if docs > 1 {
        format!("JSON lines ({docs} documents: {shape})")
    } else {
        shape
    })
}

const NOT_CLOUDTRAIL: &str = "not CloudTrail";

fn add_object(
    r: RawRecord,
    file: usize,
    index: &mut usize,
    events: &mut Vec<Event>,
) -> Result<&'static str, Problem> {
    if r.records.is_some() || r.events.is_some() {
        let lookup = r.events.is_some();
        let mut items = r.records.unwrap_or_default();
        items.extend(r.events.unwrap_or_default());
        add_items(items, file, index, events)?;
        return Ok(if lookup {
            "aws cloudtrail lookup-events output (Events, CloudTrailEvent parsed again)"
        } else {
            "CloudTrail trail file or console download (Records)"
        });
    }
    if is_record(&r) {
        let lookup = r.cloudtrail_event.is_some();
        add_items(vec![Maybe(Some(r))], file, index, events)?;
        return Ok(if lookup {
            "one lookup-events entry"
        } else {
            "single record"
        });
    }
    Ok(NOT_CLOUDTRAIL)
}

fn is_record(r: &RawRecord) -> bool {
    r.event_name.is_some()
        || r.event_source.is_some()
        || r.l_event_name.is_some()
        || r.cloudtrail_event.is_some()
}

fn add_items(
    items: Vec<Maybe>,
    file: usize,
    index: &mut usize,
    events: &mut Vec<Event>,
) -> Result<(), Problem> {
    for Maybe(item) in items {
        let Some(mut r) = item else {
            *index += 1;
            continue;
        };
        // A container inside an array (several trail files pasted as one array): flatten it.
        if r.records.is_some() || r.events.is_some() {
            let mut inner = r.records.take().unwrap_or_default();
            inner.extend(r.events.take().unwrap_or_default());
            add_items(inner, file, index, events)?;
            continue;
        }
        if !is_record(&r) {
            *index += 1;
            continue;
        }
        push(r, file, *index, events)?;
        *index += 1;
    }
    Ok(())
}

/// Adds one record (a lookup-events entry is replaced by its parsed `CloudTrailEvent`).
pub(crate) fn push(
    mut r: RawRecord,
    file: usize,
    index: usize,
    events: &mut Vec<Event>,
) -> Result<(), Problem> {
    if events.len() >= MAX_EVENTS {
        return Err(Problem::cap(format!(
            "more than {MAX_EVENTS} events (the event cap); the events before it are shown"
        )));
    }
    let ev = match r.cloudtrail_event.take() {
        Some(inner) => Event::from_raw(*inner, Some(&r), file, index),
        None => Event::from_raw(r, None, file, index),
    };
    events.push(ev);
    Ok(())
}

fn json_problem(e: &serde_json::Error, docs_before: usize) -> Problem {
    use serde_json::error::Category;
    let msg = e.to_string();
    let message = if msg.contains("recursion limit") {
        format!("the JSON is nested more than {MAX_DEPTH} levels deep (the depth cap)")
    } else if msg.contains("the event cap") {
        format!("more than {MAX_EVENTS} events (the event cap)")
    } else {
        match e.classify() {
            Category::Eof => {
                "the JSON ends early: the file is truncated (copy or download it again)".to_string()
            }
            Category::Syntax => format!("not valid JSON: {msg}"),
            Category::Data => format!("unexpected JSON content: {msg}"),
            Category::Io => format!("cannot read the input: {msg}"),
        }
    };
    let mut p = Problem::new(if docs_before > 0 {
        format!("{message} (after {docs_before} complete JSON documents)")
    } else {
        message
    });
    p.cap = msg.contains("recursion limit") || msg.contains("the event cap");
    p.line = u32::try_from(e.line()).ok().filter(|l| *l > 0);
    p.column = u32::try_from(e.column()).ok().filter(|c| *c > 0);
    p
}

/// A top-level JSON document: an array of records or one object (container or record).
enum JsonDoc {
    Array(Vec<Maybe>),
    Object(Box<RawRecord>),
}

impl<'de> serde::Deserialize<'de> for JsonDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JsonDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object or array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<JsonDoc, A::Error> {
                capped_seq(seq).map(JsonDoc::Array)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<JsonDoc, A::Error> {
                use serde::Deserialize;
                RawRecord::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|r| JsonDoc::Object(Box::new(r)))
            }
        }
        d.deserialize_any(V)
    }
}

fn capped_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<Maybe>, A::Error> {
    let mut out = Vec::new();
    while let Some(x) = seq.next_element::<Maybe>()? {
        if out.len() >= MAX_EVENTS {
            return Err(serde::de::Error::custom(format!(
                "more than {MAX_EVENTS} records: the event cap"
            )));
        }
        out.push(x);
    }
    Ok(out)
}

/// `Records` / `Events` arrays, stopped at the event cap while reading (not after).
pub fn capped_records<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<Maybe>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Vec<Maybe>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an array of records")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
            capped_seq(seq).map(Some)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            while m
                .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                .is_some()
            {}
            Ok(None)
        }
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}
