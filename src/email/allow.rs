//! Allow-list rules for IAM Identity Center's two senders (aws-rules.md §9), per mail system, to copy.
//! Every rule names the exact addresses and requires authentication to pass where the system can,
//! so the rule cannot be abused by spoofing.

use crate::doc::{Block, KeyValue};

pub const SENDERS: [&str; 2] = ["no-reply@signin.aws", "no-reply@login.awsapps.com"];

pub fn senders_block() -> Block {
    Block::key_values(
        "senders",
        "IAM Identity Center's sender addresses",
        SENDERS
            .iter()
            .map(|s| KeyValue::new("Sender", *s).copyable())
            .chain([KeyValue::new(
                "Source",
                "IAM Identity Center User Guide, troubleshooting: \"All emails sent by the IAM Identity Center service will come from either the address no-reply@signin.aws or no-reply@login.awsapps.com.\" SPF, DKIM and DMARC for these domains are not documented.",
            )])
            .collect(),
    )
}

pub fn rules_blocks() -> Vec<Block> {
    let both = SENDERS.join("\",\"");
    vec![
        Block::key_values("allow-m365", "Allow-list: Microsoft 365 (Exchange Online)", vec![
            KeyValue::new("Tenant Allow/Block List (PowerShell; allow entries expire by Microsoft's rules unless extended: check the expiry in the portal)", format!("New-TenantAllowBlockListItems -ListType Sender -Allow -Entries \"{both}\" -Notes \"IAM Identity Center\"")).copyable(),
            KeyValue::new("Or a mail flow rule that skips spam filtering only when DMARC passed (PowerShell)", format!("New-TransportRule -Name \"IAM Identity Center email\" -From \"{both}\" -HeaderContainsMessageHeader \"Authentication-Results\" -HeaderContainsWords \"dmarc=pass\" -SetSCL -1")).copyable(),
            KeyValue::new("Portal", "Microsoft Defender portal → Email & collaboration → Policies & rules → Threat policies → Tenant Allow/Block Lists → Senders → Add; quarantined messages: Email & collaboration → Review → Quarantine (https://security.microsoft.com/quarantine) → Release"),
            KeyValue::new("One user (Outlook on the web)", "Settings → Mail → Junk email → Safe senders and domains → Add: no-reply@signin.aws and no-reply@login.awsapps.com"),
        ]),
        Block::key_values("allow-google", "Allow-list: Google Workspace (Gmail)", vec![
            KeyValue::new("Admin console (menu labels: best knowledge)", "Apps → Google Workspace → Gmail → Spam, Phishing and Malware → Spam → Configure: \"Bypass spam filters for messages received from addresses or domains within these lists\" → a list with no-reply@signin.aws and no-reply@login.awsapps.com, keeping \"Require sender authentication\" on"),
            KeyValue::new("One user (Gmail filter: search, then Create filter → Never send it to Spam)", "from:(no-reply@signin.aws OR no-reply@login.awsapps.com)").copyable(),
        ]),
        Block::key_values("allow-gateway", "Allow-list: other gateways (Proofpoint, Mimecast, SpamAssassin...)", vec![
            KeyValue::new("Rule", "Permit or safe-list the two exact sender addresses (header From and envelope sender), only when SPF or DKIM passes (DMARC aligned); never by display name or by the whole amazonaws.com domain."),
            KeyValue::new("Proofpoint (best knowledge of the menu)", "Email Protection → Spam Detection → Organizational Safe List → add no-reply@signin.aws and no-reply@login.awsapps.com with \"Header From\" / \"Envelope Sender\""),
            KeyValue::new("Mimecast (best knowledge of the menu)", "Administration → Gateway → Policies → Permitted Senders → new policy: From email address no-reply@signin.aws (and no-reply@login.awsapps.com) to Internal addresses"),
            KeyValue::new("SpamAssassin (local.cf; requires SPF or DKIM to pass)", "welcomelist_auth no-reply@signin.aws\nwelcomelist_auth no-reply@login.awsapps.com").copyable(),
        ]),
    ]
}
