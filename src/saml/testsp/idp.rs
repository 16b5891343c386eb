//! What the test sign-in needs from the identity provider's metadata: its entity ID and its
//! HTTP-Redirect SingleSignOnService URL. (Its signing certificates are read by
//! `dsig::keys::Trusted`, which the SAML page uses to verify the response.)

use super::sp::BINDING_REDIRECT;
use crate::saml::{ns, xml};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdpInfo {
    pub entity_id: String,
    /// The HTTP-Redirect SSO URL, when the metadata has one.
    pub sso_redirect: Option<String>,
    /// Bindings of the SingleSignOnService endpoints, for the message when none is HTTP-Redirect.
    pub sso_bindings: Vec<String>,
}

/// Reads IdP metadata XML (an EntityDescriptor, or the first IdP of an EntitiesDescriptor).
pub fn read(text: &str) -> Result<IdpInfo, String> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if !text.starts_with('<') {
        return Err("this is not metadata XML (a certificate alone gives no SSO URL: give the SSO URL as well)".into());
    }
    let doc = xml::parse(text)
        .map_err(|e| format!("{} (line {}, column {})", e.message, e.line, e.column))?;
    for ed in doc.descendants_ns(doc.root, ns::MD, "EntityDescriptor") {
        let Some(idp) = doc.child_ns(ed, ns::MD, "IDPSSODescriptor") else {
            continue;
        };
        let mut info = IdpInfo {
            entity_id: doc
                .node(ed)
                .attr("entityID")
                .unwrap_or("")
                .trim()
                .to_string(),
            ..IdpInfo::default()
        };
        for sso in doc.children_ns(idp, ns::MD, "SingleSignOnService").take(64) {
            let n = doc.node(sso);
            let binding = n.attr("Binding").unwrap_or("").trim().to_string();
            if binding == BINDING_REDIRECT && info.sso_redirect.is_none() {
                info.sso_redirect = n.attr("Location").map(|l| l.trim().to_string());
            }
            info.sso_bindings.push(binding);
        }
        return Ok(info);
    }
    Err("no md:EntityDescriptor with an md:IDPSSODescriptor in this XML".into())
}
