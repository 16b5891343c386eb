//! `#/privacy`: what each tool touches, how to verify that nothing leaves the page, and the response
//! headers a host should send (docs/hosting.md has the full versions).

use yew::prelude::*;

use crate::links::Route;

#[function_component(PrivacyPage)]
pub fn privacy_page() -> Html {
    html! {
        <>
            <h1>{"Privacy: everything runs in your browser"}</h1>
            <p class="lead">{"ssocheck is a static page. It has no server-side code, no analytics, no third-party fonts, scripts or images. What you paste is analysed by WebAssembly inside this tab and is not stored unless you save a report yourself."}</p>
            <h2>{"What each tool touches"}</h2>
            <div class="table-wrap"><table>
                <caption class="muted small">{"What each tool reads, which network requests it makes, and what it stores"}</caption>
                <thead><tr><th scope="col">{"Tool"}</th><th scope="col">{"Reads"}</th><th scope="col">{"Network"}</th><th scope="col">{"Stored"}</th></tr></thead>
                <tbody>
                    <tr><td>{"SAML analyzer"}</td><td>{"Only the text or file you give it."}</td><td>{"None."}</td><td>{"Nothing; context fields last only for this visit. Reports leave out assertion values unless you ask for them."}</td></tr>
                    <tr><td>{"Security keys (WebAuthn)"}</td><td>{"Browser capabilities; a throw-away test credential, only after you click."}</td><td>{"None."}</td><td>{"Nothing. A platform may keep a test passkey; the page tells you how to remove it."}</td></tr>
                    <tr><td>{"Clock & codes"}</td><td>{"The Date header of this page's own server; a test code you type."}</td><td>{"Requests to this page's own origin only, with a unique query so no cache answers them."}</td><td>{"Nothing. The test secret lives in memory and is gone when you leave."}</td></tr>
                    <tr><td>{"Self-check"}</td><td>{"Browser name, version and system (user agent and client hints), secure context, whether cookies and storage work, time zone and languages, and the security-key and clock probes above."}</td><td>{"One request to this page's own origin, for the clock."}</td><td>{"Nothing. The cookie and storage tests write a value, read it back and delete it at once."}</td></tr>
                    <tr><td>{"Offline copy (service worker)"}</td><td>{"This page's own files."}</td><td>{"Downloads this page's files once, from its own origin."}</td><td>{"This page's files, in the browser's cache for this site, so it works without a network. A new release replaces them."}</td></tr>
                </tbody>
            </table></div>
            <p>{"Reports are created only when you press Copy report or Download JSON. They contain the results shown on the page, the case id from your support link, the app version and build, and never passwords, authenticator codes or test secrets."}</p>
            <h2>{"How you can verify it"}</h2>
            <ul>
                <li>{"The page's Content-Security-Policy allows scripts, styles and connections to this origin only ("}<code>{"connect-src 'self'"}</code>{", "}<code>{"default-src 'none'"}</code>{"), allows no inline script, no plugins ("}<code>{"object-src 'none'"}</code>{") and no form submissions ("}<code>{"form-action 'none'"}</code>{"), so the browser itself blocks any request elsewhere."}</li>
                <li>{"Open your browser's developer tools, Network tab, and paste an assertion: no request appears. Run the self-check: the only request goes to this site, for the clock."}</li>
                <li>{"In the developer tools, Application tab, the only storage is the service worker's copy of this page's files."}</li>
                <li>{"The automated tests record every request the page makes and fail if one goes to another origin, if the CSP reports a violation, or if a script put into a link or a pasted value runs."}</li>
            </ul>
            <h2>{"What the host should send"}</h2>
            <p>{"A meta tag cannot set every protection; the host adds these response headers (the hosting guide in the repository has CloudFront, S3, GitHub Pages and nginx versions):"}</p>
            <ul>
                <li><code>{"Content-Security-Policy"}</code>{" with the same policy plus "}<code>{"frame-ancestors 'none'"}</code>{", which only a header can set, so no other site can frame this page."}</li>
                <li><code>{"X-Content-Type-Options: nosniff"}</code>{", "}<code>{"Referrer-Policy: no-referrer"}</code>{", "}<code>{"Strict-Transport-Security"}</code>{"."}</li>
                <li><code>{"Cache-Control: no-cache"}</code>{" on "}<code>{"index.html"}</code>{" and "}<code>{"sw.js"}</code>{" so a new release is found; the clock probe's requests must reach the origin and carry a fresh Date header."}</li>
            </ul>
            <p>{"GitHub Pages cannot send custom headers: there the meta-tag policy applies and framing cannot be forbidden."}</p>
            <p><a href={Route::Selfcheck.path()}>{"Run the self-check"}</a></p>
        </>
    }
}
