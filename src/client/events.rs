//! What the app can listen to (`auth.on(type, listener)` in js/index.js),
//! and the step log of `debug: true`: both go through the event sink the JS
//! entry puts on the token mirror.

use wasm_bindgen::JsValue;

use super::Client;

/// An event of the SDK, as `auth.on` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Event {
    /// A login completed in this tab (`handleRedirectCallback`).
    LoginComplete,
    /// This tab's access token is new: refreshed here or rotated by a peer.
    TokenRefreshed,
    /// The refresh token was rejected: the session is gone.
    SessionExpired,
    /// The session ended: logout in this tab or in another one.
    LoggedOut,
}

impl Event {
    fn name(self) -> &'static str {
        match self {
            Event::LoginComplete => "loginComplete",
            Event::TokenRefreshed => "tokenRefreshed",
            Event::SessionExpired => "sessionExpired",
            Event::LoggedOut => "loggedOut",
        }
    }
}

impl Client {
    /// Tells the app's listeners of `event`.
    pub(super) fn emit(&self, event: Event) {
        self.mirror.emit(event.name(), &JsValue::UNDEFINED);
    }

    /// Logs a step when `debug` is on. `step` never holds a secret: callers
    /// pass fixed text, and numbers at most.
    pub(super) fn debug(&self, step: &str) {
        if self.config.debug {
            self.mirror.emit("debug", &step.into());
        }
    }
}
