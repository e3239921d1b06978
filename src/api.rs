//! The JavaScript surface: wasm-bindgen exports and JS value conversion only.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::client::{Client, FetchInput};
use crate::core::config::{Config, ConfigField, ConfigInput, Slot};
use crate::core::{AuthError, ErrorCode};
use crate::web::url::normalize;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../js/types.d.ts");

/// Turns an [`AuthError`] into a JS `Error` with `.error` and
/// `.error_description`; `.reason`, what the code's payload names (the
/// failed ID-token check, the option to blame), for programs to match; and
/// `.retryAfter` (seconds) for a 429 that named a wait.
pub fn js_error(e: AuthError) -> JsValue {
    let err = js_sys::Error::new(&e.description);
    err.set_name("ZaehlerfreundeAuthError");
    let _ = Reflect::set(&err, &"error".into(), &e.code().into());
    let _ = Reflect::set(&err, &"error_description".into(), &(&*e.description).into());
    let reason = match e.code {
        ErrorCode::IdTokenInvalid(check) => check.reason(),
        ErrorCode::InvalidConfig(Some(field)) => field.name(),
        _ => "",
    };
    if !reason.is_empty() {
        let _ = Reflect::set(&err, &"reason".into(), &reason.into());
    }
    if let ErrorCode::TooManyRequests(Some(seconds)) = e.code {
        let _ = Reflect::set(&err, &"retryAfter".into(), &seconds.into());
    }
    err.into()
}

/// An async method's work, boxed: one promise bridge serves them all.
type Job = Pin<Box<dyn Future<Output = Result<JsValue, AuthError>>>>;

/// The Promise of an async method that may need an endpoint: run after the
/// endpoints are known (discovery, where configured); a rejection also goes
/// to the app's `error` listeners.
fn promise<F>(client: &Rc<Client>, f: F) -> Promise
where
    F: Future<Output = Result<JsValue, AuthError>> + 'static,
{
    bridge(client.clone(), Box::pin(f), true)
}

/// The one instance of `future_to_promise` (not one per method).
#[inline(never)]
fn bridge(client: Rc<Client>, job: Job, discover: bool) -> Promise {
    future_to_promise(async move {
        let ready = match discover {
            true => client.discover().await,
            false => Ok(()),
        };
        match ready {
            Ok(()) => job.await,
            Err(e) => Err(e),
        }
        .map_err(|e| reject(&client, e))
    })
}

/// The JS error of a rejection, reported to the `error` listeners first.
fn reject(client: &Client, e: AuthError) -> JsValue {
    let error = js_error(e);
    client.emit_error(&error);
    error
}

fn invalid_request(description: &'static str) -> AuthError {
    AuthError::new(ErrorCode::InvalidRequest, description)
}

/// Reads the config object through the option table of `core::config`:
/// unknown names are typos, each value must have its option's kind, and URL
/// options are normalized by the browser's own URL parser.
fn read_config(value: JsValue) -> Result<Config, AuthError> {
    if !value.is_object() {
        return Err(AuthError::new(
            ErrorCode::InvalidConfig(None),
            "the config must be an object with at least clientId and redirectUri",
        ));
    }
    for key in Object::keys(value.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !ConfigField::ALL.iter().any(|f| f.name() == key) {
            let mut description = String::from("unknown config option \"");
            description.extend(key.chars().filter(|c| !c.is_control()).take(64));
            description.push_str("\" (options are camelCase, e.g. redirectUri)");
            return Err(AuthError::with_description(
                ErrorCode::InvalidConfig(None),
                description,
            ));
        }
    }
    // Filled in place: a wrong type then drops the input once, not each
    // option read so far.
    let mut input = ConfigInput::default();
    for &field in ConfigField::ALL {
        let option = Reflect::get(&value, &field.name().into()).unwrap_or(JsValue::UNDEFINED);
        if option.is_undefined() {
            continue;
        }
        let read = match input.slot(field) {
            Slot::Text(slot) => option.as_string().map(|s| *slot = Some(s)),
            Slot::Url(slot) => option
                .as_string()
                .map(|s| *slot = Some(normalize(&s).unwrap_or(s))),
            Slot::Number(slot) => option.as_f64().map(|n| *slot = Some(n)),
            Slot::Flag(slot) => option.as_bool().map(|b| *slot = Some(b)),
        };
        if read.is_none() {
            let expected = match input.slot(field) {
                Slot::Number(_) => " must be a number",
                Slot::Flag(_) => " must be a boolean",
                _ => " must be a string",
            };
            return Err(AuthError::config(
                field,
                ["config.", field.name(), expected].concat(),
            ));
        }
    }
    Config::new(input)
}

fn field(options: &Option<Object>, name: &str) -> JsValue {
    match options {
        Some(o) => Reflect::get(o, &name.into()).unwrap_or(JsValue::UNDEFINED),
        None => JsValue::UNDEFINED,
    }
}

/// Serializes a parsed JSON value into JS values (objects, arrays, strings,
/// numbers, booleans, null) through serde-wasm-bindgen.
struct JsonValue<'a>(&'a crate::core::json::Json);

impl serde::Serialize for JsonValue<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::core::json::Json;
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => s.serialize_f64(*n),
            Json::String(text) => s.serialize_str(text),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                seq.end()
            }
            Json::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, &JsonValue(v))?;
                }
                map.end()
            }
        }
    }
}

/// `loginWithRedirect`'s options: `appState` as JSON text, and
/// `authorizationParams` as string pairs.
struct LoginOptions {
    app_state: Option<String>,
    params: Vec<(String, String)>,
}

fn read_login_options(options: &Option<Object>) -> Result<LoginOptions, AuthError> {
    let app_state = field(options, "appState");
    let app_state = if app_state.is_undefined() {
        None
    } else {
        let text = JSON::stringify(&app_state)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| invalid_request("appState must be JSON-serializable"))?;
        Some(text)
    };
    let params = field(options, "authorizationParams");
    let mut pairs = Vec::new();
    if !params.is_undefined() && !params.is_null() {
        if !params.is_object() {
            return Err(invalid_request("authorizationParams must be an object"));
        }
        let obj: Object = params.unchecked_into();
        for entry in Object::entries(&obj).iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let (name, value) = (entry.get(0), entry.get(1));
            if value.is_undefined() {
                continue;
            }
            let value = if let Some(s) = value.as_string() {
                s
            } else if let Some(n) = value.as_f64() {
                js_sys::Number::from(n)
                    .to_string_with_radix(10)
                    .map(String::from)
                    .unwrap_or_default()
            } else if let Some(b) = value.as_bool() {
                b.to_string()
            } else {
                return Err(invalid_request(
                    "authorizationParams values must be strings, numbers or booleans",
                ));
            };
            pairs.push((name.as_string().unwrap_or_default(), value));
        }
    }
    Ok(LoginOptions {
        app_state,
        params: pairs,
    })
}

/// Signs users in to Zählerfreunde and calls the partner API with fresh tokens.
#[wasm_bindgen]
pub struct ZaehlerfreundeAuth {
    client: Rc<Client>,
}

#[wasm_bindgen]
impl ZaehlerfreundeAuth {
    /// Validates the config; throws a `ZaehlerfreundeAuthError` (`invalid_config`) if it is unusable.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ZaehlerfreundeAuthConfig")] config: JsValue,
    ) -> Result<ZaehlerfreundeAuth, JsValue> {
        let config = read_config(config).map_err(js_error)?;
        let client = Client::new(config).map_err(js_error)?;
        Ok(ZaehlerfreundeAuth { client })
    }

    /// Records a login transaction and returns the authorize URL (without navigating).
    #[wasm_bindgen(js_name = buildAuthorizeUrl, unchecked_return_type = "Promise<string>")]
    pub fn build_authorize_url(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RedirectLoginOptions")] options: Option<
            Object,
        >,
    ) -> Promise {
        let options = read_login_options(&options);
        let client = self.client.clone();
        promise(&self.client, async move {
            let o = options?;
            client
                .build_authorize_url(o.app_state, o.params)
                .map(JsValue::from)
        })
    }

    /// Records a login transaction and navigates to the authorize URL.
    #[wasm_bindgen(js_name = loginWithRedirect, unchecked_return_type = "Promise<void>")]
    pub fn login_with_redirect(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "RedirectLoginOptions")] options: Option<
            Object,
        >,
    ) -> Promise {
        let options = read_login_options(&options);
        let client = self.client.clone();
        promise(&self.client, async move {
            let o = options?;
            client.login_with_redirect(o.app_state, o.params)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Whether `url` (default: the current page) carries an authorization response.
    #[wasm_bindgen(js_name = isCallback)]
    pub fn is_callback(&self, url: Option<String>) -> bool {
        self.client.is_callback(url)
    }

    /// Checks the callback, exchanges the code, stores the session, and cleans the address bar.
    #[wasm_bindgen(js_name = handleRedirectCallback, unchecked_return_type = "Promise<RedirectLoginResult>")]
    pub fn handle_redirect_callback(&self, url: Option<String>) -> Promise {
        // Compared the way the browser reports the page's own address.
        let url = url.map(|u| normalize(&u).unwrap_or(u));
        let client = self.client.clone();
        promise(&self.client, async move {
            let app_state = client.handle_redirect_callback(url).await?;
            let result = Object::new();
            if let Some(text) = app_state {
                let value = JSON::parse(&text).unwrap_or(JsValue::UNDEFINED);
                let _ = Reflect::set(&result, &"appState".into(), &value);
            }
            Ok(result.into())
        })
    }

    /// A valid access token: the cached one, or a refreshed one.
    #[wasm_bindgen(js_name = getAccessToken, unchecked_return_type = "Promise<string>")]
    pub fn get_access_token(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "GetAccessTokenOptions")] options: Option<
            Object,
        >,
    ) -> Promise {
        // A fresh cached token is answered by js/index.js from the token
        // mirror before this is called; the client checks the cache itself.
        let force = field(&options, "forceRefresh").is_truthy();
        let client = self.client.clone();
        promise(&self.client, async move {
            client.get_access_token(force).await.map(JsValue::from)
        })
    }

    /// The token mirror for the package's JS entry (its contract: the top
    /// of `js/index.js`).
    #[wasm_bindgen(getter, js_name = "__tokenMirror", skip_typescript)]
    pub fn token_mirror(&self) -> Object {
        self.client.token_mirror()
    }

    /// Whether this tab holds a session, taking one from another tab of the app that holds one
    /// (`shareSession`); answers `false` within about 100 ms when no tab does.
    #[wasm_bindgen(js_name = checkSession, unchecked_return_type = "Promise<boolean>")]
    pub fn check_session(&self) -> Promise {
        // Needs no endpoint: no discovery.
        let client = self.client.clone();
        let job = async move { Ok(JsValue::from_bool(client.check_session().await)) };
        bridge(self.client.clone(), Box::pin(job), false)
    }

    /// Whether there is a session that can yield an access token.
    #[wasm_bindgen(js_name = isAuthenticated)]
    pub fn is_authenticated(&self) -> bool {
        self.client.is_authenticated()
    }

    /// The ID token's claims, or `null` when logged out.
    #[wasm_bindgen(js_name = getUser, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn get_user(&self) -> JsValue {
        self.client
            .user()
            .and_then(|text| crate::core::json::parse(&text).ok())
            .and_then(|claims| {
                // Plain objects, not Maps, for the claims.
                let serializer =
                    serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
                serde::Serialize::serialize(&JsonValue(&claims), &serializer).ok()
            })
            .unwrap_or(JsValue::NULL)
    }

    /// Revokes the refresh token (best effort, within `timeoutMs`), clears the SDK's storage keys,
    /// then (unless `localOnly`) visits the provider's logout. Resolves to whether the refresh
    /// token was revoked (or there was none); a failed revocation is an `error` event
    /// (`revocation_failed`), not a rejection.
    #[wasm_bindgen(unchecked_return_type = "Promise<boolean>")]
    pub fn logout(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LogoutOptions")] options: Option<Object>,
    ) -> Promise {
        let return_to = field(&options, "returnTo").as_string();
        let state = field(&options, "state").as_string();
        let local_only = field(&options, "localOnly").is_truthy();
        let client = self.client.clone();
        // Discovers in logout itself: the session ends here even when that fails.
        let job = async move {
            let revocation = client.logout(return_to, state, local_only).await?;
            if let Err(e) = &revocation {
                client.emit_error(&js_error(e.clone()));
            }
            Ok(revocation.is_ok().into())
        };
        bridge(self.client.clone(), Box::pin(job), false)
    }

    /// `fetch` for the partner API: relative paths resolve against `apiBaseUrl`, the bearer token
    /// is added, and a 401 triggers one refresh and one retry. Takes a path, a URL under
    /// `apiBaseUrl`, or a `Request` for one.
    #[wasm_bindgen(unchecked_return_type = "Promise<Response>")]
    pub fn fetch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | URL | Request")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RequestInit")] init: Option<
            web_sys::RequestInit,
        >,
    ) -> Promise {
        let client = self.client.clone();
        promise(&self.client, async move {
            // A string; a Request; a URL object (its href).
            let object = Some(input.clone().unchecked_into::<Object>());
            let input = if let Some(text) = input.as_string() {
                FetchInput::Url(text)
            } else if input.is_instance_of::<web_sys::Request>() {
                FetchInput::Request(input.unchecked_into())
            } else if let Some(href) = field(&object, "href").as_string() {
                FetchInput::Url(href)
            } else {
                return Err(invalid_request(
                    "fetch takes a path, a URL under apiBaseUrl, or a Request",
                ));
            };
            let init = init.unwrap_or_default();
            client.fetch(input, &init).await.map(JsValue::from)
        })
    }
}
