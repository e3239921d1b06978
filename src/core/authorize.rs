//! The authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OpenID Connect
//! Core §3.1.2.1) and the logout URL (OpenID Connect RP-Initiated Logout 1.0,
//! or Auth0 `/v2/logout`).

use super::config::{Config, ConfigField, Logout};
use super::error::{AuthError, ErrorCode};
use super::form;
use super::pkce::challenge_s256;
use super::secret::IdToken;
use super::transaction::Transaction;
use super::url::{check_endpoint, with_query};

/// Parameters the SDK sets itself; `authorizationParams` may not override
/// them. `response_mode` too: the callback is read from the query, where the
/// default for `response_type=code` puts it (OAuth 2.0 Multiple Response
/// Type Encoding Practices §2.1). And `audience`: an instance holds the
/// session of its configured audience only (its storage key, lock and tab
/// channel are named after it).
pub const PROTECTED_PARAMS: [&str; 10] = [
    "response_type",
    "response_mode",
    "client_id",
    "redirect_uri",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "audience",
    "dpop_jkt",
];

/// The caller's extra parameters, checked. `scope` is taken out: it
/// replaces the configured one for this login.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtraParams {
    /// The scope for this login in place of the configured one, its values
    /// separated by single spaces (RFC 6749 §3.3).
    pub scope: Option<String>,
    /// The other parameters, in the caller's order, appended to the
    /// authorization request (RFC 6749 §3.1: the server ignores those it
    /// does not recognize).
    pub rest: Vec<(String, String)>,
}

/// Checks the caller's `authorizationParams`: a name of [`PROTECTED_PARAMS`],
/// an empty name or a repeated one is an `invalid_request` (RFC 6749 §3.1:
/// request parameters must not be included more than once).
pub fn check_extra_params(params: Vec<(String, String)>) -> Result<ExtraParams, AuthError> {
    for (i, (name, _)) in params.iter().enumerate() {
        if name.is_empty() || params[..i].iter().any(|(n, _)| n == name) {
            return Err(AuthError::new(
                ErrorCode::InvalidRequest,
                "authorizationParams has an empty or repeated name",
            ));
        }
    }
    let mut out = ExtraParams::default();
    for (name, value) in params {
        if PROTECTED_PARAMS.contains(&name.as_str()) {
            return Err(AuthError::with_description(
                ErrorCode::InvalidRequest,
                [
                    "authorizationParams.",
                    &name,
                    " is set by the SDK and cannot be overridden",
                ]
                .concat(),
            ));
        }
        match name.as_str() {
            "scope" => {
                out.scope = Some(value.split_whitespace().collect::<Vec<_>>().join(" "));
            }
            _ => out.rest.push((name, value)),
        }
    }
    Ok(out)
}

/// The URL to send the browser to; `dpop_jkt`: the thumbprint of the DPoP
/// key the code is bound to (RFC 9449 §10).
pub fn authorize_url(
    config: &Config,
    tx: &Transaction,
    extra: &[(String, String)],
    dpop_jkt: Option<&str>,
) -> String {
    let challenge = challenge_s256(&tx.verifier);
    let mut q = String::new();
    form::append_pairs(
        &mut q,
        [
            ("response_type", "code"),
            ("client_id", config.client_id.as_str()),
            ("redirect_uri", tx.redirect_uri.as_str()),
            ("scope", tx.scope.as_str()),
        ],
    );
    if !tx.audience.is_empty() {
        form::append_pairs(&mut q, [("audience", tx.audience.as_str())]);
    }
    form::append_pairs(
        &mut q,
        [
            ("state", tx.state.secret()),
            ("nonce", tx.nonce.secret()),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ],
    );
    if let Some(jkt) = dpop_jkt {
        form::append_pairs(&mut q, [("dpop_jkt", jkt)]);
    }
    form::append_pairs(&mut q, extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    with_query(&config.authorize_url, &q)
}

/// Checks logout's `returnTo` like `redirectUri` (RFC 6749 §3.1.2):
/// absolute, https unless loopback, no fragment.
pub fn check_return_to(return_to: &str) -> Result<(), AuthError> {
    check_endpoint(return_to, ConfigField::RedirectUri).map_err(|_| {
        AuthError::new(
            ErrorCode::InvalidRequest,
            "returnTo must be an absolute URL without a fragment, https unless loopback",
        )
    })
}

/// Where logout sends the browser; `None` when the provider names no logout
/// endpoint. With an `end_session_endpoint`, RP-Initiated Logout 1.0 §2:
/// `id_token_hint` (the session's ID token, a secret that only this URL
/// carries), `client_id`, `post_logout_redirect_uri` and `state`; with
/// Auth0's `/v2/logout`, `client_id` and `returnTo`.
pub fn logout_url(
    config: &Config,
    return_to: Option<&str>,
    id_token: Option<&IdToken>,
    state: Option<&str>,
) -> Option<String> {
    let mut q = String::new();
    let (url, return_name) = match config.logout.as_ref()? {
        Logout::EndSession(url) => {
            if let Some(id) = id_token {
                form::append_pairs(&mut q, [("id_token_hint", id.secret())]);
            }
            (url, "post_logout_redirect_uri")
        }
        Logout::Auth0(url) => (url, "returnTo"),
    };
    form::append_pairs(&mut q, [("client_id", config.client_id.as_str())]);
    let optional = [(return_name, return_to), ("state", state)];
    form::append_pairs(
        &mut q,
        optional.into_iter().filter_map(|(k, v)| Some((k, v?))),
    );
    Some(with_query(url, &q))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::config::ConfigInput;
    use crate::core::fixtures;
    use crate::core::form::parse_pairs;
    use crate::core::secret::{CodeVerifier, Nonce, State};
    use crate::core::url::HttpUrl;

    fn config() -> Config {
        Config::new(ConfigInput {
            client_id: Some("my client".into()),
            redirect_uri: Some("https://app.example/cb?x=1".into()),
            ..Default::default()
        })
        .unwrap()
    }

    /// The shared fixture, with the RFC 7636 Appendix B verifier, a state
    /// that needs encoding and the default scope and audience.
    fn tx() -> Transaction {
        Transaction {
            verifier: CodeVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
            state: State::new("st&te".into()),
            nonce: Nonce::new("n0nce".into()),
            redirect_uri: "https://app.example/cb?x=1".into(),
            scope: "openid profile email offline_access".into(),
            audience: "https://api.prod.zaehlerfreunde.com".into(),
            ..fixtures::transaction()
        }
    }

    #[test]
    fn builds_the_documented_request() {
        let url = authorize_url(&config(), &tx(), &[("prompt".into(), "login".into())], None);
        let u = HttpUrl::parse(&url).unwrap();
        assert_eq!(
            u.origin_and_path(),
            "https://auth.prod.zaehlerfreunde.com/authorize"
        );
        let q = parse_pairs(u.query.unwrap()).unwrap();
        let want: Vec<(String, String)> = [
            ("response_type", "code"),
            ("client_id", "my client"),
            ("redirect_uri", "https://app.example/cb?x=1"),
            ("scope", "openid profile email offline_access"),
            ("audience", "https://api.prod.zaehlerfreunde.com"),
            ("state", "st&te"),
            ("nonce", "n0nce"),
            (
                "code_challenge",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            ),
            ("code_challenge_method", "S256"),
            ("prompt", "login"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(q, want);
        assert!(url.contains("scope=openid%20profile%20email%20offline_access"));
    }

    #[test]
    fn keeps_the_endpoints_own_query_and_omits_an_empty_audience() {
        let mut c = config();
        c.authorize_url = "https://idp.example/authorize?tenant=a".into();
        let t = Transaction {
            audience: String::new(),
            ..tx()
        };
        let url = authorize_url(&c, &t, &[], None);
        assert!(url.starts_with("https://idp.example/authorize?tenant=a&response_type=code&"));
        assert!(!url.contains("audience="));
    }

    #[test]
    fn protected_parameters_cannot_be_overridden() {
        for name in PROTECTED_PARAMS {
            let e = check_extra_params(vec![(name.into(), "x".into())]).unwrap_err();
            assert_eq!(e.code(), "invalid_request");
            assert!(e.description.contains(name));
        }
        // The callback is read from the query: no other response mode.
        for mode in ["fragment", "form_post", "query"] {
            let e = check_extra_params(vec![("response_mode".into(), mode.into())]).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidRequest, "{mode}");
        }
        // RFC 6749 §3.1: none more than once, scope included.
        for name in ["a", "scope"] {
            let e = check_extra_params(vec![(name.into(), "1".into()), (name.into(), "2".into())])
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidRequest, "{name}");
        }
        let ok = check_extra_params(vec![
            ("scope".into(), " openid  read:x ".into()),
            ("login_hint".into(), "a@b.c".into()),
        ])
        .unwrap();
        assert_eq!(ok.scope.as_deref(), Some("openid read:x"));
        assert_eq!(
            ok.rest,
            vec![("login_hint".to_string(), "a@b.c".to_string())]
        );
    }

    #[test]
    fn logout_url_is_auth0_style() {
        assert_eq!(
            logout_url(&config(), Some("https://app.example/"), None, None).unwrap(),
            "https://auth.prod.zaehlerfreunde.com/v2/logout?client_id=my%20client&returnTo=https%3A%2F%2Fapp.example%2F"
        );
        // Auth0's form carries no ID token.
        let id = IdToken::new("h.p.s".into());
        assert_eq!(
            logout_url(&config(), None, Some(&id), None).unwrap(),
            "https://auth.prod.zaehlerfreunde.com/v2/logout?client_id=my%20client"
        );
    }

    #[test]
    fn logout_url_is_rp_initiated_logout_at_an_end_session_endpoint() {
        let mut c = config();
        c.logout = Some(Logout::EndSession("https://op.example/logout?x=1".into()));
        let id = IdToken::new("h.p.s".into());
        let url = logout_url(&c, Some("https://app.example/"), Some(&id), Some("s 1")).unwrap();
        assert_eq!(
            url,
            "https://op.example/logout?x=1&id_token_hint=h.p.s&client_id=my%20client\
             &post_logout_redirect_uri=https%3A%2F%2Fapp.example%2F&state=s%201"
        );
        assert_eq!(
            logout_url(&c, None, None, None).unwrap(),
            "https://op.example/logout?x=1&client_id=my%20client"
        );
        c.logout = None;
        assert_eq!(logout_url(&c, None, Some(&id), None), None);
    }

    #[test]
    fn return_to_is_checked_like_a_redirect_uri() {
        assert!(check_return_to("https://app.example/bye").is_ok());
        assert!(check_return_to("http://127.0.0.1:8080/").is_ok());
        for bad in [
            "/bye",
            "http://app.example/",
            "https://app.example/#x",
            "javascript:x",
        ] {
            assert_eq!(
                check_return_to(bad).unwrap_err().code(),
                "invalid_request",
                "{bad}"
            );
        }
    }
}
