//! Mapping advice per identity provider: which mapping sends a second value, how to send one value,
//! how to match on `userName` only. Facts from the spec are marked with their source; the console
//! paths are best knowledge and say so.

use serde_json::Value;

use crate::scim::input::{Idp, Input};

/// The identity providers the `--idp` option names (first: detect from the input).
pub const IDPS: &[(&str, &str)] = &[
    ("auto", "Detect from the input"),
    ("okta", "Okta"),
    ("entra", "Microsoft Entra ID"),
    (
        "google",
        "Google Workspace (or a sync tool such as ssosync, idp-scim-sync)",
    ),
    ("jumpcloud", "JumpCloud"),
    ("onelogin", "OneLogin"),
    ("ping", "Ping Identity"),
    ("authentik", "authentik"),
    ("keycloak", "Keycloak (SCIM plug-in)"),
    ("other", "Other"),
];

/// Which IdP the advice is for: the option, else what the input shows.
pub fn resolve(option: Option<&str>, input: &Input) -> &'static str {
    match option {
        Some(o) if o != "auto" => IDPS
            .iter()
            .find(|(k, _)| *k == o)
            .map(|(k, _)| *k)
            .unwrap_or("other"),
        _ => match input.idp {
            Some(Idp::Okta) => "okta",
            Some(Idp::Entra) => "entra",
            None => detect_from_bodies(input),
        },
    }
}

/// Looks at the first bodies only: schema URNs and top-level keys (Okta's custom `urn:okta:`
/// extensions) and PATCH verbs (Entra ID writes them capitalised: "Replace", "Add").
fn detect_from_bodies(input: &Input) -> &'static str {
    for b in input.bodies.iter().take(100) {
        let Some(o) = b.value.as_object() else {
            continue;
        };
        let okta = crate::scim::input::schemas(o)
            .iter()
            .any(|s| s.starts_with("urn:okta:"))
            || o.keys().any(|k| k.starts_with("urn:okta:"));
        if okta {
            return "okta";
        }
        let ops = o.get("Operations").and_then(Value::as_array);
        let capitalised = ops.into_iter().flatten().take(100).any(|op| {
            matches!(
                op.get("op").and_then(Value::as_str),
                Some("Replace" | "Add" | "Remove")
            )
        });
        if capitalised {
            return "entra";
        }
    }
    "other"
}

/// Paragraphs for the IdP; `multi` / `required` / `members` say which problems were found.
pub fn paragraphs(idp: &str, multi: bool, required: bool, members: bool) -> Vec<String> {
    let mut p = Vec::new();
    let name = IDPS
        .iter()
        .find(|(k, _)| *k == idp)
        .map(|(_, v)| *v)
        .unwrap_or("Other");
    p.push(format!("Identity provider: {name}."));
    match idp {
        "entra" => {
            if multi {
                p.push("Second phone number or email (best knowledge of the Entra admin center): Enterprise applications → AWS IAM Identity Center → Provisioning → Mappings → Provision Microsoft Entra ID Users. The default mapping sends both `phoneNumbers[type eq \"work\"].value` and `phoneNumbers[type eq \"mobile\"].value` (and may send a second email); delete all but one phone mapping and keep only `emails[type eq \"work\"].value`.".into());
            }
            if required {
                p.push("Users without a surname, given name or display name fail (User Guide). Best knowledge: give the mapping a default, for example the expression `Coalesce([surname], \"-\")` for `name.familyName`, or fill the attribute in Entra ID.".into());
            }
            p.push("Matching on userName only (best knowledge): in the same mappings page keep one matching attribute, `userName` (matching precedence 1), and map it from the attribute your SAML NameID uses (usually userPrincipalName), so SCIM and SAML name the same user. The audit export's Status Reason carries AWS's error body.".into());
        }
        "okta" => {
            if multi {
                p.push("Second phone number (best knowledge of Okta's AWS IAM Identity Center app): Applications → AWS IAM Identity Center → Provisioning → To App → attribute mappings; map only one of primaryPhone and mobilePhone (and one email), then push the profile again.".into());
            }
            if required {
                p.push("A user without firstName, lastName or displayName fails with \"Automatic profile push of <user> to app IAM Identity Center failed: ... Request is unparsable, syntactically incorrect, or violates schema.\" (User Guide, okta-idp). Fill the attribute or map a default expression.".into());
            }
            p.push("Matching on userName only (best knowledge): keep the app's username format equal to what the SAML NameID sends (the Okta username or email), so both name the same Identity Center user.".into());
        }
        "google" => {
            p.push("Public issue trackers of Google Workspace sync tools: a second (work) email caused HTTP 400 (awslabs/ssosync #71), and more than 100 members in one PATCH failed (slashdevops/idp-scim-sync #62). Send one email, and update the tool to a version that batches members by 100.".into());
        }
        "authentik" => {
            p.push("authentik's AWS property mapping forced a non-empty familyName (goauthentik/authentik #4554): users without a last name need a default in the SCIM provider's property mapping.".into());
        }
        "jumpcloud" | "onelogin" | "ping" | "keycloak" => {
            p.push(format!("Our sources hold no {name}-specific mapping facts. In its attribute mapping for AWS IAM Identity Center: send one email (marked primary), one phone number and one address; give given name, family name and display name non-empty values; do not map groups, password or photos onto the user."));
        }
        _ => {
            p.push("In the identity provider's attribute mapping for AWS IAM Identity Center: send one email (marked primary), one phone number and one address; give given name, family name and display name non-empty values; do not map groups, password or photos onto the user.".into());
        }
    }
    if members && idp != "google" {
        p.push("More than 100 membership changes per request: Identity Center refuses them; let the connector send batches of at most 100.".into());
    }
    p.push("userName must equal what the SAML NameID sends (an observed cause: pocket-id #1353); the NameID is matched against the Identity Center user name. Check an assertion on the SAML page.".into());
    p
}
