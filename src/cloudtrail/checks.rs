//! Registry entries of the CloudTrail checks (aws-rules.md 4, 5, 7; admin-tools.md 1).

use crate::registry::CheckInfo;

crate::check!(INPUT, "cloudtrail.input", Error, StaleAssignment, false,
    title: "Not CloudTrail data, unreadable, or over a cap",
    checks: "Whether each input is CloudTrail data in a known shape: a trail file {\"Records\":[...]} (also gzip), aws cloudtrail lookup-events output {\"Events\":[...]} with its CloudTrailEvent strings, a bare array, a single record, JSON lines, or the console's Event history download (JSON or CSV); and whether it stays within 64 MB (inflated gzip included), 200,000 events and 128 levels of JSON nesting.",
    why: "Nothing can be explained from a file that is cut off, is something else, or is too large for the page to hold.",
    fix: "Download the trail file or the Event history again (whole), or run `aws cloudtrail lookup-events` and save its output; for more than 64 MB, narrow the time range or the user, or run the SQL shown here in Athena or CloudTrail Lake and load its results.");
crate::check!(PASSWORD_INTERNAL, "cloudtrail.password.internal-failure", Error, PasswordReset, false,
    title: "Password reset failed with InternalFailure",
    checks: "UpdatePassword events whose errorCode is InternalFailure or whose errorMessage is \"An unknown error occurred\".",
    why: "The user sees \"We couldn't update your password\"; the guide says this error needs AWS Support, and that very long user names or user names with special characters can also cause it.",
    fix: "Contact AWS Support with the event's eventID and requestID. Meanwhile try the reset for a test user with a short, plain user name (letters and digits): if that works, the user name is the cause. The new password must follow the directory rules: 8-64 characters with a lowercase letter, an uppercase letter, a digit and a symbol, not one of the last 3, not a known leaked password (https://docs.aws.amazon.com/singlesignon/latest/userguide/password-requirements.html).");
crate::check!(PASSWORD_FAILURE, "cloudtrail.password.failure", Error, PasswordReset, false,
    title: "Password reset failed",
    checks: "UpdatePassword events with any other errorCode or errorMessage.",
    why: "A failed UpdatePassword is what \"We couldn't update your password\" looks like in the logs; its error code says whether the password broke a rule, the link expired or access was refused.",
    fix: "Follow the explanation of the error code; for rule violations choose a password of 8-64 characters with a lowercase letter, an uppercase letter, a digit and a symbol that is not one of the last 3 passwords.");
crate::check!(SIGNIN_FAILURE, "cloudtrail.signin.failure", Error, TotpClock, false,
    title: "A sign-in step failed",
    checks: "Sign-in attempts (signin.amazonaws.com events grouped by AuthWorkflowID) whose CredentialVerification reports Failure in serviceEventDetails, with the credential type that failed (PASSWORD, TOTP, WEBAUTHN, RESYNC_TOTP).",
    why: "A failed sign-in has a failed CredentialVerification and no UserAuthentication; the credential type says whether the password, the authenticator app code or the security key was refused.",
    fix: "PASSWORD: check the user name form and the password (reset it if needed). TOTP: check the phone's clock at #/clock. WEBAUTHN: check the browser and authenticator at #/webauthn.");
crate::check!(EXTERNAL_IDP_FAILURE, "cloudtrail.external-idp.failure", Error, ExternalIdpSignIn, true,
    title: "External identity provider sign-in failed",
    checks: "ExternalIdPDirectoryLogin events with an errorCode or errorMessage, or a Failure value in responseElements or serviceEventDetails (the field layout is not documented by AWS: best knowledge).",
    why: "Behind \"An unexpected error has occurred\" after the identity provider, Identity Center logs ExternalIdPDirectoryLogin; its message names the broken rule: NameID format, a user name that matches no user, a user not provisioned, the ACS URL or audience, or the ABAC attribute limits.",
    fix: "Capture the SAML response of a failing sign-in and check it at #/saml: NameID format emailAddress whose value equals the Identity Center user name, the user provisioned before signing in, the ACS URL and audience from the current metadata, at most 50 single-valued access-control attributes.");
crate::check!(SCIM_FAILURE, "cloudtrail.scim.failure", Error, ScimSync, false,
    title: "SCIM provisioning call failed",
    checks: "identitystore-scim.amazonaws.com events with an errorCode/errorMessage, mapped to the SCIM rule broken: one value for emails, addresses and phoneNumbers; non-empty familyName, givenName and displayName; unique group names; a path in PATCH remove; at most 100 members per request; eq filters only.",
    why: "Users and groups that fail to synchronize are refused by Identity Center's SCIM endpoint; the identity provider often shows only \"Request is unparsable, syntactically incorrect, or violates schema\".",
    fix: "Fix the attribute mapping in the identity provider as the explanation says (one email, non-empty names, unique group names, smaller group updates), then retry provisioning for the user or group.");
crate::check!(PRINCIPAL_RECREATED, "cloudtrail.principal.recreated", Warning, StaleAssignment, false,
    title: "User or group deleted and created again",
    checks: "A DeleteUser/DeleteGroup followed by a CreateUser/CreateGroup for the same userName/displayName with a different id (Identity Store, directory or SCIM events).",
    why: "Deleting and re-creating a user or group with the same name creates a new internal id; assignments made to the old id no longer give access.",
    fix: "Remove the assignments of the old id and assign the permission sets and applications again to the new id (paste the listings into #/assignments for the exact commands).");
crate::check!(NOT_PROVISIONED, "cloudtrail.not-provisioned", Error, MfaBeforeProvisioning, false,
    title: "Sign-in before the user was provisioned",
    checks: "A failed sign-in for a user name that the logs create (CreateUser) only after the attempt, or that a pasted identitystore list-users lacks; without a listing, a failed sign-in of a user the logs never create although they show other users being created before it is a warning (the user may predate the logs).",
    why: "Users can't register MFA devices or sign in before they exist in Identity Center; the attempt ends in \"Invalid MFA credentials\" or \"An unexpected error has occurred\".",
    fix: "Provision the user first (assign them to the Identity Center application in the identity provider and let SCIM create them, or create them in Identity Center), then sign in and register MFA.");

pub const CHECKS: &[CheckInfo] = &[
    INPUT,
    PASSWORD_INTERNAL,
    PASSWORD_FAILURE,
    SIGNIN_FAILURE,
    EXTERNAL_IDP_FAILURE,
    SCIM_FAILURE,
    PRINCIPAL_RECREATED,
    NOT_PROVISIONED,
];
