//! Key-value storage: `sessionStorage`, `localStorage`, or memory.

use std::cell::RefCell;

use crate::core::config::StorageKind;
use crate::core::{AuthError, ErrorCode};

pub enum Store {
    Browser(web_sys::Storage),
    /// A few keys at most: a list is enough.
    Memory(RefCell<Vec<(String, String)>>),
}

impl Store {
    pub fn open(kind: StorageKind) -> Result<Store, AuthError> {
        let browser = |get: fn(
            &web_sys::Window,
        )
            -> Result<Option<web_sys::Storage>, wasm_bindgen::JsValue>,
                       what: &'static str| {
            web_sys::window()
                .and_then(|w| get(&w).ok().flatten())
                .map(Store::Browser)
                .ok_or_else(|| AuthError::new(ErrorCode::InvalidConfig, what))
        };
        match kind {
            StorageKind::Session => browser(
                web_sys::Window::session_storage,
                "sessionStorage is not available here; use storage: \"memory\"",
            ),
            StorageKind::Local => browser(
                web_sys::Window::local_storage,
                "localStorage is not available here; use storage: \"memory\"",
            ),
            StorageKind::Memory => Ok(Store::Memory(RefCell::new(Vec::new()))),
        }
    }

    pub fn get(&self, key: &str) -> Option<String> {
        match self {
            Store::Browser(s) => s.get_item(key).ok().flatten(),
            Store::Memory(m) => m
                .borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone()),
        }
    }

    pub fn set(&self, key: &str, value: &str) -> Result<(), AuthError> {
        match self {
            Store::Browser(s) => s.set_item(key, value).map_err(|_| {
                AuthError::new(
                    ErrorCode::StorageError,
                    "browser storage refused the write (quota exceeded or storage disabled)",
                )
            }),
            Store::Memory(m) => {
                let mut entries = m.borrow_mut();
                entries.retain(|(k, _)| k != key);
                entries.push((key.to_owned(), value.to_owned()));
                Ok(())
            }
        }
    }

    pub fn remove(&self, key: &str) {
        match self {
            Store::Browser(s) => {
                let _ = s.remove_item(key);
            }
            Store::Memory(m) => m.borrow_mut().retain(|(k, _)| k != key),
        }
    }
}
