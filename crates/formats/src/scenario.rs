//! Scenario files: TOML, `schema = 1`. Every number is plain (`0.4`), cited
//! (`{ value = 0.4, source = "..." }`) or uncertain
//! (`{ dist = "triangular", low = .., mode = .., high = .., source = "..." }`). The reader checks the
//! shape of the file, resolves it through [`intrigue_sim::Model::compile`] and reports any problem
//! as `FILE:LINE:COL: problem`; numbers without a source come back as warnings.

use std::ops::Range;

use intrigue_sim::scenario::*;
use intrigue_sim::{CompileError, Dist, Locus, Model};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::InputError;

/// A scenario read and compiled, with warnings about numbers that cite no source.
#[derive(Debug)]
pub struct ScenarioFile {
    pub scenario: Scenario,
    pub model: Model,
    pub warnings: Vec<InputError>,
}

/// Reads and compiles a scenario file.
pub fn read(path: &std::path::Path) -> Result<ScenarioFile, InputError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| InputError::file(&name, format!("cannot read: {e}")))?;
    parse(&text, &name)
}

/// Parses and compiles scenario text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Result<ScenarioFile, InputError> {
    let mut r = Reader {
        text,
        file,
        warnings: Vec::new(),
        spans: Spans::default(),
    };
    let doc = DeTable::parse(text).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        r.error(at..at, format!("not valid TOML: {}", e.message().trim()))
    })?;
    let scenario = r.scenario(&Tbl::new(doc.get_ref(), doc.span()))?;
    let model = Model::compile(&scenario).map_err(|e| r.compile_error(e))?;
    Ok(ScenarioFile {
        scenario,
        model,
        warnings: r.warnings,
    })
}

type Val<'i> = Spanned<DeValue<'i>>;

/// A table's entries with its span, for keyed access and unknown-key checks.
struct Tbl<'a, 'i> {
    entries: Vec<(&'a str, &'a Val<'i>, Range<usize>)>,
    span: Range<usize>,
}

impl<'a, 'i> Tbl<'a, 'i> {
    fn new(t: &'a DeTable<'i>, span: Range<usize>) -> Self {
        Tbl {
            entries: t
                .iter()
                .map(|(k, v)| (k.get_ref().as_ref(), v, k.span()))
                .collect(),
            span,
        }
    }
    fn get(&self, key: &str) -> Option<&'a Val<'i>> {
        self.entries.iter().find(|e| e.0 == key).map(|e| e.1)
    }
}

#[derive(Default)]
struct Spans {
    settings: Vec<(&'static str, Range<usize>)>,
    actors: Vec<Range<usize>>,
    issues: Vec<Range<usize>>,
    stances: Vec<Range<usize>>,
    relations: Vec<Range<usize>>,
    alliances: Vec<Range<usize>>,
    pressures: Vec<Range<usize>>,
    shares: Vec<Vec<Range<usize>>>,
    events: Vec<Range<usize>>,
    modifiers: Vec<Vec<Range<usize>>>,
    effects: Vec<Vec<Range<usize>>>,
    forums: Vec<Range<usize>>,
    members: Vec<Vec<Range<usize>>>,
    agendas: Vec<Vec<Range<usize>>>,
    formats: Vec<Range<usize>>,
    format_forums: Vec<Vec<Range<usize>>>,
    outcomes: Vec<Range<usize>>,
    rules: Vec<Range<usize>>,
    interventions: Vec<Range<usize>>,
    changes: Vec<Vec<Range<usize>>>,
    modifier_exprs: Vec<Vec<Range<usize>>>,
    event_when: Vec<Range<usize>>,
    forum_when: Vec<Range<usize>>,
    parameters: Vec<Range<usize>>,
    derived: Vec<Range<usize>>,
    counters: Vec<Range<usize>>,
    root: Range<usize>,
}

struct Reader<'t> {
    text: &'t str,
    file: &'t str,
    warnings: Vec<InputError>,
    spans: Spans,
}

type R<T> = Result<T, InputError>;

/// The span of a place inside a quoted expression (offset counted after the opening quote).
fn inside(span: Option<Range<usize>>, offset: Option<usize>) -> Option<Range<usize>> {
    span.map(|r| match offset {
        Some(o) => r.start + 1 + o..r.end,
        None => r,
    })
}

impl<'t> Reader<'t> {
    fn line_col(&self, at: usize) -> (usize, usize) {
        let at = at.min(self.text.len());
        let before = &self.text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before
            .rsplit('\n')
            .next()
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, col)
    }

    fn error(&self, span: Range<usize>, msg: impl Into<String>) -> InputError {
        let (l, c) = self.line_col(span.start);
        InputError::at_col(self.file, l, c, msg)
    }

    fn compile_error(&self, e: CompileError) -> InputError {
        let s = &self.spans;
        let pick = |v: &Vec<Range<usize>>, i: usize| v.get(i).cloned();
        let pick2 = |v: &Vec<Vec<Range<usize>>>, i: usize, j: usize| {
            v.get(i).and_then(|x| x.get(j)).cloned()
        };
        let span = match e.locus {
            Locus::Scenario => Some(s.root.clone()),
            Locus::Setting(name) => s.settings.iter().find(|x| x.0 == name).map(|x| x.1.clone()),
            Locus::Actor(i) => pick(&s.actors, i),
            Locus::Issue(i) => pick(&s.issues, i),
            Locus::Stance(i) => pick(&s.stances, i),
            Locus::Relation(i) => pick(&s.relations, i),
            Locus::Alliance(i) => pick(&s.alliances, i),
            Locus::Pressure(i) => pick(&s.pressures, i),
            Locus::PressureShare(i, j) => pick2(&s.shares, i, j),
            Locus::Event(i) => pick(&s.events, i),
            Locus::EventModifier(i, j) => match e.offset {
                Some(o) => pick2(&s.modifier_exprs, i, j).map(|r| r.start + 1 + o..r.end),
                None => pick2(&s.modifiers, i, j),
            },
            Locus::EventEffect(i, j) => pick2(&s.effects, i, j),
            Locus::Forum(i) => pick(&s.forums, i),
            Locus::ForumMember(i, j) => pick2(&s.members, i, j),
            Locus::ForumAgenda(i, j) => pick2(&s.agendas, i, j),
            Locus::Format(i) => pick(&s.formats, i),
            Locus::FormatForum(i, j) => pick2(&s.format_forums, i, j),
            Locus::Outcome(i) => match e.offset {
                // The rule's string starts with its quote; the offset is inside the text.
                Some(o) => pick(&s.rules, i).map(|r| r.start + 1 + o..r.end),
                None => pick(&s.outcomes, i),
            },
            Locus::Intervention(i) => pick(&s.interventions, i),
            Locus::Change(i, j) => pick2(&s.changes, i, j),
            Locus::Parameter(i) => pick(&s.parameters, i),
            Locus::Derived(i) => inside(pick(&s.derived, i), e.offset),
            Locus::Counter(i) => inside(pick(&s.counters, i), e.offset),
            Locus::EventWhen(i) => inside(pick(&s.event_when, i), e.offset),
            Locus::ForumWhen(i) => inside(pick(&s.forum_when, i), e.offset),
        };
        match span {
            Some(sp) => self.error(sp, e.message),
            None => InputError::file(self.file, e.message),
        }
    }

    fn check_keys(&self, t: &Tbl<'_, '_>, allowed: &[&str], what: &str) -> R<()> {
        for (k, _, span) in &t.entries {
            if !allowed.contains(k) {
                return Err(self.error(
                    span.clone(),
                    format!(
                        "unknown key `{k}` in {what} (expected one of: {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(())
    }

    fn table<'a, 'i>(&self, v: &'a Val<'i>, what: &str) -> R<Tbl<'a, 'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Ok(Tbl::new(t, v.span())),
            _ => Err(self.error(v.span(), format!("{what} must be a table"))),
        }
    }

    fn tables<'a, 'i>(&self, t: &Tbl<'a, 'i>, key: &str) -> R<Vec<Tbl<'a, 'i>>> {
        match t.get(key) {
            None => Ok(Vec::new()),
            Some(v) => match v.get_ref() {
                DeValue::Array(a) => a
                    .iter()
                    .map(|x| self.table(x, &format!("each entry of `{key}`")))
                    .collect(),
                _ => Err(self.error(
                    v.span(),
                    format!("`{key}` must be an array of tables ([[{key}]])"),
                )),
            },
        }
    }

    fn req<'a, 'i>(&self, t: &Tbl<'a, 'i>, key: &str, what: &str) -> R<&'a Val<'i>> {
        t.get(key)
            .ok_or_else(|| self.error(t.span.clone(), format!("{what} needs `{key}`")))
    }

    fn string(&self, v: &Val<'_>, key: &str) -> R<String> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.error(v.span(), format!("`{key}` must be a string"))),
        }
    }

    fn req_str(&self, t: &Tbl<'_, '_>, key: &str, what: &str) -> R<String> {
        self.string(self.req(t, key, what)?, key)
    }

    fn opt_str(&self, t: &Tbl<'_, '_>, key: &str) -> R<Option<String>> {
        t.get(key).map(|v| self.string(v, key)).transpose()
    }

    fn strings(
        &self,
        t: &Tbl<'_, '_>,
        key: &str,
        what: &str,
    ) -> R<(Vec<String>, Vec<Range<usize>>)> {
        let v = self.req(t, key, what)?;
        match v.get_ref() {
            DeValue::Array(a) => {
                let mut out = Vec::new();
                let mut spans = Vec::new();
                for x in a.iter() {
                    out.push(self.string(x, key)?);
                    spans.push(x.span());
                }
                Ok((out, spans))
            }
            _ => Err(self.error(v.span(), format!("`{key}` must be an array of strings"))),
        }
    }

    fn float(&self, v: &Val<'_>, key: &str) -> R<f64> {
        let x = match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|x| x as f64),
            DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
            _ => None,
        };
        match x {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(self.error(v.span(), format!("`{key}` must be a finite number"))),
        }
    }

    fn uint(&self, v: &Val<'_>, key: &str) -> R<usize> {
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .filter(|x| *x >= 0)
                .map(|x| x as usize)
                .ok_or_else(|| {
                    self.error(v.span(), format!("`{key}` must be a whole number >= 0"))
                }),
            _ => Err(self.error(v.span(), format!("`{key}` must be a whole number"))),
        }
    }

    fn int(&self, v: &Val<'_>, key: &str) -> R<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .map_err(|_| self.error(v.span(), format!("`{key}` must be a whole number"))),
            _ => Err(self.error(v.span(), format!("`{key}` must be a whole number"))),
        }
    }

    fn opt_uint(&self, t: &Tbl<'_, '_>, key: &str, default: usize) -> R<usize> {
        t.get(key)
            .map(|v| self.uint(v, key))
            .transpose()
            .map(|x| x.unwrap_or(default))
    }

    fn boolean(&self, t: &Tbl<'_, '_>, key: &str) -> R<bool> {
        match t.get(key) {
            None => Ok(false),
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => Ok(*b),
                _ => Err(self.error(v.span(), format!("`{key}` must be true or false"))),
            },
        }
    }

    /// A number: plain, `{ value, source }` or a distribution with its source.
    fn num(&mut self, v: &Val<'_>, key: &str) -> R<Num> {
        if let DeValue::Table(_) = v.get_ref() {
            let t = self.table(v, key)?;
            let source = self.opt_str(&t, "source")?;
            let dist = match t.get("dist") {
                None => {
                    self.check_keys(&t, &["value", "source"], &format!("number `{key}`"))?;
                    Dist::Fixed(
                        self.float(self.req(&t, "value", &format!("number `{key}`"))?, "value")?,
                    )
                }
                Some(dv) => {
                    let kind = self.string(dv, "dist")?;
                    let f = |r: &Self, k: &str| -> R<f64> {
                        r.float(r.req(&t, k, &format!("a {kind} distribution"))?, k)
                    };
                    let o = |r: &Self, k: &str| -> R<Option<f64>> {
                        t.get(k).map(|x| r.float(x, k)).transpose()
                    };
                    match kind.as_str() {
                        "uniform" => {
                            self.check_keys(
                                &t,
                                &["dist", "low", "high", "source"],
                                "a uniform distribution",
                            )?;
                            Dist::Uniform {
                                low: f(self, "low")?,
                                high: f(self, "high")?,
                            }
                        }
                        "triangular" => {
                            self.check_keys(
                                &t,
                                &["dist", "low", "mode", "high", "source"],
                                "a triangular distribution",
                            )?;
                            Dist::Triangular {
                                low: f(self, "low")?,
                                mode: f(self, "mode")?,
                                high: f(self, "high")?,
                            }
                        }
                        "normal" => {
                            self.check_keys(
                                &t,
                                &["dist", "mean", "sd", "low", "high", "source"],
                                "a normal distribution",
                            )?;
                            Dist::Normal {
                                mean: f(self, "mean")?,
                                sd: f(self, "sd")?,
                                low: o(self, "low")?,
                                high: o(self, "high")?,
                            }
                        }
                        other => {
                            return Err(self.error(
                                dv.span(),
                                format!(
                                    "unknown distribution `{other}` (uniform, triangular, normal)"
                                ),
                            ))
                        }
                    }
                }
            };
            if source.as_deref().is_none_or(|s| s.trim().is_empty()) {
                self.warn(v.span(), key);
            }
            return Ok(Num { dist, source });
        }
        let x = self.float(v, key)?;
        self.warn(v.span(), key);
        Ok(Num {
            dist: Dist::Fixed(x),
            source: None,
        })
    }

    fn warn(&mut self, span: Range<usize>, key: &str) {
        let w = self.error(span, format!("number `{key}` has no source"));
        self.warnings.push(w);
    }

    fn req_num(&mut self, t: &Tbl<'_, '_>, key: &str, what: &str) -> R<Num> {
        let v = self.req(t, key, what)?;
        self.num(v, key)
    }

    fn scenario(&mut self, root: &Tbl<'_, '_>) -> R<Scenario> {
        self.spans.root = 0..0;
        self.check_keys(
            root,
            &[
                "schema",
                "id",
                "name",
                "description",
                "start",
                "rounds",
                "settings",
                "actors",
                "issues",
                "positions",
                "relations",
                "alliances",
                "pressure",
                "events",
                "forums",
                "formats",
                "outcomes",
                "interventions",
                "parameters",
                "derived",
                "counters",
            ],
            "the scenario",
        )?;
        let schema = root
            .get("schema")
            .ok_or_else(|| self.error(0..0, "missing `schema = 1` at the top of the file"))?;
        if self.uint(schema, "schema")? != 1 {
            return Err(self.error(
                schema.span(),
                "unsupported schema (this version reads schema = 1)",
            ));
        }
        let mut sc = Scenario {
            id: self.req_str(root, "id", "the scenario")?,
            name: self.opt_str(root, "name")?.unwrap_or_default(),
            description: self.opt_str(root, "description")?.unwrap_or_default(),
            start: self.opt_str(root, "start")?.unwrap_or_default(),
            rounds: self.uint(self.req(root, "rounds", "the scenario")?, "rounds")?,
            ..Default::default()
        };
        if let Some(v) = root.get("parameters") {
            let t = self.table(v, "parameters")?;
            for (k, val, span) in &t.entries {
                self.spans.parameters.push(span.clone());
                let num = self.num(val, k)?;
                sc.parameters.push((k.to_string(), num));
            }
        }
        for (key, what) in [("derived", "a derived quantity"), ("counters", "a counter")] {
            for t in self.tables(root, key)? {
                self.check_keys(&t, &["id", "expr", "name", "source"], what)?;
                let ev = self.req(&t, "expr", what)?;
                let item = (self.req_str(&t, "id", what)?, self.string(ev, "expr")?);
                if key == "derived" {
                    self.spans.derived.push(ev.span());
                    sc.derived.push(item);
                } else {
                    self.spans.counters.push(ev.span());
                    sc.counters.push(item);
                }
            }
        }
        if let Some(v) = root.get("settings") {
            let t = self.table(v, "settings")?;
            self.settings(&t, &mut sc.settings)?;
        }
        for t in self.tables(root, "actors")? {
            self.check_keys(&t, &["id", "name", "capability"], "an actor")?;
            self.spans.actors.push(t.span.clone());
            sc.actors.push(Actor {
                id: self.req_str(&t, "id", "an actor")?,
                name: self.opt_str(&t, "name")?.unwrap_or_default(),
                capability: self.req_num(&t, "capability", "an actor")?,
            });
        }
        for t in self.tables(root, "issues")? {
            self.check_keys(&t, &["id", "name", "low", "mid", "high"], "an issue")?;
            self.spans.issues.push(t.span.clone());
            sc.issues.push(Issue {
                id: self.req_str(&t, "id", "an issue")?,
                name: self.opt_str(&t, "name")?.unwrap_or_default(),
                low: self.req_str(&t, "low", "an issue (the meaning of 0)")?,
                mid: self.req_str(&t, "mid", "an issue (the meaning of 50)")?,
                high: self.req_str(&t, "high", "an issue (the meaning of 100)")?,
            });
        }
        for t in self.tables(root, "positions")? {
            self.check_keys(
                &t,
                &["actor", "issue", "position", "salience"],
                "a position",
            )?;
            self.spans.stances.push(t.span.clone());
            sc.stances.push(Stance {
                actor: self.req_str(&t, "actor", "a position")?,
                issue: self.req_str(&t, "issue", "a position")?,
                position: self.req_num(&t, "position", "a position")?,
                salience: self.req_num(&t, "salience", "a position")?,
            });
        }
        for t in self.tables(root, "relations")? {
            self.check_keys(&t, &["from", "to", "baseline", "symmetric"], "a relation")?;
            let rel = Relation {
                from: self.req_str(&t, "from", "a relation")?,
                to: self.req_str(&t, "to", "a relation")?,
                baseline: self.req_num(&t, "baseline", "a relation")?,
            };
            if self.boolean(&t, "symmetric")? {
                self.spans.relations.push(t.span.clone());
                sc.relations.push(Relation {
                    from: rel.to.clone(),
                    to: rel.from.clone(),
                    baseline: rel.baseline.clone(),
                });
            }
            self.spans.relations.push(t.span.clone());
            sc.relations.push(rel);
        }
        for t in self.tables(root, "alliances")? {
            self.check_keys(&t, &["a", "b", "name", "source"], "an alliance")?;
            self.spans.alliances.push(t.span.clone());
            sc.alliances.push(Alliance {
                a: self.req_str(&t, "a", "an alliance")?,
                b: self.req_str(&t, "b", "an alliance")?,
            });
        }
        for t in self.tables(root, "pressure")? {
            self.check_keys(&t, &["target", "issue", "shares"], "a pressure entry")?;
            self.spans.pressures.push(t.span.clone());
            let mut shares = Vec::new();
            let mut spans = Vec::new();
            for s in self.tables(&t, "shares")? {
                self.check_keys(&s, &["actor", "share"], "a trade share")?;
                spans.push(s.span.clone());
                shares.push((
                    self.req_str(&s, "actor", "a trade share")?,
                    self.req_num(&s, "share", "a trade share")?,
                ));
            }
            self.spans.shares.push(spans);
            sc.pressures.push(Pressure {
                target: self.req_str(&t, "target", "a pressure entry")?,
                issue: self.req_str(&t, "issue", "a pressure entry")?,
                shares,
            });
        }
        for t in self.tables(root, "events")? {
            sc.events.push(self.event(&t)?);
        }
        for t in self.tables(root, "forums")? {
            self.check_keys(
                &t,
                &[
                    "id", "name", "members", "agenda", "start", "after", "during", "when",
                    "agree_on", "persist", "source",
                ],
                "a forum",
            )?;
            self.spans.forums.push(t.span.clone());
            self.spans
                .forum_when
                .push(t.get("when").map(|v| v.span()).unwrap_or(t.span.clone()));
            let agree_on = if t.get("agree_on").is_some() {
                self.strings(&t, "agree_on", "a forum")?.0
            } else {
                Vec::new()
            };
            let (members, ms) = self.strings(&t, "members", "a forum")?;
            let (agenda, ags) = self.strings(&t, "agenda", "a forum")?;
            self.spans.members.push(ms);
            self.spans.agendas.push(ags);
            sc.forums.push(Forum {
                id: self.req_str(&t, "id", "a forum")?,
                name: self.opt_str(&t, "name")?.unwrap_or_default(),
                members,
                agenda,
                start: self.opt_uint(&t, "start", 1)?,
                after: self.opt_str(&t, "after")?,
                during: self.opt_str(&t, "during")?,
                when: self.opt_str(&t, "when")?,
                agree_on,
                persist: self.boolean(&t, "persist")?,
            });
        }
        for t in self.tables(root, "formats")? {
            self.check_keys(&t, &["id", "name", "forums", "source"], "a format")?;
            self.spans.formats.push(t.span.clone());
            let (forums, fs) = self.strings(&t, "forums", "a format")?;
            self.spans.format_forums.push(fs);
            sc.formats.push(Format {
                id: self.req_str(&t, "id", "a format")?,
                name: self.opt_str(&t, "name")?.unwrap_or_default(),
                forums,
            });
        }
        for t in self.tables(root, "outcomes")? {
            self.check_keys(&t, &["id", "name", "kind", "rule", "source"], "an outcome")?;
            self.spans.outcomes.push(t.span.clone());
            self.spans
                .rules
                .push(t.get("rule").map(|v| v.span()).unwrap_or(t.span.clone()));
            let kv = self.req(&t, "kind", "an outcome")?;
            let kind = match self.string(kv, "kind")?.as_str() {
                "absorbing" => OutcomeKind::Absorbing,
                "terminal" => OutcomeKind::Terminal,
                "fallback" => OutcomeKind::Fallback,
                other => {
                    return Err(self.error(
                        kv.span(),
                        format!("unknown outcome kind `{other}` (absorbing, terminal, fallback)"),
                    ))
                }
            };
            sc.outcomes.push(Outcome {
                id: self.req_str(&t, "id", "an outcome")?,
                name: self.opt_str(&t, "name")?.unwrap_or_default(),
                kind,
                rule: self.opt_str(&t, "rule")?,
            });
        }
        for t in self.tables(root, "interventions")? {
            sc.interventions.push(self.intervention(&t)?);
        }
        Ok(sc)
    }

    fn settings(&mut self, t: &Tbl<'_, '_>, s: &mut Settings) -> R<()> {
        let mut names = vec!["bargaining", "turns_per_round"];
        names.extend_from_slice(&intrigue_sim::model::SETTING_NAMES);
        self.check_keys(t, &names, "settings")?;
        for (k, v, _) in &t.entries {
            let name: &'static str = names
                .iter()
                .find(|n| *n == k)
                .copied()
                .unwrap_or("bargaining");
            self.spans.settings.push((name, v.span()));
        }
        if let Some(v) = t.get("bargaining") {
            s.bargaining = match self.string(v, "bargaining")?.as_str() {
                "smp" => BargainingModel::Smp,
                "compromise" => BargainingModel::Compromise,
                other => {
                    return Err(self.error(
                        v.span(),
                        format!("unknown bargaining model `{other}` (smp, compromise)"),
                    ))
                }
            };
        }
        if let Some(v) = t.get("turns_per_round") {
            s.turns_per_round = self.uint(v, "turns_per_round")?;
        }
        let slots: [(&str, &mut Num); 12] = [
            ("kappa", &mut s.kappa),
            ("gamma", &mut s.gamma),
            ("impulse_gain", &mut s.impulse_gain),
            ("reversion", &mut s.reversion),
            ("balance_pressure", &mut s.balance_pressure),
            ("relation_noise", &mut s.relation_noise),
            ("alliance_spillover", &mut s.alliance_spillover),
            ("agreement_spread", &mut s.agreement_spread),
            ("breakdown_regard", &mut s.breakdown_regard),
            ("agreement_goldstein", &mut s.agreement_goldstein),
            ("breakdown_goldstein", &mut s.breakdown_goldstein),
            ("compromise_rate", &mut s.compromise_rate),
        ];
        for (name, slot) in slots {
            if let Some(v) = t.get(name) {
                *slot = self.num(v, name)?;
            }
        }
        Ok(())
    }

    fn event(&mut self, t: &Tbl<'_, '_>) -> R<EventType> {
        self.check_keys(
            t,
            &[
                "id",
                "name",
                "cameo",
                "goldstein",
                "impulse_scale",
                "source_actor",
                "target_actor",
                "rate",
                "modifiers",
                "when",
                "at",
                "effects",
                "source",
            ],
            "an event",
        )?;
        self.spans.events.push(t.span.clone());
        self.spans
            .event_when
            .push(t.get("when").map(|v| v.span()).unwrap_or(t.span.clone()));
        let mut modifiers = Vec::new();
        let (mut mspans, mut mexpr) = (Vec::new(), Vec::new());
        for m in self.tables(t, "modifiers")? {
            self.check_keys(&m, &["expr", "coef"], "a rate modifier")?;
            mspans.push(m.span.clone());
            let ev = self.req(&m, "expr", "a rate modifier")?;
            mexpr.push(ev.span());
            modifiers.push(Modifier {
                expr: self.string(ev, "expr")?,
                coef: self.req_num(&m, "coef", "a rate modifier")?,
            });
        }
        self.spans.modifiers.push(mspans);
        self.spans.modifier_exprs.push(mexpr);
        let mut effects = Vec::new();
        let mut espans = Vec::new();
        for e in self.tables(t, "effects")? {
            espans.push(e.span.clone());
            effects.push(self.effect(&e)?);
        }
        self.spans.effects.push(espans);
        let at = match t.get("at") {
            None => Vec::new(),
            Some(v) => match v.get_ref() {
                DeValue::Array(a) => a.iter().map(|x| self.int(x, "at")).collect::<R<Vec<_>>>()?,
                _ => return Err(self.error(v.span(), "`at` must be an array of rounds")),
            },
        };
        let cameo_v = self.req(t, "cameo", "an event")?;
        let tv = self.req(t, "target_actor", "an event")?;
        let targets = match tv.get_ref() {
            DeValue::Array(a) => a
                .iter()
                .map(|x| self.string(x, "target_actor"))
                .collect::<R<Vec<_>>>()?,
            _ => vec![self.string(tv, "target_actor")?],
        };
        let impulse_scale = match t.get("impulse_scale") {
            Some(v) => self.num(v, "impulse_scale")?,
            None => Num::fixed(1.0),
        };
        Ok(EventType {
            id: self.req_str(t, "id", "an event")?,
            name: self.opt_str(t, "name")?.unwrap_or_default(),
            cameo: self.string(cameo_v, "cameo")?,
            goldstein: self.req_num(t, "goldstein", "an event")?,
            source: self.req_str(t, "source_actor", "an event")?,
            targets,
            impulse_scale,
            when: self.opt_str(t, "when")?,
            rate: match t.get("rate") {
                Some(v) => Some(self.num(v, "rate")?),
                None => None,
            },
            modifiers,
            at,
            effects,
        })
    }

    fn effect(&mut self, e: &Tbl<'_, '_>) -> R<Effect> {
        let kv = self.req(e, "kind", "an effect")?;
        let kind = self.string(kv, "kind")?;
        let what = format!("a {kind} effect");
        Ok(match kind.as_str() {
            "relation" => {
                self.check_keys(e, &["kind", "from", "to", "delta"], &what)?;
                Effect::Relation { from: self.req_str(e, "from", &what)?, to: self.req_str(e, "to", &what)?, delta: self.req_num(e, "delta", &what)? }
            }
            "position" | "salience" => {
                self.check_keys(e, &["kind", "actor", "issue", "delta"], &what)?;
                let (actor, issue, delta) = (self.req_str(e, "actor", &what)?, self.req_str(e, "issue", &what)?, self.req_num(e, "delta", &what)?);
                if kind == "position" {
                    Effect::Position { actor, issue, delta }
                } else {
                    Effect::Salience { actor, issue, delta }
                }
            }
            "capability" => {
                self.check_keys(e, &["kind", "actor", "factor"], &what)?;
                Effect::Capability { actor: self.req_str(e, "actor", &what)?, factor: self.req_num(e, "factor", &what)? }
            }
            "suspend" => {
                self.check_keys(e, &["kind", "forum", "rounds"], &what)?;
                Effect::Suspend { forum: self.req_str(e, "forum", &what)?, rounds: self.uint(self.req(e, "rounds", &what)?, "rounds")? }
            }
            "breakdown" => {
                self.check_keys(e, &["kind", "forum"], &what)?;
                Effect::Breakdown { forum: self.req_str(e, "forum", &what)? }
            }
            other => {
                return Err(self.error(kv.span(), format!("unknown effect kind `{other}` (relation, position, salience, capability, suspend, breakdown)")))
            }
        })
    }

    fn op(&self, c: &Tbl<'_, '_>, what: &str) -> R<Op> {
        let ops: Vec<(&str, &Val<'_>)> = ["set", "add", "scale"]
            .iter()
            .filter_map(|k| c.get(k).map(|v| (*k, v)))
            .collect();
        match ops.as_slice() {
            [(k, v)] => {
                let x = self.float(v, k)?;
                Ok(match *k {
                    "set" => Op::Set(x),
                    "add" => Op::Add(x),
                    _ => Op::Scale(x),
                })
            }
            _ => Err(self.error(
                c.span.clone(),
                format!("{what} needs exactly one of `set`, `add`, `scale`"),
            )),
        }
    }

    fn intervention(&mut self, t: &Tbl<'_, '_>) -> R<Intervention> {
        self.check_keys(t, &["id", "name", "source", "changes"], "an intervention")?;
        self.spans.interventions.push(t.span.clone());
        let source = self.opt_str(t, "source")?;
        let mut changes = Vec::new();
        let mut spans = Vec::new();
        for c in self.tables(t, "changes")? {
            let kv = self.req(&c, "kind", "a change")?;
            let kind = self.string(kv, "kind")?;
            let what = format!("a {kind} change");
            let keys_op = |extra: &[&'static str]| {
                let mut k = vec!["kind", "set", "add", "scale"];
                k.extend_from_slice(extra);
                k
            };
            match kind.as_str() {
                "relation_baseline" => {
                    self.check_keys(&c, &keys_op(&["from", "to", "symmetric"]), &what)?;
                    let (from, to, op) = (self.req_str(&c, "from", &what)?, self.req_str(&c, "to", &what)?, self.op(&c, &what)?);
                    if self.boolean(&c, "symmetric")? {
                        changes.push(Change::RelationBaseline { from: to.clone(), to: from.clone(), op });
                        spans.push(c.span.clone());
                    }
                    changes.push(Change::RelationBaseline { from, to, op });
                }
                "position" | "salience" => {
                    self.check_keys(&c, &keys_op(&["actor", "issue"]), &what)?;
                    let (actor, issue, op) = (self.req_str(&c, "actor", &what)?, self.req_str(&c, "issue", &what)?, self.op(&c, &what)?);
                    changes.push(if kind == "position" { Change::Position { actor, issue, op } } else { Change::Salience { actor, issue, op } });
                }
                "capability" => {
                    self.check_keys(&c, &keys_op(&["actor"]), &what)?;
                    changes.push(Change::Capability { actor: self.req_str(&c, "actor", &what)?, op: self.op(&c, &what)? });
                }
                "setting" => {
                    self.check_keys(&c, &keys_op(&["name"]), &what)?;
                    changes.push(Change::Setting { name: self.req_str(&c, "name", &what)?, op: self.op(&c, &what)? });
                }
                "event_rate" => {
                    self.check_keys(&c, &["kind", "event", "factor"], &what)?;
                    changes.push(Change::EventRate {
                        event: self.req_str(&c, "event", &what)?,
                        factor: self.float(self.req(&c, "factor", &what)?, "factor")?,
                    });
                }
                "schedule" => {
                    self.check_keys(&c, &["kind", "event", "round"], &what)?;
                    changes.push(Change::Schedule {
                        event: self.req_str(&c, "event", &what)?,
                        round: self.uint(self.req(&c, "round", &what)?, "round")?,
                    });
                }
                "unschedule" => {
                    self.check_keys(&c, &["kind", "event"], &what)?;
                    changes.push(Change::Unschedule { event: self.req_str(&c, "event", &what)? });
                }
                "alliance" => {
                    self.check_keys(&c, &["kind", "a", "b"], &what)?;
                    changes.push(Change::Alliance { a: self.req_str(&c, "a", &what)?, b: self.req_str(&c, "b", &what)? });
                }
                other => {
                    return Err(self.error(
                        kv.span(),
                        format!("unknown change kind `{other}` (relation_baseline, position, salience, capability, setting, event_rate, schedule, unschedule, alliance)"),
                    ))
                }
            }
            spans.push(c.span.clone());
        }
        if changes.is_empty() {
            return Err(self.error(t.span.clone(), "an intervention needs at least one change"));
        }
        // Interventions' numbers are plain; the intervention's source covers them.
        if source.as_deref().is_none_or(|s| s.trim().is_empty()) {
            let w = self.error(t.span.clone(), "intervention has no source");
            self.warnings.push(w);
        }
        self.spans.changes.push(spans);
        Ok(Intervention {
            id: self.req_str(t, "id", "an intervention")?,
            name: self.opt_str(t, "name")?.unwrap_or_default(),
            source,
            changes,
        })
    }
}
