//! Access tokens (RFC 6749 §6): the cached one while fresh, else one
//! refresh that every concurrent caller in the tab shares, run under a
//! cross-tab Web Lock. The refresh's steps and what each result means are
//! the core's (`core::refresh::Run`); this file carries them out.

use super::events::Event;
use super::Client;
use crate::core::inflight::InFlight;
use crate::core::join::join;
use crate::core::json::{self, Json};
use crate::core::refresh::{Run, Step};
use crate::core::secret::AccessToken;
use crate::core::token::Grant;
use crate::core::AuthError;
use crate::web::clock;
use crate::web::locks;

impl Client {
    /// A valid access token: the cached one unless `force_refresh`, else a
    /// refreshed one.
    pub async fn get_access_token(&self, force_refresh: bool) -> Result<String, AuthError> {
        self.access_token(force_refresh, None).await
    }

    /// As [`Client::get_access_token`]; `rejected`: the token the partner
    /// API refused (401), replaced by one a refresh brought meanwhile if
    /// any (several 401s cost one refresh), else by a refreshed one.
    pub(super) async fn access_token(
        &self,
        force_refresh: bool,
        rejected: Option<AccessToken>,
    ) -> Result<String, AuthError> {
        let fresh = self
            .fresh_access_token()
            .filter(|t| !force_refresh || rejected.as_ref().is_some_and(|r| r.secret() != t));
        if let Some(token) = fresh {
            return Ok(token);
        }
        self.refresh_shared(rejected).await
    }

    /// Joins the refresh under way, or starts one that others may join.
    async fn refresh_shared(&self, rejected: Option<AccessToken>) -> Result<String, AuthError> {
        let joined = self.session.borrow().refresh.clone();
        if let Some(flight) = joined {
            return flight.wait().await;
        }
        let flight = InFlight::default();
        self.session.borrow_mut().refresh = Some(flight.clone());
        let outcome = self.run_refresh(rejected).await;
        self.session.borrow_mut().refresh = None;
        flight.complete(outcome.clone());
        outcome
    }

    /// Carries out the core's refresh steps; the lock is released when the
    /// run is over.
    async fn run_refresh(&self, rejected: Option<AccessToken>) -> Result<String, AuthError> {
        let leeway = self.config.leeway_seconds;
        let (mut run, mut step) = Run::start(self.refresh_token(), rejected, leeway);
        let mut _held = None;
        loop {
            step = match step {
                Step::Lock => {
                    self.debug("refresh: waiting for the refresh lock");
                    _held = Some(locks::acquire(&self.names.refresh_lock).await);
                    self.debug("refresh: lock held");
                    run.locked()
                }
                // Another tab may have refreshed while this one waited for
                // the lock: its session is then in storage (localStorage) or
                // was adopted from its announcement (sessionStorage).
                Step::Load => {
                    self.load();
                    self.join_tabs();
                    let hold = self.session.borrow().hold;
                    run.loaded(self.session(), &hold, clock::now_ms())
                }
                Step::Send(spent) => {
                    self.debug("refresh: spending the refresh token");
                    let grant = Grant::RefreshToken {
                        refresh_token: &spent,
                    };
                    // The first refresh after a page load has no key set in
                    // memory yet: it is fetched alongside, not after.
                    let answer = join(self.token_call(&grant), self.prefetch_keys())
                        .await
                        .map(|(tokens, ())| tokens);
                    run.answered(self.refresh_token().as_ref(), answer, clock::now_ms())
                }
                Step::Check(id) => {
                    let sub = self.user_sub();
                    let outcome = self.check_id_token(&id, None, sub.as_deref(), leeway).await;
                    run.checked(self.refresh_token().as_ref(), outcome)
                }
                Step::Save {
                    spent,
                    session,
                    claims,
                } => {
                    let saved = self.save(session.clone(), claims);
                    self.debug("refresh: session rotated");
                    self.emit(Event::TokenRefreshed);
                    let wait = self.announce_rotation(&spent, &session);
                    run.saved(&session, saved, wait, clock::now_ms())
                }
                Step::Wait { until_ms } => {
                    self.await_acknowledgements(until_ms).await;
                    run.waited()
                }
                Step::End(e) => {
                    self.debug("refresh: the refresh token was rejected; session ended");
                    self.clear_session();
                    self.forget_dpop_key().await;
                    self.emit(Event::SessionExpired);
                    return Err(e);
                }
                Step::Held { seconds, error } => {
                    self.debug("refresh: failed; the session is kept");
                    self.hold_refreshes(seconds, true);
                    return Err(error);
                }
                Step::Done(outcome) => {
                    if outcome.is_err() {
                        self.debug("refresh: failed; the session is kept");
                    }
                    return outcome.map(|token| token.secret().to_owned());
                }
            }
        }
    }

    pub(super) fn user_sub(&self) -> Option<String> {
        let claims = json::parse(&self.user()?).ok()?;
        claims.get("sub").and_then(Json::as_str).map(str::to_owned)
    }
}
