//! The cross-tab protocol, sans-IO. Tabs of one app that share a session (a
//! duplicated tab, or one opened with `window.open`, starts with a copy of
//! sessionStorage) must never both spend the same rotating refresh token: the
//! server's reuse detection would revoke the whole session.
//! - A tab joins the tab channel when it first holds a session (at start with
//!   a stored one, or after its login) and says `Hello`; every tab answers
//!   `Here`, so each knows which refresh token (by fingerprint) the others hold.
//! - A refresh runs under a Web Lock and re-reads the session inside it
//!   ([`refresh::plan`](super::refresh::plan)). The tab that refreshed says
//!   `Rotated` with the new session; the tabs that held the old refresh token
//!   adopt it and answer `Ack`; the refreshing tab keeps the lock until they
//!   have, at most [`ACK_TIMEOUT_MS`], so no waiting tab can spend the old one.
//! - `Logout` ends the session in every tab of the same login (family),
//!   whatever refresh token each holds.
//! - `Hold` passes on a 429's `Retry-After`: no tab refreshes during it.
//! - `Bye`, sent when the page goes away: nobody waits for that tab.
//!
//! Refresh tokens are named by fingerprint, never sent but inside a rotated
//! or shared session, and BroadcastChannel delivers only within the origin.
//! What the channel trusts (SECURITY.md): a pushed session is taken only
//! after its ID token verifies ([`adoption`]), a `Share` only while this tab
//! asks, and a `Bye` only with the key its sender's hello named.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::error::{AuthError, ErrorCode};
use super::json::{self, Json, ObjectWriter};
use super::secret::RefreshToken;
use super::session::{Session, MAX_SESSION_BYTES};

/// How long a refreshing tab waits for peers to take the rotated session
/// before it counts them as gone (closed or frozen).
pub const ACK_TIMEOUT_MS: u32 = 1000;

/// How long a tab that asks for a session (`checkSession()`) waits for an
/// answer: a first tab with no peers is not slowed more than this.
pub const SHARE_TIMEOUT_MS: u32 = 100;

/// The longest message read from the tab channel, in bytes: the longest the
/// SDK sends. That is a `Rotated` carrying a stored session (at most
/// [`MAX_SESSION_BYTES`]) as a JSON string, where escaping at most doubles
/// each byte, plus ids and fingerprints (well under 1 KiB). A peer must never
/// drop a rotation it needs: it would then spend the rotated-away refresh
/// token. A longer message is ignored before it is parsed.
pub const MAX_TAB_MESSAGE_BYTES: usize = 2 * MAX_SESSION_BYTES + 1024;

/// A message on the tab channel. `id` is the sending tab; `rt` and friends
/// are refresh-token fingerprints, `""` for none.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabMessage {
    /// A tab joined the channel (it holds a session for the first time):
    /// everyone answers with `Here`.
    Hello {
        /// The tab that joined.
        id: String,
        /// The fingerprint of the refresh token it holds; `""` for none.
        rt: String,
        /// The digest of the key its `Bye` will show.
        key: String,
    },
    /// Which refresh token (fingerprint) a tab holds; `""` for none.
    Here {
        /// The answering tab.
        id: String,
        /// The fingerprint of the refresh token it holds; `""` for none.
        rt: String,
        /// The digest of the key its `Bye` will show.
        key: String,
    },
    /// A tab refreshed: tabs holding `from` adopt `session` and answer `Ack`.
    Rotated {
        /// The tab that refreshed.
        id: String,
        /// The fingerprint of the refresh token it spent.
        from: String,
        /// The fingerprint of the refresh token in `session`; `""` for none.
        to: String,
        /// The refreshed session, as stored ([`Session::to_json`]).
        session: String,
    },
    /// A tab took the rotation that `to` announced: it holds the refresh
    /// token `rt`.
    Ack {
        /// The tab that took the rotation.
        id: String,
        /// The tab that refreshed, whose `Rotated` this answers.
        to: String,
        /// The fingerprint of the refresh token the answering tab holds.
        rt: String,
    },
    /// A tab without a session asks for one (`checkSession()`), holding the
    /// refresh lock so that no tab rotates until it has joined.
    Ask {
        /// The asking tab.
        id: String,
    },
    /// A tab gives its session to the tab that asked; the receiver then
    /// holds the same refresh token and says `Hello`.
    Share {
        /// The giving tab.
        id: String,
        /// The asking tab.
        to: String,
        /// The session, as stored ([`Session::to_json`]).
        session: String,
    },
    /// A tab logged out: tabs holding `rt`, or a session of `family`, drop
    /// their (revoked) session.
    Logout {
        /// The tab that logged out.
        id: String,
        /// The fingerprint of the ended session's refresh token.
        rt: String,
        /// The ended session's family ([`Session::family`]); `""` for none.
        family: String,
    },
    /// A tab is leaving: nobody waits for its acknowledgement.
    Bye {
        /// The leaving tab.
        id: String,
        /// Its key, whose digest its hello named: only it can say bye.
        key: String,
    },
    /// The token endpoint answered a tab's refresh with 429: no tab sends a
    /// refresh for `seconds` (its `Retry-After`).
    Hold {
        /// The tab that got the 429.
        id: String,
        /// The wait asked for, in seconds.
        seconds: u32,
    },
}

/// A refresh token's name among tabs: 128 bits of its SHA-256.
pub fn fingerprint(rt: &RefreshToken) -> String {
    digest(rt.secret())
}

/// 128 bits of the SHA-256 of `text`, base64url.
fn digest(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(text.as_bytes())[..16])
}

/// Whether a session a peer pushed (a rotation of the refresh token this tab
/// holds, or the answer to its ask) is taken, given its ID token's check
/// (`None`: it carries none), like a refreshed one: with an ID token that
/// verifies (then with its claims); after a failure that is not the token's
/// (keys unreachable, WebCrypto) with the ID token this tab held, as a
/// refresh keeps it; without an ID token only where the held session had
/// none either. Never one that fails a check (`alg: none`, another `sub`).
pub fn adoption(
    pushed: Session,
    held: Option<&Session>,
    check: Option<Result<String, AuthError>>,
) -> Option<(Session, Option<String>)> {
    let held_id = held.map(|h| h.id_token.clone());
    match check {
        Some(Ok(claims)) => Some((pushed, Some(claims))),
        Some(Err(e)) if matches!(e.code, ErrorCode::IdTokenInvalid(_)) => None,
        Some(Err(_)) => held_id.map(|id_token| (Session { id_token, ..pushed }, None)),
        None => (held_id == Some(None)).then_some((pushed, None)),
    }
}

/// The fingerprint of a session's refresh token, `""` for none.
pub fn held_by(session: Option<&Session>) -> String {
    session
        .and_then(|s| s.refresh_token.as_ref())
        .map(fingerprint)
        .unwrap_or_default()
}

/// What a tab must do after a peer's message, in this order: adopt, end,
/// post, and wake the rotation waiting for acknowledgements.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reply {
    /// A peer rotated the refresh token this tab held, or answered its ask:
    /// check the session's ID token, and if [`adoption`] takes it, take it
    /// and only then post `post`.
    pub adopt: Option<Session>,
    /// A peer logged out of the session this tab holds (its refresh token is
    /// revoked): drop the session.
    pub end: bool,
    /// Post this message to the other tabs.
    pub post: Option<TabMessage>,
    /// Every peer that had to acknowledge the rotation under way has.
    pub acknowledged: bool,
    /// A peer got a 429: hold refreshes back this many seconds.
    pub hold: Option<u32>,
}

/// One tab's view of its peers.
#[derive(Debug)]
pub struct Tab {
    id: String,
    /// The key this tab's bye shows; its hello names only its digest.
    key: String,
    /// Peers: (tab id, fingerprint of the refresh token it holds, digest of
    /// its bye key as its hello named it). The few other tabs of an app: a
    /// list is enough.
    peers: Vec<(String, String, String)>,
    /// Peers that still have to acknowledge the rotation being announced.
    waiting: Option<Vec<String>>,
    /// Whether this tab gives its session to a tab that asks.
    share: bool,
    /// Whether this tab's ask waits for an answer.
    asking: bool,
}

impl Tab {
    /// A tab with the random `id` it posts under and the random `key` of its
    /// bye; `share`: whether it gives its session to a tab that asks
    /// (`shareSession`).
    pub fn new(id: String, key: String, share: bool) -> Tab {
        Tab {
            id,
            key,
            peers: Vec::new(),
            waiting: None,
            share,
            asking: false,
        }
    }

    /// What a tab without a session says to ask for one; an answer is taken
    /// until [`Tab::stop_asking`].
    pub fn ask(&mut self) -> TabMessage {
        self.asking = true;
        TabMessage::Ask {
            id: self.id.clone(),
        }
    }

    /// The wait for an answer to the ask is over: a later one is refused.
    pub fn stop_asking(&mut self) {
        self.asking = false;
    }

    /// What the tab says when it joins, holding `held`.
    pub fn hello(&self, held: String) -> TabMessage {
        TabMessage::Hello {
            id: self.id.clone(),
            rt: held,
            key: digest(&self.key),
        }
    }

    /// What the tab says when it holds a new session (after its login).
    pub fn here(&self, held: String) -> TabMessage {
        TabMessage::Here {
            id: self.id.clone(),
            rt: held,
            key: digest(&self.key),
        }
    }

    /// What the tab says when it logs out of `session`.
    pub fn logout(&self, session: &Session) -> TabMessage {
        TabMessage::Logout {
            id: self.id.clone(),
            rt: held_by(Some(session)),
            family: session.family.clone(),
        }
    }

    /// What the tab says when it leaves (the page is hidden for good).
    pub fn bye(&self) -> TabMessage {
        TabMessage::Bye {
            id: self.id.clone(),
            key: self.key.clone(),
        }
    }

    /// What the tab says when the token endpoint asked it to wait `seconds`.
    pub fn hold(&self, seconds: u32) -> TabMessage {
        TabMessage::Hold {
            id: self.id.clone(),
            seconds,
        }
    }

    /// The tab refreshed `old` into `session`: the message to post, and
    /// whether peers hold `old` (then wait for [`Reply::acknowledged`], at
    /// most [`ACK_TIMEOUT_MS`], and call [`Tab::end_wait`]).
    pub fn rotate(&mut self, old: &RefreshToken, session: &Session) -> (TabMessage, bool) {
        let from = fingerprint(old);
        let holders: Vec<String> = self
            .peers
            .iter()
            .filter(|(_, rt, _)| *rt == from)
            .map(|(id, _, _)| id.clone())
            .collect();
        let wait = !holders.is_empty();
        self.waiting = wait.then_some(holders);
        let message = TabMessage::Rotated {
            id: self.id.clone(),
            from,
            to: held_by(Some(session)),
            session: session.to_json(),
        };
        (message, wait)
    }

    /// The wait for acknowledgements is over: peers that did not answer are
    /// gone (closed or frozen) and are not waited for again, until they say
    /// which token they hold (their bye key stays known).
    pub fn end_wait(&mut self) {
        let unanswered = self.waiting.take().unwrap_or_default();
        for (id, rt, _) in &mut self.peers {
            if unanswered.contains(id) {
                rt.clear();
            }
        }
    }

    /// What `message` from a peer means for this tab, which holds `session`.
    pub fn receive(&mut self, message: TabMessage, session: Option<&Session>) -> Reply {
        let held = held_by(session);
        let held = held.as_str();
        let mut reply = Reply::default();
        match message {
            TabMessage::Hello { id, rt, key } => {
                self.introduce(id, rt, key);
                reply.post = Some(self.here(held.to_owned()));
            }
            TabMessage::Here { id, rt, key } => self.introduce(id, rt, key),
            TabMessage::Rotated {
                id,
                from,
                to,
                session,
            } => {
                self.meet(id.clone(), to);
                if !from.is_empty() && from == held {
                    // Taken once its ID token verifies (`adoption`); the
                    // ack follows then.
                    reply.adopt = Session::from_json(&session);
                    reply.post = reply.adopt.as_ref().map(|s| TabMessage::Ack {
                        id: self.id.clone(),
                        to: id,
                        rt: held_by(Some(s)),
                    });
                }
            }
            TabMessage::Ack { id, to, rt } => {
                // The peer holds the token it reports: count it as a holder
                // of that one for the next rotation.
                self.meet(id.clone(), rt);
                reply.acknowledged = to == self.id && self.acknowledged(&id);
            }
            TabMessage::Logout { id, rt, family } => {
                self.meet(id, String::new());
                let same_family = session.is_some_and(|s| s.family == family);
                reply.end = (!rt.is_empty() && rt == held) || (!family.is_empty() && same_family);
            }
            TabMessage::Ask { id } => {
                if let Some(s) = session.filter(|_| self.share) {
                    // The asker will hold this refresh token: the next
                    // rotation waits for it, even before its hello arrives.
                    self.meet(id.clone(), held.to_owned());
                    reply.post = Some(TabMessage::Share {
                        id: self.id.clone(),
                        to: id,
                        session: s.to_json(),
                    });
                }
            }
            TabMessage::Share {
                id,
                to,
                session: shared,
            } => {
                // Only the tab that asked, while it waits and holds nothing:
                // the first answer wins.
                if to == self.id && self.asking && session.is_none() {
                    reply.adopt = Session::from_json(&shared);
                    if let Some(adopted) = &reply.adopt {
                        self.asking = false;
                        self.meet(id, held_by(Some(adopted)));
                        reply.post = Some(self.hello(held_by(Some(adopted))));
                    }
                }
            }
            TabMessage::Bye { id, key } => {
                // Only the tab itself knows the key its hello named.
                let named = digest(&key);
                let before = self.peers.len();
                self.peers
                    .retain(|(i, _, k)| *i != id || k.is_empty() || *k != named);
                if self.peers.len() < before {
                    reply.acknowledged = self.acknowledged(&id);
                }
            }
            TabMessage::Hold { seconds, .. } => reply.hold = Some(seconds),
        }
        reply
    }

    fn meet(&mut self, id: String, rt: String) {
        self.introduce(id, rt, String::new());
    }

    /// Takes note of a peer; its bye key's digest is the first one named.
    fn introduce(&mut self, id: String, rt: String, key: String) {
        match self.peers.iter_mut().find(|(i, _, _)| *i == id) {
            Some(entry) => {
                entry.1 = rt;
                if entry.2.is_empty() {
                    entry.2 = key;
                }
            }
            None => self.peers.push((id, rt, key)),
        }
    }

    /// Counts `peer`'s acknowledgement; whether it was the last one awaited.
    fn acknowledged(&mut self, peer: &str) -> bool {
        let Some(pending) = &mut self.waiting else {
            return false;
        };
        pending.retain(|p| p != peer);
        let done = pending.is_empty();
        if done {
            self.waiting = None;
        }
        done
    }
}

impl TabMessage {
    /// What a tab's debug log says of this message when it arrives.
    pub fn kind(&self) -> &'static str {
        match self {
            TabMessage::Hello { .. } => "tabs: a tab joined (hello)",
            TabMessage::Here { .. } => "tabs: a tab answered (here)",
            TabMessage::Rotated { .. } => "tabs: a tab rotated the refresh token",
            TabMessage::Ack { .. } => "tabs: a tab took a rotation (ack)",
            TabMessage::Ask { .. } => "tabs: a tab asks for a session",
            TabMessage::Share { .. } => "tabs: a tab shared its session",
            TabMessage::Logout { .. } => "tabs: a tab logged out",
            TabMessage::Bye { .. } => "tabs: a tab left",
            TabMessage::Hold { .. } => "tabs: a tab was asked to wait (429)",
        }
    }

    /// The message as channel text (JSON).
    pub fn encode(&self) -> String {
        let w = ObjectWriter::new();
        match self {
            TabMessage::Hello { id, rt, key } => w
                .string("t", "hello")
                .string("id", id)
                .string("rt", rt)
                .string("k", key),
            TabMessage::Here { id, rt, key } => w
                .string("t", "here")
                .string("id", id)
                .string("rt", rt)
                .string("k", key),
            TabMessage::Rotated {
                id,
                from,
                to,
                session,
            } => w
                .string("t", "rotated")
                .string("id", id)
                .string("from", from)
                .string("to", to)
                .string("session", session),
            TabMessage::Ack { id, to, rt } => w
                .string("t", "ack")
                .string("id", id)
                .string("to", to)
                .string("rt", rt),
            TabMessage::Logout { id, rt, family } => w
                .string("t", "logout")
                .string("id", id)
                .string("rt", rt)
                .string("f", family),
            TabMessage::Ask { id } => w.string("t", "ask").string("id", id),
            TabMessage::Share { id, to, session } => w
                .string("t", "share")
                .string("id", id)
                .string("to", to)
                .string("session", session),
            TabMessage::Bye { id, key } => w.string("t", "bye").string("id", id).string("k", key),
            TabMessage::Hold { id, seconds } => w
                .string("t", "hold")
                .string("id", id)
                .number("s", (*seconds).into()),
        }
        .finish()
    }

    /// Reads a message; `None` for anything else on the channel, and for
    /// text longer than [`MAX_TAB_MESSAGE_BYTES`] (not parsed).
    pub fn parse(text: &str) -> Option<TabMessage> {
        if text.len() > MAX_TAB_MESSAGE_BYTES {
            return None;
        }
        let v = json::parse(text).ok()?;
        let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_owned);
        // Added later: a tab of an earlier release leaves it out.
        let or_none = |k: &str| s(k).unwrap_or_default();
        let id = s("id")?;
        Some(match v.get("t")?.as_str()? {
            "hello" => TabMessage::Hello {
                id,
                rt: s("rt")?,
                key: or_none("k"),
            },
            "here" => TabMessage::Here {
                id,
                rt: s("rt")?,
                key: or_none("k"),
            },
            "rotated" => TabMessage::Rotated {
                id,
                from: s("from")?,
                to: s("to")?,
                session: s("session")?,
            },
            "ack" => TabMessage::Ack {
                id,
                to: s("to")?,
                rt: s("rt")?,
            },
            "logout" => TabMessage::Logout {
                id,
                rt: s("rt")?,
                family: or_none("f"),
            },
            "ask" => TabMessage::Ask { id },
            "share" => TabMessage::Share {
                id,
                to: s("to")?,
                session: s("session")?,
            },
            "bye" => TabMessage::Bye {
                id,
                key: or_none("k"),
            },
            "hold" => TabMessage::Hold {
                id,
                seconds: u32::try_from(v.get("s")?.as_u64()?).ok()?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod sim;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let all = [
            TabMessage::Hello {
                id: "a".into(),
                rt: "f1".into(),
                key: "k1".into(),
            },
            TabMessage::Here {
                id: "b".into(),
                rt: String::new(),
                key: String::new(),
            },
            TabMessage::Rotated {
                id: "a".into(),
                from: "f1".into(),
                to: "f2".into(),
                session: r#"{"v":1}"#.into(),
            },
            TabMessage::Ack {
                id: "b".into(),
                to: "a".into(),
                rt: "f2".into(),
            },
            TabMessage::Logout {
                id: "a".into(),
                rt: "f2".into(),
                family: "fam".into(),
            },
            TabMessage::Ask { id: "c".into() },
            TabMessage::Share {
                id: "a".into(),
                to: "c".into(),
                session: r#"{"v":1}"#.into(),
            },
            TabMessage::Bye {
                id: "b".into(),
                key: "secret".into(),
            },
            TabMessage::Hold {
                id: "a".into(),
                seconds: 30,
            },
        ];
        for m in all {
            assert_eq!(TabMessage::parse(&m.encode()), Some(m));
        }
        // A tab of an earlier release sends no key and no family.
        assert_eq!(
            TabMessage::parse(r#"{"t":"bye","id":"b"}"#),
            Some(TabMessage::Bye {
                id: "b".into(),
                key: String::new()
            })
        );
        for junk in [
            "",
            "{}",
            r#"{"t":"hello"}"#,
            r#"{"t":"x","id":"a"}"#,
            "[1]",
            r#"{"t":"ack","id":"a"}"#,
            r#"{"t":"hold","id":"a","s":"3"}"#,
            r#"{"t":"hold","id":"a","s":4294967296}"#,
        ] {
            assert_eq!(TabMessage::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn fingerprints_name_tokens_without_revealing_them() {
        let a = fingerprint(&RefreshToken::new("refresh-token-1".into()));
        assert_eq!(a.len(), 22);
        assert_eq!(a, fingerprint(&RefreshToken::new("refresh-token-1".into())));
        assert_ne!(a, fingerprint(&RefreshToken::new("refresh-token-2".into())));
        assert!(!a.contains("refresh"));
    }

    #[test]
    fn the_largest_rotation_the_sdk_sends_is_read_and_longer_text_is_not() {
        // A stored session of the largest size, every byte of it one that
        // escaping doubles (`"` and `\`, as in the JSON text itself).
        let base = Session {
            access_token: crate::core::secret::AccessToken::new("at".into()),
            refresh_token: Some(RefreshToken::new("rt".into())),
            id_token: None,
            expires_at: 1,
            scope: String::new(),
            audience: String::new(),
            family: String::new(),
        };
        let bare = base.to_json().len();
        let mut largest = base.clone();
        largest.scope = "\"".repeat((MAX_SESSION_BYTES - bare) / 2);
        let stored = largest.to_stored_json().unwrap();
        assert!(stored.len() > MAX_SESSION_BYTES - 2);
        let mut tab = Tab::new("t".repeat(43), "k".repeat(43), true);
        let (rotated, _) = tab.rotate(&RefreshToken::new("rt-0".into()), &largest);
        let text = rotated.encode();
        assert!(text.len() <= MAX_TAB_MESSAGE_BYTES, "{}", text.len());
        assert_eq!(TabMessage::parse(&text), Some(rotated));

        let of_len = |len: usize| {
            let bare = TabMessage::Ask { id: String::new() }.encode();
            TabMessage::Ask {
                id: "i".repeat(len - bare.len()),
            }
            .encode()
        };
        let at = of_len(MAX_TAB_MESSAGE_BYTES);
        assert_eq!(at.len(), MAX_TAB_MESSAGE_BYTES);
        assert!(TabMessage::parse(&at).is_some());
        let over = of_len(MAX_TAB_MESSAGE_BYTES + 1);
        assert_eq!(over.len(), MAX_TAB_MESSAGE_BYTES + 1);
        assert_eq!(TabMessage::parse(&over), None);
    }
}
