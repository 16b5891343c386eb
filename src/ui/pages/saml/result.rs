//! Results: the detected summary, the message list (HAR), and per message the findings, attribute
//! table, certificate cards and the pretty XML. Every value is rendered as a text node.

use std::rc::Rc;

use yew::prelude::*;

use super::Outcome;
use crate::finding::{counts, Severity};
use crate::saml::{redact_analysis, Analysis, AttributeRow, CertInfo, MessageAnalysis};
use crate::ui::browser;
use crate::ui::components::export::export_bar;
use crate::ui::components::findings::finding_list_folded;
use crate::ui::components::prose;

/// Rows and lines rendered before a "Show all" button (keeps 10 MB inputs responsive).
const ATTR_LIMIT: usize = 300;
const XML_LIMIT: usize = 2_000;

/// Which long lists of the shown message the user unfolded with "Show all". Kept here, not in the
/// lists, so that another message starts folded again.
#[derive(Clone, Copy, PartialEq, Default)]
struct Unfolded {
    findings: bool,
    attributes: bool,
    xml: bool,
}

/// What the reader chose in the results. It lives in the page's `Outcome`, so every new analysis
/// starts from the default: the first message, lists folded, values left out of the report.
#[derive(Clone, Copy, PartialEq, Default)]
pub struct ResultChoices {
    selected: usize,
    unfolded: Unfolded,
    include_values: bool,
}

/// Changes the choices of the outcome in `slot` (which re-renders the results).
fn choose(slot: &UseStateHandle<Option<Outcome>>, change: impl Fn(&mut ResultChoices)) {
    if let Some(o) = slot.as_ref() {
        let mut o = o.clone();
        change(&mut o.choices);
        slot.set(Some(o));
    }
}

fn say_redact_status(text: Option<&str>) {
    if let Some(s) = browser::document().and_then(|d| d.get_element_by_id("saml-redact-status")) {
        s.set_text_content(text);
    }
}

/// Empties the "Copy redacted" status line (written directly, see `result_view`).
pub fn clear_redact_status() {
    say_redact_status(None);
}

fn message_summary(a: &Analysis, i: usize) -> String {
    let m = &a.messages[i];
    let [e, w, ..] = counts(&m.findings);
    format!(
        "{e} error{}, {w} warning{}",
        if e == 1 { "" } else { "s" },
        if w == 1 { "" } else { "s" }
    )
}

/// The results of the outcome in `slot`. A plain function: the reader's choices live in the
/// outcome itself, and the "Copy redacted" status line is written on its element directly (Yew
/// leaves it alone because the rendered span has no children of its own).
pub fn result_view(slot: &UseStateHandle<Option<Outcome>>) -> Html {
    let Some(outcome) = slot.as_ref() else {
        return Html::default();
    };
    let choices = outcome.choices;
    let a = outcome.analysis.clone();
    let sel = choices.selected.min(a.messages.len().saturating_sub(1));
    let report = if choices.include_values {
        outcome.report_values.clone()
    } else {
        outcome.report_plain.clone()
    };
    let on_values = {
        let slot = slot.clone();
        Callback::from(move |_: Event| choose(&slot, |c| c.include_values = !c.include_values))
    };
    let on_redacted = {
        let a = a.clone();
        Callback::from(move |_: MouseEvent| {
            let text = redact_analysis(&a);
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => say_redact_status(Some("Redacted analysis copied: emails, names and attribute values are replaced by pseudonyms.")),
                    Err(e) => say_redact_status(Some(&format!("Could not copy ({e})."))),
                }
            });
        })
    };
    html! {
        <section class="saml-results" aria-labelledby="saml-results-h">
            { prose(r#"<h2 id="saml-results-h">Results</h2>"#) }
            <p class="saml-detected">{ prose(r#"<strong>Detected: </strong>"#) }<span id="saml-detected">{ a.detected.clone() }</span></p>
            if a.messages.len() > 1 {
                <h3 id="saml-messages-h">{ format!("Messages ({}), in order", a.messages.len()) }</h3>
                <ol class="saml-messages" aria-labelledby="saml-messages-h">
                    { for a.messages.iter().enumerate().map(|(i, m)| {
                        let slot = slot.clone();
                        let onclick = Callback::from(move |_: MouseEvent| {
                            choose(&slot, |c| {
                                c.selected = i;
                                c.unfolded = Unfolded::default();
                            })
                        });
                        html! {
                            <li>
                                <button type="button" class={if i == sel { "secondary saml-message-pick current" } else { "secondary saml-message-pick" }}
                                    aria-pressed={if i == sel { "true" } else { "false" }} {onclick}>
                                    { format!("{}. {}", i + 1, m.label) }
                                    <span class="small muted">{ format!(" — {}", message_summary(&a, i)) }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
            if !a.messages.is_empty() {
                { message_view(&a, sel, slot, choices.unfolded) }
            }
            { prose(r#"<h3>Share</h3>"#) }
            <div class="actions">
                <label class="inline"><input type="checkbox" id="saml-include-values" checked={choices.include_values} onchange={on_values} />{" Include assertion values in the report"}</label>
            </div>
            { export_bar(&report, "ssocheck-saml") }
            <div class="actions">
                <button type="button" class="secondary" id="saml-copy-redacted" onclick={on_redacted}>{"Copy redacted"}</button>
                <span id="saml-redact-status" class="status" role="status" aria-live="polite"></span>
            </div>
            { prose(r#"<p class="field-help">The report leaves assertion values out unless you include them. "Copy redacted" gives the XML and findings with emails, names and attribute values replaced consistently, for support.</p>"#) }
        </section>
    }
}

/// A "Show all" callback while the list is folded, `None` once the user unfolded it.
fn unfold(
    slot: &UseStateHandle<Option<Outcome>>,
    is_open: bool,
    open: fn(&mut Unfolded),
) -> Option<Callback<MouseEvent>> {
    if is_open {
        return None;
    }
    let slot = slot.clone();
    Some(Callback::from(move |_: MouseEvent| {
        choose(&slot, |c| open(&mut c.unfolded))
    }))
}

/// One message: facts, findings, attributes, certificates and XML. A plain function: the "Show
/// all" state of its long lists lives in the outcome's `ResultChoices`.
fn message_view(
    analysis: &Rc<Analysis>,
    index: usize,
    slot: &UseStateHandle<Option<Outcome>>,
    unfolded: Unfolded,
) -> Html {
    let Some(m) = analysis.messages.get(index) else {
        return Html::default();
    };
    let more_findings = unfold(slot, unfolded.findings, |u| u.findings = true);
    let more_attributes = unfold(slot, unfolded.attributes, |u| u.attributes = true);
    let more_xml = unfold(slot, unfolded.xml, |u| u.xml = true);
    html! {
        <article class="card saml-message" data-kind={m.kind.clone()} aria-labelledby="saml-message-h">
            <h3 id="saml-message-h">{ m.label.clone() }</h3>
            <dl class="saml-facts">
                { prose(r#"<dt>Message</dt>"#) }<dd>{ m.kind.clone() }</dd>
                if !m.decoded_as.is_empty() { { prose(r#"<dt>Decoded as</dt>"#) }<dd>{ m.decoded_as.clone() }</dd> }
                { prose(r#"<dt>Rules applied</dt>"#) }<dd class="saml-flow" data-flow={m.flow.as_str()}>{ m.flow.label() }<span class="muted">{ format!(" — {}", m.flow_reason) }</span></dd>
                if let Some(n) = &m.nameid { { prose(r#"<dt>NameID</dt>"#) }<dd class="mono">{ n.clone() }</dd> }
            </dl>
            { prose(r#"<h4>Findings</h4>"#) }
            { finding_list_folded(&m.findings, "Findings", more_findings) }
            <h4>{ format!("Attributes ({})", m.attributes.len()) }</h4>
            if m.attributes.is_empty() {
                { prose(r#"<p class="muted">No attributes in this message.</p>"#) }
            } else {
                { attribute_table(&m.attributes, more_attributes) }
            }
            if !m.certificates.is_empty() {
                <h4>{ if m.certificates.len() == 1 { "Signing certificate".to_string() } else { format!("Certificates ({})", m.certificates.len()) } }</h4>
                { for m.certificates.iter().map(cert_card) }
            }
            if !m.xml_pretty.is_empty() {
                { prose(r#"<h4>XML</h4>"#) }
                { xml_view(m, more_xml) }
            }
        </article>
    }
}

fn short_format(f: &str) -> String {
    f.strip_prefix("urn:oasis:names:tc:SAML:2.0:attrname-format:")
        .unwrap_or(f)
        .to_string()
}

fn attribute_row(r: &AttributeRow) -> Html {
    html! {
        <tr data-attribute={r.name.clone()}>
            <td><code>{ r.name.clone() }</code></td>
            <td class="small" title={r.name_format.clone()}>{ short_format(&r.name_format) }</td>
            <td class="saml-values">
                if r.values.is_empty() { { prose(r#"<span class="muted">(no value)</span>"#) } }
                { for r.values.iter().map(|v| html! { <div class="mono">{ v.clone() }</div> }) }
            </td>
            <td class="small">{ r.meaning.clone() }</td>
            <td class="small">{ r.line }</td>
        </tr>
    }
}

/// The attribute table; the first `ATTR_LIMIT` rows while `show_all` is given.
fn attribute_table(rows: &[AttributeRow], show_all: Option<Callback<MouseEvent>>) -> Html {
    let shown = if show_all.is_some() {
        rows.len().min(ATTR_LIMIT)
    } else {
        rows.len()
    };
    html! {
        <>
            <div class="table-wrap">
                <table class="saml-attributes">
                    <caption class="muted small">{"Attributes in the assertion and what AWS does with them"}</caption>
                    <thead><tr>
                        <th scope="col">{"Name"}</th><th scope="col">{"Name format"}</th><th scope="col">{"Values"}</th>
                        <th scope="col">{"What AWS does with it"}</th><th scope="col">{"Line"}</th>
                    </tr></thead>
                    <tbody>{ for rows[..shown].iter().map(attribute_row) }</tbody>
                </table>
            </div>
            if shown < rows.len() {
                <div class="actions">
                    <span class="muted small">{ format!("Showing {shown} of {} attributes.", rows.len()) }</span>
                    <button type="button" class="secondary" onclick={show_all}>{ format!("Show all {}", rows.len()) }</button>
                </div>
            }
        </>
    }
}

fn cert_card(c: &CertInfo) -> Html {
    let (sev, state) = if c.days_left < 0 {
        (
            Severity::Error,
            format!("expired {} days ago", -c.days_left),
        )
    } else if c.days_left < 90 {
        (Severity::Warning, format!("{} days left", c.days_left))
    } else {
        (Severity::Pass, format!("{} days left", c.days_left))
    };
    html! {
        <div class="card saml-cert">
            <dl class="saml-facts">
                { prose(r#"<dt>Subject</dt>"#) }<dd class="mono">{ c.subject.clone() }</dd>
                { prose(r#"<dt>Issuer</dt>"#) }<dd class="mono">{ c.issuer.clone() }</dd>
                { prose(r#"<dt>Valid from</dt>"#) }<dd>{ c.not_before.clone() }</dd>
                { prose(r#"<dt>Valid until</dt>"#) }<dd>{ c.not_after.clone() }{" "}<span class={format!("badge sev-{}", sev.as_str())}>{ state }</span></dd>
                { prose(r#"<dt>Key</dt>"#) }<dd>{ c.key.clone() }</dd>
                { prose(r#"<dt>SHA-256 fingerprint</dt>"#) }<dd class="mono saml-fp">{ c.sha256_fingerprint.clone() }</dd>
                { prose(r#"<dt>XML line</dt>"#) }<dd>{ c.line }</dd>
            </dl>
        </div>
    }
}

/// The pretty XML with line numbers; the first `XML_LIMIT` lines while `show_all` is given.
fn xml_view(m: &MessageAnalysis, show_all: Option<Callback<MouseEvent>>) -> Html {
    let lines = &m.xml_pretty;
    let shown = if show_all.is_some() {
        lines.len().min(XML_LIMIT)
    } else {
        lines.len()
    };
    let hl = &m.highlight_lines;
    let hl_note = if hl.is_empty() {
        String::new()
    } else {
        let mut v: Vec<String> = hl.iter().take(30).map(|l| l.to_string()).collect();
        if hl.len() > 30 {
            v.push(format!("and {} more", hl.len() - 30));
        }
        format!(
            "Highlighted line{}: {}.",
            if hl.len() == 1 { "" } else { "s" },
            v.join(", ")
        )
    };
    html! {
        <>
            if !hl_note.is_empty() { <p class="small muted">{ hl_note }</p> }
            <pre class="code saml-xml" tabindex="0" aria-label="Pretty-printed XML with line numbers">
                { for lines[..shown].iter().enumerate().map(|(i, l)| {
                    let n = i as u32 + 1;
                    let is_hl = hl.binary_search(&n).is_ok();
                    html! {
                        <><span class={if is_hl { "xl hl" } else { "xl" }} data-line={is_hl.then(|| n.to_string())}><span class="ln">{ n }</span>{ l.clone() }</span>{"\n"}</>
                    }
                }) }
            </pre>
            if shown < lines.len() {
                <div class="actions">
                    <span class="muted small">{ format!("Showing {shown} of {} lines.", lines.len()) }</span>
                    <button type="button" class="secondary" onclick={show_all}>{ format!("Show all {} lines", lines.len()) }</button>
                </div>
            }
        </>
    }
}
