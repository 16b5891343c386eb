//! Error codes and messages of the logs, explained: which documented rule each one breaks
//! (aws-rules.md 4 "Error codes and bodies", 5, 7; admin-tools.md 1.4, 3).

fn has(hay: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| hay.contains(n))
}

pub const PASSWORD_RULES: &str = "8-64 characters with at least one lowercase letter, one uppercase letter, one digit and one non-alphanumeric character, not one of the last 3 passwords, and not a publicly leaked password";

/// A failed UpdatePassword other than InternalFailure.
pub fn password(code: &str, message: &str) -> String {
    let all = format!("{code} {message}").to_lowercase();
    if has(
        &all,
        &[
            "policy",
            "invalidpassword",
            "complex",
            "length",
            "reuse",
            "history",
            "validation",
            "leak",
            "weak",
        ],
    ) {
        format!("The new password breaks the directory password rules: {PASSWORD_RULES}.")
    } else if has(&all, &["expired", "token", "otp", "link"]) {
        "The reset link or one-time code is no longer valid (best knowledge): send a new password reset and use the newest e-mail.".into()
    } else if has(
        &all,
        &[
            "accessdenied",
            "not authorized",
            "unauthorized",
            "forbidden",
        ],
    ) {
        "The request was refused: the user may not be an Identity Center directory user (Active Directory and external identity provider users reset passwords there, not in Identity Center), or the user is disabled.".into()
    } else if has(&all, &["throttl", "rate"]) {
        "Too many attempts: wait a few minutes and try once.".into()
    } else if has(&all, &["notfound", "not found", "does not exist"]) {
        "The user was not found: the user may have been deleted or re-created; send the reset from the current user.".into()
    } else {
        format!("Compare the new password with the directory rules ({PASSWORD_RULES}); if it complies, treat this as the InternalFailure case and contact AWS Support.")
    }
}

/// What to check for a failed credential of a sign-in attempt.
pub fn credential(kind: &str) -> (String, Option<(&'static str, &'static str)>) {
    match kind.to_ascii_uppercase().as_str() {
        "PASSWORD" => (
            "The password was refused for the user name as typed. Check the user name form (plain name, DOMAIN\\UserName or UPN; with a connected Active Directory and MFA set to context-aware or always-on, only DOMAIN\\UserName works), Caps Lock, and reset the password if needed.".into(),
            None,
        ),
        "TOTP" | "RESYNC_TOTP" => (
            "The authenticator app code was refused: most often the phone's clock is off (codes change every 30 seconds), or the app holds an old registration. Check the device clock at #/clock, then re-register the authenticator if the clock is right.".into(),
            Some(("Check the authenticator clock", "#/clock")),
        ),
        "WEBAUTHN" => (
            "The security key or built-in authenticator was refused: check the browser's WebAuthn support and the authenticator at #/webauthn, and that this authenticator is the one registered for the user.".into(),
            Some(("Check WebAuthn in this browser", "#/webauthn")),
        ),
        "EXTERNAL_IDP" => (
            "The identity provider's response was refused: check the SAML response at #/saml.".into(),
            Some(("Check the SAML response", "#/saml")),
        ),
        _ => (
            format!("The credential ({}) was refused.", if kind.is_empty() { "type not logged" } else { kind }),
            None,
        ),
    }
}

/// A failed ExternalIdPDirectoryLogin's message, explained.
pub fn external_idp(code: &str, message: &str) -> String {
    let all = format!("{code} {message}").to_lowercase();
    let rule = if has(&all, &["nameid", "name id", "name-id", "format"]) {
        "NameID format: Identity Center needs NameID format urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress with an address as its value."
    } else if has(
        &all,
        &[
            "not provisioned",
            "not found",
            "does not exist",
            "no user",
            "unknown user",
            "user not",
        ],
    ) {
        "User not provisioned: the NameID must equal the user name of a user that already exists in Identity Center (there is no just-in-time creation); provision the user first."
    } else if has(
        &all,
        &["mismatch", "username", "user name", "does not match"],
    ) {
        "User name mismatch: the NameID value must exactly match the Identity Center user name (compare the identity provider's attribute mapping with the user's name in Identity Center)."
    } else if has(
        &all,
        &[
            "acs",
            "destination",
            "recipient",
            "audience",
            "issuer",
            "entity",
        ],
    ) {
        "ACS URL or audience: the identity provider must post to the ACS URL and use the audience of Identity Center's current metadata; download it again and update the application in the identity provider."
    } else if has(
        &all,
        &[
            "attribute",
            "accesscontrol",
            "access control",
            "abac",
            "tag",
        ],
    ) {
        "Attributes for access control: at most 50 AccessControl attributes, single-valued, no duplicate names, keys of 1-128 characters and values of at most 256."
    } else if has(&all, &["signature", "certificate", "cert", "sign"]) {
        "Signature: the identity provider's signing certificate probably changed; upload the current certificate (or metadata) to Identity Center."
    } else if has(
        &all,
        &["expired", "notonorafter", "notbefore", "clock", "time"],
    ) {
        "Validity period: the assertion was outside its NotBefore/NotOnOrAfter window; check the identity provider's clock."
    } else if has(&all, &["encrypt"]) {
        "Encryption: Identity Center does not accept encrypted assertions; turn assertion encryption off for this application."
    } else {
        "The message does not name a rule ssocheck knows."
    };
    format!("{rule} Capture the SAML response of a failing sign-in and check it at #/saml. (The layout of this event is not documented by AWS: best knowledge.)")
}

/// A failed SCIM call's errorCode/errorMessage mapped to the rule it breaks.
pub fn scim(code: &str, message: &str) -> String {
    let m = message.to_lowercase();
    let c = code.to_lowercase();
    if m.contains("list attribute") || m.contains("allowed limit of 1") {
        let attr = ["emails", "email", "addresses", "phonenumbers", "phone"]
            .into_iter()
            .find(|a| m.contains(a))
            .unwrap_or("a multi-valued attribute");
        return format!("More than one value for {attr}: Identity Center accepts exactly one value for emails, addresses and phoneNumbers (and the e-mail must be primary). Map a single work e-mail, address and phone number in the identity provider.");
    }
    if m.contains("manager.value") {
        return "The enterprise manager value is empty or invalid: map a non-empty manager id, or do not send manager.".into();
    }
    for (field, label) in [
        ("familyname", "familyName"),
        ("givenname", "givenName"),
        ("displayname", "displayName"),
        ("username", "userName"),
    ] {
        if m.contains(field)
            && (m.contains("length")
                || m.contains("regular expression")
                || m.contains("constraint"))
        {
            return format!("{label} is empty or has characters outside the allowed pattern: givenName, familyName, userName and displayName are required and must not be empty (userName without spaces). Fill the attribute in the identity provider (some providers send an empty familyName by default).");
        }
    }
    if m.contains("duplicate groupdisplayname") {
        return "A group with this display name already exists: group displayName must be unique in Identity Center. Rename one group, or remove the old group before pushing it again.".into();
    }
    if m.contains("missing path") {
        return "A PATCH remove without a path: Identity Center requires path for remove operations (and does not support removing or replacing all members at once). Update the identity provider's connector, or remove members one by one.".into();
    }
    if m.contains("invalid filter") {
        return "Unsupported filter: only eq is supported (combinable with and), on userName, externalId, id/manager for users and displayName, externalId, id/member for groups.".into();
    }
    if m.contains("invalid json") {
        return "The request body was not valid JSON: the identity provider's connector sent a malformed request; check its logs and update it.".into();
    }
    if m.contains("member") && (m.contains("100") || m.contains("limit") || m.contains("exceed")) {
        return "Too many members in one request: CreateGroup and PatchGroup accept at most 100 members (membership changes) per request; configure the connector to send smaller batches.".into();
    }
    if c.contains("conflict") || m.contains("already exists") || m.contains("duplicate") {
        return "Duplicate resource: userName, e-mail and externalId must be unique for users, displayName and externalId for groups. Find the existing user or group with the same value (perhaps created by hand) and remove or rename it.".into();
    }
    if c.contains("unauthorized") {
        return "The SCIM access token is invalid or expired (tokens are valid for 1 year), or the tenant id in the endpoint is wrong: generate a new token in Identity Center and update the identity provider.".into();
    }
    if c.contains("accessdenied") {
        return "The operation is not permitted for the supplied token: check that automatic provisioning is enabled and the token belongs to this Identity Center instance.".into();
    }
    if c.contains("throttl") {
        return "Too many requests: the connector must retry with back-off; split large initial syncs.".into();
    }
    if c.contains("resourcenotfound") || m.contains("does not exist") {
        return "The user or group does not exist in Identity Center (deleted, or never provisioned): let the identity provider create it again (clear its stored id) instead of updating it.".into();
    }
    if c.contains("validation") || m.contains("unparsable") || m.contains("violates schema") {
        return "The request violates Identity Center's SCIM schema: givenName, familyName, userName and displayName are required; emails, addresses and phoneNumbers take one value; groups cannot be sent on a user; ims, photos, x509Certificates, entitlements and password are not supported.".into();
    }
    if c.contains("internal") {
        return "Identity Center failed to process the request: retry; if it persists, contact AWS Support with the event id.".into();
    }
    "The error is not one ssocheck maps to a rule; compare the request with the SCIM rules of the Identity Center SCIM Implementation Developer Guide.".into()
}
