//! X.509 certificate facts for the certificate panel: subject, issuer, validity, key, fingerprint.

use der::Decode;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    /// RFC 3339.
    pub not_before: String,
    pub not_after: String,
    pub not_after_ms: i64,
    /// "RSA 2048", "EC P-256", ...
    pub key: String,
    /// RSA modulus bits, when RSA.
    pub rsa_bits: Option<u32>,
    /// `AA:BB:...` SHA-256 of the DER certificate.
    pub sha256_fingerprint: String,
    /// Whole days until notAfter (negative when expired).
    pub days_left: i64,
    /// 1-based line of the X509Certificate element in the pretty XML.
    pub line: u32,
}

/// Length of a DER TLV at `b`: (header_len, content_len).
fn der_len(b: &[u8]) -> Option<(usize, usize)> {
    let first = *b.get(1)?;
    if first < 0x80 {
        return Some((2, first as usize));
    }
    let n = (first & 0x7F) as usize;
    if n == 0 || n > 4 {
        return None;
    }
    let mut len = 0usize;
    for i in 0..n {
        len = len.checked_mul(256)? | *b.get(2 + i)? as usize;
    }
    Some((2 + n, len))
}

/// Modulus bits of an RSAPublicKey DER (SEQUENCE { INTEGER n, INTEGER e }).
fn rsa_bits(key: &[u8]) -> Option<u32> {
    if key.first() != Some(&0x30) {
        return None;
    }
    let (h, _) = der_len(key)?;
    let int = key.get(h..)?;
    if int.first() != Some(&0x02) {
        return None;
    }
    let (ih, il) = der_len(int)?;
    let mut m = int.get(ih..ih.checked_add(il)?)?;
    while m.first() == Some(&0) {
        m = &m[1..];
    }
    let lead = *m.first()?;
    Some((m.len() as u32 - 1) * 8 + (8 - lead.leading_zeros()))
}

/// Parses a base64 certificate (whitespace allowed) at reference time `now_ms`.
pub fn parse_cert(b64: &str, now_ms: i64, line: u32) -> Result<CertInfo, String> {
    use base64::Engine;
    let compact: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
    let der_bytes = base64::engine::general_purpose::STANDARD
        .decode(
            compact.trim_end_matches('=').to_string()
                + &"=".repeat((4 - compact.trim_end_matches('=').len() % 4) % 4),
        )
        .map_err(|e| format!("the X509Certificate is not valid base64: {e}"))?;
    let cert = Certificate::from_der(&der_bytes)
        .map_err(|e| format!("the X509Certificate is not a valid DER certificate: {e}"))?;
    let tbs = cert.tbs_certificate();
    let v = tbs.validity();
    let nb = v.not_before.to_unix_duration().as_millis() as i64;
    let na = v.not_after.to_unix_duration().as_millis() as i64;
    let spki = tbs.subject_public_key_info();
    let oid = spki.algorithm.oid.to_string();
    let raw_key = spki.subject_public_key.raw_bytes();
    let (key, bits) = match oid.as_str() {
        "1.2.840.113549.1.1.1" => {
            let b = rsa_bits(raw_key);
            (
                format!(
                    "RSA {}",
                    b.map(|b| b.to_string()).unwrap_or_else(|| "?".into())
                ),
                b,
            )
        }
        "1.2.840.10045.2.1" => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<der::asn1::ObjectIdentifier>().ok())
                .map(|o| match o.to_string().as_str() {
                    "1.2.840.10045.3.1.7" => "P-256".to_string(),
                    "1.3.132.0.34" => "P-384".to_string(),
                    "1.3.132.0.35" => "P-521".to_string(),
                    other => other.to_string(),
                })
                .unwrap_or_else(|| "?".into());
            (format!("EC {curve}"), None)
        }
        "1.3.101.112" => ("Ed25519".into(), None),
        other => (format!("key algorithm {other}"), None),
    };
    let fp: String = Sha256::digest(&der_bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok(CertInfo {
        subject: tbs.subject().to_string(),
        issuer: tbs.issuer().to_string(),
        not_before: crate::time::format_rfc3339(nb),
        not_after: crate::time::format_rfc3339(na),
        not_after_ms: na,
        key,
        rsa_bits: bits,
        sha256_fingerprint: fp,
        days_left: (na - now_ms).div_euclid(86_400_000),
        line,
    })
}
