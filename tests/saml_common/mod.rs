//! Builds realistic SAML responses from a template, shaped like common identity providers.
#![allow(dead_code)]

use ssocheck::saml::{analyze, Analysis, Context, Flow};
use ssocheck::{Finding, Severity};

pub const NOW: &str = "2025-06-01T12:00:00Z";
pub const IDC_ACS: &str = "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/6b2f1d3e-1111-2222-3333-444455556666";
pub const IDC_AUD: &str = "https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890";
pub const STS_ACS: &str = "https://signin.aws.amazon.com/saml";
pub const EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
pub const URI: &str = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri";
pub const RSA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
pub const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
pub const ROLE: &str = "https://aws.amazon.com/SAML/Attributes/Role";
pub const RSN: &str = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
pub const ABAC: &str = "https://aws.amazon.com/SAML/Attributes/AccessControl:";

pub fn cert(name: &str) -> String {
    let p = format!(
        "{}/tests/fixtures/saml/certs/{name}.b64",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(p).expect("cert fixture")
}

#[derive(Clone, Debug)]
pub struct Attr {
    pub name: String,
    pub format: Option<String>,
    pub values: Vec<String>,
}

pub fn attr(name: &str, values: &[&str]) -> Attr {
    Attr {
        name: name.into(),
        format: Some(URI.into()),
        values: values.iter().map(|s| s.to_string()).collect(),
    }
}

#[derive(Clone, Debug)]
pub struct Tpl {
    pub issuer: String,
    pub resp_id: Option<String>,
    pub assertion_id: Option<String>,
    pub destination: Option<String>,
    pub recipient: Option<String>,
    pub audience: Option<String>,
    pub nameid: String,
    pub nameid_format: Option<String>,
    /// Raw XML for the NameID content (overrides `nameid` escaping), e.g. with a comment.
    pub nameid_raw: Option<String>,
    pub issue_instant: String,
    pub not_before: String,
    pub not_on_or_after: String,
    pub sc_not_on_or_after: Option<String>,
    pub sc_method: String,
    pub status: String,
    pub status_second: Option<String>,
    pub status_message: Option<String>,
    pub attrs: Vec<Attr>,
    /// Raw XML appended inside the AttributeStatement.
    pub raw_attrs: String,
    pub sign_response: bool,
    pub sign_assertion: bool,
    pub sig_alg: String,
    pub digest_alg: String,
    pub cert: String,
    /// Overrides the assertion signature's Reference URI.
    pub ref_uri: Option<String>,
    pub extra_assertion: bool,
    pub encrypted: bool,
    pub version: String,
    pub sc_count: usize,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Tpl {
    /// External IdP → Identity Center, shaped like Okta.
    pub fn okta_idc() -> Tpl {
        Tpl {
            issuer: "http://www.okta.com/exk1a2b3c4d5e6f7g8h9".into(),
            resp_id: Some("id4512345678901234567890123".into()),
            assertion_id: Some("id4512345678901234567890124".into()),
            destination: Some(IDC_ACS.into()),
            recipient: Some(IDC_ACS.into()),
            audience: Some(IDC_AUD.into()),
            nameid: "alice@example.com".into(),
            nameid_format: Some(EMAIL.into()),
            nameid_raw: None,
            issue_instant: "2025-06-01T11:59:30Z".into(),
            not_before: "2025-06-01T11:54:30Z".into(),
            not_on_or_after: "2025-06-01T12:04:30Z".into(),
            sc_not_on_or_after: Some("2025-06-01T12:04:30Z".into()),
            sc_method: "urn:oasis:names:tc:SAML:2.0:cm:bearer".into(),
            status: "urn:oasis:names:tc:SAML:2.0:status:Success".into(),
            status_second: None,
            status_message: None,
            attrs: vec![attr(&format!("{ABAC}Department"), &["Engineering"])],
            raw_attrs: String::new(),
            sign_response: false,
            sign_assertion: true,
            sig_alg: RSA256.into(),
            digest_alg: SHA256.into(),
            cert: cert("idp-good"),
            ref_uri: None,
            extra_assertion: false,
            encrypted: false,
            version: "2.0".into(),
            sc_count: 1,
        }
    }

    /// Microsoft Entra ID → Identity Center.
    pub fn entra_idc() -> Tpl {
        Tpl {
            issuer: "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/".into(),
            resp_id: Some("_8e8dc5f6-9f1d-4c2e-a7b3-1c2d3e4f5a6b".into()),
            assertion_id: Some("_a1b2c3d4-0000-4c2e-a7b3-1c2d3e4f5a6b".into()),
            sign_response: false,
            sign_assertion: true,
            attrs: vec![
                attr(
                    "http://schemas.microsoft.com/identity/claims/tenantid",
                    &["72f988bf-86f1-41af-91ab-2d7cd011db47"],
                ),
                attr(&format!("{ABAC}Department"), &["Finance"]),
            ],
            ..Tpl::okta_idc()
        }
    }

    /// Google Workspace → Identity Center (signs the Response).
    pub fn google_idc() -> Tpl {
        Tpl {
            issuer: "https://accounts.google.com/o/saml2?idpid=C01abcdef".into(),
            resp_id: Some("_f1e2d3c4b5a69788aa99bb00cc11dd22".into()),
            assertion_id: Some("_0a1b2c3d4e5f60718293a4b5c6d7e8f9".into()),
            sign_response: true,
            sign_assertion: false,
            attrs: vec![],
            ..Tpl::okta_idc()
        }
    }

    /// JumpCloud → Identity Center.
    pub fn jumpcloud_idc() -> Tpl {
        Tpl {
            issuer: "JumpCloud".into(),
            resp_id: Some("_f7a0a4c3e2b1d09f8e7d6c5b4a392817".into()),
            assertion_id: Some("_a7a0a4c3e2b1d09f8e7d6c5b4a392817".into()),
            sign_response: true,
            sign_assertion: true,
            attrs: vec![attr(&format!("{ABAC}CostCenter"), &["CC-1234"])],
            ..Tpl::okta_idc()
        }
    }

    /// Keycloak → Identity Center.
    pub fn keycloak_idc() -> Tpl {
        Tpl {
            issuer: "https://keycloak.example.com/realms/corp".into(),
            resp_id: Some("ID_3c1f0a2b-7d4e-4f5a-8b6c-9d0e1f2a3b4c".into()),
            assertion_id: Some("ID_4d2f0a2b-7d4e-4f5a-8b6c-9d0e1f2a3b4c".into()),
            attrs: vec![],
            ..Tpl::okta_idc()
        }
    }

    /// AD FS → AWS account.
    pub fn adfs_sts() -> Tpl {
        Tpl {
            issuer: "http://adfs.example.com/adfs/services/trust".into(),
            resp_id: Some("_7a8b9c0d-1e2f-3a4b-5c6d-7e8f9a0b1c2d".into()),
            assertion_id: Some("_1a8b9c0d-1e2f-3a4b-5c6d-7e8f9a0b1c2d".into()),
            destination: Some(STS_ACS.into()),
            recipient: Some(STS_ACS.into()),
            audience: Some("urn:amazon:webservices".into()),
            nameid: "EXAMPLE\\alice".into(),
            nameid_format: Some("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".into()),
            attrs: vec![
                attr(ROLE, &["arn:aws:iam::123456789012:saml-provider/ADFS,arn:aws:iam::123456789012:role/ADFS-Production"]),
                attr(RSN, &["alice@example.com"]),
                attr("https://aws.amazon.com/SAML/Attributes/SessionDuration", &["3600"]),
            ],
            sign_response: false,
            sign_assertion: true,
            ..Tpl::okta_idc()
        }
    }

    /// Identity Center → AWS account (the assertion behind the access portal's account tiles).
    pub fn idc_to_sts() -> Tpl {
        Tpl {
            issuer: "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/MDYzNjA1NzQ4MDE1X2lucy0xMjM0NTY3ODkwYWJjZGVm".into(),
            resp_id: Some("_9f1c0c5e-2b5a-4a6e-9d0b-2f7c1e3a4b5c".into()),
            assertion_id: Some("_2b1c0c5e-2b5a-4a6e-9d0b-2f7c1e3a4b5c".into()),
            destination: Some(STS_ACS.into()),
            recipient: Some(STS_ACS.into()),
            audience: Some(STS_ACS.into()),
            nameid: "alice@example.com".into(),
            nameid_format: Some(EMAIL.into()),
            attrs: vec![
                attr(ROLE, &["arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef,arn:aws:iam::123456789012:saml-provider/AWSSSO_fedcba9876543210_DO_NOT_DELETE"]),
                attr(RSN, &["alice@example.com"]),
                attr("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Department", &["Engineering"]),
            ],
            sign_response: true,
            sign_assertion: true,
            ..Tpl::okta_idc()
        }
    }

    /// Identity Center → a SAML application.
    pub fn idc_to_app() -> Tpl {
        Tpl {
            issuer: "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/MDYzNjA1NzQ4MDE1X2lucy1hcHAxMjM0".into(),
            destination: Some("https://app.example.net/saml/acs".into()),
            recipient: Some("https://app.example.net/saml/acs".into()),
            audience: Some("https://app.example.net/saml/metadata".into()),
            attrs: vec![attr("email", &["alice@example.com"]), attr("groups", &["admins", "devs"])],
            sign_response: true,
            sign_assertion: true,
            ..Tpl::idc_to_sts()
        }
    }

    fn signature(&self, id: &str) -> String {
        format!(
            "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/><ds:SignatureMethod Algorithm=\"{}\"/><ds:Reference URI=\"{}\"><ds:Transforms><ds:Transform Algorithm=\"http://www.w3.org/2000/09/xmldsig#enveloped-signature\"/><ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms><ds:DigestMethod Algorithm=\"{}\"/><ds:DigestValue>n6Fq1aVq0Yb0dQ9Lw3sH8h6o0vQ2m0s3bX8Rk5o2ZtE=</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==</ds:SignatureValue><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>",
            self.sig_alg, id, self.digest_alg, self.cert
        )
    }

    pub fn assertion(&self, id_override: Option<&str>) -> String {
        let aid = id_override
            .map(str::to_string)
            .or_else(|| self.assertion_id.clone());
        let id_attr = aid
            .as_ref()
            .map(|i| format!(" ID=\"{i}\""))
            .unwrap_or_default();
        let mut s = format!(
            "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"{id_attr} IssueInstant=\"{}\" Version=\"{}\"><saml2:Issuer>{}</saml2:Issuer>",
            self.issue_instant, self.version, esc(&self.issuer)
        );
        if self.sign_assertion {
            let uri = self
                .ref_uri
                .clone()
                .unwrap_or_else(|| format!("#{}", aid.clone().unwrap_or_default()));
            s.push_str(&self.signature(&uri));
        }
        let fmt = self
            .nameid_format
            .as_ref()
            .map(|f| format!(" Format=\"{f}\""))
            .unwrap_or_default();
        let nid = self.nameid_raw.clone().unwrap_or_else(|| esc(&self.nameid));
        s.push_str(&format!(
            "<saml2:Subject><saml2:NameID{fmt}>{nid}</saml2:NameID>"
        ));
        for _ in 0..self.sc_count {
            s.push_str(&format!(
                "<saml2:SubjectConfirmation Method=\"{}\"><saml2:SubjectConfirmationData",
                self.sc_method
            ));
            if let Some(n) = &self.sc_not_on_or_after {
                s.push_str(&format!(" NotOnOrAfter=\"{n}\""));
            }
            if let Some(r) = &self.recipient {
                s.push_str(&format!(" Recipient=\"{}\"", esc(r)));
            }
            s.push_str("/></saml2:SubjectConfirmation>");
        }
        s.push_str("</saml2:Subject>");
        s.push_str(&format!(
            "<saml2:Conditions NotBefore=\"{}\" NotOnOrAfter=\"{}\">",
            self.not_before, self.not_on_or_after
        ));
        if let Some(a) = &self.audience {
            s.push_str(&format!("<saml2:AudienceRestriction><saml2:Audience>{}</saml2:Audience></saml2:AudienceRestriction>", esc(a)));
        }
        s.push_str("</saml2:Conditions>");
        s.push_str(&format!("<saml2:AuthnStatement AuthnInstant=\"{}\" SessionIndex=\"{}\"><saml2:AuthnContext><saml2:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2:AuthnContext></saml2:AuthnStatement>", self.issue_instant, aid.clone().unwrap_or_default()));
        if !self.attrs.is_empty() || !self.raw_attrs.is_empty() {
            s.push_str("<saml2:AttributeStatement>");
            for a in &self.attrs {
                let f = a
                    .format
                    .as_ref()
                    .map(|f| format!(" NameFormat=\"{f}\""))
                    .unwrap_or_default();
                s.push_str(&format!("<saml2:Attribute Name=\"{}\"{f}>", esc(&a.name)));
                for v in &a.values {
                    s.push_str(&format!("<saml2:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">{}</saml2:AttributeValue>", esc(v)));
                }
                s.push_str("</saml2:Attribute>");
            }
            s.push_str(&self.raw_attrs);
            s.push_str("</saml2:AttributeStatement>");
        }
        s.push_str("</saml2:Assertion>");
        s
    }

    pub fn xml(&self) -> String {
        let rid = self
            .resp_id
            .as_ref()
            .map(|i| format!(" ID=\"{i}\""))
            .unwrap_or_default();
        let dest = self
            .destination
            .as_ref()
            .map(|d| format!(" Destination=\"{}\"", esc(d)))
            .unwrap_or_default();
        let mut s = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<saml2p:Response xmlns:saml2p=\"urn:oasis:names:tc:SAML:2.0:protocol\"{dest}{rid} IssueInstant=\"{}\" Version=\"{}\"><saml2:Issuer xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:entity\">{}</saml2:Issuer>",
            self.issue_instant, self.version, esc(&self.issuer)
        );
        if self.sign_response {
            s.push_str(&self.signature(&format!("#{}", self.resp_id.clone().unwrap_or_default())));
        }
        s.push_str(&format!(
            "<saml2p:Status><saml2p:StatusCode Value=\"{}\"",
            self.status
        ));
        match &self.status_second {
            Some(c) => s.push_str(&format!(
                "><saml2p:StatusCode Value=\"{c}\"/></saml2p:StatusCode>"
            )),
            None => s.push_str("/>"),
        }
        if let Some(m) = &self.status_message {
            s.push_str(&format!(
                "<saml2p:StatusMessage>{}</saml2p:StatusMessage>",
                esc(m)
            ));
        }
        s.push_str("</saml2p:Status>");
        if self.encrypted {
            s.push_str("<saml2:EncryptedAssertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\"><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"><xenc:CipherData><xenc:CipherValue>AAAA</xenc:CipherValue></xenc:CipherData></xenc:EncryptedData></saml2:EncryptedAssertion>");
        } else {
            s.push_str(&self.assertion(None));
        }
        if self.extra_assertion {
            s.push_str(&self.assertion(Some("_evil0000000000000000000000000001")));
        }
        s.push_str("</saml2p:Response>\n");
        sign_placeholders(s, &self.cert)
    }
}

const DIGEST_PLACEHOLDER: &str = "n6Fq1aVq0Yb0dQ9Lw3sH8h6o0vQ2m0s3bX8Rk5o2ZtE=";

/// The private key of tests/fixtures/saml/certs/idp-good.b64 (a test-only key made for these
/// fixtures).
fn test_key() -> &'static rsa::PrivateKey {
    static KEY: std::sync::OnceLock<rsa::PrivateKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| {
        use rsa::pkcs8::DecodePrivateKey;
        let b64 = std::fs::read_to_string(format!(
            "{}/tests/fixtures/saml/keys/idp-good.pk8.b64",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("test key fixture");
        let der = ssocheck::saml::b64::decode(b64.trim().trim_end_matches('='), false, false)
            .expect("key base64");
        rsa::PrivateKey::from_pkcs8_der(&der).expect("PKCS#8 key")
    })
}

/// Signs every template signature for real when the template uses the idp-good certificate (whose
/// key the tests hold): DigestValue from the canonicalized element, SignatureValue over the
/// canonical SignedInfo. Innermost signature first, since the outer digest covers it. Signatures
/// whose reference does not resolve (wrapping cases) or other certificates keep their placeholders.
pub fn sign_placeholders(mut xml: String, cert_b64: &str) -> String {
    use ssocheck::saml::dsig::c14n::{canonicalize, C14n};
    use ssocheck::saml::dsig::crypto::{DigestAlg, SigAlg};
    use ssocheck::saml::{ns, xml as x};
    if cert_b64.trim() != cert("idp-good").trim() {
        return xml;
    }
    let exc = C14n::from_uri("http://www.w3.org/2001/10/xml-exc-c14n#").expect("exc");
    let count = match x::parse(&xml) {
        Ok(d) => d.descendants_ns(d.root, ns::DSIG, "Signature").len(),
        Err(_) => return xml,
    };
    for i in (0..count).rev() {
        let Ok(doc) = x::parse(&xml) else { return xml };
        let sigs = doc.descendants_ns(doc.root, ns::DSIG, "Signature");
        let sig = sigs[i];
        let Some(si) = doc.child_ns(sig, ns::DSIG, "SignedInfo") else {
            continue;
        };
        let Some(r) = doc.child_ns(si, ns::DSIG, "Reference") else {
            continue;
        };
        let Some(dv) = doc.child_ns(r, ns::DSIG, "DigestValue") else {
            continue;
        };
        if doc.text(dv) != DIGEST_PLACEHOLDER {
            continue;
        }
        let uri = doc.node(r).attr("URI").unwrap_or("").to_string();
        let target = match uri.strip_prefix('#').map(|id| doc.by_id(id)) {
            Some([t]) => *t,
            _ if uri.is_empty() => doc.root,
            _ => continue,
        };
        let dm = doc
            .child_ns(r, ns::DSIG, "DigestMethod")
            .and_then(|d| doc.node(d).attr("Algorithm"));
        let Some(dalg) = dm.and_then(DigestAlg::from_uri) else {
            continue;
        };
        let excl = if doc.is_ancestor(target, sig) {
            Some(sig)
        } else {
            None
        };
        let digest = dalg.digest(&canonicalize(&doc, target, excl, &exc));
        let (a, b) = (doc.node(dv).start, doc.node(dv).end);
        xml.replace_range(
            a..b,
            &format!(
                "<ds:DigestValue>{}</ds:DigestValue>",
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &digest)
            ),
        );
        let Ok(doc) = x::parse(&xml) else { return xml };
        let sig = doc.descendants_ns(doc.root, ns::DSIG, "Signature")[i];
        let si = doc
            .child_ns(sig, ns::DSIG, "SignedInfo")
            .expect("SignedInfo");
        let sm = doc
            .child_ns(si, ns::DSIG, "SignatureMethod")
            .and_then(|d| doc.node(d).attr("Algorithm"));
        let Some(Ok(alg)) = sm.map(SigAlg::from_uri) else {
            continue;
        };
        let hashed = alg.digest.digest(&canonicalize(&doc, si, None, &exc));
        let scheme = match alg.digest {
            DigestAlg::Sha1 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha1::Sha1>(),
            DigestAlg::Sha256 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>(),
            DigestAlg::Sha384 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha384>(),
            DigestAlg::Sha512 => rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha512>(),
        };
        let sv_bytes = test_key().sign(scheme, &hashed).expect("signs");
        let sv = doc
            .child_ns(sig, ns::DSIG, "SignatureValue")
            .expect("SignatureValue");
        let (a, b) = (doc.node(sv).start, doc.node(sv).end);
        xml.replace_range(
            a..b,
            &format!(
                "<ds:SignatureValue>{}</ds:SignatureValue>",
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &sv_bytes)
            ),
        );
    }
    xml
}

pub fn now_ms() -> i64 {
    ssocheck::time::parse_rfc3339(NOW).expect("now")
}

pub fn ctx(flow: Option<Flow>) -> Context {
    Context {
        flow,
        now_ms: now_ms(),
        ..Context::default()
    }
}

pub fn run(xml: &str, c: &Context) -> Analysis {
    analyze(xml.as_bytes(), c)
}

pub fn find<'a>(a: &'a Analysis, id: &str) -> Vec<&'a Finding> {
    a.findings().filter(|f| f.check == id).collect()
}

/// The worst severity `id` reported, if it ran.
pub fn worst(a: &Analysis, id: &str) -> Option<Severity> {
    find(a, id).iter().map(|f| f.severity).min()
}

pub fn failed(a: &Analysis, id: &str) -> bool {
    worst(a, id).is_some_and(|s| s != Severity::Pass)
}

pub fn problems(a: &Analysis) -> Vec<String> {
    a.findings()
        .filter(|f| f.severity != Severity::Pass)
        .map(|f| format!("{} [{}]: {}", f.check, f.severity.as_str(), f.message))
        .collect()
}
