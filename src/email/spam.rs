//! Spam verdicts written into the headers by Microsoft 365, Google Workspace, Proofpoint, Mimecast
//! and SpamAssassin, each value explained. Microsoft's values follow its "Anti-spam message headers"
//! and "Spam confidence level" pages; the other vendors publish less, and their entries say so.

use super::checks::SPAM_VERDICT;
use super::headers::{Hdr, Headers};
use crate::finding::{Evidence, Finding, Severity};

/// One explained value: (system, header, value, meaning, severity).
pub struct Verdict {
    pub system: &'static str,
    pub header: String,
    pub value: String,
    pub meaning: String,
    pub severity: Severity,
    pub line: u32,
}

fn scl(n: i32) -> (String, Severity) {
    match n {
        -1 => ("-1: spam filtering was skipped (safe sender, mail flow rule or allow list); delivered to the Inbox".into(), Severity::Pass),
        0 | 1 => (format!("{n}: not spam; delivered to the Inbox"), Severity::Pass),
        5 | 6 => (format!("{n}: spam; moved to Junk Email or quarantined, per the anti-spam policy"), Severity::Error),
        7..=9 => (format!("{n}: high confidence spam; moved to Junk Email or quarantined, per the anti-spam policy"), Severity::Error),
        _ => (format!("{n}: a value Microsoft does not document for SCL"), Severity::Warning),
    }
}

fn sfv(v: &str) -> (&'static str, Severity) {
    match v {
        "BLK" => ("filtering skipped and the message blocked: the sender is on the user's Blocked Senders list", Severity::Error),
        "NSPM" => ("spam filtering marked the message as not spam", Severity::Pass),
        "SFE" => ("filtering skipped and the message allowed: the sender is on the user's Safe Senders list", Severity::Pass),
        "SKA" => ("spam filtering skipped: the sender is on an anti-spam policy's allowed senders or domains list", Severity::Pass),
        "SKB" => ("marked as spam: the sender is on an anti-spam policy's blocked senders or domains list", Severity::Error),
        "SKI" => ("spam filtering skipped for another reason (for example, mail within the organization)", Severity::Pass),
        "SKN" => ("marked as not spam before spam filtering (for example, by a mail flow rule)", Severity::Pass),
        "SKQ" => ("released from quarantine and sent to the recipients", Severity::Warning),
        "SKS" => ("marked as spam before spam filtering (for example, by a mail flow rule)", Severity::Error),
        "SPM" => ("marked as spam by spam filtering", Severity::Error),
        _ => ("a value Microsoft does not document for SFV", Severity::Warning),
    }
}

fn cat(v: &str) -> (&'static str, Severity) {
    match v {
        "NONE" => ("no protection policy matched", Severity::Pass),
        "BULK" => ("bulk mail", Severity::Warning),
        "SPM" => ("spam", Severity::Error),
        "HSPM" => ("high confidence spam", Severity::Error),
        "PHSH" => ("phishing (quarantined by default)", Severity::Error),
        "HPHSH" | "HPHISH" => (
            "high confidence phishing (quarantined by default)",
            Severity::Error,
        ),
        "MALW" => ("malware (quarantined)", Severity::Error),
        "SPOOF" => (
            "spoofing: the sender failed authentication for its domain",
            Severity::Error,
        ),
        "DIMP" => ("domain impersonation", Severity::Error),
        "UIMP" => ("user impersonation", Severity::Error),
        "GIMP" => ("mailbox intelligence based impersonation", Severity::Error),
        "AMP" => ("anti-malware", Severity::Error),
        "SAP" => ("Safe Attachments", Severity::Error),
        "FTBP" => ("anti-malware file type policy", Severity::Error),
        "INTOS" => ("intra-organization phishing", Severity::Error),
        "OSPM" => ("outbound spam", Severity::Error),
        _ => (
            "a value Microsoft does not document for CAT",
            Severity::Warning,
        ),
    }
}

/// `KEY:VALUE;KEY:VALUE` (X-Forefront-Antispam-Report, X-Microsoft-Antispam).
fn pairs(v: &str) -> impl Iterator<Item = (&str, &str)> {
    v.split(';')
        .filter_map(|p| p.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
}

/// `key=value key=value` (Proofpoint).
fn words(v: &str) -> impl Iterator<Item = (&str, &str)> {
    v.split_whitespace().filter_map(|w| w.split_once('='))
}

fn verdict(
    system: &'static str,
    h: &Hdr,
    value: impl Into<String>,
    meaning: impl Into<String>,
    severity: Severity,
) -> Verdict {
    Verdict {
        system,
        header: h.name.clone(),
        value: value.into(),
        meaning: meaning.into(),
        severity,
        line: h.line,
    }
}

/// Every verdict found, topmost first.
pub fn verdicts(h: &Headers) -> Vec<Verdict> {
    let mut out = Vec::new();
    const M365: &str = "Microsoft 365";
    for f in h.all("X-MS-Exchange-Organization-SCL") {
        if let Ok(n) = f.value.trim().parse::<i32>() {
            let (m, s) = scl(n);
            out.push(verdict(M365, f, f.value.trim(), m, s));
        }
    }
    for f in h.all("X-Forefront-Antispam-Report") {
        for (k, v) in pairs(&f.value) {
            match k {
                "SFV" => {
                    let (m, s) = sfv(v);
                    out.push(verdict(M365, f, format!("SFV:{v}"), m, s));
                }
                "SCL" => {
                    if let Ok(n) = v.parse::<i32>() {
                        let (m, s) = scl(n);
                        out.push(verdict(M365, f, format!("SCL:{v}"), m, s));
                    }
                }
                "CAT" => {
                    let (m, s) = cat(v);
                    out.push(verdict(M365, f, format!("CAT:{v}"), m, s));
                }
                "IPV" if v == "CAL" => out.push(verdict(M365, f, "IPV:CAL", "spam filtering skipped: the source IP is on the connection filter's IP Allow List", Severity::Pass)),
                "SRV" if v == "BULK" => out.push(verdict(M365, f, "SRV:BULK", "identified as bulk mail", Severity::Warning)),
                _ => {}
            }
        }
    }
    for f in h.all("X-Microsoft-Antispam") {
        for (k, v) in pairs(&f.value) {
            if k == "BCL" {
                if let Ok(n) = v.parse::<u8>() {
                    let (m, s) = match n {
                        0 => ("0: not from a bulk sender", Severity::Pass),
                        1..=3 => ("bulk sender with few complaints", Severity::Pass),
                        4..=7 => ("bulk sender with a mixed number of complaints (the default bulk threshold is 7)", Severity::Warning),
                        _ => ("bulk sender with many complaints", Severity::Error),
                    };
                    out.push(verdict(M365, f, format!("BCL:{n}"), m, s));
                }
            }
        }
    }
    const GOOGLE: &str = "Google Workspace";
    for (name, what) in [("X-Gm-Spam", "spam"), ("X-Gm-Phy", "phishing")] {
        for f in h.all(name) {
            let flagged = f.value.trim() == "1";
            out.push(verdict(
                GOOGLE,
                f,
                f.value.trim(),
                format!("{}: Gmail {} the message as {what} (Google does not document this header: best knowledge)", f.value.trim(), if flagged { "classified" } else { "did not classify" }),
                if flagged { Severity::Error } else { Severity::Pass },
            ));
        }
    }
    const PROOFPOINT: &str = "Proofpoint";
    for f in h.all("X-Proofpoint-Spam-Details") {
        for (k, v) in words(&f.value) {
            match k {
                "rule" => {
                    let l = v.to_ascii_lowercase();
                    let flagged = l.contains("spam") && !l.contains("notspam");
                    out.push(verdict(
                        PROOFPOINT,
                        f,
                        format!("rule={v}"),
                        if flagged {
                            "the rule that matched classifies the message as spam"
                        } else {
                            "the rule that matched does not classify the message as spam"
                        },
                        if flagged {
                            Severity::Error
                        } else {
                            Severity::Pass
                        },
                    ));
                }
                "spamscore" | "phishscore" | "bulkscore" | "malwarescore" | "suspectscore" => {
                    if let Ok(n) = v.parse::<u32>() {
                        out.push(verdict(PROOFPOINT, f, format!("{k}={n}"), format!("{} score 0–100 (higher is worse; the thresholds are set per organization, best knowledge)", k.trim_end_matches("score")), if n >= 50 { Severity::Warning } else { Severity::Info }));
                    }
                }
                _ => {}
            }
        }
    }
    const MIMECAST: &str = "Mimecast";
    for f in h.all("X-Mimecast-Spam-Score") {
        out.push(verdict(MIMECAST, f, f.value.trim(), "Mimecast spam score: higher means more likely spam; the cut-off is set per policy (best knowledge)", Severity::Info));
    }
    for f in h.all("X-Mimecast-Impersonation-Protect") {
        let hits: Vec<&str> = f
            .value
            .split(';')
            .map(str::trim)
            .filter(|p| p.to_ascii_lowercase().ends_with("=true"))
            .collect();
        if hits.is_empty() {
            out.push(verdict(
                MIMECAST,
                f,
                "no indicator true",
                "Impersonation Protect found no indicator",
                Severity::Pass,
            ));
        } else {
            out.push(verdict(MIMECAST, f, hits.join("; "), "Impersonation Protect indicators that matched; the policy may hold or tag the message", Severity::Warning));
        }
    }
    const SA: &str = "SpamAssassin";
    for f in h.all("X-Spam-Flag") {
        let yes = f.value.trim().eq_ignore_ascii_case("yes");
        out.push(verdict(
            SA,
            f,
            f.value.trim(),
            if yes {
                "flagged as spam"
            } else {
                "not flagged as spam"
            },
            if yes { Severity::Error } else { Severity::Pass },
        ));
    }
    for f in h.all("X-Spam-Status") {
        let yes = f.value.trim_start().to_ascii_lowercase().starts_with("yes");
        out.push(verdict(
            SA,
            f,
            crate::report::one_line(&f.value, 80),
            if yes {
                "spam: the score reached the required score"
            } else {
                "not spam: the score stayed below the required score"
            },
            if yes { Severity::Error } else { Severity::Pass },
        ));
    }
    out
}

/// One finding per system: the worst verdict, with every flagged value named.
pub fn findings(v: &[Verdict]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut systems: Vec<&str> = Vec::new();
    for x in v {
        if !systems.contains(&x.system) {
            systems.push(x.system);
        }
    }
    for sys in systems {
        let of: Vec<&Verdict> = v.iter().filter(|x| x.system == sys).collect();
        let worst = of
            .iter()
            .map(|x| x.severity)
            .min()
            .unwrap_or(Severity::Info);
        let bad: Vec<&&Verdict> = of
            .iter()
            .filter(|x| x.severity <= Severity::Warning)
            .collect();
        let first: Option<&Verdict> = bad.first().map(|x| **x).or(of.first().copied());
        let summary = |list: &[&&Verdict]| {
            list.iter()
                .map(|x| format!("{} ({})", x.value, x.meaning))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut f = if worst == Severity::Error {
            let quarantine = of.iter().any(|x| {
                [
                    "CAT:PHSH",
                    "CAT:HPHSH",
                    "CAT:HPHISH",
                    "CAT:MALW",
                    "CAT:HSPM",
                ]
                .contains(&x.value.as_str())
            });
            let extra = if sys == "Microsoft 365" && quarantine {
                " This classification is quarantined by Microsoft's default or preset policies: an administrator can find and release it in the Microsoft Defender portal (https://security.microsoft.com/quarantine)."
            } else {
                ""
            };
            Finding::new(
                &SPAM_VERDICT,
                format!("{sys} flagged the message: {}.{extra}", summary(&bad)),
            )
        } else if worst == Severity::Warning {
            Finding::new(
                &SPAM_VERDICT,
                format!("{sys} marked the message: {}.", summary(&bad)),
            )
            .severity(Severity::Warning)
        } else {
            let all: Vec<&&Verdict> = of.iter().collect();
            Finding::pass(
                &SPAM_VERDICT,
                format!("{sys} did not flag the message: {}.", summary(&all)),
            )
        };
        if let Some(x) = first {
            let ev = Evidence::new(x.value.clone(), x.header.clone());
            f = f.evidence(if x.line > 0 { ev.at(x.line, 1) } else { ev });
        }
        if worst <= Severity::Warning {
            f = f.fix(format!("Release or move the message, then add the allow-list rules for {} below for the two Identity Center senders.", sys));
        }
        out.push(f);
    }
    out
}
