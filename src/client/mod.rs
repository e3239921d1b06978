//! The flows: the core's requests and checks, carried out with the browser
//! shell. One `Client` per `ZaehlerfreundeAuth` instance.

mod inflight;
pub mod join;
pub mod signature;
mod tabs;

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::authorize::{authorize_url, check_extra_params, logout_url};
use crate::core::callback::{cleaned_url, is_callback, parse_callback, validate_callback};
use crate::core::config::Config;
use crate::core::json::{self, Json};
use crate::core::jwks::{jwks_url_for_issuer, parse_jwks, Jwks};
use crate::core::jwt::{self, DecodedJwt, IdTokenChecks};
use crate::core::pkce::{random_token, verifier_from_random};
use crate::core::secret::{IdToken, Nonce, RefreshToken, State};
use crate::core::session::Session;
use crate::core::token::{
    parse_token_response, revocation_request, token_request, Grant, TokenResponse,
};
use crate::core::transaction::Transaction;
use crate::core::url::api_url;
use crate::core::{AuthError, ErrorCode};
use crate::web::http::{self, Deadline};
use crate::web::locks::with_lock;
use crate::web::mirror::TokenMirror;
use crate::web::storage::Store;
use crate::web::{clock, nav, random};

use inflight::InFlight;
use join::join;
use signature::{verify_with, Verified};

pub struct Client {
    config: Config,
    store: Store,
    session_key: String,
    transaction_key: String,
    cache: RefCell<Cache>,
    /// The issuer's key set, by URL: fetched once, again on an unknown kid.
    jwks: RefCell<Option<(String, Rc<Jwks>)>>,
    tab_channel_name: String,
    refresh_lock_name: String,
    tabs: RefCell<tabs::Tabs>,
    /// The token as the JS entry's fast path sees it.
    mirror: TokenMirror,
}

#[derive(Default)]
struct Cache {
    /// Whether `session` reflects storage (read at most once per instance).
    loaded: bool,
    session: Option<Session>,
    /// ID-token claims of `session`, as JSON text; `None` until first needed.
    user: Option<String>,
    refresh: Option<InFlight>,
}

fn login_required(description: &'static str) -> AuthError {
    AuthError::new(ErrorCode::LoginRequired, description)
}

impl Client {
    pub fn new(config: Config) -> Result<Client, AuthError> {
        let store = Store::open(config.storage)?;
        let prefix = config.storage_prefix();
        Ok(Client {
            session_key: [&prefix, "session"].concat(),
            transaction_key: [&prefix, "transaction"].concat(),
            tab_channel_name: [prefix.as_str(), &config.audience].concat(),
            refresh_lock_name: [&prefix, &config.audience, ":refresh"].concat(),
            tabs: RefCell::new(tabs::Tabs::default()),
            mirror: TokenMirror::new(),
            config,
            store,
            cache: RefCell::new(Cache::default()),
            jwks: RefCell::new(None),
        })
    }

    // ---- login ----------------------------------------------------------

    /// Records a login transaction and returns the authorize URL.
    pub fn build_authorize_url(
        &self,
        app_state: Option<String>,
        params: Vec<(String, String)>,
    ) -> Result<String, AuthError> {
        let extra = check_extra_params(params)?;
        // One draw for the verifier, state and nonce.
        let mut draw = [[0u8; 32]; 3];
        random::fill(draw.as_flattened_mut())?;
        let [verifier, state, nonce] = draw;
        let tx = Transaction {
            verifier: verifier_from_random(&verifier),
            state: State::new(random_token(&state)),
            nonce: Nonce::new(random_token(&nonce)),
            redirect_uri: self.config.redirect_uri.clone(),
            scope: extra.scope.unwrap_or_else(|| self.config.scope.clone()),
            audience: extra
                .audience
                .unwrap_or_else(|| self.config.audience.clone()),
            app_state,
            created_at: clock::now_secs(),
        };
        self.store.set(&self.transaction_key, &tx.to_json())?;
        Ok(authorize_url(&self.config, &tx, &extra.rest))
    }

    pub fn is_callback(&self, url: Option<String>) -> bool {
        url.or_else(|| nav::current_url().ok())
            .is_some_and(|u| is_callback(&u))
    }

    /// Handles the redirect back: checks it, exchanges the code, stores the
    /// session, and returns the `appState` JSON given at login.
    pub async fn handle_redirect_callback(
        &self,
        url: Option<String>,
    ) -> Result<Option<String>, AuthError> {
        let current = nav::current_url().ok();
        let url = match url.or_else(|| current.clone()) {
            Some(u) => u,
            None => return Err(AuthError::new(ErrorCode::InvalidRequest, "no callback URL")),
        };
        let outcome = self.complete_login(&url).await;
        // The code is single-use: whatever the outcome, take the response
        // parameters out of the address bar (and so out of history).
        if current.as_deref() == Some(url.as_str()) {
            if let Some(clean) = cleaned_url(&url) {
                nav::replace_url(&clean);
            }
        }
        outcome
    }

    async fn complete_login(&self, url: &str) -> Result<Option<String>, AuthError> {
        let params = parse_callback(url)?;
        let stored = self.store.get(&self.transaction_key).ok_or(AuthError::new(
            ErrorCode::MissingTransaction,
            "no login transaction in this tab: the callback was reloaded, opened in another tab, or the login was not started here",
        ))?;
        // One-time use: gone before anything can fail or be retried.
        self.store.remove(&self.transaction_key);
        let tx = Transaction::from_json(&stored)?;
        tx.check_age(clock::now_secs())?;
        let code = validate_callback(params, &tx, url, &self.config.issuers)?;

        let grant = Grant::AuthorizationCode {
            code: &code,
            redirect_uri: &tx.redirect_uri,
            verifier: &tx.verifier,
        };
        // The ID token's keys are fetched and parsed while the code is
        // exchanged; the token request goes out first.
        let (tokens, ()) = join(self.token_call(&grant), self.prefetch_jwks()).await?;
        let user = match &tokens.id_token {
            Some(id) => Some(
                self.check_id_token(id, Some(tx.nonce.secret()), None)
                    .await?,
            ),
            None if self.config.requests_openid(&tx.scope) => {
                return Err(AuthError::new(
                    ErrorCode::InvalidResponse,
                    "the token response has no id_token although openid was requested",
                ))
            }
            None => None,
        };
        let session =
            Session::from_code_exchange(tokens, clock::now_secs(), &tx.scope, &tx.audience);
        self.save(session, user)?;
        self.announce_presence();
        Ok(tx.app_state)
    }

    async fn token_call(&self, grant: &Grant<'_>) -> Result<TokenResponse, AuthError> {
        let req = token_request(&self.config, grant);
        let res = http::post(&req.url, req.content_type, req.body, self.config.timeout_ms).await?;
        parse_token_response(res.status, &res.body)
    }

    /// Validates an ID token's claims and signature; returns the claims as
    /// JSON text.
    async fn check_id_token(
        &self,
        id: &IdToken,
        nonce: Option<&str>,
        sub: Option<&str>,
    ) -> Result<String, AuthError> {
        let decoded = jwt::decode(id.secret())?;
        jwt::check_id_token_claims(
            &decoded.claims,
            &IdTokenChecks {
                issuers: &self.config.issuers,
                client_id: &self.config.client_id,
                nonce,
                sub,
                now: clock::now_secs(),
                leeway: self.config.leeway_seconds,
            },
        )?;
        // The claim check made sure iss is one of the configured issuers.
        let iss = decoded.claims.get("iss").and_then(Json::as_str);
        let url = self.jwks_url(iss.unwrap_or_default());
        self.verify_signature(&decoded, &url).await?;
        Ok(decoded.claims_json)
    }

    async fn verify_signature(&self, jwt: &DecodedJwt, url: &str) -> Result<(), AuthError> {
        let jwks = match self.cached_jwks(url) {
            Some(set) => set,
            None => self.fetch_jwks(url).await?,
        };
        // Keys rotate, and a cached or CDN-served set may predate the
        // token's key: on an unknown kid, fetch once more.
        if verify_with(&jwks, jwt).await? == Verified::Valid
            || verify_with(&*self.fetch_jwks(url).await?, jwt).await? == Verified::Valid
        {
            return Ok(());
        }
        Err(AuthError::new(
            ErrorCode::IdTokenInvalid,
            "no key in the issuer's JWKS has the ID token's kid",
        ))
    }

    /// Fetches and caches the key set the login's ID token will most likely
    /// need (that of `jwksUrl`, or of the first issuer), unless it is cached.
    /// On failure the verification fetches again (and reports).
    async fn prefetch_jwks(&self) {
        let Some(issuer) = self.config.issuers.first() else {
            return;
        };
        let url = self.jwks_url(issuer);
        if self.cached_jwks(&url).is_none() {
            let _ = self.fetch_jwks(&url).await;
        }
    }

    /// Where the keys of `issuer`'s ID tokens are: `jwksUrl`, or the issuer's own.
    fn jwks_url(&self, issuer: &str) -> String {
        match &self.config.jwks_url {
            Some(u) => u.clone(),
            None => jwks_url_for_issuer(issuer),
        }
    }

    /// The key set cached for `url`, if any.
    fn cached_jwks(&self, url: &str) -> Option<Rc<Jwks>> {
        let cached = self.jwks.borrow();
        cached
            .as_ref()
            .filter(|(u, _)| u == url)
            .map(|(_, set)| set.clone())
    }

    /// Fetches, reads and caches the key set at `url`.
    async fn fetch_jwks(&self, url: &str) -> Result<Rc<Jwks>, AuthError> {
        let res = http::get(url, self.config.timeout_ms).await?;
        if res.status != 200 {
            return Err(AuthError::with_description(
                ErrorCode::InvalidResponse,
                [
                    "the JWKS endpoint answered HTTP ",
                    &json::decimal(res.status.into()),
                ]
                .concat(),
            ));
        }
        let set = Rc::new(parse_jwks(&res.body)?);
        *self.jwks.borrow_mut() = Some((url.to_owned(), set.clone()));
        Ok(set)
    }

    // ---- session --------------------------------------------------------

    /// The session, read from storage on first use. A stored value that is
    /// not a session of ours is removed: the user is logged out.
    fn load(&self) {
        if self.cache.borrow().loaded {
            return;
        }
        let stored = self.store.get(&self.session_key);
        let session = stored.as_deref().and_then(Session::from_json);
        if stored.is_some() && session.is_none() {
            self.store.remove(&self.session_key);
        }
        self.mirror_session(session.as_ref());
        let held = session.is_some();
        {
            let mut cache = self.cache.borrow_mut();
            cache.loaded = true;
            cache.session = session;
            cache.user = None; // decoded when first asked for (claims)
        }
        if held {
            self.join_tabs();
        }
    }

    /// The session's ID-token claims as JSON text, decoded on first use
    /// rather than on every page load.
    fn claims(&self) -> Option<String> {
        if let Some(user) = self.cache.borrow().user.clone() {
            return Some(user);
        }
        let claims = {
            let cache = self.cache.borrow();
            let id = cache.session.as_ref()?.id_token.as_ref()?;
            jwt::decode(id.secret()).ok()?.claims_json
        };
        self.cache.borrow_mut().user = Some(claims.clone());
        Some(claims)
    }

    /// Keeps the JS fast path in step with the session.
    fn mirror_session(&self, session: Option<&Session>) {
        match session {
            Some(s) => self.mirror.set(
                s.access_token.secret(),
                s.expires_at.saturating_sub(self.config.leeway_seconds),
            ),
            None => self.mirror.clear(),
        }
    }

    /// The object the JS entry reads the fast-path token from.
    pub fn token_mirror(&self) -> js_sys::Object {
        self.mirror.object()
    }

    /// Reads the session from storage again (another tab may have written it).
    fn reload(&self) {
        self.cache.borrow_mut().loaded = false;
        self.load();
    }

    fn save(&self, session: Session, user: Option<String>) -> Result<(), AuthError> {
        self.store.set(&self.session_key, &session.to_json())?;
        self.mirror_session(Some(&session));
        let mut cache = self.cache.borrow_mut();
        cache.loaded = true;
        cache.user = user.or_else(|| cache.user.take());
        cache.session = Some(session);
        Ok(())
    }

    fn clear_session(&self) {
        self.store.remove(&self.session_key);
        self.mirror.clear();
        let mut cache = self.cache.borrow_mut();
        cache.loaded = true;
        cache.session = None;
        cache.user = None;
    }

    pub fn is_authenticated(&self) -> bool {
        self.load();
        let cache = self.cache.borrow();
        cache.session.as_ref().is_some_and(|s| {
            s.refresh_token.is_some()
                || s.access_token_fresh(clock::now_secs(), self.config.leeway_seconds)
        })
    }

    /// The ID token's claims as JSON text, if logged in with openid.
    pub fn user(&self) -> Option<String> {
        self.load();
        self.cache.borrow().session.as_ref()?;
        self.claims()
    }

    // ---- tokens ---------------------------------------------------------

    /// The cached access token if it is valid beyond the leeway.
    pub fn fresh_access_token(&self) -> Option<String> {
        self.load();
        let cache = self.cache.borrow();
        let s = cache.session.as_ref()?;
        s.access_token_fresh(clock::now_secs(), self.config.leeway_seconds)
            .then(|| s.access_token.secret().to_owned())
    }

    pub async fn get_access_token(&self, force_refresh: bool) -> Result<String, AuthError> {
        if !force_refresh {
            if let Some(token) = self.fresh_access_token() {
                return Ok(token);
            }
        }
        self.refresh_shared().await
    }

    /// Joins the refresh under way, or starts one that others may join.
    async fn refresh_shared(&self) -> Result<String, AuthError> {
        let joined = self.cache.borrow().refresh.clone();
        if let Some(flight) = joined {
            return flight.wait().await;
        }
        let flight = InFlight::default();
        self.cache.borrow_mut().refresh = Some(flight.clone());
        let outcome = self.refresh_now().await;
        self.cache.borrow_mut().refresh = None;
        flight.complete(outcome.clone());
        outcome
    }

    async fn refresh_now(&self) -> Result<String, AuthError> {
        let before = self.current_refresh_token();
        with_lock(&self.refresh_lock_name, self.refresh_locked(before)).await
    }

    /// The refresh token of the session, if any.
    fn current_refresh_token(&self) -> Option<RefreshToken> {
        self.load();
        self.cache
            .borrow()
            .session
            .as_ref()
            .and_then(|s| s.refresh_token.clone())
    }

    /// The refresh proper, run while holding the cross-tab lock.
    async fn refresh_locked(&self, before: Option<RefreshToken>) -> Result<String, AuthError> {
        // Another tab may have refreshed while this one waited for the lock:
        // its session is then in storage (localStorage) or was adopted from
        // its announcement (sessionStorage). Use it; spend nothing.
        self.reload();
        let session = self
            .cache
            .borrow()
            .session
            .clone()
            .ok_or(login_required("not logged in"))?;
        if session.refresh_token != before
            && session.access_token_fresh(clock::now_secs(), self.config.leeway_seconds)
        {
            return Ok(session.access_token.secret().to_owned());
        }
        let refresh_token: RefreshToken = session.refresh_token.clone().ok_or(login_required(
            "the access token expired and the session has no refresh token (request offline_access)",
        ))?;
        let grant = Grant::RefreshToken {
            refresh_token: &refresh_token,
        };
        // The first refresh after a page load has no key set in memory yet:
        // it is fetched alongside, not after the token response.
        let result = join(self.token_call(&grant), self.prefetch_jwks())
            .await
            .map(|(tokens, ())| tokens);
        // Logged out (or logged in anew) while the request ran: the answer
        // belongs to a session that is gone.
        let still_current = self
            .cache
            .borrow()
            .session
            .as_ref()
            .is_some_and(|s| s.refresh_token.as_ref() == Some(&refresh_token));
        if !still_current {
            return Err(login_required(
                "the session ended while the token was being refreshed",
            ));
        }
        let tokens = match result {
            Ok(tokens) => tokens,
            Err(e) if e.code == ErrorCode::Server("invalid_grant".into()) => {
                self.clear_session();
                return Err(login_required(
                    "the refresh token was rejected (invalid_grant: expired or revoked); log in again",
                ));
            }
            // Network, timeout, 5xx, malformed: transient; the session stays.
            Err(e) => return Err(e),
        };
        let user = match &tokens.id_token {
            Some(id) => {
                let sub = self.user_sub();
                Some(self.check_id_token(id, None, sub.as_deref()).await?)
            }
            None => None,
        };
        let refreshed = session.refreshed(tokens, clock::now_secs());
        let token = refreshed.access_token.secret().to_owned();
        self.save(refreshed.clone(), user)?;
        self.announce_rotation(&refresh_token, &refreshed).await;
        Ok(token)
    }

    fn user_sub(&self) -> Option<String> {
        let claims = json::parse(&self.claims()?).ok()?;
        claims.get("sub").and_then(Json::as_str).map(str::to_owned)
    }

    // ---- partner API ----------------------------------------------------

    /// Calls the partner API with a valid token; on 401 refreshes once and
    /// retries once.
    pub async fn fetch(
        &self,
        path: &str,
        init: &web_sys::RequestInit,
    ) -> Result<web_sys::Response, AuthError> {
        let url = api_url(&self.config.api_base_url, path)?;
        let token = self.get_access_token(false).await?;
        let first = self.api_call(&url, init, &token).await?;
        if first.status() != 401 {
            return Ok(first);
        }
        let token = self.get_access_token(true).await?;
        let second = self.api_call(&url, init, &token).await?;
        if second.status() == 401 {
            return Err(AuthError::new(
                ErrorCode::InvalidToken,
                "the partner API rejected a freshly refreshed access token (HTTP 401)",
            ));
        }
        Ok(second)
    }

    async fn api_call(
        &self,
        url: &str,
        init: &web_sys::RequestInit,
        token: &str,
    ) -> Result<web_sys::Response, AuthError> {
        let bad_init = || {
            AuthError::new(
                ErrorCode::InvalidRequest,
                "the fetch init could not build a Request",
            )
        };
        let deadline = Deadline::start(self.config.timeout_ms)?;
        // A copy of the caller's init with our signal unless they set their own.
        let init_copy: web_sys::RequestInit =
            js_sys::Object::assign(&js_sys::Object::new(), init).unchecked_into();
        if init.get_signal().is_none() {
            init_copy.set_signal(Some(&deadline.signal()));
        }
        let request =
            web_sys::Request::new_with_str_and_init(url, &init_copy).map_err(|_| bad_init())?;
        request
            .headers()
            .set("Authorization", &["Bearer ", token].concat())
            .map_err(|_| bad_init())?;
        http::send(request, &deadline).await
    }

    // ---- logout ---------------------------------------------------------

    /// Revokes the refresh token (best effort, within `timeoutMs`), removes
    /// every key of this client, then, unless `local_only`, goes to the logout
    /// endpoint.
    pub async fn logout(
        &self,
        return_to: Option<String>,
        local_only: bool,
    ) -> Result<(), AuthError> {
        let refresh_token = self.current_refresh_token();
        self.clear_session();
        if let Some(rt) = refresh_token {
            self.announce_logout(&rt);
            let req = revocation_request(&self.config, &rt);
            // Best effort: the local session ends whatever the server says.
            let _ = http::post(&req.url, req.content_type, req.body, self.config.timeout_ms).await;
        }
        self.store.remove(&self.transaction_key);
        if local_only {
            return Ok(());
        }
        nav::assign(&logout_url(&self.config, return_to.as_deref()))
    }
}

use wasm_bindgen::JsCast;
