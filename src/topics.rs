//! The fourteen troubleshooting topics of the IAM Identity Center User Guide
//! (https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html).
//!
//! Every check names the topic it comes from; the home page lists the topics as symptoms and routes
//! each to the tool that checks it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Topic {
    SamlAssertionContents,
    ScimSync,
    UpnSignIn,
    ProtectedRole,
    PasswordReset,
    StaleAssignment,
    AppConfiguration,
    ExternalIdpSignIn,
    AbacEnablement,
    BrowserNotSupported,
    AdPrimaryGroup,
    MfaBeforeProvisioning,
    TotpClock,
    EmailDelivery,
}

/// Which page of ssocheck checks a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Saml,
    Webauthn,
    Clock,
    /// An administrator tool with a generic page (`tools::ToolSpec`): its route without `#/`, and
    /// the link text.
    Page(&'static str, &'static str),
    // No "planned" variant: every topic has a tool, and a new topic cannot be listed without one.
}

pub struct TopicInfo {
    pub topic: Topic,
    /// The guide's section heading (quoted where the spec quotes it, otherwise best knowledge).
    pub heading: &'static str,
    /// What the user sees, in their words.
    pub symptom: &'static str,
    pub tool: Tool,
}

pub const GUIDE_URL: &str =
    "https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html";

pub const TOPICS: [TopicInfo; 14] = [
    TopicInfo {
        topic: Topic::ExternalIdpSignIn,
        heading: "Error 'An unexpected error has occurred' when a user tries to sign in using an external identity provider",
        symptom: "Sign-in through our identity provider (Okta, Entra ID, Google...) ends in \"An unexpected error has occurred\".",
        tool: Tool::Saml,
    },
    TopicInfo {
        topic: Topic::SamlAssertionContents,
        heading: "Issues regarding contents of SAML assertions created by IAM Identity Center",
        symptom: "I need to see what a SAML assertion actually contains.",
        tool: Tool::Saml,
    },
    TopicInfo {
        topic: Topic::AppConfiguration,
        heading: "I cannot get my cloud application configured correctly",
        symptom: "A SAML application assigned in Identity Center rejects the sign-in.",
        tool: Tool::Saml,
    },
    TopicInfo {
        topic: Topic::AbacEnablement,
        heading: "Error 'Attributes for access control fails to enable'",
        symptom: "Attributes for access control (ABAC) will not enable or tags are missing in sessions.",
        tool: Tool::Page("permissions", "Check the administrator's IAM permissions"),
    },
    TopicInfo {
        topic: Topic::ProtectedRole,
        heading: "I get a 'Cannot perform the operation on the protected role' error when modifying an IAM role",
        symptom: "An AWSReservedSSO_ role cannot be edited, or federation to an account fails on a role.",
        tool: Tool::Page("roles", "Explain a protected role"),
    },
    TopicInfo {
        topic: Topic::BrowserNotSupported,
        heading: "I get a 'Browser not supported' message when I attempt to register a device for MFA",
        symptom: "Registering a security key or built-in authenticator says \"Browser not supported\".",
        tool: Tool::Webauthn,
    },
    TopicInfo {
        topic: Topic::TotpClock,
        heading: "I get a 'An unexpected error has occurred' message when I attempt to register or sign in using an authenticator app",
        symptom: "Codes from my authenticator app are rejected.",
        tool: Tool::Clock,
    },
    TopicInfo {
        topic: Topic::ScimSync,
        heading: "Specific users fail to synchronize into IAM Identity Center from an external SCIM provider",
        symptom: "Some users or groups do not arrive through SCIM provisioning.",
        tool: Tool::Page("scim", "Check a SCIM payload"),
    },
    TopicInfo {
        topic: Topic::UpnSignIn,
        heading: "Users can't sign in when their user name is in UPN format",
        symptom: "Active Directory users cannot sign in with user@corp.example.com.",
        tool: Tool::Page("signin-name", "Check a sign-in name"),
    },
    TopicInfo {
        topic: Topic::PasswordReset,
        heading: "Directory users cannot reset their password",
        symptom: "\"We couldn't update your password\" when resetting a password.",
        tool: Tool::Page("password", "Check a password and user name"),
    },
    TopicInfo {
        topic: Topic::StaleAssignment,
        heading: "My user is referenced in a permission set but can't access the assigned accounts or applications",
        symptom: "A re-created user or group lost access it was given before.",
        tool: Tool::Page("assignments", "Find stale assignments"),
    },
    TopicInfo {
        topic: Topic::AdPrimaryGroup,
        heading: "Active Directory \"Domain Users\" group does not properly sync into IAM Identity Center",
        symptom: "The \"Domain Users\" group (a primary group) is empty or missing.",
        tool: Tool::Page("directory", "Check primary groups"),
    },
    TopicInfo {
        topic: Topic::MfaBeforeProvisioning,
        heading: "Users can't register MFA devices before they are provisioned",
        symptom: "A new user is asked for MFA before their account exists in Identity Center.",
        tool: Tool::Page("cloudtrail", "Read CloudTrail sign-in events"),
    },
    TopicInfo {
        topic: Topic::EmailDelivery,
        heading: "My users are not receiving emails from IAM Identity Center",
        symptom: "Invitation or verification emails never arrive.",
        tool: Tool::Page("email", "Check an email's headers and allow-list the senders"),
    },
];

impl Topic {
    pub fn info(self) -> &'static TopicInfo {
        // TOPICS holds every variant exactly once (tested), so the fallback is unreachable in practice.
        TOPICS
            .iter()
            .find(|t| t.topic == self)
            .unwrap_or(&TOPICS[0])
    }

    pub fn heading(self) -> &'static str {
        self.info().heading
    }

    pub fn slug(self) -> &'static str {
        match self {
            Topic::SamlAssertionContents => "saml-assertion-contents",
            Topic::ScimSync => "scim-sync",
            Topic::UpnSignIn => "upn-sign-in",
            Topic::ProtectedRole => "protected-role",
            Topic::PasswordReset => "password-reset",
            Topic::StaleAssignment => "stale-assignment",
            Topic::AppConfiguration => "app-configuration",
            Topic::ExternalIdpSignIn => "external-idp-sign-in",
            Topic::AbacEnablement => "abac-enablement",
            Topic::BrowserNotSupported => "browser-not-supported",
            Topic::AdPrimaryGroup => "ad-primary-group",
            Topic::MfaBeforeProvisioning => "mfa-before-provisioning",
            Topic::TotpClock => "totp-clock",
            Topic::EmailDelivery => "email-delivery",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn fourteen_distinct_topics_each_with_symptom() {
        let set: HashSet<_> = TOPICS.iter().map(|t| t.topic).collect();
        assert_eq!(set.len(), 14);
        for t in &TOPICS {
            assert!(!t.symptom.is_empty() && !t.heading.is_empty());
            assert_eq!(t.topic.info().heading, t.heading);
        }
        let slugs: HashSet<_> = TOPICS.iter().map(|t| t.topic.slug()).collect();
        assert_eq!(slugs.len(), 14);
    }
}
