//! Differential tests against the oracle `xmlsec1` (Debian package xmlsec1; the Makefile installs
//! it): keys and certificates are generated with `openssl` at test time, generated SAML messages
//! are signed with `xmlsec1 --sign` for every algorithm, tampered, and ssocheck's verdict must equal
//! xmlsec1's for every signature. xmlsec1 verifies one signature (`--node-xpath` selects it) and
//! says OK to wrapping, so coverage is checked separately on ssocheck's findings.
//! Missing `xmlsec1` or `openssl` FAILS these tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use ssocheck::saml::dsig::keys::Trusted;
use ssocheck::saml::dsig::verify::{verify_document, ProblemKind, Signer};
use ssocheck::saml::{analyze, decode, xml, Context};
use ssocheck::Severity;

const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
const RSA1: &str = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
const RSA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const RSA384: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384";
const RSA512: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512";
const EC256: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
const EC384: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
const EC512: &str = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
const D1: &str = "http://www.w3.org/2000/09/xmldsig#sha1";
const D256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const D384: &str = "http://www.w3.org/2001/04/xmldsig-more#sha384";
const D512: &str = "http://www.w3.org/2001/04/xmlenc#sha512";
const EXC: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";
const EXC_C: &str = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments";
const INC: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";

struct Lab {
    dir: PathBuf,
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!("cannot run {cmd:?}: {e} (install xmlsec1 and openssl: the Makefile does)")
    });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout),
    )
}

fn must(cmd: &mut Command) {
    let (ok, out) = run(cmd);
    assert!(ok, "{cmd:?} failed: {out}");
}

impl Lab {
    fn new(tag: &str) -> Lab {
        let (ok, v) = run(Command::new("xmlsec1").arg("--version"));
        assert!(ok && v.contains("xmlsec1"), "xmlsec1 is required: {v}");
        let (ok, v) = run(Command::new("openssl").arg("version"));
        assert!(ok, "openssl is required: {v}");
        let dir = std::env::temp_dir().join(format!(
            "ssocheck-dsig-{tag}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0)
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Lab { dir }
    }

    fn p(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Key `name.key` and self-signed certificate `name.crt`.
    fn key(&self, name: &str, alg: &[&str]) {
        let key = self.p(&format!("{name}.key"));
        must(
            Command::new("openssl")
                .arg("genpkey")
                .args(alg)
                .arg("-out")
                .arg(&key),
        );
        must(
            Command::new("openssl")
                .args(["req", "-x509", "-new", "-days", "3650", "-subj"])
                .arg(format!("/CN=oracle-{name}/O=ssocheck tests"))
                .arg("-key")
                .arg(&key)
                .arg("-out")
                .arg(self.p(&format!("{name}.crt"))),
        );
    }

    /// Signs every signature template, the last (innermost) first: the outer digest covers it.
    fn sign(&self, tpl: &str, key: &str) -> String {
        let n = tpl.matches("<ds:Signature ").count();
        let mut xml_text = tpl.to_string();
        for i in (1..=n).rev() {
            xml_text = self.sign_one(&xml_text, key, i);
        }
        xml_text
    }

    fn sign_one(&self, tpl: &str, key: &str, n: usize) -> String {
        let t = self.p("tpl.xml");
        let o = self.p("signed.xml");
        std::fs::write(&t, tpl).expect("write");
        must(
            Command::new("xmlsec1")
                .arg("--sign")
                .arg("--privkey-pem")
                .arg(format!(
                    "{},{}",
                    self.p(&format!("{key}.key")).display(),
                    self.p(&format!("{key}.crt")).display()
                ))
                .args(ID_ATTRS)
                .arg("--node-xpath")
                .arg(format!(
                    "(//*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])[{n}]"
                ))
                .arg("--output")
                .arg(&o)
                .arg(&t),
        );
        std::fs::read_to_string(&o).expect("signed")
    }

    /// xmlsec1's verdict on the `n`-th signature (1-based) with certificate `cert` (a file).
    fn xmlsec_verify(&self, xml_text: &str, cert: &Path, n: usize) -> bool {
        let f = self.p("verify.xml");
        std::fs::write(&f, xml_text).expect("write");
        let (ok, _) = run(
            Command::new("xmlsec1")
                .arg("--verify")
                .arg("--pubkey-cert-pem")
                .arg(cert)
                .args(ID_ATTRS)
                .arg("--node-xpath")
                .arg(format!(
                    "(//*[local-name()='Signature' and namespace-uri()='http://www.w3.org/2000/09/xmldsig#'])[{n}]"
                ))
                .arg(&f),
        );
        ok
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const ID_ATTRS: [&str; 10] = [
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:protocol:Response",
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor",
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:protocol:AuthnRequest",
    "--id-attr:ID",
    "urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest",
];

fn signature_tpl(
    reference: &str,
    sig_alg: &str,
    digest: &str,
    c14n: &str,
    transform: &str,
) -> String {
    let incl = if transform.starts_with(EXC) {
        "<ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"xs\"/>"
    } else {
        ""
    };
    format!(
        "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">\n      <ds:SignedInfo>\n        <ds:CanonicalizationMethod Algorithm=\"{c14n}\"/>\n        <ds:SignatureMethod Algorithm=\"{sig_alg}\"/>\n        <ds:Reference URI=\"#{reference}\">\n          <ds:Transforms>\n            <ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/>\n            <ds:Transform Algorithm=\"{transform}\">{incl}</ds:Transform>\n          </ds:Transforms>\n          <ds:DigestMethod Algorithm=\"{digest}\"/>\n          <ds:DigestValue></ds:DigestValue>\n        </ds:Reference>\n      </ds:SignedInfo>\n      <ds:SignatureValue></ds:SignatureValue>\n      <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>\n    </ds:Signature>"
    )
}

/// A Response whose Assertion (and optionally the Response) carries a signature template.
fn message(
    sig_alg: &str,
    digest: &str,
    c14n: &str,
    transform: &str,
    sign_response: bool,
) -> String {
    let a_sig = signature_tpl("_a1", sig_alg, digest, c14n, transform);
    let r_sig = if sign_response {
        signature_tpl("_r1", sig_alg, digest, c14n, transform)
    } else {
        String::new()
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="{SAML}" ID="_r1" Version="2.0" IssueInstant="2025-06-01T12:00:00Z" Destination="https://sp.example.com/acs">
  <saml:Issuer>https://idp.example.com</saml:Issuer>
  {r_sig}
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2025-06-01T12:00:00Z">
    <saml:Issuer>https://idp.example.com</saml:Issuer>
    {a_sig}
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml:NameID>
    </saml:Subject>
    <saml:Conditions NotBefore="2025-06-01T11:55:00Z" NotOnOrAfter="2025-06-01T12:05:00Z">
      <saml:AudienceRestriction><saml:Audience>https://sp.example.com</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="email"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">alice@example.com</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>
"#
    )
}

fn trusted(cert: &Path) -> Trusted {
    let mut t = Trusted::default();
    t.add(&std::fs::read(cert).expect("cert"), "oracle certificate")
        .expect("trusted");
    t
}

/// ssocheck's verdict per signature: verified with the given certificate.
fn ours(xml_text: &str, cert: &Path) -> Vec<bool> {
    let doc = xml::parse(xml_text).expect("parses");
    verify_document(&doc, &trusted(cert))
        .signatures
        .iter()
        .map(|s| s.verified() && matches!(s.signer, Some(Signer::Trusted { .. })))
        .collect()
}

/// Compares every signature of `xml_text` with xmlsec1 and with the verdict the case expects.
fn compare(lab: &Lab, case: &str, xml_text: &str, cert: &Path, want: bool) {
    let ours = ours(xml_text, cert);
    assert!(!ours.is_empty(), "{case}: no signature found");
    for (i, o) in ours.iter().enumerate() {
        let x = lab.xmlsec_verify(xml_text, cert, i + 1);
        assert_eq!(
            *o,
            x,
            "{case}, signature {}: ssocheck says {o}, xmlsec1 says {x}",
            i + 1
        );
    }
    assert_eq!(ours[0], want, "{case}: expected {want}");
}

#[test]
fn every_algorithm_matches_xmlsec1() {
    let lab = Lab::new("alg");
    lab.key(
        "rsa",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    lab.key(
        "p256",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    );
    lab.key(
        "p384",
        &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
    );
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        ("rsa", RSA1, D1, EXC, EXC),
        ("rsa", RSA256, D256, EXC, EXC),
        ("rsa", RSA384, D384, EXC, EXC),
        ("rsa", RSA512, D512, EXC, EXC),
        ("rsa", RSA256, D1, EXC, EXC),
        ("rsa", RSA256, D256, INC, INC),
        ("rsa", RSA256, D256, EXC, EXC_C),
        ("p256", EC256, D256, EXC, EXC),
        ("p256", EC512, D512, EXC, EXC),
        ("p384", EC384, D384, EXC, EXC),
        ("p384", EC256, D256, EXC, EXC),
    ];
    for (key, sa, da, c, t) in cases {
        for sign_response in [false, true] {
            let signed = lab.sign(&message(sa, da, c, t, sign_response), key);
            let cert = lab.p(&format!("{key}.crt"));
            let case = format!("{key} {sa} {da} {t} response-signed={sign_response}");
            compare(&lab, &case, &signed, &cert, true);
            // The analysis passes digest, value and trust with the certificate given.
            let a = analyze(
                signed.as_bytes(),
                &Context {
                    trusted: trusted(&cert),
                    ..Context::default()
                },
            );
            for id in [
                "saml.signature.digest",
                "saml.signature.value",
                "saml.signature.trust",
            ] {
                assert!(
                    a.findings()
                        .any(|f| f.check == id && f.severity == Severity::Pass),
                    "{case}: no pass for {id}"
                );
            }
        }
    }
}

#[test]
fn tampering_matches_xmlsec1() {
    let lab = Lab::new("tamper");
    lab.key(
        "rsa",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    lab.key(
        "other",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    let cert = lab.p("rsa.crt");
    let signed = lab.sign(&message(RSA256, D256, EXC, EXC, false), "rsa");
    compare(&lab, "clean", &signed, &cert, true);
    let edits: &[(&str, &str, &str, bool)] = &[
        (
            "changed attribute value",
            "Name=\"email\"",
            "Name=\"mail\"",
            false,
        ),
        (
            "changed NameID",
            ">alice@example.com</saml:NameID>",
            ">bob@example.com</saml:NameID>",
            false,
        ),
        (
            "whitespace in text",
            ">alice@example.com</saml:NameID>",
            "> alice@example.com</saml:NameID>",
            false,
        ),
        (
            "non-breaking space",
            "Name=\"email\"",
            "Name=\"e\u{a0}mail\"",
            false,
        ),
        (
            "whitespace inside tags",
            "<saml:NameID Format=",
            "<saml:NameID\n        Format=",
            true,
        ),
        (
            "space before />",
            "<saml:Audience>",
            "<saml:Audience >",
            true,
        ),
        (
            "re-ordered attributes",
            "ID=\"_a1\" Version=\"2.0\" IssueInstant=\"2025-06-01T12:00:00Z\"",
            "IssueInstant=\"2025-06-01T12:00:00Z\" Version=\"2.0\" ID=\"_a1\"",
            true,
        ),
        (
            "single quotes",
            "Version=\"2.0\" IssueInstant=\"2025-06-01T12:00:00Z\">\n    <saml:Issuer>",
            "Version='2.0' IssueInstant='2025-06-01T12:00:00Z'>\n    <saml:Issuer>",
            true,
        ),
        (
            "re-declared namespace",
            "<saml:Subject>",
            "<saml:Subject xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">",
            true,
        ),
        (
            "character reference",
            ">alice@example.com</saml:NameID>",
            ">alice&#64;example.com</saml:NameID>",
            true,
        ),
        (
            "comment in the NameID",
            ">alice@example.com</saml:NameID>",
            ">alice@<!-- injected -->example.com</saml:NameID>",
            true,
        ),
        (
            "comment splitting the NameID",
            ">alice@example.com</saml:NameID>",
            ">alice@example.com<!---->.evil.com</saml:NameID>",
            false,
        ),
    ];
    for (case, from, to, want) in edits {
        assert!(signed.contains(from), "{case}: pattern missing");
        let t = signed.replacen(from, to, 1);
        compare(&lab, case, &t, &cert, *want);
        let doc = xml::parse(&t).expect("parses");
        let dc = verify_document(&doc, &trusted(&cert));
        if !*want {
            // Explained as a digest mismatch with the usual causes and the fix.
            assert_eq!(
                dc.signatures[0].problem.as_ref().map(|p| p.kind),
                Some(ProblemKind::Digest),
                "{case}"
            );
            let a = analyze(
                t.as_bytes(),
                &Context {
                    trusted: trusted(&cert),
                    ..Context::default()
                },
            );
            let f = a
                .findings()
                .find(|f| f.check == "saml.signature.digest" && f.severity == Severity::Error)
                .expect("digest finding");
            assert!(f.message.contains("non-breaking space"), "{}", f.message);
            assert!(
                f.fix.contains("paste the raw SAMLResponse value"),
                "{}",
                f.fix
            );
            assert!(
                !a.messages[0].signatures[0].canonical.is_empty(),
                "canonical bytes offered"
            );
        }
    }
    // Comments in the NameID verify (canonicalization drops them) but the rule flags them.
    let t = signed.replacen(
        ">alice@example.com</saml:NameID>",
        ">alice@<!-- injected -->example.com</saml:NameID>",
        1,
    );
    let a = analyze(
        t.as_bytes(),
        &Context {
            trusted: trusted(&cert),
            ..Context::default()
        },
    );
    assert!(a
        .findings()
        .any(|f| f.check == "saml.nameid.comment" && f.severity == Severity::Error));

    // Wrong certificate: signed by another key (its certificate embedded), verified with ours.
    let other = lab.sign(&message(RSA256, D256, EXC, EXC, false), "other");
    compare(&lab, "wrong certificate", &other, &cert, false);
    let a = analyze(
        other.as_bytes(),
        &Context {
            trusted: trusted(&cert),
            ..Context::default()
        },
    );
    let trust = a
        .findings()
        .find(|f| f.check == "saml.signature.trust" && f.severity == Severity::Error)
        .expect("trust error");
    let expected_fp = trusted(&cert).certs[0].sha256.clone();
    let used_fp = trusted(&lab.p("other.crt")).certs[0].sha256.clone();
    assert!(
        trust.message.contains(&expected_fp) && trust.message.contains(&used_fp),
        "both fingerprints named: {}",
        trust.message
    );
    assert!(trust.message.contains("rotated"), "{}", trust.message);

    // Moved signature: the Signature taken out of the Assertion to the Response. xmlsec1 still
    // says OK (the reference is by ID); ssocheck's verdict is the same, and the position rule
    // reports the wrapping pattern.
    let start = signed.find("<ds:Signature").expect("sig");
    let end = signed.find("</ds:Signature>").expect("end") + "</ds:Signature>".len();
    let sig = signed[start..end].to_string();
    let mut moved = signed.clone();
    moved.replace_range(start..end, "");
    let at = moved.find("<samlp:Status>").expect("status");
    moved.insert_str(at, &sig);
    compare(&lab, "moved signature", &moved, &cert, true);
    let a = analyze(
        moved.as_bytes(),
        &Context {
            trusted: trusted(&cert),
            ..Context::default()
        },
    );
    assert!(
        a.findings()
            .any(|f| f.check == "saml.signature.wrapping" && f.severity != Severity::Pass),
        "moved signature not reported"
    );
}

/// Every signature of every signed fixture in ../shared/saml-fixtures: ssocheck's verdict with the
/// fixture's certificate equals xmlsec1's (EXPECTED.md names the certificates).
#[test]
fn shared_fixtures_match_xmlsec1() {
    let lab = Lab::new("fixtures");
    let d = format!("{}/../shared/saml-fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(String, String)> = Vec::new();
    let mut walk = vec![PathBuf::from(&d)];
    while let Some(p) = walk.pop() {
        for e in std::fs::read_dir(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())) {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk.push(p);
                continue;
            }
            let name = p.to_string_lossy().to_string();
            let rel = name.trim_start_matches(&format!("{d}/")).to_string();
            let is_msg = rel.contains("/responses/")
                || rel.contains("/signatures/")
                || rel.ends_with("_response");
            if is_msg {
                files.push((rel, name));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 75, "{} fixtures", files.len());
    let (mut compared, mut agree_valid) = (0, 0);
    let mut mismatches = Vec::new();
    for (rel, full) in &files {
        let cert_file = cert_for(&lab, &d, rel);
        let bytes = std::fs::read(full).expect("read");
        let Some(Ok(dec)) = decode::decode(&bytes).into_iter().next() else {
            continue;
        };
        let Ok(doc) = xml::parse(&dec.xml) else {
            continue;
        };
        let dc = verify_document(&doc, &trusted(&cert_file));
        for (i, s) in dc.signatures.iter().enumerate() {
            let o = s.verified() && matches!(s.signer, Some(Signer::Trusted { .. }));
            let x = lab.xmlsec_verify(&dec.xml, &cert_file, i + 1);
            compared += 1;
            agree_valid += usize::from(o && x);
            if o != x {
                mismatches.push(format!(
                    "{rel} signature {}: ssocheck {o} ({:?}), xmlsec1 {x}",
                    i + 1,
                    s.problem
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(
        compared >= 80 && agree_valid >= 40,
        "compared {compared}, both valid {agree_valid}"
    );
}

/// The certificate EXPECTED.md names for a fixture, as a PEM file xmlsec1 can read.
fn cert_for(lab: &Lab, d: &str, rel: &str) -> PathBuf {
    if rel.starts_with("python3-saml") {
        let name = rel.rsplit('/').next().unwrap_or("");
        let n = if name.contains("2.xml") || name.contains("adfs") {
            2
        } else {
            1
        };
        return PathBuf::from(format!("{d}/python3-saml/idp_cert_settings{n}.pem"));
    }
    if rel.starts_with("node-saml") {
        return PathBuf::from(format!("{d}/node-saml/cert.pem"));
    }
    let name = rel.trim_start_matches("crewjam-saml/");
    let stem = name.trim_end_matches("_response");
    let md = if stem.starts_with("TestXsw") {
        format!("{d}/crewjam-saml/TestSPCanHandleOneloginResponse_IDPMetadata")
    } else if Path::new(&format!("{d}/crewjam-saml/{stem}_IDPMetadata")).exists() {
        format!("{d}/crewjam-saml/{stem}_IDPMetadata")
    } else {
        format!("{d}/crewjam-saml/{stem}_idp_metadata")
    };
    let t = {
        let mut t = Trusted::default();
        t.add(&std::fs::read(&md).expect("metadata"), &md)
            .expect("metadata cert");
        t
    };
    let pem = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &t.certs[0].der)
    );
    let p = lab.p(&format!("{stem}.pem"));
    std::fs::write(&p, pem).expect("write pem");
    p
}

/// A 512-bit RSA key: the signature verifies mathematically, but it is reported weak and never
/// trusted (xmlsec1 may accept it; ssocheck deliberately does not).
#[test]
fn rsa_512_bit_key_is_weak_and_not_trusted() {
    let lab = Lab::new("weak");
    lab.key(
        "weak",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"],
    );
    let cert = lab.p("weak.crt");
    let signed = lab.sign(&message(RSA256, D256, EXC, EXC, false), "weak");
    let doc = xml::parse(&signed).expect("parses");
    let dc = verify_document(&doc, &trusted(&cert));
    let s = &dc.signatures[0];
    assert!(s.problem.is_none() && s.signer.is_some(), "{s:?}");
    assert!(s.untrusted_key && !s.verified(), "{s:?}");
    let a = analyze(
        signed.as_bytes(),
        &Context {
            trusted: trusted(&cert),
            ..Context::default()
        },
    );
    let f = a
        .findings()
        .find(|f| f.check == "saml.signature.trust" && f.severity == Severity::Error)
        .expect("trust error");
    assert!(
        f.message.contains("512 bits") && f.message.contains("never trusted"),
        "{}",
        f.message
    );
    assert!(!a
        .findings()
        .any(|f| f.check == "saml.signature.value" && f.severity == Severity::Pass));
}

/// RSA-PSS (XML-DSig 1.1 / RFC 6931 `sha256-rsa-MGF1`, salt = digest length): the Debian xmlsec1
/// 1.2 has no RSA-PSS, so the oracle here is `openssl dgst` with PSS padding.
#[test]
fn rsa_pss_matches_openssl() {
    use ssocheck::saml::dsig::crypto::{key_from_cert, verify, SigAlg};
    let lab = Lab::new("pss");
    lab.key(
        "rsa",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    let data = lab.p("data.bin");
    std::fs::write(&data, b"<ds:SignedInfo>canonical bytes</ds:SignedInfo>").expect("write");
    let der = trusted(&lab.p("rsa.crt")).certs[0].der.clone();
    let key = key_from_cert(&der).expect("key");
    for (dgst, uri) in [
        (
            "-sha1",
            "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1",
        ),
        (
            "-sha256",
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
        ),
        (
            "-sha384",
            "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
        ),
        (
            "-sha512",
            "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
        ),
    ] {
        let sig = lab.p("sig.bin");
        must(
            Command::new("openssl")
                .args([
                    "dgst",
                    dgst,
                    "-sigopt",
                    "rsa_padding_mode:pss",
                    "-sigopt",
                    "rsa_pss_saltlen:digest",
                    "-sign",
                ])
                .arg(lab.p("rsa.key"))
                .arg("-out")
                .arg(&sig)
                .arg(&data),
        );
        let sig = std::fs::read(&sig).expect("sig");
        let alg = SigAlg::from_uri(uri).expect("PSS URI");
        let bytes = std::fs::read(&data).expect("data");
        assert_eq!(verify(alg, &key, &bytes, &sig), Ok(()), "{uri}");
        assert!(verify(alg, &key, b"other bytes", &sig).is_err(), "{uri}");
        // PKCS#1 v1.5 with the same digest does not accept a PSS signature.
        let v15 = SigAlg {
            key: ssocheck::saml::dsig::crypto::KeyType::Rsa,
            ..alg
        };
        assert!(verify(v15, &key, &bytes, &sig).is_err());
    }
}

/// Signed metadata, AuthnRequest and LogoutRequest: verified like a Response.
#[test]
fn metadata_and_requests_match_xmlsec1() {
    let lab = Lab::new("kinds");
    lab.key(
        "rsa",
        &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    );
    let cert = lab.p("rsa.crt");
    let sig = signature_tpl("_x1", RSA256, D256, EXC, EXC);
    let docs = [
        (
            "metadata",
            format!(
                r#"<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ID="_x1" entityID="https://idp.example.com">{sig}<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>"#
            ),
        ),
        (
            "AuthnRequest",
            format!(
                r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="{SAML}" ID="_x1" Version="2.0" IssueInstant="2025-06-01T12:00:00Z" AssertionConsumerServiceURL="https://sp.example.com/acs"><saml:Issuer>https://sp.example.com</saml:Issuer>{sig}</samlp:AuthnRequest>"#
            ),
        ),
        (
            "LogoutRequest",
            format!(
                r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="{SAML}" ID="_x1" Version="2.0" IssueInstant="2025-06-01T12:00:00Z"><saml:Issuer>https://sp.example.com</saml:Issuer>{sig}<saml:NameID>alice@example.com</saml:NameID></samlp:LogoutRequest>"#
            ),
        ),
    ];
    for (kind, tpl) in docs {
        let signed = lab.sign(&tpl, "rsa");
        compare(&lab, kind, &signed, &cert, true);
        let a = analyze(
            signed.as_bytes(),
            &Context {
                trusted: trusted(&cert),
                ..Context::default()
            },
        );
        assert!(
            a.findings()
                .any(|f| f.check == "saml.signature.value" && f.severity == Severity::Pass),
            "{kind}"
        );
        assert_eq!(a.messages[0].signatures.len(), 1, "{kind}");
        let tampered = signed.replacen("https://", "http://", 1);
        compare(&lab, &format!("{kind} tampered"), &tampered, &cert, false);
    }
}
