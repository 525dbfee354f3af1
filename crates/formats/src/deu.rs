//! Reader of the DEU III data (Decision-making in the European Union, Arregui & Perarnaud 2022)
//! in the tab-separated layout of `shared/data/deu/`, and of the EU Council voting weights used to
//! give its actors a capability.
//!
//! DEU layout: a header of quoted column names; an optional second row of GDP figures (blank
//! issue id) that is skipped; then one row per issue with `prnr` (proposal id), `isnr` (issue id),
//! `intro` (introduction date), `p<actor>` positions and `s<actor>` saliences on 0-100, `rp`
//! (reference point) and `out` (outcome). An actor is any `<a>` with both `p<a>` and `s<a>`.
//!
//! An issue is scoreable when its outcome lies in [0, 100] and at least 3 actors have a position
//! and a salience > 0; other rows are skipped and counted by reason. Malformed cells (text where a
//! number belongs, values outside 0-100, ragged rows) are errors naming the line and the field.

use crate::InputError;
use std::collections::BTreeMap;
use std::path::Path;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One actor's stance on an issue, on DEU's 0-100 scales.
#[derive(Clone, Debug, PartialEq)]
pub struct Stance {
    /// DEU actor code: `com`, `ep`, or a member state (`de`, `fr`, ...).
    pub actor: String,
    pub position: f64,
    pub salience: f64,
}

/// A scoreable issue.
#[derive(Clone, Debug, PartialEq)]
pub struct Issue {
    /// 1-based line in the file.
    pub line: usize,
    pub proposal: String,
    pub issue: String,
    /// Legislative procedure (`COD`, `CNS`), empty if the column is absent.
    pub procedure: String,
    /// Introduction date, if it could be read (see [`parse_date`]).
    pub intro: Option<Date>,
    /// Actors with a position and a salience > 0, in column order.
    pub stances: Vec<Stance>,
    /// Reference point (status quo), 0-100.
    pub rp: Option<f64>,
    /// The decision outcome, 0-100.
    pub outcome: f64,
}

/// The result of reading a DEU file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct DeuData {
    pub issues: Vec<Issue>,
    /// Rows read (excluding the header and the GDP row).
    pub rows: usize,
    /// Skipped rows per reason.
    pub skipped: BTreeMap<String, usize>,
    /// Each skipped row: line, issue id, reason.
    pub skipped_rows: Vec<(usize, String, String)>,
    /// Dates read as spreadsheet artefacts and repaired (see [`parse_date`]).
    pub dates_repaired: usize,
}

pub const SKIP_NO_OUTCOME: &str = "no outcome";
pub const SKIP_OUTCOME_RANGE: &str = "outcome outside 0-100";
pub const SKIP_FEW_ACTORS: &str = "fewer than 3 actors with a position and a salience > 0";

/// Reads a DEU file.
pub fn read_deu(path: &Path) -> Result<DeuData, InputError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(&name, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::file(
            &name,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    parse_deu(&text, &name)
}

fn unquote(s: &str) -> &str {
    let s = s.trim_end_matches('\r');
    let t = s.trim();
    t.strip_prefix('"')
        .and_then(|u| u.strip_suffix('"'))
        .unwrap_or(t)
}

/// Parses DEU text; `file` names it in errors.
pub fn parse_deu(text: &str, file: &str) -> Result<DeuData, InputError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<String> = match lines.next() {
        Some((_, l)) => l.split('\t').map(|c| unquote(c).to_string()).collect(),
        None => return Err(InputError::file(file, "empty file: expected a header row")),
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| InputError::at(file, 1, format!("missing column \"{name}\"")))
    };
    let (c_prnr, c_isnr, c_intro, c_rp, c_out) = (
        need("prnr")?,
        need("isnr")?,
        need("intro")?,
        need("rp")?,
        need("out")?,
    );
    let c_proc = col("proc");
    // Actors: every `p<a>` with a matching `s<a>`.
    let actors: Vec<(String, usize, usize)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let a = h.strip_prefix('p')?;
            let s = col(&format!("s{a}"))?;
            (!a.is_empty()).then(|| (a.to_string(), i, s))
        })
        .collect();
    if actors.is_empty() {
        return Err(InputError::at(
            file,
            1,
            "no actor columns (pairs p<actor>, s<actor>)",
        ));
    }

    let mut data = DeuData::default();
    for (idx, raw) in lines {
        let line = idx + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = raw.split('\t').map(unquote).collect();
        if f.len() != header.len() {
            return Err(InputError::at(
                file,
                line,
                format!(
                    "expected {} tab-separated fields as in the header, found {}",
                    header.len(),
                    f.len()
                ),
            ));
        }
        let isnr = f[c_isnr];
        if line == 2 && isnr.is_empty() {
            continue; // the GDP row of this layout
        }
        data.rows += 1;
        // A number in [0, 100] or blank; anything else is an error at this field.
        let num = |c: usize| -> Result<Option<f64>, InputError> {
            let v = f[c];
            if v.is_empty() {
                return Ok(None);
            }
            let x: f64 = v.parse().map_err(|_| {
                InputError::at_col(
                    file,
                    line,
                    c + 1,
                    format!("{}: not a number: \"{v}\"", header[c]),
                )
            })?;
            if !(0.0..=100.0).contains(&x) {
                return Err(InputError::at_col(
                    file,
                    line,
                    c + 1,
                    format!("{}: {v} is outside 0-100", header[c]),
                ));
            }
            Ok(Some(x))
        };
        let skip = |reason: &str, data: &mut DeuData| {
            *data.skipped.entry(reason.to_string()).or_default() += 1;
            data.skipped_rows
                .push((line, isnr.to_string(), reason.to_string()));
        };
        let mut stances = Vec::new();
        for (a, pc, sc) in &actors {
            let (p, s) = (num(*pc)?, num(*sc)?);
            if let (Some(position), Some(salience)) = (p, s) {
                if salience > 0.0 {
                    stances.push(Stance {
                        actor: a.clone(),
                        position,
                        salience,
                    });
                }
            }
        }
        let rp = num(c_rp)?;
        // The outcome may lie outside 0-100 (a skip, not an error), so read it separately.
        let out_raw = f[c_out];
        let outcome = if out_raw.is_empty() {
            skip(SKIP_NO_OUTCOME, &mut data);
            continue;
        } else {
            let x: f64 = out_raw.parse().map_err(|_| {
                InputError::at_col(
                    file,
                    line,
                    c_out + 1,
                    format!("out: not a number: \"{out_raw}\""),
                )
            })?;
            if !(0.0..=100.0).contains(&x) {
                skip(SKIP_OUTCOME_RANGE, &mut data);
                continue;
            }
            x
        };
        if stances.len() < 3 {
            skip(SKIP_FEW_ACTORS, &mut data);
            continue;
        }
        let proposal = f[c_prnr].to_string();
        let (intro, repaired) = match parse_date(f[c_intro], &proposal) {
            Some((d, r)) => (Some(d), r),
            None => (None, false),
        };
        data.dates_repaired += repaired as usize;
        data.issues.push(Issue {
            line,
            proposal,
            issue: isnr.to_string(),
            procedure: c_proc.map(|c| f[c].to_string()).unwrap_or_default(),
            intro,
            stances,
            rp,
            outcome,
        });
    }
    Ok(data)
}

fn two_digit_year(y: i32) -> i32 {
    if y >= 50 {
        1900 + y
    } else {
        2000 + y
    }
}

fn valid(year: i32, month: u32, day: u32) -> Option<Date> {
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
}

/// Reads an introduction date: `DD-MM-YY` (years 50-99 are 19xx, 00-49 20xx), `DD-MM-YYYY`, or
/// `YYYY-MM-DD`. The last form is, in this file, mostly a spreadsheet artefact: a `DD-MM-YY` date
/// read as `YY-MM-DD` and written back (`23-12-03` became `2023-12-03`). DEU proposal ids carry
/// the year of the proposal (`n03318`: 2003), so when an ISO date's year disagrees with the id's
/// and the swapped reading agrees, the swapped reading is taken and reported as repaired (the
/// second value). Returns `None` if the text is not a date.
pub fn parse_date(text: &str, proposal: &str) -> Option<(Date, bool)> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    if parts.len() != 3 {
        return None;
    }
    let n: Vec<i32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let widths: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    match widths.as_slice() {
        [2, 2, 2] => valid(two_digit_year(n[2]), n[1] as u32, n[0] as u32).map(|d| (d, false)),
        [2, 2, 4] => valid(n[2], n[1] as u32, n[0] as u32).map(|d| (d, false)),
        [4, 2, 2] => {
            let iso = valid(n[0], n[1] as u32, n[2] as u32);
            let swapped = valid(two_digit_year(n[2]), n[1] as u32, (n[0] % 100) as u32);
            let id_year = proposal_year(proposal);
            match (iso, swapped, id_year) {
                (Some(i), _, Some(y)) if i.year == y => Some((i, false)),
                (_, Some(s), Some(y)) if s.year == y => Some((s, true)),
                (Some(i), _, _) => Some((i, false)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The year a DEU proposal id encodes: a letter, then two digits of the year (`d00032`: 2000).
fn proposal_year(id: &str) -> Option<i32> {
    let b = id.as_bytes();
    if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1].is_ascii_digit() && b[2].is_ascii_digit()
    {
        Some(two_digit_year(((b[1] - b'0') * 10 + (b[2] - b'0')) as i32))
    } else {
        None
    }
}

/// DEU member-state codes and the country names used by the weights file.
pub const MEMBER_STATES: &[(&str, &str)] = &[
    ("at", "Austria"),
    ("be", "Belgium"),
    ("bu", "Bulgaria"),
    ("cr", "Croatia"),
    ("cy", "Cyprus"),
    ("cz", "Czech Republic"),
    ("dk", "Denmark"),
    ("ee", "Estonia"),
    ("fi", "Finland"),
    ("fr", "France"),
    ("de", "Germany"),
    ("el", "Greece"),
    ("hu", "Hungary"),
    ("ie", "Ireland"),
    ("it", "Italy"),
    ("lv", "Latvia"),
    ("lt", "Lithuania"),
    ("lu", "Luxembourg"),
    ("mt", "Malta"),
    ("nl", "Netherlands"),
    ("pl", "Poland"),
    ("pt", "Portugal"),
    ("ro", "Romania"),
    ("si", "Slovenia"),
    ("sk", "Slovakia"),
    ("es", "Spain"),
    ("se", "Sweden"),
    ("uk", "United Kingdom"),
];

/// Council voting-weight regimes in date order: (column of the weights file, first day in force).
/// Sources: the accession treaties (1981 Greece, 1986 Spain and Portugal, 1995 Austria, Finland,
/// Sweden); the 2003 Act of Accession, art. 26 (transitional weights from 1 May 2004); the Treaty
/// of Nice (weights from 1 November 2004); the Treaty of Lisbon, art. 16(4) TEU (double majority
/// from 1 November 2014), for which population is the capability.
pub const REGIMES: &[(&str, Date)] = &[
    (
        "eu9",
        Date {
            year: 1973,
            month: 1,
            day: 1,
        },
    ),
    (
        "eu10",
        Date {
            year: 1981,
            month: 1,
            day: 1,
        },
    ),
    (
        "eu12",
        Date {
            year: 1986,
            month: 1,
            day: 1,
        },
    ),
    (
        "eu15",
        Date {
            year: 1995,
            month: 1,
            day: 1,
        },
    ),
    (
        "eu25_bv",
        Date {
            year: 2004,
            month: 5,
            day: 1,
        },
    ),
    (
        "eu25_av",
        Date {
            year: 2004,
            month: 11,
            day: 1,
        },
    ),
    (
        "eu25_ap",
        Date {
            year: 2014,
            month: 11,
            day: 1,
        },
    ),
];

/// Index into [`REGIMES`] of the regime in force on `date`.
pub fn regime_at(date: Date) -> usize {
    REGIMES
        .iter()
        .rposition(|(_, from)| *from <= date)
        .unwrap_or(0)
}

/// Council voting weights per member state and regime.
#[derive(Clone, Debug, PartialEq)]
pub struct CouncilWeights {
    /// Per DEU code, one optional weight per entry of [`REGIMES`].
    pub weights: BTreeMap<String, Vec<Option<f64>>>,
}

impl CouncilWeights {
    /// A member's capability for a proposal introduced under regime `r`: its weight then, or, for
    /// a state that acceded during the negotiation (DEU records positions of acceding states),
    /// its weight in the first later regime that has one.
    pub fn member(&self, code: &str, r: usize) -> Option<f64> {
        let w = self.weights.get(code)?;
        w[r..].iter().flatten().next().copied()
    }

    /// The largest member weight under regime `r`.
    pub fn largest(&self, r: usize) -> Option<f64> {
        self.weights.values().filter_map(|w| w[r]).reduce(f64::max)
    }
}

/// Reads the Council weights file (columns `name` and one per regime of [`REGIMES`]; `NA` for
/// a state that was not a member).
pub fn read_council_weights(path: &Path) -> Result<CouncilWeights, InputError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(&name, format!("cannot read: {e}")))?;
    parse_council_weights(&text, &name)
}

/// Parses the Council weights CSV; `file` names it in errors.
pub fn parse_council_weights(text: &str, file: &str) -> Result<CouncilWeights, InputError> {
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, l)) => l.split(',').map(unquote).collect(),
        None => return Err(InputError::file(file, "empty file: expected a header row")),
    };
    let c_name = header
        .iter()
        .position(|h| *h == "name")
        .ok_or_else(|| InputError::at(file, 1, "missing column \"name\""))?;
    let cols: Vec<usize> = REGIMES
        .iter()
        .map(|(r, _)| {
            header
                .iter()
                .position(|h| h == r)
                .ok_or_else(|| InputError::at(file, 1, format!("missing column \"{r}\"")))
        })
        .collect::<Result<_, _>>()?;
    let mut weights = BTreeMap::new();
    for (idx, raw) in lines {
        let line = idx + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = raw.split(',').map(unquote).collect();
        if f.len() != header.len() {
            return Err(InputError::at(
                file,
                line,
                format!("expected {} fields, found {}", header.len(), f.len()),
            ));
        }
        let country = f[c_name];
        let code = MEMBER_STATES
            .iter()
            .find(|(_, n)| *n == country)
            .map(|(c, _)| c.to_string())
            .ok_or_else(|| {
                InputError::at_col(
                    file,
                    line,
                    c_name + 1,
                    format!("unknown member state \"{country}\""),
                )
            })?;
        let mut w = Vec::with_capacity(cols.len());
        for &c in &cols {
            let v = f[c];
            w.push(if v == "NA" || v.is_empty() {
                None
            } else {
                let x: f64 = v.parse().map_err(|_| {
                    InputError::at_col(
                        file,
                        line,
                        c + 1,
                        format!("{}: not a number: \"{v}\"", header[c]),
                    )
                })?;
                if !(x.is_finite() && x > 0.0) {
                    return Err(InputError::at_col(
                        file,
                        line,
                        c + 1,
                        format!("{}: weight must be positive, found {v}", header[c]),
                    ));
                }
                Some(x)
            });
        }
        weights.insert(code, w);
    }
    if weights.is_empty() {
        return Err(InputError::file(file, "no member states"));
    }
    Ok(CouncilWeights { weights })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "\"prnr\"\t\"isnr\"\t\"intro\"\t\"proc\"\t\"pa\"\t\"pb\"\t\"pc\"\t\"sa\"\t\"sb\"\t\"sc\"\t\"rp\"\t\"out\"";

    #[test]
    fn reads_issues_skips_the_gdp_row_and_counts_skips() {
        let text = format!(
            "{HEAD}\n\t\t\t\t1\t2\t3\t\t\t\t\t\n\
             \"d00001\"\t\"d00001i1\"\t\"26-01-00\"\t\"COD\"\t0\t50\t100\t10\t20\t30\t0\t40\n\
             \"d00001\"\t\"d00001i2\"\t\"26-01-00\"\t\"COD\"\t0\t50\t100\t10\t20\t0\t\t40\n\
             \"d00002\"\t\"d00002i1\"\t\"2023-12-03\"\t\"CNS\"\t0\t50\t100\t10\t20\t30\t\t\n\
             \"d00002\"\t\"d00002i2\"\t\"2002-12-03\"\t\"CNS\"\t0\t50\t100\t10\t20\t30\t\t140\n"
        );
        let d = parse_deu(&text, "x.tsv").unwrap();
        assert_eq!(d.rows, 4);
        assert_eq!(d.issues.len(), 1);
        let i = &d.issues[0];
        assert_eq!(
            (i.line, i.proposal.as_str(), i.issue.as_str()),
            (3, "d00001", "d00001i1")
        );
        assert_eq!(i.stances.len(), 3);
        assert_eq!(
            i.stances[2],
            Stance {
                actor: "c".into(),
                position: 100.0,
                salience: 30.0
            }
        );
        assert_eq!((i.rp, i.outcome), (Some(0.0), 40.0));
        assert_eq!(
            i.intro,
            Some(Date {
                year: 2000,
                month: 1,
                day: 26
            })
        );
        assert_eq!(d.skipped[SKIP_FEW_ACTORS], 1);
        assert_eq!(d.skipped[SKIP_NO_OUTCOME], 1);
        assert_eq!(d.skipped[SKIP_OUTCOME_RANGE], 1);
        assert_eq!(
            d.skipped_rows[0],
            (4, "d00001i2".to_string(), SKIP_FEW_ACTORS.to_string())
        );
    }

    #[test]
    fn bad_cells_name_the_line_and_field() {
        let text =
            format!("{HEAD}\n\"d1\"\t\"d1i1\"\t\"\"\t\"\"\t0\tabc\t100\t10\t20\t30\t0\t40\n");
        let e = parse_deu(&text, "x.tsv").unwrap_err().to_string();
        assert_eq!(e, "x.tsv:2:6: pb: not a number: \"abc\"");
        let text =
            format!("{HEAD}\n\"d1\"\t\"d1i1\"\t\"\"\t\"\"\t0\t50\t100\t10\t120\t30\t0\t40\n");
        let e = parse_deu(&text, "x.tsv").unwrap_err().to_string();
        assert_eq!(e, "x.tsv:2:9: sb: 120 is outside 0-100");
        let text = format!("{HEAD}\n\"d1\"\t\"d1i1\"\t0\n");
        let e = parse_deu(&text, "x.tsv").unwrap_err().to_string();
        assert!(
            e.starts_with("x.tsv:2: expected 12 tab-separated fields"),
            "{e}"
        );
        let e = parse_deu("\"isnr\"\n", "x.tsv").unwrap_err().to_string();
        assert_eq!(e, "x.tsv:1: missing column \"prnr\"");
    }

    #[test]
    fn dates_in_every_form_and_the_spreadsheet_artefact() {
        let d = |y, m, dd| Date {
            year: y,
            month: m,
            day: dd,
        };
        assert_eq!(parse_date("07-02-96", "x"), Some((d(1996, 2, 7), false)));
        assert_eq!(
            parse_date("14-12-1999", "n99276"),
            Some((d(1999, 12, 14), false))
        );
        // 23-12-03 read as YY-MM-DD: the id says 2003, so the swapped reading is taken.
        assert_eq!(
            parse_date("2023-12-03", "n03318"),
            Some((d(2003, 12, 23), true))
        );
        assert_eq!(
            parse_date("1930-06-05", "n05124"),
            Some((d(2005, 6, 30), true))
        );
        // An ISO date agreeing with the id is kept.
        assert_eq!(
            parse_date("2014-07-04", "d14001"),
            Some((d(2014, 7, 4), false))
        );
        assert_eq!(parse_date("999", "x"), None);
        assert_eq!(parse_date("", "x"), None);
    }

    #[test]
    fn weights_pick_the_regime_and_fill_acceding_states() {
        let text = "id,name,eu9,eu10,eu12,eu15,eu25_bv,eu25_bp,eu25_av,eu25_ap\n\
                    54,Germany,10,10,10,10,10,820,29,820\n\
                    74,Poland,NA,NA,NA,NA,8,387,27,387\n";
        let w = parse_council_weights(text, "w.csv").unwrap();
        let r2003 = regime_at(Date {
            year: 2003,
            month: 12,
            day: 23,
        });
        assert_eq!(REGIMES[r2003].0, "eu15");
        assert_eq!(w.member("de", r2003), Some(10.0));
        assert_eq!(w.member("pl", r2003), Some(8.0));
        let r2005 = regime_at(Date {
            year: 2005,
            month: 1,
            day: 1,
        });
        assert_eq!(
            (REGIMES[r2005].0, w.member("pl", r2005)),
            ("eu25_av", Some(27.0))
        );
        assert_eq!(w.largest(r2005), Some(29.0));
        assert_eq!(
            REGIMES[regime_at(Date {
                year: 2016,
                month: 9,
                day: 14
            })]
            .0,
            "eu25_ap"
        );
        let e = parse_council_weights("name,eu9\nGermany,1\n", "w.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "w.csv:1: missing column \"eu10\"");
        let bad = text.replace("Poland", "Atlantis");
        let e = parse_council_weights(&bad, "w.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "w.csv:3:2: unknown member state \"Atlantis\"");
    }
}
