//! The tab channel: the core's cross-tab protocol (`core::tabs`) carried over
//! a BroadcastChannel, its effects applied to this tab's session.

use std::rc::{Rc, Weak};

use super::events::Event;
use super::Client;
use crate::core::pkce::random_token;
use crate::core::secret::RefreshToken;
use crate::core::session::Session;
use crate::core::tabs::{adoption, held_by, Tab, TabMessage, ACK_TIMEOUT_MS, SHARE_TIMEOUT_MS};
use crate::web::channel::Channel;
use crate::web::clock;
use crate::web::locks;
use crate::web::page;
use crate::web::random;
use crate::web::timer::Notify;
use wasm_bindgen_futures::spawn_local;

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
    /// Resolved when a peer gave this tab the session it asked for.
    shared: Option<Rc<Notify>>,
    /// A shared session's ID token is being checked: the ask waits for it.
    adopting: bool,
}

impl Client {
    /// Joins the channel of this client's other tabs and says hello, once,
    /// when the tab first holds a session. Until then it has no refresh token
    /// a peer could spend or revoke, and stays off the channel.
    pub(super) fn join_tabs(&self) {
        if !self.holds_session() || self.tabs.borrow().tab.is_some() || !self.open_channel() {
            return;
        }
        let hello = self
            .tabs
            .borrow()
            .tab
            .as_ref()
            .map(|t| t.hello(self.held()));
        if let Some(message) = hello {
            self.post(message);
        }
    }

    /// Opens the tab channel under a new random tab id, unless open; whether
    /// it is open.
    fn open_channel(&self) -> bool {
        if self.tabs.borrow().tab.is_some() {
            return true;
        }
        let Ok(random) = random::random_32() else {
            return false; // tried again at the next session
        };
        let me = self.tabs.borrow().me.clone();
        let on_page = me.clone();
        let Ok(key) = random::random_32() else {
            return false;
        };
        let channel = Channel::open(&self.names.tab_channel, move |text| {
            if let Some(client) = me.upgrade() {
                client.on_tab_message(&text);
            }
        });
        page::on_hide(move || {
            if let Some(client) = on_page.upgrade() {
                client.on_page_hide();
            }
        });
        let mut tabs = self.tabs.borrow_mut();
        let share = self.config.share_session;
        tabs.tab = Some(Tab::new(random_token(&random), random_token(&key), share));
        tabs.channel = channel;
        true
    }

    /// Whether this tab holds a session, taking one from another tab of the
    /// app if it holds none (`shareSession`): under the refresh lock, so that
    /// no tab rotates the refresh token until this one has joined, it asks
    /// and waits at most `SHARE_TIMEOUT_MS` for an answer.
    pub async fn check_session(&self) -> bool {
        if self.holds_session() {
            return true;
        }
        let _held = locks::acquire(&self.names.refresh_lock).await;
        // With localStorage another tab's login is in storage already.
        self.load();
        if self.holds_session() || !self.config.share_session || !self.open_channel() {
            self.join_tabs();
            return self.holds_session();
        }
        let notify = Rc::new(Notify::new());
        self.tabs.borrow_mut().shared = Some(notify.clone());
        self.debug("tabs: asking the app's other tabs for a session");
        let ask = self.tabs.borrow_mut().tab.as_mut().map(Tab::ask);
        if let Some(message) = ask {
            self.post(message);
        }
        notify.wait(SHARE_TIMEOUT_MS).await;
        // An answer came in time and its ID token is being checked (the
        // issuer's keys may be fetched): that is bounded by timeoutMs.
        if self.tabs.borrow().adopting {
            let checked = Rc::new(Notify::new());
            self.tabs.borrow_mut().shared = Some(checked.clone());
            checked.wait(self.config.timeout_ms).await;
        }
        let mut tabs = self.tabs.borrow_mut();
        tabs.shared = None;
        if let Some(tab) = tabs.tab.as_mut() {
            tab.stop_asking();
        }
        drop(tabs);
        self.holds_session()
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

    /// Tells the tabs of the same login (holding its refresh token, or of
    /// its family) that it ended.
    pub(super) fn announce_logout(&self, session: &Session) {
        let logout = self.tabs.borrow().tab.as_ref().map(|t| t.logout(session));
        if let Some(message) = logout {
            self.post(message);
        }
    }

    /// Announces a refresh; whether peers held the old refresh token (then
    /// [`Client::await_acknowledgements`]).
    pub(super) fn announce_rotation(&self, old: &RefreshToken, session: &Session) -> bool {
        let Some((message, wait)) = self
            .tabs
            .borrow_mut()
            .tab
            .as_mut()
            .map(|t| t.rotate(old, session))
        else {
            return false;
        };
        self.debug("tabs: rotation announced");
        if wait {
            self.tabs.borrow_mut().acknowledged = Some(Rc::new(Notify::new()));
        }
        self.post(message);
        wait
    }

    /// Waits until the peers that held the old refresh token have taken the
    /// new session, at the latest until `until_ms`.
    pub(super) async fn await_acknowledgements(&self, until_ms: u64) {
        let notify = self.tabs.borrow().acknowledged.clone();
        let left = until_ms.saturating_sub(clock::now_ms());
        if let Some(notify) = notify {
            notify.wait(left.min(ACK_TIMEOUT_MS.into()) as u32).await;
        }
        let mut tabs = self.tabs.borrow_mut();
        tabs.acknowledged = None;
        if let Some(tab) = tabs.tab.as_mut() {
            tab.end_wait();
        }
    }

    /// Holds refreshes back for `seconds` (a 429's `Retry-After`); `tell`:
    /// whether to pass the wait on to the other tabs.
    pub(super) fn hold_refreshes(&self, seconds: u32, tell: bool) {
        self.session
            .borrow_mut()
            .hold
            .extend(seconds, clock::now_ms());
        let hold = self.tabs.borrow().tab.as_ref().map(|t| t.hold(seconds));
        if let Some(message) = hold.filter(|_| tell) {
            self.post(message);
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

    /// The page is hidden, maybe for good: nobody is to wait for it. Back
    /// from the back/forward cache, it is met again at its next message.
    fn on_page_hide(&self) {
        let bye = self.tabs.borrow().tab.as_ref().map(Tab::bye);
        if let Some(message) = bye {
            self.post(message);
        }
    }

    fn on_tab_message(self: &Rc<Self>, text: &str) {
        let Some(message) = TabMessage::parse(text) else {
            return;
        };
        self.debug(message.kind());
        let reply = {
            let cache = self.session.borrow();
            let mut tabs = self.tabs.borrow_mut();
            match tabs.tab.as_mut() {
                Some(tab) => tab.receive(message, cache.session.as_ref()),
                None => return,
            }
        };
        match reply.adopt {
            Some(session) => {
                let client = self.clone();
                spawn_local(async move { client.adopt(session, reply.post).await });
            }
            None => {
                if let Some(message) = reply.post {
                    self.post(message);
                }
            }
        }
        if reply.end {
            self.clear_session();
            // The tab that ended the session deleted the shared DPoP key;
            // this one forgets its copy.
            self.dpop_key_dropped();
            self.emit(Event::LoggedOut);
        }
        if let Some(seconds) = reply.hold {
            self.hold_refreshes(seconds, false);
        }
        if reply.acknowledged {
            let notify = self.tabs.borrow_mut().acknowledged.take();
            if let Some(notify) = notify {
                notify.notify();
            }
        }
    }

    /// Takes a session a peer pushed, as the core's `adoption` decides once
    /// its ID token is checked like a refreshed one (signature, `iss`,
    /// `aud`, `azp`, the same `sub`), and unless this tab's session moved on
    /// meanwhile or its ask stopped waiting; then posts `post` (the ack or
    /// hello) and tells the app (`tokenRefreshed`).
    async fn adopt(&self, pushed: Session, post: Option<TabMessage>) {
        let (before, held) = (self.held(), self.session());
        self.tabs.borrow_mut().adopting = before.is_empty();
        let check = match &pushed.id_token {
            Some(id) => {
                let sub = self.user_sub();
                Some(
                    self.check_id_token(id, None, sub.as_deref(), u64::MAX)
                        .await,
                )
            }
            None => None,
        };
        let asked = {
            let mut tabs = self.tabs.borrow_mut();
            tabs.adopting = false;
            tabs.shared.take()
        };
        let moved_on = self.held() != before || (before.is_empty() && asked.is_none());
        let Some((session, claims)) = adoption(pushed, held.as_ref(), check).filter(|_| !moved_on)
        else {
            if let Some(notify) = asked {
                notify.notify();
            }
            return self.debug("tabs: a pushed session was refused");
        };
        let _ = self.save(session, claims);
        self.debug("tabs: took the session of another tab");
        self.emit(Event::TokenRefreshed);
        if let Some(message) = post {
            self.post(message);
        }
        if let Some(notify) = asked {
            notify.notify();
        }
    }
}
