//! Messages between tabs of one app that share a session (a duplicated tab,
//! or one opened with `window.open`, starts with a copy of sessionStorage).
//! Refresh tokens are named by fingerprint, never sent but inside a rotated
//! session, and BroadcastChannel delivers only within the origin.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::json::{self, Json, ObjectWriter};
use super::secret::RefreshToken;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabMessage {
    /// A tab started: everyone answers with `Here`.
    Hello { id: String, rt: String },
    /// Which refresh token (fingerprint) a tab holds; `""` for none.
    Here { id: String, rt: String },
    /// A tab refreshed: tabs holding `from` adopt `session` and answer `Ack`.
    Rotated {
        id: String,
        from: String,
        to: String,
        session: String,
    },
    /// `to` took the rotation and now holds the refresh token `rt`.
    Ack { id: String, to: String, rt: String },
    /// A tab logged out: tabs holding `rt` drop their (revoked) session.
    Logout { id: String, rt: String },
    /// A tab is closing.
    Bye { id: String },
}

/// A refresh token's name among tabs: 128 bits of its SHA-256.
pub fn fingerprint(rt: &RefreshToken) -> String {
    let digest = Sha256::digest(rt.secret().as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

impl TabMessage {
    pub fn encode(&self) -> String {
        let w = ObjectWriter::new();
        match self {
            TabMessage::Hello { id, rt } => {
                w.string("t", "hello").string("id", id).string("rt", rt)
            }
            TabMessage::Here { id, rt } => w.string("t", "here").string("id", id).string("rt", rt),
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
            TabMessage::Logout { id, rt } => {
                w.string("t", "logout").string("id", id).string("rt", rt)
            }
            TabMessage::Bye { id } => w.string("t", "bye").string("id", id),
        }
        .finish()
    }

    /// Reads a message; `None` for anything else on the channel.
    pub fn parse(text: &str) -> Option<TabMessage> {
        let v = json::parse(text).ok()?;
        let s = |k: &str| v.get(k).and_then(Json::as_str).map(str::to_owned);
        let id = s("id")?;
        Some(match v.get("t")?.as_str()? {
            "hello" => TabMessage::Hello { id, rt: s("rt")? },
            "here" => TabMessage::Here { id, rt: s("rt")? },
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
            "logout" => TabMessage::Logout { id, rt: s("rt")? },
            "bye" => TabMessage::Bye { id },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let all = [
            TabMessage::Hello {
                id: "a".into(),
                rt: "f1".into(),
            },
            TabMessage::Here {
                id: "b".into(),
                rt: String::new(),
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
            },
            TabMessage::Bye { id: "b".into() },
        ];
        for m in all {
            assert_eq!(TabMessage::parse(&m.encode()), Some(m));
        }
        for junk in [
            "",
            "{}",
            r#"{"t":"hello"}"#,
            r#"{"t":"x","id":"a"}"#,
            "[1]",
            r#"{"t":"ack","id":"a"}"#,
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
}
