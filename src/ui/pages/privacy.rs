//! `#/privacy`: what each tool touches, and how to verify that nothing leaves the page.

use yew::prelude::*;

#[function_component(PrivacyPage)]
pub fn privacy_page() -> Html {
    html! {
        <>
            <h1>{"Privacy: everything runs in your browser"}</h1>
            <p class="lead">{"ssocheck is a static page. It has no server-side code, no analytics, no third-party fonts, scripts or images. What you paste is analysed by WebAssembly inside this tab and is not stored unless you save a report yourself."}</p>
            <h2>{"What each tool touches"}</h2>
            <div class="table-wrap"><table>
                <thead><tr><th scope="col">{"Tool"}</th><th scope="col">{"Reads"}</th><th scope="col">{"Network"}</th><th scope="col">{"Stored"}</th></tr></thead>
                <tbody>
                    <tr><td>{"SAML analyzer"}</td><td>{"Only the text or file you give it."}</td><td>{"None."}</td><td>{"Nothing; context fields last only for this visit."}</td></tr>
                    <tr><td>{"Security keys (WebAuthn)"}</td><td>{"Browser capabilities; a throw-away test credential, only after you click."}</td><td>{"None."}</td><td>{"Nothing. A platform may keep a test passkey; the page tells you how to remove it."}</td></tr>
                    <tr><td>{"Clock & codes"}</td><td>{"The Date header of this page's own server; a test code you type."}</td><td>{"Requests to this page's own origin only."}</td><td>{"Nothing. The test secret lives in memory and is gone when you leave."}</td></tr>
                    <tr><td>{"Self-check"}</td><td>{"All of the above probes."}</td><td>{"Own origin only."}</td><td>{"Nothing, until you copy or download the report."}</td></tr>
                </tbody>
            </table></div>
            <h2>{"How you can verify it"}</h2>
            <ul>
                <li>{"The page's Content-Security-Policy allows scripts, styles and connections to this origin only ("}<code>{"connect-src 'self'"}</code>{"), so the browser itself blocks any request elsewhere."}</li>
                <li>{"Open your browser's developer tools, Network tab, and paste an assertion: no request appears."}</li>
                <li>{"The automated tests record every request the page makes and fail if one goes to another origin."}</li>
            </ul>
        </>
    }
}
