//! Application state shared by every screen (signals, provided once as context), and the
//! session: who is signed in, kept in IndexedDB so the app opens offline already "signed in"
//! for capture. The access token is never stored; see `api`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{Me, OutingInput};
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::i18n::{Lang, Tr};
use crate::idb::{self, META};
use crate::outbox::{self, Entry, State};
use crate::route::Route;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub running: bool,
    pub last_ok_ms: Option<f64>,
    /// Shown in the volunteer's language when the line is drawn.
    pub last_error: Option<crate::api::ApiError>,
    pub failures: u32,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub route: RwSignal<Route>,
    /// The signed-in volunteer, remembered across restarts (no secret in it).
    pub me: RwSignal<Option<Me>>,
    /// The server refused to refresh the session: sending is paused until sign-in.
    pub session_expired: RwSignal<bool>,
    pub catalogue: RwSignal<Catalogue>,
    pub outbox: RwSignal<Vec<Entry>>,
    pub outing: RwSignal<Option<OutingInput>>,
    pub sync: RwSignal<SyncStatus>,
    pub online: RwSignal<bool>,
    pub update_ready: RwSignal<bool>,
    pub storage: RwSignal<Option<(f64, f64)>>,
    /// Local data loaded: screens can trust the signals above.
    pub loaded: RwSignal<bool>,
    /// The cached catalogue could not be read from IndexedDB: the home screen says so and
    /// offers to try again (see `reload_catalogue`).
    pub catalogue_unreadable: RwSignal<bool>,
    /// The outbox or the current outing could not be read from IndexedDB: said on every screen
    /// with a way to try again, never shown as "nothing waiting" (see `reload_local`).
    pub local_unreadable: RwSignal<bool>,
}

#[derive(Serialize, Deserialize)]
struct Prefs {
    lang: Lang,
}

const SESSION_KEY: &str = "session";
const OUTING_KEY: &str = "outing";
const PREFS_KEY: &str = "prefs";

impl AppState {
    pub fn new() -> Self {
        AppState {
            lang: RwSignal::new(Lang::Fr),
            route: RwSignal::new(Route::current()),
            me: RwSignal::new(None),
            session_expired: RwSignal::new(false),
            catalogue: RwSignal::new(Catalogue::default()),
            outbox: RwSignal::new(Vec::new()),
            outing: RwSignal::new(None),
            sync: RwSignal::new(SyncStatus::default()),
            online: RwSignal::new(crate::platform::is_online()),
            update_ready: RwSignal::new(false),
            storage: RwSignal::new(None),
            loaded: RwSignal::new(false),
            catalogue_unreadable: RwSignal::new(false),
            local_unreadable: RwSignal::new(false),
        }
    }

    pub fn tr(&self) -> &'static Tr {
        self.lang.get().tr()
    }

    pub fn go(&self, route: Route) {
        route.push_history();
        self.route.set(route);
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
        crate::platform::focus_soon("#main h1");
    }

    /// Loads everything the screens need from IndexedDB (works offline).
    pub async fn load(&self) {
        match idb::get::<Prefs>(META, PREFS_KEY).await {
            Ok(Some(prefs)) => self.lang.set(prefs.lang),
            Ok(None) => {}
            // Only the interface language is lost: French, the default, and a word in the console.
            Err(e) => leptos::logging::warn!("preferences unreadable, defaults used: {}", e.0),
        }
        match idb::get::<Me>(META, SESSION_KEY).await {
            Ok(Some(me)) => self.me.set(Some(me)),
            Ok(None) => {}
            // Read as signed out: the sign-in screen asks again; nothing waiting is touched.
            Err(e) => leptos::logging::warn!("session unreadable, sign-in asked: {}", e.0),
        }
        self.reload_catalogue().await;
        self.reload_local().await;
        self.loaded.set(true);
    }

    /// Reads the current outing and the outbox again. A failed read sets `local_unreadable`
    /// (a banner with Réessayer) and keeps what was shown: it is not read as empty.
    pub async fn reload_local(&self) {
        let outing = idb::get::<OutingInput>(META, OUTING_KEY).await;
        let outing_read = match outing {
            Ok(outing) => {
                self.outing.set(outing);
                true
            }
            Err(e) => {
                leptos::logging::warn!("current outing unreadable: {}", e.0);
                false
            }
        };
        let outbox_read = self.read_outbox().await;
        self.local_unreadable.set(!(outing_read && outbox_read));
    }

    /// Reads the cached catalogue again; a failed read is kept (`catalogue_unreadable`), not
    /// dropped.
    pub async fn reload_catalogue(&self) {
        match Catalogue::load().await {
            Ok(catalogue) => {
                self.catalogue.set(catalogue);
                self.catalogue_unreadable.set(false);
            }
            Err(_) => self.catalogue_unreadable.set(true),
        }
    }

    pub async fn reload_outbox(&self) {
        let read = self.read_outbox().await;
        if read && self.local_unreadable.get_untracked() {
            // The outing may still be unreadable: read both again before clearing the banner.
            self.reload_local().await;
        } else if !read {
            self.local_unreadable.set(true);
        }
    }

    async fn read_outbox(&self) -> bool {
        match outbox::all().await {
            Ok(entries) => {
                self.outbox.set(entries);
                true
            }
            Err(e) => {
                leptos::logging::warn!("outbox unreadable: {}", e.0);
                false
            }
        }
    }

    pub fn waiting_count(&self) -> usize {
        self.outbox
            .with(|e| e.iter().filter(|e| e.state == State::Waiting).count())
    }

    pub fn attention_count(&self) -> usize {
        self.outbox.with(|e| {
            e.iter()
                .filter(|e| {
                    matches!(
                        e.state,
                        State::Rejected | State::Conflict | State::NeedsCorrection
                    )
                })
                .count()
        })
    }

    pub async fn signed_in(&self, me: Me) {
        let previous = self.me.get_untracked();
        if previous.as_ref().is_some_and(|p| p.id != me.id) {
            // Another account on this phone: its cached surveys and drafts are not ours.
            self.catalogue.set(Catalogue::default());
            let _ = Catalogue::default().save().await;
            crate::draft::clear_all().await;
        }
        let _ = idb::put(META, Some(SESSION_KEY), &me).await;
        crate::platform::set_bundle_hint(Some(me.role));
        self.me.set(Some(me));
        self.session_expired.set(false);
    }

    pub async fn signed_out(&self) {
        crate::api::forget_token();
        crate::draft::clear_all().await;
        let _ = idb::delete(META, &[SESSION_KEY.to_owned()]).await;
        crate::platform::set_bundle_hint(None);
        self.me.set(None);
        self.session_expired.set(false);
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.code());
        }
        spawn_local(async move {
            let _ = idb::put(META, Some(PREFS_KEY), &Prefs { lang }).await;
        });
    }

    /// A survey answered or a testimony recorded during the current outing: one more person
    /// answered (and was approached: the counts never say more answered than approached). The
    /// volunteer does not count twice by hand.
    pub async fn count_capture(&self, outing_id: Option<uuid::Uuid>) {
        let Some(mut outing) = self
            .outing
            .get_untracked()
            .filter(|o| Some(o.id) == outing_id)
        else {
            return;
        };
        outing.answered = outing.answered.saturating_add(1);
        outing.approached = outing.approached.max(outing.answered);
        self.save_outing(Some(outing)).await;
    }

    pub async fn save_outing(&self, outing: Option<OutingInput>) {
        let result = match &outing {
            Some(o) => idb::put(META, Some(OUTING_KEY), o).await,
            None => idb::delete(META, &[OUTING_KEY.to_owned()]).await,
        };
        if result.is_ok() {
            self.outing.set(outing);
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
