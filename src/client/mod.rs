//! The flows, one file each, composing the sans-IO core with the browser
//! shell. One `Client` per `ZaehlerfreundeAuth` instance.
//!
//! - `login`: the authorize redirect; `callback`: the code exchange;
//! - `refresh`: access tokens, single-flight in a tab and locked across tabs;
//! - `api_fetch`: the partner API with a fresh token; `logout`;
//! - `session`: the session cache and storage; `keys`: ID-token checks with
//!   the issuer's key set; `tabs`: the tab channel; `token`: the token
//!   endpoint; `discovery`: the endpoints an issuer's metadata names; `errors`: the shell's errors as protocol codes; `events`: what
//!   the app listens to, and the debug log.

mod api_fetch;
mod callback;
mod discovery;
mod dpop;
mod errors;
mod events;
mod keys;
mod login;
mod logout;
mod refresh;
mod session;
mod tabs;
mod token;

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::config::{Config, StorageKind};
use crate::core::keys::KeyCache;
use crate::core::AuthError;
use crate::web::dpop_key;
use crate::web::mirror::TokenMirror;
use crate::web::storage::Store;

pub use api_fetch::FetchInput;
/// The signature check, for the browser tests of every bad signature.
pub use keys::verify_with;

/// One SDK instance: its config, its storage and what it holds in memory.
pub struct Client {
    /// As configured: the endpoints through `endpoints()`, which discovers
    /// those an issuer-only config leaves out.
    config: Rc<Config>,
    discovered: RefCell<discovery::Discovered>,
    /// Where the session lives: the configured storage.
    store: Store,
    /// Where the login transaction lives: sessionStorage whatever `storage`
    /// is, so that it survives the redirect (not with `memory`) and not a
    /// browser restart (as with `local`); memory where there is none.
    transactions: Store,
    names: Names,
    session: RefCell<session::Cache>,
    /// The callback handled in this page, so a second call is the same login.
    callback: RefCell<Option<callback::Callback>>,
    keys: RefCell<KeyCache>,
    tabs: RefCell<tabs::Tabs>,
    /// The servers' DPoP nonces (`dpop: true`).
    dpop: dpop::Dpop,
    /// The token as the JS entry's fast path sees it.
    mirror: TokenMirror,
}

/// The storage keys, tab channel and lock of this client, all named after
/// one (client id, audience): one session, one lock, one channel.
struct Names {
    session: String,
    transaction: String,
    tab_channel: String,
    refresh_lock: String,
    dpop_key: String,
}

impl Names {
    fn new(config: &Config) -> Names {
        let name = |suffix| {
            [
                "zaehlerfreunde-auth:",
                &config.client_id,
                ":",
                &config.audience,
                suffix,
            ]
            .concat()
        };
        Names {
            session: name(":session"),
            transaction: name(":transaction"),
            tab_channel: name(""),
            refresh_lock: name(":refresh"),
            dpop_key: name(":dpop"),
        }
    }
}

impl Client {
    /// Opens the configured storage and starts the instance: reads the
    /// stored session, and with one joins the tab channel; removes an
    /// expired login transaction.
    pub fn new(config: Config) -> Result<Rc<Client>, AuthError> {
        let store = Store::open(config.storage)?;
        let transactions =
            Store::open(StorageKind::Session).unwrap_or_else(|_| Store::Memory(Default::default()));
        let client = Rc::new(Client {
            names: Names::new(&config),
            mirror: TokenMirror::new(&config.api_base_url),
            config: Rc::new(config),
            discovered: RefCell::default(),
            store,
            transactions,
            session: RefCell::default(),
            callback: RefCell::default(),
            keys: RefCell::default(),
            tabs: RefCell::default(),
            dpop: dpop::Dpop::default(),
        });
        client.tabs.borrow_mut().me = Rc::downgrade(&client);
        if client.config.dpop {
            // The key in IndexedDB, shared by the app's tabs; with storage
            // "memory", in this page only.
            let shared = !matches!(client.config.storage, StorageKind::Memory);
            dpop_key::enable(&client.mirror, shared.then_some(&*client.names.dpop_key));
        }
        client.load();
        client.expire_transaction();
        client.join_tabs();
        Ok(client)
    }

    /// The object the JS entry reads the fast-path token from and puts its
    /// event sink on.
    pub fn token_mirror(&self) -> js_sys::Object {
        self.mirror.object()
    }

    /// Reports a failed call to the app's `error` listeners.
    pub fn emit_error(&self, error: &wasm_bindgen::JsValue) {
        self.mirror.emit("error", error);
    }
}
