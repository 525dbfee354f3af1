//! State-level data: UN General Assembly votes (Voeten, Strezhnev & Bailey), COW National
//! Material Capabilities (CINC) and ATOP alliance obligations, read from their CSV files and
//! turned into yearly, dyadic measures by pure functions.
//!
//! Vote similarity: the share of identical votes; Signorino & Ritter's (1999) S with votes coded
//! yes = 1, abstain = 2, no = 3 and d_max = 2 (S = 1 − mean |a − b|, in [−1, 1]); and Cohen's
//! kappa (Häge 2011), which corrects agreement for the chance agreement of each state's
//! marginal vote shares.

use crate::events::{DataError, Date};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Read a comma-separated file with a header, RFC 4180 quoting (fields may hold commas, `""`
/// and line breaks). `f` gets the 1-based line where each record starts and its fields.
pub fn read_csv<F>(path: &Path, mut f: F) -> Result<Vec<String>, DataError>
where
    F: FnMut(u64, &[String]) -> Result<(), String>,
{
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| DataError::file(&name, format!("cannot open: {e}")))?;
    let mut r = BufReader::with_capacity(1 << 18, file);
    let mut line = String::new();
    let mut fields: Vec<String> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut lineno = 0u64;
    loop {
        fields.clear();
        let start = lineno + 1;
        let mut cur = String::new();
        let mut in_quotes = false;
        let mut any = false;
        loop {
            line.clear();
            let n = r
                .read_line(&mut line)
                .map_err(|e| DataError::at(&name, lineno + 1, format!("read error: {e}")))?;
            if n == 0 {
                if in_quotes {
                    return Err(DataError::at(
                        &name,
                        start,
                        "quoted field not closed before end of file",
                    ));
                }
                break;
            }
            any = true;
            lineno += 1;
            let text = line.trim_end_matches(['\n', '\r']);
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match (in_quotes, c) {
                    (true, '"') if chars.peek() == Some(&'"') => {
                        cur.push('"');
                        chars.next();
                    }
                    (true, '"') => in_quotes = false,
                    (false, '"') if cur.is_empty() => in_quotes = true,
                    (false, ',') => fields.push(std::mem::take(&mut cur)),
                    _ => cur.push(c),
                }
            }
            if in_quotes {
                cur.push('\n');
            } else {
                break;
            }
        }
        if !any {
            break;
        }
        fields.push(cur);
        if fields.len() == 1 && fields[0].is_empty() {
            continue;
        }
        match &header {
            None => header = Some(fields.clone()),
            Some(h) => {
                if fields.len() != h.len() {
                    return Err(DataError::at(
                        &name,
                        start,
                        format!(
                            "{} fields, expected {} as in the header",
                            fields.len(),
                            h.len()
                        ),
                    ));
                }
                f(start, &fields).map_err(|m| DataError::at(&name, start, m))?;
            }
        }
    }
    header.ok_or_else(|| DataError::file(&name, "empty file"))
}

/// Column index by header name, from the header returned by a first pass.
fn columns(path: &Path, want: &[&str]) -> Result<Vec<usize>, DataError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| DataError::file(&name, format!("cannot open: {e}")))?;
    let mut first = String::new();
    BufReader::new(file)
        .read_line(&mut first)
        .map_err(|e| DataError::at(&name, 1, format!("read error: {e}")))?;
    let head: Vec<&str> = first
        .trim_end()
        .split(',')
        .map(|s| s.trim_matches('"'))
        .collect();
    want.iter()
        .map(|w| {
            head.iter()
                .position(|h| h == w)
                .ok_or_else(|| DataError::at(&name, 1, format!("no {w:?} column in the header")))
        })
        .collect()
}

/// An integer written as `2` or `2.0` (the peacesciencer CSVs write floats).
fn int(s: &str, what: &str) -> Result<i64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("{what} {s:?} is not a number"))?;
    if v.fract() != 0.0 || !v.is_finite() {
        return Err(format!("{what} {s:?} is not a whole number"));
    }
    Ok(v as i64)
}

fn opt_float(s: &str, what: &str) -> Result<Option<f64>, String> {
    match s.trim() {
        "" | "NA" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| format!("{what} {s:?} is not a number")),
    }
}

/// A UN General Assembly vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    Yes = 1,
    Abstain = 2,
    No = 3,
}

/// One roll call of the General Assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct RollCall {
    pub rcid: u32,
    pub session: u16,
    /// Marked important by the US State Department; None where the data leave it empty.
    pub important: Option<bool>,
    pub date: Date,
}

/// Read `un_roll_calls.csv` (rcid, session, importantvote, date, …).
pub fn read_un_roll_calls(path: &Path) -> Result<Vec<RollCall>, DataError> {
    let c = columns(path, &["rcid", "session", "importantvote", "date"])?;
    let mut out = Vec::new();
    read_csv(path, |_, f| {
        let d = &f[c[3]];
        let date = (d.len() == 10)
            .then(|| {
                Some(Date::new(
                    d[0..4].parse().ok()?,
                    d[5..7].parse().ok()?,
                    d[8..10].parse().ok()?,
                ))
            })
            .flatten()
            .flatten()
            .ok_or_else(|| format!("date {d:?} is not YYYY-MM-DD"))?;
        out.push(RollCall {
            rcid: int(&f[c[0]], "rcid")? as u32,
            session: int(&f[c[1]], "session")? as u16,
            important: opt_float(&f[c[2]], "importantvote")?.map(|v| v != 0.0),
            date,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Votes of every state, by roll call.
#[derive(Debug, Clone, Default)]
pub struct UnVotes {
    /// State key (ISO alpha-2 as in the data, or the country name where the code is empty, as
    /// for the Yemen Arab Republic) → (rcid, vote), sorted by rcid.
    pub by_state: HashMap<String, Vec<(u32, Vote)>>,
}

/// Read `un_votes.csv` (rcid, country, country_code, vote ∈ yes/no/abstain).
pub fn read_un_votes(path: &Path) -> Result<UnVotes, DataError> {
    let c = columns(path, &["rcid", "country", "country_code", "vote"])?;
    let mut v = UnVotes::default();
    read_csv(path, |_, f| {
        let vote = match f[c[3]].as_str() {
            "yes" => Vote::Yes,
            "no" => Vote::No,
            "abstain" => Vote::Abstain,
            other => return Err(format!("vote {other:?} is not yes, no or abstain")),
        };
        let key = if f[c[2]].is_empty() {
            &f[c[1]]
        } else {
            &f[c[2]]
        };
        v.by_state
            .entry(key.clone())
            .or_default()
            .push((int(&f[c[0]], "rcid")? as u32, vote));
        Ok(())
    })?;
    for list in v.by_state.values_mut() {
        list.sort_unstable_by_key(|x| x.0);
    }
    Ok(v)
}

/// Vote similarity of two states over the roll calls of one calendar year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Agreement {
    /// Roll calls where both voted yes, no or abstain.
    pub n_joint: u32,
    /// Share of identical votes.
    pub agree: f64,
    /// Signorino–Ritter S, in [−1, 1].
    pub s: f64,
    /// Cohen's kappa (NaN when both states cast one kind of vote only).
    pub kappa: f64,
}

/// Agreement of states `a` and `b` (keys of [`UnVotes::by_state`]) in calendar `year`; None
/// when they shared no roll call that year.
pub fn agreement(
    votes: &UnVotes,
    roll_calls: &[RollCall],
    year: u16,
    a: &str,
    b: &str,
) -> Option<Agreement> {
    let year_of: HashMap<u32, u16> = roll_calls.iter().map(|r| (r.rcid, r.date.year)).collect();
    let (va, vb) = (votes.by_state.get(a)?, votes.by_state.get(b)?);
    let (mut i, mut j) = (0, 0);
    let (mut n, mut same, mut dist) = (0u32, 0u32, 0u32);
    let mut ma = [0u32; 3];
    let mut mb = [0u32; 3];
    while i < va.len() && j < vb.len() {
        match va[i].0.cmp(&vb[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if year_of.get(&va[i].0) == Some(&year) {
                    let (x, y) = (va[i].1 as u32, vb[j].1 as u32);
                    n += 1;
                    same += (x == y) as u32;
                    dist += x.abs_diff(y);
                    ma[x as usize - 1] += 1;
                    mb[y as usize - 1] += 1;
                }
                i += 1;
                j += 1;
            }
        }
    }
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let p_o = same as f64 / nf;
    let p_e: f64 = (0..3).map(|k| ma[k] as f64 * mb[k] as f64).sum::<f64>() / (nf * nf);
    Some(Agreement {
        n_joint: n,
        agree: p_o,
        // S = 1 − 2·d/d_max with d the mean distance and d_max = 2.
        s: 1.0 - dist as f64 / nf,
        kappa: if p_e < 1.0 {
            (p_o - p_e) / (1.0 - p_e)
        } else {
            f64::NAN
        },
    })
}

/// One COW National Material Capabilities country-year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capability {
    pub ccode: u16,
    pub year: u16,
    /// Composite Index of National Capability (Singer, Bremer & Stuckey 1972).
    pub cinc: Option<f64>,
    pub milex: Option<f64>,
    pub milper: Option<f64>,
    pub tpop: Option<f64>,
}

/// Read `cow_nmc.csv` (ccode, year, milex, milper, irst, pec, tpop, upop, cinc).
pub fn read_cow_nmc(path: &Path) -> Result<Vec<Capability>, DataError> {
    let c = columns(path, &["ccode", "year", "milex", "milper", "tpop", "cinc"])?;
    let mut out = Vec::new();
    read_csv(path, |_, f| {
        out.push(Capability {
            ccode: int(&f[c[0]], "ccode")? as u16,
            year: int(&f[c[1]], "year")? as u16,
            milex: opt_float(&f[c[2]], "milex")?,
            milper: opt_float(&f[c[3]], "milper")?,
            tpop: opt_float(&f[c[4]], "tpop")?,
            cinc: opt_float(&f[c[5]], "cinc")?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// CINC of a state in a year.
pub fn cinc(nmc: &[Capability], ccode: u16, year: u16) -> Option<f64> {
    nmc.iter()
        .find(|r| r.ccode == ccode && r.year == year)?
        .cinc
}

/// ATOP alliance obligations of a directed dyad-year (Leeds et al. 2002; ATOP 5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AtopObligations {
    pub ccode1: u16,
    pub ccode2: u16,
    pub year: u16,
    pub defense: bool,
    pub offense: bool,
    pub neutral: bool,
    pub nonagg: bool,
    pub consul: bool,
}

/// Read ATOP dyad-years (`atop_alliance.csv`: ccode1, ccode2, year, atop_defense, …).
pub fn read_atop(path: &Path) -> Result<Vec<AtopObligations>, DataError> {
    let names = [
        "ccode1",
        "ccode2",
        "year",
        "atop_defense",
        "atop_offense",
        "atop_neutral",
        "atop_nonagg",
        "atop_consul",
    ];
    let c = columns(path, &names)?;
    let mut out = Vec::new();
    read_csv(path, |_, f| {
        let flag = |k: usize| int(&f[c[k]], names[k]).map(|v| v != 0);
        out.push(AtopObligations {
            ccode1: int(&f[c[0]], "ccode1")? as u16,
            ccode2: int(&f[c[1]], "ccode2")? as u16,
            year: int(&f[c[2]], "year")? as u16,
            defense: flag(3)?,
            offense: flag(4)?,
            neutral: flag(5)?,
            nonagg: flag(6)?,
            consul: flag(7)?,
        });
        Ok(())
    })?;
    Ok(out)
}

/// Obligations of `a` towards `b` in `year`; all false when ATOP lists no alliance. None
/// when the year is beyond the data.
pub fn atop_obligations(
    atop: &[AtopObligations],
    a: u16,
    b: u16,
    year: u16,
) -> Option<AtopObligations> {
    let last = atop.iter().map(|r| r.year).max()?;
    if year > last {
        return None;
    }
    Some(
        atop.iter()
            .find(|r| r.ccode1 == a && r.ccode2 == b && r.year == year)
            .copied()
            .unwrap_or(AtopObligations {
                ccode1: a,
                ccode2: b,
                year,
                ..Default::default()
            }),
    )
}
