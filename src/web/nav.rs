//! The page's address: read it, leave it, or rewrite it in place.

use wasm_bindgen::JsValue;

use crate::core::{AuthError, ErrorCode};

fn no_window() -> AuthError {
    AuthError::new(ErrorCode::InvalidRequest, "this needs a browser window")
}

pub fn current_url() -> Result<String, AuthError> {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .ok_or_else(no_window)
}

/// Navigates to `url` (a new history entry, like a link).
pub fn assign(url: &str) -> Result<(), AuthError> {
    web_sys::window()
        .ok_or_else(no_window)?
        .location()
        .assign(url)
        .map_err(|_| AuthError::new(ErrorCode::InvalidRequest, "the browser refused to navigate"))
}

/// Replaces the address bar's URL without navigating, keeping `history.state`.
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let state = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(url));
    }
}
