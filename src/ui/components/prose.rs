//! Static prose: fixed HTML written by us, compiled into the page as text.
//!
//! Why: every element written in `html!` becomes wasm code that builds it (about 100 bytes each),
//! while the same element as HTML text costs its characters and compresses several times better.
//! Long explanatory text therefore lives in `.html` files beside the page that shows it, and
//! fixed headings and paragraphs inside `html!` are written as `prose(r#"<h2>…</h2>"#)`.
//!
//! The fragment is parsed in a `<div>`, so it must not be a table part (`<tr>`, `<td>`...): the
//! HTML parser drops those outside a table. Whole tables are fine.
//!
//! Only `&'static str` is accepted, so nothing a user pasted or a link carried can reach this path:
//! dynamic values are always rendered by `html!` as text nodes.

use yew::prelude::*;

/// Renders a fixed HTML fragment (one or more elements) written by us.
pub fn prose(html: &'static str) -> Html {
    Html::from_html_unchecked(AttrValue::Static(html))
}
