//! Browser, version and OS from User-Agent Client Hints (preferred, Chromium 90+) or the user-agent
//! string, and the one table of first browser versions with WebAuthn. Used by the WebAuthn page
//! (`webauthn::useragent`) and the self-check (`selfcheck::env`), which word the result each in their
//! own way. Pure and heuristic: the UA string can be frozen or spoofed, so pages show what was parsed
//! together with the raw string.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Browser {
    Chrome,
    Edge,
    Firefox,
    Safari,
    Opera,
    Samsung,
    Brave,
    /// Chromium-based without a more specific brand (headless Chromium...).
    Chromium,
    InternetExplorer,
    Other,
}

impl Browser {
    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            Browser::Chrome => "Chrome",
            Browser::Edge => "Edge",
            Browser::Firefox => "Firefox",
            Browser::Safari => "Safari",
            Browser::Opera => "Opera",
            Browser::Samsung => "Samsung Internet",
            Browser::Brave => "Brave",
            Browser::Chromium => "Chromium",
            Browser::InternetExplorer => "Internet Explorer",
            Browser::Other => "an unrecognised browser",
        }
    }

    /// The first major version with `PublicKeyCredential` and `credentials.create({publicKey})`,
    /// from MDN browser-compat-data: Chrome 67, Edge 18, Firefox 60, Safari 13. `None` where no
    /// figure is known.
    pub fn webauthn_minimum(self) -> Option<u32> {
        match self {
            Browser::Chrome | Browser::Chromium | Browser::Brave => Some(67),
            Browser::Edge => Some(18),
            Browser::Firefox => Some(60),
            Browser::Safari => Some(13),
            _ => None,
        }
    }

    /// One of the browsers the Identity Center guide names (Chrome, Firefox, Edge, Safari).
    pub fn aws_listed(self) -> bool {
        matches!(
            self,
            Browser::Chrome | Browser::Edge | Browser::Firefox | Browser::Safari
        )
    }
}

/// `navigator.userAgentData` as read by a probe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints<'a> {
    /// (brand, version) pairs as the browser sent them, GREASE brands ("Not:A-Brand") included.
    pub brands: Vec<(&'a str, &'a str)>,
    /// "Windows", "macOS", "Linux", "Android", "Chrome OS"...; `None` or empty when not sent.
    pub platform: Option<&'a str>,
    /// From `getHighEntropyValues(["platformVersion"])`.
    pub platform_version: Option<&'a str>,
    pub mobile: Option<bool>,
}

/// What was identified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub browser: Browser,
    /// The version as reported ("131.0.0.0", "17.4"); empty when unknown.
    pub version: String,
    /// The major version, when found.
    pub major: Option<u32>,
    /// The browser and version came from a client-hint brand rather than the UA string.
    pub brand_from_hints: bool,
    /// The system by family: "Windows" (or "Windows 10"/"Windows 11" from the hints'
    /// platformVersion), "macOS", "Linux", "Android", "iOS", "ChromeOS" or "unknown".
    pub os: String,
    /// The system in the UA string's detail ("Windows 10 or 11", "macOS 10.15.7", "iOS 17.5",
    /// "Android 14"), replaced by the hints' platform when it names another system; empty when
    /// unknown.
    pub os_detail: String,
    pub mobile: bool,
    /// Headless Chromium (automation, not a person's browser).
    pub headless: bool,
}

/// Client-hint brands, most specific first (Edge, Opera, Samsung and Brave also list "Chromium";
/// Chrome lists "Chromium" too). GREASE brands never match.
const BRANDS: &[(&str, Browser)] = &[
    ("Microsoft Edge", Browser::Edge),
    ("Opera", Browser::Opera),
    ("Samsung Internet", Browser::Samsung),
    ("Google Chrome", Browser::Chrome),
    ("Brave", Browser::Brave),
    ("Chromium", Browser::Chromium),
];

/// UA-string tokens, most specific first: Edge and Opera also say "Chrome", Chrome also says
/// "Safari".
const TOKENS: &[(&str, Browser)] = &[
    ("Edg/", Browser::Edge),
    ("EdgA/", Browser::Edge),
    ("EdgiOS/", Browser::Edge),
    ("Edge/", Browser::Edge),
    ("OPR/", Browser::Opera),
    ("SamsungBrowser/", Browser::Samsung),
    ("Firefox/", Browser::Firefox),
    ("FxiOS/", Browser::Firefox),
    ("HeadlessChrome/", Browser::Chromium),
    ("CriOS/", Browser::Chrome),
    ("Chrome/", Browser::Chrome),
    ("Chromium/", Browser::Chromium),
];

/// Text after `token` up to the next space, `;` or `)`.
fn after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let i = ua.find(token)? + token.len();
    let rest = ua.get(i..)?;
    let end = rest.find([' ', ';', ')']).unwrap_or(rest.len());
    rest.get(..end)
}

/// The version after `token`, when it starts with a digit.
fn version_after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    after(ua, token).filter(|v| v.starts_with(|c: char| c.is_ascii_digit()))
}

/// The leading number of a version ("131.0.0.0" → 131).
pub fn major_of(version: &str) -> Option<u32> {
    let end = version
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(version.len());
    version.get(..end)?.parse().ok()
}

/// Browser and version from the UA string alone.
pub fn browser_from_ua(ua: &str) -> (Browser, &str) {
    for (token, browser) in TOKENS {
        if let Some(v) = version_after(ua, token) {
            return (*browser, v);
        }
    }
    if ua.contains("Trident/") || ua.contains("MSIE ") {
        return (Browser::InternetExplorer, "");
    }
    if ua.contains("Safari/") {
        if let Some(v) = version_after(ua, "Version/") {
            return (Browser::Safari, v);
        }
    }
    (Browser::Other, "")
}

/// The system from the UA string: (family, detail). The detail is empty when unknown.
pub fn os_from_ua(ua: &str) -> (&'static str, String) {
    if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        let v = after(ua, "OS ").map(|v| v.replace('_', "."));
        let dev = if ua.contains("iPad") { "iPadOS" } else { "iOS" };
        return match v {
            Some(v) if v.starts_with(|c: char| c.is_ascii_digit()) => ("iOS", format!("{dev} {v}")),
            _ => ("iOS", dev.into()),
        };
    }
    if let Some(v) = after(ua, "Android ") {
        return ("Android", format!("Android {v}"));
    }
    if ua.contains("Android") {
        return ("Android", "Android".into());
    }
    if ua.contains("Windows NT 10.0") {
        return ("Windows", "Windows 10 or 11".into());
    }
    if let Some(v) = after(ua, "Windows NT ") {
        let name = match v {
            "6.3" => "Windows 8.1",
            "6.2" => "Windows 8",
            "6.1" => "Windows 7",
            _ => "Windows (old version)",
        };
        return ("Windows", name.into());
    }
    if ua.contains("Windows") {
        return ("Windows", String::new());
    }
    if ua.contains("CrOS") {
        return ("ChromeOS", "ChromeOS".into());
    }
    if let Some(v) = after(ua, "Mac OS X ") {
        return ("macOS", format!("macOS {}", v.replace('_', ".")));
    }
    if ua.contains("Macintosh") || ua.contains("Mac OS X") {
        return ("macOS", "macOS".into());
    }
    if ua.contains("Linux") || ua.contains("X11") {
        return ("Linux", "Linux".into());
    }
    ("unknown", String::new())
}

/// The family from the hints' platform; `None` when the hints name none.
fn os_from_hints(platform: &str, platform_version: Option<&str>) -> Option<String> {
    Some(match platform {
        "" => return None,
        // Client hints: platformVersion major >= 13 is Windows 11.
        "Windows" => match platform_version.and_then(major_of) {
            Some(v) if v >= 13 => "Windows 11".into(),
            Some(v) if v > 0 => "Windows 10".into(),
            _ => "Windows".into(),
        },
        "Chrome OS" => "ChromeOS".into(),
        other => other.to_string(),
    })
}

/// Client hints first; the UA string fills what the hints lack.
pub fn identify(ua: &str, hints: Option<&Hints>) -> Identity {
    let brand = hints.and_then(|h| {
        BRANDS.iter().find_map(|(name, browser)| {
            h.brands
                .iter()
                .find(|(b, _)| b == name)
                .map(|(_, v)| (*browser, *v))
        })
    });
    let (browser, version) = brand.unwrap_or_else(|| browser_from_ua(ua));
    let (family, mut os_detail) = os_from_ua(ua);
    let platform = hints.and_then(|h| h.platform).unwrap_or("");
    let platform_version = hints.and_then(|h| h.platform_version);
    let os = os_from_hints(platform, platform_version).unwrap_or_else(|| family.to_string());
    // The hints say "Windows"/"macOS"/"Linux"/"Android"/"Chrome OS"; keep the UA's detail when it
    // names the same system.
    if !platform.is_empty()
        && !os_detail
            .to_ascii_lowercase()
            .starts_with(&platform.to_ascii_lowercase())
    {
        os_detail = platform.to_string();
    }
    Identity {
        browser,
        version: version.to_string(),
        major: major_of(version),
        brand_from_hints: brand.is_some(),
        os,
        os_detail,
        mobile: hints
            .and_then(|h| h.mobile)
            .unwrap_or(ua.contains("Mobile")),
        headless: ua.contains("HeadlessChrome"),
    }
}
