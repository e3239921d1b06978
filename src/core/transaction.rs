//! The login transaction: what the SDK must remember between the authorize
//! redirect and the callback. Stored as JSON under one key per client; used
//! once; refused after ten minutes.

use super::error::{AuthError, ErrorCode};
use super::json::{self, ObjectWriter};
use super::secret::{CodeVerifier, Nonce, State};

const VERSION: u64 = 1;
/// How long a login may take from redirect to callback.
pub const MAX_AGE_SECONDS: u64 = 600;

/// One login in progress: the secrets and choices of its authorization
/// request, kept until its callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transaction {
    /// The PKCE code verifier (RFC 7636 §4.1); only its challenge is sent to
    /// /authorize, the verifier itself goes in the token request (§4.5).
    pub verifier: CodeVerifier,
    /// The `state` sent to /authorize, which the callback must echo
    /// (RFC 6749 §4.1.1, §10.12).
    pub state: State,
    /// The `nonce` sent to /authorize, which the ID token must carry
    /// (OpenID Connect Core §3.1.2.1, §3.1.3.7).
    pub nonce: Nonce,
    /// The redirect_uri sent to /authorize; the token request must repeat it
    /// (RFC 6749 §4.1.3) and the callback must arrive there.
    pub redirect_uri: String,
    /// The scope requested (RFC 6749 §3.3); the session's scope when the
    /// token response names none (§5.1).
    pub scope: String,
    /// The `audience` requested; empty if none was sent.
    pub audience: String,
    /// The caller's `appState`, as JSON text.
    pub app_state: Option<String>,
    /// When the login started, in seconds since the Unix epoch.
    pub created_at: u64,
}

impl Transaction {
    /// The transaction as stored: a versioned JSON object.
    pub fn to_json(&self) -> String {
        ObjectWriter::new()
            .number("v", VERSION)
            .string("verifier", self.verifier.secret())
            .string("state", self.state.secret())
            .string("nonce", self.nonce.secret())
            .string("redirect_uri", &self.redirect_uri)
            .string("scope", &self.scope)
            .string("audience", &self.audience)
            .opt_string("app_state", self.app_state.as_deref())
            .number("created_at", self.created_at)
            .finish()
    }

    /// Reads a stored transaction. Anything unexpected is "no transaction".
    pub fn from_json(s: &str) -> Result<Transaction, AuthError> {
        let broken = || {
            AuthError::new(
                ErrorCode::MissingTransaction,
                "the stored login transaction is unreadable; start the login again",
            )
        };
        let v = json::parse(s).map_err(|_| broken())?;
        if v.get("v").and_then(|x| x.as_u64()) != Some(VERSION) {
            return Err(broken());
        }
        let text = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let app_state = match v.get("app_state") {
            None => None,
            Some(x) => Some(x.as_str().ok_or_else(broken)?.to_owned()),
        };
        Ok(Transaction {
            verifier: CodeVerifier::new(text("verifier").ok_or_else(broken)?),
            state: State::new(text("state").ok_or_else(broken)?),
            nonce: Nonce::new(text("nonce").ok_or_else(broken)?),
            redirect_uri: text("redirect_uri").ok_or_else(broken)?,
            scope: text("scope").ok_or_else(broken)?,
            audience: text("audience").ok_or_else(broken)?,
            app_state,
            created_at: v
                .get("created_at")
                .and_then(|x| x.as_u64())
                .ok_or_else(broken)?,
        })
    }

    /// Whether a stored transaction is of no more use at `now` (seconds
    /// since the Unix epoch): unreadable, or refused by [`Self::check_age`].
    pub fn expired(stored: &str, now: u64) -> bool {
        Transaction::from_json(stored)
            .and_then(|t| t.check_age(now))
            .is_err()
    }

    /// Refuses, as `missing_transaction`, a transaction more than
    /// [`MAX_AGE_SECONDS`] old at `now` (seconds since the Unix epoch). A clock
    /// that went backwards is not a reason to refuse.
    pub fn check_age(&self, now: u64) -> Result<(), AuthError> {
        if now.saturating_sub(self.created_at) > MAX_AGE_SECONDS {
            return Err(AuthError::new(
                ErrorCode::MissingTransaction,
                "the login transaction is older than 10 minutes; start the login again",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixtures;

    fn sample() -> Transaction {
        Transaction {
            app_state: Some(r#"{"returnTo":"/spaces"}"#.into()),
            ..fixtures::transaction()
        }
    }

    #[test]
    fn round_trips() {
        let t = sample();
        assert_eq!(Transaction::from_json(&t.to_json()).unwrap(), t);
        let t = Transaction {
            app_state: None,
            ..sample()
        };
        assert_eq!(Transaction::from_json(&t.to_json()).unwrap(), t);
    }

    #[test]
    fn unreadable_records_are_missing_transactions() {
        for bad in [
            "",
            "null",
            "{}",
            r#"{"v":2}"#,
            r#"{"v":1,"verifier":1}"#,
            "x".repeat(1000).as_str(),
        ] {
            assert_eq!(
                Transaction::from_json(bad).unwrap_err().code(),
                "missing_transaction"
            );
        }
        let mut wrong_type = sample().to_json();
        wrong_type = wrong_type.replace(r#""created_at":1000"#, r#""created_at":"1""#);
        assert!(Transaction::from_json(&wrong_type).is_err());
    }

    #[test]
    fn expires_after_ten_minutes() {
        let t = sample();
        assert!(t.check_age(t.created_at + 600).is_ok());
        assert_eq!(
            t.check_age(t.created_at + 601).unwrap_err().code(),
            "missing_transaction"
        );
        assert!(t.check_age(0).is_ok()); // clock went backwards: not our call
        let stored = t.to_json();
        assert!(!Transaction::expired(&stored, t.created_at + 600));
        assert!(Transaction::expired(&stored, t.created_at + 601));
        assert!(Transaction::expired("{", t.created_at));
    }
}
