//! The session: the tokens of one login, with an absolute expiry, stored as
//! versioned JSON. Anything unreadable is "logged out", never an exception.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::error::{AuthError, ErrorCode};
use super::json::{self, Json, ObjectWriter};
use super::secret::{AccessToken, IdToken, RefreshToken};
use super::token::{TokenResponse, MAX_TOKEN_RESPONSE_BYTES};

const VERSION: u64 = 1;

/// The largest stored session, in bytes: 128 KiB. A session holds the tokens
/// of a token response, and after a refresh that rotates neither, the earlier
/// refresh and ID tokens beside the new access token: two token responses of
/// the largest size read ([`MAX_TOKEN_RESPONSE_BYTES`]); the dev backend's
/// sessions are 1.8 KiB. A larger stored value is not read (logged out), and
/// a larger session is not written ([`Session::to_stored_json`]), so that
/// what is stored can be read back.
pub const MAX_SESSION_BYTES: usize = 2 * MAX_TOKEN_RESPONSE_BYTES;

/// The tokens of one login and what they were granted for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The access token for the partner API (RFC 6749 §5.1).
    pub access_token: AccessToken,
    /// The refresh token (RFC 6749 §6), if the server issued one.
    pub refresh_token: Option<RefreshToken>,
    /// The ID token of the login, or of the latest refresh that returned one
    /// (OpenID Connect Core §12.2).
    pub id_token: Option<IdToken>,
    /// When the access token expires, in seconds since the Unix epoch: the
    /// time of the token response plus its `expires_in` (RFC 6749 §5.1).
    pub expires_at: u64,
    /// The scope granted (RFC 6749 §3.3), its values separated by spaces.
    pub scope: String,
    /// The API the access token is for (Auth0 `audience`); empty for none.
    pub audience: String,
    /// The login this session comes from, the same across its refreshes: a
    /// digest of the login's refresh token ([`family_of`]); empty without
    /// one, and for sessions stored before it was kept. A tab's logout ends
    /// every tab's session of its family, whatever refresh token each holds.
    pub family: String,
}

/// The family name of a login whose refresh token is `rt`: 128 bits of a
/// SHA-256 that names no token (not a refresh-token fingerprint).
pub fn family_of(rt: &RefreshToken) -> String {
    let digest = Sha256::new()
        .chain_update(b"family\0")
        .chain_update(rt.secret().as_bytes())
        .finalize();
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

impl Session {
    /// The session created by a code exchange. Without a `scope` in the
    /// response, the requested scope was granted (RFC 6749 §5.1).
    pub fn from_code_exchange(
        r: TokenResponse,
        now: u64,
        requested_scope: &str,
        audience: &str,
    ) -> Session {
        Session {
            expires_at: now.saturating_add(r.expires_in),
            scope: r.scope.unwrap_or_else(|| requested_scope.to_owned()),
            family: r.refresh_token.as_ref().map(family_of).unwrap_or_default(),
            access_token: r.access_token,
            refresh_token: r.refresh_token,
            id_token: r.id_token,
            audience: audience.to_owned(),
        }
    }

    /// The session after a refresh. A response without a refresh token keeps
    /// the old one (RFC 6749 §6: rotation is optional); one with a new one
    /// replaces it. The same holds for the ID token.
    pub fn refreshed(&self, r: TokenResponse, now: u64) -> Session {
        Session {
            expires_at: now.saturating_add(r.expires_in),
            scope: r.scope.unwrap_or_else(|| self.scope.clone()),
            access_token: r.access_token,
            refresh_token: r.refresh_token.or_else(|| self.refresh_token.clone()),
            id_token: r.id_token.or_else(|| self.id_token.clone()),
            audience: self.audience.clone(),
            family: self.family.clone(),
        }
    }

    /// Whether the access token is usable for at least `leeway` more seconds.
    pub fn access_token_fresh(&self, now: u64, leeway: u64) -> bool {
        now.saturating_add(leeway) < self.expires_at
    }

    /// The session as stored: a versioned JSON object.
    pub fn to_json(&self) -> String {
        ObjectWriter::new()
            .number("v", VERSION)
            .string("access_token", self.access_token.secret())
            .opt_string(
                "refresh_token",
                self.refresh_token.as_ref().map(RefreshToken::secret),
            )
            .opt_string("id_token", self.id_token.as_ref().map(IdToken::secret))
            .number("expires_at", self.expires_at)
            .string("scope", &self.scope)
            .string("audience", &self.audience)
            .string("family", &self.family)
            .finish()
    }

    /// The session to store ([`Session::to_json`]); an error, and nothing to
    /// store, if it is larger than [`MAX_SESSION_BYTES`].
    pub fn to_stored_json(&self) -> Result<String, AuthError> {
        let json = self.to_json();
        if json.len() > MAX_SESSION_BYTES {
            return Err(AuthError::new(
                ErrorCode::InvalidResponse,
                "the tokens are too large to store",
            ));
        }
        Ok(json)
    }

    /// Reads the stored session of an instance configured for `audience`;
    /// `None` also for a session of another audience, whose access token is
    /// for another API and whose refresh token another instance spends.
    pub fn from_stored(s: &str, audience: &str) -> Option<Session> {
        Session::from_json(s).filter(|s| s.audience == audience)
    }

    /// Reads a stored session; `None` for anything that is not one of ours,
    /// or larger than [`MAX_SESSION_BYTES`] (not parsed).
    pub fn from_json(s: &str) -> Option<Session> {
        if s.len() > MAX_SESSION_BYTES {
            return None;
        }
        let v = json::parse(s).ok()?;
        if v.get("v")?.as_u64()? != VERSION {
            return None;
        }
        let text = |k: &str| v.get(k).and_then(Json::as_str).filter(|s| !s.is_empty());
        let optional = |k: &str| match v.get(k) {
            None => Some(None),
            Some(x) => x.as_str().filter(|s| !s.is_empty()).map(Some),
        };
        // Every field checked before any is copied out.
        let access_token = text("access_token")?;
        let refresh_token = optional("refresh_token")?;
        let id_token = optional("id_token")?;
        let expires_at = v.get("expires_at")?.as_u64()?;
        let scope = v.get("scope")?.as_str()?;
        let audience = v.get("audience")?.as_str()?;
        let family = match v.get("family") {
            None => "",
            Some(f) => f.as_str()?,
        };
        Some(Session {
            access_token: AccessToken::new(access_token.to_owned()),
            refresh_token: refresh_token.map(|s| RefreshToken::new(s.to_owned())),
            id_token: id_token.map(|s| IdToken::new(s.to_owned())),
            expires_at,
            scope: scope.to_owned(),
            audience: audience.to_owned(),
            family: family.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(at: &str, rt: Option<&str>, id: Option<&str>) -> TokenResponse {
        TokenResponse {
            access_token: AccessToken::new(at.into()),
            expires_in: 3600,
            refresh_token: rt.map(|s| RefreshToken::new(s.into())),
            id_token: id.map(|s| IdToken::new(s.into())),
            scope: None,
        }
    }

    #[test]
    fn expiry_is_absolute_and_checked_with_leeway() {
        let s = Session::from_code_exchange(
            response("at", Some("rt"), Some("id")),
            1000,
            "openid",
            "aud",
        );
        assert_eq!(s.expires_at, 4600);
        assert_eq!(s.scope, "openid");
        assert!(s.access_token_fresh(4539, 60));
        assert!(!s.access_token_fresh(4540, 60));
        assert!(s.access_token_fresh(4599, 0));
        assert!(!s.access_token_fresh(4600, 0));
        assert!(!s.access_token_fresh(u64::MAX, 60));
    }

    #[test]
    fn refresh_keeps_or_rotates_the_refresh_token() {
        let s = Session::from_code_exchange(
            response("at1", Some("rt1"), Some("id1")),
            0,
            "openid",
            "aud",
        );
        let kept = s.refreshed(response("at2", None, None), 10);
        assert_eq!(kept.access_token.secret(), "at2");
        assert_eq!(kept.refresh_token.as_ref().unwrap().secret(), "rt1");
        assert_eq!(kept.id_token.as_ref().unwrap().secret(), "id1");
        assert_eq!(kept.expires_at, 3610);
        let rotated = s.refreshed(response("at3", Some("rt2"), Some("id2")), 10);
        assert_eq!(rotated.refresh_token.unwrap().secret(), "rt2");
        assert_eq!(rotated.id_token.unwrap().secret(), "id2");
        // The login's family survives every refresh, and names no token.
        assert_eq!(s.family, family_of(&RefreshToken::new("rt1".into())));
        assert_eq!(rotated.family, s.family);
        assert!(!s.family.is_empty() && !s.family.contains("rt1"));
    }

    #[test]
    fn round_trips_through_storage() {
        let s = Session::from_code_exchange(
            response("at", Some("rt"), None),
            5,
            "openid email",
            "https://api",
        );
        assert_eq!(Session::from_json(&s.to_json()), Some(s.clone()));
        // Used only by an instance of the same audience.
        assert_eq!(
            Session::from_stored(&s.to_json(), "https://api"),
            Some(s.clone())
        );
        assert_eq!(Session::from_stored(&s.to_json(), "https://other"), None);
        assert_eq!(Session::from_stored(&s.to_json(), ""), None);
        let bare = Session {
            refresh_token: None,
            ..s
        };
        assert_eq!(Session::from_json(&bare.to_json()), Some(bare));
    }

    #[test]
    fn corrupt_foreign_or_unknown_versions_are_none() {
        let good =
            Session::from_code_exchange(response("at", Some("rt"), None), 5, "s", "a").to_json();
        for bad in [
            String::new(),
            "{".into(),
            "null".into(),
            "[]".into(),
            r#"{"v":2,"access_token":"a"}"#.into(),
            good.replace(r#""v":1"#, r#""v":"1""#),
            good.replace(r#""expires_at":3605"#, r#""expires_at":-1"#),
            good.replace(r#""access_token":"at""#, r#""access_token":"""#),
            good.replace(r#""refresh_token":"rt""#, r#""refresh_token":7"#),
            good.replace(r#""scope":"s""#, r#""scope":null"#),
            good.replace(r#""family":""#, r#""family":1,"x":""#),
            format!(r#"{{"v":1,"pad":"{}"}}"#, "x".repeat(1 << 20)),
        ] {
            assert_eq!(
                Session::from_json(&bad),
                None,
                "{}",
                &bad[..bad.len().min(80)]
            );
        }
    }

    #[test]
    fn the_limit_holds_for_reading_and_writing() {
        let bare = Session::from_code_exchange(response("at", Some("rt"), None), 5, "", "a");
        let of_len = |len: usize| Session {
            scope: "s".repeat(len - bare.to_json().len()),
            ..bare.clone()
        };
        let at = of_len(MAX_SESSION_BYTES);
        let json = at.to_stored_json().unwrap();
        assert_eq!(json.len(), MAX_SESSION_BYTES);
        assert_eq!(Session::from_json(&json), Some(at));
        let over = of_len(MAX_SESSION_BYTES + 1);
        assert_eq!(
            over.to_stored_json().unwrap_err().code,
            ErrorCode::InvalidResponse
        );
        assert_eq!(over.to_json().len(), MAX_SESSION_BYTES + 1);
        assert_eq!(Session::from_json(&over.to_json()), None);
    }
}
