//! The page's address: read it, leave it, or rewrite it in place.

use wasm_bindgen::JsValue;

/// Why the page could not navigate.
#[derive(Debug)]
pub enum NavError {
    /// There is no window (a worker, or not a browser).
    NoWindow,
    /// The browser refused the navigation.
    Refused,
}

/// The page's URL.
pub fn current_url() -> Result<String, NavError> {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .ok_or(NavError::NoWindow)
}

/// Navigates to `url` (a new history entry, like a link).
pub fn assign(url: &str) -> Result<(), NavError> {
    web_sys::window()
        .ok_or(NavError::NoWindow)?
        .location()
        .assign(url)
        .map_err(|_| NavError::Refused)
}

/// Replaces the address bar's URL without navigating, keeping `history.state`.
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(url));
    }
}
