//! The provider's endpoints: the configured ones, or, when the config names
//! only an issuer, those its discovery document (OpenID Connect Discovery
//! 1.0) adds, read once per page before the first request that needs one.

use std::rc::Rc;

use super::Client;
use crate::core::config::Config;
use crate::core::discovery::apply;
use crate::core::inflight::InFlight;
use crate::core::AuthError;
use crate::web::http;

/// The discovery under way or done, which concurrent calls join.
pub(super) type Discovered = Option<InFlight<Result<Rc<Config>, AuthError>>>;

impl Client {
    /// The configuration with every endpoint known: read once; a failed
    /// read is tried again by the next call.
    pub(super) async fn endpoints(&self) -> Result<Rc<Config>, AuthError> {
        let Some(url) = &self.config.discovery else {
            return Ok(self.config.clone());
        };
        let joined = self.discovered.borrow().clone();
        if let Some(flight) = joined {
            return flight.wait().await;
        }
        let flight = InFlight::default();
        *self.discovered.borrow_mut() = Some(flight.clone());
        let outcome = match http::get(url, self.config.timeout_ms).await {
            Ok(res) => apply(&self.config, res.status, &res.body).map(Rc::new),
            Err(failure) => Err(failure.into()),
        };
        if outcome.is_err() {
            *self.discovered.borrow_mut() = None;
        }
        self.debug(match outcome {
            Ok(_) => "discovery: endpoints read",
            Err(_) => "discovery: failed",
        });
        flight.complete(outcome.clone());
        outcome
    }
}
