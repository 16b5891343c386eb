//! Renders findings as linters do: severity, rule id, message, evidence, fix.

use yew::prelude::*;

use crate::finding::{counts, Finding, Severity};
use crate::ui::components::prose;

/// Problems rendered before a "Show all" button where the caller folds the list: a 10 MB SAML
/// response can carry 20,000 findings, and rendering them all blocked Chromium for 16 s.
pub const SHOWN: usize = 200;

pub fn severity_badge(s: Severity) -> Html {
    html! { <span class={format!("badge sev-{}", s.as_str())}>{ s.label() }</span> }
}

fn finding_item(f: &Finding) -> Html {
    let evidence = f.evidence.as_ref().map(|e| {
        let pos = e.position();
        html! {
            <>
                if !e.value.is_empty() { <div class="evidence" aria-label="Evidence">{ &e.value }</div> }
                if !e.location.is_empty() || !pos.is_empty() {
                    <p class="small muted">{"Where: "}{ &e.location }{ if pos.is_empty() { String::new() } else { format!(" ({pos})") } }</p>
                }
            </>
        }
    });
    html! {
        <li class={format!("finding {}", f.severity.as_str())} data-check={f.check.clone()}>
            <div class="finding-head">
                { severity_badge(f.severity) }
                <span class="finding-title">{ &f.title }</span>
                <a class="check-id" href={format!("#/checks?id={}", f.check)} title="What this check does">{ &f.check }</a>
            </div>
            <p>{ &f.message }</p>
            { evidence.unwrap_or_default() }
            if !f.fix.is_empty() { <p class="fix">{ prose(r#"<strong>Fix: </strong>"#) }{ &f.fix }</p> }
        </li>
    }
}

/// The findings, problems first and passing checks folded behind a disclosure. `label` is the
/// accessible name of the list's region; give each list on a page its own ("Clock findings").
/// A plain function rather than a component: it holds no state.
pub fn finding_list(findings: &[Finding], label: &str) -> Html {
    finding_list_folded(findings, label, None)
}

/// Like [`finding_list`]; while `show_all` is given, only the worst [`SHOWN`] problems are rendered,
/// followed by a button that raises it. The caller keeps the folded/unfolded state.
pub fn finding_list_folded(
    findings: &[Finding],
    label: &str,
    show_all: Option<Callback<MouseEvent>>,
) -> Html {
    let [e, w, i, p] = counts(findings);
    let (problems, passes): (Vec<&Finding>, Vec<&Finding>) =
        findings.iter().partition(|f| f.severity != Severity::Pass);
    let shown = if show_all.is_some() {
        problems.len().min(SHOWN)
    } else {
        problems.len()
    };
    html! {
        <section aria-label={label.to_string()}>
            <p class="summary" role="status">
                { format!("{e} error{}, {w} warning{}, {i} info, {p} passed", if e == 1 { "" } else { "s" }, if w == 1 { "" } else { "s" }) }
            </p>
            <ul class="findings">{ for problems[..shown].iter().map(|f| finding_item(f)) }</ul>
            if shown < problems.len() {
                <div class="actions">
                    <span class="muted small">{ format!("Showing the first {shown} of {} findings (worst first).", problems.len()) }</span>
                    <button type="button" class="secondary finding-show-all" onclick={show_all}>{ format!("Show all {}", problems.len()) }</button>
                </div>
            }
            if !passes.is_empty() {
                <details>
                    <summary>{ format!("{} passed check{}", passes.len(), if passes.len() == 1 { "" } else { "s" }) }</summary>
                    <ul class="findings">{ for passes.iter().map(|f| finding_item(f)) }</ul>
                </details>
            }
        </section>
    }
}
