//! `#/webauthn`: probes in gate order, the verdict in plain words, a test ceremony on click, and the
//! exportable report. The rules live in `crate::webauthn`; this page only renders them.

mod ceremony_view;
mod probe_view;

use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;
use crate::ui::components::export::export_bar;
use crate::ui::components::findings::finding_list;
use crate::ui::components::prose;
use crate::webauthn::results::{Attachment, CeremonyOutcome, ProbeResults};
use crate::webauthn::verdict::{ceremony_findings, evaluate};
use crate::webauthn::{ceremony, probe, report_section};

/// Watchdog seconds from `#/webauthn?watchdog=N` (1–300), so tests and impatient users can shorten it.
fn watchdog_from_hash() -> Option<u32> {
    let loc = crate::links::parse_hash(&crate::browser::current_hash());
    loc.params
        .iter()
        .find(|(k, _)| k == "watchdog")
        .and_then(|(_, v)| v.parse::<u32>().ok())
        .filter(|v| (1..=300).contains(v))
}

#[function_component(WebauthnPage)]
pub fn page() -> Html {
    let probes = use_state(|| None::<Rc<ProbeResults>>);
    let outcome = use_state(|| None::<Rc<CeremonyOutcome>>);
    let running = use_state(|| false);
    let attachment = use_state(|| Attachment::Platform);
    let attestation = use_state(|| "none".to_string());
    let watchdog = use_state(|| {
        watchdog_from_hash()
            .unwrap_or(ceremony::DEFAULT_WATCHDOG_MS / 1000)
            .to_string()
    });

    {
        let probes = probes.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                probes.set(Some(Rc::new(probe::run_probes().await)));
            });
        });
    }

    let start = {
        let (outcome, running, attachment, attestation, watchdog) = (
            outcome.clone(),
            running.clone(),
            attachment.clone(),
            attestation.clone(),
            watchdog.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if *running {
                return;
            }
            let secs = watchdog.parse::<u32>().unwrap_or(60).clamp(1, 300);
            let (outcome, running, att, attn) = (
                outcome.clone(),
                running.clone(),
                *attachment,
                (*attestation).clone(),
            );
            running.set(true);
            outcome.set(None);
            // The ceremony's first step calls create() before any await, close to the click.
            wasm_bindgen_futures::spawn_local(async move {
                let o = ceremony::run(att, &attn, secs * 1000).await;
                outcome.set(Some(Rc::new(o)));
                running.set(false);
            });
        })
    };

    let Some(p) = (*probes).clone() else {
        return html! {
            <>
                { prose(r#"<h1>Security keys and passkeys</h1>"#) }
                { prose(r#"<p class="notice" role="status">Asking the browser what it supports…</p>"#) }
            </>
        };
    };
    let verdict = evaluate(&p);
    let report = Rc::new(Report::new(vec![report_section(&p, outcome.as_deref())]));
    let mut findings = verdict.findings.clone();
    if let Some(o) = outcome.as_deref() {
        findings.extend(ceremony_findings(o));
    }

    html! {
        <>
            { prose(r#"<h1>Security keys and passkeys</h1>"#) }
            { prose(r#"<p class="lead">Why does Identity Center say "Browser not supported" when you register an MFA device? This page asks your browser the same questions, in the same order, and can run a real test registration. Nothing leaves this page.</p>"#) }
            { probe_view::verdict_card(&verdict) }
            { ceremony_view::ceremony_panel(&ceremony_view::CeremonyProps {
                possible: verdict.ceremony_possible,
                running: *running,
                outcome: (*outcome).clone(),
                attachment: *attachment,
                attestation: (*attestation).clone(),
                watchdog: (*watchdog).clone(),
                on_attachment: { let a = attachment.clone(); Callback::from(move |v| a.set(v)) },
                on_attestation: { let a = attestation.clone(); Callback::from(move |v| a.set(v)) },
                on_watchdog: { let w = watchdog.clone(); Callback::from(move |v| w.set(v)) },
                on_start: start,
            }) }
            { probe_view::probe_table(&p, &verdict) }
            { prose(r#"<h2>Findings</h2>"#) }
            { finding_list(&findings, "Findings") }
            { prose(r#"<h2>Report</h2>"#) }
            { prose(r#"<p class="small muted">The report holds the results above without any credential id, user name or this page's host name.</p>"#) }
            { export_bar(&report, "ssocheck-webauthn") }
        </>
    }
}
