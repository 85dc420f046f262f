//! What the volunteer sees if the app ever panics: a panic in wasm traps the whole module, and
//! without this the page would freeze half-drawn with nothing to press. The hook replaces the
//! page with a short message and a reload button that needs no wasm (a plain GET form), logs
//! the panic to the console, and marks `<html data-pv-crashed>` for the tests. What was being
//! typed is safe: forms keep a draft in IndexedDB on every change (see `draft.rs`), and saved
//! items are in the outbox.

use std::cell::Cell;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

thread_local! {
    static SHOWN: Cell<bool> = const { Cell::new(false) };
}

struct Words {
    title: &'static str,
    text: &'static str,
    reload: &'static str,
    detail: &'static str,
}

const FR: Words = Words {
    title: "Un problème est survenu",
    text: "L'application s'est arrêtée. Ce qui était enregistré est conservé sur ce téléphone, \
           et le texte en cours de saisie est gardé en brouillon. Rechargez pour continuer.",
    reload: "Recharger",
    detail: "Détail technique (pour la coordination)",
};

const EN: Words = Words {
    title: "Something went wrong",
    text: "The app stopped. What was saved is kept on this phone, and the text being typed is \
           kept as a draft. Reload to carry on.",
    reload: "Reload",
    detail: "Technical detail (for your coordinator)",
};

/// Installs the panic hook. Call first thing in `main`.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let detail = info.to_string();
        leptos::logging::error!("Porte-Voix panic: {detail}");
        // A second panic (another callback of the dying module) must not redraw the screen.
        if !SHOWN.with(|s| s.replace(true)) {
            let _ = show(&detail);
        }
    }));
}

fn element(document: &Document, tag: &str, class: &str, text: Option<&str>) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if text.is_some() {
        element.set_text_content(text);
    }
    Some(element)
}

fn show(detail: &str) -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let root = document.document_element()?;
    let _ = root.set_attribute("data-pv-crashed", "1");
    let english = root.get_attribute("lang").as_deref() == Some("en");
    let words = if english { &EN } else { &FR };

    let section = element(&document, "section", "card crash", None)?;
    let _ = section.set_attribute("role", "alert");
    let _ = section.set_attribute("data-testid", "crash");
    let title = element(&document, "h1", "", Some(words.title))?;
    let text = element(&document, "p", "", Some(words.text))?;
    // A GET form to the same path reloads the app without any script: the module is dead.
    let form = element(&document, "form", "", None)?;
    let _ = form.set_attribute("method", "get");
    let path = window.location().pathname().unwrap_or_else(|_| "/".into());
    let _ = form.set_attribute("action", &path);
    let button = element(
        &document,
        "button",
        "btn btn-primary btn-big",
        Some(words.reload),
    )?;
    let _ = button.set_attribute("type", "submit");
    let _ = button.set_attribute("data-testid", "crash-reload");
    form.append_child(&button).ok()?;
    let more = element(&document, "details", "", None)?;
    let summary = element(&document, "summary", "", Some(words.detail))?;
    let pre = element(&document, "pre", "", Some(detail))?;
    more.append_child(&summary).ok()?;
    more.append_child(&pre).ok()?;
    for child in [&title, &text, &form, &more] {
        section.append_child(child).ok()?;
    }

    let body = document.body()?;
    body.set_inner_html("");
    let main = element(&document, "main", "page", None)?;
    main.append_child(&section).ok()?;
    body.append_child(&main).ok()?;
    if let Some(button) = button.dyn_ref::<web_sys::HtmlElement>() {
        let _ = button.focus();
    }
    Some(())
}

/// The browser tests' way to check the crash screen without a known-bad input: a page script
/// dispatches `pv-test-panic` on `window` (nothing in the app does).
pub fn listen_for_test_panic() {
    std::mem::forget(leptos::prelude::window_event_listener_untyped(
        "pv-test-panic",
        |_| panic!("pv-test-panic: panic asked for by a test"),
    ));
}
