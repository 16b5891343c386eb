//! The HTTP-Redirect binding's signature (SAML bindings §3.4.4.1): `SigAlg` and `Signature` query
//! parameters over the octets `SAMLRequest=...&RelayState=...&SigAlg=...` (or `SAMLResponse=`),
//! each value exactly as URL-encoded in the original query. No KeyInfo travels with it, so only
//! the administrator's certificates can verify it.

use super::crypto::{self, SigAlg, SigAlgError};
use super::keys::Trusted;
use super::verify::ProblemKind;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RedirectSig {
    /// The signed octets, as rebuilt from the raw query.
    pub signed: String,
    /// SigAlg, URL-decoded.
    pub sig_alg: String,
    /// Signature, URL-decoded (base64).
    pub signature: String,
}

/// Finds the signed parameters in a raw query string (without `?`). None when it carries no
/// `Signature` and `SigAlg`.
pub fn from_query(query: &str) -> Option<RedirectSig> {
    let raw = |name: &str| -> Option<&str> {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
    };
    let sig_alg = raw("SigAlg")?;
    let signature = raw("Signature")?;
    let (param, msg) = match raw("SAMLRequest") {
        Some(v) => ("SAMLRequest", v),
        None => ("SAMLResponse", raw("SAMLResponse")?),
    };
    let mut signed = format!("{param}={msg}");
    if let Some(rs) = raw("RelayState") {
        signed.push_str(&format!("&RelayState={rs}"));
    }
    signed.push_str(&format!("&SigAlg={sig_alg}"));
    Some(RedirectSig {
        signed,
        sig_alg: crate::saml::decode::url_decode(sig_alg),
        signature: crate::saml::decode::url_decode(signature),
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RedirectCheck {
    pub verified: bool,
    /// SHA-256 fingerprint of the certificate that verified it.
    pub signer: Option<String>,
    pub problem: Option<(ProblemKind, String)>,
    pub verdict: String,
    pub steps: Vec<String>,
}

pub fn verify(rs: &RedirectSig, trusted: &Trusted) -> RedirectCheck {
    let mut rc = RedirectCheck {
        steps: vec![
            format!(
                "Signed octets: {}",
                crate::report::one_line(&rs.signed, 200)
            ),
            format!("SigAlg: {}", rs.sig_alg),
        ],
        ..RedirectCheck::default()
    };
    let alg = match SigAlg::from_uri(&rs.sig_alg) {
        Ok(a) => a,
        Err(SigAlgError::Hmac) => {
            rc.problem = Some((
                ProblemKind::Unsupported,
                format!(
                    "SigAlg \"{}\" is an HMAC; never accepted for SAML",
                    rs.sig_alg
                ),
            ));
            rc.verdict = "does not verify (unsupported algorithm)".into();
            return rc;
        }
        Err(SigAlgError::Unknown) => {
            rc.problem = Some((
                ProblemKind::Unsupported,
                format!("SigAlg \"{}\" is not supported", rs.sig_alg),
            ));
            rc.verdict = "does not verify (unsupported algorithm)".into();
            return rc;
        }
    };
    let compact: String = rs
        .signature
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let Ok(sig) = crate::saml::b64::decode(compact.trim_end_matches('='), false, false) else {
        rc.problem = Some((
            ProblemKind::Value,
            "the Signature parameter is not valid base64".into(),
        ));
        rc.verdict = "does not verify (signature value)".into();
        return rc;
    };
    if trusted.certs.is_empty() {
        rc.verdict = "not verified: the query-string signature carries no certificate; give the sender's metadata or certificate".into();
        return rc;
    }
    let mut errors = Vec::new();
    for c in trusted.certs.iter().take(super::verify::MAX_KEYS) {
        match crypto::key_from_cert(&c.der)
            .and_then(|k| crypto::verify(alg, &k, rs.signed.as_bytes(), &sig))
        {
            Ok(()) => {
                rc.verified = true;
                rc.signer = Some(c.sha256.clone());
                rc.verdict = format!(
                    "signed and verified with a certificate from your metadata (SHA-256 {})",
                    c.sha256
                );
                rc.steps.push(format!(
                    "{} verifies with {} ({})",
                    alg.name(),
                    c.sha256,
                    c.source
                ));
                return rc;
            }
            Err(e) => errors.push(format!("{}: {e}", c.sha256)),
        }
    }
    let msg = format!(
        "the Signature does not verify with any of your certificates ({})",
        errors.join("; ")
    );
    rc.steps.push(msg.clone());
    rc.problem = Some((ProblemKind::Value, msg));
    rc.verdict = "does not verify (signature value)".into();
    rc
}
