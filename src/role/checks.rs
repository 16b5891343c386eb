//! Registry entries of the protected-role explainer (`#/roles`, `ssocheck role`).

use crate::registry::CheckInfo;

crate::check!(RESERVED, "role.reserved", Info, ProtectedRole, false,
    title: "Role managed by IAM Identity Center",
    checks: "Whether a pasted role name, role ARN or error message names a role AWSReservedSSO_<permission set>_<16 hex> on the path /aws-reserved/sso.amazonaws.com/ (optionally with a Region).",
    why: "Identity Center creates these roles from a permission set; IAM refuses changes to them (UnmodifiableEntity: \"Cannot perform the operation on the protected role ... - this role is only modifiable by AWS\").",
    fix: "Change the permission set in IAM Identity Center (management account or delegated administrator), then re-provision it to the accounts.");

crate::check!(PROVIDER, "role.provider", Info, ProtectedRole, false,
    title: "SAML provider managed by IAM Identity Center",
    checks: "Whether the text names the SAML provider AWSSSO_<16 hex>_DO_NOT_DELETE that Identity Center creates in each account.",
    why: "The AWSReservedSSO roles trust this provider; deleting or changing it breaks sign-in to the account through the access portal.",
    fix: "Leave it alone; if it was deleted, re-provision the account's permission sets from Identity Center.");

crate::check!(NOT_RESERVED, "role.not-reserved", Warning, ProtectedRole, false,
    title: "Not an Identity Center role",
    checks: "Role names and ARNs that do not have the AWSReservedSSO_<permission set>_<16 hex> form on the /aws-reserved/sso.amazonaws.com/ path, including look-alikes.",
    why: "Only roles Identity Center created are protected and changed through permission sets; a look-alike is an ordinary IAM role (or a typo) and is edited in IAM.",
    fix: "Edit the role in IAM as usual, or paste the exact role ARN from the error message.");

pub const CHECKS: &[CheckInfo] = &[RESERVED, PROVIDER, NOT_RESERVED];
