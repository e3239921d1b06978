//! The token endpoint (RFC 6749 §3.2): one request, its answer read.

use super::Client;
use crate::core::token::{
    parse_token_response, token_request, Grant, TokenResponse, MAX_TOKEN_RESPONSE_BYTES,
};
use crate::core::AuthError;
use crate::web::{clock, http};

impl Client {
    /// Sends `grant` to the token endpoint and reads the answer.
    pub(super) async fn token_call(&self, grant: &Grant<'_>) -> Result<TokenResponse, AuthError> {
        let req = token_request(&self.endpoints(), grant);
        let res = http::post(
            &req.url,
            req.content_type,
            req.body,
            self.config.timeout_ms,
            MAX_TOKEN_RESPONSE_BYTES,
        )
        .await?;
        parse_token_response(
            res.status,
            res.retry_after.as_deref(),
            clock::now_ms(),
            &res.body,
        )
    }
}
