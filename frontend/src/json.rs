//! JSON on the phone by the browser: values go between Rust and JS objects with
//! `serde-wasm-bindgen`, and text is parsed and written by `JSON.parse`/`JSON.stringify`.
//! serde_json's parser and number formatting are not in the wasm (they weighed on the download;
//! docs/benchmarks.md). Maps become plain objects and `None` becomes `null`, as with serde_json;
//! integers outside ±2^53 are refused rather than rounded (no id or count of ours comes close).

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast as _, JsValue};

const SERIALIZER: serde_wasm_bindgen::Serializer =
    serde_wasm_bindgen::Serializer::json_compatible();

/// Why a value did not convert: a message for logs and error screens.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError(pub String);

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn js_error(value: &JsValue) -> JsonError {
    JsonError(
        value
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "JSON invalide".to_owned()),
    )
}

/// The value as a JS object shaped like its JSON.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsonError> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| JsonError(e.to_string()))
}

/// A value back from a JS object shaped like its JSON.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, JsonError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| JsonError(e.to_string()))
}

/// The value's JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    let js = to_js(value)?;
    js_sys::JSON::stringify(&js)
        .map(String::from)
        .map_err(|e| js_error(&e))
}

/// A value from JSON text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    from_js(js_sys::JSON::parse(text).map_err(|e| js_error(&e))?)
}
