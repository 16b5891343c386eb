//! Verifies every `ds:Signature` of a parsed document, step by step, and keeps each step's facts
//! for the explanation: the reference, the element it covers, the transforms, the computed and
//! expected digests, the algorithm, the certificate tried and the verdict.
//!
//! Order of work, as the SAML libraries converged on: structure first (one SignedInfo, one
//! SignatureValue, references resolved to exactly one element by ID), then every digest, and only
//! then the SignatureValue; a reference counts as covering its element only when the value verifies.

use super::c14n::{canonicalize, canonicalize_document, C14n, Method};
use super::crypto::{self, DigestAlg, Key, SigAlg, SigAlgError};
use super::keys::{fingerprint, Trusted};
use crate::saml::ns;
use crate::saml::xml::Doc;

/// Signatures verified per document; the rest are reported, not verified (each verification
/// canonicalizes its element, so the work is bounded by this times the document size).
pub const MAX_SIGNATURES: usize = 32;
/// References verified per signature (SAML requires one).
pub const MAX_REFERENCES: usize = 8;
/// Certificates tried per signature (KeyInfo ones and trusted ones).
pub const MAX_KEYS: usize = 16;
/// Canonical bytes kept for download, all references together (32 signatures over a 16 MB
/// document would otherwise hold 512 MB).
pub const MAX_CANONICAL_KEPT: usize = 32 * 1024 * 1024;
/// Bytes of the document canonicalized across all references of all signatures, counted by the
/// referenced elements' source size before each canonicalization. Many signatures that each cover
/// a large element would otherwise canonicalize the same megabytes again and again (32 signatures
/// over a 16 MB assertion took 3.5 s and 646 MB); past the budget a reference is reported as not
/// verified, naming the limit.
pub const MAX_CANONICALIZED: usize = 48 * 1024 * 1024;

pub const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
const EXC_NS: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// What became of one Reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefCheck {
    pub uri: String,
    /// The Reference element.
    pub node: usize,
    /// The element the reference resolved to.
    pub target: Option<usize>,
    pub transforms: Vec<String>,
    pub digest_alg: Option<DigestAlg>,
    pub expected_b64: String,
    pub computed_b64: Option<String>,
    /// The canonical bytes that were digested (offered for download; empty when dropped).
    pub canonical: Vec<u8>,
    /// True when the bytes were not kept because of `MAX_CANONICAL_KEPT`.
    pub canonical_dropped: bool,
    pub digest_ok: bool,
    /// Why the reference could not be checked.
    pub problem: Option<Problem>,
}

/// A step that stopped the verification, with its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Structure: missing or duplicated elements, unresolvable reference.
    Structure,
    /// An algorithm, transform or reference form that cannot be verified.
    Unsupported,
    /// A reference's digest does not match.
    Digest,
    /// The SignatureValue does not verify with any key tried.
    Value,
}

/// Which certificate verified the SignatureValue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signer {
    /// A certificate the administrator gave (metadata or certificate file).
    Trusted { sha256: String, source: String },
    /// Only the certificate in the signature's own KeyInfo.
    Embedded { sha256: String },
    /// An RSAKeyValue in the KeyInfo (no certificate).
    EmbeddedKey { label: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigCheck {
    /// The ds:Signature element and its parent.
    pub node: usize,
    pub parent: Option<usize>,
    pub c14n: Option<String>,
    pub algorithm: Option<String>,
    pub references: Vec<RefCheck>,
    /// SHA-256 fingerprints of the KeyInfo certificates.
    pub embedded: Vec<String>,
    pub signer: Option<Signer>,
    /// Key label and weakness of the signing key.
    pub key_label: Option<String>,
    pub weak_key: Option<String>,
    /// True when the key's signatures prove nothing (e.g. RSA 512): never counted as verified.
    pub untrusted_key: bool,
    pub problem: Option<Problem>,
    /// The canonical SignedInfo (what the SignatureValue signs).
    pub signed_info_canonical: Vec<u8>,
}

impl SigCheck {
    /// Digests matched and the value verified with a key that proves something.
    pub fn verified(&self) -> bool {
        self.problem.is_none() && self.signer.is_some() && !self.untrusted_key
    }
    /// Elements covered by this signature (only when verified).
    pub fn covered(&self) -> Vec<usize> {
        if !self.verified() {
            return Vec::new();
        }
        self.references.iter().filter_map(|r| r.target).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocCheck {
    pub signatures: Vec<SigCheck>,
    /// Signatures beyond `MAX_SIGNATURES`, not verified.
    pub skipped: usize,
}

impl DocCheck {
    /// Every element covered by a verified signature.
    pub fn covered(&self) -> Vec<usize> {
        self.signatures.iter().flat_map(|s| s.covered()).collect()
    }
}

fn problem(kind: ProblemKind, message: impl Into<String>) -> Option<Problem> {
    Some(Problem {
        kind,
        message: message.into(),
    })
}

fn b64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    crate::saml::b64::decode(compact.trim_end_matches('='), false, false).ok()
}

fn b64e(b: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b)
}

/// The single ds child named `local`, or a structure problem naming the count.
fn one(doc: &Doc, parent: usize, local: &str) -> Result<usize, Problem> {
    let v: Vec<usize> = doc.children_ns(parent, ns::DSIG, local).collect();
    match v.as_slice() {
        [x] => Ok(*x),
        [] => Err(Problem {
            kind: ProblemKind::Structure,
            message: format!("the Signature has no {local}"),
        }),
        _ => Err(Problem {
            kind: ProblemKind::Structure,
            message: format!(
                "the Signature has {} {local} elements; exactly one is allowed",
                v.len()
            ),
        }),
    }
}

/// A CanonicalizationMethod or Transform element as a c14n algorithm (with its PrefixList).
fn c14n_of(doc: &Doc, el: usize, uri: &str) -> Option<C14n> {
    let mut alg = C14n::from_uri(uri)?;
    if alg.method == Method::Exclusive {
        if let Some(inc) = doc.child_ns(el, EXC_NS, "InclusiveNamespaces") {
            alg.inclusive_prefixes = doc
                .node(inc)
                .attr("PrefixList")
                .unwrap_or("")
                .split_whitespace()
                .map(|p| {
                    if p == "#default" {
                        String::new()
                    } else {
                        p.to_string()
                    }
                })
                .collect();
        }
    }
    Some(alg)
}

/// Verifies every signature of `doc` against the KeyInfo certificates and `trusted`.
pub fn verify_document(doc: &Doc, trusted: &Trusted) -> DocCheck {
    let budget = std::cell::Cell::new(MAX_CANONICALIZED);
    let sigs = doc.descendants_ns(doc.root, ns::DSIG, "Signature");
    let skipped = sigs.len().saturating_sub(MAX_SIGNATURES);
    let mut trusted_keys: Vec<(usize, Result<Key, String>)> = Vec::new();
    for (i, c) in trusted.certs.iter().enumerate().take(MAX_KEYS) {
        trusted_keys.push((i, crypto::key_from_cert(&c.der)));
    }
    // IDs must be unique in the document: with a duplicated ID, which element a reference means
    // depends on the reader, the signature-wrapping attack; nothing is verified (as xmlsec1).
    let mut dups: Vec<&str> = doc
        .ids()
        .iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, _)| k.as_str())
        .collect();
    dups.sort_unstable();
    let signatures = sigs
        .into_iter()
        .take(MAX_SIGNATURES)
        .map(|s| {
            if dups.is_empty() {
                verify_signature(doc, s, trusted, &trusted_keys, &budget)
            } else {
                let mut sc = verify_signature(doc, s, &Trusted::default(), &[], &budget);
                sc.signer = None;
                sc.problem = problem(
                    ProblemKind::Structure,
                    format!(
                        "the ID \"{}\" appears on more than one element; with duplicated IDs a reference can mean either element (the signature-wrapping attack), so no signature of this document is accepted",
                        dups.join("\", \"")
                    ),
                );
                sc
            }
        })
        .collect::<Vec<SigCheck>>();
    let mut signatures = signatures;
    let mut kept = 0usize;
    for r in signatures.iter_mut().flat_map(|s| s.references.iter_mut()) {
        kept = kept.saturating_add(r.canonical.len());
        if kept > MAX_CANONICAL_KEPT {
            r.canonical = Vec::new();
            r.canonical_dropped = true;
        }
    }
    DocCheck {
        signatures,
        skipped,
    }
}

fn verify_signature(
    doc: &Doc,
    sig: usize,
    trusted: &Trusted,
    trusted_keys: &[(usize, Result<Key, String>)],
    budget: &std::cell::Cell<usize>,
) -> SigCheck {
    let mut sc = SigCheck {
        node: sig,
        parent: doc.node(sig).parent,
        c14n: None,
        algorithm: None,
        references: Vec::new(),
        embedded: Vec::new(),
        signer: None,
        key_label: None,
        weak_key: None,
        untrusted_key: false,
        problem: None,
        signed_info_canonical: Vec::new(),
    };
    let si = match one(doc, sig, "SignedInfo") {
        Ok(x) => x,
        Err(p) => {
            sc.problem = Some(p);
            return sc;
        }
    };
    let sv = match one(doc, sig, "SignatureValue") {
        Ok(x) => x,
        Err(p) => {
            sc.problem = Some(p);
            return sc;
        }
    };
    // Embedded certificates, listed even when verification stops early.
    let mut embedded_keys: Vec<(String, Result<Key, String>)> = Vec::new();
    if let Some(ki) = doc.child_ns(sig, ns::DSIG, "KeyInfo") {
        for x in doc
            .descendants_ns(ki, ns::DSIG, "X509Certificate")
            .into_iter()
            .take(MAX_KEYS)
        {
            if let Some(der) = b64(&doc.text(x)) {
                let fp = fingerprint(&der);
                sc.embedded.push(fp.clone());
                embedded_keys.push((fp, crypto::key_from_cert(&der)));
            }
        }
    }
    let cm = match one(doc, si, "CanonicalizationMethod") {
        Ok(x) => x,
        Err(p) => {
            sc.problem = Some(p);
            return sc;
        }
    };
    let cm_uri = doc.node(cm).attr("Algorithm").unwrap_or("").to_string();
    let Some(si_c14n) = c14n_of(doc, cm, &cm_uri) else {
        sc.problem = problem(
            ProblemKind::Unsupported,
            format!("CanonicalizationMethod \"{cm_uri}\" is not supported (exclusive c14n 1.0 and inclusive c14n 1.0 are)"),
        );
        return sc;
    };
    sc.c14n = Some(si_c14n.name());
    let sm = match one(doc, si, "SignatureMethod") {
        Ok(x) => x,
        Err(p) => {
            sc.problem = Some(p);
            return sc;
        }
    };
    let sm_uri = doc.node(sm).attr("Algorithm").unwrap_or("").to_string();
    let alg = match SigAlg::from_uri(&sm_uri) {
        Ok(a) => a,
        Err(SigAlgError::Hmac) => {
            sc.problem = problem(
                ProblemKind::Unsupported,
                format!("SignatureMethod \"{sm_uri}\" is an HMAC (a shared secret); a SAML identity provider signs with a public key, so HMAC signatures are never accepted"),
            );
            return sc;
        }
        Err(SigAlgError::Unknown) => {
            sc.problem = problem(
                ProblemKind::Unsupported,
                format!("SignatureMethod \"{sm_uri}\" is not supported (RSA PKCS#1 v1.5, RSA-PSS and ECDSA with SHA-1/256/384/512 are)"),
            );
            return sc;
        }
    };
    sc.algorithm = Some(alg.name());
    let refs: Vec<usize> = doc.children_ns(si, ns::DSIG, "Reference").collect();
    if refs.is_empty() {
        sc.problem = problem(ProblemKind::Structure, "the SignedInfo has no Reference");
        return sc;
    }
    if refs.len() > MAX_REFERENCES {
        sc.problem = problem(
            ProblemKind::Structure,
            format!(
                "the SignedInfo has {} Reference elements; SAML signatures carry exactly one, and more than {MAX_REFERENCES} are not verified",
                refs.len()
            ),
        );
        return sc;
    }
    for r in refs {
        let rc = check_reference(doc, sig, r, budget);
        if let Some(p) = &rc.problem {
            if sc.problem.is_none() {
                sc.problem = Some(p.clone());
            }
        }
        sc.references.push(rc);
    }
    // The SignatureValue is only checked once every digest matched.
    if sc.problem.is_some() {
        return sc;
    }
    let Some(sig_bytes) = b64(&doc.text(sv)) else {
        sc.problem = problem(ProblemKind::Value, "the SignatureValue is not valid base64");
        return sc;
    };
    sc.signed_info_canonical = canonicalize(doc, si, None, &si_c14n);
    let mut errors: Vec<String> = Vec::new();
    for (i, k) in trusted_keys {
        let Some(c) = trusted.certs.get(*i) else {
            continue;
        };
        match k {
            Ok(key) => match crypto::verify(alg, key, &sc.signed_info_canonical, &sig_bytes) {
                Ok(()) => {
                    sc.signer = Some(Signer::Trusted {
                        sha256: c.sha256.clone(),
                        source: c.source.clone(),
                    });
                    note_key(&mut sc, key);
                    return sc;
                }
                Err(e) => errors.push(format!("{}: {e}", short(&c.sha256))),
            },
            Err(e) => errors.push(format!("{}: {e}", short(&c.sha256))),
        }
    }
    for (fp, k) in &embedded_keys {
        match k {
            Ok(key) => match crypto::verify(alg, key, &sc.signed_info_canonical, &sig_bytes) {
                Ok(()) => {
                    sc.signer = Some(Signer::Embedded { sha256: fp.clone() });
                    note_key(&mut sc, key);
                    return sc;
                }
                Err(e) => errors.push(format!("KeyInfo certificate {}: {e}", short(fp))),
            },
            Err(e) => errors.push(format!("KeyInfo certificate {}: {e}", short(fp))),
        }
    }
    if embedded_keys.is_empty() {
        if let Some(key) = rsa_key_value(doc, sig) {
            if crypto::verify(alg, &key, &sc.signed_info_canonical, &sig_bytes).is_ok() {
                sc.signer = Some(Signer::EmbeddedKey { label: key.label() });
                note_key(&mut sc, &key);
                return sc;
            }
            errors.push("KeyInfo RSAKeyValue: the signature does not verify".into());
        }
    }
    let msg = if errors.is_empty() {
        "no key to verify with: the signature has no KeyInfo certificate and no certificate was given".to_string()
    } else {
        format!(
            "the SignatureValue does not verify with any key tried ({})",
            errors.join("; ")
        )
    };
    sc.problem = problem(ProblemKind::Value, msg);
    sc
}

fn short(fp: &str) -> String {
    fp.chars().take(23).collect::<String>() + "…"
}

fn note_key(sc: &mut SigCheck, key: &Key) {
    sc.key_label = Some(key.label());
    sc.weak_key = key.weakness();
    sc.untrusted_key = !key.trustworthy();
}

/// `KeyInfo/KeyValue/RSAKeyValue` (some IdPs send the bare key instead of a certificate).
fn rsa_key_value(doc: &Doc, sig: usize) -> Option<Key> {
    let ki = doc.child_ns(sig, ns::DSIG, "KeyInfo")?;
    let kv = doc.child_ns(ki, ns::DSIG, "KeyValue")?;
    let rk = doc.child_ns(kv, ns::DSIG, "RSAKeyValue")?;
    let n = b64(&doc.text(doc.child_ns(rk, ns::DSIG, "Modulus")?))?;
    let e = b64(&doc.text(doc.child_ns(rk, ns::DSIG, "Exponent")?))?;
    let strip = |v: Vec<u8>| {
        let i = v.iter().position(|b| *b != 0).unwrap_or(v.len());
        v[i..].to_vec()
    };
    crypto::key_from_spki(&crate::saml::cert::SpkiKey::Rsa {
        n: strip(n),
        e: strip(e),
    })
    .ok()
}

fn check_reference(doc: &Doc, sig: usize, r: usize, budget: &std::cell::Cell<usize>) -> RefCheck {
    let uri = doc.node(r).attr("URI").unwrap_or("").to_string();
    let mut rc = RefCheck {
        uri: uri.clone(),
        node: r,
        target: None,
        transforms: Vec::new(),
        digest_alg: None,
        expected_b64: String::new(),
        computed_b64: None,
        canonical: Vec::new(),
        canonical_dropped: false,
        digest_ok: false,
        problem: None,
    };
    // Resolve: "" is the whole document, "#id" exactly one element with that ID.
    let whole = uri.is_empty();
    let target = if whole {
        doc.root
    } else if let Some(id) = uri.strip_prefix('#') {
        if id.starts_with("xpointer(") {
            rc.problem = problem(
                ProblemKind::Unsupported,
                format!(
                    "Reference URI \"{uri}\" (an XPointer) is not supported; SAML uses \"#ID\""
                ),
            );
            return rc;
        }
        match doc.by_id(id) {
            [one] => *one,
            [] => {
                rc.problem = problem(
                    ProblemKind::Structure,
                    format!("Reference URI \"{uri}\": no element has ID \"{id}\""),
                );
                return rc;
            }
            many => {
                rc.problem = problem(
                    ProblemKind::Structure,
                    format!(
                        "Reference URI \"{uri}\": {} elements have ID \"{id}\" (a duplicated ID is the signature-wrapping attack)",
                        many.len()
                    ),
                );
                return rc;
            }
        }
    } else {
        rc.problem = problem(
            ProblemKind::Unsupported,
            format!("Reference URI \"{uri}\" points outside the document; only same-document references (\"\" or \"#ID\") are supported"),
        );
        return rc;
    };
    rc.target = Some(target);
    // Transforms: enveloped-signature (any number), then at most one c14n, last.
    let mut exclude = None;
    let mut c14n: Option<C14n> = None;
    if let Some(ts) = doc.child_ns(r, ns::DSIG, "Transforms") {
        for t in doc.children_ns(ts, ns::DSIG, "Transform") {
            let a = doc.node(t).attr("Algorithm").unwrap_or("").to_string();
            if c14n.is_some() {
                rc.problem = problem(
                    ProblemKind::Unsupported,
                    format!("the transform \"{a}\" follows the canonicalization; transforms on canonical bytes are not supported"),
                );
                return rc;
            }
            if a == ENVELOPED {
                // Leaves out the Signature holding this reference when it is inside the target.
                if target == sig || doc.is_ancestor(target, sig) {
                    exclude = Some(sig);
                }
                rc.transforms.push("enveloped-signature".into());
            } else if let Some(alg) = c14n_of(doc, t, &a) {
                rc.transforms.push(alg.name());
                c14n = Some(alg);
            } else {
                rc.problem = problem(
                    ProblemKind::Unsupported,
                    format!("the transform \"{a}\" is not supported (only enveloped-signature, exclusive and inclusive c14n are); the reference is not verified"),
                );
                return rc;
            }
        }
    }
    let mut alg = c14n.unwrap_or_else(|| {
        rc.transforms
            .push("inclusive c14n 1.0 (the default when no canonicalization is listed)".into());
        C14n {
            method: Method::Inclusive,
            with_comments: false,
            inclusive_prefixes: Vec::new(),
        }
    });
    // Same-document references select the node set without comments (XML-DSig §4.4.3.3).
    alg.with_comments = false;
    let dm = doc.child_ns(r, ns::DSIG, "DigestMethod");
    let dm_uri = dm
        .and_then(|d| doc.node(d).attr("Algorithm"))
        .unwrap_or("")
        .to_string();
    let Some(dalg) = DigestAlg::from_uri(&dm_uri) else {
        rc.problem = problem(
            ProblemKind::Unsupported,
            format!(
                "DigestMethod \"{dm_uri}\" is not supported (SHA-1, SHA-256, SHA-384, SHA-512 are)"
            ),
        );
        return rc;
    };
    rc.digest_alg = Some(dalg);
    let dvs: Vec<usize> = doc.children_ns(r, ns::DSIG, "DigestValue").collect();
    let [dv] = dvs.as_slice() else {
        rc.problem = problem(
            ProblemKind::Structure,
            format!(
                "the Reference has {} DigestValue elements; exactly one is required",
                dvs.len()
            ),
        );
        return rc;
    };
    rc.expected_b64 = doc.text(*dv).split_whitespace().collect();
    let span = if whole {
        doc.node(doc.root)
            .end
            .saturating_sub(doc.node(doc.root).start)
    } else {
        doc.node(target).end.saturating_sub(doc.node(target).start)
    };
    if span > budget.get() {
        rc.problem = problem(
            ProblemKind::Unsupported,
            format!(
                "not verified: the signatures of this document cover more than {} MB in all (the limit on canonicalized bytes), so this reference's {} bytes were not canonicalized",
                MAX_CANONICALIZED / (1024 * 1024),
                span
            ),
        );
        return rc;
    }
    budget.set(budget.get() - span);
    rc.canonical = if whole {
        canonicalize_document(doc, exclude, &alg)
    } else {
        canonicalize(doc, target, exclude, &alg)
    };
    let computed = dalg.digest(&rc.canonical);
    rc.computed_b64 = Some(b64e(&computed));
    let expected = b64(&rc.expected_b64);
    rc.digest_ok = expected.as_deref() == Some(computed.as_slice());
    if !rc.digest_ok {
        rc.problem = problem(
            ProblemKind::Digest,
            format!(
                "the {} digest of the canonicalized <{}> is {}, the Reference expects {}",
                dalg.name(),
                doc.node(target).name,
                b64e(&computed),
                rc.expected_b64
            ),
        );
    }
    rc
}
