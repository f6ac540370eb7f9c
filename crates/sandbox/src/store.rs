//! The sandbox's state, in SQLite (bundled), so it survives a restart.

use mobileid_admin_contract::lenient::{NumberString, Timestamp};
use mobileid_admin_contract::models::*;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

pub const SAMPLE_ORGANISATION: &str = "o-d-Abcdefgh1234JC4Cczm4";
pub const SAMPLE_ACCOUNT: &str = "a-sdge-abcdefghijk123456789";
pub const PRODUCTION_ACCOUNT: &str = "a-spge-Prod0000000000000001";
pub const NEW_ACCOUNT: &str = "a-sdge-NotOnboarded00000001";

pub struct Store {
    conn: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts(
    id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
    state TEXT NOT NULL, onboarded INTEGER NOT NULL, created TEXT NOT NULL, modified TEXT NOT NULL,
    device_limit INTEGER NOT NULL, encap_api_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS configurations(
    account_id TEXT PRIMARY KEY, uuid TEXT NOT NULL, state TEXT NOT NULL, apns_uuid TEXT NOT NULL,
    properties TEXT NOT NULL, description TEXT NOT NULL, risk TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources(
    kind TEXT NOT NULL, id TEXT NOT NULL, scope TEXT NOT NULL, seq INTEGER NOT NULL,
    json TEXT NOT NULL, PRIMARY KEY(kind, id));
CREATE TABLE IF NOT EXISTS devices(
    id TEXT PRIMARY KEY, account_id TEXT NOT NULL, user_id TEXT NOT NULL, device_hash TEXT NOT NULL,
    platform TEXT NOT NULL, sdk_version TEXT NOT NULL, state INTEGER NOT NULL,
    created TEXT NOT NULL, last_used TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS devices_by_hash ON devices(account_id, device_hash);
CREATE TABLE IF NOT EXISTS refresh_families(
    id TEXT PRIMARY KEY, username TEXT NOT NULL, client_id TEXT NOT NULL, scope TEXT NOT NULL,
    session TEXT NOT NULL, auth_time INTEGER NOT NULL, expires INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS refresh_tokens(
    token TEXT PRIMARY KEY, family TEXT NOT NULL, expires INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS refresh_tokens_by_family ON refresh_tokens(family);
CREATE TABLE IF NOT EXISTS revoked_access_tokens(jti TEXT PRIMARY KEY, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit(seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
    account_id TEXT NOT NULL, operation TEXT NOT NULL, body TEXT NOT NULL);
";

/// A refresh-token family: the grant one authorization code made, which every rotated
/// refresh token continues until it expires (with the provider session) or is revoked.
#[derive(Clone, Debug, PartialEq)]
pub struct RefreshFamily {
    pub id: String,
    pub username: String,
    pub client_id: String,
    pub scope: String,
    /// The public id (`sid`) of the provider session the grant was made in.
    pub session: String,
    pub auth_time: i64,
    pub expires: i64,
}

/// What presenting a refresh token did.
#[derive(Clone, Debug, PartialEq)]
pub enum RefreshUse {
    Unknown,
    /// Issued to another client: refused, nothing changed.
    WrongClient,
    /// Already used: the whole family is now revoked.
    Reused,
    Revoked,
    Expired,
    /// Accepted (and now used): issue the next token of this family.
    Rotated(RefreshFamily),
}

/// Account row as stored.
#[derive(Clone, Debug)]
pub struct AccountRow {
    pub id: String,
    pub organisation_id: String,
    pub name: String,
    pub account_type: AccountType,
    pub state: EnabledState,
    pub onboarded: bool,
    pub created: String,
    pub modified: String,
    pub device_limit: u64,
    pub encap_api_key: String,
}

pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// `2023-09-06T06:47:20.000Z`: the reference's spelling of resource timestamps, and the one
/// the `devices` table stores (so text order is time order).
pub fn format_millis(t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// `2026-04-10T10:32:42Z`: the reference's spelling of `aggregatedAt`.
pub fn format_seconds(t: time::OffsetDateTime) -> String {
    let mut text = format_millis(t);
    text.replace_range(19..23, "");
    text
}

/// Now, as [`format_millis`] spells it.
pub fn now_millis() -> String {
    format_millis(time::OffsetDateTime::now_utc())
}

impl Store {
    pub fn open(dir: &Path) -> rusqlite::Result<Store> {
        std::fs::create_dir_all(dir)
            .map_err(|e| rusqlite::Error::InvalidPath(dir.join(format!("(cannot create: {e})"))))?;
        let conn = Connection::open(dir.join("sandbox.sqlite3"))?;
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")?;
        // Refresh tokens of an older sandbox (no families) are dropped: their users sign in again.
        let has_families: i64 = conn.query_row(
            "SELECT COUNT(*) FROM pragma_table_info('refresh_tokens') WHERE name='family'",
            [],
            |r| r.get(0),
        )?;
        if has_families == 0 {
            conn.execute_batch("DROP TABLE IF EXISTS refresh_tokens;")?;
        }
        conn.execute_batch(SCHEMA)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn meta(&self, key: &str) -> rusqlite::Result<Option<String>> {
        self.lock()
            .query_row("SELECT value FROM meta WHERE key=?1", [key], |r| r.get(0))
            .optional()
    }

    pub fn set_meta(&self, key: &str, value: &str) -> rusqlite::Result<()> {
        self.lock().execute(
            "INSERT INTO meta(key, value) VALUES(?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    // ------------------------------------------------------------ accounts

    pub fn insert_account(&self, a: &AccountRow) -> rusqlite::Result<()> {
        self.lock().execute(
            "INSERT INTO accounts VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
            params![
                a.id,
                a.organisation_id,
                a.name,
                a.account_type.as_str(),
                a.state.as_str(),
                a.onboarded,
                a.created,
                a.modified,
                a.device_limit,
                a.encap_api_key
            ],
        )?;
        Ok(())
    }

    pub fn account(&self, id: &str) -> rusqlite::Result<Option<AccountRow>> {
        self.lock()
            .query_row("SELECT * FROM accounts WHERE id=?1", [id], |r| {
                Ok(AccountRow {
                    id: r.get(0)?,
                    organisation_id: r.get(1)?,
                    name: r.get(2)?,
                    account_type: AccountType::parse(&r.get::<_, String>(3)?)
                        .unwrap_or(AccountType::Sandbox),
                    state: EnabledState::parse(&r.get::<_, String>(4)?)
                        .unwrap_or(EnabledState::Enabled),
                    onboarded: r.get(5)?,
                    created: r.get(6)?,
                    modified: r.get(7)?,
                    device_limit: r.get(8)?,
                    encap_api_key: r.get(9)?,
                })
            })
            .optional()
    }

    pub fn set_account_state(&self, id: &str, state: EnabledState) -> rusqlite::Result<()> {
        self.lock().execute(
            "UPDATE accounts SET state=?2, modified=?3 WHERE id=?1",
            params![id, state.as_str(), now()],
        )?;
        Ok(())
    }

    pub fn set_onboarded(&self, id: &str) -> rusqlite::Result<()> {
        self.lock().execute(
            "UPDATE accounts SET onboarded=1, modified=?2 WHERE id=?1",
            params![id, now()],
        )?;
        Ok(())
    }

    /// The account as "Get MobileID account" answers it.
    pub fn account_view(&self, row: &AccountRow, statistics: bool) -> rusqlite::Result<Account> {
        let (devices, users): (u64, u64) = self.lock().query_row(
            "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM devices WHERE account_id=?1 AND state=2",
            [&row.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let all_devices: u64 = self.lock().query_row(
            "SELECT COUNT(*) FROM devices WHERE account_id=?1 AND state<>3",
            [&row.id],
            |r| r.get(0),
        )?;
        let configurations = match self.configuration(&row.id)? {
            Some(c) => {
                let mut properties = Map::new();
                properties.insert("applicationId".into(), Value::String(row.id.clone()));
                properties.insert("inactiveDeviceDeleteRetentionTime".into(), "365".into());
                let mut features = Map::new();
                features.insert("passportScanEnabled".into(), Value::Bool(false));
                vec![AccountConfiguration {
                    id: c.uuid,
                    description: c.description,
                    default: true,
                    account_id: row.id.clone(),
                    properties,
                    additional_features: features,
                    extra: Map::new(),
                }]
            }
            None => Vec::new(),
        };
        Ok(Account {
            created: Some(Timestamp(row.created.clone())),
            modified: Some(Timestamp(row.modified.clone())),
            organisation_id: Some(row.organisation_id.clone()),
            id: row.id.clone(),
            name: row.name.clone(),
            account_type: row.account_type,
            state: row.state,
            sandbox_properties: (row.account_type == AccountType::Sandbox).then(|| {
                SandboxProperties {
                    sandbox_device_limit: NumberString(row.device_limit),
                    number_of_devices: NumberString(all_devices),
                    extra: Map::new(),
                }
            }),
            statistics: statistics.then(|| AccountStatistics {
                number_of_active_devices: NumberString(devices),
                number_of_active_users: NumberString(users),
                extra: Map::new(),
            }),
            configurations,
            onboarded_for_mobile_id: row.onboarded,
            onboarded_for_passkeys: false,
            extra: Map::new(),
        })
    }

    // ------------------------------------------------------------ application configuration

    pub fn insert_configuration(&self, c: &ConfigurationRow) -> rusqlite::Result<()> {
        write_configuration(&self.lock(), c)
    }

    pub fn configuration(&self, account_id: &str) -> rusqlite::Result<Option<ConfigurationRow>> {
        read_configuration(&self.lock(), account_id)
    }

    /// Reads, changes and writes an account's configuration under one lock (so two concurrent
    /// updates cannot lose one another). `change` returns `Err` to leave the row as it was.
    /// `None` when the account has no configuration.
    pub fn update_configuration<T, E>(
        &self,
        account_id: &str,
        change: impl FnOnce(&mut ConfigurationRow) -> Result<T, E>,
    ) -> rusqlite::Result<Option<Result<T, E>>> {
        let conn = self.lock();
        let Some(mut row) = read_configuration(&conn, account_id)? else {
            return Ok(None);
        };
        let outcome = change(&mut row);
        if outcome.is_ok() {
            write_configuration(&conn, &row)?;
        }
        Ok(Some(outcome))
    }

    // ------------------------------------------------------------ generic JSON resources

    /// Stores a resource (APNs token, E2E key, certificate) under a scope (organisation).
    pub fn put_resource(
        &self,
        kind: &str,
        id: &str,
        scope: &str,
        json: &Value,
    ) -> rusqlite::Result<()> {
        let conn = self.lock();
        let seq: i64 = conn.query_row(
            "SELECT COALESCE((SELECT seq FROM resources WHERE kind=?1 AND id=?2),
                             (SELECT COALESCE(MAX(seq),0)+1 FROM resources))",
            params![kind, id],
            |r| r.get(0),
        )?;
        conn.execute(
            "INSERT OR REPLACE INTO resources VALUES(?1,?2,?3,?4,?5)",
            params![kind, id, scope, seq, json.to_string()],
        )?;
        Ok(())
    }

    pub fn resource(&self, kind: &str, id: &str, scope: &str) -> rusqlite::Result<Option<Value>> {
        let json: Option<String> = self
            .lock()
            .query_row(
                "SELECT json FROM resources WHERE kind=?1 AND id=?2 AND scope=?3",
                params![kind, id, scope],
                |r| r.get(0),
            )
            .optional()?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }

    /// Oldest first.
    pub fn resources(&self, kind: &str, scope: &str) -> rusqlite::Result<Vec<Value>> {
        let conn = self.lock();
        let mut stmt =
            conn.prepare("SELECT json FROM resources WHERE kind=?1 AND scope=?2 ORDER BY seq")?;
        let rows = stmt.query_map(params![kind, scope], |r| r.get::<_, String>(0))?;
        Ok(rows
            .filter_map(|r| r.ok())
            .filter_map(|j| serde_json::from_str(&j).ok())
            .collect())
    }

    pub fn delete_resource(&self, kind: &str, id: &str, scope: &str) -> rusqlite::Result<bool> {
        let n = self.lock().execute(
            "DELETE FROM resources WHERE kind=?1 AND id=?2 AND scope=?3",
            params![kind, id, scope],
        )?;
        Ok(n > 0)
    }

    // ------------------------------------------------------------ devices

    /// Inserts many devices in one transaction (the seed's 10,000+ take well under a second).
    pub fn insert_devices(&self, rows: &[DeviceRow]) -> rusqlite::Result<()> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare("INSERT INTO devices VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)")?;
            for d in rows {
                stmt.execute(params![
                    d.id,
                    d.account_id,
                    d.user_id,
                    d.device_hash,
                    d.platform,
                    d.sdk_version,
                    d.state,
                    d.created,
                    d.last_used
                ])?;
            }
        }
        tx.commit()
    }

    /// Users and devices in use during `[from, to)` (timestamps as [`format_millis`] spells
    /// them): a device counts when its life, from `created` to `last_used`, overlaps the
    /// period, whatever its state now. `withActivatedState`/`withLockedState` count those whose
    /// state is ACTIVE/LOCKED now; a user counts there with at least one such device.
    pub fn usage_counts(
        &self,
        account_id: &str,
        from: &str,
        to: &str,
    ) -> rusqlite::Result<(StateCounts, StateCounts)> {
        self.lock().query_row(
            "SELECT COUNT(DISTINCT user_id),
                    COUNT(DISTINCT CASE WHEN state=2 THEN user_id END),
                    COUNT(DISTINCT CASE WHEN state=4 THEN user_id END),
                    COUNT(*), COALESCE(SUM(state=2),0), COALESCE(SUM(state=4),0)
             FROM devices WHERE account_id=?1 AND created<?3 AND last_used>=?2",
            params![account_id, from, to],
            |r| {
                Ok((
                    StateCounts {
                        total: r.get(0)?,
                        with_activated_state: r.get(1)?,
                        with_locked_state: r.get(2)?,
                    },
                    StateCounts {
                        total: r.get(3)?,
                        with_activated_state: r.get(4)?,
                        with_locked_state: r.get(5)?,
                    },
                ))
            },
        )
    }

    /// Registered (not DELETED) devices counted by platform or by SDK version, optionally of
    /// one platform only; largest count first.
    pub fn device_counts(
        &self,
        account_id: &str,
        by: DeviceColumn,
        platform: Option<&str>,
    ) -> rusqlite::Result<Vec<(String, u64)>> {
        let column = match by {
            DeviceColumn::Platform => "platform",
            DeviceColumn::SdkVersion => "sdk_version",
        };
        let conn = self.lock();
        let mut stmt = conn.prepare(&format!(
            "SELECT {column}, COUNT(*) AS n FROM devices
             WHERE account_id=?1 AND state<>3 AND (?2 IS NULL OR platform=?2)
             GROUP BY {column} ORDER BY n DESC, {column}"
        ))?;
        let rows = stmt.query_map(params![account_id, platform], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        rows.collect()
    }

    /// The not-DELETED devices whose hash more than `allowed_users` distinct users have (each
    /// counted by their not-DELETED devices), by hash, most recently used first.
    pub fn suspicious_devices(
        &self,
        account_id: &str,
        allowed_users: u64,
    ) -> rusqlite::Result<Vec<DeviceRow>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "WITH flagged AS (
                 SELECT device_hash FROM devices WHERE account_id=?1 AND state<>3
                 GROUP BY device_hash HAVING COUNT(DISTINCT user_id) > ?2)
             SELECT d.* FROM devices d JOIN flagged f ON d.device_hash=f.device_hash
             WHERE d.account_id=?1 AND d.state<>3
             ORDER BY d.device_hash, d.last_used DESC",
        )?;
        let rows = stmt.query_map(params![account_id, allowed_users], device_row)?;
        rows.collect()
    }

    /// Every device of the account with this hash, whatever its state, most recently used
    /// first.
    pub fn devices_with_hash(
        &self,
        account_id: &str,
        device_hash: &str,
    ) -> rusqlite::Result<Vec<DeviceRow>> {
        let conn = self.lock();
        let mut stmt = conn.prepare(
            "SELECT * FROM devices WHERE account_id=?1 AND device_hash=?2
             ORDER BY last_used DESC, id",
        )?;
        let rows = stmt.query_map(params![account_id, device_hash], device_row)?;
        rows.collect()
    }

    /// Locks every not-DELETED device with this hash and answers their ids (those that were
    /// locked already included), most recently used first; `None` when the account has no
    /// device at all with this hash.
    pub fn lock_devices(
        &self,
        account_id: &str,
        device_hash: &str,
    ) -> rusqlite::Result<Option<Vec<String>>> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let any: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM devices WHERE account_id=?1 AND device_hash=?2)",
            params![account_id, device_hash],
            |r| r.get(0),
        )?;
        if !any {
            return Ok(None);
        }
        let ids = {
            let mut stmt = tx.prepare(
                "SELECT id FROM devices WHERE account_id=?1 AND device_hash=?2 AND state<>3
                 ORDER BY last_used DESC, id",
            )?;
            let rows = stmt.query_map(params![account_id, device_hash], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<Vec<String>>>()?
        };
        tx.execute(
            "UPDATE devices SET state=4 WHERE account_id=?1 AND device_hash=?2 AND state<>3",
            params![account_id, device_hash],
        )?;
        tx.commit()?;
        Ok(Some(ids))
    }

    // ------------------------------------------------------------ refresh tokens

    /// Starts a refresh-token family (one authorization code's grant).
    pub fn create_refresh_family(&self, f: &RefreshFamily) -> rusqlite::Result<()> {
        let conn = self.lock();
        // Expired grants are forgotten on the way.
        conn.execute(
            "DELETE FROM refresh_tokens WHERE family IN
                 (SELECT id FROM refresh_families WHERE expires < unixepoch())",
            [],
        )?;
        conn.execute(
            "DELETE FROM refresh_families WHERE expires < unixepoch()",
            [],
        )?;
        conn.execute(
            "DELETE FROM revoked_access_tokens WHERE expires < unixepoch()",
            [],
        )?;
        conn.execute(
            "INSERT INTO refresh_families(id, username, client_id, scope, session, auth_time, expires)
             VALUES(?1,?2,?3,?4,?5,?6,?7)",
            params![f.id, f.username, f.client_id, f.scope, f.session, f.auth_time, f.expires],
        )?;
        Ok(())
    }

    /// Stores a refresh token (by its hash) in a family.
    pub fn put_refresh_token(
        &self,
        token_hash: &str,
        family: &str,
        expires: i64,
    ) -> rusqlite::Result<()> {
        self.lock().execute(
            "INSERT INTO refresh_tokens(token, family, expires) VALUES(?1,?2,?3)",
            params![token_hash, family, expires],
        )?;
        Ok(())
    }

    /// Uses a refresh token (single use: it is rotated on every refresh). A token used before
    /// revokes its whole family (RFC 9700 §4.14.2).
    pub fn use_refresh_token(
        &self,
        token_hash: &str,
        client_id: &str,
        now: i64,
    ) -> rusqlite::Result<RefreshUse> {
        let conn = self.lock();
        let row = conn
            .query_row(
                "SELECT t.used, t.expires, f.id, f.username, f.client_id, f.scope, f.session,
                        f.auth_time, f.expires, f.revoked
                 FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family
                 WHERE t.token=?1",
                [token_hash],
                |r| {
                    Ok((
                        r.get::<_, bool>(0)?,
                        r.get::<_, i64>(1)?,
                        RefreshFamily {
                            id: r.get(2)?,
                            username: r.get(3)?,
                            client_id: r.get(4)?,
                            scope: r.get(5)?,
                            session: r.get(6)?,
                            auth_time: r.get(7)?,
                            expires: r.get(8)?,
                        },
                        r.get::<_, bool>(9)?,
                    ))
                },
            )
            .optional()?;
        let Some((used, expires, family, revoked)) = row else {
            return Ok(RefreshUse::Unknown);
        };
        if family.client_id != client_id {
            return Ok(RefreshUse::WrongClient);
        }
        if used {
            conn.execute(
                "UPDATE refresh_families SET revoked=1 WHERE id=?1",
                [&family.id],
            )?;
            return Ok(RefreshUse::Reused);
        }
        if revoked {
            return Ok(RefreshUse::Revoked);
        }
        if expires <= now || family.expires <= now {
            return Ok(RefreshUse::Expired);
        }
        conn.execute(
            "UPDATE refresh_tokens SET used=1 WHERE token=?1",
            [token_hash],
        )?;
        Ok(RefreshUse::Rotated(family))
    }

    /// The family and client of a refresh token (used or not).
    pub fn refresh_token_family(
        &self,
        token_hash: &str,
    ) -> rusqlite::Result<Option<(String, String)>> {
        self.lock()
            .query_row(
                "SELECT f.id, f.client_id FROM refresh_tokens t
                 JOIN refresh_families f ON f.id = t.family WHERE t.token=?1",
                [token_hash],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }

    pub fn revoke_refresh_family(&self, family: &str) -> rusqlite::Result<()> {
        self.lock().execute(
            "UPDATE refresh_families SET revoked=1 WHERE id=?1",
            [family],
        )?;
        Ok(())
    }

    /// Revokes every grant made in a provider session (the user signed out there).
    pub fn revoke_session_families(&self, session: &str) -> rusqlite::Result<()> {
        self.lock().execute(
            "UPDATE refresh_families SET revoked=1 WHERE session=?1",
            [session],
        )?;
        Ok(())
    }

    /// Whether a refresh token (by hash) would be accepted now.
    pub fn refresh_token_active(&self, token_hash: &str, now: i64) -> rusqlite::Result<bool> {
        self.lock().query_row(
            "SELECT COUNT(*) FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family
             WHERE t.token=?1 AND t.used=0 AND f.revoked=0 AND t.expires>?2 AND f.expires>?2",
            params![token_hash, now],
            |r| r.get::<_, i64>(0).map(|n| n > 0),
        )
    }

    /// How many refresh tokens would be accepted now.
    pub fn active_refresh_tokens(&self, now: i64) -> rusqlite::Result<usize> {
        self.lock().query_row(
            "SELECT COUNT(*) FROM refresh_tokens t JOIN refresh_families f ON f.id = t.family
             WHERE t.used=0 AND f.revoked=0 AND t.expires>?1 AND f.expires>?1",
            [now],
            |r| r.get::<_, i64>(0).map(|n| n as usize),
        )
    }

    /// Forgets every refresh token and grant.
    pub fn delete_all_refresh_tokens(&self) -> rusqlite::Result<()> {
        self.lock()
            .execute_batch("DELETE FROM refresh_tokens; DELETE FROM refresh_families;")
    }

    pub fn revoke_access_token(&self, jti: &str, expires: i64) -> rusqlite::Result<()> {
        self.lock().execute(
            "INSERT OR IGNORE INTO revoked_access_tokens(jti, expires) VALUES(?1,?2)",
            params![jti, expires],
        )?;
        Ok(())
    }

    /// Whether an access token was revoked: by itself, or with its grant (`family`, empty for
    /// tokens made outside a grant). A grant that is no longer known counts as revoked.
    pub fn access_token_revoked(&self, jti: &str, family: &str) -> rusqlite::Result<bool> {
        let conn = self.lock();
        let by_jti: i64 = conn.query_row(
            "SELECT COUNT(*) FROM revoked_access_tokens WHERE jti=?1",
            [jti],
            |r| r.get(0),
        )?;
        if by_jti > 0 {
            return Ok(true);
        }
        if family.is_empty() {
            return Ok(false);
        }
        let live: i64 = conn.query_row(
            "SELECT COUNT(*) FROM refresh_families WHERE id=?1 AND revoked=0",
            [family],
            |r| r.get(0),
        )?;
        Ok(live == 0)
    }

    // ------------------------------------------------------------ audit (what the tests check)

    pub fn record(&self, account_id: &str, operation: &str, body: &Value) -> rusqlite::Result<()> {
        self.lock().execute(
            "INSERT INTO audit(at, account_id, operation, body) VALUES(?1,?2,?3,?4)",
            params![now(), account_id, operation, body.to_string()],
        )?;
        Ok(())
    }

    pub fn audit(&self, operation: &str) -> rusqlite::Result<Vec<Value>> {
        let conn = self.lock();
        let mut stmt = conn.prepare("SELECT body FROM audit WHERE operation=?1 ORDER BY seq")?;
        let rows = stmt.query_map([operation], |r| r.get::<_, String>(0))?;
        Ok(rows
            .filter_map(|r| r.ok())
            .filter_map(|j| serde_json::from_str(&j).ok())
            .collect())
    }
}

fn write_configuration(conn: &Connection, c: &ConfigurationRow) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO configurations VALUES(?1,?2,?3,?4,?5,?6,?7)",
        params![
            c.account_id,
            c.uuid,
            c.state.as_str(),
            c.apns_uuid,
            Value::Object(c.properties.clone()).to_string(),
            c.description,
            Value::Object(c.risk_configuration()).to_string()
        ],
    )?;
    Ok(())
}

fn read_configuration(
    conn: &Connection,
    account_id: &str,
) -> rusqlite::Result<Option<ConfigurationRow>> {
    conn.query_row(
        "SELECT * FROM configurations WHERE account_id=?1",
        [account_id],
        |r| {
            let properties: String = r.get(4)?;
            let risk: String = r.get(6)?;
            let (risk_allowed_users, risk_allowed_users_set, risk_extra) = read_risk(&risk);
            Ok(ConfigurationRow {
                account_id: r.get(0)?,
                uuid: r.get(1)?,
                state: EnabledState::parse(&r.get::<_, String>(2)?)
                    .unwrap_or(EnabledState::Enabled),
                apns_uuid: r.get(3)?,
                properties: serde_json::from_str(&properties).unwrap_or_default(),
                description: r.get(5)?,
                risk_allowed_users,
                risk_allowed_users_set,
                risk_extra,
            })
        },
    )
    .optional()
}

/// A row of the `devices` table; `created` and `last_used` as [`format_millis`] spells them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceRow {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub device_hash: String,
    /// `Android` or `iOS`.
    pub platform: String,
    /// e.g. `3.21`.
    pub sdk_version: String,
    /// One of the contract's `limits::DEVICE_*` codes (the SQL here spells ACTIVE as 2,
    /// DELETED as 3 and LOCKED as 4).
    pub state: i64,
    pub created: String,
    pub last_used: String,
}

fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeviceRow> {
    Ok(DeviceRow {
        id: r.get(0)?,
        account_id: r.get(1)?,
        user_id: r.get(2)?,
        device_hash: r.get(3)?,
        platform: r.get(4)?,
        sdk_version: r.get(5)?,
        state: r.get(6)?,
        created: r.get(7)?,
        last_used: r.get(8)?,
    })
}

/// What detailed device statistics count by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeviceColumn {
    Platform,
    SdkVersion,
}

#[derive(Clone, Debug)]
pub struct ConfigurationRow {
    pub account_id: String,
    pub uuid: String,
    pub state: EnabledState,
    pub apns_uuid: String,
    pub properties: Map<String, Value>,
    pub description: String,
    /// The allowance in force: `allowedNrOfUsersWithSameDeviceHash` when it is set, else
    /// [`DEFAULT_RISK_ALLOWED_USERS`].
    pub risk_allowed_users: u64,
    /// Whether `allowedNrOfUsersWithSameDeviceHash` is set (an update with `null` removes it).
    pub risk_allowed_users_set: bool,
    /// The other risk-indicator properties, as sent (the sandbox knows no other).
    pub risk_extra: Map<String, Value>,
}

/// The risk indicators' name of [`ConfigurationRow::risk_allowed_users`].
pub const RISK_ALLOWED_USERS: &str = "allowedNrOfUsersWithSameDeviceHash";

/// The allowance when none is set.
pub const DEFAULT_RISK_ALLOWED_USERS: u64 = 1;

impl ConfigurationRow {
    /// `riskIndicatorsConfiguration` as answered: the allowance (a string) when it is set, and
    /// every other property.
    pub fn risk_configuration(&self) -> Map<String, Value> {
        let mut risk = self.risk_extra.clone();
        risk.remove(RISK_ALLOWED_USERS);
        if self.risk_allowed_users_set {
            risk.insert(
                RISK_ALLOWED_USERS.into(),
                Value::String(self.risk_allowed_users.to_string()),
            );
        }
        risk
    }
}

/// The `risk` column: a JSON object (or, as first stored, the bare allowance).
fn read_risk(text: &str) -> (u64, bool, Map<String, Value>) {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut risk)) => {
            let allowed = risk.remove(RISK_ALLOWED_USERS).and_then(|v| match v {
                Value::String(text) => text.parse().ok(),
                Value::Number(n) => n.as_u64(),
                _ => None,
            });
            (
                allowed.unwrap_or(DEFAULT_RISK_ALLOWED_USERS),
                allowed.is_some(),
                risk,
            )
        }
        Ok(Value::Number(n)) if n.as_u64().is_some() => (
            n.as_u64().unwrap_or(DEFAULT_RISK_ALLOWED_USERS),
            true,
            Map::new(),
        ),
        _ => (DEFAULT_RISK_ALLOWED_USERS, false, Map::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_risk_column_reads_objects_and_the_first_bare_number() {
        assert_eq!(read_risk("3"), (3, true, Map::new()));
        let (allowed, set, extra) =
            read_risk(r#"{"allowedNrOfUsersWithSameDeviceHash":"4","other":{"a":1}}"#);
        assert_eq!((allowed, set), (4, true));
        assert_eq!(extra["other"], serde_json::json!({ "a": 1 }));
        assert_eq!(
            read_risk("{}"),
            (DEFAULT_RISK_ALLOWED_USERS, false, Map::new())
        );
        assert_eq!(
            read_risk("garbage"),
            (DEFAULT_RISK_ALLOWED_USERS, false, Map::new())
        );
    }
}
