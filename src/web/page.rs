//! The page's lifecycle: `pagehide` (unloaded, or put in the back/forward
//! cache) and `pageshow` when it comes back from that cache.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

/// Listens while it lives.
pub struct Lifecycle {
    window: web_sys::Window,
    handler: Closure<dyn FnMut(JsValue)>,
}

const EVENTS: [&str; 2] = ["pagehide", "pageshow"];

impl Lifecycle {
    /// Calls `on_change(true)` when the page is hidden and `on_change(false)`
    /// when it is shown again from the back/forward cache. `None` outside a
    /// window (a worker).
    pub fn watch(mut on_change: impl FnMut(bool) + 'static) -> Option<Lifecycle> {
        let window = web_sys::window()?;
        let handler = Closure::new(move |e: JsValue| {
            let kind = Reflect::get(&e, &"type".into())
                .ok()
                .and_then(|t| t.as_string());
            let persisted = Reflect::get(&e, &"persisted".into()).is_ok_and(|p| p.is_truthy());
            match kind.as_deref() {
                Some("pagehide") => on_change(true),
                _ if persisted => on_change(false),
                _ => {}
            }
        });
        for event in EVENTS {
            let _ =
                window.add_event_listener_with_callback(event, handler.as_ref().unchecked_ref());
        }
        Some(Lifecycle { window, handler })
    }
}

impl Drop for Lifecycle {
    fn drop(&mut self) {
        for event in EVENTS {
            let _ = self
                .window
                .remove_event_listener_with_callback(event, self.handler.as_ref().unchecked_ref());
        }
    }
}
