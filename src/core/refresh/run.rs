//! One refresh, as a sans-IO state machine (the quinn-proto way, time an
//! input): [`Run`] says the next I/O step and is fed its result. The browser
//! (client/refresh.rs) and the tab simulation (core/tabs/sim.rs) drive the
//! same machine, so the order of lock, re-read, request, ID-token check,
//! save, announcement and the bounded wait for acknowledgements is written
//! once, here.

use super::{judge, plan, Hold, Judgement, Plan};
use crate::core::error::{AuthError, ErrorCode};
use crate::core::secret::{AccessToken, IdToken, RefreshToken};
use crate::core::session::Session;
use crate::core::tabs::ACK_TIMEOUT_MS;
use crate::core::token::TokenResponse;

/// What the driver does next.
#[derive(Debug, PartialEq, Eq)]
pub enum Step {
    /// Wait for the cross-tab refresh lock; then [`Run::locked`].
    Lock,
    /// Re-read the session from storage (another tab may have refreshed);
    /// then [`Run::loaded`].
    Load,
    /// Send the refresh grant spending this token (the key set may be fetched
    /// alongside); then [`Run::answered`].
    Send(RefreshToken),
    /// Check this refreshed ID token (signature, claims, the same `sub`);
    /// then [`Run::checked`].
    Check(IdToken),
    /// Keep this session in memory, store it (with these ID-token claims, if
    /// checked) and tell the app (`tokenRefreshed`); then [`Run::saved`].
    Save(Session, Option<String>),
    /// Post the rotation of `spent` into `session` to the other tabs; then
    /// [`Run::announced`] with whether peers hold `spent`.
    Announce {
        /// The refresh token the server rotated away.
        spent: RefreshToken,
        /// The session that holds its successor.
        session: Session,
    },
    /// Wait until the peers have taken the rotation, at the latest until
    /// `until_ms` (epoch milliseconds); then [`Run::waited`].
    Wait {
        /// When the peers that did not answer count as gone.
        until_ms: u64,
    },
    /// Clear the session and tell the app (`sessionExpired`), release the
    /// lock and fail with this error.
    End(AuthError),
    /// The token endpoint asked to wait (429): hold refreshes back for
    /// `seconds` in this tab and tell the other tabs, release the lock and
    /// fail with this error.
    Held {
        /// The `Retry-After` wait.
        seconds: u32,
        /// The 429's error.
        error: AuthError,
    },
    /// Release the lock; the refresh's outcome.
    Done(Result<AccessToken, AuthError>),
}

/// Where a [`Run`] is.
#[derive(Debug)]
enum State {
    Start,
    Locked,
    Sent(Session, RefreshToken),
    Checking(Session, RefreshToken, TokenResponse),
    Saving(RefreshToken, Session),
    Announcing(AccessToken),
    Waiting(AccessToken, u64),
    Over,
}

/// One refresh of this tab, from asking for the lock to its outcome.
#[derive(Debug)]
pub struct Run {
    /// The refresh token this tab held when it asked.
    before: Option<RefreshToken>,
    /// The access token the partner API refused (401), when that forced
    /// the refresh: a different fresh one is used instead of spending.
    rejected: Option<AccessToken>,
    leeway: u64,
    /// Why the session could not be stored, reported when the run is over.
    unsaved: Option<AuthError>,
    /// When the token endpoint answered (epoch milliseconds).
    answered_at: u64,
    state: State,
}

impl Run {
    /// A refresh asked for while this tab held `before`; `rejected`: the
    /// access token a 401 refused.
    pub fn start(
        before: Option<RefreshToken>,
        rejected: Option<AccessToken>,
        leeway: u64,
    ) -> (Run, Step) {
        let run = Run {
            before,
            rejected,
            leeway,
            unsaved: None,
            answered_at: 0,
            state: State::Start,
        };
        (run, Step::Lock)
    }

    /// The lock is held.
    pub fn locked(&mut self) -> Step {
        self.state = State::Locked;
        Step::Load
    }

    /// The session as re-read (`current`), this tab's view of the 429 hold,
    /// and the time.
    pub fn loaded(&mut self, current: Option<Session>, hold: &Hold, now_ms: u64) -> Step {
        let now = now_ms / 1000;
        if let (Some(s), Some(r)) = (&current, &self.rejected) {
            if s.access_token != *r && s.access_token_fresh(now, self.leeway) {
                return self.over(Ok(s.access_token.clone()));
            }
        }
        match plan(current, self.before.as_ref(), now, self.leeway) {
            Err(why) => self.over(Err(why.into())),
            Ok(Plan::Adopt(token)) => self.over(Ok(token)),
            Ok(Plan::Spend {
                session,
                refresh_token,
            }) => match hold.check(now_ms) {
                Err(e) => self.over(Err(e)),
                Ok(()) => {
                    self.state = State::Sent(session, refresh_token.clone());
                    Step::Send(refresh_token)
                }
            },
        }
    }

    /// The token endpoint's answer at `now_ms`, judged against the refresh
    /// token the session holds now (`current`).
    pub fn answered(
        &mut self,
        current: Option<&RefreshToken>,
        answer: Result<TokenResponse, AuthError>,
        now_ms: u64,
    ) -> Step {
        self.answered_at = now_ms;
        let State::Sent(session, spent) = std::mem::replace(&mut self.state, State::Over) else {
            return self.out_of_order();
        };
        match judge(&spent, current, answer) {
            Judgement::Rotate(tokens) => match tokens.id_token.clone() {
                Some(id) => {
                    self.state = State::Checking(session, spent, tokens);
                    Step::Check(id)
                }
                None => self.save(session, spent, tokens, None),
            },
            Judgement::End(e) => Step::End(e),
            Judgement::Keep(e) => match e.code {
                ErrorCode::TooManyRequests(Some(seconds)) if seconds > 0 => {
                    Step::Held { seconds, error: e }
                }
                _ => Step::Done(Err(e)),
            },
            Judgement::Stale(e) => Step::Done(Err(e)),
        }
    }

    /// The refreshed ID token's check: its claims, or why not. `current`:
    /// the refresh token the session holds now; if the session moved on
    /// meanwhile (a logout, another login), the answer is stale and dropped.
    pub fn checked(
        &mut self,
        current: Option<&RefreshToken>,
        outcome: Result<String, AuthError>,
    ) -> Step {
        let State::Checking(session, spent, mut tokens) =
            std::mem::replace(&mut self.state, State::Over)
        else {
            return self.out_of_order();
        };
        if current != Some(&spent) {
            return Step::Done(Err(super::LoginRequired::SessionEnded.into()));
        }
        // The server has rotated: from here on the old refresh token is
        // spent, so the new one is kept and announced whatever else fails.
        match outcome {
            Ok(claims) => self.save(session, spent, tokens, Some(claims)),
            // A refreshed ID token that fails its checks: the grant it came
            // with is not to be used. The session ends.
            Err(e) if matches!(e.code, ErrorCode::IdTokenInvalid(_)) => Step::End(e),
            // Its keys could not be fetched, or WebCrypto could not run: keep
            // the new tokens with the ID token the session had.
            Err(_) => {
                tokens.id_token = None;
                self.save(session, spent, tokens, None)
            }
        }
    }

    fn save(
        &mut self,
        session: Session,
        spent: RefreshToken,
        tokens: TokenResponse,
        claims: Option<String>,
    ) -> Step {
        let refreshed = session.refreshed(tokens, self.answered_at / 1000);
        self.state = State::Saving(spent, refreshed.clone());
        Step::Save(refreshed, claims)
    }

    /// The session was kept in memory; `stored`: whether storage took it.
    pub fn saved(&mut self, stored: Result<(), AuthError>) -> Step {
        let State::Saving(spent, session) = std::mem::replace(&mut self.state, State::Over) else {
            return self.out_of_order();
        };
        self.unsaved = stored.err();
        self.state = State::Announcing(session.access_token.clone());
        Step::Announce { spent, session }
    }

    /// The rotation was posted; `wait`: whether peers hold the spent token.
    pub fn announced(&mut self, wait: bool, now_ms: u64) -> Step {
        let State::Announcing(token) = std::mem::replace(&mut self.state, State::Over) else {
            return self.out_of_order();
        };
        if !wait {
            return self.finish(token);
        }
        let until_ms = now_ms.saturating_add(ACK_TIMEOUT_MS.into());
        self.state = State::Waiting(token, until_ms);
        Step::Wait { until_ms }
    }

    /// Woken while waiting for acknowledgements: `acknowledged`, whether
    /// every peer has; `now_ms`, the time.
    pub fn waited(&mut self, acknowledged: bool, now_ms: u64) -> Step {
        let State::Waiting(token, until_ms) = std::mem::replace(&mut self.state, State::Over)
        else {
            return self.out_of_order();
        };
        if acknowledged || now_ms >= until_ms {
            return self.finish(token);
        }
        self.state = State::Waiting(token, until_ms);
        Step::Wait { until_ms }
    }

    fn finish(&mut self, token: AccessToken) -> Step {
        Step::Done(match self.unsaved.take() {
            Some(e) => Err(e),
            None => Ok(token),
        })
    }

    fn over(&mut self, outcome: Result<AccessToken, AuthError>) -> Step {
        self.state = State::Over;
        Step::Done(outcome)
    }

    /// A driver feeding a result the machine did not ask for: a bug in the
    /// driver, reported as an error rather than a panic.
    fn out_of_order(&mut self) -> Step {
        self.over(Err(AuthError::new(
            ErrorCode::InvalidRequest,
            "refresh steps out of order",
        )))
    }
}
