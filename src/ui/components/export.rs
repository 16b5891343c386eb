//! "Copy report" (text, Markdown) and "Download JSON" for any tool's report.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::report::Report;
use crate::ui::browser;

/// The bar's status line, found from the clicked button. Written directly rather than through
/// component state: the bar is then a plain function, and Yew leaves the text alone because the
/// rendered span has no children of its own.
pub(crate) fn status_of(e: &MouseEvent) -> Option<web_sys::Element> {
    e.target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(".export-bar")
        .ok()??
        .query_selector(".status")
        .ok()?
}

pub(crate) fn say(status: &Option<web_sys::Element>, text: &str) {
    if let Some(s) = status {
        s.set_text_content(Some(text));
    }
}

/// The export buttons for `report`; `name` is the file name stem of the JSON download, e.g.
/// `ssocheck-saml`.
pub fn export_bar(report: &Rc<Report>, name: &str) -> Html {
    let copy = |make: fn(&Report) -> String, what: &'static str| {
        let report = report.clone();
        Callback::from(move |e: MouseEvent| {
            let text = make(&report);
            let status = status_of(&e);
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => say(&status, &format!("{what} report copied to the clipboard.")),
                    Err(e) => say(
                        &status,
                        &format!("Could not copy ({e}). Use Download JSON instead."),
                    ),
                }
            });
        })
    };
    let download = {
        let report = report.clone();
        let file = format!("{name}.json");
        Callback::from(move |e: MouseEvent| {
            let status = status_of(&e);
            match browser::download(&file, "application/json", &report.to_json()) {
                Ok(()) => say(&status, "JSON report downloaded."),
                Err(e) => say(&status, &format!("Download failed: {e}")),
            }
        })
    };
    html! {
        <div class="actions export-bar">
            <button type="button" class="secondary" onclick={copy(Report::to_text, "Text")}>{"Copy report"}</button>
            <button type="button" class="secondary" onclick={copy(Report::to_markdown, "Markdown")}>{"Copy as Markdown"}</button>
            <button type="button" class="secondary" onclick={download}>{"Download JSON"}</button>
            <span class="status" role="status" aria-live="polite"></span>
        </div>
    }
}
