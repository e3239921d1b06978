//! The token endpoint (RFC 6749 §3.2): one request, its answer read.

use super::Client;
use crate::core::token::{
    parse_token_response, token_request, Grant, TokenRequest, TokenResponse,
    MAX_TOKEN_RESPONSE_BYTES,
};
use crate::core::AuthError;
use crate::web::clock;
use crate::web::http::{self, Failure, HttpResponse};

impl Client {
    /// Sends `grant` to the token endpoint and reads the answer.
    pub(super) async fn token_call(&self, grant: &Grant<'_>) -> Result<TokenResponse, AuthError> {
        let res = self
            .post_to_provider(token_request(&self.endpoints(), grant))
            .await?;
        parse_token_response(
            res.status,
            res.retry_after.as_deref(),
            clock::now_ms(),
            &res.body,
        )
    }

    /// Posts `req` (to the token or the revocation endpoint) within
    /// `timeoutMs`, its answer read up to the token response's size limit.
    pub(super) async fn post_to_provider(
        &self,
        req: TokenRequest,
    ) -> Result<HttpResponse, Failure> {
        http::post(
            &req.url,
            req.content_type,
            req.body,
            self.config.timeout_ms,
            MAX_TOKEN_RESPONSE_BYTES,
        )
        .await
    }
}
