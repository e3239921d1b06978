//! The authorize redirect (RFC 6749 §4.1.1, RFC 7636 §4.3): a login
//! transaction in storage, and the URL to send the browser to.

use super::Client;
use crate::core::authorize::{authorize_url, check_extra_params};
use crate::core::pkce::{random_token, verifier_from_random};
use crate::core::secret::{Nonce, State};
use crate::core::transaction::Transaction;
use crate::core::AuthError;
use crate::web::{clock, nav, random};

impl Client {
    /// Records a login transaction and returns the authorize URL (with
    /// DPoP, bound to the key: `dpop_jkt`).
    pub fn build_authorize_url(
        &self,
        app_state: Option<String>,
        params: Vec<(String, String)>,
    ) -> Result<String, AuthError> {
        let extra = check_extra_params(params)?;
        let jkt = self.dpop_jkt()?;
        // One draw for the verifier, state and nonce.
        let mut draw = [[0u8; 32]; 3];
        random::fill(draw.as_flattened_mut())?;
        let [verifier, state, nonce] = draw;
        let tx = Transaction {
            verifier: verifier_from_random(&verifier),
            state: State::new(random_token(&state)),
            nonce: Nonce::new(random_token(&nonce)),
            redirect_uri: self.config.redirect_uri.clone(),
            scope: extra.scope.unwrap_or_else(|| self.config.scope.clone()),
            audience: self.config.audience.clone(),
            app_state,
            created_at: clock::now_secs(),
        };
        self.transactions
            .set(&self.names.transaction, &tx.to_json())?;
        self.debug("login: transaction stored, authorize URL built");
        Ok(authorize_url(
            &self.endpoints(),
            &tx,
            &extra.rest,
            jkt.as_deref(),
        ))
    }

    /// Removes the stored login transaction if it is of no more use (past
    /// its age, or unreadable): an abandoned login's secrets do not stay.
    pub(super) fn expire_transaction(&self) {
        let stored = self.transactions.get(&self.names.transaction);
        if stored.is_some_and(|s| Transaction::expired(&s, clock::now_secs())) {
            self.transactions.remove(&self.names.transaction);
        }
    }

    /// Records a login transaction and navigates to the authorize URL.
    pub fn login_with_redirect(
        &self,
        app_state: Option<String>,
        params: Vec<(String, String)>,
    ) -> Result<(), AuthError> {
        let url = self.build_authorize_url(app_state, params)?;
        Ok(nav::assign(&url)?)
    }
}
