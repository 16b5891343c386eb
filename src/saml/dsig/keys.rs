//! The certificates the administrator trusts: the "IdP metadata or certificate" field and the CLI's
//! `--idp-metadata` / `--cert`. Accepts PEM (one or several CERTIFICATE blocks), bare base64 DER,
//! or SAML metadata XML (every X509Certificate of an IdP's signing KeyDescriptors, plus entityID,
//! NameIDFormat and WantAuthnRequestsSigned for the cross-checks). Several inputs may be combined,
//! as during a certificate rotation.

use crate::saml::{ns, xml};

/// Most certificates taken from one input (a federation aggregate can hold thousands; an IdP's
/// own metadata holds one to three).
pub const MAX_CERTS: usize = 64;

/// One certificate the administrator trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedCert {
    pub der: Vec<u8>,
    /// `AA:BB:...` SHA-256 of the DER certificate (as the certificate panel shows it).
    pub sha256: String,
    /// Where it came from ("metadata of https://idp.example.com", "certificate file").
    pub source: String,
    pub subject: String,
    pub not_after_ms: i64,
}

/// What an IdP (or, in the app flow, an SP) metadata document says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trusted {
    pub certs: Vec<TrustedCert>,
    /// entityID of every IDPSSODescriptor entity.
    pub idp_entity_ids: Vec<String>,
    pub idp_nameid_formats: Vec<String>,
    /// `WantAuthnRequestsSigned` of the IdP, when stated.
    pub want_authn_requests_signed: Option<bool>,
    /// The SP metadata of an application (app flow), when an SPSSODescriptor was given.
    pub sp: Option<SpFacts>,
}

/// An application's SP metadata (Identity Center is the IdP).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpFacts {
    pub entity_id: String,
    pub acs_urls: Vec<String>,
    pub nameid_formats: Vec<String>,
    pub want_assertions_signed: Option<bool>,
}

pub fn fingerprint(der: &[u8]) -> String {
    <sha2::Sha256 as sha2::Digest>::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn b64(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    crate::saml::b64::decode(compact.trim_end_matches('='), false, false).ok()
}

fn cert(der: Vec<u8>, source: &str) -> Result<TrustedCert, String> {
    let info = crate::saml::cert::parse_cert(
        &base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &der),
        0,
        0,
    )?;
    Ok(TrustedCert {
        sha256: fingerprint(&der),
        der,
        source: source.to_string(),
        subject: info.subject,
        not_after_ms: info.not_after_ms,
    })
}

impl Trusted {
    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }

    /// Adds one input (PEM, base64 DER or metadata XML). `label` names it in messages.
    pub fn add(&mut self, input: &[u8], label: &str) -> Result<usize, String> {
        if input.len() > crate::saml::decode::MAX_BYTES {
            return Err(format!("{label} is larger than 16 MB"));
        }
        let text = String::from_utf8_lossy(input);
        let text = text.trim_start_matches('\u{feff}').trim();
        let before = self.certs.len();
        if text.contains("-----BEGIN CERTIFICATE-----") {
            for block in text.split("-----BEGIN CERTIFICATE-----").skip(1) {
                let body = block
                    .split("-----END CERTIFICATE-----")
                    .next()
                    .unwrap_or("");
                let der =
                    b64(body).ok_or_else(|| format!("{label}: a PEM block is not valid base64"))?;
                self.push(cert(der, label).map_err(|e| format!("{label}: {e}"))?)?;
            }
        } else if text.starts_with('<') {
            self.add_metadata(text, label)?;
        } else if let Some(der) = b64(text) {
            self.push(cert(der, label).map_err(|e| format!("{label}: {e}"))?)?;
        } else {
            return Err(format!(
                "{label} is neither a PEM certificate, base64 DER nor SAML metadata XML"
            ));
        }
        Ok(self.certs.len() - before)
    }

    fn push(&mut self, c: TrustedCert) -> Result<(), String> {
        if self.certs.len() >= MAX_CERTS {
            return Err(format!("more than {MAX_CERTS} certificates given"));
        }
        if !self.certs.iter().any(|x| x.der == c.der) {
            self.certs.push(c);
        }
        Ok(())
    }

    fn add_metadata(&mut self, text: &str, label: &str) -> Result<(), String> {
        let doc = xml::parse(text).map_err(|e| {
            format!(
                "{label}: {} (line {}, column {})",
                e.message, e.line, e.column
            )
        })?;
        let entities = doc.descendants_ns(doc.root, ns::MD, "EntityDescriptor");
        if entities.is_empty() {
            return Err(format!("{label}: no md:EntityDescriptor in this XML"));
        }
        for ed in entities {
            let entity_id = doc.node(ed).attr("entityID").unwrap_or("").to_string();
            for idp in doc.children_ns(ed, ns::MD, "IDPSSODescriptor") {
                if !self.idp_entity_ids.contains(&entity_id) {
                    self.idp_entity_ids.push(entity_id.clone());
                }
                if let Some(w) = doc.node(idp).attr("WantAuthnRequestsSigned") {
                    self.want_authn_requests_signed = Some(w.trim() == "true" || w.trim() == "1");
                }
                for f in doc.children_ns(idp, ns::MD, "NameIDFormat") {
                    self.idp_nameid_formats.push(doc.text(f).trim().to_string());
                }
                for kd in doc.children_ns(idp, ns::MD, "KeyDescriptor") {
                    // use="encryption" keys never sign; no use attribute means both.
                    if doc.node(kd).attr("use") == Some("encryption") {
                        continue;
                    }
                    for x in doc.descendants_ns(kd, ns::DSIG, "X509Certificate") {
                        let src = format!("{label} (entityID {entity_id})");
                        let der = b64(&doc.text(x))
                            .ok_or_else(|| format!("{src}: an X509Certificate is not base64"))?;
                        self.push(cert(der, &src).map_err(|e| format!("{src}: {e}"))?)?;
                    }
                }
            }
            for sp in doc.children_ns(ed, ns::MD, "SPSSODescriptor") {
                let n = doc.node(sp);
                let facts = SpFacts {
                    entity_id: entity_id.clone(),
                    acs_urls: doc
                        .children_ns(sp, ns::MD, "AssertionConsumerService")
                        .filter_map(|a| doc.node(a).attr("Location").map(str::to_string))
                        .collect(),
                    nameid_formats: doc
                        .children_ns(sp, ns::MD, "NameIDFormat")
                        .map(|f| doc.text(f).trim().to_string())
                        .collect(),
                    want_assertions_signed: n
                        .attr("WantAssertionsSigned")
                        .map(|w| w.trim() == "true" || w.trim() == "1"),
                };
                self.sp.get_or_insert(facts);
            }
        }
        if self.certs.is_empty() && self.sp.is_none() {
            return Err(format!(
                "{label}: the metadata has no IDPSSODescriptor signing certificate"
            ));
        }
        Ok(())
    }
}
