//! The page's lifecycle: `pagehide`, when the page is unloaded or put in the
//! back/forward cache.

use wasm_bindgen::prelude::*;

/// Calls `f` at every `pagehide`, for the page's life (nothing outside a
/// window). The listener is never removed: `f` holds what it needs weakly.
pub fn on_hide(f: impl FnMut() + 'static) {
    if let Some(window) = web_sys::window() {
        // The channel's closure type (an event, unread): one set of glue.
        let mut f = f;
        let handler =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |_| f()).into_js_value();
        let _ = window.add_event_listener_with_callback("pagehide", handler.unchecked_ref());
    }
}
