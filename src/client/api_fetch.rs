//! The partner API (RFC 6750 §2.1): `fetch` with a fresh bearer token, only
//! under `apiBaseUrl`; on 401 one refresh and one retry.

use wasm_bindgen::JsCast;

use super::Client;
use crate::core::url::api_url;
use crate::core::{AuthError, ErrorCode};
use crate::web::http::{self, Deadline};

/// What the caller fetches: a path or URL, or a whole `Request` (as
/// openapi-fetch passes it).
pub enum FetchInput {
    /// A path under `apiBaseUrl`, or an absolute URL under it.
    Url(String),
    /// A `Request`; its URL must lie under `apiBaseUrl`. It is cloned for
    /// each attempt, so its body can be sent again.
    Request(web_sys::Request),
}

fn bad_init() -> AuthError {
    AuthError::new(
        ErrorCode::InvalidRequest,
        "the fetch init could not build a Request",
    )
}

impl Client {
    /// Calls the partner API with a valid token; on 401 refreshes once and
    /// retries once.
    pub async fn fetch(
        &self,
        input: FetchInput,
        init: &web_sys::RequestInit,
    ) -> Result<web_sys::Response, AuthError> {
        let target = match &input {
            FetchInput::Url(path) => path.clone(),
            FetchInput::Request(request) => request.url(),
        };
        let url = api_url(&self.config.api_base_url, &target)?;
        let token = self.get_access_token(false).await?;
        let first = self.api_call(&url, &input, init, &token).await?;
        if first.status() != 401 {
            return Ok(first);
        }
        let token = self.get_access_token(true).await?;
        let second = self.api_call(&url, &input, init, &token).await?;
        if second.status() == 401 {
            return Err(AuthError::new(
                ErrorCode::InvalidToken,
                "the partner API rejected a freshly refreshed access token (HTTP 401)",
            ));
        }
        Ok(second)
    }

    /// One attempt: the caller's request with our token, aborted by the
    /// caller's signal or by `timeoutMs`, whichever comes first.
    async fn api_call(
        &self,
        url: &str,
        input: &FetchInput,
        init: &web_sys::RequestInit,
        token: &str,
    ) -> Result<web_sys::Response, AuthError> {
        let deadline = Deadline::start(self.config.timeout_ms)?;
        // A copy of the caller's init, with a signal that aborts on either.
        let attempt: web_sys::RequestInit =
            js_sys::Object::assign(&js_sys::Object::new(), init).unchecked_into();
        let callers = init.get_signal().or_else(|| match input {
            FetchInput::Request(r) => Some(r.signal()),
            FetchInput::Url(_) => None,
        });
        attempt.set_signal(Some(&match callers {
            Some(signal) => {
                web_sys::AbortSignal::any(&js_sys::Array::of2(&signal, &deadline.signal()))
            }
            None => deadline.signal(),
        }));
        let request = match input {
            FetchInput::Url(_) => web_sys::Request::new_with_str_and_init(url, &attempt),
            FetchInput::Request(r) => r
                .clone()
                .and_then(|r| web_sys::Request::new_with_request_and_init(&r, &attempt)),
        }
        .map_err(|_| bad_init())?;
        request
            .headers()
            .set("Authorization", &["Bearer ", token].concat())
            .map_err(|_| bad_init())?;
        Ok(http::send(request, &deadline).await?)
    }
}
