//! Registry entries of the assignment checks (admin-tools.md 2; aws-rules.md 4).

use crate::registry::CheckInfo;

crate::check!(INPUT, "assignments.input", Error, StaleAssignment, false,
    title: "Not an Identity Center listing",
    checks: "Whether the pasted JSON is the output of aws sso-admin list-account-assignments, list-account-assignments-for-principal or list-application-assignments, and of aws identitystore list-users / list-groups (or describe-user / describe-group), whole and within 16 MB.",
    why: "A stale assignment can only be told apart from a live one by comparing the assignments with the identity store's current users and groups.",
    fix: "Paste the JSON output of `aws sso-admin list-account-assignments --instance-arn ... --account-id ... --permission-set-arn ...` (one per account and permission set, one after another) and of `aws identitystore list-users --identity-store-id d-...` and `list-groups`.");
crate::check!(STALE_PRINCIPAL, "assignments.stale-principal", Error, StaleAssignment, false,
    title: "Assignment to a principal that no longer exists",
    checks: "Every account or application assignment whose PrincipalId is absent from the pasted identity store listing (users for PrincipalType USER, groups for GROUP).",
    why: "A user or group that was deleted (and perhaps re-created with the same name, which gives it a new id) keeps its old assignments, which give nobody access: the user is referenced in a permission set but cannot access the account or application.",
    fix: "Delete the stale assignment and create it again for the current principal: aws sso-admin delete-account-assignment for the old id and create-account-assignment for the new one (the exact commands are in the report).");

pub const CHECKS: &[CheckInfo] = &[INPUT, STALE_PRINCIPAL];
