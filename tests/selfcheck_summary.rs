//! Self-check, pure parts: per-area status, headline and next steps; the report (case id, time source,
//! every area, no HTML from link notes); the fallback clock and webauthn areas.

use ssocheck::finding::{Finding, Severity};
use ssocheck::report::Section;
use ssocheck::selfcheck::checks;
use ssocheck::selfcheck::fallback::*;
use ssocheck::selfcheck::summary::*;

fn sections() -> Vec<Section> {
    vec![
        Section::new("environment", "Browser and system").findings(vec![Finding::pass(
            &checks::BROWSER,
            "Firefox 133 on Linux",
        )]),
        Section::new("storage", "Cookies and storage").findings(vec![
            Finding::new(&checks::COOKIES, "Cookies are disabled."),
            Finding::pass(&checks::STORAGE, "fine"),
        ]),
        Section::new("clock", "Clock").findings(vec![Finding::new(
            &checks::FALLBACK_CLOCK,
            "This device's clock is 95.0 s ahead.",
        )]),
        Section::new("locale", "Time zone and language")
            .findings(vec![Finding::new(&checks::LANGUAGE, "no language")]),
    ]
}

#[test]
fn statuses_headlines_and_next_steps() {
    let s = summarize(&sections());
    let st: Vec<Status> = s.areas.iter().map(|a| a.status).collect();
    assert_eq!(
        st,
        vec![Status::Pass, Status::Warning, Status::Fail, Status::Pass]
    );
    assert_eq!(s.overall, Status::Fail);
    assert_eq!(s.areas[0].headline, "No problem found.");
    assert!(s.areas[0].next_steps.is_empty());
    assert_eq!(s.areas[1].headline, "Cookies are disabled.");
    assert_eq!(s.areas[1].next_steps, vec![checks::COOKIES.fix.to_string()]);
    assert!(s.areas[2].headline.contains("95.0 s ahead"));
    assert_eq!(
        s.areas[3].headline, "no language",
        "an info-only area says what it found"
    );
    assert!(
        s.headline.contains("1 area shows") && s.headline.contains("1 more deserves"),
        "{}",
        s.headline
    );

    let all_good = summarize(&sections()[..1]);
    assert_eq!(all_good.overall, Status::Pass);
    assert!(all_good
        .headline
        .starts_with("Everything checked looks fine"));
    assert_eq!(summarize(&[]).headline, "No area was checked.");
}

#[test]
fn next_steps_are_not_repeated() {
    let s = Section::new("storage", "x").findings(vec![
        Finding::new(&checks::COOKIES, "a"),
        Finding::new(&checks::COOKIES, "b"),
    ]);
    assert_eq!(summarize_area(&s).next_steps.len(), 1);
}

#[test]
fn report_has_case_time_source_every_area_and_escapes_notes() {
    let device = 1_700_000_000_000;
    let notes =
        vec!["Ignored unknown link parameter \"<img src=x onerror=alert(1)>\".".to_string()];
    let r = build_report(
        Some("ABC-123"),
        &sections(),
        device,
        TimeSource::Reference { offset_ms: 95_000 },
        &notes,
    );
    assert_eq!(r.case_id.as_deref(), Some("ABC-123"));
    assert_eq!(
        r.generated_at.as_deref(),
        Some("2023-11-14T22:11:45Z"),
        "device time minus the offset"
    );
    let text = r.to_text();
    for needle in [
        "Case: ABC-123",
        "Browser and system",
        "Cookies and storage",
        "Clock",
        "Time zone and language",
        "corrected by this site's clock reference",
        "ahead by 95.0 s",
        "build ",
    ] {
        assert!(text.contains(needle), "text report lacks {needle}:\n{text}");
    }
    let md = r.to_markdown();
    assert!(md.contains("ABC-123"));
    assert!(
        !md.replace("\\<", "").contains('<'),
        "notes must not become HTML: {md}"
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
    assert_eq!(json["case_id"], "ABC-123");
    assert_eq!(json["sections"].as_array().map(Vec::len), Some(5));

    let d = build_report(None, &sections(), device, TimeSource::Device, &[]);
    assert_eq!(d.generated_at.as_deref(), Some("2023-11-14T22:13:20Z"));
    assert!(d.to_text().contains("device clock, not verified"));
    assert!(!d.to_text().contains("Case:"));
}

#[test]
fn http_dates_parse() {
    assert_eq!(
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777_000)
    );
    assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"), None);
    assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
    assert_eq!(parse_http_date(""), None);
    assert_eq!(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"), None);
}

#[test]
fn one_sample_offset_interval_contains_the_truth() {
    // True offset +95.3 s; server time at mid-request, Date truncated to the second, 80 ms round trip.
    let truth = 95_300.0;
    let server_mid: f64 = 1_700_000_000_456.0;
    let t0 = server_mid + truth - 40.0;
    let t1 = server_mid + truth + 40.0;
    let date = (server_mid / 1000.0).floor() as i64 * 1000;
    let (off, unc) = offset_from_sample(t0, t1, date);
    assert!((off as f64 - truth).abs() <= unc as f64, "{off} ± {unc}");
    assert!(unc <= 541);
}

#[test]
fn fallback_clock_section() {
    let date = "Tue, 14 Nov 2023 22:13:20 GMT".to_string();
    let at = 1_700_000_000_000.0;
    let (s, off) = clock_section(&ClockSample::Measured {
        t0_ms: at + 95_000.0,
        t1_ms: at + 95_100.0,
        date: Some(date.clone()),
    });
    assert_eq!(s.verdict(), Severity::Error);
    assert!(off.unwrap() > 94_000);
    let (s, off) = clock_section(&ClockSample::Measured {
        t0_ms: at + 200.0,
        t1_ms: at + 300.0,
        date: Some(date),
    });
    assert_eq!(s.verdict(), Severity::Pass);
    assert!(off.unwrap().abs() < 1000);
    for sample in [
        ClockSample::Failed("TypeError: Failed to fetch".into()),
        ClockSample::Measured {
            t0_ms: at,
            t1_ms: at,
            date: None,
        },
        ClockSample::Measured {
            t0_ms: at,
            t1_ms: at,
            date: Some("yesterday".into()),
        },
    ] {
        let (s, off) = clock_section(&sample);
        assert_eq!(off, None);
        assert_eq!(s.verdict(), Severity::Warning);
        assert!(
            s.findings[0].message.starts_with("No reference time"),
            "{}",
            s.findings[0].message
        );
    }
}

#[test]
fn fallback_webauthn_section() {
    let s = |pkc, platform, secure| {
        webauthn_section(&WebauthnBasic {
            public_key_credential: pkc,
            platform,
            secure_context: secure,
        })
    };
    assert_eq!(s(true, Ok(true), true).verdict(), Severity::Pass);
    let none = s(true, Ok(false), true);
    assert_eq!(
        none.verdict(),
        Severity::Info,
        "no platform authenticator still allows security keys"
    );
    assert!(none.findings[0].message.contains("security keys"));
    assert_eq!(
        s(true, Err("no answer within 3 s".into()), true).verdict(),
        Severity::Warning
    );
    let insecure = s(false, Err("the method is missing".into()), false);
    assert_eq!(insecure.verdict(), Severity::Error);
    assert!(insecure.findings[0]
        .message
        .contains("not a secure context"));
}
