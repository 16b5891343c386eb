//! `#/clock`: this device's clock against the page's own server, the phone's authenticator clock via
//! a throw-away test secret, and a live view of the current TOTP step. The rules live in
//! `crate::clock`; this page only gathers inputs (times, typed codes) and shows results.

mod live;
mod phone;

use std::rc::Rc;

use yew::prelude::*;

use crate::clock::estimate::{Estimate, Measurement, NoReference};
use crate::clock::verdict::{self, PhoneVerdict, Verdict};
use crate::clock::{probe, report_section};
use crate::report::Report;
use crate::ui::components::export::export_bar;
use crate::ui::components::findings::finding_list;
use crate::ui::components::prose;

/// Ten samples: enough for the bisection to reach about the round-trip time (see the estimator's
/// tests), short enough (≤ ~10 s) that people wait for it.
pub const SAMPLES: usize = 10;

#[derive(Clone, PartialEq)]
enum ProbeState {
    Measuring,
    /// The result and the notes of `ssocheck-config.json` (ignored references).
    Done(Rc<(Result<Measurement, NoReference>, Vec<String>)>),
}

#[function_component(ClockPage)]
pub fn page() -> Html {
    let state = use_state(|| ProbeState::Measuring);
    let run = use_state(|| 0u32);
    let phone = use_state(|| None::<PhoneVerdict>);
    {
        let state = state.clone();
        use_effect_with(*run, move |_| {
            state.set(ProbeState::Measuring);
            let cancelled = Rc::new(std::cell::Cell::new(false));
            let flag = cancelled.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let r = probe::measure_configured(SAMPLES, &flag).await;
                if !flag.get() {
                    state.set(ProbeState::Done(Rc::new(r)));
                }
            });
            // Leaving the page (or measuring again) stops the running measurement.
            move || cancelled.set(true)
        });
    }
    let again = {
        let run = run.clone();
        Callback::from(move |_: MouseEvent| run.set(*run + 1))
    };
    let estimate: Option<Estimate> = match &*state {
        ProbeState::Done(r) => r.0.as_ref().ok().map(|m| m.estimate),
        ProbeState::Measuring => None,
    };
    let verdict: Option<Verdict> = match &*state {
        ProbeState::Done(r) => {
            let mut v = match &r.0 {
                Ok(m) => verdict::evaluate(m),
                Err(e) => verdict::no_reference(e),
            };
            for n in &r.1 {
                v.facts.push(("Config note".into(), n.clone()));
            }
            Some(v)
        }
        ProbeState::Measuring => None,
    };
    let on_phone = {
        let phone = phone.clone();
        Callback::from(move |v: Option<PhoneVerdict>| phone.set(v))
    };
    let measuring = matches!(*state, ProbeState::Measuring);

    html! {
        <>
            { prose(r#"<h1>Clock and authenticator codes</h1>"#) }
            { prose(r#"<p class="lead">Authenticator-app codes (TOTP) change every 30 seconds and are only accepted when the app's clock agrees with the server's. This page measures this device's clock against this page's own server, and your phone's authenticator clock through a throw-away test code.</p>"#) }

            <section class="card clock-card" aria-labelledby="device-clock-h">
                { prose(r#"<h2 id="device-clock-h">This device's clock</h2>"#) }
                { verdict_view(measuring, verdict.as_ref()) }
                { reference_view(&state) }
                <div class="actions">
                    <button type="button" class="secondary" onclick={again} disabled={measuring}>{"Measure again"}</button>
                </div>
                { prose(r#"<p class="small muted">How: the page asks its own server for a small file several times, reads the server's Date header (whole seconds) and times each answer, then keeps only the offsets all answers agree on. Nothing leaves this page except those requests to its own server.</p>"#) }
                { prose(r#"<p class="best-knowledge">Best knowledge: AWS does not publish how far a code may be off. The colours (green below 2 s, amber from 2 s, red from 15 s) follow RFC 6238's advice of accepting at most one 30-second step.</p>"#) }
            </section>

            <phone::PhoneTest estimate={estimate} on_result={on_phone} />

            <live::LiveTotp offset_ms={estimate.map(|e| e.offset_ms)} />

            if let Some(v) = &verdict {
                <section aria-labelledby="clock-report-h">
                    { prose(r#"<h2 id="clock-report-h">Findings and report</h2>"#) }
                    { finding_list(&report_section(v, (*phone).as_ref()).findings, "Findings") }
                    { export_bar(&Rc::new(Report::new(vec![report_section(v, (*phone).as_ref())])), "ssocheck-clock") }
                </section>
            }
        </>
    }
}

/// Which reference was measured, and why configured references were ignored.
fn reference_view(state: &ProbeState) -> Html {
    let ProbeState::Done(r) = state else {
        return Html::default();
    };
    html! {
        <>
            if let Ok(m) = &r.0 {
                <p id="clock-reference" class="small">{ format!("Reference used: {}.", m.reference) }</p>
            }
            if !r.1.is_empty() {
                <ul id="clock-config-notes" class="small" aria-label="Notes on ssocheck-config.json">
                    { for r.1.iter().map(|n| html! { <li>{ n }</li> }) }
                </ul>
            }
        </>
    }
}

fn verdict_view(measuring: bool, v: Option<&Verdict>) -> Html {
    match (measuring, v) {
        (true, _) | (false, None) => html! {
            <div id="clock-verdict" class="clock-verdict colour-grey" role="status" aria-live="polite" aria-busy="true" data-state="measuring">
                { prose(r#"<p class="verdict">Measuring this device's clock…</p>"#) }
                <progress aria-label="Measuring"></progress>
            </div>
        },
        (false, Some(v)) => {
            let offset = v.offset_ms.map(|o| format!("{o:.0}"));
            let unc = v.uncertainty_ms.map(|u| format!("{u:.0}"));
            html! {
                <div id="clock-verdict" class={format!("clock-verdict colour-{}", v.colour.as_str())} role="status" aria-live="polite"
                    data-state="done" data-colour={v.colour.as_str()} data-offset-ms={offset} data-uncertainty-ms={unc}>
                    <p class="verdict">{ &v.headline }</p>
                    <p>{ &v.totp }</p>
                </div>
            }
        }
    }
}
