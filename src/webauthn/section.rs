//! The WebAuthn part of the exportable report: probe facts, verdict, ceremony outcome. No personal
//! data: no credential id, user id, public key or user name; only the page's own host kind.

use super::aaguid;
use super::authdata::Flags;
use super::results::{CeremonyOutcome, ProbeResults};
use super::verdict::{ceremony_findings, evaluate, is_ip_literal};
use crate::report::Section;

pub fn report_section(p: &ProbeResults, c: Option<&CeremonyOutcome>) -> Section {
    let v = evaluate(p);
    let b = |x: bool| if x { "yes" } else { "no" }.to_string();
    let caps = p.client_capabilities.describe(|m| {
        if m.is_empty() {
            "(empty)".into()
        } else {
            m.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    });
    let mut s = Section::new("webauthn", "Security keys and passkeys (WebAuthn)")
        .fact("Verdict", v.headline.clone())
        .fact("MFA options Identity Center can offer here", v.offered())
        .fact(
            "Built-in authenticator",
            format!("{}: {}", v.built_in.available.label(), v.built_in.reason),
        )
        .fact(
            "Security key",
            format!(
                "{}: {}",
                v.security_key.available.label(),
                v.security_key.reason
            ),
        )
        .fact("Browser", v.browser.summary())
        .fact(
            "Secure context",
            p.secure_context.describe(|x| x.to_string()),
        )
        .fact(
            "Page host",
            if is_ip_literal(&p.hostname) {
                "IP address"
            } else {
                "domain name"
            },
        )
        .fact("PublicKeyCredential", b(p.public_key_credential))
        .fact(
            "navigator.credentials.create/get",
            b(p.credentials_create && p.credentials_get),
        )
        .fact(
            "isUserVerifyingPlatformAuthenticatorAvailable",
            p.uvpaa.describe(|x| x.to_string()),
        )
        .fact(
            "isConditionalMediationAvailable",
            p.conditional_mediation.describe(|x| x.to_string()),
        )
        .fact("getClientCapabilities", caps)
        .fact(
            "JSON helpers (parseCreationOptionsFromJSON, toJSON)",
            format!(
                "{}, {}",
                b(p.parse_creation_options_from_json),
                b(p.to_json)
            ),
        )
        .fact(
            "Frame",
            if !p.in_frame {
                "top-level".to_string()
            } else if p.cross_origin_frame {
                "cross-origin frame".to_string()
            } else {
                "same-origin frame".to_string()
            },
        )
        .fact(
            "Permissions Policy create/get",
            format!(
                "{} / {}",
                p.policy_create.describe(|x| x.to_string()),
                p.policy_get.describe(|x| x.to_string())
            ),
        );
    let mut findings = v.findings;
    if let Some(c) = c {
        s = s
            .fact("Test: authenticator", c.attachment.label())
            .fact("Test: attestation requested", c.attestation.clone());
        match &c.registration {
            Err(e) => s = s.fact("Test: registration", format!("failed: {}", e.name)),
            Ok(r) => {
                s = s
                    .fact("Test: registration", "succeeded")
                    .fact(
                        "Test: attachment reported",
                        r.attachment
                            .clone()
                            .unwrap_or_else(|| "not reported".into()),
                    )
                    .fact("Test: transports", r.transports.join(", "))
                    .fact(
                        "Test: discoverable credential stored",
                        r.discoverable
                            .map(|x| x.to_string())
                            .unwrap_or_else(|| "not reported".into()),
                    );
                match &r.attestation {
                    Ok(a) => {
                        s = s
                            .fact("Test: attestation format", a.fmt.clone())
                            .fact("Test: flags", Flags(a.flags).names())
                            .fact("Test: signature counter", a.sign_count.to_string())
                            .fact("Test: AAGUID", a.aaguid.clone())
                            .fact(
                                "Test: authenticator",
                                aaguid::describe(&parse_aaguid(&a.aaguid)),
                            )
                            .fact("Test: algorithm", a.alg_label.clone())
                            .fact("Test: key type", a.key_type.clone());
                    }
                    Err(e) => s = s.fact("Test: response", format!("unreadable: {e}")),
                }
            }
        }
        if let Some(auth) = &c.authentication {
            s = s.fact(
                "Test: sign-in",
                match auth {
                    Ok(_) => "succeeded".to_string(),
                    Err(e) => format!("failed: {}", e.name),
                },
            );
        }
        findings.extend(ceremony_findings(c));
    }
    s.findings(findings)
}

fn parse_aaguid(s: &str) -> aaguid::Aaguid {
    let hex: Vec<u8> = s
        .chars()
        .filter(|c| c.is_ascii_hexdigit())
        .filter_map(|c| c.to_digit(16).map(|d| d as u8))
        .collect();
    let mut out = [0u8; 16];
    if hex.len() == 32 {
        for (i, o) in out.iter_mut().enumerate() {
            *o = (hex[2 * i] << 4) | hex[2 * i + 1];
        }
    }
    aaguid::Aaguid(out)
}
