//! Key-value storage: `sessionStorage`, `localStorage`, or memory.

use std::cell::RefCell;

use crate::core::config::StorageKind;

/// The storage area asked for does not exist here (no window, or storage
/// disabled).
#[derive(Debug)]
pub struct Unavailable(pub StorageKind);

/// The browser refused a write (quota exceeded, or storage disabled).
#[derive(Debug)]
pub struct WriteRefused;

/// One storage area.
pub enum Store {
    /// `sessionStorage` or `localStorage`.
    Browser(web_sys::Storage),
    /// A few keys at most: a list is enough.
    Memory(RefCell<Vec<(String, String)>>),
}

impl Store {
    /// Opens the area of `kind`.
    pub fn open(kind: StorageKind) -> Result<Store, Unavailable> {
        type Get = fn(&web_sys::Window) -> Result<Option<web_sys::Storage>, wasm_bindgen::JsValue>;
        let browser = |get: Get| {
            web_sys::window()
                .and_then(|w| get(&w).ok().flatten())
                .map(Store::Browser)
                .ok_or(Unavailable(kind))
        };
        match kind {
            StorageKind::Session => browser(web_sys::Window::session_storage),
            StorageKind::Local => browser(web_sys::Window::local_storage),
            StorageKind::Memory => Ok(Store::Memory(RefCell::new(Vec::new()))),
        }
    }

    /// The value under `key`, if any.
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

    /// Writes `value` under `key`.
    pub fn set(&self, key: &str, value: &str) -> Result<(), WriteRefused> {
        match self {
            Store::Browser(s) => s.set_item(key, value).map_err(|_| WriteRefused),
            Store::Memory(m) => {
                let mut entries = m.borrow_mut();
                entries.retain(|(k, _)| k != key);
                entries.push((key.to_owned(), value.to_owned()));
                Ok(())
            }
        }
    }

    /// Removes `key`.
    pub fn remove(&self, key: &str) {
        match self {
            Store::Browser(s) => {
                let _ = s.remove_item(key);
            }
            Store::Memory(m) => m.borrow_mut().retain(|(k, _)| k != key),
        }
    }
}
