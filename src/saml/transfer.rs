//! The analysis as bytes, for the page's background worker (`src/ui/saml_worker.rs`): the worker runs
//! [`analyze_encoded`] on the input and the context the page sends, and the page reads the answer back
//! into an [`Analysis`] with [`decode_analysis`]. Both ends are the same build, so the format carries
//! no version beyond a magic number.
//!
//! Unlike `Analysis`'s own `Serialize` (which leaves them out so that no export can carry them), the
//! transfer includes `private_values`: "Copy redacted" on the page needs them.
//!
//! A small length-prefixed binary format rather than JSON, because the page downloads every byte of
//! code and parses the answer on its main thread: serde `Deserialize` for these types cost 25 KB of
//! gzipped wasm, and a 10 MB response's analysis is 20–45 MB of JSON. Integers are little-endian
//! `u32`/`i64`, strings and lists are a `u32` length followed by their UTF-8 bytes or items, options a
//! 0/1 byte, enums the index of the variant in its `ALL` list. Encoders destructure every struct, so
//! a new field cannot be forgotten; the reader never panics and checks every length.

use super::dsig::keys::{SpFacts, Trusted, TrustedCert};
use super::rules::dsig::SignatureReport;
use super::{analyze, Analysis, AttributeRow, CertInfo, Context, Flow, MessageAnalysis};
use crate::finding::{Evidence, Finding, Severity};
use crate::topics::{Topic, TOPICS};

const MAGIC_ANALYSIS: &[u8; 4] = b"SSA1";
const MAGIC_CONTEXT: &[u8; 4] = b"SSC1";

struct W(Vec<u8>);

impl W {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        // Everything is bounded by the 16 MB input limit, far below u32::MAX.
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
    fn opt_str(&mut self, v: &Option<String>) {
        match v {
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
            None => self.u8(0),
        }
    }
    fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            Some(n) => {
                self.u8(1);
                self.u32(n);
            }
            None => self.u8(0),
        }
    }
    fn list<T>(&mut self, v: &[T], mut f: impl FnMut(&mut W, &T)) {
        self.len(v.len());
        for x in v {
            f(self, x);
        }
    }
}

/// The reader never panics. After the first error it returns empty values and stops reading (so
/// that building a struct needs no early return, which keeps the page's code small), and the error is
/// reported at the end.
struct R<'a> {
    b: &'a [u8],
    pos: usize,
    err: Option<String>,
}

impl<'a> R<'a> {
    fn new(b: &'a [u8]) -> Self {
        R {
            b,
            pos: 0,
            err: None,
        }
    }
    fn fail(&mut self, what: &str) {
        if self.err.is_none() {
            self.err = Some(format!("{what} at byte {}", self.pos));
        }
        self.pos = self.b.len();
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        match self.b.get(self.pos..self.pos.saturating_add(n)) {
            Some(s) => {
                self.pos += n;
                s
            }
            None => {
                self.fail("truncated");
                &[]
            }
        }
    }
    fn u8(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }
    fn u32(&mut self) -> u32 {
        self.take(4).try_into().map(u32::from_le_bytes).unwrap_or(0)
    }
    fn i64(&mut self) -> i64 {
        self.take(8).try_into().map(i64::from_le_bytes).unwrap_or(0)
    }
    fn str(&mut self) -> String {
        let n = self.u32() as usize;
        match std::str::from_utf8(self.take(n)) {
            Ok(s) => s.to_owned(),
            Err(_) => {
                self.fail("invalid UTF-8");
                String::new()
            }
        }
    }
    fn strs(&mut self) -> Vec<String> {
        self.list(R::str)
    }
    fn flag(&mut self) -> bool {
        match self.u8() {
            0 => false,
            1 => true,
            _ => {
                self.fail("bad option tag");
                false
            }
        }
    }
    fn opt_str(&mut self) -> Option<String> {
        self.flag().then(|| self.str())
    }
    fn opt_u32(&mut self) -> Option<u32> {
        self.flag().then(|| self.u32())
    }
    /// The variant at index `u8` of `all`.
    fn pick<T: Copy>(&mut self, all: &[T]) -> T {
        let i = self.u8() as usize;
        if i >= all.len() {
            self.fail("bad variant");
        }
        all[i.min(all.len() - 1)]
    }
    fn list<T>(&mut self, mut f: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.u32() as usize;
        // A damaged count must not reserve memory: at most what the remaining bytes could hold, and
        // not much at once (pushing grows the vector as needed).
        let mut v = Vec::with_capacity(n.min(self.b.len() - self.pos).min(4096));
        for _ in 0..n {
            if self.err.is_some() {
                break;
            }
            v.push(f(self));
        }
        v
    }
    fn magic(&mut self, m: &[u8; 4]) {
        if self.take(4) != m {
            self.fail("not a ssocheck transfer");
        }
    }
    /// The value read, or the first error; bytes left over are an error too.
    fn finish<T>(mut self, v: T) -> Result<T, String> {
        if self.err.is_none() && self.pos != self.b.len() {
            self.fail("unexpected data");
        }
        match self.err {
            Some(e) => Err(e),
            None => Ok(v),
        }
    }
}

fn index<T: PartialEq>(all: impl IntoIterator<Item = T>, v: T) -> u8 {
    all.into_iter()
        .position(|x| x == v)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

fn put_finding(w: &mut W, f: &Finding) {
    let Finding {
        check,
        severity,
        title,
        message,
        evidence,
        fix,
        topic,
    } = f;
    w.str(check);
    w.u8(index(Severity::ALL, *severity));
    w.str(title);
    w.str(message);
    match evidence {
        Some(Evidence {
            value,
            location,
            line,
            column,
        }) => {
            w.u8(1);
            w.str(value);
            w.str(location);
            w.opt_u32(*line);
            w.opt_u32(*column);
        }
        None => w.u8(0),
    }
    w.str(fix);
    w.u8(index(TOPICS.iter().map(|t| t.topic), *topic));
}

fn get_finding(r: &mut R, topics: &[Topic]) -> Finding {
    Finding {
        check: r.str(),
        severity: r.pick(&Severity::ALL),
        title: r.str(),
        message: r.str(),
        evidence: r.flag().then(|| Evidence {
            value: r.str(),
            location: r.str(),
            line: r.opt_u32(),
            column: r.opt_u32(),
        }),
        fix: r.str(),
        topic: r.pick(topics),
    }
}

fn put_attribute(w: &mut W, a: &AttributeRow) {
    let AttributeRow {
        name,
        name_format,
        values,
        meaning,
        line,
    } = a;
    w.str(name);
    w.str(name_format);
    w.strs(values);
    w.str(meaning);
    w.u32(*line);
}

fn get_attribute(r: &mut R) -> AttributeRow {
    AttributeRow {
        name: r.str(),
        name_format: r.str(),
        values: r.strs(),
        meaning: r.str(),
        line: r.u32(),
    }
}

fn put_cert(w: &mut W, c: &CertInfo) {
    let CertInfo {
        subject,
        issuer,
        not_before,
        not_after,
        not_after_ms,
        key,
        rsa_bits,
        sha256_fingerprint,
        days_left,
        line,
        expiry,
    } = c;
    w.str(subject);
    w.str(issuer);
    w.str(not_before);
    w.str(not_after);
    w.i64(*not_after_ms);
    w.str(key);
    w.opt_u32(*rsa_bits);
    w.str(sha256_fingerprint);
    w.i64(*days_left);
    w.u32(*line);
    w.u8(index(Severity::ALL, *expiry));
}

fn get_cert(r: &mut R) -> CertInfo {
    CertInfo {
        subject: r.str(),
        issuer: r.str(),
        not_before: r.str(),
        not_after: r.str(),
        not_after_ms: r.i64(),
        key: r.str(),
        rsa_bits: r.opt_u32(),
        sha256_fingerprint: r.str(),
        days_left: r.i64(),
        line: r.u32(),
        expiry: r.pick(&Severity::ALL),
    }
}

fn put_message(w: &mut W, m: &MessageAnalysis) {
    let MessageAnalysis {
        label,
        kind,
        flow,
        flow_reason,
        decoded_as,
        findings,
        attributes,
        certificates,
        xml_pretty,
        xml_indent,
        assertion_count,
        highlight_lines,
        nameid,
        signatures,
    } = m;
    w.str(label);
    w.str(kind);
    w.u8(index(Flow::ALL, *flow));
    w.str(flow_reason);
    w.str(decoded_as);
    w.list(findings, put_finding);
    w.list(attributes, put_attribute);
    w.list(certificates, put_cert);
    w.strs(xml_pretty);
    w.list(xml_indent, |w, n| w.u32(u32::from(*n)));
    w.u32(*assertion_count);
    w.list(highlight_lines, |w, n| w.u32(*n));
    w.opt_str(nameid);
    w.list(signatures, put_signature);
}

fn put_signature(w: &mut W, s: &SignatureReport) {
    let SignatureReport {
        location,
        line,
        verdict,
        verified,
        steps,
        canonical,
    } = s;
    w.str(location);
    w.u32(*line);
    w.str(verdict);
    w.u8(u8::from(*verified));
    w.strs(steps);
    w.list(canonical, |w, (n, c)| {
        w.str(n);
        w.str(c);
    });
}

fn get_signature(r: &mut R) -> SignatureReport {
    SignatureReport {
        location: r.str(),
        line: r.u32(),
        verdict: r.str(),
        verified: r.flag(),
        steps: r.strs(),
        canonical: r.list(|r| (r.str(), r.str())),
    }
}

fn put_opt_bool(w: &mut W, v: Option<bool>) {
    w.u8(match v {
        None => 0,
        Some(false) => 1,
        Some(true) => 2,
    });
}

fn get_opt_bool(r: &mut R) -> Option<bool> {
    match r.u8() {
        0 => None,
        1 => Some(false),
        2 => Some(true),
        _ => {
            r.fail("bad option tag");
            None
        }
    }
}

fn put_trusted(w: &mut W, t: &Trusted) {
    let Trusted {
        certs,
        idp_entity_ids,
        idp_nameid_formats,
        want_authn_requests_signed,
        sp,
    } = t;
    w.list(certs, |w, c| {
        let TrustedCert {
            der,
            sha256,
            source,
            subject,
            not_after_ms,
        } = c;
        w.str(&crate::codec::base64_encode(der, false, true));
        w.str(sha256);
        w.str(source);
        w.str(subject);
        w.i64(*not_after_ms);
    });
    w.strs(idp_entity_ids);
    w.strs(idp_nameid_formats);
    put_opt_bool(w, *want_authn_requests_signed);
    match sp {
        Some(SpFacts {
            entity_id,
            acs_urls,
            nameid_formats,
            want_assertions_signed,
        }) => {
            w.u8(1);
            w.str(entity_id);
            w.strs(acs_urls);
            w.strs(nameid_formats);
            put_opt_bool(w, *want_assertions_signed);
        }
        None => w.u8(0),
    }
}

fn get_trusted(r: &mut R) -> Trusted {
    Trusted {
        certs: r.list(|r| TrustedCert {
            der: crate::codec::base64_decode(&r.str(), false, false).unwrap_or_default(),
            sha256: r.str(),
            source: r.str(),
            subject: r.str(),
            not_after_ms: r.i64(),
        }),
        idp_entity_ids: r.strs(),
        idp_nameid_formats: r.strs(),
        want_authn_requests_signed: get_opt_bool(r),
        sp: r.flag().then(|| SpFacts {
            entity_id: r.str(),
            acs_urls: r.strs(),
            nameid_formats: r.strs(),
            want_assertions_signed: get_opt_bool(r),
        }),
    }
}

fn get_message(r: &mut R, topics: &[Topic]) -> MessageAnalysis {
    MessageAnalysis {
        label: r.str(),
        kind: r.str(),
        flow: r.pick(&Flow::ALL),
        flow_reason: r.str(),
        decoded_as: r.str(),
        findings: r.list(|r| get_finding(r, topics)),
        attributes: r.list(get_attribute),
        certificates: r.list(get_cert),
        xml_pretty: r.strs(),
        xml_indent: r.list(|r| u16::try_from(r.u32()).unwrap_or(u16::MAX)),
        assertion_count: r.u32(),
        highlight_lines: r.list(R::u32),
        nameid: r.opt_str(),
        signatures: r.list(get_signature),
    }
}

/// The whole analysis, `private_values` included.
pub fn encode_analysis(a: &Analysis) -> Vec<u8> {
    let Analysis {
        detected,
        messages,
        private_values,
    } = a;
    let mut w = W(Vec::new());
    w.0.extend_from_slice(MAGIC_ANALYSIS);
    w.str(detected);
    w.list(messages, put_message);
    w.strs(private_values);
    w.0
}

/// The inverse of [`encode_analysis`]; an error (never a panic) for anything else.
pub fn decode_analysis(b: &[u8]) -> Result<Analysis, String> {
    let topics: Vec<Topic> = TOPICS.iter().map(|t| t.topic).collect();
    let mut r = R::new(b);
    r.magic(MAGIC_ANALYSIS);
    let a = Analysis {
        detected: r.str(),
        messages: r.list(|r| get_message(r, &topics)),
        private_values: r.strs(),
    };
    r.finish(a)
}

pub fn encode_context(ctx: &Context) -> Vec<u8> {
    let Context {
        flow,
        username,
        acs_url,
        audience,
        now_ms,
        trusted,
    } = ctx;
    let mut w = W(Vec::new());
    w.0.extend_from_slice(MAGIC_CONTEXT);
    match flow {
        Some(f) => {
            w.u8(1);
            w.u8(index(Flow::ALL, *f));
        }
        None => w.u8(0),
    }
    w.opt_str(username);
    w.opt_str(acs_url);
    w.opt_str(audience);
    w.i64(*now_ms);
    put_trusted(&mut w, trusted);
    w.0
}

pub fn decode_context(b: &[u8]) -> Result<Context, String> {
    let mut r = R::new(b);
    r.magic(MAGIC_CONTEXT);
    let ctx = Context {
        flow: r.flag().then(|| r.pick(&Flow::ALL)),
        username: r.opt_str(),
        acs_url: r.opt_str(),
        audience: r.opt_str(),
        now_ms: r.i64(),
        trusted: get_trusted(&mut r),
    };
    r.finish(ctx)
}

/// What the worker runs: the context from its encoding, [`analyze`], the analysis encoded. An error
/// only for a damaged context (a bug in the page, never the user's input).
pub fn analyze_encoded(input: &[u8], ctx: &[u8]) -> Result<Vec<u8>, String> {
    let ctx = decode_context(ctx).map_err(|e| format!("bad context: {e}"))?;
    Ok(encode_analysis(&analyze(input, &ctx)))
}
