//! Our DER certificate reader (`saml::cert::parse_cert`) against the `x509-cert` crate on every
//! certificate in the fixtures: the subject, issuer, validity and SHA-256 fingerprint a user sees on
//! the certificate card must be what a full X.509 parser reads. The shared interop fixtures must
//! be present (`../shared/saml-fixtures`): without them this test fails rather than pass on less.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};
use ssocheck::saml::cert::parse_cert;
use x509_cert::der::{Decode, Encode};
use x509_cert::Certificate;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// The text of every `X509Certificate` element (any prefix) in `xml`.
fn x509_elements(xml: &str) -> Vec<String> {
    let mut found = Vec::new();
    for segment in xml.split('<').skip(1) {
        let Some((tag, rest)) = segment.split_once('>') else {
            continue;
        };
        let name = tag.split_whitespace().next().unwrap_or("");
        if name.ends_with("X509Certificate") && !name.starts_with('/') && !tag.ends_with('/') {
            found.push(without_char_refs(rest));
        }
    }
    found
}

/// Removes numeric character references: in certificate text they are line breaks (`&#13;`,
/// `&#xd;`), which base64 does not count.
fn without_char_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        match rest[at..].find(';') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The base64 text of every PEM certificate block in `text`.
fn pem_blocks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let body = &rest[start + 27..];
        let Some(end) = body.find("-----END CERTIFICATE-----") else {
            break;
        };
        found.push(body[..end].to_string());
        rest = &body[end..];
    }
    found
}

/// Certificates in an attestation object's `x5c` (map key "attStmt" → map key "x5c" → array of
/// byte strings), as base64.
fn x5c(attestation: &[u8]) -> Vec<String> {
    let mut d = minicbor::Decoder::new(attestation);
    let mut found = Vec::new();
    let entries = d.map().expect("map").expect("definite");
    for _ in 0..entries {
        if d.str().expect("text key") != "attStmt" {
            d.skip().expect("value");
            continue;
        }
        for _ in 0..d.map().expect("attStmt").expect("definite") {
            if d.str().expect("text key") != "x5c" {
                d.skip().expect("value");
                continue;
            }
            for _ in 0..d.array().expect("x5c").expect("definite") {
                let der = d.bytes().expect("certificate");
                found.push(base64::engine::general_purpose::STANDARD.encode(der));
            }
        }
    }
    found
}

/// Every distinct certificate (compact base64) in the fixtures, with the first file it is in.
fn fixture_certificates() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/saml-fixtures");
    assert!(
        shared.is_dir(),
        "{} is missing: the interop fixtures are part of the test suite",
        shared.display()
    );
    let mut paths = Vec::new();
    files(&root.join("tests/fixtures"), &mut paths);
    files(&shared, &mut paths);
    let mut certs = BTreeMap::new();
    let b64 = base64::engine::general_purpose::STANDARD;
    for path in paths {
        let bytes = std::fs::read(&path).expect("fixture");
        let name = path.display().to_string();
        let mut texts = Vec::new();
        if let Ok(t) = std::str::from_utf8(&bytes) {
            texts.push(t.to_string());
            // A file that is one base64 value: a certificate, an attestation object, or a message.
            let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            if let Ok(der) = b64.decode(&compact) {
                if name.contains("webauthn") {
                    texts.extend(
                        x5c(&der)
                            .into_iter()
                            .map(|c| format!("<X509Certificate>{c}<")),
                    );
                } else if der.first() == Some(&0x30) {
                    texts.push(format!("<X509Certificate>{compact}<"));
                }
            }
        }
        // SAML messages in any form the tool reads (base64, deflate, HAR, ...).
        for item in ssocheck::saml::decode::decode(&bytes).into_iter().flatten() {
            texts.push(item.xml);
        }
        for text in &texts {
            for cert in x509_elements(text).into_iter().chain(pem_blocks(text)) {
                let compact: String = cert.chars().filter(|c| !c.is_whitespace()).collect();
                if !compact.is_empty() {
                    certs.entry(compact).or_insert_with(|| name.clone());
                }
            }
        }
    }
    certs
}

fn colon_hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[test]
fn der_reader_agrees_with_x509_cert_on_every_fixture_certificate() {
    let certs = fixture_certificates();
    // Four invented IdP certificates, the webauthn x5c, and the interop suites' own: fewer means
    // the fixtures moved and this test would check less than it says.
    assert!(certs.len() >= 22, "only {} certificates found", certs.len());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["idp-1024", "idp-expired", "idp-good", "idp-soon"] {
        let path = root.join(format!("tests/fixtures/saml/certs/{name}.b64"));
        let text = std::fs::read_to_string(path).expect("fixture");
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(certs.contains_key(&compact), "{name} not collected");
    }
    assert!(certs.values().any(|f| f.ends_with("usb-direct-packed.b64")));
    let b64 = base64::engine::general_purpose::STANDARD;
    let (mut compared, mut not_base64, mut two_arc_oid) = (0, 0, 0);
    for (text, file) in &certs {
        let ours = parse_cert(text, 0, 1);
        let der = match b64.decode(text) {
            Ok(der) => der,
            Err(e) => {
                // A broken fixture (python3-saml's node-text attack has 577 symbols, one short):
                // refused by both, and ours says why.
                let why = ours.expect_err("ours must refuse what is not base64");
                assert!(why.contains("is not valid base64"), "{file}: {why} / {e}");
                not_base64 += 1;
                continue;
            }
        };
        let (ours, theirs) = match (ours, Certificate::from_der(&der)) {
            (Ok(o), Ok(t)) => (o, t),
            // x509-cert (const-oid) refuses OIDs of fewer than three arcs; python3-saml's OneLogin
            // test certificate signs with the algorithm OID 0.0 (`06 01 00`). Ours reads it, so the
            // card still shows its names and dates.
            (Ok(_), Err(e))
                if e.kind() == x509_cert::der::ErrorKind::OidMalformed
                    && der.windows(5).any(|w| w == [0x30, 0x03, 0x06, 0x01, 0x00]) =>
            {
                two_arc_oid += 1;
                continue;
            }
            // Both refuse it (a private key beside the certificates, a damaged copy): they agree.
            (Err(_), Err(_)) if file.contains("/keys/") => continue,
            (o, t) => panic!(
                "{file}: the readers disagree on whether this is a certificate: ours {o:?}, x509-cert {t:?}"
            ),
        };
        let tbs = &theirs.tbs_certificate;
        assert_eq!(ours.subject, tbs.subject.to_string(), "{file}: subject");
        assert_eq!(ours.issuer, tbs.issuer.to_string(), "{file}: issuer");
        let ms = |t: x509_cert::time::Time| t.to_unix_duration().as_millis() as i64;
        let (nb, na) = (ms(tbs.validity.not_before), ms(tbs.validity.not_after));
        assert_eq!(
            ours.not_before,
            ssocheck::time::format_rfc3339(nb),
            "{file}: notBefore"
        );
        assert_eq!(
            ours.not_after,
            ssocheck::time::format_rfc3339(na),
            "{file}: notAfter"
        );
        assert_eq!(ours.not_after_ms, na, "{file}: notAfter");
        // The fingerprint of the certificate as x509-cert re-encodes it: the same bytes only if
        // the input was DER, which both readers require.
        let reencoded = theirs.to_der().expect("re-encode");
        assert_eq!(reencoded, der, "{file}: not canonical DER");
        let fingerprint = colon_hex(&Sha256::digest(&reencoded));
        assert_eq!(ours.sha256_fingerprint, fingerprint, "{file}: fingerprint");
        compared += 1;
    }
    println!(
        "{compared} distinct certificates compared field by field; {not_base64} refused by both as \
         not base64; {two_arc_oid} with a two-arc algorithm OID read by ours only"
    );
    assert!(compared >= 20, "only {compared} certificates compared");
    assert_eq!(
        (not_base64, two_arc_oid),
        (1, 1),
        "a new kind of disagreement"
    );
}

/// What the card shows for one invented certificate, written out, so a change in either reader is
/// seen as a change in what users read.
#[test]
fn certificate_card_facts_for_the_invented_idp_certificate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/saml/certs/idp-good.b64"))
        .expect("fixture");
    let c = parse_cert(&text, 1_767_225_600_000, 1).expect("certificate");
    assert_eq!(c.subject, "O=Example IdP,CN=idp-good");
    assert_eq!(c.issuer, "O=Example IdP,CN=idp-good");
    assert_eq!(c.not_before, "2025-01-01T00:00:00Z");
    assert_eq!(c.not_after, "2035-01-01T00:00:00Z");
    assert_eq!(c.key, "RSA 2048");
    assert_eq!(c.days_left, 3287);
    assert_eq!(c.sha256_fingerprint.len(), 95);
}
