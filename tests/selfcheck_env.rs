//! Self-check, pure parts: environment, storage and locale findings (browser and OS identification,
//! shared with the WebAuthn page, is tested in tests/useragent.rs).

use ssocheck::finding::Severity;
use ssocheck::selfcheck::env::*;

fn ua(s: &str) -> EnvProbe {
    EnvProbe {
        user_agent: s.into(),
        secure_context: Some(true),
        protocol: "https:".into(),
        in_frame: Some(false),
        ..Default::default()
    }
}

fn check<'a>(s: &'a ssocheck::Section, id: &str) -> &'a ssocheck::Finding {
    s.findings
        .iter()
        .find(|f| f.check == id)
        .unwrap_or_else(|| panic!("no {id} in {:?}", s.findings))
}

// Browser and OS identification: tests/useragent.rs.

#[test]
fn old_unknown_and_insecure_browsers_are_reported() {
    let old = environment_section(&ua("Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36"));
    assert_eq!(check(&old, "env.browser").severity, Severity::Error);
    assert!(check(&old, "env.browser").message.contains("Chrome 67"));

    let unknown = environment_section(&ua("curl/8.0"));
    assert_eq!(check(&unknown, "env.browser").severity, Severity::Warning);

    let mut insecure = ua("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
    insecure.secure_context = Some(false);
    insecure.protocol = "http:".into();
    insecure.in_frame = Some(true);
    let s = environment_section(&insecure);
    assert_eq!(check(&s, "env.secure-context").severity, Severity::Error);
    assert_eq!(check(&s, "env.frame").severity, Severity::Warning);
    assert_eq!(s.verdict(), Severity::Error);

    let good = environment_section(&ua(
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    ));
    assert_eq!(good.verdict(), Severity::Pass);
    assert!(good
        .facts
        .iter()
        .any(|(k, v)| k == "Browser" && v == "Firefox 133 on Linux"));
}

#[test]
fn storage_findings() {
    let ok = StorageProbe {
        cookie_enabled: Some(true),
        cookie_test: StoreTest::Works,
        local_storage: StoreTest::Works,
        session_storage: StoreTest::Works,
    };
    assert_eq!(storage_section(&ok).verdict(), Severity::Pass);
    let blocked = StorageProbe {
        cookie_enabled: Some(false),
        cookie_test: StoreTest::Fails("a test cookie did not read back".into()),
        local_storage: StoreTest::Unavailable("SecurityError: denied".into()),
        ..ok
    };
    let s = storage_section(&blocked);
    assert_eq!(check(&s, "env.cookies").severity, Severity::Warning);
    assert!(check(&s, "env.cookies").message.contains("disabled"));
    assert!(check(&s, "env.storage").message.contains("SecurityError"));
    assert!(s
        .facts
        .iter()
        .any(|(k, v)| k == "Cookies" && v == "disabled"));
}

#[test]
fn locale_findings_and_offsets() {
    assert_eq!(format_utc_offset(0), "UTC");
    assert_eq!(format_utc_offset(330), "UTC+05:30");
    assert_eq!(format_utc_offset(-180), "UTC-03:00");
    assert!(plausible_offset(14 * 60) && plausible_offset(-12 * 60) && plausible_offset(345));
    assert!(!plausible_offset(15 * 60) && !plausible_offset(7));

    let good = LocaleProbe {
        time_zone: Some("Europe/Berlin".into()),
        utc_offset_minutes: Some(60),
        locale: Some("de-DE".into()),
        language: Some("de-DE".into()),
        languages: vec!["de-DE".into(), "en".into()],
    };
    let s = locale_section(&good);
    assert_eq!(s.verdict(), Severity::Pass);
    assert!(check(&s, "env.timezone").message.contains("Europe/Berlin"));
    assert!(check(&s, "env.language").message.contains("de-DE, en"));

    let bad = LocaleProbe {
        time_zone: Some("Etc/Unknown".into()),
        utc_offset_minutes: Some(60),
        ..Default::default()
    };
    let s = locale_section(&bad);
    assert_eq!(check(&s, "env.timezone").severity, Severity::Warning);
    assert_eq!(check(&s, "env.language").severity, Severity::Info);

    let weird = LocaleProbe {
        utc_offset_minutes: Some(17),
        ..good
    };
    assert_eq!(
        check(&locale_section(&weird), "env.timezone").severity,
        Severity::Warning
    );
}

#[test]
fn every_selfcheck_check_is_registered() {
    for c in ssocheck::selfcheck::checks::CHECKS {
        assert_eq!(ssocheck::registry::get(c.id).map(|r| r.id), Some(c.id));
    }
}
