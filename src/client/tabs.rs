//! The tab channel: the core's cross-tab protocol (`core::tabs`) carried over
//! a BroadcastChannel, its effects applied to this tab's session.

use std::rc::{Rc, Weak};

use super::Client;
use crate::core::pkce::random_token;
use crate::core::secret::RefreshToken;
use crate::core::session::Session;
use crate::core::tabs::{held_by, Tab, TabMessage, ACK_TIMEOUT_MS};
use crate::web::channel::Channel;
use crate::web::random;
use crate::web::timer::Notify;

/// This instance on the tab channel.
#[derive(Default)]
pub(super) struct Tabs {
    /// The client, for the channel's message handler.
    pub(super) me: Weak<Client>,
    /// The protocol state; `None` until the tab joins (once, when it first
    /// holds a session).
    tab: Option<Tab>,
    channel: Option<Channel>,
    /// Resolved when the rotation being announced is acknowledged.
    acknowledged: Option<Rc<Notify>>,
}

impl Client {
    /// Joins the channel of this client's other tabs and says hello, once,
    /// when the tab first holds a session. Until then it has no refresh token
    /// a peer could spend or revoke, and stays off the channel.
    pub(super) fn join_tabs(&self) {
        if !self.holds_session() || self.tabs.borrow().tab.is_some() {
            return;
        }
        let Ok(random) = random::random_32() else {
            return; // tried again at the next session
        };
        let tab = Tab::new(random_token(&random));
        let hello = tab.hello(self.held());
        let me = self.tabs.borrow().me.clone();
        let channel = Channel::open(&self.names.tab_channel, move |text| {
            if let Some(client) = me.upgrade() {
                client.on_tab_message(&text);
            }
        });
        {
            let mut tabs = self.tabs.borrow_mut();
            tabs.tab = Some(tab);
            tabs.channel = channel;
        }
        self.post(hello);
    }

    /// Tells peers which refresh token this tab now holds (after a login),
    /// joining them if this is its first session.
    pub(super) fn announce_session(&self) {
        let here = self.tabs.borrow().tab.as_ref().map(|t| t.here(self.held()));
        match here {
            Some(message) => self.post(message),
            None => self.join_tabs(),
        }
    }

    /// Tells peers holding the same refresh token that it is revoked.
    pub(super) fn announce_logout(&self, rt: &RefreshToken) {
        let logout = self.tabs.borrow().tab.as_ref().map(|t| t.logout(rt));
        if let Some(message) = logout {
            self.post(message);
        }
    }

    /// Announces a refresh and waits (bounded) until the peers that held the
    /// old refresh token have taken the new session.
    pub(super) async fn announce_rotation(&self, old: &RefreshToken, session: &Session) {
        let Some((message, wait)) = self
            .tabs
            .borrow_mut()
            .tab
            .as_mut()
            .map(|t| t.rotate(old, session))
        else {
            return;
        };
        if !wait {
            return self.post(message);
        }
        let notify = Rc::new(Notify::new());
        self.tabs.borrow_mut().acknowledged = Some(notify.clone());
        self.post(message);
        {
            notify.wait(ACK_TIMEOUT_MS).await;
            let mut tabs = self.tabs.borrow_mut();
            tabs.acknowledged = None;
            if let Some(tab) = tabs.tab.as_mut() {
                tab.end_wait();
            }
        }
    }

    /// The fingerprint of the refresh token this tab holds, `""` for none.
    fn held(&self) -> String {
        held_by(self.session.borrow().session.as_ref())
    }

    fn post(&self, message: TabMessage) {
        if let Some(channel) = &self.tabs.borrow().channel {
            channel.post(&message.encode());
        }
    }

    fn on_tab_message(&self, text: &str) {
        let Some(message) = TabMessage::parse(text) else {
            return;
        };
        let held = self.held();
        let Some(reply) = self
            .tabs
            .borrow_mut()
            .tab
            .as_mut()
            .map(|t| t.receive(message, &held))
        else {
            return;
        };
        if let Some(session) = reply.adopt {
            // Its claims are decoded when first asked for.
            let _ = self.save(session, None);
        }
        if reply.end {
            self.clear_session();
        }
        if let Some(message) = reply.post {
            self.post(message);
        }
        if reply.acknowledged {
            let notify = self.tabs.borrow_mut().acknowledged.take();
            if let Some(notify) = notify {
                notify.notify();
            }
        }
    }
}
