//! A scenario compiled for simulation: names resolved to indices, every number given a parameter
//! slot (drawn once per run), rules lowered to programs over a flat state vector.

use std::collections::HashMap;

use crate::dist::Dist;
use crate::expr::{Expr, ExprError};
use crate::scenario::*;

/// Where in the scenario a problem is, so a reader can point at the file's line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locus {
    Scenario,
    Setting(&'static str),
    Actor(usize),
    Issue(usize),
    Stance(usize),
    Relation(usize),
    Alliance(usize),
    Pressure(usize),
    PressureShare(usize, usize),
    Event(usize),
    EventModifier(usize, usize),
    EventEffect(usize, usize),
    Forum(usize),
    ForumMember(usize, usize),
    ForumAgenda(usize, usize),
    Format(usize),
    FormatForum(usize, usize),
    Outcome(usize),
    Intervention(usize),
    Change(usize, usize),
    Parameter(usize),
    Derived(usize),
    Counter(usize),
    EventWhen(usize),
    ForumWhen(usize),
}

/// A scenario problem: where, what, and for expressions the byte offset inside the rule's text.
#[derive(Clone, Debug, PartialEq)]
pub struct CompileError {
    pub locus: Locus,
    pub message: String,
    pub offset: Option<usize>,
}

fn err(locus: Locus, message: impl Into<String>) -> CompileError {
    CompileError {
        locus,
        message: message.into(),
        offset: None,
    }
}

/// Offsets of each part of the state vector that rules read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub round: usize,
    pub rounds: usize,
    pub pos: usize,
    pub sal: usize,
    pub cap: usize,
    pub rel: usize,
    pub count: usize,
    pub fired: usize,
    pub recent3: usize,
    pub recent6: usize,
    pub recent12: usize,
    pub since: usize,
    pub seated: usize,
    pub param: usize,
    pub derived: usize,
    pub streak: usize,
    pub session: usize,
    pub agreed: usize,
    pub broken: usize,
    pub exists: usize,
    pub mean: usize,
    pub pressure: usize,
    pub mean_regard: usize,
    pub balance: usize,
    pub len: usize,
}

/// Parameter slots of the settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SettingSlots {
    pub kappa: u32,
    pub gamma: u32,
    pub impulse_gain: u32,
    pub reversion: u32,
    pub balance_pressure: u32,
    pub relation_noise: u32,
    pub alliance_spillover: u32,
    pub agreement_spread: u32,
    pub breakdown_regard: u32,
    pub agreement_goldstein: u32,
    pub breakdown_goldstein: u32,
    pub compromise_rate: u32,
}

/// The numeric settings of `[settings]`, in the order of their parameter slots.
pub const SETTING_NAMES: [&str; 12] = [
    "kappa",
    "gamma",
    "impulse_gain",
    "reversion",
    "balance_pressure",
    "relation_noise",
    "alliance_spillover",
    "agreement_spread",
    "breakdown_regard",
    "agreement_goldstein",
    "breakdown_goldstein",
    "compromise_rate",
];

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EffectC {
    Relation {
        from: usize,
        to: usize,
        delta: u32,
    },
    Position {
        actor: usize,
        issue: usize,
        delta: u32,
    },
    Salience {
        actor: usize,
        issue: usize,
        delta: u32,
    },
    Capability {
        actor: usize,
        factor: u32,
    },
    Suspend {
        forum: usize,
        rounds: usize,
    },
    Breakdown {
        forum: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EventC {
    pub source: usize,
    pub targets: Vec<usize>,
    pub goldstein: u32,
    pub scale: u32,
    pub rate: Option<u32>,
    pub modifiers: Vec<(Expr, u32)>,
    pub when: Option<Expr>,
    pub at: Vec<i64>,
    pub effects: Vec<EffectC>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ForumC {
    pub members: Vec<usize>,
    pub agenda: Vec<usize>,
    pub start: usize,
    pub after: Option<usize>,
    pub during: Option<usize>,
    pub when: Option<Expr>,
    pub agree_on: Vec<usize>,
    pub persist: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PressureC {
    pub target: usize,
    pub issue: usize,
    pub shares: Vec<(usize, u32)>,
}

/// An intervention's effect on a run.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum IvOp {
    Param(u32, Op),
    Schedule(usize, usize),
    Unschedule(usize),
    Alliance(usize, usize),
}

/// An uncertain input of the scenario: its parameter slot, a readable name and its distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct UncertainInput {
    pub slot: u32,
    pub name: String,
    pub dist: Dist,
}

/// A compiled scenario.
#[derive(Clone, Debug)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub rounds: usize,
    pub bargaining: BargainingModel,
    pub turns_per_round: usize,
    pub actors: Vec<String>,
    pub issues: Vec<String>,
    pub event_ids: Vec<String>,
    pub forum_ids: Vec<String>,
    pub format_ids: Vec<String>,
    pub format_names: Vec<String>,
    pub outcome_ids: Vec<String>,
    pub outcome_names: Vec<String>,
    pub intervention_ids: Vec<String>,
    pub intervention_names: Vec<String>,
    pub layout: Layout,
    /// Parameter distributions and names, one per number of the scenario.
    pub(crate) params: Vec<Dist>,
    pub(crate) param_names: Vec<String>,
    pub(crate) set: SettingSlots,
    pub(crate) cap: Vec<u32>,
    pub(crate) pos: Vec<u32>,
    pub(crate) sal: Vec<u32>,
    pub(crate) base_rel: Vec<u32>,
    pub(crate) ally: Vec<bool>,
    pub(crate) events: Vec<EventC>,
    pub(crate) forums: Vec<ForumC>,
    pub(crate) formats: Vec<Vec<usize>>,
    pub(crate) outcome_kind: Vec<OutcomeKind>,
    pub(crate) outcome_rule: Vec<Option<Expr>>,
    pub(crate) fallback: usize,
    pub(crate) pressures: Vec<PressureC>,
    pub(crate) interventions: Vec<Vec<IvOp>>,
    /// Slots of the named parameters, copied into the state at the start of a run.
    pub(crate) named: Vec<u32>,
    pub(crate) derived: Vec<Expr>,
    pub(crate) counters: Vec<Expr>,
    /// First prelude round (<= 0) when events are scheduled before the horizon, else 1.
    pub(crate) first_round: i64,
    /// Relation noise can be non-zero in some run: draw its numbers.
    pub(crate) noisy: bool,
    /// Some rule reads `mean_regard` or `balance` (computed only then).
    pub(crate) needs_summary: bool,
    pub(crate) symbols: HashMap<String, u32>,
}

struct Builder {
    params: Vec<Dist>,
    names: Vec<String>,
}

impl Builder {
    fn add(&mut self, num: &Num, name: String) -> u32 {
        self.params.push(num.dist.clone());
        self.names.push(name);
        (self.params.len() - 1) as u32
    }
}

fn index(ids: &[String]) -> HashMap<&str, usize> {
    ids.iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect()
}

fn check_dist(d: &Dist, locus: Locus, what: &str) -> Result<(), CompileError> {
    let ok = match *d {
        Dist::Fixed(x) => x.is_finite(),
        Dist::Uniform { low, high } => low.is_finite() && high.is_finite() && low <= high,
        Dist::Triangular { low, mode, high } => {
            low.is_finite() && high.is_finite() && low <= mode && mode <= high
        }
        Dist::Normal {
            mean,
            sd,
            low,
            high,
        } => {
            mean.is_finite()
                && sd.is_finite()
                && sd >= 0.0
                && match (low, high) {
                    (Some(l), Some(h)) => l <= h,
                    _ => true,
                }
        }
    };
    if ok {
        Ok(())
    } else {
        Err(err(locus, format!("{what}: the distribution's numbers are not finite or not in order (low <= mode <= high, sd >= 0)")))
    }
}

fn check_range(num: &Num, lo: f64, hi: f64, locus: Locus, what: &str) -> Result<(), CompileError> {
    check_dist(&num.dist, locus, what)?;
    let (a, b) = num.dist.range();
    // An unbounded normal is clamped at run time; its centre must still be in range.
    let (a, b) = if a.is_finite() && b.is_finite() {
        (a, b)
    } else {
        (num.dist.nominal(), num.dist.nominal())
    };
    if a < lo || b > hi {
        return Err(err(
            locus,
            format!("{what} must lie in [{lo}, {hi}], found {}", fmt_range(a, b)),
        ));
    }
    Ok(())
}

fn fmt_range(a: f64, b: f64) -> String {
    if a == b {
        format!("{a}")
    } else {
        format!("[{a}, {b}]")
    }
}

impl Model {
    /// Resolves and checks a scenario.
    pub fn compile(sc: &Scenario) -> Result<Model, CompileError> {
        if sc.rounds == 0 || sc.rounds > 10_000 {
            return Err(err(
                Locus::Scenario,
                format!("rounds must be between 1 and 10000, found {}", sc.rounds),
            ));
        }
        if sc.settings.turns_per_round == 0 || sc.settings.turns_per_round > 100 {
            return Err(err(
                Locus::Setting("turns_per_round"),
                "turns_per_round must be between 1 and 100",
            ));
        }
        let actor_ids: Vec<String> = sc.actors.iter().map(|a| a.id.clone()).collect();
        let issue_ids: Vec<String> = sc.issues.iter().map(|a| a.id.clone()).collect();
        let event_ids: Vec<String> = sc.events.iter().map(|a| a.id.clone()).collect();
        let forum_ids: Vec<String> = sc.forums.iter().map(|a| a.id.clone()).collect();
        let (n, d) = (actor_ids.len(), issue_ids.len());
        if n < 2 {
            return Err(err(
                Locus::Scenario,
                format!("a scenario needs at least 2 actors, found {n}"),
            ));
        }
        if d == 0 {
            return Err(err(Locus::Scenario, "a scenario needs at least one issue"));
        }
        dup(&actor_ids, Locus::Actor, "actor")?;
        dup(&issue_ids, Locus::Issue, "issue")?;
        dup(&event_ids, Locus::Event, "event")?;
        dup(&forum_ids, Locus::Forum, "forum")?;
        dup(
            &sc.formats.iter().map(|f| f.id.clone()).collect::<Vec<_>>(),
            Locus::Format,
            "format",
        )?;
        dup(
            &sc.outcomes.iter().map(|f| f.id.clone()).collect::<Vec<_>>(),
            Locus::Outcome,
            "outcome",
        )?;
        dup(
            &sc.interventions
                .iter()
                .map(|f| f.id.clone())
                .collect::<Vec<_>>(),
            Locus::Intervention,
            "intervention",
        )?;
        for (i, id) in actor_ids
            .iter()
            .chain(&issue_ids)
            .chain(&event_ids)
            .chain(&forum_ids)
            .enumerate()
        {
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                let locus = locus_of_name(i, n, d, event_ids.len());
                return Err(err(
                    locus,
                    format!(
                        "id `{id}` must be letters, digits and _ only (it is used in rule names)"
                    ),
                ));
            }
        }
        let ai = index(&actor_ids);
        let ii = index(&issue_ids);
        let ei = index(&event_ids);
        let fi = index(&forum_ids);
        let actor = |s: &str, locus: Locus| {
            ai.get(s).copied().ok_or_else(|| {
                err(
                    locus,
                    format!("unknown actor `{s}` (actors: {})", actor_ids.join(", ")),
                )
            })
        };
        let issue = |s: &str, locus: Locus| {
            ii.get(s).copied().ok_or_else(|| {
                err(
                    locus,
                    format!("unknown issue `{s}` (issues: {})", issue_ids.join(", ")),
                )
            })
        };
        let event = |s: &str, locus: Locus| {
            ei.get(s)
                .copied()
                .ok_or_else(|| err(locus, format!("unknown event `{s}`")))
        };
        let forum = |s: &str, locus: Locus| {
            fi.get(s)
                .copied()
                .ok_or_else(|| err(locus, format!("unknown forum `{s}`")))
        };

        let mut b = Builder {
            params: Vec::new(),
            names: Vec::new(),
        };
        // Settings.
        let s = &sc.settings;
        let setting_nums = [
            &s.kappa,
            &s.gamma,
            &s.impulse_gain,
            &s.reversion,
            &s.balance_pressure,
            &s.relation_noise,
            &s.alliance_spillover,
            &s.agreement_spread,
            &s.breakdown_regard,
            &s.agreement_goldstein,
            &s.breakdown_goldstein,
            &s.compromise_rate,
        ];
        let bounds: [(f64, f64); 12] = [
            (0.0, 10.0),
            (0.0, 1.0),
            (0.0, 10.0),
            (0.0, 1.0),
            (0.0, 10.0),
            (0.0, 1.0),
            (0.0, 10.0),
            (0.0, 100.0),
            (-1.0, 1.0),
            (-10.0, 10.0),
            (-10.0, 10.0),
            (0.0, 1.0),
        ];
        let mut slots = [0u32; 12];
        for (k, num) in setting_nums.iter().enumerate() {
            let name = SETTING_NAMES[k];
            check_range(num, bounds[k].0, bounds[k].1, Locus::Setting(name), name)?;
            slots[k] = b.add(num, format!("settings.{name}"));
        }
        let set = SettingSlots {
            kappa: slots[0],
            gamma: slots[1],
            impulse_gain: slots[2],
            reversion: slots[3],
            balance_pressure: slots[4],
            relation_noise: slots[5],
            alliance_spillover: slots[6],
            agreement_spread: slots[7],
            breakdown_regard: slots[8],
            agreement_goldstein: slots[9],
            breakdown_goldstein: slots[10],
            compromise_rate: slots[11],
        };
        let noisy = s.relation_noise.dist.range().1 > 0.0;

        let mut cap = Vec::with_capacity(n);
        for (i, a) in sc.actors.iter().enumerate() {
            check_range(&a.capability, 0.0, f64::MAX, Locus::Actor(i), "capability")?;
            if a.capability.dist.nominal() <= 0.0 {
                return Err(err(Locus::Actor(i), "capability must be positive"));
            }
            cap.push(b.add(&a.capability, format!("actors.{}.capability", a.id)));
        }
        // Positions and saliences: every actor x issue has a slot (default 50 and 0) so that
        // interventions can reach any of them.
        let mut pos_num: Vec<Option<(Num, Num)>> = vec![None; n * d];
        for (k, st) in sc.stances.iter().enumerate() {
            let i = actor(&st.actor, Locus::Stance(k))?;
            let j = issue(&st.issue, Locus::Stance(k))?;
            check_range(&st.position, 0.0, 100.0, Locus::Stance(k), "position")?;
            check_range(&st.salience, 0.0, 100.0, Locus::Stance(k), "salience")?;
            if pos_num[i * d + j].is_some() {
                return Err(err(
                    Locus::Stance(k),
                    format!("a second position of {} on {}", st.actor, st.issue),
                ));
            }
            pos_num[i * d + j] = Some((st.position.clone(), st.salience.clone()));
        }
        for i in 0..n {
            let total: f64 = (0..d)
                .filter_map(|j| pos_num[i * d + j].as_ref())
                .map(|p| p.1.dist.nominal())
                .sum();
            if total > 100.0 + 1e-9 {
                let at = sc
                    .stances
                    .iter()
                    .rposition(|s| s.actor == actor_ids[i])
                    .unwrap_or(0);
                return Err(err(
                    Locus::Stance(at),
                    format!("saliences of {} sum to {total} (over 100)", actor_ids[i]),
                ));
            }
        }
        let mut pos = Vec::with_capacity(n * d);
        let mut sal = Vec::with_capacity(n * d);
        for i in 0..n {
            for j in 0..d {
                let (p, s) = pos_num[i * d + j]
                    .clone()
                    .unwrap_or((Num::fixed(50.0), Num::fixed(0.0)));
                pos.push(b.add(&p, format!("positions.{}.{}", actor_ids[i], issue_ids[j])));
                sal.push(b.add(&s, format!("saliences.{}.{}", actor_ids[i], issue_ids[j])));
            }
        }
        let mut rel_num: Vec<Option<Num>> = vec![None; n * n];
        for (k, r) in sc.relations.iter().enumerate() {
            let i = actor(&r.from, Locus::Relation(k))?;
            let j = actor(&r.to, Locus::Relation(k))?;
            if i == j {
                return Err(err(
                    Locus::Relation(k),
                    format!("a relation of {} with itself", r.from),
                ));
            }
            check_range(&r.baseline, -1.0, 1.0, Locus::Relation(k), "baseline")?;
            if rel_num[i * n + j].is_some() {
                return Err(err(
                    Locus::Relation(k),
                    format!("a second baseline for {} -> {}", r.from, r.to),
                ));
            }
            rel_num[i * n + j] = Some(r.baseline.clone());
        }
        let mut base_rel = Vec::with_capacity(n * n);
        for i in 0..n {
            for j in 0..n {
                let num = rel_num[i * n + j].clone().unwrap_or(Num::fixed(0.0));
                base_rel.push(b.add(&num, format!("relations.{}.{}", actor_ids[i], actor_ids[j])));
            }
        }
        let mut ally = vec![false; n * n];
        for (k, a) in sc.alliances.iter().enumerate() {
            let i = actor(&a.a, Locus::Alliance(k))?;
            let j = actor(&a.b, Locus::Alliance(k))?;
            if i == j {
                return Err(err(
                    Locus::Alliance(k),
                    "an alliance needs two different actors",
                ));
            }
            ally[i * n + j] = true;
            ally[j * n + i] = true;
        }
        let mut pressures = Vec::new();
        for (k, p) in sc.pressures.iter().enumerate() {
            let target = actor(&p.target, Locus::Pressure(k))?;
            let iss = issue(&p.issue, Locus::Pressure(k))?;
            let mut shares = Vec::new();
            for (m, (a, num)) in p.shares.iter().enumerate() {
                let who = actor(a, Locus::PressureShare(k, m))?;
                check_range(num, 0.0, 1.0, Locus::PressureShare(k, m), "trade share")?;
                shares.push((who, b.add(num, format!("pressure.{}.{}", p.target, a))));
            }
            if pressures.iter().any(|q: &PressureC| q.target == target) {
                return Err(err(
                    Locus::Pressure(k),
                    format!("a second pressure entry for {}", p.target),
                ));
            }
            pressures.push(PressureC {
                target,
                issue: iss,
                shares,
            });
        }

        // Forums, before events (events name forums) and rules.
        let mut forums = Vec::new();
        for (f, fo) in sc.forums.iter().enumerate() {
            let mut members = Vec::new();
            for (m, a) in fo.members.iter().enumerate() {
                let i = actor(a, Locus::ForumMember(f, m))?;
                if members.contains(&i) {
                    return Err(err(
                        Locus::ForumMember(f, m),
                        format!("{a} is listed twice"),
                    ));
                }
                members.push(i);
            }
            if members.len() < 2 {
                return Err(err(Locus::Forum(f), "a forum needs at least 2 members"));
            }
            let mut agenda = Vec::new();
            for (m, a) in fo.agenda.iter().enumerate() {
                let j = issue(a, Locus::ForumAgenda(f, m))?;
                if agenda.contains(&j) {
                    return Err(err(
                        Locus::ForumAgenda(f, m),
                        format!("{a} is listed twice"),
                    ));
                }
                agenda.push(j);
            }
            if agenda.is_empty() {
                return Err(err(
                    Locus::Forum(f),
                    "a forum needs an agenda of at least one issue",
                ));
            }
            let earlier = |s: &Option<String>, what: &str| -> Result<Option<usize>, CompileError> {
                match s {
                    None => Ok(None),
                    Some(s) => {
                        let g = forum(s, Locus::Forum(f))?;
                        if g >= f {
                            return Err(err(
                                Locus::Forum(f),
                                format!("`{what} = \"{s}\"` must name a forum declared earlier"),
                            ));
                        }
                        Ok(Some(g))
                    }
                }
            };
            let after = earlier(&fo.after, "after")?;
            let during = earlier(&fo.during, "during")?;
            if fo.start == 0 || fo.start > sc.rounds {
                return Err(err(
                    Locus::Forum(f),
                    format!(
                        "start must be a round in 1..={}, found {}",
                        sc.rounds, fo.start
                    ),
                ));
            }
            let mut agree_on = Vec::new();
            for a in &fo.agree_on {
                let j = issue(a, Locus::Forum(f))?;
                if !agenda.contains(&j) {
                    return Err(err(
                        Locus::Forum(f),
                        format!("agree_on issue {a} is not on the forum's agenda"),
                    ));
                }
                agree_on.push(j);
            }
            if agree_on.is_empty() {
                agree_on = agenda.clone();
            }
            forums.push(ForumC {
                members,
                agenda,
                start: fo.start,
                after,
                during,
                when: None,
                agree_on,
                persist: fo.persist,
            });
        }
        let mut formats = Vec::new();
        for (g, fm) in sc.formats.iter().enumerate() {
            let mut list = Vec::new();
            for (k, s) in fm.forums.iter().enumerate() {
                let f = forum(s, Locus::FormatForum(g, k))?;
                list.push(f);
            }
            for &f in &list {
                for dep in [forums[f].after, forums[f].during].into_iter().flatten() {
                    if !list.contains(&dep) {
                        return Err(err(
                            Locus::Format(g),
                            format!(
                                "forum {} depends on forum {}, which is not in this format",
                                forum_ids[f], forum_ids[dep]
                            ),
                        ));
                    }
                }
            }
            formats.push(list);
        }
        if formats.is_empty() {
            return Err(err(Locus::Scenario, "a scenario needs at least one format"));
        }

        // State layout and the names rules can use.
        let ne = sc.events.len();
        let nf = forums.len();
        let mut l = Layout {
            round: 0,
            rounds: 1,
            pos: 2,
            ..Default::default()
        };
        l.sal = l.pos + n * d;
        l.cap = l.sal + n * d;
        l.rel = l.cap + n;
        l.count = l.rel + n * n;
        l.fired = l.count + ne;
        l.recent3 = l.fired + ne;
        l.recent6 = l.recent3 + ne;
        l.recent12 = l.recent6 + ne;
        l.since = l.recent12 + ne;
        l.seated = l.since + ne;
        l.param = l.seated + n;
        l.derived = l.param + sc.parameters.len();
        l.streak = l.derived + sc.derived.len();
        l.session = l.streak + sc.counters.len();
        l.agreed = l.session + nf;
        l.broken = l.agreed + nf;
        l.exists = l.broken + nf;
        l.mean = l.exists + nf;
        l.pressure = l.mean + d;
        l.mean_regard = l.pressure + pressures.len();
        l.balance = l.mean_regard + 1;
        l.len = l.balance + 1;
        let mut sym: HashMap<String, u32> = HashMap::new();
        let mut put = |k: String, v: usize| {
            sym.insert(k, v as u32);
        };
        put("round".into(), l.round);
        put("rounds".into(), l.rounds);
        put("mean_regard".into(), l.mean_regard);
        put("balance".into(), l.balance);
        for i in 0..n {
            put(format!("cap_{}", actor_ids[i]), l.cap + i);
            for (j, issue_id) in issue_ids.iter().enumerate() {
                put(
                    format!("pos_{}_{}", actor_ids[i], issue_id),
                    l.pos + i * d + j,
                );
                put(
                    format!("sal_{}_{}", actor_ids[i], issue_id),
                    l.sal + i * d + j,
                );
            }
            for j in 0..n {
                if i != j {
                    put(
                        format!("rel_{}_{}", actor_ids[i], actor_ids[j]),
                        l.rel + i * n + j,
                    );
                }
            }
        }
        for (e, id) in event_ids.iter().enumerate() {
            put(format!("count_{id}"), l.count + e);
            put(format!("fired_{id}"), l.fired + e);
            put(format!("recent3_{id}"), l.recent3 + e);
            put(format!("recent6_{id}"), l.recent6 + e);
            put(format!("recent12_{id}"), l.recent12 + e);
            put(format!("since_{id}"), l.since + e);
        }
        for (i, id) in actor_ids.iter().enumerate() {
            put(format!("seated_{id}"), l.seated + i);
        }
        let mut names_seen: Vec<&str> = Vec::new();
        let named_ids = sc.parameters.iter().map(|p| (p.0.as_str(), "parameter"));
        let derived_ids = sc.derived.iter().map(|p| (p.0.as_str(), "derived"));
        let counter_ids = sc.counters.iter().map(|p| (p.0.as_str(), "counter"));
        for (k, (id, what)) in named_ids.chain(derived_ids).chain(counter_ids).enumerate() {
            let locus = if k < sc.parameters.len() {
                Locus::Parameter(k)
            } else if k < sc.parameters.len() + sc.derived.len() {
                Locus::Derived(k - sc.parameters.len())
            } else {
                Locus::Counter(k - sc.parameters.len() - sc.derived.len())
            };
            if id.is_empty()
                || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                || id.starts_with(|c: char| c.is_ascii_digit())
            {
                return Err(err(locus, format!("{what} name `{id}` must be letters, digits and _ and not start with a digit")));
            }
            if names_seen.contains(&id) {
                return Err(err(locus, format!("the name `{id}` is used twice")));
            }
            names_seen.push(id);
        }
        for (k, (id, _)) in sc.parameters.iter().enumerate() {
            put(id.clone(), l.param + k);
        }
        for (k, (id, _)) in sc.derived.iter().enumerate() {
            put(id.clone(), l.derived + k);
        }
        for (k, (id, _)) in sc.counters.iter().enumerate() {
            put(format!("streak_{id}"), l.streak + k);
        }
        for (f, id) in forum_ids.iter().enumerate() {
            put(format!("session_{id}"), l.session + f);
            put(format!("agreed_{id}"), l.agreed + f);
            put(format!("broken_{id}"), l.broken + f);
            put(format!("exists_{id}"), l.exists + f);
        }
        for (j, id) in issue_ids.iter().enumerate() {
            put(format!("mean_{id}"), l.mean + j);
        }
        for (k, p) in pressures.iter().enumerate() {
            put(format!("pressure_{}", actor_ids[p.target]), l.pressure + k);
        }
        let compile_expr = |text: &str, locus: Locus| {
            Expr::compile(text, &|name| sym.get(name).copied()).map_err(|e: ExprError| {
                CompileError {
                    locus,
                    message: e.message,
                    offset: e.offset,
                }
            })
        };

        let mut named = Vec::new();
        for (k, (id, num)) in sc.parameters.iter().enumerate() {
            check_dist(&num.dist, Locus::Parameter(k), id)?;
            named.push(b.add(num, format!("parameters.{id}")));
        }
        let mut derived = Vec::new();
        for (k, (_, text)) in sc.derived.iter().enumerate() {
            derived.push(compile_expr(text, Locus::Derived(k))?);
        }
        let mut counters = Vec::new();
        for (k, (_, text)) in sc.counters.iter().enumerate() {
            counters.push(compile_expr(text, Locus::Counter(k))?);
        }
        for (f, fo) in sc.forums.iter().enumerate() {
            if let Some(w) = &fo.when {
                forums[f].when = Some(compile_expr(w, Locus::ForumWhen(f))?);
            }
        }
        let mut events = Vec::new();
        for (e, ev) in sc.events.iter().enumerate() {
            let source = actor(&ev.source, Locus::Event(e))?;
            let mut targets = Vec::new();
            for t in &ev.targets {
                targets.push(actor(t, Locus::Event(e))?);
            }
            if targets.is_empty() {
                return Err(err(
                    Locus::Event(e),
                    "an event needs at least one target actor",
                ));
            }
            check_range(
                &ev.impulse_scale,
                0.0,
                100.0,
                Locus::Event(e),
                "impulse_scale",
            )?;
            let scale = b.add(&ev.impulse_scale, format!("events.{}.impulse_scale", ev.id));
            if ev.cameo.is_empty()
                || ev.cameo.len() > 4
                || !ev.cameo.chars().all(|c| c.is_ascii_digit())
            {
                return Err(err(
                    Locus::Event(e),
                    format!("CAMEO code `{}` must be 2 to 4 digits", ev.cameo),
                ));
            }
            check_range(&ev.goldstein, -10.0, 10.0, Locus::Event(e), "goldstein")?;
            let goldstein = b.add(&ev.goldstein, format!("events.{}.goldstein", ev.id));
            let rate = match &ev.rate {
                Some(r) => {
                    check_range(r, 0.0, 100.0, Locus::Event(e), "rate")?;
                    Some(b.add(r, format!("events.{}.rate", ev.id)))
                }
                None => None,
            };
            for &t in &ev.at {
                if t < -120 || t > sc.rounds as i64 {
                    return Err(err(Locus::Event(e), format!("scheduled round {t} is outside -120..={} (rounds <= 0 are the prelude)", sc.rounds)));
                }
            }
            let when = match &ev.when {
                Some(w) => {
                    if rate.is_none() {
                        return Err(err(
                            Locus::EventWhen(e),
                            "`when` applies to stochastic events (give a rate)",
                        ));
                    }
                    Some(compile_expr(w, Locus::EventWhen(e))?)
                }
                None => None,
            };
            let mut modifiers = Vec::new();
            for (m, md) in ev.modifiers.iter().enumerate() {
                if rate.is_none() {
                    return Err(err(
                        Locus::EventModifier(e, m),
                        "rate modifiers need a rate",
                    ));
                }
                let x = compile_expr(&md.expr, Locus::EventModifier(e, m))?;
                check_dist(&md.coef.dist, Locus::EventModifier(e, m), "coef")?;
                modifiers.push((
                    x,
                    b.add(&md.coef, format!("events.{}.modifiers.{m}", ev.id)),
                ));
            }
            let mut effects = Vec::new();
            for (m, ef) in ev.effects.iter().enumerate() {
                let lc = Locus::EventEffect(e, m);
                let name = format!("events.{}.effects.{m}", ev.id);
                effects.push(match ef {
                    Effect::Relation { from, to, delta } => {
                        check_range(delta, -2.0, 2.0, lc, "relation delta")?;
                        let (i, j) = (actor(from, lc)?, actor(to, lc)?);
                        if i == j {
                            return Err(err(lc, "a relation effect needs two different actors"));
                        }
                        EffectC::Relation {
                            from: i,
                            to: j,
                            delta: b.add(delta, name),
                        }
                    }
                    Effect::Position {
                        actor: a,
                        issue: s,
                        delta,
                    } => {
                        check_range(delta, -100.0, 100.0, lc, "position delta")?;
                        EffectC::Position {
                            actor: actor(a, lc)?,
                            issue: issue(s, lc)?,
                            delta: b.add(delta, name),
                        }
                    }
                    Effect::Salience {
                        actor: a,
                        issue: s,
                        delta,
                    } => {
                        check_range(delta, -100.0, 100.0, lc, "salience delta")?;
                        EffectC::Salience {
                            actor: actor(a, lc)?,
                            issue: issue(s, lc)?,
                            delta: b.add(delta, name),
                        }
                    }
                    Effect::Capability { actor: a, factor } => {
                        check_range(factor, 0.0, 100.0, lc, "capability factor")?;
                        EffectC::Capability {
                            actor: actor(a, lc)?,
                            factor: b.add(factor, name),
                        }
                    }
                    Effect::Suspend { forum: f, rounds } => EffectC::Suspend {
                        forum: forum(f, lc)?,
                        rounds: *rounds,
                    },
                    Effect::Breakdown { forum: f } => EffectC::Breakdown {
                        forum: forum(f, lc)?,
                    },
                });
            }
            events.push(EventC {
                source,
                targets,
                goldstein,
                scale,
                rate,
                modifiers,
                when,
                at: ev.at.clone(),
                effects,
            });
        }

        let mut outcome_kind = Vec::new();
        let mut outcome_rule = Vec::new();
        let mut fallback = None;
        for (o, oc) in sc.outcomes.iter().enumerate() {
            outcome_kind.push(oc.kind);
            match (oc.kind, &oc.rule) {
                (OutcomeKind::Fallback, None) => {
                    if fallback.is_some() {
                        return Err(err(
                            Locus::Outcome(o),
                            "only one outcome can be the fallback",
                        ));
                    }
                    fallback = Some(o);
                    outcome_rule.push(None);
                }
                (OutcomeKind::Fallback, Some(_)) => return Err(err(
                    Locus::Outcome(o),
                    "the fallback outcome takes no rule (it is what happens when no rule holds)",
                )),
                (_, None) => {
                    return Err(err(
                        Locus::Outcome(o),
                        format!("outcome {} needs a rule", oc.id),
                    ))
                }
                (_, Some(r)) => outcome_rule.push(Some(compile_expr(r, Locus::Outcome(o))?)),
            }
        }
        let fallback = fallback.ok_or_else(|| err(Locus::Scenario, "one outcome must be the fallback (kind = \"fallback\"), so that every run has exactly one outcome"))?;

        let mut interventions = Vec::new();
        for (v, iv) in sc.interventions.iter().enumerate() {
            let mut ops = Vec::new();
            for (c, ch) in iv.changes.iter().enumerate() {
                let lc = Locus::Change(v, c);
                ops.push(match ch {
                    Change::RelationBaseline { from, to, op } => {
                        let (i, j) = (actor(from, lc)?, actor(to, lc)?);
                        if i == j {
                            return Err(err(lc, "a relation needs two different actors"));
                        }
                        IvOp::Param(base_rel[i * n + j], *op)
                    }
                    Change::Position {
                        actor: a,
                        issue: s,
                        op,
                    } => IvOp::Param(pos[actor(a, lc)? * d + issue(s, lc)?], *op),
                    Change::Salience {
                        actor: a,
                        issue: s,
                        op,
                    } => IvOp::Param(sal[actor(a, lc)? * d + issue(s, lc)?], *op),
                    Change::Capability { actor: a, op } => IvOp::Param(cap[actor(a, lc)?], *op),
                    Change::EventRate { event: e, factor } => {
                        let k = event(e, lc)?;
                        let r = events[k]
                            .rate
                            .ok_or_else(|| err(lc, format!("event {e} has no rate to change")))?;
                        if !(factor.is_finite() && *factor >= 0.0) {
                            return Err(err(lc, "a rate factor must be a number >= 0"));
                        }
                        IvOp::Param(r, Op::Scale(*factor))
                    }
                    Change::Schedule { event: e, round } => {
                        if *round == 0 || *round > sc.rounds {
                            return Err(err(
                                lc,
                                format!("round {round} is outside 1..={}", sc.rounds),
                            ));
                        }
                        IvOp::Schedule(event(e, lc)?, *round)
                    }
                    Change::Unschedule { event: e } => IvOp::Unschedule(event(e, lc)?),
                    Change::Alliance { a, b: bb } => {
                        let (i, j) = (actor(a, lc)?, actor(bb, lc)?);
                        if i == j {
                            return Err(err(lc, "an alliance needs two different actors"));
                        }
                        IvOp::Alliance(i, j)
                    }
                    Change::Setting { name, op } => {
                        if let Some(k) = SETTING_NAMES.iter().position(|s| s == name) {
                            IvOp::Param(slots[k], *op)
                        } else if let Some(k) = sc.parameters.iter().position(|p| &p.0 == name) {
                            IvOp::Param(named[k], *op)
                        } else {
                            return Err(err(
                                lc,
                                format!(
                                    "unknown setting or parameter `{name}` (settings: {})",
                                    SETTING_NAMES.join(", ")
                                ),
                            ));
                        }
                    }
                });
            }
            interventions.push(ops);
        }

        let reads_summary = |x: &Expr| x.reads(l.mean_regard) || x.reads(l.balance);
        let needs_summary = outcome_rule.iter().flatten().any(reads_summary)
            || derived.iter().any(reads_summary)
            || counters.iter().any(reads_summary)
            || forums
                .iter()
                .filter_map(|f| f.when.as_ref())
                .any(reads_summary)
            || events.iter().any(|e| {
                e.when.as_ref().is_some_and(reads_summary)
                    || e.modifiers.iter().any(|(x, _)| reads_summary(x))
            });
        Ok(Model {
            needs_summary,
            id: sc.id.clone(),
            name: sc.name.clone(),
            rounds: sc.rounds,
            bargaining: sc.settings.bargaining,
            turns_per_round: sc.settings.turns_per_round,
            actors: actor_ids,
            issues: issue_ids,
            event_ids,
            forum_ids,
            format_ids: sc.formats.iter().map(|f| f.id.clone()).collect(),
            format_names: sc.formats.iter().map(|f| f.name.clone()).collect(),
            outcome_ids: sc.outcomes.iter().map(|f| f.id.clone()).collect(),
            outcome_names: sc.outcomes.iter().map(|f| f.name.clone()).collect(),
            intervention_ids: sc.interventions.iter().map(|f| f.id.clone()).collect(),
            intervention_names: sc.interventions.iter().map(|f| f.name.clone()).collect(),
            layout: l,
            params: b.params,
            param_names: b.names,
            set,
            cap,
            pos,
            sal,
            base_rel,
            ally,
            events,
            forums,
            formats,
            outcome_kind,
            outcome_rule,
            fallback,
            pressures,
            interventions,
            named,
            derived,
            counters,
            first_round: sc
                .events
                .iter()
                .flat_map(|e| e.at.iter().copied())
                .min()
                .unwrap_or(1)
                .min(1),
            noisy,
            symbols: sym,
        })
    }

    /// Number of actors.
    pub fn n(&self) -> usize {
        self.actors.len()
    }

    /// Number of issues.
    pub fn d(&self) -> usize {
        self.issues.len()
    }

    /// The uncertain inputs, in the order their draws are taken.
    pub fn uncertain_inputs(&self) -> Vec<UncertainInput> {
        self.params
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_uncertain())
            .map(|(k, d)| UncertainInput {
                slot: k as u32,
                name: self.param_names[k].clone(),
                dist: d.clone(),
            })
            .collect()
    }

    /// The state index of a rule variable name (for tests and trajectory readers).
    pub fn variable(&self, name: &str) -> Option<usize> {
        self.symbols.get(name).map(|&v| v as usize)
    }

    /// Index of a format by id.
    pub fn format_index(&self, id: &str) -> Option<usize> {
        self.format_ids.iter().position(|f| f == id)
    }

    /// Index of an intervention by id.
    pub fn intervention_index(&self, id: &str) -> Option<usize> {
        self.intervention_ids.iter().position(|f| f == id)
    }
}

fn dup(ids: &[String], locus: fn(usize) -> Locus, what: &str) -> Result<(), CompileError> {
    for (k, id) in ids.iter().enumerate() {
        if ids[..k].contains(id) {
            return Err(err(locus(k), format!("{what} id `{id}` is used twice")));
        }
    }
    Ok(())
}

fn locus_of_name(i: usize, n: usize, d: usize, ne: usize) -> Locus {
    if i < n {
        Locus::Actor(i)
    } else if i < n + d {
        Locus::Issue(i - n)
    } else if i < n + d + ne {
        Locus::Event(i - n - d)
    } else {
        Locus::Forum(i - n - d - ne)
    }
}
