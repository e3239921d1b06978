//! Tabs driven in memory (the quinn-proto way: the protocol's state machines,
//! a message bus and a token endpoint with reuse detection, no browser).
//! Refreshes are serialized as the Web Lock serializes them; messages posted
//! before a tab gives up the lock are delivered before the next holder runs.

use super::*;
use crate::core::refresh::{judge, plan, Judgement, Plan};
use crate::core::secret::AccessToken;
use crate::core::token::TokenResponse;

const LEEWAY: u64 = 60;

/// A token endpoint that rotates refresh tokens and, like Auth0 and
/// oidc-provider, revokes the whole family when a spent one comes back.
#[derive(Default)]
struct Server {
    issued: u32,
    spent: Vec<String>,
    reuse_detected: u32,
}

impl Server {
    fn refresh(&mut self, rt: &RefreshToken) -> Result<TokenResponse, AuthError> {
        if self.spent.iter().any(|s| s == rt.secret()) {
            self.reuse_detected += 1;
            return Err(AuthError::from_server("invalid_grant", None));
        }
        self.spent.push(rt.secret().to_owned());
        self.issued += 1;
        Ok(TokenResponse {
            access_token: AccessToken::new(format!("at-{}", self.issued)),
            expires_in: 300,
            refresh_token: Some(RefreshToken::new(format!("rt-{}", self.issued))),
            id_token: None,
            scope: None,
        })
    }
}

use crate::core::AuthError;

struct SimTab {
    tab: Tab,
    session: Option<Session>,
    acknowledged: bool,
}

/// Decides which messages are lost: (sender, receiver, message) → lost.
type Loss = Box<dyn FnMut(usize, usize, &TabMessage) -> bool>;

struct World {
    tabs: Vec<SimTab>,
    server: Server,
    bus: Vec<(usize, String)>,
    /// Drops a message when it returns true for (sender, receiver, message).
    lose: Loss,
    now: u64,
    invalid_grants: u32,
}

fn login(now: u64) -> Session {
    Session {
        access_token: AccessToken::new("at-0".into()),
        refresh_token: Some(RefreshToken::new("rt-0".into())),
        id_token: None,
        expires_at: now + 300,
        scope: "openid offline_access".into(),
        audience: "https://api.example".into(),
    }
}

impl World {
    /// `n` tabs holding one session (duplicated tabs), all joined.
    fn shared(n: usize) -> World {
        let now = 1_000_000;
        let mut w = World {
            tabs: (0..n)
                .map(|i| SimTab {
                    tab: Tab::new(format!("tab{i}")),
                    session: Some(login(now)),
                    acknowledged: false,
                })
                .collect(),
            server: Server::default(),
            bus: Vec::new(),
            lose: Box::new(|_, _, _| false),
            now,
            invalid_grants: 0,
        };
        for i in 0..n {
            let hello = w.tabs[i].tab.hello(held_by(w.tabs[i].session.as_ref()));
            w.post(i, hello);
            w.deliver();
        }
        w
    }

    fn post(&mut self, from: usize, message: TabMessage) {
        self.bus.push((from, message.encode()));
    }

    /// Delivers every queued message (and the ones they cause) to every tab
    /// but its sender, as BroadcastChannel does.
    fn deliver(&mut self) {
        while !self.bus.is_empty() {
            let (from, text) = self.bus.remove(0);
            for to in 0..self.tabs.len() {
                let message = TabMessage::parse(&text).expect("the protocol's own text");
                if to == from || (self.lose)(from, to, &message) {
                    continue;
                }
                let held = held_by(self.tabs[to].session.as_ref());
                let reply = self.tabs[to].tab.receive(message, &held);
                if let Some(s) = reply.adopt {
                    self.tabs[to].session = Some(s);
                }
                if reply.end {
                    self.tabs[to].session = None;
                }
                if let Some(m) = reply.post {
                    self.post(to, m);
                }
                self.tabs[to].acknowledged |= reply.acknowledged;
            }
        }
    }

    fn rt(&self, i: usize) -> Option<RefreshToken> {
        self.tabs[i].session.as_ref()?.refresh_token.clone()
    }

    /// Tab `i` refreshes holding the lock, having asked while it held `before`.
    /// Returns whether it spent a refresh token.
    fn refresh_locked(&mut self, i: usize, before: Option<RefreshToken>) -> bool {
        let current = self.tabs[i].session.clone();
        let (session, spent) = match plan(current, before.as_ref(), self.now, LEEWAY) {
            Ok(Plan::Adopt(_)) | Err(_) => return false,
            Ok(Plan::Spend {
                session,
                refresh_token,
            }) => (session, refresh_token),
        };
        let answer = self.server.refresh(&spent);
        match judge(&spent, self.rt(i).as_ref(), answer) {
            Judgement::Rotate(tokens) => {
                let refreshed = session.refreshed(tokens, self.now);
                self.tabs[i].session = Some(refreshed.clone());
                self.tabs[i].acknowledged = false;
                let (message, wait) = self.tabs[i].tab.rotate(&spent, &refreshed);
                self.post(i, message);
                self.deliver();
                if wait && !self.tabs[i].acknowledged {
                    // The bounded wait ran out.
                    self.tabs[i].tab.end_wait();
                }
            }
            Judgement::End(_) => {
                self.invalid_grants += 1;
                self.tabs[i].session = None;
            }
            Judgement::Keep(_) | Judgement::Stale(_) => {}
        }
        true
    }

    /// The tabs in `order` all ask for a refresh at once (forced, or their
    /// token expired); the lock then grants them one after the other.
    fn round(&mut self, order: &[usize]) -> usize {
        let before: Vec<_> = order.iter().map(|&i| self.rt(i)).collect();
        let mut spends = 0;
        for (&i, before) in order.iter().zip(before) {
            spends += usize::from(self.refresh_locked(i, before));
        }
        self.now += 400; // every token is stale by the next round
        spends
    }

    fn all_hold(&self, rt: &str) -> bool {
        self.tabs.iter().all(|t| {
            t.session
                .as_ref()
                .and_then(|s| s.refresh_token.as_ref())
                .map(RefreshToken::secret)
                == Some(rt)
        })
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
        let mut order: Vec<usize> = (0..3).collect();
        for k in (1..3).rev() {
            order.swap(k, rng.next(k + 1));
        }
        order.truncate(1 + rng.next(3));
        assert_eq!(w.round(&order), 1, "round {round}: {order:?}");
    }
    assert_eq!(w.server.reuse_detected, 0);
    assert_eq!(w.invalid_grants, 0);
    assert!(w.all_hold("rt-50"));
}

#[test]
fn a_lost_acknowledgement_costs_one_bounded_wait_not_the_session() {
    let mut w = World::shared(3);
    w.lose = Box::new(|from, _, m| from == 2 && matches!(m, TabMessage::Ack { .. }));
    w.round(&[0]);
    // Tab 2 adopted, but its Ack never came: tab 0 stopped waiting for it.
    assert!(w.all_hold("rt-1"));
    assert!(!w.tabs[0].acknowledged);
    w.lose = Box::new(|_, _, _| false);
    // The next rotation still reaches tab 2, which takes it.
    w.round(&[0]);
    assert!(w.all_hold("rt-2"));
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
}

#[test]
fn logout_in_one_tab_ends_the_session_in_every_tab_that_shares_it() {
    let mut w = World::shared(3);
    w.round(&[1]);
    // A fourth tab with a session of its own (another login).
    w.tabs.push(SimTab {
        tab: Tab::new("other".into()),
        session: Some(Session {
            refresh_token: Some(RefreshToken::new("rt-other".into())),
            ..login(w.now)
        }),
        acknowledged: false,
    });
    let rt = w.rt(0).unwrap();
    let bye = w.tabs[0].tab.logout(&rt);
    w.tabs[0].session = None;
    w.post(0, bye);
    w.deliver();
    assert!(w.tabs[..3].iter().all(|t| t.session.is_none()));
    assert!(w.tabs[3].session.is_some(), "another login is not touched");
}

#[test]
fn a_tab_that_joins_later_is_counted_among_the_holders() {
    let mut w = World::shared(1);
    // A tab duplicated after the first rotation starts with a copy of it.
    w.round(&[0]);
    w.tabs.push(SimTab {
        tab: Tab::new("late".into()),
        session: w.tabs[0].session.clone(),
        acknowledged: false,
    });
    let hello = w.tabs[1].tab.hello(held_by(w.tabs[1].session.as_ref()));
    w.post(1, hello);
    w.deliver();
    w.round(&[0]);
    // Tab 0 waited for the newcomer's acknowledgement and got it.
    assert!(w.tabs[0].acknowledged);
    assert!(w.all_hold("rt-2"));
}
