//! Charts drawn at build time as inline SVG (written with the `svg` crate):
//! a line chart of a series over the years, a bar chart (one bar per row,
//! label above, value after the bar) and a paired bar chart (held against
//! required).
//!
//! Every chart has `role="img"`, a `<title>` and a `<desc>` that reads out all
//! its values, labels every value in Vietnamese number format (`88,13`) and
//! uses the theme's colours through presentation attributes and classes,
//! never `style` (the pages run under a strict Content-Security-Policy).
//! The view box is 360 units wide, the width of a small phone, so that text
//! keeps its size there; the theme scales it up on wider screens.
//! Pure: numbers in, markup out.

use svg::Document;
use svg::node::element::{Circle, Description, Group, Line, Polyline, Rectangle, Text, Title};

/// Width of every chart's view box.
pub const WIDTH: f64 = 360.0;
const FONT: f64 = 13.0;
const INK: &str = "#1b1b1b";
const MUTED: &str = "#4f4f4f";
/// The theme's link blue: 8.6:1 against white, so bars and lines pass the
/// 3:1 of WCAG 1.4.11 and value labels in it pass 4.5:1.
const BLUE: &str = "#0b4f9c";
const GRID: &str = "#d9d9d9";

/// A number in Vietnamese: `,` before decimals, `.` between thousands.
pub fn format_vi(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{fraction}") }
}

/// What a chart says, for screen readers and as its tooltip.
pub struct Caption<'a> {
    /// Unique within the page: the ids of `<title>` and `<desc>` derive from it.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

/// One point of a line chart or one bar.
#[derive(Debug, Clone)]
pub struct Datum {
    pub label: String,
    pub value: f64,
}

fn text(x: f64, y: f64, content: &str, class: &str) -> Text {
    Text::new(content).set("x", round(x)).set("y", round(y)).set("class", class).set("font-size", FONT).set("fill", INK)
}

/// Coordinates with at most one decimal, so the output is short and stable.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

fn document(caption: &Caption, height: f64, class: &str) -> Document {
    let title_id = format!("{}-title", caption.id);
    let desc_id = format!("{}-desc", caption.id);
    Document::new()
        .set("viewBox", format!("0 0 {WIDTH} {}", round(height)))
        .set("class", format!("chart-svg {class}"))
        .set("role", "img")
        .set("aria-labelledby", format!("{title_id} {desc_id}"))
        .set("font-family", "inherit")
        .add(Title::new(caption.title).set("id", title_id))
        .add(Description::new().set("id", desc_id).add(svg::node::Text::new(caption.description)))
}

/// A step of 1, 2, 2.5 or 5 times a power of ten, about `span / 4`.
fn nice_step(span: f64) -> f64 {
    let raw = (span / 4.0).max(f64::EPSILON);
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 2.5 {
        2.5
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// Decimals a tick label needs to show `step` exactly.
fn step_decimals(step: f64) -> usize {
    (0..=3).find(|&d| ((step * 10f64.powi(d as i32)).round() - step * 10f64.powi(d as i32)).abs() < 1e-9).unwrap_or(3)
}

/// A line chart of values over the years (or any ordered labels): axes with
/// ticks, every point labelled with its value. `max` caps the vertical axis
/// (the top of the scale, e.g. 100 %).
pub fn line_chart(caption: &Caption, points: &[Datum], decimals: usize, axis_label: &str, max: Option<f64>) -> String {
    let (left, right, top, bottom) = (44.0, 20.0, 40.0, 30.0);
    let height = 240.0;
    let plot_w = WIDTH - left - right;
    let plot_h = height - top - bottom;
    let lo = points.iter().map(|p| p.value).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|p| p.value).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if points.is_empty() { (0.0, 1.0) } else { (lo, hi) };
    let step = nice_step((hi - lo).max(hi.abs() * 0.02).max(1e-6));
    let mut y0 = (lo / step).floor() * step;
    if y0 == lo && lo != 0.0 {
        y0 -= step;
    }
    if lo >= 0.0 {
        y0 = y0.max(0.0);
    }
    let mut y1 = (hi / step).ceil() * step;
    if y1 == hi {
        y1 += step;
    }
    if let Some(max) = max.filter(|m| *m >= hi && *m > y0) {
        y1 = y1.min(max);
    }
    let y_of = |v: f64| top + plot_h - (v - y0) / (y1 - y0) * plot_h;
    let x_of = |i: usize| {
        if points.len() <= 1 { left + plot_w / 2.0 } else { left + plot_w * i as f64 / (points.len() - 1) as f64 }
    };
    let tick_decimals = step_decimals(step);

    let mut grid = Group::new().set("class", "chart-grid").set("aria-hidden", "true");
    let mut tick = y0;
    while tick <= y1 + step * 1e-6 {
        let y = round(y_of(tick));
        grid = grid
            .add(Line::new().set("x1", left).set("x2", WIDTH - right).set("y1", y).set("y2", y).set("stroke", GRID).set("stroke-width", 1))
            .add(text(left - 6.0, y + 4.0, &format_vi(tick, tick_decimals), "chart-tick").set("text-anchor", "end").set("fill", MUTED));
        tick += step;
    }
    grid = grid.add(
        Line::new()
            .set("x1", left)
            .set("x2", WIDTH - right)
            .set("y1", round(top + plot_h))
            .set("y2", round(top + plot_h))
            .set("stroke", MUTED)
            .set("stroke-width", 1)
            .set("class", "chart-axis"),
    );
    let axis = text(4.0, 16.0, axis_label, "chart-axis-label").set("fill", MUTED);

    let label_every = if points.len() > 8 { 2 } else { 1 };
    let mut labels = Group::new().set("class", "chart-labels");
    let mut dots = Group::new().set("class", "chart-points");
    let mut line_points = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (round(x_of(i)), round(y_of(p.value)));
        line_points.push(format!("{x},{y}"));
        dots = dots.add(Circle::new().set("cx", x).set("cy", y).set("r", 4).set("fill", BLUE).set("class", "chart-point"));
        let is_end = i == 0 || i + 1 == points.len();
        if i % label_every == 0 || is_end {
            let anchor = if points.len() > 1 && i == 0 {
                "start"
            } else if points.len() > 1 && i + 1 == points.len() {
                "end"
            } else {
                "middle"
            };
            let value_x = match anchor {
                "start" => x - 4.0,
                "end" => x + 4.0,
                _ => x,
            };
            // Below a point that both neighbours lie above, so the label stays
            // off the line; above otherwise, and always above near the axis.
            let is_low = i.checked_sub(1).is_none_or(|j| points[j].value > p.value)
                && points.get(i + 1).is_none_or(|n| n.value > p.value)
                && points.len() > 1;
            let value_y = if is_low && y + 24.0 < top + plot_h { y + 19.0 } else { y - 9.0 };
            labels = labels
                .add(
                    text(value_x, value_y, &format_vi(p.value, decimals), "chart-value")
                        .set("text-anchor", anchor)
                        .set("font-weight", "bold")
                        .set("data-value", p.value),
                )
                .add(text(x, height - 10.0, &p.label, "chart-tick").set("text-anchor", anchor).set("fill", MUTED));
        }
    }
    let line = Polyline::new()
        .set("points", line_points.join(" "))
        .set("fill", "none")
        .set("stroke", BLUE)
        .set("stroke-width", 2.5)
        .set("class", "chart-line");
    document(caption, height, "chart-line-chart").add(axis).add(grid).add(line).add(dots).add(labels).to_string()
}

const ROW_LABEL: f64 = 15.0;
const BAR: f64 = 16.0;
const ROW_GAP: f64 = 12.0;
const VALUE_ROOM: f64 = 56.0;

fn bar(x: f64, y: f64, width: f64, class: &str) -> Rectangle {
    Rectangle::new().set("x", x).set("y", round(y)).set("width", round(width.max(1.0))).set("height", BAR).set("class", class)
}

/// Horizontal bars, one per row: the label above, the bar from zero, the
/// value after it. `max` is the end of the scale (default: the largest value).
pub fn bar_chart(caption: &Caption, bars: &[Datum], decimals: usize, max: Option<f64>) -> String {
    let top = 8.0;
    let row = ROW_LABEL + 4.0 + BAR + ROW_GAP;
    let height = top + row * bars.len() as f64;
    let scale = max.unwrap_or(0.0).max(bars.iter().map(|b| b.value).fold(0.0, f64::max)).max(f64::EPSILON);
    let plot_w = WIDTH - VALUE_ROOM;
    let mut rows = Group::new().set("class", "chart-bars");
    for (i, b) in bars.iter().enumerate() {
        let y = top + row * i as f64;
        let width = plot_w * b.value.max(0.0) / scale;
        rows = rows
            .add(text(0.0, y + ROW_LABEL - 3.0, &b.label, "chart-label"))
            .add(bar(0.0, y + ROW_LABEL + 4.0, width, "chart-bar").set("fill", BLUE))
            .add(
                text(width + 5.0, y + ROW_LABEL + 4.0 + BAR - 3.0, &format_vi(b.value, decimals), "chart-value")
                    .set("font-weight", "bold")
                    .set("data-value", b.value),
            );
    }
    document(caption, height, "chart-bar-chart").add(rows).to_string()
}

/// One row of a paired bar chart.
#[derive(Debug, Clone)]
pub struct Pair {
    pub label: String,
    pub value: f64,
    /// The reference (e.g. what the plan requires), drawn as a hollow bar.
    pub reference: Option<f64>,
}

/// Rows of two bars: the value (filled) and its reference (hollow), so that
/// the two read apart without colour; a legend on top names them.
pub fn pair_chart(caption: &Caption, rows: &[Pair], value_name: &str, reference_name: &str) -> String {
    let top = 30.0;
    let row = ROW_LABEL + 4.0 + BAR * 2.0 + 3.0 + ROW_GAP;
    let height = top + row * rows.len() as f64;
    let scale = rows.iter().flat_map(|r| [Some(r.value), r.reference]).flatten().fold(0.0, f64::max).max(1.0);
    let plot_w = WIDTH - VALUE_ROOM;
    let hollow = |r: Rectangle| r.set("fill", "#ffffff").set("stroke", INK).set("stroke-width", 1.5);
    let legend = Group::new()
        .set("class", "chart-legend")
        .add(Rectangle::new().set("x", 0).set("y", 6).set("width", 14).set("height", 14).set("fill", BLUE).set("class", "chart-bar"))
        .add(text(20.0, 18.0, value_name, "chart-label"))
        .add(hollow(Rectangle::new().set("x", 180).set("y", 6.75).set("width", 12.5).set("height", 12.5)).set("class", "chart-bar-ref"))
        .add(text(200.0, 18.0, reference_name, "chart-label"));
    let mut bars = Group::new().set("class", "chart-bars");
    for (i, r) in rows.iter().enumerate() {
        let y = top + row * i as f64;
        let width = plot_w * r.value.max(0.0) / scale;
        let first = y + ROW_LABEL + 4.0;
        bars = bars
            .add(text(0.0, y + ROW_LABEL - 3.0, &r.label, "chart-label"))
            .add(bar(0.0, first, width, "chart-bar").set("fill", BLUE))
            .add(text(width + 5.0, first + BAR - 3.0, &format_vi(r.value, 0), "chart-value").set("data-value", r.value));
        if let Some(reference) = r.reference {
            let ref_width = plot_w * reference.max(0.0) / scale;
            let second = first + BAR + 3.0;
            bars = bars.add(hollow(bar(0.75, second + 0.75, ref_width - 1.5, "chart-bar-ref").set("height", BAR - 1.5))).add(
                text(ref_width + 5.0, second + BAR - 3.0, &format_vi(reference, 0), "chart-value chart-ref-value")
                    .set("data-value", reference),
            );
        }
    }
    document(caption, height, "chart-pair-chart").add(legend).add(bars).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(format_vi(88.13, 2), "88,13");
        assert_eq!(format_vi(89.6, 2), "89,60");
        assert_eq!(format_vi(9000.0, 0), "9.000");
        assert_eq!(format_vi(1234567.5, 1), "1.234.567,5");
        assert_eq!(format_vi(-0.5, 1), "-0,5");
        assert_eq!(format_vi(-0.0, 0), "0");
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(4.0), 1.0);
        assert_eq!(nice_step(3.2), 1.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(0.4), 0.1);
        assert_eq!(step_decimals(2.5), 1);
        assert_eq!(step_decimals(0.1), 1);
        assert_eq!(step_decimals(5.0), 0);
    }

    #[test]
    fn charts_have_no_style_and_a_title() {
        let caption = Caption { id: "c", title: "PAR <INDEX>", description: "Năm 2021: 88,13" };
        let points = [Datum { label: "2020".into(), value: 89.25 }, Datum { label: "2021".into(), value: 88.13 }];
        for svg in [
            line_chart(&caption, &points, 2, "%", Some(100.0)),
            bar_chart(&caption, &points, 2, Some(100.0)),
            pair_chart(&caption, &[Pair { label: "Quý I".into(), value: 3.0, reference: Some(11.0) }], "Đã thực hiện", "Yêu cầu"),
        ] {
            assert!(!svg.contains("style"), "{svg}");
            assert!(svg.contains("role=\"img\""));
            assert!(svg.contains("<title id=\"c-title\">PAR &lt;INDEX&gt;</title>"), "{svg}");
        }
    }
}
