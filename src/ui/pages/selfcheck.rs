//! Placeholder until the self-check lands. It already validates link parameters.

use yew::prelude::*;

use crate::links::parse_selfcheck;

#[derive(Properties, PartialEq)]
pub struct SelfcheckProps {
    pub params: Vec<(String, String)>,
}

#[function_component(SelfcheckPage)]
pub fn page(props: &SelfcheckProps) -> Html {
    let p = parse_selfcheck(&props.params);
    html! {
        <>
            <h1>{"Self-check"}</h1>
            if let Some(case) = &p.case_id { <p>{"Support case: "}<strong>{ case }</strong></p> }
            { for p.notes.iter().map(|n| html! { <p class="notice warn">{ n }</p> }) }
            <p class="notice" role="status">{"Coming: the one-click self-check is being built. Nothing is checked here yet."}</p>
        </>
    }
}
