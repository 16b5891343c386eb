//! Registry entries of the email header analyzer (`#/email`, `ssocheck email`).

use crate::registry::CheckInfo;

crate::check!(SENDER, "email.sender", Warning, EmailDelivery, false,
    title: "Sender address",
    checks: "From, Sender and Return-Path against IAM Identity Center's two senders, no-reply@signin.aws and no-reply@login.awsapps.com.",
    why: "All emails IAM Identity Center sends come from one of these two addresses; receiving systems must allow them and must not treat them as spam. A message from another address is not Identity Center's (or is a look-alike).",
    fix: "Allow-list exactly no-reply@signin.aws and no-reply@login.awsapps.com (rules below), requiring SPF or DKIM to pass; never allow-list by display name.");

crate::check!(SPF, "email.spf", Error, EmailDelivery, true,
    title: "SPF result",
    checks: "The spf= result in the receiving system's Authentication-Results (or ARC-Authentication-Results, Received-SPF).",
    why: "A failing SPF result makes spam filters junk or reject the message. AWS does not document SPF for signin.aws or login.awsapps.com (best knowledge: the receiver's verdict is what counts).",
    fix: "If SPF fails for Identity Center's mail, a forwarding hop or a gateway in front of the mailbox usually changed the envelope: allow-list the two senders after the gateway, or enable ARC trust for the gateway.");

crate::check!(DKIM, "email.dkim", Error, EmailDelivery, true,
    title: "DKIM result",
    checks: "The dkim= results (with header.d / header.i) in Authentication-Results and ARC-Authentication-Results.",
    why: "A broken DKIM signature (often a gateway that rewrote the message) removes the main proof that the message is genuine. Identity Center's DKIM domains are not documented (best knowledge).",
    fix: "Find the hop that modifies the message (disclaimers, link rewriting) and exempt the two senders, or trust its ARC seal.");

crate::check!(DMARC, "email.dmarc", Error, EmailDelivery, true,
    title: "DMARC result",
    checks: "The dmarc= result (with header.from) in Authentication-Results and ARC-Authentication-Results.",
    why: "A DMARC failure lets the receiver quarantine or reject the message under the sender domain's policy. Identity Center's DMARC policy is not documented (best knowledge).",
    fix: "Check whether a forwarding rule or gateway broke both SPF and DKIM alignment; allow-list after that hop or trust its ARC seal.");

crate::check!(SPAM_VERDICT, "email.spam-verdict", Error, EmailDelivery, false,
    title: "Spam filter verdict",
    checks: "Spam verdicts of Microsoft 365 (X-MS-Exchange-Organization-SCL, X-Forefront-Antispam-Report SFV/SCL/CAT, X-Microsoft-Antispam BCL), Google Workspace (X-Gm-Spam, X-Gm-Phy), Proofpoint (X-Proofpoint-Spam-Details), Mimecast (X-Mimecast-Spam-Score, X-Mimecast-Impersonation-Protect) and SpamAssassin (X-Spam-Status, X-Spam-Flag), each value explained.",
    why: "A message junked or quarantined by the filter never reaches the inbox; users then never see invitations or verification codes.",
    fix: "Release the message (quarantine) and add the allow-list rules for no-reply@signin.aws and no-reply@login.awsapps.com in the system that flagged it.");

crate::check!(DELAY, "email.delay", Warning, EmailDelivery, true,
    title: "Delivery delay",
    checks: "The Received hops in order (oldest first) with the time between them; a hop taking more than 10 minutes is flagged (threshold: best knowledge).",
    why: "Verification codes and invitations expire; a long delay at one hop (greylisting, a queue, a sandbox) makes them arrive too late.",
    fix: "Look at the slow hop's system (greylisting, sandboxing, queue) and exempt the two senders there.");

crate::check!(INPUT, "email.input", Error, EmailDelivery, false,
    title: "Message headers could not be read",
    checks: "Whether the input holds message headers (a .eml file, raw headers, or a bounce), how broken line wrapping was repaired, and which input caps were hit.",
    why: "Without the headers nothing can be said about the delivery; a pasted body is never read as headers.",
    fix: "Paste the full headers: Outlook: File → Properties → Internet headers; Gmail: ⋮ → Show original; or save the message as .eml.");

pub const CHECKS: &[CheckInfo] = &[SENDER, SPF, DKIM, DMARC, SPAM_VERDICT, DELAY, INPUT];
