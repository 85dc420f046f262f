//! Builds the Leptos PWA (being written by the frontend work).
pub fn build(_release: bool) -> anyhow::Result<()> {
    anyhow::bail!("frontend build not written yet")
}
