//! Access tokens (RFC 6749 §6): the cached one while fresh, else one
//! refresh that every concurrent caller in the tab shares, run under a
//! cross-tab Web Lock. What the refresh does and what its answer means are
//! the core's decisions (`core::refresh`).

use super::events::Event;
use super::Client;
use crate::core::inflight::InFlight;
use crate::core::join::join;
use crate::core::json::{self, Json};
use crate::core::refresh::{judge, plan, Judgement, Plan};
use crate::core::secret::RefreshToken;
use crate::core::token::Grant;
use crate::core::{AuthError, ErrorCode};
use crate::web::clock;
use crate::web::locks;

impl Client {
    /// A valid access token: the cached one unless `force_refresh`, else a
    /// refreshed one.
    pub async fn get_access_token(&self, force_refresh: bool) -> Result<String, AuthError> {
        if !force_refresh {
            if let Some(token) = self.fresh_access_token() {
                return Ok(token);
            }
        }
        self.refresh_shared().await
    }

    /// Joins the refresh under way, or starts one that others may join.
    async fn refresh_shared(&self) -> Result<String, AuthError> {
        let joined = self.session.borrow().refresh.clone();
        if let Some(flight) = joined {
            return flight.wait().await;
        }
        let flight = InFlight::default();
        self.session.borrow_mut().refresh = Some(flight.clone());
        let before = self.refresh_token();
        self.debug("refresh: waiting for the refresh lock");
        let held = locks::acquire(&self.names.refresh_lock).await;
        self.debug("refresh: lock held");
        let outcome = self.refresh_locked(before).await;
        drop(held);
        self.session.borrow_mut().refresh = None;
        flight.complete(outcome.clone());
        outcome
    }

    /// The refresh proper, run while holding the cross-tab lock. `before`
    /// is the refresh token this tab held when it asked.
    async fn refresh_locked(&self, before: Option<RefreshToken>) -> Result<String, AuthError> {
        // Another tab may have refreshed while this one waited for the lock:
        // its session is then in storage (localStorage) or was adopted from
        // its announcement (sessionStorage).
        self.load();
        self.join_tabs();
        let now = clock::now_secs();
        let (session, spent) = match plan(
            self.session(),
            before.as_ref(),
            now,
            self.config.leeway_seconds,
        )? {
            Plan::Adopt(token) => {
                self.debug("refresh: another tab refreshed meanwhile; its token is used");
                return Ok(token.secret().to_owned());
            }
            Plan::Spend {
                session,
                refresh_token,
            } => (session, refresh_token),
        };
        self.session.borrow().hold.check(clock::now_ms())?;
        self.debug("refresh: spending the refresh token");
        let grant = Grant::RefreshToken {
            refresh_token: &spent,
        };
        // The first refresh after a page load has no key set in memory yet:
        // it is fetched alongside, not after the token response.
        let answer = join(self.token_call(&grant), self.prefetch_keys())
            .await
            .map(|(tokens, ())| tokens);
        let mut tokens = match judge(&spent, self.refresh_token().as_ref(), answer) {
            Judgement::Rotate(tokens) => tokens,
            Judgement::End(e) => {
                self.debug("refresh: the refresh token was rejected; session ended");
                self.clear_session();
                self.emit(Event::SessionExpired);
                return Err(e);
            }
            Judgement::Keep(e) => {
                self.debug("refresh: failed; the session is kept");
                self.session.borrow_mut().hold.note(&e, clock::now_ms());
                return Err(e);
            }
            Judgement::Stale(e) => return Err(e),
        };
        // The server has rotated: from here on the old refresh token is
        // spent, so the new one is kept and announced whatever else fails.
        let mut user = None;
        if let Some(id) = &tokens.id_token {
            let sub = self.user_sub();
            match self.check_id_token(id, None, sub.as_deref()).await {
                Ok(claims) => user = Some(claims),
                // A refreshed ID token that fails its checks: the grant it
                // came with is not to be used. The session ends.
                Err(e) if matches!(e.code, ErrorCode::IdTokenInvalid(_)) => {
                    self.clear_session();
                    self.emit(Event::SessionExpired);
                    return Err(e);
                }
                // Its keys could not be fetched (network, timeout): keep the
                // new tokens with the ID token the session had.
                Err(_) => tokens.id_token = None,
            }
        }
        let refreshed = session.refreshed(tokens, clock::now_secs());
        let token = refreshed.access_token.secret().to_owned();
        let saved = self.save(refreshed.clone(), user);
        self.debug("refresh: session rotated");
        self.emit(Event::TokenRefreshed);
        self.announce_rotation(&spent, &refreshed).await;
        saved.map(|()| token)
    }

    fn user_sub(&self) -> Option<String> {
        let claims = json::parse(&self.user()?).ok()?;
        claims.get("sub").and_then(Json::as_str).map(str::to_owned)
    }
}
