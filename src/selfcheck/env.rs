//! Environment facts (browser, OS, secure context, cookies, storage, time zone, language) and the
//! findings they lead to. Pure: the browser probe (`probe.rs`) fills these structs, tests build them.

use serde::{Deserialize, Serialize};

use crate::finding::{Evidence, Finding, Severity};
use crate::report::Section;
use crate::selfcheck::checks;

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

/// Browser and OS as people name them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BrowserInfo {
    /// "Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet", "Chromium"; empty if unknown.
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
}

/// Text after `token` up to the next space, `;` or `)`.
fn after<'a>(ua: &'a str, token: &str) -> Option<&'a str> {
    let i = ua.find(token)? + token.len();
    let rest = &ua[i..];
    let end = rest.find([' ', ';', ')']).unwrap_or(rest.len());
    Some(&rest[..end])
}

fn os_from_ua(ua: &str) -> String {
    if ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") {
        let v = after(ua, "OS ").map(|v| v.replace('_', "."));
        let dev = if ua.contains("iPad") { "iPadOS" } else { "iOS" };
        return match v {
            Some(v) if v.chars().next().is_some_and(|c| c.is_ascii_digit()) => format!("{dev} {v}"),
            _ => dev.into(),
        };
    }
    if let Some(v) = after(ua, "Android ") {
        return format!("Android {v}");
    }
    if ua.contains("Android") {
        return "Android".into();
    }
    if ua.contains("Windows NT 10.0") {
        return "Windows 10 or 11".into();
    }
    if let Some(v) = after(ua, "Windows NT ") {
        let name = match v {
            "6.3" => "Windows 8.1",
            "6.2" => "Windows 8",
            "6.1" => "Windows 7",
            _ => "Windows (old version)",
        };
        return name.into();
    }
    if ua.contains("CrOS") {
        return "ChromeOS".into();
    }
    if let Some(v) = after(ua, "Mac OS X ") {
        return format!("macOS {}", v.replace('_', "."));
    }
    if ua.contains("Macintosh") {
        return "macOS".into();
    }
    if ua.contains("Linux") || ua.contains("X11") {
        return "Linux".into();
    }
    String::new()
}

/// Identifies the browser and OS. Client Hints win where present (Chromium 90+); the user-agent string
/// is parsed otherwise, most specific token first (Edge and Opera also say "Chrome", Chrome also says
/// "Safari").
pub fn identify(p: &EnvProbe) -> BrowserInfo {
    let ua = p.user_agent.as_str();
    let headless = ua.contains("HeadlessChrome");
    let mut info = BrowserInfo {
        os: os_from_ua(ua),
        mobile: p.ua_mobile.unwrap_or(ua.contains("Mobile")),
        headless,
        source: "user agent",
        ..Default::default()
    };
    // Client hints: pick a real brand (not GREASE like "Not:A-Brand"), most specific first.
    let real: Vec<&Brand> = p
        .brands
        .iter()
        .filter(|b| {
            let l = b.brand.to_ascii_lowercase();
            let grease = l.contains("not") && l.contains("brand");
            !grease && !b.brand.trim().is_empty()
        })
        .collect();
    let pick = |names: &[&str]| -> Option<&Brand> {
        names
            .iter()
            .find_map(|n| real.iter().copied().find(|b| b.brand == *n))
    };
    if let Some(b) = pick(&[
        "Microsoft Edge",
        "Opera",
        "Samsung Internet",
        "Google Chrome",
        "Brave",
        "Chromium",
    ]) {
        info.name = match b.brand.as_str() {
            "Microsoft Edge" => "Edge",
            "Google Chrome" => "Chrome",
            other => other,
        }
        .to_string();
        info.version = b.version.clone();
        info.source = "client hints";
    } else {
        let ua_pick: &[(&str, &str)] = &[
            ("Edg/", "Edge"),
            ("EdgA/", "Edge"),
            ("EdgiOS/", "Edge"),
            ("Edge/", "Edge"),
            ("OPR/", "Opera"),
            ("SamsungBrowser/", "Samsung Internet"),
            ("Firefox/", "Firefox"),
            ("FxiOS/", "Firefox"),
            ("CriOS/", "Chrome"),
            ("HeadlessChrome/", "Chromium"),
            ("Chrome/", "Chrome"),
            ("Chromium/", "Chromium"),
        ];
        for (token, name) in ua_pick {
            if let Some(v) = after(ua, token) {
                info.name = (*name).into();
                info.version = v.into();
                break;
            }
        }
        if info.name.is_empty() && ua.contains("Safari/") {
            if let Some(v) = after(ua, "Version/") {
                info.name = "Safari".into();
                info.version = v.into();
            }
        }
    }
    if let Some(pl) = p.ua_platform.as_deref().filter(|s| !s.is_empty()) {
        // Client hints say "Windows"/"macOS"/"Linux"/"Android"/"Chrome OS"; keep the UA's detail
        // when it names the same system.
        let same = info
            .os
            .to_ascii_lowercase()
            .starts_with(&pl.to_ascii_lowercase());
        if !same {
            info.os = pl.to_string();
        }
    }
    info
}

/// First major version with `PublicKeyCredential` and `credentials.create({publicKey})`
/// (MDN browser-compat-data, see the WebAuthn spec notes). `None` for browsers without a known floor.
pub fn webauthn_floor(name: &str) -> Option<u32> {
    match name {
        "Chrome" | "Chromium" | "Brave" => Some(67),
        "Edge" => Some(18),
        "Firefox" => Some(60),
        "Safari" => Some(13),
        _ => None,
    }
}

pub fn environment_section(p: &EnvProbe) -> Section {
    let b = identify(p);
    let mut f = Vec::new();
    let described = b.describe();
    // Browser.
    match (b.name.is_empty(), b.major(), webauthn_floor(&b.name)) {
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
