//! The issuer's signing keys in memory, and when to fetch them again
//! (OpenID Connect Core §10.1.1: keys rotate, and a token signed with a new
//! key names a `kid` the cached set does not have). Sans-IO: the driver
//! (client/keys.rs) fetches and verifies as told.

use std::rc::Rc;

use super::id_token_check::IdTokenCheck;
use super::jwks::Jwks;

/// The key set last fetched, and the URL it came from.
#[derive(Default)]
pub struct KeyCache {
    cached: Option<(String, Rc<Jwks>)>,
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
        set
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
    /// Done: the signature verified, or no key has the token's `kid`.
    Done(Result<(), IdTokenCheck>),
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
/// `kid` the set is fetched again, once.
pub struct KeySearch<'a> {
    url: &'a str,
    refetched: bool,
}

impl<'a> KeySearch<'a> {
    /// Starts the search for the keys at `url`.
    pub fn start(url: &'a str, cache: &KeyCache) -> (KeySearch<'a>, KeyStep) {
        let step = cache.get(url).map_or(KeyStep::Fetch, KeyStep::Verify);
        (
            KeySearch {
                url,
                refetched: false,
            },
            step,
        )
    }

    /// The set arrived: cache it and verify with it.
    pub fn fetched(&mut self, cache: &mut KeyCache, set: Jwks) -> KeyStep {
        KeyStep::Verify(cache.put(self.url, set))
    }

    /// The outcome of a verification with the set of the last step.
    pub fn verified(&mut self, outcome: Verified) -> KeyStep {
        match outcome {
            Verified::Valid => KeyStep::Done(Ok(())),
            Verified::UnknownKid if !self.refetched => {
                self.refetched = true;
                KeyStep::Fetch
            }
            Verified::UnknownKid => KeyStep::Done(Err(IdTokenCheck::UnknownKid)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::jwks::parse_jwks;

    const URL: &str = "https://idp.example/.well-known/jwks.json";

    fn set(kid: &str) -> Jwks {
        parse_jwks(&format!(
            r#"{{"keys":[{{"kty":"RSA","kid":"{kid}","n":"AQAB","e":"AQAB"}}]}}"#
        ))
        .unwrap()
    }

    /// Runs a search to its end: `server` is the sets the URL serves, one per
    /// fetch; a token signed by `kid` verifies with a set that has it.
    fn run(cache: &mut KeyCache, server: &[&str], kid: &str) -> (Result<(), IdTokenCheck>, usize) {
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
    fn an_unknown_kid_fails_after_exactly_one_refetch() {
        let mut cache = KeyCache::default();
        assert_eq!(
            run(&mut cache, &["k1", "k1"], "forged"),
            (Err(IdTokenCheck::UnknownKid), 2)
        );
        assert_eq!(
            run(&mut cache, &["k1"], "forged"),
            (Err(IdTokenCheck::UnknownKid), 1)
        );
    }
}
