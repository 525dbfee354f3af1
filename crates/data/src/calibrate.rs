//! A scenario fragment from real data: capabilities (COW CINC), baseline relations (UN vote
//! affinity, ATOP defence pacts and, where events are given, their tone) and per-dyad monthly
//! rates of each quad class. Every number is written as `{ value = X, source = "..." }`.
//!
//! The baseline of a directed relation is our convention, not a published measure: the mean of
//! the signals available for the dyad, each in [−1, 1]: Signorino–Ritter S of the year's UN
//! votes; +1 when ATOP lists a defence obligation (no pact adds nothing: absence of an alliance
//! is not hostility); the mean Goldstein score of the dyad's events divided by 10.

use crate::countries::countries;
use crate::events::{CountryCode, Date, Event};
use crate::states::{
    agreement, atop_obligations, cinc, AtopObligations, Capability, RollCall, UnVotes,
};
use std::collections::HashMap;
use std::fmt::Write;

/// Average days per month (365.2425 / 12), to turn a span of days into months.
pub const DAYS_PER_MONTH: f64 = 30.436875;

/// Counts of directed events among the actors, summed over event files.
#[derive(Debug, Clone, Default)]
pub struct EventTally {
    pub files: Vec<String>,
    /// (src, tgt) → (events per quad class 1-4, Goldstein sum).
    pub dyads: HashMap<(CountryCode, CountryCode), ([u64; 4], f64)>,
    /// Earliest and latest date of any event read.
    pub first: Option<Date>,
    pub last: Option<Date>,
}

impl EventTally {
    /// Count one event (every event widens the date span; dyadic ones are tallied).
    pub fn add(&mut self, ev: &Event) {
        self.first = Some(self.first.map_or(ev.date, |d| d.min(ev.date)));
        self.last = Some(self.last.map_or(ev.date, |d| d.max(ev.date)));
        if let (Some(s), Some(t)) = (ev.src, ev.tgt) {
            if s != t {
                let e = self.dyads.entry((s, t)).or_default();
                e.0[(ev.quad.clamp(1, 4) - 1) as usize] += 1;
                e.1 += ev.goldstein;
            }
        }
    }

    /// Days covered, first to last inclusive.
    pub fn days(&self) -> Option<i64> {
        Some(self.last?.day_number() - self.first?.day_number() + 1)
    }
}

/// Inputs of a calibration.
pub struct CalibrationData<'a> {
    pub year: u16,
    /// CAMEO codes of the actors ("USA", "PRK", …).
    pub actors: &'a [String],
    pub votes: &'a UnVotes,
    pub roll_calls: &'a [RollCall],
    pub nmc: &'a [Capability],
    pub atop: &'a [AtopObligations],
    pub events: Option<&'a EventTally>,
}

fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

fn sourced(value: f64, source: &str) -> String {
    format!("{{ value = {value:?}, source = {} }}", quote(source))
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The fragment as TOML text, or a one-line reason it cannot be made.
pub fn fragment(d: &CalibrationData) -> Result<String, String> {
    let cw = countries();
    let mut ids = Vec::new();
    for a in d.actors {
        let c = cw
            .by_cameo(a)
            .ok_or_else(|| format!("actor {a:?} is not a CAMEO country code"))?;
        let cc = c
            .cow_ccode
            .ok_or_else(|| format!("actor {a} ({}) has no Correlates of War code", c.name))?;
        if c.un_iso2.is_empty() {
            return Err(format!("actor {a} ({}) has no UN votes code", c.name));
        }
        ids.push((a.as_str(), c, cc));
    }
    let last_nmc = d.nmc.iter().map(|r| r.year).max().unwrap_or(0);
    let y = d.year;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Scenario fragment written by `intrigue calibrate --year {y}`."
    );
    let _ = writeln!(
        out,
        "# Every number is {{ value, source }}. Baseline = mean of the available signals:"
    );
    let _ = writeln!(
        out,
        "# UN vote affinity S, +1 for an ATOP defence pact, event Goldstein mean / 10."
    );
    for (id, c, cc) in &ids {
        let v = cinc(d.nmc, *cc, y).ok_or_else(|| {
            format!("COW NMC has no cinc for {id} (ccode {cc}) in {y}; the data end in {last_nmc}")
        })?;
        let _ = writeln!(
            out,
            "\n[[actors]]\nid = {}\nname = {}",
            quote(id),
            quote(c.name)
        );
        let _ = writeln!(
            out,
            "capability = {}",
            sourced(v, &format!("COW NMC 7.0, cinc, ccode {cc}, {y}"))
        );
    }
    let tally = d.events;
    for (a, ca, cca) in &ids {
        for (b, cb, ccb) in &ids {
            if a == b {
                continue;
            }
            let mut signals: Vec<(f64, String)> = Vec::new();
            let ag = agreement(d.votes, d.roll_calls, y, ca.un_iso2, cb.un_iso2);
            let _ = writeln!(
                out,
                "\n[[relations]]\nfrom = {}\nto = {}",
                quote(a),
                quote(b)
            );
            let mut body = String::new();
            if let Some(g) = ag {
                let src = format!(
                    "UNGA votes (Voeten, Strezhnev & Bailey) {y}: {} joint roll calls",
                    g.n_joint
                );
                let _ = writeln!(
                    body,
                    "vote_agreement = {}",
                    sourced(round6(g.agree), &format!("{src}, share identical"))
                );
                let _ = writeln!(
                    body,
                    "vote_affinity_s = {}",
                    sourced(
                        round6(g.s),
                        &format!("{src}, Signorino-Ritter S (1999), yes/abstain/no = 1/2/3")
                    )
                );
                if g.kappa.is_finite() {
                    let _ = writeln!(
                        body,
                        "vote_kappa = {}",
                        sourced(
                            round6(g.kappa),
                            &format!("{src}, Cohen's kappa (Hage 2011)")
                        )
                    );
                }
                signals.push((g.s, format!("S {:.4}", g.s)));
            }
            if let Some(o) = atop_obligations(d.atop, *cca, *ccb, y) {
                let src = |col: &str| format!("ATOP 5.1 {col}, ccode1 {cca} ccode2 {ccb}, {y}");
                let _ = writeln!(
                    body,
                    "alliance = {}",
                    sourced(o.defense as u8 as f64, &src("atop_defense"))
                );
                let _ = writeln!(
                    body,
                    "alliance_offense = {}",
                    sourced(o.offense as u8 as f64, &src("atop_offense"))
                );
                let _ = writeln!(
                    body,
                    "alliance_neutrality = {}",
                    sourced(o.neutral as u8 as f64, &src("atop_neutral"))
                );
                let _ = writeln!(
                    body,
                    "alliance_nonaggression = {}",
                    sourced(o.nonagg as u8 as f64, &src("atop_nonagg"))
                );
                let _ = writeln!(
                    body,
                    "alliance_consultation = {}",
                    sourced(o.consul as u8 as f64, &src("atop_consul"))
                );
                if o.defense {
                    signals.push((1.0, "defence pact +1".into()));
                }
            } else {
                let _ = writeln!(body, "# no ATOP data for {y} (ATOP 5.1 ends in 2018)");
            }
            if let Some(t) = tally {
                let key = (ca_code(a), ca_code(b));
                if let Some((q, gsum)) = t.dyads.get(&key) {
                    let n: u64 = q.iter().sum();
                    let tone = gsum / n as f64 / 10.0;
                    let _ = writeln!(
                        body,
                        "event_tone = {}",
                        sourced(
                            round6(tone),
                            &format!(
                                "mean Goldstein / 10 over {n} events {a}->{b} in {}",
                                t.files.join(" ")
                            )
                        )
                    );
                    signals.push((tone, format!("tone {tone:.4}")));
                }
            }
            if !signals.is_empty() {
                let v = signals.iter().map(|s| s.0).sum::<f64>() / signals.len() as f64;
                let parts: Vec<&str> = signals.iter().map(|s| s.1.as_str()).collect();
                let _ = writeln!(
                    out,
                    "baseline = {}",
                    sourced(
                        round6(v),
                        &format!(
                            "mean of [{}] (intrigue calibrate convention)",
                            parts.join(", ")
                        )
                    )
                );
            }
            out.push_str(&body);
        }
    }
    if let Some(t) = tally {
        let days = t.days().unwrap_or(0);
        if days > 0 {
            let months = days as f64 / DAYS_PER_MONTH;
            for (a, _, _) in &ids {
                for (b, _, _) in &ids {
                    if a == b {
                        continue;
                    }
                    let q = t
                        .dyads
                        .get(&(ca_code(a), ca_code(b)))
                        .map(|x| x.0)
                        .unwrap_or([0; 4]);
                    for (k, n) in q.iter().enumerate() {
                        let _ = writeln!(
                            out,
                            "\n[[event_rates]]\nfrom = {}\nto = {}\nquad = {}\nper_month = {}",
                            quote(a),
                            quote(b),
                            k + 1,
                            sourced(
                                round6(*n as f64 / months),
                                &format!(
                                    "{n} quad-{} events {a}->{b} over {days} days ({} to {}) in {}",
                                    k + 1,
                                    fmt_date(t.first),
                                    fmt_date(t.last),
                                    t.files.join(" ")
                                )
                            )
                        );
                    }
                }
            }
        }
    }
    Ok(out)
}

fn fmt_date(d: Option<Date>) -> String {
    d.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
        .unwrap_or_default()
}

fn ca_code(a: &str) -> CountryCode {
    let b = a.as_bytes();
    [
        b.first().copied().unwrap_or(b' '),
        b.get(1).copied().unwrap_or(b' '),
        b.get(2).copied().unwrap_or(b' '),
    ]
}
