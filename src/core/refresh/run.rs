//! One refresh, as a sans-IO state machine (the quinn-proto way, time an
//! input): [`Run`] says the next I/O step and is fed its result. The browser
//! (client/refresh.rs) and the tab simulation (core/tabs/sim.rs) drive the
//! same machine, so the order of lock, re-read, request, ID-token check,
//! save, announcement and the bounded wait for acknowledgements is written
//! once, here.

use super::{judge, plan, Hold, Judgement, LoginRequired, Plan};
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
    /// Keep `session` in memory, store it (with these ID-token claims, if
    /// checked), tell the app (`tokenRefreshed`) and post the rotation of
    /// `spent` to the other tabs; then [`Run::saved`].
    Save {
        /// The refresh token the server rotated away.
        spent: RefreshToken,
        /// The session that holds its successor.
        session: Session,
        /// The new ID token's claims, as JSON text, when it came with one.
        claims: Option<String>,
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
    /// `seconds` here and in the other tabs, release the lock and fail with
    /// this error.
    Held {
        /// The `Retry-After` wait.
        seconds: u32,
        /// The 429's error.
        error: AuthError,
    },
    /// Release the lock; the refresh's outcome.
    Done(Result<AccessToken, AuthError>),
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
    /// The session being refreshed and the refresh token spent, once sent.
    sent: Option<(Session, RefreshToken)>,
    /// The answer, while its ID token is checked.
    tokens: Option<TokenResponse>,
    /// When the token endpoint answered (epoch seconds).
    answered_at: u64,
    /// The outcome once the session is saved (an error if storage refused it).
    outcome: Option<Result<AccessToken, AuthError>>,
}

impl Run {
    /// A refresh asked for while this tab held `before`; `rejected`: the
    /// access token a 401 refused. The first step is [`Step::Lock`].
    pub fn start(
        before: Option<RefreshToken>,
        rejected: Option<AccessToken>,
        leeway: u64,
    ) -> (Run, Step) {
        let run = Run {
            before,
            rejected,
            leeway,
            sent: None,
            tokens: None,
            answered_at: 0,
            outcome: None,
        };
        (run, Step::Lock)
    }

    /// The lock is held.
    pub fn locked(&mut self) -> Step {
        Step::Load
    }

    /// The session as re-read (`current`), this tab's view of the 429 hold,
    /// and the time.
    pub fn loaded(&mut self, current: Option<Session>, hold: &Hold, now_ms: u64) -> Step {
        let (before, rejected) = (self.before.as_ref(), self.rejected.as_ref());
        let (session, spent) = match plan(current, before, rejected, now_ms / 1000, self.leeway) {
            Err(why) => return Step::Done(Err(why.into())),
            Ok(Plan::Adopt(token)) => return Step::Done(Ok(token)),
            Ok(Plan::Spend {
                session,
                refresh_token,
            }) => (session, refresh_token),
        };
        if let Err(e) = hold.check(now_ms) {
            return Step::Done(Err(e));
        }
        self.sent = Some((session, spent.clone()));
        Step::Send(spent)
    }

    /// The token endpoint's answer at `now_ms`, judged against the refresh
    /// token the session holds now (`current`).
    pub fn answered(
        &mut self,
        current: Option<&RefreshToken>,
        answer: Result<TokenResponse, AuthError>,
        now_ms: u64,
    ) -> Step {
        self.answered_at = now_ms / 1000;
        let Some((_, spent)) = &self.sent else {
            return Step::Done(Err(LoginRequired::SessionEnded.into()));
        };
        match judge(spent, current, answer) {
            Judgement::Rotate(tokens) => {
                let id = tokens.id_token.clone();
                self.tokens = Some(tokens);
                match id {
                    Some(id) => Step::Check(id),
                    None => self.save(None),
                }
            }
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
        if current.is_none() || current != self.sent.as_ref().map(|(_, rt)| rt) {
            return Step::Done(Err(LoginRequired::SessionEnded.into()));
        }
        // The server has rotated: from here on the old refresh token is
        // spent, so the new one is kept and announced whatever else fails.
        match outcome {
            Ok(claims) => self.save(Some(claims)),
            // A refreshed ID token that fails its checks: the grant it came
            // with is not to be used. The session ends.
            Err(e) if matches!(e.code, ErrorCode::IdTokenInvalid(_)) => Step::End(e),
            // Its keys could not be fetched, or WebCrypto could not run: keep
            // the new tokens with the ID token the session had.
            Err(_) => {
                if let Some(t) = &mut self.tokens {
                    t.id_token = None;
                }
                self.save(None)
            }
        }
    }

    fn save(&mut self, claims: Option<String>) -> Step {
        match (self.sent.take(), self.tokens.take()) {
            (Some((session, spent)), Some(tokens)) => Step::Save {
                spent,
                session: session.refreshed(tokens, self.answered_at),
                claims,
            },
            _ => Step::Done(Err(LoginRequired::SessionEnded.into())),
        }
    }

    /// The session was saved as `session` (`stored`: whether storage took
    /// it) and the rotation posted; `wait`: whether peers hold the spent
    /// token.
    pub fn saved(
        &mut self,
        session: &Session,
        stored: Result<(), AuthError>,
        wait: bool,
        now_ms: u64,
    ) -> Step {
        let outcome = stored.map(|()| session.access_token.clone());
        if !wait {
            return Step::Done(outcome);
        }
        self.outcome = Some(outcome);
        Step::Wait {
            until_ms: now_ms.saturating_add(ACK_TIMEOUT_MS.into()),
        }
    }

    /// Every peer acknowledged, or the wait's time is up.
    pub fn waited(&mut self) -> Step {
        Step::Done(
            self.outcome
                .take()
                .unwrap_or_else(|| Err(LoginRequired::SessionEnded.into())),
        )
    }
}
