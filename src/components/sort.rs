//! A sortable column header: a `<button>` inside the `<th>`, and `aria-sort` on the `<th>` of
//! the column the table is sorted by.

use crate::logic::analytics::SortDir;
use leptos::prelude::*;

#[component]
pub fn SortHeader<C>(
    #[prop(into)] label: String,
    column: C,
    /// The table's sort: column and direction.
    sort: RwSignal<(C, SortDir)>,
    /// Numbers: right-aligned, largest first on the first click.
    #[prop(optional)]
    numeric: bool,
    /// Largest (newest) first on the first click, without the numeric alignment (dates).
    #[prop(optional)]
    desc_first: bool,
    #[prop(optional, into)] id: String,
) -> impl IntoView
where
    C: Copy + PartialEq + Send + Sync + 'static,
{
    let active = move || sort.with(|(c, _)| *c == column);
    let aria = move || active().then(|| sort.with(|(_, d)| d.aria()));
    let arrow = move || match (active(), sort.with(|(_, d)| *d)) {
        (false, _) => "↕",
        (true, SortDir::Ascending) => "▲",
        (true, SortDir::Descending) => "▼",
    };
    view! {
        <th scope="col" aria-sort=aria class:numeric=numeric>
            <button type="button" class="sort" id=id on:click=move |_| {
                sort.update(|(c, d)| {
                    if *c == column {
                        *d = d.toggled();
                    } else {
                        *c = column;
                        *d = if numeric || desc_first { SortDir::Descending } else { SortDir::Ascending };
                    }
                });
            }>
                {label}
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// A sort direction in the address (`dir=asc`, `dir=desc`).
pub fn dir_param(dir: SortDir) -> &'static str {
    match dir {
        SortDir::Ascending => "asc",
        SortDir::Descending => "desc",
    }
}

/// The direction an address names; `None` for anything else (the table's default then).
pub fn dir_from_param(text: &str) -> Option<SortDir> {
    match text {
        "asc" => Some(SortDir::Ascending),
        "desc" => Some(SortDir::Descending),
        _ => None,
    }
}

/// A page number in the address, counted from 1 (`page=3` is index 2); `None` when absent or
/// not a number.
pub fn page_from_param(text: Option<&str>) -> Option<usize> {
    text?
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|&n| n >= 1)
        .map(|n| n - 1)
}
