//! Comparing two accounts and promoting chosen settings from one (the source, e.g. a sandbox
//! account) to the other (the target, e.g. production) as a reviewed, recorded change. Pure:
//! the page reads both accounts; this module says what differs, what may be copied, exactly
//! what to send, whether the target changed since the comparison, and what the record says.
//!
//! * Compared: every property (the schema's and any the API sends that this console does not
//!   know), the risk indicator setting, the APNs UUID and the configuration state. Known
//!   properties compare as the editor does (a count sent as a JSON number equals the same count
//!   as a string) and are sent as the editor would send them; properties this console does not
//!   know, and values it does not know, are compared and carried exactly as the API sent them.
//! * Write-only secrets are never compared, copied, planned or recorded: each side shows only
//!   "set", "not shown" (the API left it out) or "not set", and their rows cannot be selected.
//! * Read-only properties, and properties the source does not have, cannot be promoted (the
//!   reference documents no way to remove a property); the risk setting can be removed.
//! * A plan carries the target as it was compared (secrets only as set or not); any difference
//!   in a fresh read of the target stops the promotion. The plan is a file another admin can
//!   import and apply (four eyes); it never holds a secret value.

mod comparison;
mod items;
mod known_accounts;
mod plan;
mod record;
#[cfg(test)]
mod test_support;

pub use comparison::*;
pub use items::*;
pub use known_accounts::*;
pub use plan::*;
pub use record::*;
