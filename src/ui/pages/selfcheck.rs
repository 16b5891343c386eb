//! `#/selfcheck`: one click (or `auto=1`) runs the areas a support link asks for, with a visible
//! progress indicator, then a plain-words summary per area, the details, and the report export.
//!
//! Link parameters are validated by `links::parse_selfcheck`; anything rejected is shown as a note, as
//! text (Yew escapes it), never executed.

use std::rc::Rc;

use yew::prelude::*;

use crate::browser;
use crate::links::parse_selfcheck;
use crate::report::Section;
use crate::selfcheck::areas::{self, AreaOutcome};
use crate::selfcheck::progress_label;
use crate::selfcheck::summary::{area_title, build_report, summarize, Status, TimeSource};
use crate::ui::components::export::export_bar;
use crate::ui::components::findings::finding_list;
use crate::ui::components::prose;

#[derive(Properties, PartialEq)]
pub struct SelfcheckProps {
    pub params: Vec<(String, String)>,
}

#[derive(Clone, PartialEq, Default)]
struct State {
    /// Incremented on every start so that results of an abandoned run are ignored.
    run: u32,
    running: bool,
    /// Area currently running.
    current: Option<&'static str>,
    total: usize,
    sections: Vec<Section>,
    clock_offset_ms: Option<i64>,
    /// Device time when the run finished.
    finished_ms: Option<i64>,
}

enum Action {
    Start {
        run: u32,
        total: usize,
    },
    AreaStarted {
        run: u32,
        area: &'static str,
    },
    AreaDone {
        run: u32,
        section: Section,
        clock_offset_ms: Option<i64>,
    },
    Finished {
        run: u32,
        now_ms: i64,
    },
    Reset,
}

impl Reducible for State {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Start { run, total } => {
                s = State {
                    run,
                    running: true,
                    total,
                    ..State::default()
                };
            }
            Action::AreaStarted { run, area } if run == s.run => s.current = Some(area),
            Action::AreaDone {
                run,
                section,
                clock_offset_ms,
            } if run == s.run => {
                s.sections.push(section);
                if clock_offset_ms.is_some() {
                    s.clock_offset_ms = clock_offset_ms;
                }
            }
            Action::Finished { run, now_ms } if run == s.run => {
                s.running = false;
                s.current = None;
                s.finished_ms = Some(now_ms);
            }
            Action::Reset => {
                s = State {
                    run: s.run + 1,
                    ..State::default()
                }
            }
            _ => return self,
        }
        Rc::new(s)
    }
}

/// Starts a run. `force` starts even if the handle's snapshot shows a run in progress (a new link
/// replaces the old run, whose late results are then ignored by their run number).
fn start(state: &UseReducerHandle<State>, areas_to_run: Vec<&'static str>, force: bool) {
    if state.running && !force {
        return;
    }
    let run = state.run + 1;
    let dispatch = state.dispatcher();
    dispatch.dispatch(Action::Start {
        run,
        total: areas_to_run.len(),
    });
    wasm_bindgen_futures::spawn_local(async move {
        for area in areas_to_run {
            dispatch.dispatch(Action::AreaStarted { run, area });
            let AreaOutcome {
                section,
                clock_offset_ms,
            } = areas::run(area).await;
            dispatch.dispatch(Action::AreaDone {
                run,
                section,
                clock_offset_ms,
            });
        }
        dispatch.dispatch(Action::Finished {
            run,
            now_ms: browser::now_ms(),
        });
    });
}

fn status_badge(s: Status) -> Html {
    html! { <span class={format!("badge sev-{}", s.css())}>{ s.label() }</span> }
}

#[function_component(SelfcheckPage)]
pub fn page(props: &SelfcheckProps) -> Html {
    let p = Rc::new(parse_selfcheck(&props.params));
    let state = use_reducer(State::default);

    // On arrival and whenever the link changes: forget old results; start if the link says auto=1.
    {
        let state = state.clone();
        let p = p.clone();
        use_effect_with(props.params.clone(), move |_| {
            state.dispatch(Action::Reset);
            if p.auto_start {
                // Let the reset render first, then start from a clean state.
                let state = state.clone();
                let areas_to_run = p.areas.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    start(&state, areas_to_run, true);
                });
            }
        });
    }

    let on_run = {
        let state = state.clone();
        let areas_to_run = p.areas.clone();
        Callback::from(move |_: MouseEvent| start(&state, areas_to_run.clone(), false))
    };

    // When a run finishes, keyboard and screen-reader users land on the result.
    use_effect_with(state.finished_ms, |finished| {
        if finished.is_some() {
            browser::focus_id("selfcheck-summary");
        }
    });

    let done = state.sections.len();
    let finished = state.finished_ms.is_some();
    let area_names: Vec<&str> = p.areas.iter().map(|a| area_title(a)).collect();

    let progress = if state.running {
        let label = state.current.map(progress_label).unwrap_or("Starting");
        html! {
            <div class="selfcheck-progress">
                <label for="selfcheck-progress">{"Self-check progress"}</label>
                <progress id="selfcheck-progress" max={state.total.to_string()} value={done.to_string()}>
                    { format!("{done} of {}", state.total) }
                </progress>
                <p role="status" aria-live="polite" class="status">{ format!("{label}… ({} of {})", (done + 1).min(state.total), state.total) }</p>
            </div>
        }
    } else {
        html! { <p role="status" aria-live="polite" class="status">{ if finished { format!("Finished: {done} of {done} areas checked.") } else { String::new() } }</p> }
    };

    let results = if finished {
        let summary = summarize(&state.sections);
        let source = match state.clock_offset_ms {
            Some(offset_ms) => TimeSource::Reference { offset_ms },
            None => TimeSource::Device,
        };
        let report = Rc::new(build_report(
            p.case_id.as_deref(),
            &state.sections,
            state.finished_ms.unwrap_or_else(browser::now_ms),
            source,
            &p.notes,
        ));
        let when = report.generated_at.clone().unwrap_or_default();
        let time_note = report
            .sections
            .first()
            .and_then(|s| s.facts.iter().find(|(k, _)| k == "Time source"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        html! {
            <>
                <section class={format!("card selfcheck-summary overall-{}", summary.overall.css())} aria-labelledby="selfcheck-summary">
                    { prose(r#"<h2 id="selfcheck-summary" tabindex="-1">Summary</h2>"#) }
                    <p class="verdict">{ status_badge(summary.overall) }{" "}{ &summary.headline }</p>
                    <ul class="area-summary">
                        { for summary.areas.iter().map(|a| html! {
                            <li class={format!("area {}", a.status.css())} data-area={a.area.clone()} data-status={a.status.label().to_ascii_lowercase()}>
                                <div class="area-head">{ status_badge(a.status) }<strong>{ &a.title }</strong></div>
                                <p>{ &a.headline }</p>
                                if !a.next_steps.is_empty() {
                                    <p class="small">{ prose(r#"<strong>What to do next:</strong>"#) }</p>
                                    <ul class="next-steps">{ for a.next_steps.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                                }
                            </li>
                        }) }
                    </ul>
                    <p class="small muted">{ format!("Report time {when}: {time_note}.") }</p>
                </section>
                { prose(r#"<h2>Send the report</h2>"#) }
                { prose(r#"<p>Copy the report and paste it into your reply to support. It contains the results above and no passwords, codes or personal data.</p>"#) }
                { export_bar(&report, &format!("ssocheck-selfcheck{}", p.case_id.as_deref().map(|c| format!("-{c}")).unwrap_or_default())) }
                { prose(r#"<h2>Details</h2>"#) }
                { for state.sections.iter().map(|s| html! {
                    <section class="card area-details" aria-labelledby={format!("area-{}", s.area)} data-area={s.area.clone()}>
                        <h3 id={format!("area-{}", s.area)}>{ &s.title }</h3>
                        if !s.facts.is_empty() {
                            <dl class="facts">
                                { for s.facts.iter().map(|(k, v)| html! { <><dt>{ k }</dt><dd>{ v }</dd></> }) }
                            </dl>
                        }
                        { finding_list(&s.findings, &format!("{} findings", s.title)) }
                    </section>
                }) }
            </>
        }
    } else {
        Html::default()
    };

    html! {
        <>
            { prose(r#"<h1>Self-check</h1>"#) }
            { prose(r#"<p class="lead">One click checks this browser and device for the usual causes of IAM Identity Center sign-in problems. Everything runs in this page; the only network request goes to this site itself, to read its clock.</p>"#) }
            if let Some(case) = &p.case_id {
                <p class="case-id">{"Support case: "}<strong data-case-id="">{ case }</strong></p>
            }
            if !p.notes.is_empty() {
                <div class="notice warn link-notes" role="note" aria-label="Link notes">
                    <p>{ prose(r#"<strong>Parts of the link you followed were ignored:</strong>"#) }</p>
                    <ul>{ for p.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                </div>
            }
            <p>{"Areas checked: "}{ area_names.join(", ") }{"."}</p>
            <div class="actions">
                <button type="button" id="selfcheck-run" onclick={on_run} disabled={state.running}>
                    { if finished { "Run the self-check again" } else { "Run the self-check" } }
                </button>
            </div>
            { progress }
            { results }
        </>
    }
}
