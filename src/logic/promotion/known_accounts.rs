//! Known accounts: those of `config.json` and those used in this session.

use crate::logic::console_config::KnownAccount;

/// How many accounts the console remembers from the session.
pub const REMEMBERED_ACCOUNTS: usize = 20;

/// The accounts to offer: those of `config.json` first (in their order), then those used in
/// this session, each id once.
pub fn merge_known_accounts(
    configured: &[KnownAccount],
    remembered: &[KnownAccount],
) -> Vec<KnownAccount> {
    let mut out: Vec<KnownAccount> = configured.to_vec();
    for account in remembered {
        if !account.id.trim().is_empty() && !out.iter().any(|a| a.id == account.id) {
            out.push(account.clone());
        }
    }
    out
}

/// Adds `account` to the accounts used in this session (most recent first, at most
/// [`REMEMBERED_ACCOUNTS`]); a label or production flag learnt later replaces an unknown one.
pub fn remember_account(remembered: &mut Vec<KnownAccount>, account: KnownAccount) {
    let id = account.id.trim().to_string();
    if id.is_empty() {
        return;
    }
    let previous = remembered
        .iter()
        .position(|a| a.id == id)
        .map(|i| remembered.remove(i));
    let merged = match previous {
        Some(old) => KnownAccount {
            label: if account.label.trim().is_empty() {
                old.label
            } else {
                account.label
            },
            production: account.production || old.production,
            id,
        },
        None => KnownAccount { id, ..account },
    };
    remembered.insert(0, merged);
    remembered.truncate(REMEMBERED_ACCOUNTS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::promotion::test_support::account;

    #[test]
    fn known_accounts_come_from_the_config_then_the_session() {
        let configured = vec![account("a-1", "One", false), account("a-2", "Two", true)];
        let mut remembered = Vec::new();
        remember_account(&mut remembered, account("a-3", "", false));
        remember_account(&mut remembered, account(" a-2 ", "", false));
        remember_account(&mut remembered, account("a-3", "Three", true));
        remember_account(&mut remembered, account("  ", "x", false));
        assert_eq!(
            remembered,
            vec![account("a-3", "Three", true), account("a-2", "", false)]
        );
        remember_account(&mut remembered, account("a-3", "", false));
        assert_eq!(
            remembered[0],
            account("a-3", "Three", true),
            "kept what was learnt"
        );
        let merged = merge_known_accounts(&configured, &remembered);
        let ids: Vec<&str> = merged.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a-2", "a-3"]);
        assert_eq!(merged[1].label, "Two", "config.json's label wins");
        for i in 0..30 {
            remember_account(&mut remembered, account(&format!("b-{i}"), "", false));
        }
        assert_eq!(remembered.len(), REMEMBERED_ACCOUNTS);
        assert_eq!(remembered[0].id, "b-29");
    }
}
