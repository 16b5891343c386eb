//! Environment facts (browser, OS, secure context, cookies, storage, time zone, language) and the
//! findings they lead to. Pure: the browser probe (`probe.rs`) fills these structs, tests build them.

use serde::{Deserialize, Serialize};

use crate::finding::{Evidence, Finding, Severity};
use crate::report::Section;
use crate::selfcheck::checks;
use crate::useragent::{self, Browser, Hints};

/// One brand of `navigator.userAgentData.brands`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Brand {
    pub brand: String,
    pub version: String,
}

/// What the environment probe read. Every field has a value even when the browser refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EnvProbe {
    pub user_agent: String,
    /// `navigator.userAgentData.brands`; empty where UA-CH is not shipped (Firefox, Safari).
    pub brands: Vec<Brand>,
    pub ua_platform: Option<String>,
    pub ua_mobile: Option<bool>,
    pub secure_context: Option<bool>,
    /// `location.protocol` ("https:", "http:", "file:").
    pub protocol: String,
    /// `Some(true)` when `window.top !== window`.
    pub in_frame: Option<bool>,
}

/// Result of writing, reading back and removing a test value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StoreTest {
    Works,
    /// The store exists but refused or returned something else (message from the browser).
    Fails(String),
    /// The API is missing or access threw (private modes, blocked site data).
    Unavailable(String),
}

impl StoreTest {
    pub fn works(&self) -> bool {
        matches!(self, StoreTest::Works)
    }
    pub fn describe(&self) -> String {
        match self {
            StoreTest::Works => "works".into(),
            StoreTest::Fails(m) => format!("fails ({m})"),
            StoreTest::Unavailable(m) => format!("unavailable ({m})"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageProbe {
    /// `navigator.cookieEnabled`.
    pub cookie_enabled: Option<bool>,
    /// A test cookie written through `document.cookie`, read back and expired.
    pub cookie_test: StoreTest,
    pub local_storage: StoreTest,
    pub session_storage: StoreTest,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocaleProbe {
    /// IANA zone from `Intl.DateTimeFormat().resolvedOptions().timeZone`.
    pub time_zone: Option<String>,
    /// Minutes east of UTC now (the negated `Date.getTimezoneOffset()`).
    pub utc_offset_minutes: Option<i32>,
    /// `Intl.DateTimeFormat().resolvedOptions().locale`.
    pub locale: Option<String>,
    pub language: Option<String>,
    pub languages: Vec<String>,
}

/// Browser and OS as the self-check words them ("Safari 17.4 on macOS 10.15.7"). The parsing and
/// the table of first versions with WebAuthn are in `crate::useragent`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowserInfo {
    pub browser: Browser,
    /// "Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet", "Brave", "Chromium";
    /// empty if unknown.
    pub name: String,
    /// Full version as reported ("131.0.0.0"); empty if unknown.
    pub version: String,
    pub os: String,
    pub mobile: bool,
    pub headless: bool,
    /// Where the name came from: "client hints" or "user agent".
    pub source: &'static str,
}

impl BrowserInfo {
    pub fn major(&self) -> Option<u32> {
        self.version.split('.').next()?.parse().ok()
    }
    /// "Chrome 131 on Windows", "unknown browser on Linux".
    pub fn describe(&self) -> String {
        let name = if self.name.is_empty() {
            "unknown browser".to_string()
        } else if let Some(m) = self.major() {
            // Safari is known by major.minor (17.4); others by major.
            if self.name == "Safari" {
                let mm: Vec<&str> = self.version.split('.').take(2).collect();
                format!("{} {}", self.name, mm.join("."))
            } else {
                format!("{} {m}", self.name)
            }
        } else {
            self.name.clone()
        };
        let os = if self.os.is_empty() {
            "an unknown system"
        } else {
            &self.os
        };
        let headless = if self.headless { " (headless)" } else { "" };
        format!("{name}{headless} on {os}")
    }

    /// The first version with security keys and passkeys, for a browser the self-check names.
    pub fn webauthn_floor(&self) -> Option<u32> {
        if self.name.is_empty() {
            return None;
        }
        self.browser.webauthn_minimum()
    }
}

/// Identifies the browser and OS: client hints win where present (Chromium 90+), the user-agent
/// string is parsed otherwise (`crate::useragent`).
pub fn identify(p: &EnvProbe) -> BrowserInfo {
    let hints = Hints {
        brands: p
            .brands
            .iter()
            .map(|b| (b.brand.as_str(), b.version.as_str()))
            .collect(),
        platform: p.ua_platform.as_deref(),
        platform_version: None,
        mobile: p.ua_mobile,
    };
    let id = useragent::identify(&p.user_agent, Some(&hints));
    // Internet Explorer cannot run this page; like any browser without a name here, it is
    // reported as not identified.
    let named = !matches!(id.browser, Browser::Other | Browser::InternetExplorer);
    BrowserInfo {
        browser: id.browser,
        name: if named {
            id.browser.label().into()
        } else {
            String::new()
        },
        version: if named { id.version } else { String::new() },
        os: id.os_detail,
        mobile: id.mobile,
        headless: id.headless,
        source: if id.brand_from_hints {
            "client hints"
        } else {
            "user agent"
        },
    }
}

pub fn environment_section(p: &EnvProbe) -> Section {
    let b = identify(p);
    let mut f = Vec::new();
    let described = b.describe();
    // Browser.
    match (b.name.is_empty(), b.major(), b.webauthn_floor()) {
        (true, _, _) => f.push(
            Finding::new(
                &checks::BROWSER,
                "This browser could not be identified from its user agent.",
            )
            .evidence(Evidence::new(
                crate::report::one_line(&p.user_agent, 200),
                "navigator.userAgent",
            )),
        ),
        (false, Some(m), Some(floor)) if m < floor => f.push(
            Finding::new(
                &checks::BROWSER,
                format!("{described} is older than the first version that supports security keys and passkeys ({} {floor}).", b.name),
            )
            .severity(Severity::Error),
        ),
        _ => f.push(Finding::pass(
            &checks::BROWSER,
            format!("{described}, identified from the {}.", b.source),
        )),
    }
    // Secure context.
    match p.secure_context {
        Some(true) => f.push(Finding::pass(
            &checks::SECURE_CONTEXT,
            format!("The page is a secure context ({}).", p.protocol),
        )),
        Some(false) => f.push(
            Finding::new(
                &checks::SECURE_CONTEXT,
                format!(
                    "The page is not a secure context (opened with {}).",
                    if p.protocol.is_empty() {
                        "an unknown scheme"
                    } else {
                        &p.protocol
                    }
                ),
            )
            .evidence(Evidence::new(p.protocol.clone(), "location.protocol")),
        ),
        None => f.push(
            Finding::new(
                &checks::SECURE_CONTEXT,
                "The browser does not report whether the page is a secure context (window.isSecureContext is missing), which only very old browsers do.",
            )
            .severity(Severity::Warning),
        ),
    }
    // Frame.
    match p.in_frame {
        Some(true) => f.push(Finding::new(
            &checks::FRAME,
            "The page is shown inside another page (an iframe).",
        )),
        Some(false) => f.push(Finding::pass(
            &checks::FRAME,
            "The page runs in its own tab.",
        )),
        None => {}
    }
    let mut s = Section::new("environment", "Browser and system")
        .fact("Browser", described)
        .fact(
            "Operating system",
            if b.os.is_empty() {
                "unknown".into()
            } else {
                b.os.clone()
            },
        )
        .fact("Device type", if b.mobile { "mobile" } else { "desktop" })
        .fact(
            "Secure context",
            match p.secure_context {
                Some(true) => "yes",
                Some(false) => "no",
                None => "unknown",
            },
        );
    if !p.user_agent.is_empty() {
        s = s.fact("User agent", crate::report::one_line(&p.user_agent, 300));
    }
    s.findings(f)
}

pub fn storage_section(p: &StorageProbe) -> Section {
    let mut f = Vec::new();
    let cookies_ok = p.cookie_enabled != Some(false) && p.cookie_test.works();
    if cookies_ok {
        f.push(Finding::pass(
            &checks::COOKIES,
            "Cookies are enabled: a test cookie was written, read back and removed.",
        ));
    } else {
        let why = match (p.cookie_enabled, &p.cookie_test) {
            (Some(false), _) => {
                "The browser reports cookies as disabled (navigator.cookieEnabled is false)."
                    .to_string()
            }
            (_, t) => format!("A test cookie could not be used: {}.", t.describe()),
        };
        f.push(Finding::new(&checks::COOKIES, why));
    }
    let mut bad = Vec::new();
    for (name, t) in [
        ("localStorage", &p.local_storage),
        ("sessionStorage", &p.session_storage),
    ] {
        if !t.works() {
            bad.push(format!("{name} {}", t.describe()));
        }
    }
    if bad.is_empty() {
        f.push(Finding::pass(
            &checks::STORAGE,
            "localStorage and sessionStorage work (a test value was written, read back and removed).",
        ));
    } else {
        f.push(Finding::new(
            &checks::STORAGE,
            format!("Browser storage is limited: {}.", bad.join("; ")),
        ));
    }
    Section::new("storage", "Cookies and storage")
        .fact(
            "Cookies",
            match (p.cookie_enabled, cookies_ok) {
                (_, true) => "enabled".to_string(),
                (Some(false), _) => "disabled".to_string(),
                _ => p.cookie_test.describe(),
            },
        )
        .fact("localStorage", p.local_storage.describe())
        .fact("sessionStorage", p.session_storage.describe())
        .findings(f)
}

/// "UTC+05:30", "UTC−03:00", "UTC".
pub fn format_utc_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes > 0 { '+' } else { '-' };
    let m = minutes.unsigned_abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Real-world UTC offsets run from −12:00 to +14:00, in whole, half or quarter hours.
pub fn plausible_offset(minutes: i32) -> bool {
    (-12 * 60..=14 * 60).contains(&minutes) && minutes % 15 == 0
}

pub fn locale_section(p: &LocaleProbe) -> Section {
    let mut f = Vec::new();
    let zone = p
        .time_zone
        .as_deref()
        .map(str::trim)
        .filter(|z| !z.is_empty() && *z != "Etc/Unknown");
    match (zone, p.utc_offset_minutes) {
        (Some(z), Some(o)) if plausible_offset(o) => f.push(Finding::pass(
            &checks::TIMEZONE,
            format!("Time zone {z}, now {}.", format_utc_offset(o)),
        )),
        (_, Some(o)) if !plausible_offset(o) => f.push(
            Finding::new(
                &checks::TIMEZONE,
                format!("The device reports an impossible offset from UTC ({o} minutes)."),
            )
            .evidence(Evidence::new(o.to_string(), "Date.getTimezoneOffset()")),
        ),
        (None, o) => f.push(Finding::new(
            &checks::TIMEZONE,
            format!(
                "The browser does not report a time zone{}.",
                o.map(|o| format!(" (the offset from UTC is {})", format_utc_offset(o)))
                    .unwrap_or_default()
            ),
        )),
        (Some(z), None) => f.push(
            Finding::new(
                &checks::TIMEZONE,
                format!("Time zone {z}, but the offset from UTC could not be read."),
            )
            .severity(Severity::Info),
        ),
        _ => {}
    }
    let langs: Vec<String> = if p.languages.is_empty() {
        p.language.iter().cloned().collect()
    } else {
        p.languages.clone()
    };
    if langs.is_empty() {
        f.push(Finding::new(
            &checks::LANGUAGE,
            "The browser reports no preferred language.",
        ));
    } else {
        f.push(Finding::pass(
            &checks::LANGUAGE,
            format!("Preferred languages: {}.", langs.join(", ")),
        ));
    }
    Section::new("locale", "Time zone and language")
        .fact("Time zone", zone.unwrap_or("unknown"))
        .fact(
            "Offset from UTC",
            p.utc_offset_minutes
                .map(format_utc_offset)
                .unwrap_or_else(|| "unknown".into()),
        )
        .fact(
            "Locale",
            p.locale.clone().unwrap_or_else(|| "unknown".into()),
        )
        .fact(
            "Languages",
            if langs.is_empty() {
                "none reported".into()
            } else {
                langs.join(", ")
            },
        )
        .findings(f)
}
