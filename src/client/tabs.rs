//! Cross-tab safety for rotating refresh tokens. Tabs that share a session
//! (a duplicated tab copies sessionStorage) would otherwise both spend the
//! same refresh token, and the server's reuse detection would revoke the
//! whole session. So:
//! - a refresh runs under a Web Lock per client and audience (see `mod.rs`),
//!   and re-reads the session inside it;
//! - the tab that refreshed announces the rotated session; tabs holding the
//!   old refresh token adopt it and acknowledge;
//! - the refreshing tab keeps the lock until those acknowledgements arrive
//!   (bounded), so no waiting tab can use the spent token.

use std::rc::{Rc, Weak};

use super::Client;
use crate::core::jwt;
use crate::core::pkce::random_token;
use crate::core::secret::RefreshToken;
use crate::core::session::Session;
use crate::core::tabs::{fingerprint, TabMessage};
use crate::web::channel::Channel;
use crate::web::random;
use crate::web::timer::Notify;

/// How long a refreshing tab waits for peers to take the rotated session.
const ACK_TIMEOUT_MS: u32 = 1000;

#[derive(Default)]
pub(super) struct Tabs {
    /// The client, for the channel's message handler.
    me: Weak<Client>,
    /// This instance among the app's tabs; empty until it joins the channel
    /// (once, when it first holds a session).
    id: String,
    channel: Option<Channel>,
    /// Peer tab id → fingerprint of the refresh token it holds.
    peers: Peers,
    /// Peers that still have to acknowledge the rotation being announced.
    waiting: Option<(Vec<String>, Rc<Notify>)>,
}

/// The few other tabs of this app: a list is enough.
#[derive(Default)]
struct Peers(Vec<(String, String)>);

impl Peers {
    fn insert(&mut self, id: String, rt: String) {
        match self.0.iter_mut().find(|(i, _)| *i == id) {
            Some(entry) => entry.1 = rt,
            None => self.0.push((id, rt)),
        }
    }

    fn remove(&mut self, id: &str) {
        self.0.retain(|(i, _)| i != id);
    }

    fn holding<'a>(&'a self, rt: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.0
            .iter()
            .filter(move |(_, r)| r == rt)
            .map(|(id, _)| id)
    }
}

impl Client {
    /// Starts the instance: reads the stored session, and with one joins the
    /// tab channel.
    pub fn start(self: &Rc<Self>) {
        self.tabs.borrow_mut().me = Rc::downgrade(self);
        self.load();
    }

    /// Joins the channel of this client's other tabs and says hello, once,
    /// when the tab first holds a session. Until then it has no refresh token
    /// a peer could spend or revoke, and stays off the channel.
    pub(super) fn join_tabs(&self) {
        if !self.tabs.borrow().id.is_empty() {
            return;
        }
        let Ok(random) = random::random_32() else {
            return;
        };
        let me = {
            let mut tabs = self.tabs.borrow_mut();
            tabs.id = random_token(&random);
            tabs.me.clone()
        };
        let channel = Channel::open(&self.tab_channel_name, move |text| {
            if let Some(client) = me.upgrade() {
                client.on_tab_message(&text);
            }
        });
        self.tabs.borrow_mut().channel = channel;
        self.post(TabMessage::Hello {
            id: self.tab_id(),
            rt: self.own_fingerprint(),
        });
    }

    fn tab_id(&self) -> String {
        self.tabs.borrow().id.clone()
    }

    fn post(&self, message: TabMessage) {
        if let Some(channel) = &self.tabs.borrow().channel {
            channel.post(&message.encode());
        }
    }

    /// The fingerprint of the refresh token this tab holds, `""` for none.
    fn own_fingerprint(&self) -> String {
        self.current_refresh_token()
            .as_ref()
            .map(fingerprint)
            .unwrap_or_default()
    }

    /// Tells peers which refresh token this tab now holds (joining them if
    /// this is its first session).
    pub(super) fn announce_presence(&self) {
        if self.tabs.borrow().id.is_empty() {
            return self.join_tabs();
        }
        self.post(TabMessage::Here {
            id: self.tab_id(),
            rt: self.own_fingerprint(),
        });
    }

    /// Tells peers holding the same refresh token that it is revoked.
    pub(super) fn announce_logout(&self, rt: &RefreshToken) {
        self.post(TabMessage::Logout {
            id: self.tab_id(),
            rt: fingerprint(rt),
        });
    }

    fn on_tab_message(&self, text: &str) {
        let Some(message) = TabMessage::parse(text) else {
            return;
        };
        match message {
            TabMessage::Hello { id, rt } => {
                self.tabs.borrow_mut().peers.insert(id, rt);
                self.announce_presence();
            }
            TabMessage::Here { id, rt } => {
                self.tabs.borrow_mut().peers.insert(id, rt);
            }
            TabMessage::Rotated {
                id,
                from,
                to,
                session,
            } => {
                self.tabs.borrow_mut().peers.insert(id.clone(), to);
                if !from.is_empty() && self.own_fingerprint() == from {
                    if let Some(s) = Session::from_json(&session) {
                        // Verified by the tab that received it.
                        let user = s
                            .id_token
                            .as_ref()
                            .and_then(|t| jwt::decode(t.secret()).ok())
                            .map(|d| d.claims_json);
                        let _ = self.save(s, user);
                    }
                    self.post(TabMessage::Ack {
                        id: self.tab_id(),
                        to: id,
                        rt: self.own_fingerprint(),
                    });
                }
            }
            TabMessage::Ack { id, to, rt } => {
                // The peer now holds the rotated token: count it as a holder
                // of that one for the next rotation.
                self.tabs.borrow_mut().peers.insert(id.clone(), rt);
                if to == self.tab_id() {
                    self.acknowledged(&id);
                }
            }
            TabMessage::Logout { id, rt } => {
                self.tabs.borrow_mut().peers.insert(id, String::new());
                if !rt.is_empty() && self.own_fingerprint() == rt {
                    self.clear_session();
                }
            }
            TabMessage::Bye { id } => {
                self.tabs.borrow_mut().peers.remove(&id);
                self.acknowledged(&id);
            }
        }
    }

    fn acknowledged(&self, peer: &str) {
        let done = {
            let mut tabs = self.tabs.borrow_mut();
            match &mut tabs.waiting {
                Some((pending, notify)) => {
                    pending.retain(|p| p != peer);
                    pending.is_empty().then(|| notify.clone())
                }
                None => None,
            }
        };
        if let Some(notify) = done {
            notify.notify();
        }
    }

    /// Announces a refresh and waits (bounded) until the peers that held the
    /// old refresh token have taken the new session.
    pub(super) async fn announce_rotation(&self, old: &RefreshToken, session: &Session) {
        let from = fingerprint(old);
        let holders: Vec<String> = self.tabs.borrow().peers.holding(&from).cloned().collect();
        self.post(TabMessage::Rotated {
            id: self.tab_id(),
            from,
            to: session
                .refresh_token
                .as_ref()
                .map(fingerprint)
                .unwrap_or_default(),
            session: session.to_json(),
        });
        if holders.is_empty() {
            return;
        }
        let notify = Rc::new(Notify::new());
        self.tabs.borrow_mut().waiting = Some((holders, notify.clone()));
        notify.wait(ACK_TIMEOUT_MS).await;
        // Peers that did not answer in time are gone (closed or frozen).
        let unanswered = self.tabs.borrow_mut().waiting.take();
        if let Some((pending, _)) = unanswered {
            let mut tabs = self.tabs.borrow_mut();
            for id in pending {
                tabs.peers.remove(&id);
            }
        }
    }
}
