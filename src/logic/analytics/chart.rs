//! Chart scaling (axes, counts) and percentages.

/// A value axis starting at 0: `ticks` are `0, step, 2·step, …, max`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Axis {
    pub max: u64,
    pub step: u64,
    pub ticks: Vec<u64>,
}

/// A "nice" axis for counts up to `max_value`: the step is 1, 2 or 5 times a power of ten,
/// the smallest such that at most `target_ticks` steps reach `max_value`. A zero maximum
/// gives the axis 0–1.
pub fn nice_axis(max_value: u64, target_ticks: usize) -> Axis {
    let target = target_ticks.max(1) as u128;
    let wanted = u128::from(max_value.max(1));
    let mut power: u128 = 1;
    let step = 'found: loop {
        for mult in [1u128, 2, 5] {
            let s = mult * power;
            if s * target >= wanted {
                break 'found s;
            }
        }
        power *= 10;
    };
    let steps = wanted.div_ceil(step);
    let max = (steps * step).min(u128::from(u64::MAX)) as u64;
    let step = step as u64;
    let ticks = (0..=steps as u64).map(|i| i * step).collect();
    Axis { max, step, ticks }
}

/// Where `value` falls on an axis of `length` units (0 at the origin).
pub fn scale(value: u64, axis_max: u64, length: f64) -> f64 {
    if axis_max == 0 {
        0.0
    } else {
        value as f64 / axis_max as f64 * length
    }
}

/// `12345` → `12,345`.
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A short axis label: `950`, `9,500`, `12k`, `1.5M`.
pub fn compact_count(n: u64) -> String {
    fn short(n: u64, unit: u64, suffix: &str) -> String {
        let tenths = (n * 10 + unit / 2) / unit;
        if tenths.is_multiple_of(10) || tenths >= 1000 {
            format!("{}{suffix}", (tenths + 5) / 10)
        } else {
            format!("{}.{}{suffix}", tenths / 10, tenths % 10)
        }
    }
    match n {
        0..=9_999 => format_count(n),
        10_000..=999_999 => short(n, 1_000, "k"),
        1_000_000..=999_999_999 => short(n, 1_000_000, "M"),
        _ => short(n / 1_000, 1_000_000, "G"),
    }
}

// ---------------------------------------------------------------- percentages

/// Each count's share of their sum in tenths of a percent, rounded by the largest-remainder
/// method so that the shares sum to exactly 1000 (100.0 %). All zero when the sum is zero.
pub fn percent_tenths(counts: &[u64]) -> Vec<u32> {
    let total: u128 = counts.iter().map(|&c| u128::from(c)).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let exact: Vec<(u128, u128)> = counts
        .iter()
        .map(|&c| {
            let scaled = u128::from(c) * 1000;
            (scaled / total, scaled % total)
        })
        .collect();
    let mut shares: Vec<u32> = exact.iter().map(|(q, _)| *q as u32).collect();
    let missing = 1000 - shares.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    // Largest remainder first; ties to the larger count, then to the earlier item.
    order.sort_by(|&a, &b| {
        exact[b]
            .1
            .cmp(&exact[a].1)
            .then(counts[b].cmp(&counts[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(missing as usize) {
        shares[i] += 1;
    }
    shares
}

/// `333` → `33.3 %`.
pub fn format_tenths(tenths: u32) -> String {
    format!("{}.{} %", tenths / 10, tenths % 10)
}

/// `333` → `33.3` (for CSV).
pub fn tenths_number(tenths: u32) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn axes_step_by_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(
            nice_axis(0, 5),
            Axis {
                max: 1,
                step: 1,
                ticks: vec![0, 1]
            }
        );
        assert_eq!(nice_axis(3, 5).ticks, vec![0, 1, 2, 3]);
        assert_eq!(nice_axis(7, 5).ticks, vec![0, 2, 4, 6, 8]);
        assert_eq!(nice_axis(10, 5).ticks, vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(nice_axis(1234, 5).ticks, vec![0, 500, 1000, 1500]);
        assert_eq!(
            nice_axis(2234, 5),
            Axis {
                max: 2500,
                step: 500,
                ticks: vec![0, 500, 1000, 1500, 2000, 2500]
            }
        );
        assert_eq!(nice_axis(10_000, 4).ticks, vec![0, 5000, 10_000]);
        assert_eq!(nice_axis(10_001, 4).step, 5000);
        assert_eq!(nice_axis(10_001, 4).max, 15_000);
    }

    proptest! {
        #[test]
        fn axes_cover_the_data_with_few_even_ticks(max in 0u64..10_000_000_000_000, target in 1usize..12) {
            let a = nice_axis(max, target);
            prop_assert!(a.max >= max && a.max >= 1);
            prop_assert!(a.max < max.max(1) + a.step, "no empty step above the data");
            prop_assert!(a.ticks.len() <= target + 1 && a.ticks.len() >= 2);
            prop_assert_eq!(a.ticks[0], 0);
            prop_assert_eq!(*a.ticks.last().unwrap(), a.max);
            prop_assert!(a.ticks.windows(2).all(|w| w[1] - w[0] == a.step));
            let mut m = a.step;
            while m.is_multiple_of(10) { m /= 10; }
            prop_assert!(matches!(m, 1 | 2 | 5), "step {}", a.step);
            prop_assert!((scale(max, a.max, 200.0) - 200.0).abs() <= 200.0);
            prop_assert!(scale(max, a.max, 200.0) <= 200.0);
        }
    }

    #[test]
    fn counts_format_for_tables_and_axes() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(compact_count(9_500), "9,500");
        assert_eq!(compact_count(10_000), "10k");
        assert_eq!(compact_count(12_500), "12.5k");
        assert_eq!(compact_count(150_000), "150k");
        assert_eq!(compact_count(1_500_000), "1.5M");
        assert_eq!(compact_count(20_000_000), "20M");
        assert_eq!(scale(50, 100, 300.0), 150.0);
        assert_eq!(scale(5, 0, 300.0), 0.0);
    }

    #[test]
    fn percentages_sum_to_exactly_100() {
        assert_eq!(percent_tenths(&[1, 1, 1]), vec![334, 333, 333]);
        assert_eq!(percent_tenths(&[29]), vec![1000]);
        assert_eq!(percent_tenths(&[0, 0]), vec![0, 0]);
        assert_eq!(percent_tenths(&[]), Vec::<u32>::new());
        assert_eq!(percent_tenths(&[2, 1]), vec![667, 333]);
        assert_eq!(percent_tenths(&[999, 1]), vec![999, 1]);
        assert_eq!(format_tenths(334), "33.4 %");
        assert_eq!(format_tenths(1000), "100.0 %");
        assert_eq!(tenths_number(5), "0.5");
    }

    proptest! {
        #[test]
        fn shares_sum_to_1000_and_stay_within_a_tenth(counts in proptest::collection::vec(0u64..1_000_000_000, 1..30)) {
            let shares = percent_tenths(&counts);
            let total: u64 = counts.iter().sum();
            if total == 0 {
                prop_assert!(shares.iter().all(|&s| s == 0));
            } else {
                prop_assert_eq!(shares.iter().sum::<u32>(), 1000);
                for (c, s) in counts.iter().zip(&shares) {
                    let exact = *c as f64 * 1000.0 / total as f64;
                    prop_assert!((exact - f64::from(*s)).abs() < 1.0, "{} vs {}", exact, s);
                }
                // A larger count never gets a smaller share.
                for i in 0..counts.len() {
                    for j in 0..counts.len() {
                        if counts[i] > counts[j] { prop_assert!(shares[i] >= shares[j]); }
                    }
                }
            }
        }
    }
}
