//! Browser and OS identification (`ssocheck::useragent`) as both pages word it: the WebAuthn page's
//! summary ("Chrome 156 on Windows 11") and the self-check's description ("Safari 17.4 on macOS
//! 10.15.7"), from one parser and one table of first versions with WebAuthn.

use ssocheck::selfcheck::env::{self, Brand, EnvProbe};
use ssocheck::useragent::{browser_from_ua, identify, major_of, os_from_ua, Browser, Hints};
use ssocheck::webauthn::results::UaHints;
use ssocheck::webauthn::useragent as webauthn;

fn ua(s: &str) -> EnvProbe {
    EnvProbe {
        user_agent: s.into(),
        secure_context: Some(true),
        protocol: "https:".into(),
        in_frame: Some(false),
        ..Default::default()
    }
}

const HEADLESS: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";

/// (UA string, WebAuthn page: name, major, OS family; self-check: description).
const CASES: &[(&str, Browser, Option<u32>, &str, &str)] = &[
    (HEADLESS, Browser::Chromium, Some(156), "Linux", "Chromium 156 (headless) on Linux"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", Browser::Edge, Some(131), "Windows", "Edge 131 on Windows 10 or 11"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", Browser::Edge, Some(131), "Windows", "Edge 131 on Windows 10 or 11"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", Browser::Chrome, Some(131), "Windows", "Chrome 131 on Windows 10 or 11"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:135.0) Gecko/20100101 Firefox/135.0", Browser::Firefox, Some(135), "Linux", "Firefox 135 on Linux"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", Browser::Firefox, Some(133), "Linux", "Firefox 133 on Linux"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", Browser::Safari, Some(17), "macOS", "Safari 17.4 on macOS 10.15.7"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", Browser::Chrome, Some(131), "iOS", "Chrome 131 on iOS 17.4"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", Browser::Safari, Some(17), "iOS", "Safari 17.5 on iOS 17.5"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", Browser::Chrome, Some(131), "Android", "Chrome 131 on Android 14"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/116.0.0.0", Browser::Opera, Some(116), "Windows", "Opera 116 on Windows 10 or 11"),
    ("Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko", Browser::InternetExplorer, None, "Windows", "unknown browser on Windows 10 or 11"),
    ("", Browser::Other, None, "unknown", "unknown browser on an unknown system"),
];

#[test]
fn common_user_agents_on_both_pages() {
    for (s, name, major, os, described) in CASES {
        let w = webauthn::identify(s, None);
        assert_eq!(
            (w.name, w.major, w.os.as_str()),
            (*name, *major, *os),
            "{s}"
        );
        assert!(!w.from_hints);
        assert_eq!(env::identify(&ua(s)).describe(), *described, "{s}");
    }
}

#[test]
fn both_pages_use_one_webauthn_table() {
    for (s, ..) in CASES {
        let w = webauthn::identify(s, None);
        let e = env::identify(&ua(s));
        if !e.name.is_empty() {
            assert_eq!(e.webauthn_floor(), w.webauthn_minimum(), "{s}");
        }
    }
    let floors = [
        (Browser::Chrome, Some(67)),
        (Browser::Chromium, Some(67)),
        (Browser::Brave, Some(67)),
        (Browser::Edge, Some(18)),
        (Browser::Firefox, Some(60)),
        (Browser::Safari, Some(13)),
        (Browser::Opera, None),
        (Browser::Samsung, None),
        (Browser::InternetExplorer, None),
        (Browser::Other, None),
    ];
    for (b, floor) in floors {
        assert_eq!(b.webauthn_minimum(), floor, "{b:?}");
    }
}

#[test]
fn webauthn_page_client_hints_win_over_the_string_and_name_windows_11() {
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
    let b = webauthn::identify(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0.0.0",
        Some(&h),
    );
    assert_eq!(b.summary(), "Chrome 156 on Windows 11");
    assert!(b.from_hints && b.aws_listed());
    let mut h10 = h.clone();
    h10.platform_version = Some("10.0.0".into());
    let b = webauthn::identify("", Some(&h10));
    assert_eq!(b.summary(), "Chrome 156 on Windows 10");
    let mut cros = h;
    cros.platform = "Chrome OS".into();
    assert_eq!(webauthn::identify("", Some(&cros)).os, "ChromeOS");
}

#[test]
fn selfcheck_client_hints_win_and_grease_brands_are_ignored() {
    let mut p = ua(HEADLESS);
    p.brands = vec![
        Brand {
            brand: "Not:A-Brand".into(),
            version: "8".into(),
        },
        Brand {
            brand: "Chromium".into(),
            version: "156".into(),
        },
    ];
    p.ua_platform = Some("Linux".into());
    let b = env::identify(&p);
    assert_eq!(b.name, "Chromium");
    assert_eq!(b.major(), Some(156));
    assert_eq!(b.source, "client hints");
    assert_eq!(b.os, "Linux");
    p.brands.push(Brand {
        brand: "Google Chrome".into(),
        version: "156".into(),
    });
    assert_eq!(env::identify(&p).name, "Chrome");
    // A platform naming another system replaces the string's; the same system keeps its detail.
    let mut win = ua(CASES[3].0);
    win.ua_platform = Some("Windows".into());
    assert_eq!(env::identify(&win).os, "Windows 10 or 11");
    win.ua_platform = Some("Chrome OS".into());
    assert_eq!(env::identify(&win).os, "Chrome OS");
}

#[test]
fn core_parts() {
    assert_eq!(major_of("131.0.0.0"), Some(131));
    assert_eq!(major_of("135.0a1"), Some(135));
    assert_eq!(major_of(""), None);
    assert_eq!(browser_from_ua(HEADLESS), (Browser::Chromium, "156.0.0.0"));
    // A token without a version does not decide.
    assert_eq!(browser_from_ua("Chrome/ x"), (Browser::Other, ""));
    assert_eq!(
        os_from_ua("Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X)"),
        ("iOS", "iPadOS 17.2".to_string())
    );
    assert_eq!(
        os_from_ua("Mozilla/5.0 (Windows NT 6.1)"),
        ("Windows", "Windows 7".to_string())
    );
    assert_eq!(
        os_from_ua("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)"),
        ("ChromeOS", "ChromeOS".to_string())
    );
    let id = identify(
        HEADLESS,
        Some(&Hints {
            brands: vec![("Brave", "131"), ("Chromium", "131")],
            platform: Some("Linux"),
            platform_version: None,
            mobile: Some(false),
        }),
    );
    assert_eq!(
        (id.browser, id.major, id.brand_from_hints),
        (Browser::Brave, Some(131), true)
    );
    assert!(id.headless && !id.mobile);
}

#[test]
fn hostile_user_agents_do_not_panic() {
    let long = "Chrome/".repeat(20_000) + "ü";
    for s in [
        "Chrome/",
        "OS ",
        "Windows NT ",
        "Mac OS X ",
        "Version/é",
        long.as_str(),
    ] {
        let _ = env::identify(&ua(s)).describe();
        let _ = webauthn::identify(s, None).summary();
    }
}
