//! A generated trail at the 64 MB cap (about 40,000 events) and just above it. The time is printed
//! (run with `--release -- --nocapture` for the figure in docs/notes/cloudtrail.md); the only bound
//! asserted is a generous one against hostile slowness.

mod cloudtrail_common;
use cloudtrail_common::*;

use ssocheck::cloudtrail::input::MAX_BYTES;
use ssocheck::cloudtrail::{analyze_files, Options};

/// `{"Records":[...]}` of realistic records, padded with trailing whitespace to exactly `size` bytes.
fn trail(size: usize) -> (Vec<u8>, usize) {
    let mut out = String::with_capacity(size);
    out.push_str("{\"Records\":[");
    let mut n = 0usize;
    loop {
        let rec = record(n);
        // 2 for "]}", 1 for the comma.
        if out.len() + rec.len() + 3 > size {
            break;
        }
        if n > 0 {
            out.push(',');
        }
        out.push_str(&rec);
        n += 1;
    }
    out.push_str("]}");
    while out.len() < size {
        out.push(' ');
    }
    (out.into_bytes(), n)
}

fn record(n: usize) -> String {
    let t = format!(
        "2025-03-{:02}T{:02}:{:02}:{:02}Z",
        1 + (n / 86_400) % 28,
        (n / 3600) % 24,
        (n / 60) % 60,
        n % 60
    );
    let common = format!(
        r#""eventVersion":"1.08","eventTime":"{t}","awsRegion":"us-east-1","sourceIPAddress":"198.51.{}.{}","userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36","eventID":"{:08x}-0000-4000-8000-{:012x}","readOnly":false,"managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management","tlsDetails":{{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"us-east-1.signin.aws"}}"#,
        (n / 256) % 256,
        n % 256,
        n,
        n
    );
    let user = format!("user{:04}@example.com", n % 5000);
    match n % 10 {
        // A sign-in attempt every ten events: challenge, verification (1 in 20 fails).
        0..=2 => {
            let wf = n / 10;
            let (name, cred, result) = match n % 10 {
                0 => ("CredentialChallenge", "PASSWORD", "Success"),
                1 => (
                    "CredentialVerification",
                    "PASSWORD",
                    if wf % 20 == 0 { "Failure" } else { "Success" },
                ),
                _ => ("UserAuthentication", "PASSWORD", "Success"),
            };
            format!(
                r#"{{{common},"eventSource":"signin.amazonaws.com","eventName":"{name}","eventType":"AwsServiceEvent","userIdentity":{{"type":"Unknown","principalId":"111122223333","accountId":"111122223333","accessKeyId":"","userName":"{user}"}},"requestParameters":null,"responseElements":null,"additionalEventData":{{"AuthWorkflowID":"{wf:08x}-aaaa-4bbb-8ccc-{wf:012x}","CredentialType":"{cred}","UserName":"{user}"}},"serviceEventDetails":{{"{name}":"{result}"}}}}"#
            )
        }
        // The rest: management calls from other services, with the request bodies such calls have.
        _ => format!(
            r#"{{{common},"eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances","eventType":"AwsApiCall","userIdentity":{{"type":"AssumedRole","principalId":"AROAEXAMPLE:{user}","arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/{user}","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE{n:08}","sessionContext":{{"sessionIssuer":{{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_ReadOnly_0123456789abcdef","accountId":"111122223333","userName":"AWSReservedSSO_ReadOnly_0123456789abcdef"}},"attributes":{{"creationDate":"{t}","mfaAuthenticated":"false"}}}}}},"requestParameters":{{"instancesSet":{{"items":[{{"instanceId":"i-0{n:016x}"}},{{"instanceId":"i-1{n:016x}"}}]}},"filterSet":{{"items":[{{"name":"tag:Environment","valueSet":{{"items":[{{"value":"production"}},{{"value":"staging"}}]}}}}]}},"maxResults":1000}},"responseElements":null,"requestID":"{n:08x}-1111-4222-8333-{n:012x}","apiVersion":"2016-11-15","resources":[{{"accountId":"111122223333","type":"AWS::EC2::Instance","ARN":"arn:aws:ec2:us-east-1:111122223333:instance/i-0{n:016x}"}}],"sharedEventID":"{n:08x}-2222-4333-8444-{n:012x}","vpcEndpointId":"vpce-0{n:016x}"}}"#
        ),
    }
}

#[test]
fn trail_at_the_cap_and_just_above() {
    let (bytes, n) = trail(MAX_BYTES);
    assert_eq!(bytes.len(), MAX_BYTES);
    assert!((35_000..=45_000).contains(&n), "{n} events in 64 MB");
    // The floor: serde_json reading the same bytes and keeping nothing.
    let t = std::time::Instant::now();
    let _: serde::de::IgnoredAny = serde_json::from_slice(&bytes).expect("valid JSON");
    let floor = t.elapsed();
    let t = std::time::Instant::now();
    let parsed = ssocheck::cloudtrail::input::parse_files([("big.json", bytes.as_slice())]);
    let parse = t.elapsed();
    assert_eq!(parsed.events.len(), n, "{:?}", parsed.files);
    let a = ssocheck::cloudtrail::analyze_parsed(parsed, &Options::default(), None);
    let analyze = t.elapsed();
    let d = ssocheck::cloudtrail::document::build(&a, &Options::default(), None, None);
    let total = t.elapsed();
    println!(
        "64 MB trail ({n} events, {} attempts, {} findings): serde_json skipping it all {:.0} ms; parse {:.0} ms, parse+analyze {:.0} ms, with the document {:.0} ms ({})",
        a.attempts.len(),
        a.detections.len(),
        floor.as_secs_f64() * 1000.0,
        parse.as_secs_f64() * 1000.0,
        analyze.as_secs_f64() * 1000.0,
        total.as_secs_f64() * 1000.0,
        if cfg!(debug_assertions) { "debug build" } else { "release build" }
    );
    assert!(total.as_secs() < 120, "hostile slowness: {total:?}");
    assert!(d.accepted, "{}", d.detected);
    assert_eq!(d.exit_code(), 1);
    assert!(a.attempts.len() > 3_500);
    // 1 failure in 20 attempts, summed up beyond the first 25 findings.
    let failures = ids(&d, "cloudtrail.signin.failure");
    assert_eq!(failures, 26, "25 shown and one summary");
    drop(d);
    drop(a);

    // One byte more: refused with the cap named.
    let mut over = bytes;
    over.push(b' ');
    let a = analyze_files([("big.json", over.as_slice())], &Options::default(), None);
    assert!(a.parsed.events.is_empty());
    let d = ssocheck::cloudtrail::document::build(&a, &Options::default(), None, None);
    assert!(!d.accepted);
    assert_eq!(d.exit_code(), 2);
    assert!(
        d.findings[0].message.contains("64 MB cap"),
        "{}",
        d.findings[0].message
    );

    // Two files that fit alone but not together: the second is refused, and so is the whole.
    let half = vec![b' '; MAX_BYTES / 2 + 1];
    let mut small = br#"{"Records":[]}"#.to_vec();
    small.extend(&half);
    let a = analyze_files(
        [("a.json", small.as_slice()), ("b.json", small.as_slice())],
        &Options::default(),
        None,
    );
    assert!(a.parsed.files[0].problem.is_none());
    assert!(a.parsed.files[1].problem.as_ref().is_some_and(|p| p.cap));
}

#[test]
fn many_principals_stay_linear() {
    // 50,000 assignments against 50,000 users: lookups are indexed, not searched.
    let n = 50_000;
    let mut asg = String::from("{\"AccountAssignments\":[");
    let mut users = String::from("{\"Users\":[");
    for i in 0..n {
        if i > 0 {
            asg.push(',');
            users.push(',');
        }
        asg.push_str(&format!(r#"{{"AccountId":"111122223333","PermissionSetArn":"arn:aws:sso:::permissionSet/ssoins-1/ps-1","PrincipalType":"USER","PrincipalId":"u-{i}"}}"#));
        // Every tenth user is gone.
        let id = if i % 10 == 0 {
            format!("x-{i}")
        } else {
            format!("u-{i}")
        };
        users.push_str(&format!(r#"{{"UserId":"{id}","UserName":"user{i}","Emails":[{{"Value":"user{i}@example.com"}}]}}"#));
    }
    asg.push_str("]}");
    users.push_str("]}");
    let t = std::time::Instant::now();
    let req = ssocheck::tools::ToolRequest {
        tool: "assignments".into(),
        files: vec![
            ssocheck::tools::InputFile {
                name: "assignments".into(),
                bytes: asg.into_bytes(),
            },
            ssocheck::tools::InputFile {
                name: "users".into(),
                bytes: users.into_bytes(),
            },
        ],
        fields: vec![],
        now_ms: NOW_MS,
    };
    let d = ssocheck::tools::run(&req);
    println!(
        "assignments: {n} against {n} users in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    assert!(t.elapsed().as_secs() < 60);
    assert!(d.title.contains("5000 of 50000 stale"), "{}", d.title);

    // 20,000 failed sign-ins of distinct users against a list-users of 20,000 others.
    let m = 20_000;
    let mut lines = String::new();
    let mut listing = String::from("{\"Users\":[");
    for i in 0..m {
        lines.push_str(&format!(
            r#"{{"eventTime":"2025-03-01T00:00:00Z","eventSource":"signin.amazonaws.com","eventName":"CredentialVerification","eventID":"e{i}","userIdentity":{{"type":"Unknown","userName":"gone{i}"}},"additionalEventData":{{"AuthWorkflowID":"w{i}","CredentialType":"TOTP"}},"serviceEventDetails":{{"CredentialVerification":"Failure"}}}}"#
        ));
        lines.push('\n');
        if i > 0 {
            listing.push(',');
        }
        listing.push_str(&format!(r#"{{"UserId":"id{i}","UserName":"here{i}"}}"#));
    }
    listing.push_str("]}");
    let t = std::time::Instant::now();
    let d = cloudtrail_bytes(
        vec![
            ("many.jsonl", lines.into_bytes()),
            ("users", listing.into_bytes()),
        ],
        &[],
    );
    println!(
        "cloudtrail: {m} failed attempts against {m} listed users in {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    assert!(t.elapsed().as_secs() < 60);
    assert_eq!(ids(&d, "cloudtrail.not-provisioned"), 26);
}
