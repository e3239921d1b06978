//! Logout: the session ended here and in the tabs of the same login, the
//! refresh token revoked (RFC 7009, best effort), then Auth0's logout
//! endpoint. Under the refresh lock: a refresh under way (here or in another
//! tab) finishes first, and its rotated session is the one ended.

use super::events::Event;
use super::Client;
use crate::core::authorize::logout_url;
use crate::core::token::revocation_request;
use crate::core::AuthError;
use crate::web::{http, locks, nav};

impl Client {
    /// Takes the refresh lock (held at most as long as a refresh), clears
    /// the session, tells the other tabs, revokes the refresh token (best
    /// effort, within `timeoutMs`), removes every key of this client, then,
    /// unless `local_only`, goes to the logout endpoint.
    pub async fn logout(
        &self,
        return_to: Option<String>,
        local_only: bool,
    ) -> Result<(), AuthError> {
        let _held = locks::acquire(&self.names.refresh_lock).await;
        // Another tab may have rotated the session meanwhile (localStorage).
        self.load();
        let session = self.session();
        self.clear_session();
        if let Some(s) = session {
            self.announce_logout(&s);
            if let Some(rt) = &s.refresh_token {
                let req = revocation_request(&self.config, rt);
                // Best effort: the local session ends whatever the server says.
                let _ =
                    http::post(&req.url, req.content_type, req.body, self.config.timeout_ms).await;
            }
        }
        self.store.remove(&self.names.transaction);
        self.debug("logout: session ended");
        self.emit(Event::LoggedOut);
        if local_only {
            return Ok(());
        }
        Ok(nav::assign(&logout_url(
            &self.config,
            return_to.as_deref(),
        ))?)
    }
}
