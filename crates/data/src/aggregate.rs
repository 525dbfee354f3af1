//! Directed dyad aggregates of events by day or month, in the exact columns and number
//! formats of the golden files `DERIVED_*_six_dyad_day.csv`.
//!
//! Rules: interstate events only (source and target countries present and different),
//! optionally only among a list of countries; per (date, src, tgt): event count, Goldstein sum
//! and mean, counts per quad class, weight sum and weight-averaged Goldstein; sums and means
//! printed with 4 decimals; rows sorted by date, src, tgt. Sums run in file order. Line ends are
//! a choice: the GDELT goldens end lines with CRLF (Python's csv module), the ICEWS one with LF.

use crate::events::{CountryCode, Date, DateStyle, Event};
use std::collections::HashMap;
use std::fmt::Write;

/// The CSV header of the aggregates.
pub const HEADER: &str = "date,src,tgt,n_events,goldstein_sum,goldstein_mean,n_q1_verbal_coop,n_q2_material_coop,n_q3_verbal_conflict,n_q4_material_conflict,weight_sum,goldstein_weighted_mean";

/// Aggregation period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Day,
    Month,
}

/// Running totals of one directed dyad in one period.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cell {
    pub n_events: u64,
    pub goldstein_sum: f64,
    pub quad: [u64; 4],
    pub weight_sum: u64,
    pub weighted_goldstein_sum: f64,
}

impl Cell {
    pub fn goldstein_mean(&self) -> f64 {
        self.goldstein_sum / self.n_events as f64
    }
    /// None when every weight is 0.
    pub fn goldstein_weighted_mean(&self) -> Option<f64> {
        (self.weight_sum > 0).then(|| self.weighted_goldstein_sum / self.weight_sum as f64)
    }
}

/// Aggregates events into directed dyad-periods.
#[derive(Debug, Clone)]
pub struct DyadAggregator {
    period: Period,
    /// Sorted; empty = every country.
    countries: Vec<CountryCode>,
    style: Option<DateStyle>,
    cells: HashMap<(u32, CountryCode, CountryCode), Cell>,
    first: Option<Date>,
    last: Option<Date>,
}

impl DyadAggregator {
    /// `countries`: keep only dyads with both ends in the list (empty keeps all).
    pub fn new(period: Period, countries: &[CountryCode]) -> Self {
        let mut c = countries.to_vec();
        c.sort_unstable();
        c.dedup();
        DyadAggregator {
            period,
            countries: c,
            style: None,
            cells: HashMap::new(),
            first: None,
            last: None,
        }
    }

    /// The date style of the output; the first call wins (files of mixed layouts print in the
    /// style of the first).
    pub fn set_style(&mut self, style: DateStyle) {
        self.style.get_or_insert(style);
    }

    fn keep(&self, c: &CountryCode) -> bool {
        self.countries.is_empty() || self.countries.binary_search(c).is_ok()
    }

    /// Add one event; returns whether it entered a dyad.
    #[inline]
    pub fn add(&mut self, ev: &Event) -> bool {
        self.first = Some(self.first.map_or(ev.date, |d| d.min(ev.date)));
        self.last = Some(self.last.map_or(ev.date, |d| d.max(ev.date)));
        let (Some(src), Some(tgt)) = (ev.src, ev.tgt) else {
            return false;
        };
        if src == tgt || !self.keep(&src) || !self.keep(&tgt) {
            return false;
        }
        let d = ev.date;
        let key = match self.period {
            Period::Day => d.year as u32 * 10000 + d.month as u32 * 100 + d.day as u32,
            Period::Month => d.year as u32 * 100 + d.month as u32,
        };
        let cell = self.cells.entry((key, src, tgt)).or_default();
        cell.n_events += 1;
        cell.goldstein_sum += ev.goldstein;
        cell.quad[(ev.quad.clamp(1, 4) - 1) as usize] += 1;
        cell.weight_sum += ev.weight;
        cell.weighted_goldstein_sum += ev.goldstein * ev.weight as f64;
        true
    }

    /// Earliest and latest event date seen (all events, dyadic or not).
    pub fn date_range(&self) -> Option<(Date, Date)> {
        self.first.zip(self.last)
    }

    /// Cells sorted by period, source, target. The period key is `YYYYMMDD` or `YYYYMM`.
    pub fn rows(&self) -> Vec<(u32, CountryCode, CountryCode, Cell)> {
        let mut v: Vec<_> = self
            .cells
            .iter()
            .map(|(&(k, s, t), c)| (k, s, t, *c))
            .collect();
        v.sort_unstable_by_key(|a| (a.0, a.1, a.2));
        v
    }

    fn date_text(&self, key: u32, out: &mut String) {
        let iso = self.style == Some(DateStyle::Iso);
        let _ = match (self.period, iso) {
            (Period::Day, false) => write!(out, "{key:08}"),
            (Period::Day, true) => write!(
                out,
                "{:04}-{:02}-{:02}",
                key / 10000,
                key / 100 % 100,
                key % 100
            ),
            (Period::Month, false) => write!(out, "{key:06}"),
            (Period::Month, true) => write!(out, "{:04}-{:02}", key / 100, key % 100),
        };
    }

    /// The aggregates as CSV text, header first; `crlf` ends lines with CR LF instead of LF.
    pub fn to_csv(&self, crlf: bool) -> String {
        let eol = if crlf { "\r\n" } else { "\n" };
        let rows = self.rows();
        let mut out = String::with_capacity(64 + rows.len() * 96);
        out.push_str(HEADER);
        out.push_str(eol);
        for (key, s, t, c) in rows {
            self.date_text(key, &mut out);
            let code = |x: CountryCode| String::from_utf8_lossy(&x).into_owned();
            let wmean = c
                .goldstein_weighted_mean()
                .map(|m| format!("{m:.4}"))
                .unwrap_or_default();
            let _ = write!(
                out,
                ",{},{},{},{:.4},{:.4},{},{},{},{},{},{}{eol}",
                code(s),
                code(t),
                c.n_events,
                c.goldstein_sum,
                c.goldstein_mean(),
                c.quad[0],
                c.quad[1],
                c.quad[2],
                c.quad[3],
                c.weight_sum,
                wmean
            );
        }
        out
    }
}

/// Parse a comma-separated list of three-letter country codes ("USA,CHN,PRK").
pub fn parse_country_list(s: &str) -> Result<Vec<CountryCode>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| match c.as_bytes() {
            [a, b, d] if c.bytes().all(|x| x.is_ascii_alphanumeric()) => Ok([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                d.to_ascii_uppercase(),
            ]),
            _ => Err(format!(
                "country code {c:?} is not a three-letter CAMEO code"
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(
        date: (u16, u8, u8),
        src: &[u8; 3],
        tgt: &[u8; 3],
        quad: u8,
        g: f64,
        w: u64,
    ) -> Event<'static> {
        Event {
            line: 1,
            date: Date::new(date.0, date.1, date.2).unwrap(),
            src: Some(*src),
            tgt: Some(*tgt),
            code: "010",
            quad,
            goldstein: g,
            weight: w,
        }
    }

    #[test]
    fn months_sum_days_and_self_dyads_are_dropped() {
        let mut a = DyadAggregator::new(Period::Month, &parse_country_list("usa,prk").unwrap());
        a.set_style(DateStyle::Iso);
        assert!(a.add(&ev((2017, 8, 1), b"USA", b"PRK", 3, -4.0, 2)));
        assert!(a.add(&ev((2017, 8, 30), b"USA", b"PRK", 1, 1.0, 0)));
        assert!(!a.add(&ev((2017, 8, 30), b"USA", b"USA", 1, 1.0, 1)));
        assert!(!a.add(&ev((2017, 9, 2), b"USA", b"CHN", 1, 1.0, 1)));
        assert!(a.add(&ev((2017, 9, 2), b"PRK", b"USA", 4, -10.0, 0)));
        let csv = a.to_csv(false);
        let rows: Vec<&str> = csv.lines().skip(1).collect();
        assert_eq!(
            rows,
            vec![
                "2017-08,USA,PRK,2,-3.0000,-1.5000,1,0,1,0,2,-4.0000",
                "2017-09,PRK,USA,1,-10.0000,-10.0000,0,0,0,1,0,"
            ]
        );
        let first = Date::new(2017, 8, 1);
        assert_eq!(a.date_range(), first.zip(Date::new(2017, 9, 2)));
    }
}
