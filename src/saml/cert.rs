//! X.509 certificate facts for the certificate panel: subject, issuer, validity, key, fingerprint.

use serde::Serialize;
use sha2::Digest;

use crate::finding::Severity;

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
    /// Expiry status from [`expiry_severity`], the rule `saml.cert.expiry` reports with, so that
    /// a certificate card and the finding always agree: Error (expired), Warning (at most
    /// [`EXPIRY_WARN_DAYS`] days left) or Pass.
    pub expiry: Severity,
}

/// A certificate with this many days left or fewer gets a warning.
pub const EXPIRY_WARN_DAYS: i64 = 90;

/// The one expiry rule: expired → Error; at most [`EXPIRY_WARN_DAYS`] days left → Warning; else Pass.
pub fn expiry_severity(days_left: i64) -> Severity {
    if days_left < 0 {
        Severity::Error
    } else if days_left <= EXPIRY_WARN_DAYS {
        Severity::Warning
    } else {
        Severity::Pass
    }
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

/// One DER element: its tag byte, its contents and its whole encoding.
struct Tlv<'a> {
    tag: u8,
    body: &'a [u8],
    all: &'a [u8],
}

/// Reads the element at the start of `b` (single-byte tag, minimal definite length); returns it
/// and what follows. Bounded: every slice is checked, nothing panics on hostile input.
fn tlv(b: &[u8]) -> Result<(Tlv<'_>, &[u8]), String> {
    let tag = *b.first().ok_or("unexpected end of data")?;
    if tag & 0x1F == 0x1F {
        return Err(format!("unsupported tag {tag:#04x}"));
    }
    let (h, l) = der_len(b).ok_or("bad length")?;
    if h > 2 && (l < 0x80 || b.get(2) == Some(&0)) {
        return Err("non-canonical length".into());
    }
    let end = h.checked_add(l).ok_or("bad length")?;
    let all = b.get(..end).ok_or("length exceeds the data")?;
    Ok((
        Tlv {
            tag,
            body: &all[h..],
            all,
        },
        &b[end..],
    ))
}

/// Reads an element that must carry `tag`.
fn expect(b: &[u8], tag: u8) -> Result<(Tlv<'_>, &[u8]), String> {
    let (t, rest) = tlv(b)?;
    if t.tag != tag {
        return Err(format!("expected tag {tag:#04x}, found {:#04x}", t.tag));
    }
    Ok((t, rest))
}

/// Dotted form of an OBJECT IDENTIFIER's contents (arcs fit u32, minimal base-128 encoding).
fn oid_string(b: &[u8]) -> Option<String> {
    use std::fmt::Write;
    if b.is_empty() || b.len() > 39 || b.last()? & 0x80 != 0 {
        return None;
    }
    let mut out = String::new();
    let mut v: u32 = 0;
    let mut start = true;
    for &c in b {
        if start && c == 0x80 {
            return None;
        }
        v = v.checked_mul(128)? | (c & 0x7F) as u32;
        start = false;
        if c & 0x80 == 0 {
            if out.is_empty() {
                let first = (v / 40).min(2);
                let _ = write!(out, "{first}.{}", v - first * 40);
            } else {
                let _ = write!(out, ".{v}");
            }
            v = 0;
            start = true;
        }
    }
    Some(out)
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) in Unix milliseconds, with the
/// checks the DER profile makes (valid calendar fields, years 1970..=9999). The digits are read
/// here (the crate has no two-digit-year rule); the calendar is the `time` crate's.
fn der_time(t: &Tlv<'_>) -> Result<i64, String> {
    let bad = |_| "bad validity time".to_string();
    let b = t.body;
    let (year, rest) = match (t.tag, b.len()) {
        (0x17, 13) => {
            let yy = digits(b.get(..2))?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &b[2..])
        }
        (0x18, 15) => (digits(b.get(..4))?, &b[4..]),
        _ => return Err("bad validity time".into()),
    };
    let f = |i: usize| digits(rest.get(i..i + 2)).map(|v| v as u8);
    let (mo, d, h, mi, s) = (f(0)?, f(2)?, f(4)?, f(6)?, f(8)?);
    if rest.get(10) != Some(&b'Z') || !(1970..=9999).contains(&year) {
        return Err("bad validity time".into());
    }
    let month = time::Month::try_from(mo).map_err(bad)?;
    let date = time::Date::from_calendar_date(year as i32, month, d).map_err(bad)?;
    let time = time::Time::from_hms(h, mi, s).map_err(bad)?;
    Ok(date.with_time(time).assume_utc().unix_timestamp() * 1000)
}

fn digits(b: Option<&[u8]>) -> Result<i64, String> {
    let b = b.ok_or("bad validity time")?;
    b.iter().try_fold(0i64, |acc, &c| {
        if c.is_ascii_digit() {
            Ok(acc * 10 + (c - b'0') as i64)
        } else {
            Err("bad validity time".to_string())
        }
    })
}

/// RFC 4514 string of a DER Name, as x509-cert's `Display` writes it: RDNs in reverse order joined
/// by `,`, multi-valued RDNs joined by `+`, known types by short name with the value escaped,
/// others (and values that are not valid Printable/UTF8/IA5/Teletex strings) as `OID=#hex`.
fn format_name(name: &[u8]) -> Result<String, String> {
    use std::fmt::Write;
    let mut rdns = Vec::new();
    let mut b = name;
    while !b.is_empty() {
        let (rdn, rest) = expect(b, 0x31)?;
        let mut atvs = Vec::new();
        let mut r = rdn.body;
        while !r.is_empty() {
            let (atv, rest) = expect(r, 0x30)?;
            let (oid, v) = expect(atv.body, 0x06)?;
            let (val, end) = tlv(v)?;
            if !end.is_empty() {
                return Err("bad name attribute".into());
            }
            let dotted = oid_string(oid.body).ok_or("bad OID")?;
            atvs.push((oid.body, dotted, val));
            r = rest;
        }
        if atvs.is_empty() {
            return Err("empty RDN".into());
        }
        rdns.push(atvs);
        b = rest;
    }
    let mut f = String::new();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        for (j, (oid, dotted, v)) in rdn.iter().enumerate() {
            if i > 0 && j == 0 {
                f.push(',');
            } else if j > 0 {
                f.push('+');
            }
            let ascii = v.body.is_ascii();
            let val = match v.tag {
                0x13 if v
                    .body
                    .iter()
                    .all(|&c| c.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&c)) =>
                {
                    std::str::from_utf8(v.body).ok()
                }
                0x0C => std::str::from_utf8(v.body).ok(),
                0x16 | 0x14 if ascii => std::str::from_utf8(v.body).ok(),
                _ => None,
            };
            match (attr_name(oid), val) {
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
                    let _ = write!(f, "{dotted}=#");
                    for c in v.all {
                        let _ = write!(f, "{c:02x}");
                    }
                }
            }
        }
    }
    Ok(f)
}

/// The fields shown, from a DER certificate: (issuer, subject, notBefore, notAfter, SPKI).
/// Checks the Certificate / TBSCertificate structure in order (RFC 5280 §4.1); extensions are
/// skipped whole.
#[allow(clippy::type_complexity)]
fn walk(der: &[u8]) -> Result<(String, String, i64, i64, Tlv<'_>), String> {
    let (cert, rest) = expect(der, 0x30)?;
    if !rest.is_empty() {
        return Err("trailing data after the certificate".into());
    }
    let (tbs, r) = expect(cert.body, 0x30)?;
    let (_, r) = expect(r, 0x30)?;
    let (_, r) = expect(r, 0x03)?;
    if !r.is_empty() {
        return Err("trailing data in the certificate".into());
    }
    let mut t = tbs.body;
    if t.first() == Some(&0xA0) {
        t = tlv(t)?.1;
    }
    let (_, t) = expect(t, 0x02)?;
    let (_, t) = expect(t, 0x30)?;
    let (issuer, t) = expect(t, 0x30)?;
    let (validity, t) = expect(t, 0x30)?;
    let (subject, t) = expect(t, 0x30)?;
    let (spki, mut t) = expect(t, 0x30)?;
    while !t.is_empty() {
        let (e, r) = tlv(t)?;
        if !matches!(e.tag, 0x81 | 0xA1 | 0x82 | 0xA2 | 0xA3) {
            return Err(format!("unexpected tag {:#04x} in the certificate", e.tag));
        }
        t = r;
    }
    let (nb, v) = tlv(validity.body)?;
    let (na, v) = tlv(v)?;
    if !v.is_empty() {
        return Err("bad validity".into());
    }
    Ok((
        format_name(issuer.body)?,
        format_name(subject.body)?,
        der_time(&nb)?,
        der_time(&na)?,
        spki,
    ))
}

/// Parses a base64 certificate (whitespace allowed) at reference time `now_ms`.
pub fn parse_cert(b64: &str, now_ms: i64, line: u32) -> Result<CertInfo, String> {
    let compact: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
    // Padding optional; the unused bits of the last symbol must be zero.
    let der_bytes =
        super::b64::decode(compact.trim_end_matches('='), false, true).map_err(|e| {
            let ws = if compact.len() < b64.len() {
                " (whitespace not counted)"
            } else {
                ""
            };
            format!("the X509Certificate is not valid base64: {e}{ws}")
        })?;
    let (issuer, subject, nb, na, spki) = walk(&der_bytes)
        .map_err(|e| format!("the X509Certificate is not a valid DER certificate: {e}"))?;
    let bad = |e: String| format!("the X509Certificate is not a valid DER certificate: {e}");
    let (alg, bits) = expect(spki.body, 0x30).map_err(bad)?;
    let (bits, end) = expect(bits, 0x03).map_err(bad)?;
    let raw_key = match bits.body.split_first() {
        Some((&unused, key))
            if end.is_empty() && unused < 8 && !(key.is_empty() && unused != 0) =>
        {
            key
        }
        _ => return Err(bad("bad public key".into())),
    };
    let (oid, params) = expect(alg.body, 0x06).map_err(bad)?;
    let oid = oid_string(oid.body).ok_or_else(|| bad("bad OID".into()))?;
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
            let curve = expect(params, 0x06)
                .ok()
                .and_then(|(o, _)| oid_string(o.body))
                .map(|o| match o.as_str() {
                    "1.2.840.10045.3.1.7" => "P-256".to_string(),
                    "1.3.132.0.34" => "P-384".to_string(),
                    "1.3.132.0.35" => "P-521".to_string(),
                    _ => o,
                })
                .unwrap_or_else(|| "?".into());
            (format!("EC {curve}"), None)
        }
        "1.3.101.112" => ("Ed25519".into(), None),
        other => (format!("key algorithm {other}"), None),
    };
    let fp: String = sha2::Sha256::digest(&der_bytes)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok(CertInfo {
        subject,
        issuer,
        not_before: crate::time::format_rfc3339(nb),
        not_after: crate::time::format_rfc3339(na),
        not_after_ms: na,
        key,
        rsa_bits: bits,
        sha256_fingerprint: fp,
        days_left: (na - now_ms).div_euclid(86_400_000),
        line,
        expiry: expiry_severity((na - now_ms).div_euclid(86_400_000)),
    })
}

/// The public key of a DER certificate, as the signature verifier needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpkiKey {
    /// RSAPublicKey: modulus and exponent, big-endian, leading zero bytes removed.
    Rsa { n: Vec<u8>, e: Vec<u8> },
    /// EC point (SEC1 encoding) and the curve's OID in dotted form.
    Ec { curve_oid: String, point: Vec<u8> },
    /// Any other algorithm, by OID.
    Other(String),
}

fn unsigned(int: &[u8]) -> Vec<u8> {
    let mut m = int;
    while let Some((&0, rest)) = m.split_first() {
        m = rest;
    }
    m.to_vec()
}

/// Reads the SubjectPublicKeyInfo of a DER certificate (same walk as `parse_cert`).
pub fn public_key(der: &[u8]) -> Result<SpkiKey, String> {
    let bad = |e: String| format!("the certificate is not a valid DER certificate: {e}");
    let (_, _, _, _, spki) = walk(der).map_err(bad)?;
    let (alg, bits) = expect(spki.body, 0x30).map_err(bad)?;
    let (bits, _) = expect(bits, 0x03).map_err(bad)?;
    let raw_key = match bits.body.split_first() {
        Some((0, key)) => key,
        _ => return Err(bad("bad public key bit string".into())),
    };
    let (oid, params) = expect(alg.body, 0x06).map_err(bad)?;
    let oid = oid_string(oid.body).ok_or_else(|| bad("bad OID".into()))?;
    match oid.as_str() {
        "1.2.840.113549.1.1.1" => {
            let (seq, _) = expect(raw_key, 0x30).map_err(bad)?;
            let (n, rest) = expect(seq.body, 0x02).map_err(bad)?;
            let (e, _) = expect(rest, 0x02).map_err(bad)?;
            Ok(SpkiKey::Rsa {
                n: unsigned(n.body),
                e: unsigned(e.body),
            })
        }
        "1.2.840.10045.2.1" => {
            let curve_oid = expect(params, 0x06)
                .ok()
                .and_then(|(o, _)| oid_string(o.body))
                .ok_or_else(|| bad("EC key without a named curve".into()))?;
            Ok(SpkiKey::Ec {
                curve_oid,
                point: raw_key.to_vec(),
            })
        }
        other => Ok(SpkiKey::Other(other.to_string())),
    }
}
