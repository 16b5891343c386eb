//! "Copy report", "Copy as Markdown", "Download JSON" and "Copy redacted" for any tool's answer.
//! The engine writes the exports (and does the redaction), so the page carries neither the report
//! writers' code for every format nor the redaction matcher.

use std::rc::Rc;

use yew::prelude::*;

use crate::engine::{Answer, ExportFormat, Reply, Request};
use crate::ui::browser;
use crate::ui::components::export::{say, status_of};
use crate::ui::engine::Engine;

#[derive(Clone, Copy)]
enum Target {
    Copy(&'static str),
    Download,
}

pub fn export_bar(tool: &'static str, answer: Rc<Answer>, engine: Rc<Engine>) -> Html {
    let action = |format: ExportFormat, redacted: bool, target: Target| {
        let answer = answer.clone();
        let engine = engine.clone();
        Callback::from(move |e: MouseEvent| {
            let status = status_of(&e);
            let req = Request::Export {
                answer: (*answer).clone(),
                format,
                redacted,
            };
            let engine = engine.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = match engine.call(&req, 0).await {
                    Ok((Reply::Export(t), _, _)) => t,
                    _ => {
                        say(&status, "Could not prepare the report.");
                        return;
                    }
                };
                match target {
                    Target::Copy(what) => match browser::copy_text(&text).await {
                        Ok(()) => say(&status, &format!("{what} copied to the clipboard.")),
                        Err(e) => say(
                            &status,
                            &format!("Could not copy ({e}). Use Download JSON instead."),
                        ),
                    },
                    Target::Download => {
                        match browser::download(
                            &format!("ssocheck-{tool}.json"),
                            "application/json",
                            &text,
                        ) {
                            Ok(()) => say(&status, "JSON report downloaded."),
                            Err(e) => say(&status, &format!("Download failed: {e}")),
                        }
                    }
                }
            });
        })
    };
    html! {
        <div class="actions export-bar">
            <button type="button" class="secondary" id={format!("{tool}-copy-text")} onclick={action(ExportFormat::Text, false, Target::Copy("Text report"))}>{"Copy report"}</button>
            <button type="button" class="secondary" id={format!("{tool}-copy-markdown")} onclick={action(ExportFormat::Markdown, false, Target::Copy("Markdown report"))}>{"Copy as Markdown"}</button>
            <button type="button" class="secondary" id={format!("{tool}-download-json")} onclick={action(ExportFormat::Json, false, Target::Download)}>{"Download JSON"}</button>
            <button type="button" class="secondary" id={format!("{tool}-copy-redacted")} onclick={action(ExportFormat::Text, true, Target::Copy("Redacted analysis"))}>{"Copy redacted"}</button>
            <span class="status" role="status" aria-live="polite"></span>
        </div>
    }
}
