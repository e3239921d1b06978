//! Logout: under the refresh lock (a refresh under way, here or in another
//! tab, finishes first, and its rotated session is the one ended), the session
//! ended here and in the tabs of the same login, the refresh token revoked
//! (RFC 7009, best effort, its outcome reported), then the provider's logout
//! (RP-Initiated Logout 1.0, or Auth0's `/v2/logout`).

use super::events::Event;
use super::Client;
use crate::core::authorize::{check_return_to, logout_url};
use crate::core::config::Config;
use crate::core::secret::RefreshToken;
use crate::core::token::{check_revocation, revocation_request};
use crate::core::AuthError;
use crate::web::{locks, nav};

impl Client {
    /// Takes the refresh lock (held at most as long as a refresh), clears
    /// the session, tells the other tabs, revokes the refresh token (best
    /// effort, within `timeoutMs`), removes every key of this client, then,
    /// unless `local_only`, goes to the provider's logout (or, when it names
    /// none or cannot be discovered, to `return_to`). Gives the revocation's
    /// outcome, `Err` when the refresh token may still be valid (the
    /// discovery's error when that failed), for the caller to report; fails
    /// on a bad `return_to` (nothing done).
    pub async fn logout(
        &self,
        return_to: Option<String>,
        state: Option<String>,
        local_only: bool,
    ) -> Result<Result<(), AuthError>, AuthError> {
        if let Some(r) = &return_to {
            check_return_to(r)?;
        }
        let _held = locks::acquire(&self.names.refresh_lock).await;
        // Another tab may have rotated the session meanwhile (localStorage).
        self.load();
        let session = self.session();
        self.clear_session();
        if let Some(s) = &session {
            self.announce_logout(s);
        }
        let refresh_token = session.as_ref().and_then(|s| s.refresh_token.as_ref());
        // The endpoints (discovered where configured; when that fails, the
        // session still ends here, and its error is the revocation's).
        let discovered = self.discover().await;
        let config = self.endpoints();
        let revoked = match (discovered, refresh_token) {
            (Err(e), Some(_)) => Err(e),
            (_, Some(rt)) => self.revoke(&config, rt).await,
            (_, None) => Ok(()),
        };
        self.transactions.remove(&self.names.transaction);
        self.forget_dpop_key().await;
        self.debug("logout: session ended");
        self.emit(Event::LoggedOut);
        if !local_only {
            let id_token = session.as_ref().and_then(|s| s.id_token.as_ref());
            let url = logout_url(&config, return_to.as_deref(), id_token, state.as_deref());
            if let Some(url) = url.or(return_to) {
                nav::assign(&url)?;
            }
        }
        Ok(revoked)
    }

    /// Revokes `rt` at the revocation endpoint; a failure is logged.
    async fn revoke(&self, config: &Config, rt: &RefreshToken) -> Result<(), AuthError> {
        let outcome = match revocation_request(config, rt) {
            Ok(req) => {
                let res = self.post_to_provider(&req, None).await;
                check_revocation(res.ok().map(|r| r.status))
            }
            Err(e) => Err(e),
        };
        if let Err(e) = &outcome {
            // The description holds a status at most, never the token.
            self.debug(&["logout: ", &e.description].concat());
        }
        outcome
    }
}
