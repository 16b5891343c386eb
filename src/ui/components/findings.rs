//! Renders findings as linters do: severity, rule id, message, evidence, fix.

use yew::prelude::*;

use crate::finding::{counts, Finding, Severity};

/// Problems rendered before a "Show all" button: a 10 MB SAML response can carry 20,000 findings,
/// and rendering them all blocked Chromium for 16 s.
const SHOWN: usize = 200;

#[derive(Properties, PartialEq)]
pub struct FindingListProps {
    pub findings: Vec<Finding>,
    /// Hide passing checks behind a disclosure to keep the problems in view.
    #[prop_or(true)]
    pub fold_passes: bool,
    /// Accessible name of the list's region; give each list on a page its own ("Clock findings").
    #[prop_or(AttrValue::Static("Findings"))]
    pub label: AttrValue,
}

pub fn severity_badge(s: Severity) -> Html {
    html! { <span class={classes!("badge", format!("sev-{}", s.as_str()))}>{ s.label() }</span> }
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
        <li class={classes!("finding", f.severity.as_str())} data-check={f.check.clone()}>
            <div class="finding-head">
                { severity_badge(f.severity) }
                <span class="finding-title">{ &f.title }</span>
                <a class="check-id" href={format!("#/checks?id={}", f.check)} title="What this check does">{ &f.check }</a>
            </div>
            <p>{ &f.message }</p>
            { evidence.unwrap_or_default() }
            if !f.fix.is_empty() { <p class="fix"><strong>{"Fix: "}</strong>{ &f.fix }</p> }
        </li>
    }
}

#[function_component(FindingList)]
pub fn finding_list(props: &FindingListProps) -> Html {
    let all = use_state(|| false);
    let [e, w, i, p] = counts(&props.findings);
    let (problems, passes): (Vec<&Finding>, Vec<&Finding>) = props
        .findings
        .iter()
        .partition(|f| !(props.fold_passes && f.severity == Severity::Pass));
    let shown = if *all {
        problems.len()
    } else {
        problems.len().min(SHOWN)
    };
    let show_all = {
        let all = all.clone();
        Callback::from(move |_: MouseEvent| all.set(true))
    };
    html! {
        <section aria-label={props.label.clone()}>
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
