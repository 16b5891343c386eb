//! The browser as the WebAuthn page words it ("Chrome 156 on Windows 11"). The parsing and the
//! table of first versions with WebAuthn are in `crate::useragent`.

use serde::{Deserialize, Serialize};

use super::results::UaHints;
use crate::useragent::{self, Browser, Hints};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserInfo {
    pub name: Browser,
    /// Major version, when found.
    pub major: Option<u32>,
    /// "Windows", "macOS", "Linux", "Android", "iOS", "ChromeOS" or "unknown".
    pub os: String,
    pub mobile: bool,
    /// Whether the facts came from client hints (more reliable) or the UA string.
    pub from_hints: bool,
}

impl BrowserInfo {
    pub fn summary(&self) -> String {
        let v = self.major.map(|m| format!(" {m}")).unwrap_or_default();
        format!("{}{v} on {}", self.name.label(), self.os)
    }

    /// The minimum version with WebAuthn; `None` where no figure is known.
    pub fn webauthn_minimum(&self) -> Option<u32> {
        self.name.webauthn_minimum()
    }

    /// One of the browsers the Identity Center guide names (Chrome, Firefox, Edge, Safari).
    pub fn aws_listed(&self) -> bool {
        self.name.aws_listed()
    }
}

/// Client hints first; the UA string fills what the hints lack.
pub fn identify(user_agent: &str, hints: Option<&UaHints>) -> BrowserInfo {
    let hints = hints.map(|h| Hints {
        brands: h
            .brands
            .iter()
            .map(|(b, v)| (b.as_str(), v.as_str()))
            .collect(),
        platform: Some(h.platform.as_str()),
        platform_version: h.platform_version.as_deref(),
        mobile: Some(h.mobile),
    });
    let id = useragent::identify(user_agent, hints.as_ref());
    BrowserInfo {
        name: id.browser,
        major: id.major,
        os: id.os,
        mobile: id.mobile,
        from_hints: hints.is_some(),
    }
}
