//! `portevoix user add|list|disable`.

use std::process::ExitCode;

use clap::Subcommand;
use portevoix_domain::wire::{NewUser, Role, UserPatch};

use crate::auth::AuthUser;
use crate::config::Settings;
use crate::services::accounts;
use crate::startup::prepare;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account.
    Add {
        #[arg(long)]
        email: String,
        /// admin, coordinator, volunteer or council_member
        #[arg(long)]
        role: String,
        /// At least 10 characters; optional for volunteers (they enrol a phone instead).
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        display_name: Option<String>,
        /// Council id, required for council members.
        #[arg(long)]
        council: Option<i64>,
    },
    /// List accounts.
    List,
    /// Disable an account (its sessions end).
    Disable {
        #[arg(long)]
        email: String,
    },
}

pub fn run(settings: Settings, command: &UserCommand) -> anyhow::Result<ExitCode> {
    let prepared = prepare(settings)?;
    let mut conn = prepared.state.pool.get()?;
    let actor = AuthUser::system();
    match command {
        UserCommand::Add {
            email,
            role,
            password,
            display_name,
            council,
        } => {
            let role = Role::parse(role).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown role {role:?}: use admin, coordinator, volunteer or council_member"
                )
            })?;
            let input = NewUser {
                email: email.clone(),
                display_name: display_name
                    .clone()
                    .unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_owned()),
                role,
                password: password.clone(),
                council_id: *council,
                expires_on: None,
            };
            let user = accounts::create_user(&mut conn, &actor, input)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "created user {} ({}) with id {}",
                user.email,
                user.role.as_str(),
                user.id
            );
        }
        UserCommand::List => {
            for user in
                accounts::list_users(&mut conn, &actor).map_err(|e| anyhow::anyhow!("{e}"))?
            {
                println!(
                    "{:>5}  {:<40} {:<15} {}",
                    user.id,
                    user.email,
                    user.role.as_str(),
                    if user.active { "active" } else { "disabled" }
                );
            }
        }
        UserCommand::Disable { email } => {
            let email = email.trim().to_lowercase();
            let users =
                accounts::list_users(&mut conn, &actor).map_err(|e| anyhow::anyhow!("{e}"))?;
            let user = users
                .iter()
                .find(|u| u.email == email)
                .ok_or_else(|| anyhow::anyhow!("no account with e-mail {email}"))?;
            let patch = UserPatch {
                active: Some(false),
                ..UserPatch::default()
            };
            accounts::update_user(&mut conn, &actor, user.id, patch)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("disabled {email}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
