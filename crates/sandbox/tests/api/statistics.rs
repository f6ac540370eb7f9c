//! Statistics over the seeded devices.

use crate::harness::{assert_invalid, with_query, Harness};
use mobileid_admin_contract::models::*;
use mobileid_sandbox::seed::{SAMPLE_DEVICE_HASH, SHARED_HASHES};
use mobileid_sandbox::store::{PRODUCTION_ACCOUNT, SAMPLE_ACCOUNT};
use std::time::{Duration, Instant};

#[tokio::test]
async fn statistics_follow_the_seeded_devices_and_the_period() {
    let started = Instant::now();
    let h = Harness::start("statistics");
    eprintln!("sandbox seeded and started in {:?}", started.elapsed());
    let account = h.ok(h.api.get_account(true)).await;
    let sandbox = account.sandbox_properties.expect("a sandbox account");
    let registered = sandbox.number_of_devices.0;
    assert!(
        (10_000..sandbox.sandbox_device_limit.0).contains(&registered),
        "{registered}"
    );
    let active_users = account.statistics.unwrap().number_of_active_users.0;
    assert!(active_users > 5_000, "{active_users}");

    // By days: longer periods count more.
    let timer = Instant::now();
    let all = h.ok(h.api.statistics_by_days(3650)).await;
    let month = h.ok(h.api.statistics_by_days(30)).await;
    let week = h.ok(h.api.statistics_by_days(7)).await;
    let day = h.ok(h.api.statistics_by_days(1)).await;
    assert!(
        timer.elapsed() < Duration::from_secs(5),
        "{:?}",
        timer.elapsed()
    );
    assert!(all.devices.total >= 10_000, "{all:?}");
    assert!(all.users.total >= 6_000, "{all:?}");
    assert!(all.devices.total > month.devices.total, "{all:?} {month:?}");
    assert!(
        month.devices.total > week.devices.total,
        "{month:?} {week:?}"
    );
    assert!(week.devices.total >= day.devices.total);
    assert!(week.devices.total > 0);
    for s in [&all, &month, &week] {
        assert!(s.devices.with_activated_state + s.devices.with_locked_state <= s.devices.total);
        assert!(s.users.total <= s.devices.total);
        assert!(s.users.with_activated_state <= s.users.total);
        assert!(s.devices.with_locked_state > 0, "{s:?}");
    }
    assert_eq!(day.from_date, day.to_date);
    assert_eq!(week.to_date, day.to_date);
    let today = time::OffsetDateTime::now_utc().date();
    let week_ago = today - time::Duration::days(6);
    assert_eq!(
        week.from_date,
        format!(
            "{:04}-{:02}-{:02}",
            week_ago.year(),
            u8::from(week_ago.month()),
            week_ago.day()
        )
    );
    // The same period by date range gives the same numbers; other ranges others.
    let same = h
        .ok(h
            .api
            .statistics_by_date_range(&week.from_date, &week.to_date))
        .await;
    assert_eq!(same, week);
    let everything = h
        .ok(h.api.statistics_by_date_range("2000-01-01", &all.to_date))
        .await;
    assert_eq!(everything.devices, all.devices);
    let year_ago = today - time::Duration::days(365);
    let date = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let old = h
        .ok(h
            .api
            .statistics_by_date_range(&date(year_ago - time::Duration::days(30)), &date(year_ago)))
        .await;
    assert!(
        old.devices.total > 0 && old.devices != month.devices,
        "{old:?}"
    );
    // A toDate in the future is fine (the reference's own example has one).
    let next_year = date(today + time::Duration::days(365));
    let ahead = h
        .ok(h.api.statistics_by_date_range(&week.from_date, &next_year))
        .await;
    assert_eq!(ahead.to_date, next_year);
    assert!(ahead.devices.total >= week.devices.total);
    let before_seeding = h
        .ok(h.api.statistics_by_date_range("2010-01-01", "2010-12-31"))
        .await;
    assert_eq!(before_seeding.devices.total, 0);

    for bad in ["0", "3651", "abc", "1.5", "-7", ""] {
        let call = with_query(h.api.statistics_by_days(1), &format!("nrOfDays={bad}"));
        assert_invalid(h.call(call).await, "nrOfDays");
    }
    let default = h.ok(with_query(h.api.statistics_by_days(1), "")).await;
    assert_eq!(default, month);
    for (from, to, name) in [
        ("2024-13-01", "2024-12-31", "fromDate"),
        ("2024-01-01", "31.12.2024", "toDate"),
        ("2024-02-30", "2024-03-01", "fromDate"),
        ("2024-06-02", "2024-06-01", "fromDate"),
    ] {
        let result = h.call(h.api.statistics_by_date_range(from, to)).await;
        assert_invalid(result, name);
    }

    // Detailed statistics: the registered devices, by platform and SDK version.
    use DeviceStatisticsType::{AllBasic, SdkVersion};
    let basic = h.ok(h.api.detailed_device_statistics(AllBasic, None)).await;
    assert_eq!(basic.account_id, SAMPLE_ACCOUNT);
    assert!(basic.aggregated_at.is_some());
    assert_eq!(basic.total, registered);
    let platforms = basic.platforms.clone().unwrap();
    let sdk_versions = basic.sdkversions.clone().unwrap();
    assert_eq!(platforms.len(), 2);
    assert_eq!(platforms[0].name, "Android", "{platforms:?}");
    assert!(
        (55.0..65.0).contains(&platforms[0].percentage),
        "{platforms:?}"
    );
    assert_eq!(sdk_versions.len(), 7, "3.17 to 3.23");
    for shares in [&platforms, &sdk_versions] {
        assert_eq!(shares.iter().map(|s| s.count).sum::<u64>(), basic.total);
        let percent: f64 = shares.iter().map(|s| s.percentage).sum();
        assert!((percent - 100.0).abs() < 0.1, "{percent}");
    }
    let by_platform = h
        .ok(h
            .api
            .detailed_device_statistics(DeviceStatisticsType::Platform, None))
        .await;
    assert_eq!(by_platform.platforms.as_ref(), Some(&platforms));
    assert_eq!(by_platform.sdkversions, None);
    let ios = h
        .ok(h
            .api
            .detailed_device_statistics(SdkVersion, Some(Platform::Ios)))
        .await;
    let ios_count = platforms.iter().find(|p| p.name == "iOS").unwrap().count;
    assert_eq!(ios.total, ios_count);
    assert_eq!(ios.platforms, None);
    let ios_versions = ios.sdkversions.unwrap();
    assert_eq!(ios_versions.iter().map(|s| s.count).sum::<u64>(), ios_count);
    let detailed = || h.api.detailed_device_statistics(AllBasic, None);
    assert_invalid(
        h.call(h.api.detailed_device_statistics(SdkVersion, None))
            .await,
        "platform",
    );
    assert_invalid(
        h.call(with_query(detailed(), "type=everything")).await,
        "type",
    );
    assert_invalid(h.call(with_query(detailed(), "")).await, "type");
    assert_invalid(
        h.call(with_query(detailed(), "type=platform&platform=Windows"))
            .await,
        "platform",
    );

    // Suspicious device hashes.
    let timer = Instant::now();
    let suspicious = h.ok(h.api.suspicious_device_hashes(None, true)).await;
    assert!(
        timer.elapsed() < Duration::from_secs(5),
        "{:?}",
        timer.elapsed()
    );
    assert_eq!(suspicious.account_id, SAMPLE_ACCOUNT);
    assert!(
        suspicious.count.unique_device_hashes > SHARED_HASHES as u64,
        "{:?}",
        suspicious.count
    );
    assert_eq!(
        suspicious.count.unique_device_hashes as usize,
        suspicious.suspicious_device_hashes.len()
    );
    let listed: usize = suspicious
        .suspicious_device_hashes
        .iter()
        .flat_map(|h| &h.users)
        .map(|u| u.devices.len())
        .sum();
    assert_eq!(listed as u64, suspicious.count.total);
    let sample = suspicious
        .suspicious_device_hashes
        .iter()
        .find(|h| h.device_hash == SAMPLE_DEVICE_HASH)
        .expect("the reference's sample hash is suspicious");
    assert_eq!(sample.users.len(), 2);
    let d = &sample.users[0].devices[0];
    assert_eq!(d.state, Some(DeviceState::Code(2)));
    assert_eq!(
        d.last_used.as_ref().map(|t| t.0.as_str()),
        Some("2026-03-31T08:21:40.584000")
    );
    assert_eq!(
        d.created.as_ref().map(|t| t.0.as_str()),
        Some("2026-03-31T08:21:40.572000")
    );
    for hash in &suspicious.suspicious_device_hashes {
        assert!(hash.users.len() >= 2, "{hash:?}");
        for device in hash.users.iter().flat_map(|u| &u.devices) {
            assert_ne!(
                device.state,
                Some(DeviceState::Code(3)),
                "deleted devices are not listed"
            );
        }
    }
    let brief = h.ok(h.api.suspicious_device_hashes(None, false)).await;
    assert_eq!(brief.count, suspicious.count);
    assert!(brief
        .suspicious_device_hashes
        .iter()
        .all(|h| h.users.iter().all(|u| u.devices.is_empty())));
    let four = h.ok(h.api.suspicious_device_hashes(Some(4), false)).await;
    assert!(four.count.unique_device_hashes < brief.count.unique_device_hashes);
    assert!(four
        .suspicious_device_hashes
        .iter()
        .all(|h| h.users.len() > 4));
    let call = || h.api.suspicious_device_hashes(None, false);
    for bad in [
        "allowedNrOfUsersWithSameDeviceHash=0",
        "allowedNrOfUsersWithSameDeviceHash=x",
    ] {
        assert_invalid(
            h.call(with_query(call(), bad)).await,
            "allowedNrOfUsersWithSameDeviceHash",
        );
    }
    assert_invalid(h.call(with_query(call(), "detailed=yes")).await, "detailed");

    // The production account has its own, fewer devices.
    let production = h
        .api
        .clone()
        .with_account_id(Some(PRODUCTION_ACCOUNT.into()));
    let other = h.ok(production.statistics_by_days(3650)).await;
    assert!((300..1_000).contains(&other.devices.total), "{other:?}");
    assert_eq!(
        h.ok(production.devices_by_hash(SAMPLE_DEVICE_HASH)).await,
        vec![]
    );
    h.finish();
}
