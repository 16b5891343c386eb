//! Browser, version and OS from User-Agent Client Hints (preferred, Chromium 90+) or the
//! user-agent string. Pure and heuristic: the UA string can be frozen or spoofed, so the page
//! shows what it parsed together with the raw string.

use serde::{Deserialize, Serialize};

use super::results::UaHints;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BrowserName {
    Chrome,
    Edge,
    Firefox,
    Safari,
    Opera,
    Samsung,
    /// Chromium-based without a more specific brand (headless Chromium, Brave...).
    Chromium,
    InternetExplorer,
    Other,
}

impl BrowserName {
    pub fn label(self) -> &'static str {
        match self {
            BrowserName::Chrome => "Chrome",
            BrowserName::Edge => "Edge",
            BrowserName::Firefox => "Firefox",
            BrowserName::Safari => "Safari",
            BrowserName::Opera => "Opera",
            BrowserName::Samsung => "Samsung Internet",
            BrowserName::Chromium => "Chromium",
            BrowserName::InternetExplorer => "Internet Explorer",
            BrowserName::Other => "an unrecognised browser",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserInfo {
    pub name: BrowserName,
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

    /// The minimum version with WebAuthn (`PublicKeyCredential`), from MDN BCD: Chrome 67,
    /// Edge 18, Firefox 60, Safari 13. `None` where no figure is known.
    pub fn webauthn_minimum(&self) -> Option<u32> {
        match self.name {
            BrowserName::Chrome | BrowserName::Chromium => Some(67),
            BrowserName::Edge => Some(18),
            BrowserName::Firefox => Some(60),
            BrowserName::Safari => Some(13),
            _ => None,
        }
    }

    /// One of the browsers the Identity Center guide names (Chrome, Firefox, Edge, Safari).
    pub fn aws_listed(&self) -> bool {
        matches!(
            self.name,
            BrowserName::Chrome | BrowserName::Edge | BrowserName::Firefox | BrowserName::Safari
        )
    }
}

/// Client hints first; the UA string fills what the hints lack.
pub fn identify(user_agent: &str, hints: Option<&UaHints>) -> BrowserInfo {
    let from_ua = parse_ua(user_agent);
    let Some(h) = hints else { return from_ua };
    let brand = |n: &str| {
        h.brands
            .iter()
            .find(|(b, _)| b == n)
            .and_then(|(_, v)| v.split('.').next()?.parse::<u32>().ok())
    };
    let (name, major) = if let Some(v) = brand("Microsoft Edge") {
        (BrowserName::Edge, Some(v))
    } else if let Some(v) = brand("Opera") {
        (BrowserName::Opera, Some(v))
    } else if let Some(v) = brand("Google Chrome") {
        (BrowserName::Chrome, Some(v))
    } else if let Some(v) = brand("Chromium") {
        (BrowserName::Chromium, Some(v))
    } else {
        (from_ua.name, from_ua.major)
    };
    let os = match h.platform.as_str() {
        "" => from_ua.os.clone(),
        "Windows" => match h
            .platform_version
            .as_deref()
            .and_then(|v| v.split('.').next()?.parse::<u32>().ok())
        {
            // Client hints: platformVersion major >= 13 is Windows 11.
            Some(v) if v >= 13 => "Windows 11".into(),
            Some(v) if v > 0 => "Windows 10".into(),
            _ => "Windows".into(),
        },
        "macOS" | "Linux" | "Android" | "Chrome OS" | "ChromeOS" | "iOS" => {
            h.platform.replace("Chrome OS", "ChromeOS")
        }
        other => other.to_string(),
    };
    BrowserInfo {
        name,
        major,
        os,
        mobile: h.mobile,
        from_hints: true,
    }
}

fn version_after(ua: &str, token: &str) -> Option<u32> {
    let i = ua.find(token)? + token.len();
    let digits: String = ua[i..].chars().take_while(|c| c.is_ascii_digit()).collect();
    digits.parse().ok()
}

/// The UA string alone. Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
pub fn parse_ua(ua: &str) -> BrowserInfo {
    let (name, major) = if let Some(v) = version_after(ua, "Edg/")
        .or_else(|| version_after(ua, "EdgA/"))
        .or_else(|| version_after(ua, "EdgiOS/"))
    {
        (BrowserName::Edge, Some(v))
    } else if let Some(v) = version_after(ua, "Edge/") {
        (BrowserName::Edge, Some(v))
    } else if let Some(v) = version_after(ua, "OPR/") {
        (BrowserName::Opera, Some(v))
    } else if let Some(v) = version_after(ua, "SamsungBrowser/") {
        (BrowserName::Samsung, Some(v))
    } else if let Some(v) = version_after(ua, "Firefox/").or_else(|| version_after(ua, "FxiOS/")) {
        (BrowserName::Firefox, Some(v))
    } else if let Some(v) = version_after(ua, "HeadlessChrome/") {
        (BrowserName::Chromium, Some(v))
    } else if let Some(v) = version_after(ua, "CriOS/").or_else(|| version_after(ua, "Chrome/")) {
        (BrowserName::Chrome, Some(v))
    } else if ua.contains("Trident/") || ua.contains("MSIE ") {
        (BrowserName::InternetExplorer, None)
    } else if ua.contains("Safari/") && ua.contains("Version/") {
        (BrowserName::Safari, version_after(ua, "Version/"))
    } else {
        (BrowserName::Other, None)
    };
    let os = if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("Linux") || ua.contains("X11") {
        "Linux"
    } else {
        "unknown"
    };
    BrowserInfo {
        name,
        major,
        os: os.into(),
        mobile: ua.contains("Mobile"),
        from_hints: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_user_agents() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", BrowserName::Chromium, Some(156), "Linux"),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", BrowserName::Edge, Some(131), "Windows"),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0", BrowserName::Firefox, Some(135), "Linux"),
            ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", BrowserName::Safari, Some(17), "macOS"),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", BrowserName::Chrome, Some(131), "iOS"),
            ("Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko", BrowserName::InternetExplorer, None, "Windows"),
            ("", BrowserName::Other, None, "unknown"),
        ];
        for (ua, name, major, os) in cases {
            let b = parse_ua(ua);
            assert_eq!((b.name, b.major, b.os.as_str()), (name, major, os), "{ua}");
        }
    }

    #[test]
    fn client_hints_win_over_the_string_and_name_windows_11() {
        let h = UaHints {
            brands: vec![
                ("Not:A-Brand".into(), "8".into()),
                ("Chromium".into(), "156".into()),
                ("Google Chrome".into(), "156".into()),
            ],
            mobile: false,
            platform: "Windows".into(),
            platform_version: Some("15.0.0".into()),
        };
        let b = identify(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0.0.0",
            Some(&h),
        );
        assert_eq!(b.summary(), "Chrome 156 on Windows 11");
        assert!(b.from_hints && b.aws_listed());
    }
}
