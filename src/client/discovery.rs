//! The provider's endpoints: the configured ones, or, when the config names
//! only an issuer, those its discovery document (OpenID Connect Discovery
//! 1.0) adds, read once per page before the first call that may need one.

use std::rc::Rc;

use super::Client;
use crate::core::config::Config;
use crate::core::discovery::{apply, MAX_DISCOVERY_BYTES};
use crate::core::inflight::InFlight;
use crate::core::AuthError;
use crate::web::http;

/// What discovery has read, and the read under way.
#[derive(Default)]
pub(super) struct Discovered {
    /// The configuration with the discovered endpoints, once read.
    config: Option<Rc<Config>>,
    /// The read under way, which concurrent calls join.
    reading: Option<InFlight<Result<(), AuthError>>>,
}

impl Client {
    /// The configuration with every endpoint known once `discover` has
    /// succeeded (the JS-facing calls that may need one run it first).
    pub(super) fn endpoints(&self) -> Rc<Config> {
        let discovered = self.discovered.borrow().config.clone();
        discovered.unwrap_or_else(|| self.config.clone())
    }

    /// Reads the discovery document unless the config needs none or it was
    /// read: once per page, one read for concurrent calls, and a failed read
    /// is tried again by the next call.
    pub async fn discover(&self) -> Result<(), AuthError> {
        let Some(url) = &self.config.discovery else {
            return Ok(());
        };
        let joined = {
            let d = self.discovered.borrow();
            if d.config.is_some() {
                return Ok(());
            }
            d.reading.clone()
        };
        if let Some(flight) = joined {
            return flight.wait().await;
        }
        let flight = InFlight::default();
        self.discovered.borrow_mut().reading = Some(flight.clone());
        let read = match http::get(url, self.config.timeout_ms, MAX_DISCOVERY_BYTES).await {
            Ok(res) => apply(&self.config, res.status, &res.body),
            Err(failure) => Err(failure.into()),
        };
        let outcome = {
            let mut d = self.discovered.borrow_mut();
            d.reading = None;
            read.map(|config| d.config = Some(Rc::new(config)))
        };
        self.debug(match outcome {
            Ok(()) => "discovery: endpoints read",
            Err(_) => "discovery: failed",
        });
        flight.complete(outcome.clone());
        outcome
    }
}
