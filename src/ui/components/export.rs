//! "Copy report" (text, Markdown) and "Download JSON" for any tool's report.

use std::rc::Rc;

use yew::prelude::*;

use crate::report::Report;
use crate::ui::browser;

#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    pub report: Rc<Report>,
    /// File name stem for the JSON download, e.g. `ssocheck-saml`.
    pub name: AttrValue,
}

#[function_component(ExportBar)]
pub fn export_bar(props: &ExportBarProps) -> Html {
    let status = use_state(String::new);
    let copy = |make: fn(&Report) -> String, what: &'static str| {
        let report = props.report.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let text = make(&report);
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => status.set(format!("{what} report copied to the clipboard.")),
                    Err(e) => {
                        status.set(format!("Could not copy ({e}). Use Download JSON instead."))
                    }
                }
            });
        })
    };
    let download = {
        let report = props.report.clone();
        let status = status.clone();
        let name = props.name.clone();
        Callback::from(move |_: MouseEvent| {
            match browser::download(
                &format!("{name}.json"),
                "application/json",
                &report.to_json(),
            ) {
                Ok(()) => status.set("JSON report downloaded.".into()),
                Err(e) => status.set(format!("Download failed: {e}")),
            }
        })
    };
    html! {
        <div class="actions export-bar">
            <button type="button" class="secondary" onclick={copy(Report::to_text, "Text")}>{"Copy report"}</button>
            <button type="button" class="secondary" onclick={copy(Report::to_markdown, "Markdown")}>{"Copy as Markdown"}</button>
            <button type="button" class="secondary" onclick={download}>{"Download JSON"}</button>
            <span class="status" role="status" aria-live="polite">{ (*status).clone() }</span>
        </div>
    }
}
