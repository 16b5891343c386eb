//! The page as a service provider: its entity ID and ACS URL, derived from where the page is hosted,
//! and its SP metadata XML.

/// Longest page address accepted (a real one is well under 200 bytes).
pub const MAX_URL: usize = 2048;

/// This page's service-provider identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sp {
    /// The page's base address, ending in `/` (`https://host/ssocheck/`): also the SP entity ID.
    pub base: String,
    pub entity_id: String,
    /// `<base>acs`: the service worker answers HTTP-POSTs to it (static/sw.js).
    pub acs_url: String,
}

pub const NAMEID_EMAIL: &str = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
pub const BINDING_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
pub const BINDING_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

impl Sp {
    /// From the page's address (`https://host/ssocheck/index.html#/test-sp` or `https://host/x/`):
    /// the query and fragment are dropped, and so is a last path segment that names a file.
    pub fn from_page_url(url: &str) -> Result<Sp, String> {
        let url = url.trim();
        if url.len() > MAX_URL {
            return Err(format!("the page address is longer than {MAX_URL} bytes"));
        }
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(format!("`{url}` is not an absolute http(s) address"));
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(format!("`{url}` is not an http(s) address"));
        }
        let rest = rest.split(['#', '?']).next().unwrap_or("");
        let (host, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
            return Err(format!("`{url}` has no usable host"));
        }
        // Drop a last segment that names a file (index.html); keep the directory.
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        if dir.contains(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>') {
            return Err(format!("`{url}` has characters that cannot be in a path"));
        }
        let base = format!("{scheme}://{host}{dir}");
        Ok(Sp {
            entity_id: base.clone(),
            acs_url: format!("{base}acs"),
            base,
        })
    }

    /// The SP metadata XML: unsigned AuthnRequests, signed assertions wanted, emailAddress NameID,
    /// one HTTP-POST ACS.
    pub fn metadata_xml(&self) -> String {
        format!(
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{entity}\">\n",
                "  <md:SPSSODescriptor AuthnRequestsSigned=\"false\" WantAssertionsSigned=\"true\" protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n",
                "    <md:NameIDFormat>{nameid}</md:NameIDFormat>\n",
                "    <md:AssertionConsumerService Binding=\"{post}\" Location=\"{acs}\" index=\"0\" isDefault=\"true\"/>\n",
                "  </md:SPSSODescriptor>\n",
                "</md:EntityDescriptor>\n"
            ),
            entity = xml_escape(&self.entity_id),
            nameid = NAMEID_EMAIL,
            post = BINDING_POST,
            acs = xml_escape(&self.acs_url),
        )
    }
}

/// Escapes text for an XML attribute value or element content.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}
