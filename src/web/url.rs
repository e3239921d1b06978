//! The browser's own URL parser (the WHATWG URL standard), so that configured
//! URLs compare the way the browser reports the page's address: default ports
//! dropped, the path percent-encoded, the host lowercased.

/// `url` as the browser writes it (`new URL(url).href`); `None` when the
/// browser cannot parse it (the config check then reports it).
pub fn normalize(url: &str) -> Option<String> {
    web_sys::Url::new(url).ok().map(|u| u.href())
}
