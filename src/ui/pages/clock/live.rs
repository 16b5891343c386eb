//! Live view: the current TOTP step, the seconds left in it and the corrected UTC time, updated every
//! second. It also watches the wall clock against the monotonic clock during the visit.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::browser::{now_ms, perf_now};
use crate::clock::hints::{wall_jump, ClockPair, WALL_JUMP_THRESHOLD_MS};
use crate::clock::hotp::{ms_left_in_step, step_of};
use crate::clock::verdict::fmt_magnitude;
use crate::time::format_rfc3339;
use crate::ui::components::prose;

#[derive(Properties, PartialEq)]
pub struct LiveProps {
    /// This device's offset (device − reference), when measured.
    pub offset_ms: Option<f64>,
}

#[function_component(LiveTotp)]
pub fn live(props: &LiveProps) -> Html {
    let now = use_state(now_ms);
    let jump = use_state(|| None::<f64>);
    {
        let now = now.clone();
        let jump = jump.clone();
        use_effect_with((), move |_| {
            let pairs: Rc<RefCell<Vec<ClockPair>>> = Rc::default();
            let tick = Interval::new(1000, move || {
                let (w, m) = (js_sys::Date::now(), perf_now());
                let mut p = pairs.borrow_mut();
                // Keep the first reading as the baseline and a bounded window after it.
                if p.len() >= 600 {
                    p.remove(1);
                }
                p.push(ClockPair {
                    wall_ms: w,
                    mono_ms: m,
                });
                if let Some(j) = wall_jump(&p, WALL_JUMP_THRESHOLD_MS) {
                    jump.set(Some(j.jump_ms));
                }
                now.set(w as i64);
            });
            // Dropping the interval clears it.
            move || drop(tick)
        });
    }
    let offset = props.offset_ms.unwrap_or(0.0);
    let corrected = (*now).saturating_sub(offset.round() as i64);
    let secs = corrected.div_euclid(1000) * 1000;
    let left = (ms_left_in_step(corrected) + 999) / 1000;
    html! {
        <section class="card clock-card" aria-labelledby="live-h">
            { prose(r#"<h2 id="live-h">Live time step</h2>"#) }
            <dl class="live-grid">
                <div><dt>{ if props.offset_ms.is_some() { "Corrected UTC time" } else { "This device's UTC time (not corrected)" } }</dt>
                    <dd class="mono" id="live-utc">{ format_rfc3339(secs) }</dd></div>
                <div>{ prose(r#"<dt>Current TOTP step</dt>"#) }<dd class="mono" id="live-step">{ step_of(corrected) }</dd></div>
                <div>{ prose(r#"<dt>Seconds left in this step</dt>"#) }<dd class="mono" id="live-left">{ left }</dd></div>
            </dl>
            if let Some(j) = *jump {
                <p class="notice warn" role="status">{ format!("This device's clock moved {} {} while the page was open. Measure again once it has settled.", fmt_magnitude(j), if j < 0.0 { "back" } else { "forward" }) }</p>
            }
        </section>
    }
}
