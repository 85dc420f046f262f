//! Background work of `serve`, on actix's runtime. Kept out of the services so that they
//! never see actix or the application state: the loop here calls a service like a route does.

use actix_web::web;

use crate::clock::now_ms;
use crate::services::privacy::retention;
use crate::startup::AppState;

/// Starts the purge loop of `serve` (call from inside the server's runtime).
pub fn spawn_retention(state: web::Data<AppState>) {
    let minutes = u64::try_from(state.settings.purge_interval_minutes).unwrap_or(60);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(std::time::Duration::from_secs(minutes.max(1) * 60));
        loop {
            ticks.tick().await;
            let settings = state.settings.clone();
            match state
                .db(move |conn| retention::run_scheduled(conn, &settings, now_ms()))
                .await
            {
                Ok(Some(report)) => tracing::info!(
                    responses = report.responses,
                    testimonies = report.testimonies,
                    outings = report.outings,
                    "retention purge"
                ),
                Ok(None) => {}
                Err(error) => tracing::warn!(%error, "retention purge failed; retried next tick"),
            }
        }
    });
}
