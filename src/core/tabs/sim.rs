//! Tabs driven in memory (the quinn-proto way: the protocol's state machines,
//! a message bus, a Web Lock and a token endpoint with reuse detection, no
//! browser). Each tab's refresh is the core's [`Run`], the machine the
//! browser drives too; time is virtual and moves only when every tab waits,
//! to the next deadline. Messages are delivered as soon as they are posted.

use super::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::core::error::{AuthError, ErrorCode, IdTokenCheck};
use crate::core::jwt;
use crate::core::refresh::{Hold, Run, Step};
use crate::core::secret::{AccessToken, IdToken};
use crate::core::token::{too_many_requests, TokenResponse};

const LEEWAY: u64 = 60;

/// A token endpoint that rotates refresh tokens and, like Auth0 and
/// oidc-provider, revokes the whole family when a spent one comes back.
#[derive(Default)]
struct Server {
    requests: u32,
    issued: u32,
    spent: Vec<String>,
    reuse_detected: u32,
    /// The next refresh is answered 429 with this `Retry-After`.
    busy: Option<u32>,
    /// Refreshes come with an ID token.
    id_tokens: bool,
    /// The access tokens it issues are this much longer (a session too large
    /// to store).
    padding: usize,
    /// Refresh tokens revoked (RFC 7009) at logout: the family ends.
    revoked: Vec<String>,
}

/// An ID token of the shape a server signs (RS256; the simulation checks
/// everything but the signature).
fn id_token(sub: &str, n: u32) -> IdToken {
    let part = |json: &str| URL_SAFE_NO_PAD.encode(json);
    IdToken::new(format!(
        "{}.{}.c2ln",
        part(r#"{"alg":"RS256","kid":"k1"}"#),
        part(&format!(r#"{{"sub":"{sub}","n":{n}}}"#))
    ))
}

/// The simulation's ID-token check: the real decoding (`alg: none` and the
/// like are refused), no signature.
fn decode(id: &IdToken) -> Result<String, AuthError> {
    Ok(jwt::decode(id.secret())?.claims_json)
}

impl Server {
    fn refresh(&mut self, rt: &RefreshToken) -> Result<TokenResponse, AuthError> {
        self.requests += 1;
        if let Some(seconds) = self.busy.take() {
            return Err(too_many_requests(Some(seconds)));
        }
        if !self.revoked.is_empty() {
            return Err(AuthError::from_server("invalid_grant", None));
        }
        if self.spent.iter().any(|s| s == rt.secret()) {
            self.reuse_detected += 1;
            return Err(AuthError::from_server("invalid_grant", None));
        }
        self.spent.push(rt.secret().to_owned());
        self.issued += 1;
        let n = self.issued;
        Ok(TokenResponse {
            access_token: AccessToken::new(format!("at-{n}{}", "x".repeat(self.padding))),
            expires_in: 300,
            refresh_token: Some(RefreshToken::new(format!("rt-{n}"))),
            id_token: self.id_tokens.then(|| id_token("u1", n)),
            scope: None,
        })
    }
}

/// Where a tab's refresh is: the machine and the step it asked for, and the
/// result of an I/O that has begun but not yet been handed back.
struct Running {
    run: Run,
    step: Step,
    answer: Option<Result<TokenResponse, AuthError>>,
    check: Option<Result<String, AuthError>>,
}

struct SimTab {
    tab: Tab,
    /// The session in memory, and the tab's own sessionStorage.
    session: Option<Session>,
    stored: Option<String>,
    /// Memory holds a session storage refused.
    unsaved: bool,
    hold: Hold,
    acknowledged: bool,
    running: Option<Running>,
    outcomes: Vec<Result<AccessToken, AuthError>>,
    events: Vec<&'static str>,
    open: bool,
    /// A logout waits for the lock.
    logging_out: bool,
}

/// Decides which messages are lost: (sender, receiver, message) → lost.
type Loss = Box<dyn FnMut(usize, usize, &TabMessage) -> bool>;
/// Checks a refreshed ID token: its claims, or why not.
type Checker = Box<dyn FnMut(&IdToken) -> Result<String, AuthError>>;

struct World {
    tabs: Vec<SimTab>,
    server: Server,
    bus: Vec<(usize, String)>,
    /// Drops a message when it returns true for (sender, receiver, message).
    lose: Loss,
    check: Checker,
    /// Virtual time, epoch milliseconds.
    now_ms: u64,
    /// The Web Lock: its holder and the tabs waiting for it, in order.
    lock: Option<usize>,
    queue: Vec<usize>,
    invalid_grants: u32,
}

fn login(now_s: u64) -> Session {
    Session {
        access_token: AccessToken::new("at-0".into()),
        refresh_token: Some(RefreshToken::new("rt-0".into())),
        id_token: Some(id_token("u1", 0)),
        expires_at: now_s + 300,
        scope: "openid offline_access".into(),
        audience: "https://api.example".into(),
        family: "family-0".into(),
    }
}

impl World {
    /// `n` tabs holding one session (duplicated tabs), all joined.
    fn shared(n: usize) -> World {
        let now_ms = 1_000_000_000;
        let mut w = World {
            tabs: Vec::new(),
            server: Server::default(),
            bus: Vec::new(),
            lose: Box::new(|_, _, _| false),
            check: Box::new(decode),
            now_ms,
            lock: None,
            queue: Vec::new(),
            invalid_grants: 0,
        };
        for i in 0..n {
            w.open_tab(&format!("tab{i}"), Some(login(now_ms / 1000)));
            let hello = w.tabs[i].tab.hello(held_by(w.tabs[i].session.as_ref()));
            w.post(i, hello);
            w.deliver();
        }
        w
    }

    /// Opens one more tab, holding `session`, not yet on the channel.
    fn open_tab(&mut self, id: &str, session: Option<Session>) {
        self.tabs.push(SimTab {
            tab: Tab::new(id.into(), format!("key of {id}"), true),
            stored: session.as_ref().map(Session::to_json),
            session,
            unsaved: false,
            hold: Hold::default(),
            acknowledged: false,
            running: None,
            outcomes: Vec::new(),
            events: Vec::new(),
            open: true,
            logging_out: false,
        });
    }

    /// Tab `i` goes away; `bye`: whether its page says so (`pagehide`). The
    /// browser releases the locks it held.
    fn close(&mut self, i: usize, bye: bool) {
        if bye {
            let bye = self.tabs[i].tab.bye();
            self.post(i, bye);
            self.deliver();
        }
        self.tabs[i].open = false;
        self.tabs[i].running = None;
        self.queue.retain(|&t| t != i);
        if self.lock == Some(i) {
            self.lock = None;
        }
    }

    fn post(&mut self, from: usize, message: TabMessage) {
        self.bus.push((from, message.encode()));
    }

    /// Delivers every queued message (and the ones they cause) to every open
    /// tab but its sender, as BroadcastChannel does.
    fn deliver(&mut self) {
        while !self.bus.is_empty() {
            let (from, text) = self.bus.remove(0);
            for to in 0..self.tabs.len() {
                // Too long a message is dropped unread, as in the browser.
                let Some(message) = TabMessage::parse(&text) else {
                    continue;
                };
                if to == from || !self.tabs[to].open || (self.lose)(from, to, &message) {
                    continue;
                }
                let session = self.tabs[to].session.clone();
                let mut reply = self.tabs[to].tab.receive(message, session.as_ref());
                if let Some(pushed) = reply.adopt {
                    let check = pushed.id_token.as_ref().map(|id| (self.check)(id));
                    let t = &mut self.tabs[to];
                    match adoption(pushed, session.as_ref(), check) {
                        Some((s, _claims)) => {
                            t.stored = Some(s.to_json());
                            t.session = Some(s);
                            t.events.push("tokenRefreshed");
                        }
                        None => reply.post = None,
                    }
                }
                let t = &mut self.tabs[to];
                if reply.end {
                    (t.session, t.stored) = (None, None);
                }
                if let Some(seconds) = reply.hold {
                    t.hold.extend(seconds, self.now_ms);
                }
                t.acknowledged |= reply.acknowledged;
                if let Some(m) = reply.post {
                    self.post(to, m);
                }
            }
        }
    }

    fn rt(&self, i: usize) -> Option<RefreshToken> {
        self.tabs[i].session.as_ref()?.refresh_token.clone()
    }

    /// Tab `i` asks for a token: forced, or after a 401 for `rejected`.
    fn ask(&mut self, i: usize, rejected: Option<&str>) {
        let rejected = rejected.map(|r| AccessToken::new(r.into()));
        let (run, step) = Run::start(self.rt(i), rejected, LEEWAY);
        self.tabs[i].running = Some(Running {
            run,
            step,
            answer: None,
            check: None,
        });
        // It asks for the lock now: the lock grants in the order asked.
        self.step(i);
    }

    /// Tab `i` logs out (as client/logout.rs does): under the refresh lock,
    /// it clears its session, tells the other tabs and revokes the refresh
    /// token.
    fn logout(&mut self, i: usize) {
        self.tabs[i].logging_out = true;
        self.step(i);
    }

    /// Tab `i` asks for the lock, in turn; whether it holds it.
    fn take_lock(&mut self, i: usize) -> bool {
        if !self.queue.contains(&i) {
            self.queue.push(i);
        }
        if self.lock.is_some() || self.queue[0] != i {
            return false;
        }
        self.queue.remove(0);
        self.lock = Some(i);
        true
    }

    /// Carries out tab `i`'s next step; whether it could (not waiting for
    /// the lock or for acknowledgements).
    fn step(&mut self, i: usize) -> bool {
        let Some(mut r) = self.tabs[i].running.take() else {
            if !self.tabs[i].logging_out || !self.take_lock(i) {
                return false;
            }
            let t = &mut self.tabs[i];
            t.logging_out = false;
            t.stored = None;
            if let Some(s) = t.session.take() {
                let logout = t.tab.logout(&s);
                self.server
                    .revoked
                    .extend(s.refresh_token.map(|rt| rt.secret().to_owned()));
                self.post(i, logout);
                self.deliver();
            }
            self.lock = None;
            return true;
        };
        let now = self.now_ms;
        let next = match std::mem::replace(&mut r.step, Step::Lock) {
            Step::Lock => {
                if !self.take_lock(i) {
                    r.step = Step::Lock;
                    self.tabs[i].running = Some(r);
                    return false;
                }
                r.run.locked()
            }
            Step::Load => {
                let t = &mut self.tabs[i];
                let stored = t.stored.as_deref().and_then(Session::from_json);
                if stored.is_some() || !t.unsaved {
                    t.session = stored;
                }
                r.run.loaded(t.session.clone(), &t.hold, now)
            }
            // The request is out; its answer comes back at the next step.
            Step::Send(spent) if r.answer.is_none() => {
                r.answer = Some(self.server.refresh(&spent));
                Step::Send(spent)
            }
            Step::Send(_) => {
                let answer = r.answer.take().expect("sent");
                r.run.answered(self.rt(i).as_ref(), answer, now)
            }
            Step::Check(id) if r.check.is_none() => {
                r.check = Some((self.check)(&id));
                Step::Check(id)
            }
            Step::Check(_) => {
                let outcome = r.check.take().expect("checked");
                r.run.checked(self.rt(i).as_ref(), outcome)
            }
            Step::Save {
                spent,
                session,
                claims: _,
            } => {
                let t = &mut self.tabs[i];
                let stored = session.to_stored_json();
                t.unsaved = stored.is_err();
                t.stored = stored.as_ref().ok().cloned();
                t.session = Some(session.clone());
                t.events.push("tokenRefreshed");
                t.acknowledged = false;
                let (message, wait) = t.tab.rotate(&spent, &session);
                self.post(i, message);
                self.deliver();
                r.run.saved(&session, stored.map(|_| ()), wait, now)
            }
            Step::Wait { until_ms } => {
                if !self.tabs[i].acknowledged && now < until_ms {
                    r.step = Step::Wait { until_ms };
                    self.tabs[i].running = Some(r);
                    return false;
                }
                self.tabs[i].tab.end_wait();
                r.run.waited()
            }
            Step::End(e) => {
                let t = &mut self.tabs[i];
                (t.session, t.stored) = (None, None);
                t.events.push("sessionExpired");
                self.invalid_grants += 1;
                return self.over(i, Err(e));
            }
            Step::Held { seconds, error } => {
                self.tabs[i].hold.extend(seconds, now);
                let hold = self.tabs[i].tab.hold(seconds);
                self.post(i, hold);
                self.deliver();
                return self.over(i, Err(error));
            }
            Step::Done(outcome) => return self.over(i, outcome),
        };
        r.step = next;
        self.tabs[i].running = Some(r);
        true
    }

    /// Tab `i`'s refresh is over: it releases the lock.
    fn over(&mut self, i: usize, outcome: Result<AccessToken, AuthError>) -> bool {
        if self.lock == Some(i) {
            self.lock = None;
        }
        self.tabs[i].outcomes.push(outcome);
        true
    }

    /// Runs every tab until all are done, moving time to the next deadline
    /// whenever every tab waits.
    fn settle(&mut self) {
        loop {
            let mut progress = false;
            for i in 0..self.tabs.len() {
                while self.step(i) {
                    progress = true;
                }
            }
            if progress {
                continue;
            }
            let deadline = self
                .tabs
                .iter()
                .filter_map(|t| match t.running.as_ref()?.step {
                    Step::Wait { until_ms } => Some(until_ms),
                    _ => None,
                })
                .min();
            match deadline {
                Some(at) => self.now_ms = self.now_ms.max(at),
                None => return,
            }
        }
    }

    /// Runs tab `i` until its next step is `until` (compared by kind).
    fn run_until(&mut self, i: usize, until: fn(&Step) -> bool) {
        while !self.tabs[i]
            .running
            .as_ref()
            .is_some_and(|r| until(&r.step))
        {
            assert!(self.step(i), "tab {i} is stuck");
        }
    }

    /// The tabs in `order` all ask for a refresh at once (forced, or their
    /// token expired); the lock then grants them one after the other. The
    /// refresh tokens spent.
    fn round(&mut self, order: &[usize]) -> u32 {
        let before = self.server.issued;
        for &i in order {
            self.ask(i, None);
        }
        self.settle();
        self.now_ms += 400_000; // every token is stale by the next round
        self.server.issued - before
    }

    fn all_hold(&self, rt: &str) -> bool {
        self.tabs.iter().filter(|t| t.open).all(|t| {
            t.session
                .as_ref()
                .and_then(|s| s.refresh_token.as_ref())
                .map(RefreshToken::secret)
                == Some(rt)
        })
    }

    fn last(&self, i: usize) -> Result<&str, &str> {
        match self.tabs[i].outcomes.last().expect("an outcome") {
            Ok(t) => Ok(t.secret()),
            Err(e) => Err(e.code()),
        }
    }
}

/// A small deterministic generator for interleavings.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn order(&mut self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        for k in (1..n).rev() {
            order.swap(k, self.next(k + 1));
        }
        order.truncate(1 + self.next(n));
        order
    }
}

#[test]
fn two_tabs_rotate_one_family_and_never_spend_a_token_twice() {
    let mut w = World::shared(2);
    for round in 0..50 {
        let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        // The first tab in the lock spends; the second adopts its session.
        assert_eq!(w.round(&order), 1, "round {round}");
        assert!(w.all_hold(&format!("rt-{}", round + 1)), "round {round}");
    }
    assert_eq!(w.server.reuse_detected, 0);
    assert_eq!(w.invalid_grants, 0);
    assert_eq!(w.server.issued, 50);
}

#[test]
fn three_tabs_in_any_order_never_spend_a_token_twice() {
    let mut w = World::shared(3);
    let mut rng = Lcg(7);
    for round in 0..50 {
        // 1 to 3 tabs want a refresh, in a random order.
        let order = rng.order(3);
        assert_eq!(w.round(&order), 1, "round {round}: {order:?}");
        // Every peer acknowledged at once: no wait ran out.
        assert_eq!(w.now_ms % 400_000, 0, "round {round}");
    }
    assert_eq!(w.server.reuse_detected, 0);
    assert_eq!(w.invalid_grants, 0);
    assert!(w.all_hold("rt-50"));
}

#[test]
fn a_lost_acknowledgement_costs_one_bounded_wait_not_the_session() {
    let mut w = World::shared(3);
    w.lose = Box::new(|from, _, m| from == 2 && matches!(m, TabMessage::Ack { .. }));
    let start = w.now_ms;
    w.round(&[0]);
    // Tab 2 adopted, but its Ack never came: tab 0 waited ACK_TIMEOUT_MS
    // (virtual), then stopped waiting for it.
    assert!(w.all_hold("rt-1"));
    assert_eq!(w.now_ms - start, 400_000 + u64::from(ACK_TIMEOUT_MS));
    assert!(!w.tabs[0].acknowledged);
    assert_eq!(w.last(0), Ok("at-1"));
    w.lose = Box::new(|_, _, _| false);
    // The next rotation still reaches tab 2, which takes it; no wait.
    let start = w.now_ms;
    w.round(&[0]);
    assert!(w.all_hold("rt-2"));
    assert_eq!(w.now_ms - start, 400_000);
    w.round(&[2, 1, 0]);
    assert!(w.all_hold("rt-3"));
    assert_eq!(w.server.reuse_detected, 0);
}

#[test]
fn a_tab_that_missed_a_rotation_cannot_revoke_its_peers_tokens_silently() {
    // Tab 1 is frozen while tab 0 rotates: it keeps the spent token. When it
    // wakes and spends it, the server's reuse detection ends the family; the
    // tab that refreshed waited its bounded time rather than forever.
    let mut w = World::shared(2);
    w.lose = Box::new(|_, to, m| to == 1 && matches!(m, TabMessage::Rotated { .. }));
    w.round(&[0]);
    assert!(!w.tabs[0].acknowledged);
    assert_eq!(w.rt(1).unwrap().secret(), "rt-0");
    w.lose = Box::new(|_, _, _| false);
    w.round(&[1]);
    assert_eq!(w.server.reuse_detected, 1);
    assert!(
        w.tabs[1].session.is_none(),
        "the rejected session is cleared"
    );
    assert_eq!(w.last(1), Err("login_required"));
    assert_eq!(w.tabs[1].events, ["sessionExpired"]);
}

#[test]
fn a_closed_tab_that_said_bye_costs_no_wait() {
    let mut w = World::shared(3);
    w.close(2, true);
    let start = w.now_ms;
    w.round(&[0]);
    assert!(w.all_hold("rt-1"));
    assert_eq!(
        w.now_ms - start,
        400_000,
        "nobody waited for the closed tab"
    );
    // Without its bye, a closed tab costs one bounded wait, once.
    w.close(1, false);
    let start = w.now_ms;
    w.round(&[0]);
    assert_eq!(w.now_ms - start, 400_000 + u64::from(ACK_TIMEOUT_MS));
    let start = w.now_ms;
    w.round(&[0]);
    assert_eq!(w.now_ms - start, 400_000);
    assert_eq!(w.server.reuse_detected, 0);
}

#[test]
fn a_tab_closing_while_it_waits_for_acknowledgements_leaves_its_peers_the_new_session() {
    let mut w = World::shared(3);
    // Tab 2's ack is lost; tab 0 waits for it, then its page is closed.
    w.lose = Box::new(|from, _, m| from == 2 && matches!(m, TabMessage::Ack { .. }));
    w.ask(0, None);
    w.run_until(0, |s| matches!(s, Step::Wait { .. }));
    assert!(!w.step(0), "waiting for tab 2");
    w.close(0, true);
    assert_eq!(w.lock, None, "the browser released the lock");
    w.lose = Box::new(|_, _, _| false);
    w.now_ms += 400_000;
    w.round(&[1, 2]);
    assert!(w.all_hold("rt-2"));
    assert_eq!(w.server.reuse_detected, 0);
}

#[test]
fn a_tab_closing_between_request_and_answer_ends_the_family_cleanly() {
    // The server rotated, but the answer died with the tab: nobody holds the
    // new refresh token. The next refresh is refused and ends the session in
    // that tab (sessionExpired), nothing hangs.
    let mut w = World::shared(2);
    w.ask(0, None);
    w.run_until(0, |s| matches!(s, Step::Send(_)));
    assert!(w.step(0), "the request is out");
    w.close(0, true);
    w.now_ms += 400_000;
    w.round(&[1]);
    assert_eq!(w.last(1), Err("login_required"));
    assert!(w.tabs[1].session.is_none());
    assert_eq!(w.tabs[1].events, ["sessionExpired"]);
}

#[test]
fn a_429_holds_every_tab_back_until_its_retry_after() {
    let mut w = World::shared(3);
    w.now_ms += 400_000;
    w.server.busy = Some(2);
    w.ask(0, None);
    w.settle();
    assert_eq!(w.last(0), Err("too_many_requests"));
    // The next tabs through the lock send nothing during the wait: they
    // fail at once with the seconds left.
    w.now_ms += 1500;
    for i in [1, 2, 0] {
        w.ask(i, None);
        w.settle();
        let e = w.tabs[i].outcomes.last().unwrap().as_ref().unwrap_err();
        assert_eq!(e.code, ErrorCode::TooManyRequests(Some(1)), "tab {i}");
    }
    assert_eq!(w.server.requests, 1);
    // Once it has passed, one refresh for all.
    w.now_ms += 500;
    assert_eq!(w.round(&[2, 0, 1]), 1);
    assert!(w.all_hold("rt-1"));
    assert_eq!(w.server.requests, 2);
}

#[test]
fn several_401s_for_one_token_cost_one_refresh() {
    let mut w = World::shared(2);
    // Three requests of tab 0 and one of tab 1 went out with at-0 and come
    // back 401, one after the other.
    for i in [0, 0, 1, 0] {
        w.ask(i, Some("at-0"));
        w.settle();
        assert_eq!(w.last(i), Ok("at-1"), "tab {i}");
    }
    assert_eq!(w.server.issued, 1);
    // A 401 for the new token is a new refresh.
    w.ask(1, Some("at-1"));
    w.settle();
    assert_eq!(w.last(1), Ok("at-2"));
    assert_eq!(w.server.issued, 2);
    assert!(w.all_hold("rt-2"));
}

#[test]
fn a_platform_failure_checking_the_new_id_token_keeps_the_new_tokens() {
    let mut w = World::shared(2);
    w.server.id_tokens = true;
    w.check = Box::new(|_| {
        Err(AuthError::new(
            ErrorCode::CryptoError,
            "WebCrypto could not import the issuer's key",
        ))
    });
    w.round(&[0]);
    // The server rotated: the new refresh token is kept (with the ID token
    // the session had) and announced to the peer.
    assert!(w.all_hold("rt-1"));
    let kept = w.tabs[0].session.as_ref().unwrap().id_token.clone();
    assert_eq!(kept, Some(id_token("u1", 0)), "the ID token it had");
    assert_eq!(w.tabs[0].events, ["tokenRefreshed"]);
    w.round(&[1, 0]);
    assert!(w.all_hold("rt-2"));
    assert_eq!(w.server.reuse_detected, 0);
    // An ID token that fails a check of its own ends the session.
    w.check = Box::new(|_| Err(IdTokenCheck::Signature.into()));
    w.round(&[0]);
    assert_eq!(w.last(0), Err("id_token_invalid"));
    assert!(w.tabs[0].session.is_none());
}

#[test]
fn a_session_too_large_to_store_keeps_its_rotated_refresh_token() {
    let mut w = World::shared(1);
    w.server.padding = crate::core::session::MAX_SESSION_BYTES;
    w.round(&[0]);
    // Said: the refresh reports that the session could not be stored.
    assert_eq!(w.last(0), Err("invalid_response"));
    // Kept: memory holds the new refresh token, and the spent one is not
    // left in storage to be spent again after a reload.
    assert!(w.all_hold("rt-1"));
    assert_eq!(w.tabs[0].stored, None);
    // The next refresh re-reads storage and still spends the new token.
    w.server.padding = 0;
    w.round(&[0]);
    assert_eq!(w.last(0), Ok("at-2"));
    assert_eq!(w.server.reuse_detected, 0);
    assert!(w.tabs[0].stored.is_some());
}

#[test]
fn logout_in_one_tab_ends_the_session_in_every_tab_that_shares_it() {
    let mut w = World::shared(3);
    w.round(&[1]);
    // A fourth tab with a session of its own (another login).
    let other = Session {
        refresh_token: Some(RefreshToken::new("rt-other".into())),
        family: "family-other".into(),
        ..login(w.now_ms / 1000)
    };
    w.open_tab("other", Some(other));
    w.logout(0);
    w.settle();
    assert!(w.tabs[..3].iter().all(|t| t.session.is_none()));
    assert!(w.tabs[3].session.is_some(), "another login is not touched");
}

#[test]
fn a_tab_that_joins_later_is_counted_among_the_holders() {
    let mut w = World::shared(1);
    // A tab duplicated after the first rotation starts with a copy of it.
    w.round(&[0]);
    let copy = w.tabs[0].session.clone();
    w.open_tab("late", copy);
    let hello = w.tabs[1].tab.hello(held_by(w.tabs[1].session.as_ref()));
    w.post(1, hello);
    w.deliver();
    w.round(&[0]);
    // Tab 0 waited for the newcomer's acknowledgement and got it.
    assert!(w.tabs[0].acknowledged);
    assert!(w.all_hold("rt-2"));
}

impl World {
    /// Tab `i`, holding no session, asks for one (under the refresh lock:
    /// nobody rotates meanwhile). Whether it got one.
    fn ask_session(&mut self, i: usize) -> bool {
        let ask = self.tabs[i].tab.ask();
        self.post(i, ask);
        self.deliver();
        self.tabs[i].session.is_some()
    }
}

#[test]
fn a_new_tab_takes_the_session_and_joins_the_rotation() {
    let mut w = World::shared(2);
    w.round(&[0]);
    // A tab opened by URL: no copy of sessionStorage, no session.
    w.open_tab("new", None);
    assert!(w.ask_session(2));
    assert!(
        w.all_hold("rt-1"),
        "the same refresh-token family, no new login"
    );
    // It is a holder now: every rotation reaches it, from any tab, and it
    // can rotate for the others.
    let mut rng = Lcg(11);
    for round in 0..50 {
        let order = rng.order(3);
        assert_eq!(w.round(&order), 1, "round {round}: {order:?}");
    }
    assert!(w.all_hold("rt-51"));
    assert_eq!(w.server.reuse_detected, 0);
    assert_eq!(w.invalid_grants, 0);
    // Logout in the new tab ends the session in all three.
    w.logout(2);
    w.settle();
    assert!(w.tabs.iter().all(|t| t.session.is_none()));
}

#[test]
fn nobody_answers_without_a_session_or_with_sharing_off() {
    let mut w = World::shared(1);
    w.tabs[0].session = None;
    w.open_tab("new", None);
    assert!(!w.ask_session(1), "no tab holds a session");
    let mut w = World::shared(1);
    w.tabs[0].tab = Tab::new("private".into(), "key".into(), false);
    w.open_tab("new", None);
    assert!(!w.ask_session(1), "the holder does not share");
}

#[test]
fn a_share_for_another_tab_or_for_a_tab_with_a_session_is_ignored() {
    let mut w = World::shared(2);
    w.open_tab("new", None);
    w.open_tab("bystander", None);
    assert!(w.ask_session(2));
    assert!(
        w.tabs[3].session.is_none(),
        "a share goes to the asker only"
    );
    // A share addressed to a tab that holds a session changes nothing.
    let mine = w.tabs[1].session.clone().unwrap();
    let other = Session {
        refresh_token: Some(RefreshToken::new("rt-other".into())),
        family: "family-other".into(),
        ..login(w.now_ms / 1000)
    };
    let share = TabMessage::Share {
        id: "x".into(),
        to: "tab1".into(),
        session: other.to_json(),
    };
    let reply = w.tabs[1].tab.receive(share, Some(&mine));
    assert_eq!(reply, Reply::default());
}

impl World {
    /// Tab `i` starts a refresh and runs it until its answer's ID token is
    /// being checked (the server rotated already).
    fn checking_refresh(&mut self, i: usize) {
        self.server.id_tokens = true;
        self.ask(i, None);
        self.run_until(i, |s| matches!(s, Step::Check(_)));
        assert!(self.step(i), "the check runs");
    }

    fn all_logged_out(&self) -> bool {
        self.tabs
            .iter()
            .all(|t| t.session.is_none() && t.stored.is_none())
    }
}

#[test]
fn a_logout_during_a_refresh_in_the_same_tab_stays_done() {
    // The answer has come and its ID token is being checked when the user
    // logs out in that tab: the logout waits for the refresh (the lock),
    // then revokes and clears the rotated session; nothing writes it back.
    let mut w = World::shared(2);
    w.checking_refresh(0);
    w.logout(0);
    w.settle();
    assert!(w.all_logged_out());
    assert_eq!(w.server.revoked, ["rt-1"], "the rotated token is revoked");
    // Without the lock (a logout that does not wait), the refresh's save
    // after its check is still dropped: the session moved on.
    let mut w = World::shared(1);
    w.checking_refresh(0);
    (w.tabs[0].session, w.tabs[0].stored) = (None, None);
    w.settle();
    assert_eq!(w.last(0), Err("login_required"));
    assert!(w.tabs[0].session.is_none() && w.tabs[0].stored.is_none());
}

#[test]
fn a_logout_during_a_refresh_in_a_peer_ends_the_rotated_session_too() {
    let mut w = World::shared(3);
    w.checking_refresh(1);
    w.logout(0);
    w.settle();
    assert!(w.all_logged_out());
    assert_eq!(w.server.revoked, ["rt-1"]);
    // A tab that missed the rotation logs out holding the spent token: its
    // logout names the login's family, and ends the peers' rotated session.
    let mut w = World::shared(3);
    w.lose = Box::new(|_, to, m| to == 0 && matches!(m, TabMessage::Rotated { .. }));
    w.round(&[1]);
    assert_eq!(w.rt(0).unwrap().secret(), "rt-0");
    w.logout(0);
    w.settle();
    assert!(w.tabs.iter().all(|t| t.session.is_none()));
}

#[test]
fn a_share_after_the_ask_stopped_waiting_is_refused() {
    let mut w = World::shared(1);
    w.open_tab("new", None);
    // The answer is late: the asking tab stopped waiting.
    w.lose = Box::new(|_, _, m| matches!(m, TabMessage::Share { .. }));
    assert!(!w.ask_session(1));
    w.tabs[1].tab.stop_asking();
    w.lose = Box::new(|_, _, _| false);
    let share = TabMessage::Share {
        id: "tab0".into(),
        to: "new".into(),
        session: w.tabs[0].session.as_ref().unwrap().to_json(),
    };
    w.post(0, share);
    w.deliver();
    assert!(w.tabs[1].session.is_none(), "no late log-in");
    // Asked again and answered in time, it is taken, and says so.
    assert!(w.ask_session(1));
    assert_eq!(w.tabs[1].events, ["tokenRefreshed"]);
}

#[test]
fn a_forged_rotation_is_not_taken() {
    let mut w = World::shared(2);
    let held = w.tabs[1].session.clone().unwrap();
    let forge = |id_token: Option<IdToken>| TabMessage::Rotated {
        id: "evil".into(),
        from: held_by(Some(&held)),
        to: "x".into(),
        session: Session {
            access_token: AccessToken::new("at-evil".into()),
            refresh_token: Some(RefreshToken::new("rt-evil".into())),
            id_token,
            ..held.clone()
        }
        .to_json(),
    };
    // An unsigned ID token (alg: none), and none at all.
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(r#"{"sub":"evil"}"#)
    );
    for forged in [forge(Some(IdToken::new(none))), forge(None)] {
        w.post(0, forged);
        w.deliver();
        assert_eq!(w.tabs[1].session.as_ref(), Some(&held));
        assert!(w.tabs[1].events.is_empty());
    }
    // A real rotation still is, and the peer hears of it.
    w.round(&[0]);
    assert!(w.all_hold("rt-1"));
    assert_eq!(w.tabs[1].events, ["tokenRefreshed"]);
}

#[test]
fn a_forged_bye_does_not_stop_the_wait_for_a_peer() {
    let mut w = World::shared(3);
    // Someone on the channel says bye for tab 2, not knowing its key.
    for key in ["", "guess", "key of tab1"] {
        let bye = TabMessage::Bye {
            id: "tab2".into(),
            key: key.into(),
        };
        w.post(1, bye);
        w.deliver();
    }
    // Tab 0 still waits for tab 2's acknowledgement (lost here).
    w.lose = Box::new(|from, _, m| from == 2 && matches!(m, TabMessage::Ack { .. }));
    let start = w.now_ms;
    w.round(&[0]);
    assert_eq!(w.now_ms - start, 400_000 + u64::from(ACK_TIMEOUT_MS));
    assert!(w.all_hold("rt-1"));
    // Met again at its next ack, it is a holder; its own bye ends the wait
    // for it at once.
    w.lose = Box::new(|_, _, _| false);
    w.round(&[0]);
    let holder = |w: &World| {
        w.tabs[0]
            .tab
            .peers
            .iter()
            .any(|(id, rt, _)| id == "tab2" && !rt.is_empty())
    };
    assert!(holder(&w));
    w.close(2, true);
    assert!(!holder(&w));
    let start = w.now_ms;
    w.round(&[0]);
    assert_eq!(w.now_ms - start, 400_000);
}
