//! Who is calling: the account a request acts for, and the role checks services make on it.

use portevoix_domain::wire::Role;
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::audit::Actor;

/// Who is calling, checked against the database on every request: a disabled account, an
/// expired volunteer or a revoked device loses access at once, whatever its token says.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub role: Role,
    pub council_id: Option<i64>,
    pub device_id: Option<Uuid>,
}

impl AuthUser {
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    pub fn require_staff(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin, Role::Coordinator])
    }

    pub fn require_collector(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin, Role::Coordinator, Role::Volunteer])
    }
}

impl AuthUser {
    /// The command line acting as an administrator, with no account: its `id` matches no
    /// account (ids start at 1) and the audit log records it as [`Actor::System`].
    pub fn system() -> Self {
        Self {
            id: 0,
            role: Role::Admin,
            council_id: None,
            device_id: None,
        }
    }

    /// Who acts, for the audit log: the account, or the system for the command line.
    pub fn actor(&self) -> Actor {
        if self.id > 0 {
            Actor::User(self.id)
        } else {
            Actor::System
        }
    }
}
