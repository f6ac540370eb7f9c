//! SVG charts drawn by the console: a grouped bar chart (users and devices by state) and a
//! horizontal share chart (platforms, SDK versions).
//!
//! Colours come from CSS classes (`series-N`, light and dark variables in `style/main.css`):
//! the console runs under a CSP without inline styles, so no `style` attribute is used. Each
//! chart is an `<svg role="img">` whose `aria-label` says everything the picture shows, inside
//! a `<figure>` with a visible `<figcaption>`. Scaling (nice ticks, percentages) comes from the
//! `crate::logic::analytics` module, where it is tested natively.

use crate::logic::analytics::{
    compact_count, format_count, format_tenths, nice_axis, scale, ShareRow,
};
use leptos::prelude::*;

const WIDTH: f64 = 640.0;

fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// A legend entry per series, coloured like the bars.
fn legend(names: Vec<String>) -> impl IntoView {
    view! {
        <ul class="chart-legend" aria-hidden="true">
            {names.into_iter().enumerate().map(|(i, name)| view! {
                <li><span class=format!("swatch series-{i}")></span>{name}</li>
            }).collect_view()}
        </ul>
    }
}

/// Bars of several series (`series`, e.g. total/activated/locked) for each group (e.g. users,
/// devices). `groups` holds one value per series.
#[component]
pub fn BarChart(
    /// The element id of the `<figure>`.
    #[prop(into)]
    id: String,
    #[prop(into)] caption: String,
    series: Vec<String>,
    groups: Vec<(String, Vec<u64>)>,
) -> impl IntoView {
    const HEIGHT: f64 = 260.0;
    const LEFT: f64 = 56.0;
    const RIGHT: f64 = 8.0;
    const TOP: f64 = 20.0;
    const BOTTOM: f64 = 30.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = groups
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .max()
        .unwrap_or(0);
    let axis = nice_axis(max, 5);
    let label = format!(
        "{caption}. {}",
        groups
            .iter()
            .map(|(g, values)| {
                let parts: Vec<String> = series
                    .iter()
                    .zip(values)
                    .map(|(s, v)| format!("{} {}", s.to_lowercase(), format_count(*v)))
                    .collect();
                format!("{g}: {}.", parts.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    let y = move |v: u64| TOP + plot_h - scale(v, axis.max, plot_h);
    let ticks = axis.ticks.clone();
    let group_w = plot_w / groups.len().max(1) as f64;
    let n = series.len().max(1) as f64;
    let bar_w = (group_w * 0.7 / n).min(56.0);
    let bars_w = bar_w * n;
    view! {
        <figure class="chart" id=id>
            <svg class="chart-svg" role="img" aria-label=label
                viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="xMidYMid meet">
                {ticks.into_iter().map(|t| view! {
                    <line class="chart-grid" x1=px(LEFT) x2=px(WIDTH - RIGHT) y1=px(y(t)) y2=px(y(t))></line>
                    <text class="chart-tick" x=px(LEFT - 6.0) y=px(y(t) + 4.0) text-anchor="end">{compact_count(t)}</text>
                }).collect_view()}
                {groups.into_iter().enumerate().map(|(gi, (name, values))| {
                    let x0 = LEFT + gi as f64 * group_w + (group_w - bars_w) / 2.0;
                    view! {
                        <g class="chart-group">
                            {values.into_iter().enumerate().map(|(si, v)| {
                                let x = x0 + si as f64 * bar_w;
                                let top = y(v);
                                view! {
                                    <rect class=format!("bar series-{si}") x=px(x + 2.0) y=px(top)
                                        width=px(bar_w - 4.0) height=px(TOP + plot_h - top)></rect>
                                    <text class="chart-value" x=px(x + bar_w / 2.0) y=px(top - 5.0) text-anchor="middle">
                                        {compact_count(v)}
                                    </text>
                                }
                            }).collect_view()}
                            <text class="chart-label" x=px(x0 + bars_w / 2.0) y=px(HEIGHT - 8.0) text-anchor="middle">{name}</text>
                        </g>
                    }
                }).collect_view()}
                <line class="chart-axis" x1=px(LEFT) x2=px(WIDTH - RIGHT) y1=px(TOP + plot_h) y2=px(TOP + plot_h)></line>
            </svg>
            {legend(series)}
            <figcaption>{caption_view(&caption)}</figcaption>
        </figure>
    }
}

/// One horizontal bar per row, labelled with its count and share (rows in the order given).
/// One colour for every bar: the rows are one quantity, told apart by their labels.
#[component]
pub fn ShareChart(
    #[prop(into)] id: String,
    #[prop(into)] caption: String,
    rows: Vec<ShareRow>,
) -> impl IntoView {
    const ROW: f64 = 30.0;
    const LABEL_W: f64 = 120.0;
    const VALUE_W: f64 = 130.0;
    const TOP: f64 = 6.0;
    const AXIS_H: f64 = 22.0;
    let height = TOP + ROW * rows.len().max(1) as f64 + AXIS_H;
    let plot_w = WIDTH - LABEL_W - VALUE_W;
    let axis = nice_axis(rows.iter().map(|r| r.count).max().unwrap_or(0), 4);
    let label = if rows.is_empty() {
        format!("{caption}: no data.")
    } else {
        format!(
            "{caption}. {}.",
            rows.iter()
                .map(|r| format!(
                    "{}: {} ({})",
                    r.name,
                    format_count(r.count),
                    format_tenths(r.tenths)
                ))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    let axis_y = TOP + ROW * rows.len().max(1) as f64;
    view! {
        <figure class="chart" id=id>
            <svg class="chart-svg" role="img" aria-label=label
                viewBox=format!("0 0 {WIDTH} {height}") preserveAspectRatio="xMidYMid meet">
                {axis.ticks.iter().map(|&t| {
                    let x = LABEL_W + scale(t, axis.max, plot_w);
                    view! {
                        <line class="chart-grid" x1=px(x) x2=px(x) y1=px(TOP) y2=px(axis_y)></line>
                        <text class="chart-tick" x=px(x) y=px(axis_y + 15.0) text-anchor="middle">{compact_count(t)}</text>
                    }
                }).collect_view()}
                {rows.into_iter().enumerate().map(|(i, r)| {
                    let y = TOP + i as f64 * ROW;
                    let w = scale(r.count, axis.max, plot_w);
                    view! {
                        <text class="chart-label" x=px(LABEL_W - 8.0) y=px(y + ROW / 2.0 + 4.0) text-anchor="end">{r.name.clone()}</text>
                        <rect class="bar series-0" x=px(LABEL_W) y=px(y + 5.0)
                            width=px(w.max(1.0)) height=px(ROW - 10.0)></rect>
                        <text class="chart-value" x=px(LABEL_W + w + 6.0) y=px(y + ROW / 2.0 + 4.0)>
                            {format!("{} ({})", format_count(r.count), format_tenths(r.tenths))}
                        </text>
                    }
                }).collect_view()}
                <line class="chart-axis" x1=px(LABEL_W) x2=px(LABEL_W) y1=px(TOP) y2=px(axis_y)></line>
            </svg>
            <figcaption>{caption_view(&caption)}</figcaption>
        </figure>
    }
}

/// A caption with each date in it (`2026-11-30`) kept on one line: a phone would otherwise
/// break it at a hyphen. The text is unchanged.
fn caption_view(caption: &str) -> impl IntoView {
    caption
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            let space = if i == 0 { "" } else { " " };
            let is_date = word.contains('-')
                && word
                    .trim_end_matches(|c: char| c.is_ascii_punctuation())
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-');
            if is_date {
                view! { {space}<span class="nowrap">{word.to_string()}</span> }.into_any()
            } else {
                format!("{space}{word}").into_any()
            }
        })
        .collect_view()
}
