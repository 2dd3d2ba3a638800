//! Reform indices (contract §7): `content/indices.yaml` parsed and validated
//! into [`ReformIndex`]es: published scores (PAR INDEX, SIPAS, PAPI…) of the
//! city and its units, by year.
//!
//! Input: the file's text and the site's configuration (unit keys).
//! Output: [`Indices`] or positioned diagnostics. No file I/O here.

mod load;

pub use load::parse_indices;

/// Where the indices are, relative to the site root.
pub const INDICES_PATH: &str = "content/indices.yaml";

/// One value of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: i32,
    pub value: f64,
}

/// A unit's values, oldest year first.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSeries {
    /// Index into `Config::units`.
    pub unit: usize,
    pub values: Vec<Point>,
}

/// One published index.
#[derive(Debug, Clone, PartialEq)]
pub struct ReformIndex {
    pub key: String,
    pub name: String,
    /// What a value is: "%", "điểm" …
    pub scale: String,
    pub max: Option<f64>,
    pub higher_is_better: bool,
    pub source: String,
    pub source_url: Option<String>,
    /// The values are illustrative, not published figures.
    pub sample: bool,
    /// The city's values, oldest year first.
    pub city: Vec<Point>,
    /// The city's rank among provinces, oldest year first.
    pub rank: Vec<(i32, u32)>,
    /// In the order of the file.
    pub by_unit: Vec<UnitSeries>,
    /// Decimal places to show: the most any value was written with (at most 2).
    pub decimals: usize,
}

impl ReformIndex {
    /// The city's latest value and the one of the year before it, if any.
    pub fn latest(&self) -> Option<(Point, Option<Point>)> {
        let last = *self.city.last()?;
        let before = self.city.iter().rev().nth(1).copied().filter(|p| p.year == last.year - 1);
        Some((last, before))
    }

    /// The latest year any unit has a value for.
    pub fn latest_unit_year(&self) -> Option<i32> {
        self.by_unit.iter().filter_map(|s| s.values.last()).map(|p| p.year).max()
    }

    /// Units with a value in `year`, best first (ties in file order).
    pub fn ranked_units(&self, year: i32) -> Vec<(usize, f64)> {
        let mut units: Vec<(usize, f64)> =
            self.by_unit.iter().filter_map(|s| s.values.iter().find(|p| p.year == year).map(|p| (s.unit, p.value))).collect();
        if self.higher_is_better {
            units.sort_by(|a, b| b.1.total_cmp(&a.1));
        } else {
            units.sort_by(|a, b| a.1.total_cmp(&b.1));
        }
        units
    }

    pub fn rank_in(&self, year: i32) -> Option<u32> {
        self.rank.iter().find(|(y, _)| *y == year).map(|(_, r)| *r)
    }

    pub fn unit_series(&self, unit: usize) -> Option<&UnitSeries> {
        self.by_unit.iter().find(|s| s.unit == unit)
    }
}

/// The validated file.
#[derive(Debug, Clone, Default)]
pub struct Indices {
    pub list: Vec<ReformIndex>,
    /// Hash of the file's text, so that cached pages that draw an index are
    /// rendered again when it changes.
    pub hash: u64,
}

impl Indices {
    pub fn get(&self, key: &str) -> Option<&ReformIndex> {
        self.list.iter().find(|i| i.key == key)
    }

    pub fn position(&self, key: &str) -> Option<usize> {
        self.list.iter().position(|i| i.key == key)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
