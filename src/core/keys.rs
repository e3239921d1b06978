//! The issuer's signing keys in memory, and when to fetch them again
//! (OpenID Connect Core §10.1.1: keys rotate, and a token signed with a new
//! key names a `kid` the cached set does not have). Sans-IO: the driver
//! (client/keys.rs) fetches and verifies as told.

use std::rc::Rc;

use super::error::AuthError;
use super::id_token_check::IdTokenCheck;
use super::jwks::Jwks;

/// The key set last fetched, and the URL it came from; or how the last
/// fetch failed, until a search reports it.
#[derive(Default)]
pub struct KeyCache {
    cached: Option<(String, Rc<Jwks>)>,
    failed: Option<(String, AuthError)>,
}

impl KeyCache {
    /// The set cached for `url`, if any.
    pub fn get(&self, url: &str) -> Option<Rc<Jwks>> {
        self.cached
            .as_ref()
            .filter(|(u, _)| u == url)
            .map(|(_, set)| set.clone())
    }

    /// Keeps `set` as the one of `url`, replacing any other.
    pub fn put(&mut self, url: &str, set: Jwks) -> Rc<Jwks> {
        let set = Rc::new(set);
        self.cached = Some((url.to_owned(), set.clone()));
        self.failed = None;
        set
    }

    /// Notes that fetching `url` just failed with `error` (the fetch made
    /// beside a token request): the next search for `url` reports it instead
    /// of fetching the same answer again.
    pub fn fail(&mut self, url: &str, error: AuthError) {
        self.failed = Some((url.to_owned(), error));
    }
}

/// What the driver does next.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyStep {
    /// Fetch the key set (and hand it to [`KeySearch::fetched`]).
    Fetch,
    /// Verify the signature with this set (and hand the outcome to
    /// [`KeySearch::verified`]).
    Verify(Rc<Jwks>),
    /// Done: the signature verified, no key has the token's `kid`, or the
    /// key set could not be fetched.
    Done(Result<(), AuthError>),
}

/// How a key set answered a signature check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verified {
    /// The signature verifies with the key that has the token's `kid`.
    Valid,
    /// No key in the set has the token's `kid`: the set may be stale.
    UnknownKid,
}

/// Finding the key for one ID token: the cached set first; on an unknown
/// `kid` the set is fetched again, once. A set fetched by this search is
/// current: an unknown `kid` in it is final.
pub struct KeySearch<'a> {
    url: &'a str,
    fetched: bool,
}

impl<'a> KeySearch<'a> {
    /// Starts the search for the keys at `url`.
    pub fn start(url: &'a str, cache: &mut KeyCache) -> (KeySearch<'a>, KeyStep) {
        let step = match cache.failed.take_if(|(u, _)| u == url) {
            Some((_, error)) => KeyStep::Done(Err(error)),
            None => cache.get(url).map_or(KeyStep::Fetch, KeyStep::Verify),
        };
        (
            KeySearch {
                url,
                fetched: false,
            },
            step,
        )
    }

    /// The set arrived: cache it and verify with it.
    pub fn fetched(&mut self, cache: &mut KeyCache, set: Jwks) -> KeyStep {
        self.fetched = true;
        KeyStep::Verify(cache.put(self.url, set))
    }

    /// The outcome of a verification with the set of the last step.
    pub fn verified(&mut self, outcome: Verified) -> KeyStep {
        match outcome {
            Verified::Valid => KeyStep::Done(Ok(())),
            Verified::UnknownKid if !self.fetched => KeyStep::Fetch,
            Verified::UnknownKid => KeyStep::Done(Err(IdTokenCheck::UnknownKid.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;
    use crate::core::jwks::parse_jwks;

    const URL: &str = "https://idp.example/.well-known/jwks.json";

    fn set(kid: &str) -> Jwks {
        parse_jwks(&format!(
            r#"{{"keys":[{{"kty":"RSA","kid":"{kid}","n":"AQAB","e":"AQAB"}}]}}"#
        ))
        .unwrap()
    }

    fn unknown_kid() -> Result<(), AuthError> {
        Err(IdTokenCheck::UnknownKid.into())
    }

    /// Runs a search to its end: `server` is the sets the URL serves, one per
    /// fetch; a token signed by `kid` verifies with a set that has it.
    fn run(cache: &mut KeyCache, server: &[&str], kid: &str) -> (Result<(), AuthError>, usize) {
        let (mut search, mut step) = KeySearch::start(URL, cache);
        let mut fetches = 0;
        loop {
            step = match step {
                KeyStep::Fetch => {
                    let served = set(server[fetches]);
                    fetches += 1;
                    search.fetched(cache, served)
                }
                KeyStep::Verify(keys) => search.verified(
                    match keys.keys.iter().any(|k| k.kid.as_deref() == Some(kid)) {
                        true => Verified::Valid,
                        false => Verified::UnknownKid,
                    },
                ),
                KeyStep::Done(outcome) => return (outcome, fetches),
            }
        }
    }

    #[test]
    fn the_first_token_fetches_the_set_and_later_ones_use_the_cache() {
        let mut cache = KeyCache::default();
        assert_eq!(run(&mut cache, &["k1"], "k1"), (Ok(()), 1));
        assert_eq!(run(&mut cache, &[], "k1"), (Ok(()), 0));
        assert!(cache.get(URL).is_some());
        assert!(cache.get("https://other.example/jwks").is_none());
    }

    #[test]
    fn a_rotated_key_is_found_by_one_refetch() {
        let mut cache = KeyCache::default();
        assert_eq!(run(&mut cache, &["k1"], "k1"), (Ok(()), 1));
        assert_eq!(run(&mut cache, &["k2"], "k2"), (Ok(()), 1));
        // The new set is cached now.
        assert_eq!(run(&mut cache, &[], "k2"), (Ok(()), 0));
    }

    #[test]
    fn an_unknown_kid_in_a_cached_set_fails_after_exactly_one_refetch() {
        let mut cache = KeyCache::default();
        cache.put(URL, set("k1"));
        assert_eq!(run(&mut cache, &["k1"], "forged"), (unknown_kid(), 1));
        assert_eq!(run(&mut cache, &["k1"], "forged"), (unknown_kid(), 1));
    }

    #[test]
    fn an_unknown_kid_in_a_set_just_fetched_fails_without_fetching_it_again() {
        // A cold cache: the set fetched for this token is the current one.
        let mut cache = KeyCache::default();
        assert_eq!(run(&mut cache, &["k1", "k1"], "forged"), (unknown_kid(), 1));
    }

    #[test]
    fn a_failed_fetch_is_reported_once_by_the_next_search_of_its_url() {
        let too_large = AuthError::new(ErrorCode::InvalidResponse, "the JWKS is too large");
        let mut cache = KeyCache::default();
        cache.fail(URL, too_large.clone());
        // Another URL's search does not see it.
        let (_, step) = KeySearch::start("https://other.example/jwks", &mut cache);
        assert_eq!(step, KeyStep::Fetch);
        // This URL's: reported, not fetched again.
        assert_eq!(run(&mut cache, &[], "k1"), (Err(too_large.clone()), 0));
        // Once: the search after it fetches.
        assert_eq!(run(&mut cache, &["k1"], "k1"), (Ok(()), 1));
        // A set put after a failure clears it.
        let mut cache = KeyCache::default();
        cache.fail(URL, too_large);
        cache.put(URL, set("k1"));
        assert_eq!(run(&mut cache, &[], "k1"), (Ok(()), 0));
    }
}
