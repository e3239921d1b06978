//! The redirect back (RFC 6749 §4.1.2, §4.1.3; RFC 9207): the callback is
//! checked against the login transaction, the code exchanged, the ID token
//! checked, the session stored, and the address bar cleaned.

use super::events::Event;
use super::Client;
use crate::core::callback::{cleaned_url, is_callback, parse_callback, validate_callback};
use crate::core::inflight::InFlight;
use crate::core::join::join;
use crate::core::session::Session;
use crate::core::token::Grant;
use crate::core::transaction::Transaction;
use crate::core::{AuthError, ErrorCode};
use crate::web::{clock, nav};

/// What handling a callback gives: the login's `appState` JSON.
pub(super) type Outcome = Result<Option<String>, AuthError>;

/// The callback this page handled (or is handling), by its URL and by the
/// address it leaves in the address bar.
pub(super) struct Callback {
    url: String,
    cleaned: Option<String>,
    outcome: InFlight<Outcome>,
}

impl Client {
    /// Whether `url` (default: the page's) carries an authorization response.
    pub fn is_callback(&self, url: Option<String>) -> bool {
        url.or_else(|| nav::current_url().ok())
            .is_some_and(|u| is_callback(&u))
    }

    /// Handles the redirect back: checks it, exchanges the code, stores the
    /// session, and returns the `appState` JSON given at login. The same
    /// callback handled again in this page (React's StrictMode mounts twice)
    /// is the same login: a call while the first runs, or after it ended
    /// (also on the cleaned address), gets its outcome; the code is
    /// exchanged once.
    pub async fn handle_redirect_callback(&self, url: Option<String>) -> Outcome {
        let current = nav::current_url().ok();
        let url = match url.or_else(|| current.clone()) {
            Some(u) => u,
            None => return Err(AuthError::new(ErrorCode::InvalidRequest, "no callback URL")),
        };
        let handled = self
            .callback
            .borrow()
            .as_ref()
            .filter(|c| c.url == url || c.cleaned.as_deref() == Some(url.as_str()))
            .map(|c| c.outcome.clone());
        if let Some(flight) = handled {
            return flight.wait().await;
        }
        let flight = InFlight::default();
        *self.callback.borrow_mut() = Some(Callback {
            cleaned: cleaned_url(&url),
            url: url.clone(),
            outcome: flight.clone(),
        });
        let outcome = self.complete_login(&url).await;
        // The code is single-use: whatever the outcome, take the response
        // parameters out of the address bar (and so out of history).
        if current.as_deref() == Some(url.as_str()) {
            if let Some(clean) = cleaned_url(&url) {
                nav::replace_url(&clean);
            }
        }
        flight.complete(outcome.clone());
        outcome
    }

    async fn complete_login(&self, url: &str) -> Outcome {
        let params = parse_callback(url)?;
        let stored = self.transactions.get(&self.names.transaction).ok_or(AuthError::new(
            ErrorCode::MissingTransaction,
            "no login transaction in this tab: the callback was reloaded, opened in another tab, or the login was not started here",
        ))?;
        // One-time use: gone before anything can fail or be retried.
        self.transactions.remove(&self.names.transaction);
        let tx = Transaction::from_json(&stored)?;
        tx.check_age(clock::now_secs())?;
        let code = validate_callback(params, &tx, url, &self.config.issuers)?;
        self.debug("callback: state, redirect_uri and iss checked; exchanging the code");

        let grant = Grant::AuthorizationCode {
            code: &code,
            redirect_uri: &tx.redirect_uri,
            verifier: &tx.verifier,
        };
        // The ID token's keys are fetched and parsed while the code is
        // exchanged; the token request goes out first.
        let (tokens, ()) = join(self.token_call(&grant), self.prefetch_keys()).await?;
        let user = match &tokens.id_token {
            Some(id) => Some(
                self.check_id_token(
                    id,
                    Some(tx.nonce.secret()),
                    None,
                    self.config.leeway_seconds,
                )
                .await?,
            ),
            None if self.config.requests_openid(&tx.scope) => {
                return Err(AuthError::new(
                    ErrorCode::InvalidResponse,
                    "the token response has no id_token although openid was requested",
                ))
            }
            None => None,
        };
        self.debug("callback: token response and ID token checked");
        let session =
            Session::from_code_exchange(tokens, clock::now_secs(), &tx.scope, &tx.audience);
        self.save(session, user)?;
        self.debug("callback: session stored");
        self.announce_session();
        self.emit(Event::LoginComplete);
        Ok(tx.app_state)
    }
}
