//! The session cache: the stored session in memory, kept in step with
//! storage and with the token mirror the JS fast path reads.

use super::Client;
use crate::core::inflight::InFlight;
use crate::core::jwt;
use crate::core::refresh::Hold;
use crate::core::secret::RefreshToken;
use crate::core::session::Session;
use crate::core::AuthError;
use crate::web::clock;

/// What an instance holds in memory.
#[derive(Default)]
pub(super) struct Cache {
    pub(super) session: Option<Session>,
    /// ID-token claims of `session`, as JSON text; `None` until first needed.
    user: Option<String>,
    /// The refresh under way in this tab, which concurrent calls join.
    pub(super) refresh: Option<InFlight<Result<String, AuthError>>>,
    /// Refreshes held back after a 429.
    pub(super) hold: Hold,
    /// `session` is not in storage (storage refused it): the only copy of
    /// its refresh token, kept while storage holds nothing else.
    unsaved: bool,
}

impl Client {
    /// Reads the session from storage (another tab may have written it). A
    /// stored value that is not a session of ours (or not of our audience)
    /// is removed: logged out.
    pub(super) fn load(&self) {
        let stored = self.store.get(&self.names.session);
        let session = stored
            .as_deref()
            .and_then(|s| Session::from_stored(s, &self.config.audience));
        if stored.is_some() && session.is_none() {
            self.store.remove(&self.names.session);
        }
        let mut cache = self.session.borrow_mut();
        if session.is_none() && cache.unsaved {
            return;
        }
        self.mirror_session(session.as_ref());
        cache.session = session;
        cache.unsaved = false;
        cache.user = None; // decoded when first asked for (claims)
    }

    /// Keeps `session` and stores it; `user` is its ID token's claims when
    /// they are at hand. Memory first: when storage refuses the session (too
    /// large, or the write), this instance still holds it (after a rotation,
    /// the only copy of the new refresh token), the stored one is removed
    /// (its refresh token may be spent), and the error is reported after.
    pub(super) fn save(&self, session: Session, user: Option<String>) -> Result<(), AuthError> {
        self.mirror_session(Some(&session));
        let stored = session
            .to_stored_json()
            .and_then(|json| Ok(self.store.set(&self.names.session, &json)?));
        if stored.is_err() {
            self.store.remove(&self.names.session);
        }
        let mut cache = self.session.borrow_mut();
        cache.user = user;
        cache.session = Some(session);
        cache.unsaved = stored.is_err();
        stored
    }

    /// Removes the session from storage and memory.
    pub(super) fn clear_session(&self) {
        self.store.remove(&self.names.session);
        self.mirror.clear();
        let mut cache = self.session.borrow_mut();
        cache.session = None;
        cache.user = None;
        cache.unsaved = false;
    }

    /// Keeps the JS fast path in step with the session.
    fn mirror_session(&self, session: Option<&Session>) {
        match session {
            Some(s) => self.mirror.set(
                s.access_token.secret(),
                s.expires_at.saturating_sub(self.config.leeway_seconds),
            ),
            None => self.mirror.clear(),
        }
    }

    /// A copy of the session, if any.
    pub(super) fn session(&self) -> Option<Session> {
        self.session.borrow().session.clone()
    }

    pub(super) fn holds_session(&self) -> bool {
        self.session.borrow().session.is_some()
    }

    /// The refresh token of the session, if any.
    pub(super) fn refresh_token(&self) -> Option<RefreshToken> {
        self.session
            .borrow()
            .session
            .as_ref()?
            .refresh_token
            .clone()
    }

    /// Whether there is a session that can yield an access token.
    pub fn is_authenticated(&self) -> bool {
        self.session.borrow().session.as_ref().is_some_and(|s| {
            s.refresh_token.is_some()
                || s.access_token_fresh(clock::now_secs(), self.config.leeway_seconds)
        })
    }

    /// The cached access token if it is valid beyond the leeway.
    pub(super) fn fresh_access_token(&self) -> Option<String> {
        let cache = self.session.borrow();
        let s = cache.session.as_ref()?;
        s.access_token_fresh(clock::now_secs(), self.config.leeway_seconds)
            .then(|| s.access_token.secret().to_owned())
    }

    /// The ID token's claims as JSON text, decoded on first use rather than
    /// on every page load; `None` when logged out or without an ID token.
    pub fn user(&self) -> Option<String> {
        let mut cache = self.session.borrow_mut();
        if cache.user.is_none() {
            let id = cache.session.as_ref()?.id_token.as_ref()?;
            cache.user = Some(jwt::decode(id.secret()).ok()?.claims_json);
        }
        cache.user.clone()
    }
}
