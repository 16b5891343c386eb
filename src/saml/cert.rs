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

/// Short names of the attribute types seen in certificate names, as x509-cert's `Display` prints
/// them (the shortest name in const-oid's database, upper-cased). A local table: the database has
/// ~1500 OIDs and its names were most of the page's certificate code. Keyed by the last arc under
/// id-at (2.5.4), RFC 4519/1274 pilot attributes (0.9.2342.19200300.100.1) and PKCS #9.
fn attr_name(oid: &[u8]) -> Option<&'static str> {
    const AT: &[(u8, &str)] = &[
        (0, "OBJECTCLASS"),
        (1, "ALIASEDOBJECTNAME"),
        (2, "KNOWLEDGEINFORMATION"),
        (3, "CN"),
        (4, "SN"),
        (5, "SERIALNUMBER"),
        (6, "C"),
        (7, "L"),
        (8, "ST"),
        (9, "STREET"),
        (10, "O"),
        (11, "OU"),
        (12, "TITLE"),
        (13, "DESCRIPTION"),
        (14, "SEARCHGUIDE"),
        (15, "BUSINESSCATEGORY"),
        (16, "POSTALADDRESS"),
        (17, "POSTALCODE"),
        (18, "POSTOFFICEBOX"),
        (19, "PHYSICALDELIVERYOFFICENAME"),
        (20, "TELEPHONENUMBER"),
        (21, "TELEXNUMBER"),
        (22, "TELETEXTERMINALIDENTIFIER"),
        (23, "FACSIMILETELEPHONENUMBER"),
        (24, "X121ADDRESS"),
        (25, "INTERNATIONALISDNNUMBER"),
        (26, "REGISTEREDADDRESS"),
        (27, "DESTINATIONINDICATOR"),
        (28, "PREFERREDDELIVERYMETHOD"),
        (29, "PRESENTATIONADDRESS"),
        (30, "SUPPORTEDAPPLICATIONCONTEXT"),
        (31, "MEMBER"),
        (32, "OWNER"),
        (33, "ROLEOCCUPANT"),
        (34, "SEEALSO"),
        (35, "USERPASSWORD"),
        (36, "USERCERTIFICATE"),
        (37, "CACERTIFICATE"),
        (38, "AUTHORITYREVOCATIONLIST"),
        (39, "CERTIFICATEREVOCATIONLIST"),
        (40, "CROSSCERTIFICATEPAIR"),
        (41, "NAME"),
        (42, "GN"),
        (43, "INITIALS"),
        (44, "GENERATIONQUALIFIER"),
        (45, "X500UNIQUEIDENTIFIER"),
        (46, "DNQUALIFIER"),
        (47, "ENHANCEDSEARCHGUIDE"),
        (48, "PROTOCOLINFORMATION"),
        (49, "DISTINGUISHEDNAME"),
        (50, "UNIQUEMEMBER"),
        (51, "HOUSEIDENTIFIER"),
        (52, "SUPPORTEDALGORITHMS"),
        (53, "DELTAREVOCATIONLIST"),
        (54, "DMDNAME"),
        (65, "PSEUDONYM"),
        (72, "ID-AT-ROLE"),
    ];
    const PILOT: &[(u8, &str)] = &[
        (1, "UID"),
        (2, "TEXTENCODEDORADDRESS"),
        (3, "MAIL"),
        (4, "INFO"),
        (5, "DRINK"),
        (6, "ROOMNUMBER"),
        (7, "PHOTO"),
        (8, "USERCLASS"),
        (9, "HOST"),
        (10, "MANAGER"),
        (11, "DOCUMENTIDENTIFIER"),
        (12, "DOCUMENTTITLE"),
        (13, "DOCUMENTVERSION"),
        (14, "DOCUMENTAUTHOR"),
        (15, "DOCUMENTLOCATION"),
        (20, "HOMEPHONE"),
        (21, "SECRETARY"),
        (22, "OTHERMAILBOX"),
        (23, "LASTMODIFIEDTIME"),
        (24, "LASTMODIFIEDBY"),
        (25, "DC"),
        (26, "ARECORD"),
        (27, "MDRECORD"),
        (28, "MXRECORD"),
        (29, "NSRECORD"),
        (30, "SOARECORD"),
        (31, "CNAMERECORD"),
        (37, "ASSOCIATEDDOMAIN"),
        (38, "ASSOCIATEDNAME"),
        (39, "HOMEPOSTALADDRESS"),
        (40, "PERSONALTITLE"),
        (41, "MOBILE"),
        (42, "PAGER"),
        (43, "CO"),
        (44, "UNIQUEIDENTIFIER"),
        (45, "ORGANIZATIONALSTATUS"),
        (46, "JANETMAILBOX"),
        (47, "MAILPREFERENCEOPTION"),
        (48, "BUILDINGNAME"),
        (49, "DSAQUALITY"),
        (50, "SINGLELEVELQUALITY"),
        (51, "SUBTREEMINIMUMQUALITY"),
        (52, "SUBTREEMAXIMUMQUALITY"),
        (53, "PERSONALSIGNATURE"),
        (54, "DITREDIRECT"),
        (55, "AUDIO"),
        (56, "DOCUMENTPUBLISHER"),
        (60, "JPEGPHOTO"),
    ];
    const PKCS9: &[(u8, &str)] = &[
        (1, "EMAIL"),
        (2, "PKCS-9-AT-UNSTRUCTUREDNAME"),
        (7, "PKCS-9-AT-CHALLENGEPASSWORD"),
        (8, "PKCS-9-AT-UNSTRUCTUREDADDRESS"),
        (20, "PKCS-9-AT-FRIENDLYNAME"),
        (21, "PKCS-9-AT-LOCALKEYID"),
    ];
    let (table, last) = match oid {
        [0x55, 0x04, n] => (AT, *n),
        [0x09, 0x92, 0x26, 0x89, 0x93, 0xF2, 0x2C, 0x64, 0x01, n] => (PILOT, *n),
        [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, n] => (PKCS9, *n),
        _ => return None,
    };
    table.iter().find(|(k, _)| *k == last).map(|(_, v)| *v)
}

/// RFC 4514 string of a name, exactly as x509-cert's `Display` writes it: RDNs in reverse order
/// joined by `,`, multi-valued RDNs joined by `+`, known types by short name with the value
/// escaped, others as `OID=#hex` of the DER value.
fn format_name(name: &x509_cert::name::Name) -> String {
    use der::asn1::{Ia5StringRef, PrintableStringRef, TeletexStringRef, Utf8StringRef};
    use der::{Encode, Tag, Tagged};
    use std::fmt::Write;
    let mut f = String::new();
    for (i, rdn) in name
        .iter_rdn()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .enumerate()
    {
        for (j, atv) in rdn.iter().enumerate() {
            if i > 0 && j == 0 {
                f.push(',');
            } else if j > 0 {
                f.push('+');
            }
            let v = &atv.value;
            let val = match v.tag() {
                Tag::PrintableString => PrintableStringRef::try_from(v).ok().map(|s| s.as_str()),
                Tag::Utf8String => Utf8StringRef::try_from(v).ok().map(|s| s.as_str()),
                Tag::Ia5String => Ia5StringRef::try_from(v).ok().map(|s| s.as_str()),
                Tag::TeletexString => TeletexStringRef::try_from(v).ok().map(|s| s.as_str()),
                _ => None,
            };
            match (attr_name(atv.oid.as_bytes()), val) {
                (Some(key), Some(val)) => {
                    f.push_str(key);
                    f.push('=');
                    let mut iter = val.char_indices().peekable();
                    while let Some((i, c)) = iter.next() {
                        match c {
                            '#' if i == 0 => f.push_str("\\#"),
                            ' ' if i == 0 || iter.peek().is_none() => f.push_str("\\ "),
                            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                                f.push('\\');
                                f.push(c);
                            }
                            '\x00'..='\x1f' | '\x7f' => {
                                let _ = write!(f, "\\{:02x}", c as u8);
                            }
                            _ => f.push(c),
                        }
                    }
                }
                _ => {
                    let _ = write!(f, "{}=#", atv.oid);
                    for c in v.to_der().unwrap_or_default() {
                        let _ = write!(f, "{c:02x}");
                    }
                }
            }
        }
    }
    f
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
        subject: format_name(tbs.subject()),
        issuer: format_name(tbs.issuer()),
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
