//! Registry entries of the SCIM payload checks (`ssocheck scim`, `#/scim`).
//!
//! Facts: aws-rules.md §4 (SCIM Implementation Developer Guide, Identity Store model, CloudTrail error
//! texts) and admin-tools.md §3.

use crate::registry::CheckInfo;

crate::check!(INPUT, "scim.input", Error, ScimSync, false,
    title: "SCIM input unreadable, or an error Identity Center reported",
    checks: "Whether the pasted text holds SCIM JSON (a User, Group, PatchOp, ListResponse or error body, alone, as a JSON array, as JSON lines, or inside an identity provider's provisioning log line) within the size, depth and item caps; AWS error texts quoted in the pasted text (error bodies, Okta and Entra ID log lines) and what causes them.",
    why: "Identity Center answers a body it cannot parse with `Invalid JSON from RequestBody` (CloudTrail errorMessage) and the identity provider shows \"Request is unparsable, syntactically incorrect, or violates schema.\"",
    fix: "Paste the request body the identity provider sent (its provisioning log or audit export usually shows it), as valid JSON.");

crate::check!(REQUIRED, "scim.required", Error, ScimSync, false,
    title: "Required SCIM attribute missing or empty",
    checks: "Users (POST/PUT): non-empty `userName`, `name.givenName`, `name.familyName` and `displayName`; groups: non-empty `displayName`; PATCH operations that would empty one of them.",
    why: "Identity Center requires these four user attributes (SCIM DG, CreateUser); a missing given, family or display name is the guide's first cause of \"Request is unparsable, syntactically incorrect, or violates schema.\"",
    fix: "Map a non-empty value to every required attribute in the identity provider (for example a default family name, or displayName built from the given and family names), then push the user again.");

crate::check!(MULTI_VALUE, "scim.multi-value", Error, ScimSync, false,
    title: "More than one value in a single-valued list",
    checks: "`emails`, `addresses`, `phoneNumbers` (and `roles`) hold exactly one value; the email is marked `primary`.",
    why: "Identity Center stores one email, one address and one phone number per user; a second value is refused with `List attribute emails exceeds allowed limit of 1` (CloudTrail), and the guide names multi-valued attributes as a cause of failed synchronisation.",
    fix: "Remove the extra attribute mapping in the identity provider (keep one email, one phone number, one address), mark the email primary, then push the user again.");

crate::check!(UNSUPPORTED, "scim.unsupported", Error, ScimSync, false,
    title: "Attribute not supported by Identity Center's SCIM",
    checks: "User bodies and PATCH paths for `password`, `ims`, `photos`, `x509Certificates`, `entitlements`, `groups`, the `display` sub-attribute of emails, addresses and phone numbers, `manager.displayName`, `meta.version`; nested groups; attributes outside the core and enterprise schemas.",
    why: "The SCIM developer guide lists these as not supported; a body that carries them can be refused as violating the schema.",
    fix: "Remove the mapping for the attribute in the identity provider; manage group membership through Group resources, not the user's `groups`.");

crate::check!(PATTERN, "scim.pattern", Error, ScimSync, false,
    title: "Value outside the allowed characters",
    checks: "`userName` against `[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+` (no whitespace); other user strings against `[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r \\u00a0\\u3000]+`; group `displayName`; `externalId`. Unicode categories are approximated (controls, format characters, unassigned private-use ranges and separators other than space are refused).",
    why: "Identity Center validates every string against its pattern and refuses the request with `1 validation errors detected: Value at '...' failed to satisfy constraint: Member must satisfy regular expression pattern: ...`.",
    fix: "Remove spaces from the user name (or map a different source attribute to `userName`) and strip control or invisible characters from the other attributes in the identity provider's mapping.");

crate::check!(LENGTH, "scim.length", Error, ScimSync, false,
    title: "Value too long or empty",
    checks: "`userName` 1–128 characters, `externalId` 1–256, other strings 1–1024 (Identity Store model).",
    why: "Identity Center refuses a value outside these lengths with `Member must have length less than or equal to ...` or `Member must have length greater than or equal to 1`.",
    fix: "Shorten the value in the identity provider (or map a shorter attribute), and do not send empty strings: leave the attribute out instead.");

crate::check!(RESERVED, "scim.reserved", Error, ScimSync, false,
    title: "Reserved user or group name",
    checks: "User names and group display names equal to `Administrator` or `AWSAdministrators` (compared without regard to case: best knowledge).",
    why: "The SCIM developer guide reserves these names; a user or group with one of them is not created.",
    fix: "Rename the user or group in the identity provider (or map another name), then push it again.");

crate::check!(PATCH, "scim.patch", Error, ScimSync, false,
    title: "PATCH operation Identity Center does not accept",
    checks: "PatchOp bodies: `Operations` present; each `op` is add, replace or remove; `path` present for remove; `value` present for add and replace; no remove of `userName` or `active`, not several operations on them; only modifiable paths (users: userName, active, externalId, displayName, nickName, profileUrl, title, userType, preferredLanguage, locale, timezone, name, enterprise, emails, addresses, phoneNumbers; groups: displayName, members, externalId); no replace or remove of all members.",
    why: "Identity Center refuses such a request: `Missing path in PATCH request` for a remove without path, `ValidationException` (HTTP 400) for replacing or removing all members (\"The PatchGroup API doesn't support remove all or replace operations\").",
    fix: "Send member changes as add/remove of individual members (`members[value eq \"...\"]`), never replace the whole list; give every remove a path; do not remove userName or active.");

crate::check!(MEMBERS_LIMIT, "scim.members-limit", Error, ScimSync, false,
    title: "More than 100 member changes in one request",
    checks: "CreateGroup `members` and the member values changed by one PatchGroup request (at most 100).",
    why: "Identity Center accepts at most 100 members per CreateGroup request and at most 100 membership changes per PatchGroup request (SCIM DG); larger requests fail with `ValidationException`.",
    fix: "Let the identity provider send membership changes in batches of at most 100 (most connectors do; third-party sync tools may need an update or a batch-size setting).");

crate::check!(FILTER, "scim.filter", Error, ScimSync, false,
    title: "Filter Identity Center does not support",
    checks: "Filters in query strings (`filter=`) and PATCH paths: only `eq`, joined by `and`, on `userName`, `externalId`, `groups.value`, `id`, `manager` (users) or `displayName`, `externalId`, `members.value`, `id`, `member` (groups); `startIndex`, `attributes`, `excludedAttributes` are not supported; `count` is 1–100.",
    why: "Identity Center supports only `eq` (with `and`) and answers other filters with `Invalid Filter format` or `ValidationException`.",
    fix: "Filter with `<attribute> eq \"<value>\"` on a supported attribute, page with `cursor` and `count` (1–100), and drop `startIndex`, `attributes` and `excludedAttributes`.");

crate::check!(DUPLICATE, "scim.duplicate", Error, ScimSync, false,
    title: "Duplicate user name, email or externalId",
    checks: "Across the bodies pasted together: users with the same `userName` (case-insensitive: best knowledge), primary email or `externalId`; groups with the same `displayName` or `externalId`.",
    why: "User names and email addresses must be unique; a duplicate is refused with \"Refused to create a new, duplicate resource\" / `ConflictException` (\"User already exists.\", `Duplicate GroupDisplayName`).",
    fix: "Make the value unique in the identity provider, or delete the stale user or group in Identity Center first (note: a re-created principal gets a new id, so its assignments must be made again).");

crate::check!(MANAGER, "scim.manager", Error, ScimSync, false,
    title: "Enterprise manager value unusable",
    checks: "`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` `manager`: an object whose `value` is a non-empty string within the pattern.",
    why: "An empty manager value is refused with `2 validation errors detected: Value at 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.manager.value' failed to satisfy constraint: Member must have length greater than or equal to 1; ...` (CloudTrail).",
    fix: "Map the manager only when the user has one (most identity providers can skip empty values), or remove the manager mapping.");

pub const CHECKS: &[CheckInfo] = &[
    INPUT,
    REQUIRED,
    MULTI_VALUE,
    UNSUPPORTED,
    PATTERN,
    LENGTH,
    RESERVED,
    PATCH,
    MEMBERS_LIMIT,
    FILTER,
    DUPLICATE,
    MANAGER,
];

/// What a passing check confirms, for its `pass` finding.
pub fn held(id: &str) -> &'static str {
    match id {
        "scim.input" => "The input was read as SCIM JSON within the caps",
        "scim.required" => "Every user has a non-empty userName, name.givenName, name.familyName and displayName; every group a displayName",
        "scim.multi-value" => "emails, addresses, phoneNumbers and roles hold one value each; the email is marked primary",
        "scim.unsupported" => "No unsupported attribute (password, ims, photos, x509Certificates, entitlements, groups, display sub-attributes, manager.displayName) and no nested group",
        "scim.pattern" => "Every value is within its character pattern (userName without whitespace)",
        "scim.length" => "Every value is within its length (userName 1–128, externalId 1–256, others 1–1024)",
        "scim.reserved" => "No reserved name (Administrator, AWSAdministrators)",
        "scim.patch" => "Every PATCH operation is one Identity Center accepts",
        "scim.members-limit" => "At most 100 members or member changes per request",
        "scim.filter" => "Every filter uses eq (with and) on a supported attribute",
        "scim.duplicate" => "No duplicate userName, primary email, externalId or group displayName among the bodies",
        "scim.manager" => "The enterprise manager value is a non-empty id",
        _ => "Held",
    }
}
