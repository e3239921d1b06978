//! What a refresh does (RFC 6749 §6), decided without I/O. The refresh runs
//! under a cross-tab lock, re-reading the session inside it ([`plan`]); the
//! token endpoint's answer is then judged against the session as it is when
//! the answer arrives ([`judge`]). After a 429, no refresh is sent until the
//! wait it asked for has passed ([`Hold`]). The whole sequence is [`Run`].

use super::error::{AuthError, ErrorCode};
use super::retry::whole_seconds;
use super::secret::{AccessToken, RefreshToken};
use super::session::Session;
use super::token::{too_many_requests, TokenResponse};

mod run;
pub use run::{Run, Step};

/// Why a session cannot yield an access token: `login_required`, each with
/// its own description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginRequired {
    /// There is no session.
    NotLoggedIn,
    /// The access token expired and the session has no refresh token.
    NoRefreshToken,
    /// The session ended (logout, or a new login) while the refresh ran.
    SessionEnded,
    /// The server rejected the refresh token (`invalid_grant`, RFC 6749 §5.2).
    RefreshTokenRejected,
}

impl From<LoginRequired> for AuthError {
    fn from(why: LoginRequired) -> Self {
        AuthError::new(
            ErrorCode::LoginRequired,
            match why {
                LoginRequired::NotLoggedIn => "not logged in",
                LoginRequired::NoRefreshToken => {
                    "the access token expired and the session has no refresh token (request offline_access)"
                }
                LoginRequired::SessionEnded => {
                    "the session ended while the token was being refreshed"
                }
                LoginRequired::RefreshTokenRejected => {
                    "the refresh token was rejected (invalid_grant: expired or revoked); log in again"
                }
            },
        )
    }
}

/// The first step of a refresh, taken inside the lock.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// Another tab refreshed while this one waited (its session is now in
    /// storage, or was adopted from its announcement): use that token and
    /// spend nothing.
    Adopt(AccessToken),
    /// Spend `refresh_token`, the one of `session`, at the token endpoint.
    Spend {
        /// The session to refresh.
        session: Session,
        /// Its refresh token.
        refresh_token: RefreshToken,
    },
}

/// Decides the refresh. `current` is the session as it is now; `before` is
/// the refresh token this tab held when it asked for the refresh;
/// `rejected`, the access token the partner API refused (401) if that is
/// why: a session with another refresh token, or another access token than
/// the refused one, has been refreshed meanwhile.
pub fn plan(
    current: Option<Session>,
    before: Option<&RefreshToken>,
    rejected: Option<&AccessToken>,
    now: u64,
    leeway: u64,
) -> Result<Plan, LoginRequired> {
    let session = current.ok_or(LoginRequired::NotLoggedIn)?;
    let newer = session.refresh_token.as_ref() != before
        || rejected.is_some_and(|r| *r != session.access_token);
    if newer && session.access_token_fresh(now, leeway) {
        return Ok(Plan::Adopt(session.access_token));
    }
    match session.refresh_token.clone() {
        Some(refresh_token) => Ok(Plan::Spend {
            session,
            refresh_token,
        }),
        None => Err(LoginRequired::NoRefreshToken),
    }
}

/// What the token endpoint's answer means for the stored session.
#[derive(Debug, PartialEq, Eq)]
pub enum Judgement {
    /// Check the response's ID token, then store `Session::refreshed`.
    Rotate(TokenResponse),
    /// Fail; the session stays (network, timeout, 5xx, a malformed answer:
    /// transient, and the refresh token may still be good).
    Keep(AuthError),
    /// The refresh token was rejected: clear the session, fail with this.
    End(AuthError),
    /// The session was replaced or ended while the request ran: the answer
    /// belongs to a session that is gone. Touch nothing; fail with this.
    Stale(AuthError),
}

/// Judges `answer` to the refresh that spent `spent`, against the refresh
/// token the session holds now (`None`: logged out meanwhile).
pub fn judge(
    spent: &RefreshToken,
    current: Option<&RefreshToken>,
    answer: Result<TokenResponse, AuthError>,
) -> Judgement {
    if current != Some(spent) {
        return Judgement::Stale(LoginRequired::SessionEnded.into());
    }
    match answer {
        Ok(tokens) => Judgement::Rotate(tokens),
        Err(e) if e.code == ErrorCode::Server("invalid_grant".into()) => {
            Judgement::End(LoginRequired::RefreshTokenRejected.into())
        }
        Err(e) => Judgement::Keep(e),
    }
}

/// Refreshes held back after the token endpoint answered 429 (RFC 6585 §4)
/// with a `Retry-After` (RFC 9110 §10.2.3): until that wait has passed, a
/// refresh fails at once with the 429's error instead of asking again, which
/// would only prolong the limit. Without a `Retry-After` nothing is held.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Hold {
    /// Epoch milliseconds before which no refresh is sent; 0 for none.
    until_ms: u64,
}

impl Hold {
    /// Holds refreshes back for `seconds` from `now_ms` (this tab's 429, or
    /// a peer's): the later of this wait and one already held.
    pub fn extend(&mut self, seconds: u32, now_ms: u64) {
        let until = now_ms.saturating_add(u64::from(seconds) * 1000);
        self.until_ms = self.until_ms.max(until);
    }

    /// Whether a refresh may be sent at `now_ms`; if not, the 429's error
    /// with the seconds still to wait (rounded up).
    pub fn check(&self, now_ms: u64) -> Result<(), AuthError> {
        match self.until_ms.saturating_sub(now_ms) {
            0 => Ok(()),
            left => Err(too_many_requests(Some(whole_seconds(left)))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::secret::IdToken;

    fn session(at: &str, rt: Option<&str>, expires_at: u64) -> Session {
        Session {
            access_token: AccessToken::new(at.into()),
            refresh_token: rt.map(|r| RefreshToken::new(r.into())),
            id_token: Some(IdToken::new("id".into())),
            expires_at,
            scope: "openid offline_access".into(),
            audience: "https://api.example".into(),
            family: "f".into(),
        }
    }

    fn rt(s: &str) -> RefreshToken {
        RefreshToken::new(s.into())
    }

    fn response(at: &str) -> TokenResponse {
        TokenResponse {
            access_token: AccessToken::new(at.into()),
            expires_in: 300,
            refresh_token: Some(rt("rt-2")),
            id_token: None,
            scope: None,
        }
    }

    #[test]
    fn spends_the_refresh_token_of_an_expired_session() {
        let s = session("at", Some("rt-1"), 100);
        assert_eq!(
            plan(Some(s.clone()), Some(&rt("rt-1")), None, 1000, 60),
            Ok(Plan::Spend {
                session: s,
                refresh_token: rt("rt-1")
            })
        );
        // A forced refresh of a fresh token spends too: the session is the
        // one this tab already held.
        let fresh = session("at", Some("rt-1"), 5000);
        assert_eq!(
            plan(Some(fresh.clone()), Some(&rt("rt-1")), None, 1000, 60),
            Ok(Plan::Spend {
                session: fresh,
                refresh_token: rt("rt-1")
            })
        );
    }

    #[test]
    fn adopts_a_session_another_tab_refreshed_meanwhile() {
        let rotated = session("at-2", Some("rt-2"), 5000);
        assert_eq!(
            plan(Some(rotated.clone()), Some(&rt("rt-1")), None, 1000, 60),
            Ok(Plan::Adopt(AccessToken::new("at-2".into())))
        );
        // A newer session whose token is already stale is refreshed itself.
        let stale = session("at-2", Some("rt-2"), 1030);
        assert_eq!(
            plan(Some(stale.clone()), Some(&rt("rt-1")), None, 1000, 60),
            Ok(Plan::Spend {
                session: stale,
                refresh_token: rt("rt-2")
            })
        );
        // A login in another tab while this one had no session at all.
        assert_eq!(
            plan(Some(rotated), None, None, 1000, 60),
            Ok(Plan::Adopt(AccessToken::new("at-2".into())))
        );
    }

    #[test]
    fn a_401_for_a_token_already_replaced_spends_nothing() {
        // The same refresh token (a server that does not rotate), another
        // access token than the refused one: refreshed meanwhile.
        let s = session("at-2", Some("rt-1"), 5000);
        let refused = AccessToken::new("at-1".into());
        assert_eq!(
            plan(Some(s.clone()), Some(&rt("rt-1")), Some(&refused), 1000, 60),
            Ok(Plan::Adopt(AccessToken::new("at-2".into())))
        );
        // The refused token is the one held: it is refreshed.
        let refused = AccessToken::new("at-2".into());
        assert_eq!(
            plan(Some(s.clone()), Some(&rt("rt-1")), Some(&refused), 1000, 60),
            Ok(Plan::Spend {
                session: s,
                refresh_token: rt("rt-1")
            })
        );
    }

    #[test]
    fn without_a_session_or_refresh_token_the_user_must_log_in() {
        assert_eq!(
            plan(None, None, None, 0, 60),
            Err(LoginRequired::NotLoggedIn)
        );
        let bare = session("at", None, 100);
        assert_eq!(
            plan(Some(bare), None, None, 1000, 60),
            Err(LoginRequired::NoRefreshToken)
        );
    }

    #[test]
    fn an_answer_rotates_ends_or_keeps_the_session() {
        let s = rt("rt-1");
        assert_eq!(
            judge(&rt("rt-1"), Some(&s), Ok(response("at-2"))),
            Judgement::Rotate(response("at-2"))
        );
        let rejected = AuthError::from_server("invalid_grant", Some("reused"));
        assert_eq!(
            judge(&rt("rt-1"), Some(&s), Err(rejected)),
            Judgement::End(LoginRequired::RefreshTokenRejected.into())
        );
        for transient in [
            AuthError::new(ErrorCode::Timeout, "t"),
            AuthError::new(ErrorCode::NetworkError, "n"),
            AuthError::new(ErrorCode::InvalidResponse, "502"),
            AuthError::from_server("server_error", None),
        ] {
            assert_eq!(
                judge(&rt("rt-1"), Some(&s), Err(transient.clone())),
                Judgement::Keep(transient)
            );
        }
    }

    #[test]
    fn an_answer_for_a_session_that_is_gone_touches_nothing() {
        let other = rt("rt-9");
        let stale = Judgement::Stale(LoginRequired::SessionEnded.into());
        assert_eq!(judge(&rt("rt-1"), None, Ok(response("x"))), stale);
        assert_eq!(judge(&rt("rt-1"), Some(&other), Ok(response("x"))), stale);
        let rejected = AuthError::from_server("invalid_grant", None);
        assert_eq!(judge(&rt("rt-1"), Some(&other), Err(rejected)), stale);
    }

    #[test]
    fn a_429_with_retry_after_holds_refreshes_until_the_wait_has_passed() {
        let mut hold = Hold::default();
        assert_eq!(hold.check(0), Ok(()));
        hold.extend(2, 10_000);
        // The seconds still to wait, rounded up; none once 2 s have passed.
        for (now, left) in [
            (10_000, Some(2)),
            (10_001, Some(2)),
            (11_000, Some(1)),
            (11_999, Some(1)),
            (12_000, None),
            (99_000, None),
        ] {
            let outcome = hold.check(now).map_err(|e| e.code);
            match left {
                Some(s) => assert_eq!(outcome, Err(ErrorCode::TooManyRequests(Some(s))), "{now}"),
                None => assert_eq!(outcome, Ok(()), "{now}"),
            }
        }
        // A later 429 holds again; the error is the one a 429 gives.
        hold.extend(1, 50_000);
        let e = hold.check(50_000).unwrap_err();
        assert_eq!(e, too_many_requests(Some(1)));
        assert_eq!(e.code(), "too_many_requests");
        // A huge wait saturates instead of overflowing.
        hold.extend(u32::MAX, u64::MAX - 1);
        assert!(hold.check(u64::MAX - 1).is_err());
    }

    #[test]
    fn nothing_is_held_without_a_wait_or_for_other_errors() {
        let s = session("at", Some("rt-1"), 100);
        for e in [
            too_many_requests(None),
            too_many_requests(Some(0)),
            AuthError::new(ErrorCode::Timeout, "t"),
            AuthError::new(ErrorCode::InvalidResponse, "502"),
            AuthError::from_server("temporarily_unavailable", None),
        ] {
            let (mut run, _) = Run::start(Some(rt("rt-1")), None, 60);
            run.locked();
            let sent = run.loaded(Some(s.clone()), &Hold::default(), 1_000_000);
            assert_eq!(sent, Step::Send(rt("rt-1")));
            let outcome = run.answered(Some(&rt("rt-1")), Err(e.clone()), 1_000_000);
            assert_eq!(outcome, Step::Done(Err(e)));
        }
        let (mut run, _) = Run::start(Some(rt("rt-1")), None, 60);
        run.locked();
        run.loaded(Some(s), &Hold::default(), 1_000_000);
        let busy = too_many_requests(Some(2));
        assert_eq!(
            run.answered(Some(&rt("rt-1")), Err(busy.clone()), 1_000_000),
            Step::Held {
                seconds: 2,
                error: busy
            }
        );
    }

    #[test]
    fn a_429_keeps_the_session() {
        let s = rt("rt-1");
        let busy = too_many_requests(Some(2));
        assert_eq!(
            judge(&rt("rt-1"), Some(&s), Err(busy.clone())),
            Judgement::Keep(busy)
        );
    }
}
