//! Logout: the refresh token revoked (RFC 7009, best effort), the session
//! ended here and in the tabs that share it, then Auth0's logout endpoint.

use super::events::Event;
use super::Client;
use crate::core::authorize::logout_url;
use crate::core::token::{revocation_request, MAX_TOKEN_RESPONSE_BYTES};
use crate::core::AuthError;
use crate::web::{http, nav};

impl Client {
    /// Revokes the refresh token (best effort, within `timeoutMs`), removes
    /// every key of this client, then, unless `local_only`, goes to the logout
    /// endpoint.
    pub async fn logout(
        &self,
        return_to: Option<String>,
        local_only: bool,
    ) -> Result<(), AuthError> {
        let refresh_token = self.refresh_token();
        self.clear_session();
        if let Some(rt) = refresh_token {
            self.announce_logout(&rt);
            let req = revocation_request(&self.config, &rt);
            // Best effort: the local session ends whatever the server says
            // (an RFC 7009 answer is empty or an OAuth error, read as one).
            let _ = http::post(
                &req.url,
                req.content_type,
                req.body,
                self.config.timeout_ms,
                MAX_TOKEN_RESPONSE_BYTES,
            )
            .await;
        }
        self.transactions.remove(&self.names.transaction);
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
