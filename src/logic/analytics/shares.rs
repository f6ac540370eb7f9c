//! Share tables: their rows and percentages, and their sorting.

use super::chart::percent_tenths;
use super::sorting::{natural_cmp, SortDir};
use mobileid_admin_contract::models::CountShare;

/// A row of a share table: a platform or an SDK version, its count and its share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareRow {
    pub name: String,
    pub count: u64,
    /// Tenths of a percent, from the counts (see [`percent_tenths`]).
    pub tenths: u32,
}

/// The share rows of an API list. Shares are recomputed from the counts, so that they always
/// sum to 100 % and agree with the counts shown next to them.
pub fn share_rows(items: &[CountShare]) -> Vec<ShareRow> {
    let counts: Vec<u64> = items.iter().map(|i| i.count).collect();
    items
        .iter()
        .zip(percent_tenths(&counts))
        .map(|(i, tenths)| ShareRow {
            name: i.name.clone(),
            count: i.count,
            tenths,
        })
        .collect()
}

/// The `keep` largest rows (by count, then name), and the rest summed up as one row named
/// `other` when there is more than one left over. Shares are recomputed.
pub fn top_with_other(rows: &[ShareRow], keep: usize, other: &str) -> Vec<ShareRow> {
    let mut sorted = rows.to_vec();
    sort_shares(&mut sorted, ShareColumn::Count, SortDir::Descending);
    if sorted.len() > keep + 1 {
        let rest: u64 = sorted[keep..].iter().map(|r| r.count).sum();
        sorted.truncate(keep);
        sorted.push(ShareRow {
            name: other.to_string(),
            count: rest,
            tenths: 0,
        });
    }
    let counts: Vec<u64> = sorted.iter().map(|r| r.count).collect();
    for (row, tenths) in sorted.iter_mut().zip(percent_tenths(&counts)) {
        row.tenths = tenths;
    }
    sorted
}

/// Columns of a share table; the percentage sorts as the count does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ShareColumn {
    Name,
    Count,
}

pub fn sort_shares(rows: &mut [ShareRow], column: ShareColumn, dir: SortDir) {
    rows.sort_by(|a, b| {
        let ord = match column {
            ShareColumn::Name => natural_cmp(&a.name, &b.name),
            ShareColumn::Count => a.count.cmp(&b.count),
        };
        dir.apply(ord).then_with(|| natural_cmp(&a.name, &b.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_rows_recompute_percentages_and_group_the_tail() {
        let items = vec![
            CountShare {
                name: "3.21".into(),
                count: 2,
                percentage: 66.6,
            },
            CountShare {
                name: "3.9".into(),
                count: 1,
                percentage: 33.3,
            },
        ];
        let rows = share_rows(&items);
        assert_eq!(rows[0].tenths + rows[1].tenths, 1000);
        assert_eq!(rows[0].tenths, 667);

        let many: Vec<ShareRow> = (1..=6u64)
            .map(|i| ShareRow {
                name: format!("v{i}"),
                count: i,
                tenths: 0,
            })
            .collect();
        let top = top_with_other(&many, 3, "Other");
        let names: Vec<&str> = top.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["v6", "v5", "v4", "Other"]);
        assert_eq!(top[3].count, 6);
        assert_eq!(top.iter().map(|r| r.tenths).sum::<u32>(), 1000);
        // One row left over stays itself.
        assert_eq!(top_with_other(&many, 5, "Other").len(), 6);
    }

    #[test]
    fn share_tables_sort_by_name_or_count_both_ways() {
        let mut rows = share_rows(&[
            CountShare {
                name: "Android".into(),
                count: 5,
                percentage: 0.0,
            },
            CountShare {
                name: "iOS".into(),
                count: 9,
                percentage: 0.0,
            },
            CountShare {
                name: "Web".into(),
                count: 5,
                percentage: 0.0,
            },
        ]);
        sort_shares(&mut rows, ShareColumn::Count, SortDir::Descending);
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["iOS", "Android", "Web"]);
        sort_shares(&mut rows, ShareColumn::Name, SortDir::Descending);
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Web", "iOS", "Android"]);
        assert_eq!(SortDir::Ascending.toggled().aria(), "descending");
        assert_eq!(SortDir::from_param("desc"), Some(SortDir::Descending));
    }
}
