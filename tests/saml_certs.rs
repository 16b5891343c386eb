//! The certificate panel's facts: src/saml/cert.rs's own DER reader, checked against fixed values
//! (from `openssl x509`) and against RustCrypto's `x509-cert` on every certificate in the fixtures;
//! and the expiry status the panel shows comes from the rule the finding uses.

use ssocheck::saml::cert::{expiry_severity, parse_cert, EXPIRY_WARN_DAYS};
use ssocheck::saml::{analyze, decode, ns, xml, Context};
use ssocheck::Severity;
use x509_cert::der::{Decode, Encode};

const DAY: i64 = 86_400_000;

fn manifest(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(manifest(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_good_fixture_certificate_reads_as_openssl_reads_it() {
    // openssl x509 -noout -subject -issuer -dates -fingerprint -sha256
    let c = parse_cert(&read("tests/fixtures/saml/certs/idp-good.b64"), 0, 7).expect("cert");
    assert_eq!(c.subject, "O=Example IdP,CN=idp-good");
    assert_eq!(c.issuer, "O=Example IdP,CN=idp-good");
    assert_eq!(c.not_before, "2025-01-01T00:00:00Z");
    assert_eq!(c.not_after, "2035-01-01T00:00:00Z");
    assert_eq!(
        c.sha256_fingerprint,
        // The certificate of the test signing key (tests/fixtures/saml/keys), made on branch dsig.
        "3C:2B:E2:E0:CC:BC:7D:A0:27:A8:3F:5E:2E:63:15:81:E3:15:4C:3A:62:3E:62:AD:D1:A9:5A:38:BF:25:77:E8"
    );
    assert_eq!(c.key, "RSA 2048");
    assert_eq!(c.line, 7);
}

fn pem_bodies(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for l in text.lines() {
        if l.starts_with("-----BEGIN CERTIFICATE") {
            cur = Some(String::new());
        } else if l.starts_with("-----END CERTIFICATE") {
            out.extend(cur.take());
        } else if let Some(c) = cur.as_mut() {
            c.push_str(l.trim());
        }
    }
    out
}

/// Every X509Certificate of every fixture (decoded as the analyzer decodes it), plus PEM files.
fn all_fixture_certs() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files = Vec::new();
    for dir in ["tests/fixtures/saml", "../shared/saml-fixtures"] {
        let base = manifest(dir);
        assert!(base.is_dir(), "{} is missing", base.display());
        let mut stack = vec![base];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("dir").flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    for p in files {
        let name = p.display().to_string();
        let bytes = std::fs::read(&p).expect("file");
        if name.ends_with(".b64") && name.contains("/certs/") {
            out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            continue;
        }
        if name.ends_with(".pem") || name.ends_with(".crt") {
            for b in pem_bodies(&String::from_utf8_lossy(&bytes)) {
                out.push((name.clone(), b));
            }
            continue;
        }
        for d in decode::decode(&bytes).into_iter().flatten() {
            let Ok(doc) = xml::parse(&d.xml) else {
                continue;
            };
            for c in doc.descendants_ns(doc.root, ns::DSIG, "X509Certificate") {
                out.push((name.clone(), doc.text(c)));
            }
        }
    }
    out
}

#[test]
fn the_der_reader_agrees_with_x509_cert_on_every_fixture_certificate() {
    use base64::Engine;
    use sha2::Digest;
    let certs = all_fixture_certs();
    assert!(certs.len() >= 20, "only {} certificates found", certs.len());
    let mut compared = 0;
    let mut refused = 0;
    for (file, b64) in certs {
        let clean: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
        let Ok(der) = base64::engine::general_purpose::STANDARD.decode(&clean) else {
            // Not base64 (an attack fixture's split text): ours must refuse it too.
            assert!(parse_cert(&clean, 0, 0).is_err(), "{file}: not base64");
            continue;
        };
        let theirs = match x509_cert::Certificate::from_der(&der) {
            Ok(c) => c,
            Err(e) => {
                // python3-saml's multiple_assertions fixture carries a certificate with a
                // non-minimal OID encoding that x509-cert's strict DER refuses; the panel still
                // shows what it can read. Anything else refused is a failure.
                assert!(
                    file.ends_with("invalids/multiple_assertions.xml.base64"),
                    "{file}: x509-cert refuses it: {e}"
                );
                refused += 1;
                continue;
            }
        };
        let ours = parse_cert(&clean, 0, 0).unwrap_or_else(|e| panic!("{file}: {e}"));
        let tbs = &theirs.tbs_certificate;
        assert_eq!(ours.subject, tbs.subject.to_string(), "{file}: subject");
        assert_eq!(ours.issuer, tbs.issuer.to_string(), "{file}: issuer");
        let secs = |t: x509_cert::time::Time| t.to_unix_duration().as_secs() as i64;
        assert_eq!(
            ours.not_after_ms,
            secs(tbs.validity.not_after) * 1000,
            "{file}: notAfter"
        );
        assert_eq!(
            ssocheck::time::parse_rfc3339(&ours.not_before).expect("rfc3339"),
            secs(tbs.validity.not_before) * 1000,
            "{file}: notBefore"
        );
        let fp: Vec<String> = sha2::Sha256::digest(theirs.to_der().expect("der"))
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert_eq!(ours.sha256_fingerprint, fp.join(":"), "{file}: fingerprint");
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} certificates compared");
    assert!(refused <= 2, "{refused} certificates refused by x509-cert");
    println!("{compared} certificates agree with x509-cert; {refused} refused by x509-cert");
}

/// The Okta fixture's certificate expires 2035-01-01T00:00:00Z.
fn at_days_left(days: i64) -> ssocheck::saml::Analysis {
    let na = ssocheck::time::parse_rfc3339("2035-01-01T00:00:00Z").expect("t");
    let ctx = Context {
        now_ms: na - days * DAY,
        ..Context::default()
    };
    analyze(
        read("tests/fixtures/saml/okta-idc-good.xml").as_bytes(),
        &ctx,
    )
}

#[test]
fn the_certificate_status_and_the_finding_agree_at_the_90_day_boundary() {
    assert_eq!(EXPIRY_WARN_DAYS, 90);
    for (days, want) in [
        (91, Severity::Pass),
        (90, Severity::Warning),
        (1, Severity::Warning),
        (0, Severity::Warning),
        (-1, Severity::Error),
    ] {
        let a = at_days_left(days);
        let m = &a.messages[0];
        let c = m.certificates.first().expect("certificate");
        assert_eq!(c.days_left, days);
        assert_eq!(c.expiry, want, "{days} days left: card");
        assert_eq!(expiry_severity(days), want);
        let finding = m
            .findings
            .iter()
            .filter(|f| f.check == "saml.cert.expiry")
            .map(|f| f.severity)
            .min();
        assert_eq!(finding, Some(want), "{days} days left: finding");
    }
}
