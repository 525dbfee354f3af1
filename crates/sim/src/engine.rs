//! One run of a crisis: per round, scheduled and stochastic events, relation dynamics, bargaining
//! in the forums in session, then the outcome rules (crisis-model.md section 2).
//!
//! A run is a function of the model, the plan (format and interventions), the seed and the run
//! index. Its numbers come from `intrigue_stats::stream::stream(seed, run, channel)`, one channel
//! per use, so run k sees the same draws under every format and intervention.

use intrigue_balance::relations::{step as balance_step, DynamicsParams};
use intrigue_bargain::smp::{Coupling, Smp, SmpConfig};
use intrigue_bargain::Negotiation;
use intrigue_stats::stream::{stream, uniform01};
use rand::Rng;

use crate::dist::normal_quantile;
use crate::model::{EffectC, IvOp, Model};
use crate::relations;
use crate::scenario::{BargainingModel, Op, OutcomeKind};

/// Stream channels of a run.
pub const CHANNEL_INPUTS: u32 = 0;
pub const CHANNEL_EVENTS: u32 = 1;
pub const CHANNEL_RELATIONS: u32 = 2;
pub const CHANNEL_BARGAINING: u32 = 3;

/// A format with a set of interventions, ready to run.
#[derive(Clone, Debug)]
pub struct Plan<'m> {
    pub model: &'m Model,
    pub format: usize,
    in_format: Vec<bool>,
    ops: Vec<(u32, Op)>,
    /// Events firing for certain at each round (index = round - first round).
    schedule: Vec<Vec<usize>>,
    ally: Vec<bool>,
}

impl Model {
    /// The plan of format `format` under the interventions (indices), applied in order.
    pub fn plan(&self, format: usize, interventions: &[usize]) -> Plan<'_> {
        let mut in_format = vec![false; self.forums.len()];
        for &f in &self.formats[format] {
            in_format[f] = true;
        }
        let first = self.first_round;
        let mut schedule = vec![Vec::new(); (self.rounds as i64 - first + 1) as usize];
        for (e, ev) in self.events.iter().enumerate() {
            for &t in &ev.at {
                schedule[(t - first) as usize].push(e);
            }
        }
        let mut ally = self.ally.clone();
        let mut ops = Vec::new();
        let n = self.n();
        for &v in interventions {
            for op in &self.interventions[v] {
                match *op {
                    IvOp::Param(p, o) => ops.push((p, o)),
                    IvOp::Schedule(e, t) => {
                        let slot = &mut schedule[(t as i64 - first) as usize];
                        if !slot.contains(&e) {
                            slot.push(e);
                        }
                    }
                    IvOp::Unschedule(e) => schedule.iter_mut().for_each(|s| s.retain(|&x| x != e)),
                    IvOp::Alliance(a, b) => {
                        ally[a * n + b] = true;
                        ally[b * n + a] = true;
                    }
                }
            }
        }
        // Fire in declaration order whatever the order the interventions added them in.
        schedule.iter_mut().for_each(|s| s.sort_unstable());
        Plan {
            model: self,
            format,
            in_format,
            ops,
            schedule,
            ally,
        }
    }
}

/// Where the uncertain inputs of a run come from.
#[derive(Clone, Copy, Debug)]
pub enum Inputs<'a> {
    /// Drawn from the run's stream (Monte Carlo).
    Drawn,
    /// Given as quantiles in [0, 1), one per [`Model::uncertain_inputs`] entry (sensitivity designs).
    Quantiles(&'a [f64]),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Idle,
    Session,
    /// Agreed and done (a forum that does not persist after agreement).
    Closed,
    Broken,
}

/// Per-worker buffers, allocated once and reused by every run.
pub struct Workspace {
    drawn: Vec<f64>,
    params: Vec<f64>,
    vars: Vec<f64>,
    base: Vec<f64>,
    imp: Vec<f64>,
    old: Vec<f64>,
    noise: Vec<f64>,
    status: Vec<Status>,
    agreed: Vec<bool>,
    suspended_until: Vec<usize>,
    smp: Vec<Option<Smp>>,
    /// Saliences and capabilities last handed to each forum's SMP (to send only changes).
    smp_sal: Vec<Vec<f64>>,
    smp_cap: Vec<Vec<f64>>,
    /// Positions (0-100) last written back from each forum's SMP.
    smp_pos: Vec<Vec<f64>>,
    /// Per forum: turns of the current bargaining episode, movement of its first turn, settled.
    episode: Vec<(usize, f64, bool)>,
    regard: Vec<Vec<f64>>,
    target: Vec<f64>,
    /// Firings per event per round since the first round, for windowed counts.
    hist: Vec<u32>,
    last_fired: Vec<i64>,
    this_round: Vec<u32>,
}

impl Workspace {
    pub fn new(model: &Model) -> Workspace {
        let n = model.n();
        let nf = model.forums.len();
        let max_md = model
            .forums
            .iter()
            .map(|f| f.members.len() * f.agenda.len())
            .max()
            .unwrap_or(0);
        Workspace {
            drawn: vec![0.0; model.params.len()],
            params: vec![0.0; model.params.len()],
            vars: vec![0.0; model.layout.len],
            base: vec![0.0; n * n],
            imp: vec![0.0; n * n],
            old: vec![0.0; n * n],
            noise: vec![0.0; n * n],
            status: vec![Status::Idle; nf],
            agreed: vec![false; nf],
            suspended_until: vec![0; nf],
            smp: (0..nf).map(|_| None).collect(),
            smp_sal: model
                .forums
                .iter()
                .map(|f| vec![0.0; f.members.len() * f.agenda.len()])
                .collect(),
            smp_cap: model
                .forums
                .iter()
                .map(|f| vec![0.0; f.members.len()])
                .collect(),
            episode: vec![(0, 0.0, false); nf],
            smp_pos: model
                .forums
                .iter()
                .map(|f| vec![0.0; f.members.len() * f.agenda.len()])
                .collect(),
            regard: model
                .forums
                .iter()
                .map(|f| vec![0.0; f.members.len() * f.members.len()])
                .collect(),
            target: vec![0.0; max_md],
            hist: vec![
                0;
                model.events.len() * (model.rounds as i64 - model.first_round + 1) as usize
            ],
            last_fired: vec![i64::MIN; model.events.len()],
            this_round: vec![0; model.events.len()],
        }
    }

    /// The state vector after the last round of the last run (rule variables).
    pub fn vars(&self) -> &[f64] {
        &self.vars
    }
}

/// What a run ended in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunResult {
    pub outcome: usize,
    /// Rounds played (less than the horizon when an absorbing outcome ended the run).
    pub rounds: usize,
}

/// Draws run k's inputs into the workspace (shared by every format of the run).
pub fn draw_inputs(model: &Model, seed: u64, run: u64, inputs: Inputs<'_>, ws: &mut Workspace) {
    let mut rng = stream(seed, run, CHANNEL_INPUTS);
    let mut q = 0usize;
    for (k, d) in model.params.iter().enumerate() {
        // One uniform per number, fixed or not, so that draws stay aligned when a number changes kind.
        let u = uniform01(&mut rng);
        ws.drawn[k] = match (inputs, d.is_uncertain()) {
            (Inputs::Quantiles(qs), true) => {
                let v = d.quantile(qs.get(q).copied().unwrap_or(0.5).clamp(0.0, 1.0));
                q += 1;
                v
            }
            _ => d.quantile(u),
        };
    }
}

/// Runs plan `plan` for run index `run` with inputs already drawn by [`draw_inputs`].
/// `trace` sees the state vector after every round.
pub fn run_drawn(
    plan: &Plan<'_>,
    seed: u64,
    run: u64,
    ws: &mut Workspace,
    trace: &mut dyn FnMut(usize, &[f64]),
) -> Result<RunResult, String> {
    let m = plan.model;
    let (n, d) = (m.n(), m.d());
    let l = &m.layout;
    ws.params.copy_from_slice(&ws.drawn);
    for &(p, op) in &plan.ops {
        let x = &mut ws.params[p as usize];
        *x = match op {
            Op::Set(v) => v,
            Op::Add(v) => *x + v,
            Op::Scale(v) => *x * v,
        };
    }
    let p = &ws.params;
    let s = &m.set;
    let kappa = p[s.kappa as usize];
    let gamma = p[s.gamma as usize];
    let gain = p[s.impulse_gain as usize];
    let theta = p[s.reversion as usize].clamp(0.0, 1.0);
    let beta = p[s.balance_pressure as usize];
    let sigma = p[s.relation_noise as usize].max(0.0);
    let spill = p[s.alliance_spillover as usize];
    let spread = p[s.agreement_spread as usize];
    let breakdown = p[s.breakdown_regard as usize];
    let g_agree = p[s.agreement_goldstein as usize];
    let g_break = p[s.breakdown_goldstein as usize];
    let alpha = p[s.compromise_rate as usize].clamp(0.0, 1.0);
    // Impulses arrive already scaled (gain x impulse_scale x Goldstein / 10, or a stated delta).
    let dynamics = DynamicsParams {
        impulse_gain: 1.0,
        reversion_rate: theta,
        balance_gain: beta,
        noise_scale: sigma,
    };

    // Initial state.
    let v = &mut ws.vars;
    v.iter_mut().for_each(|x| *x = 0.0);
    v[l.rounds] = m.rounds as f64;
    for i in 0..n {
        v[l.cap + i] = p[m.cap[i] as usize].max(1e-9);
        let mut total = 0.0;
        for k in 0..d {
            v[l.pos + i * d + k] = p[m.pos[i * d + k] as usize].clamp(0.0, 100.0);
            let sk = p[m.sal[i * d + k] as usize].clamp(0.0, 100.0);
            v[l.sal + i * d + k] = sk;
            total += sk;
        }
        // Uncertain saliences may overshoot: rescale the row to 100.
        if total > 100.0 {
            for k in 0..d {
                v[l.sal + i * d + k] *= 100.0 / total;
            }
        }
        for j in 0..n {
            let b = if i == j {
                0.0
            } else {
                p[m.base_rel[i * n + j] as usize].clamp(-1.0, 1.0)
            };
            ws.base[i * n + j] = b;
            v[l.rel + i * n + j] = b;
        }
    }
    for f in 0..m.forums.len() {
        ws.status[f] = Status::Idle;
        ws.agreed[f] = false;
        ws.suspended_until[f] = 0;
        ws.smp[f] = None;
        v[l.exists + f] = if plan.in_format[f] { 1.0 } else { 0.0 };
    }
    for (k, &slot) in m.named.iter().enumerate() {
        ws.vars[l.param + k] = ws.params[slot as usize];
    }
    ws.hist.iter_mut().for_each(|x| *x = 0);
    ws.last_fired.iter_mut().for_each(|x| *x = i64::MIN);
    let first = m.first_round;
    // Prelude: shocks before the horizon, whose impulses decay through the relation dynamics.
    for t in first..=0 {
        ws.imp.iter_mut().for_each(|x| *x = 0.0);
        ws.this_round.iter_mut().for_each(|x| *x = 0);
        for k in 0..plan.schedule[(t - first) as usize].len() {
            let e = plan.schedule[(t - first) as usize][k];
            fire(m, plan, ws, e, t, gain, spill);
        }
        event_windows(m, ws, t);
        let rel = &mut ws.vars[l.rel..l.rel + n * n];
        balance_step(n, rel, &ws.base, &ws.imp, &[], &dynamics, &mut ws.old);
    }
    derived(m, &ws.params, &mut ws.vars);

    let mut rng_ev = stream(seed, run, CHANNEL_EVENTS);
    let mut rng_rel = if m.noisy {
        Some(stream(seed, run, CHANNEL_RELATIONS))
    } else {
        None
    };
    for t in 1..=m.rounds {
        let ti = t as i64;
        ws.vars[l.round] = t as f64;
        ws.imp.iter_mut().for_each(|x| *x = 0.0);
        ws.this_round.iter_mut().for_each(|x| *x = 0);
        // Scheduled events, then stochastic ones. Every rated event draws its uniform every round,
        // fired or not, to keep the stream aligned across formats and interventions.
        let slot = (ti - first) as usize;
        for k in 0..plan.schedule[slot].len() {
            let e = plan.schedule[slot][k];
            fire(m, plan, ws, e, ti, gain, spill);
        }
        for e in 0..m.events.len() {
            let Some(rate) = m.events[e].rate else {
                continue;
            };
            let u = uniform01(&mut rng_ev);
            let mut lambda = ws.params[rate as usize];
            if lambda <= 0.0
                || m.events[e]
                    .when
                    .as_ref()
                    .is_some_and(|w| !w.holds(&ws.vars))
            {
                continue;
            }
            let mut logm = 0.0;
            for (x, c) in &m.events[e].modifiers {
                logm += ws.params[*c as usize] * x.eval(&ws.vars);
            }
            lambda *= logm.exp();
            // Occurrences this round: Poisson(lambda) by inversion of the one uniform.
            for _ in 0..poisson(u, lambda) {
                fire(m, plan, ws, e, ti, gain, spill);
            }
        }
        event_windows(m, ws, ti);
        // Relation dynamics (intrigue-balance): impulses, OU reversion, balance pressure, noise.
        {
            let noise: &[f64] = match rng_rel.as_mut() {
                Some(rng) => {
                    for z in ws.noise.iter_mut() {
                        *z = normal_quantile(uniform01(rng));
                    }
                    &ws.noise
                }
                None => &[],
            };
            let rel = &mut ws.vars[l.rel..l.rel + n * n];
            balance_step(n, rel, &ws.base, &ws.imp, noise, &dynamics, &mut ws.old);
        }
        // Forums.
        for f in 0..m.forums.len() {
            forum_round(
                m, plan, ws, f, t, seed, run, kappa, gamma, spread, breakdown, g_agree, g_break,
                gain, alpha,
            )?;
        }
        for i in 0..n {
            ws.vars[l.seated + i] = 0.0;
        }
        for (f, fo) in m.forums.iter().enumerate() {
            if ws.status[f] == Status::Session {
                for &i in &fo.members {
                    ws.vars[l.seated + i] = 1.0;
                }
            }
        }
        derived(m, &ws.params, &mut ws.vars);
        count_streaks(m, &mut ws.vars);
        trace(t, &ws.vars);
        for (o, kind) in m.outcome_kind.iter().enumerate() {
            if *kind == OutcomeKind::Absorbing {
                if let Some(rule) = &m.outcome_rule[o] {
                    if rule.holds(&ws.vars) {
                        return Ok(RunResult {
                            outcome: o,
                            rounds: t,
                        });
                    }
                }
            }
        }
    }
    for (o, kind) in m.outcome_kind.iter().enumerate() {
        if *kind == OutcomeKind::Terminal {
            if let Some(rule) = &m.outcome_rule[o] {
                if rule.holds(&ws.vars) {
                    return Ok(RunResult {
                        outcome: o,
                        rounds: m.rounds,
                    });
                }
            }
        }
    }
    Ok(RunResult {
        outcome: m.fallback,
        rounds: m.rounds,
    })
}

/// Draws the inputs and runs one plan (convenience for single runs and tests).
pub fn run_one(
    plan: &Plan<'_>,
    seed: u64,
    run: u64,
    inputs: Inputs<'_>,
    ws: &mut Workspace,
) -> Result<RunResult, String> {
    draw_inputs(plan.model, seed, run, inputs, ws);
    run_drawn(plan, seed, run, ws, &mut |_, _| {})
}

/// An event fires: counts, the Goldstein impulse on the dyad (and on the target's allies toward
/// the source), and its effects.
fn fire(m: &Model, plan: &Plan<'_>, ws: &mut Workspace, e: usize, t: i64, gain: f64, spill: f64) {
    let l = &m.layout;
    let (n, d) = (m.n(), m.d());
    let ev = &m.events[e];
    ws.vars[l.count + e] += 1.0;
    ws.this_round[e] += 1;
    ws.last_fired[e] = t;
    let g = ws.params[ev.goldstein as usize];
    let imp = gain * ws.params[ev.scale as usize] * g / 10.0;
    let a = ev.source;
    for &b in &ev.targets {
        if a == b {
            continue;
        }
        ws.imp[b * n + a] += imp;
        ws.imp[a * n + b] += imp;
        for k in 0..n {
            if k != a && k != b && plan.ally[b * n + k] && !ev.targets.contains(&k) {
                ws.imp[k * n + a] += spill * imp;
            }
        }
    }
    for eff in &ev.effects {
        match *eff {
            EffectC::Relation { from, to, delta } => {
                ws.imp[from * n + to] += ws.params[delta as usize]
            }
            EffectC::Position {
                actor,
                issue,
                delta,
            } => {
                let x = &mut ws.vars[l.pos + actor * d + issue];
                *x = (*x + ws.params[delta as usize]).clamp(0.0, 100.0);
            }
            EffectC::Salience {
                actor,
                issue,
                delta,
            } => {
                let row = &mut ws.vars[l.sal + actor * d..l.sal + (actor + 1) * d];
                row[issue] = (row[issue] + ws.params[delta as usize]).clamp(0.0, 100.0);
                let total: f64 = row.iter().sum();
                if total > 100.0 {
                    row.iter_mut().for_each(|x| *x *= 100.0 / total);
                }
            }
            EffectC::Capability { actor, factor } => {
                let c = &mut ws.vars[l.cap + actor];
                *c = (*c * ws.params[factor as usize]).max(1e-9);
            }
            EffectC::Suspend { forum, rounds } => {
                let until = (t + rounds as i64).max(0) as usize;
                ws.suspended_until[forum] = ws.suspended_until[forum].max(until);
            }
            EffectC::Breakdown { forum } => {
                if plan.in_format[forum] && ws.status[forum] != Status::Closed {
                    ws.status[forum] = Status::Broken;
                }
            }
        }
    }
}

/// Activation, breakdown, bargaining and agreement of one forum in one round.
#[allow(clippy::too_many_arguments)]
fn forum_round(
    m: &Model,
    plan: &Plan<'_>,
    ws: &mut Workspace,
    f: usize,
    t: usize,
    seed: u64,
    run: u64,
    kappa: f64,
    gamma: f64,
    spread: f64,
    breakdown: f64,
    g_agree: f64,
    g_break: f64,
    gain: f64,
    alpha: f64,
) -> Result<(), String> {
    let l = &m.layout;
    let (n, d) = (m.n(), m.d());
    let fo = &m.forums[f];
    if !plan.in_format[f] {
        return Ok(());
    }
    let open = match ws.status[f] {
        Status::Closed | Status::Broken => false,
        _ => {
            t >= fo.start
                && t >= ws.suspended_until[f]
                && fo.after.is_none_or(|a| ws.agreed[a])
                && fo.during.is_none_or(|p| ws.status[p] == Status::Session)
                && fo.when.as_ref().is_none_or(|w| w.holds(&ws.vars))
        }
    };
    if !open {
        if ws.status[f] == Status::Session {
            ws.status[f] = Status::Idle;
        }
        write_status(ws, l, f);
        return Ok(());
    }
    // Breakdown: the members' mean regard has fallen too low to sit together.
    let mut sum = 0.0;
    let mm = fo.members.len();
    for &i in &fo.members {
        for &j in &fo.members {
            if i != j {
                sum += ws.vars[l.rel + i * n + j];
            }
        }
    }
    if (sum / (mm * (mm - 1)) as f64) < breakdown {
        ws.status[f] = Status::Broken;
        write_status(ws, l, f);
        members_impulse(ws, l, n, &fo.members, gain * g_break / 10.0);
        return Ok(());
    }
    ws.status[f] = Status::Session;
    let use_smp = m.bargaining == BargainingModel::Smp && mm >= 3;
    // Members who hold one position on every agenda issue have nothing left to bargain (and KTAB's
    // risk attitudes are undefined there: every position is equally likely).
    let settled = fo.agenda.iter().all(|&k| {
        let x0 = ws.vars[l.pos + fo.members[0] * d + k];
        fo.members.iter().all(|&i| ws.vars[l.pos + i * d + k] == x0)
    });
    if settled {
    } else if use_smp {
        if let Err(e) = smp_turns(m, ws, f, seed, run, kappa, gamma) {
            // KTAB's risk attitudes are undefined when every position is equally likely (a
            // degenerate state the model cannot move from): the forum stands still this round and
            // rebuilds its model from the state next round. Any other failure ends the run.
            if !e.contains("equally likely") {
                return Err(e);
            }
            ws.smp[f] = None;
        }
    } else {
        compromise_step(m, ws, f, kappa, alpha);
    }
    // Agreement: every agenda issue's spread among members is small enough.
    let agreed = fo.agree_on.iter().all(|&k| {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for &i in &fo.members {
            let x = ws.vars[l.pos + i * d + k];
            lo = lo.min(x);
            hi = hi.max(x);
        }
        hi - lo <= spread
    });
    if agreed && !ws.agreed[f] {
        ws.agreed[f] = true;
        if !fo.persist {
            ws.status[f] = Status::Closed;
        }
        members_impulse(ws, l, n, &fo.members, gain * g_agree / 10.0);
    }
    write_status(ws, l, f);
    Ok(())
}

fn write_status(ws: &mut Workspace, l: &crate::model::Layout, f: usize) {
    let st = ws.status[f];
    ws.vars[l.session + f] = (st == Status::Session) as u8 as f64;
    ws.vars[l.agreed + f] = ws.agreed[f] as u8 as f64;
    ws.vars[l.broken + f] = (st == Status::Broken) as u8 as f64;
}

/// Agreement and breakdown are events among the members: a direct relation change now.
fn members_impulse(
    ws: &mut Workspace,
    l: &crate::model::Layout,
    n: usize,
    members: &[usize],
    imp: f64,
) {
    for &i in members {
        for &j in members {
            if i != j {
                let r = &mut ws.vars[l.rel + i * n + j];
                *r = (*r + imp).clamp(-1.0, 1.0);
            }
        }
    }
}

/// The forum's SMP takes its turns: state changed outside the forum (events, other forums) is sent
/// in first, the new positions are written back.
#[allow(clippy::too_many_arguments)]
fn smp_turns(
    m: &Model,
    ws: &mut Workspace,
    f: usize,
    seed: u64,
    run: u64,
    kappa: f64,
    gamma: f64,
) -> Result<(), String> {
    let l = &m.layout;
    let (n, d) = (m.n(), m.d());
    let fo = &m.forums[f];
    let (mm, dd) = (fo.members.len(), fo.agenda.len());
    {
        let reg = &mut ws.regard[f];
        for (a, &i) in fo.members.iter().enumerate() {
            for (b, &j) in fo.members.iter().enumerate() {
                reg[a * mm + b] = if a == b {
                    0.0
                } else {
                    ws.vars[l.rel + i * n + j]
                };
            }
        }
    }
    if ws.smp[f].is_none() {
        let mut neg = Negotiation {
            name: m.forum_ids[f].clone(),
            actors: fo.members.iter().map(|&i| m.actors[i].clone()).collect(),
            dimensions: fo.agenda.iter().map(|&k| m.issues[k].clone()).collect(),
            capability: fo.members.iter().map(|&i| ws.vars[l.cap + i]).collect(),
            position: Vec::with_capacity(mm * dd),
            salience: Vec::with_capacity(mm * dd),
        };
        for &i in &fo.members {
            let row: f64 = fo.agenda.iter().map(|&k| ws.vars[l.sal + i * d + k]).sum();
            for &k in &fo.agenda {
                neg.position.push(ws.vars[l.pos + i * d + k] / 100.0);
                // A member indifferent to the whole agenda still sits at the table, barely.
                let s = if row > 0.0 {
                    ws.vars[l.sal + i * d + k] / 100.0
                } else {
                    0.01
                };
                neg.salience.push(s);
            }
        }
        for (a, &i) in fo.members.iter().enumerate() {
            for (b, &k) in fo.agenda.iter().enumerate() {
                ws.smp_sal[f][a * dd + b] = ws.vars[l.sal + i * d + k] / 100.0;
                ws.smp_pos[f][a * dd + b] = ws.vars[l.pos + i * d + k];
            }
        }
        ws.smp_cap[f].copy_from_slice(&neg.capability);
        let mut bargaining = stream(seed, run, CHANNEL_BARGAINING);
        let cfg = SmpConfig {
            seed: bargaining.next_u64() ^ f as u64,
            coupling: Some(Coupling {
                regard: ws.regard[f].clone(),
                kappa,
                gamma,
            }),
            ..SmpConfig::default()
        };
        let smp = Smp::new(&neg, &cfg).map_err(|e| format!("forum {}: {e}", m.forum_ids[f]))?;
        ws.smp[f] = Some(smp);
        ws.episode[f] = (0, 0.0, false);
    } else {
        let smp = ws.smp[f].as_mut().expect("checked above");
        let mut changed = false;
        for (a, &i) in fo.members.iter().enumerate() {
            let c = ws.vars[l.cap + i];
            if c != ws.smp_cap[f][a] {
                smp.set_capability(a, c);
                ws.smp_cap[f][a] = c;
                changed = true;
            }
            for (b, &k) in fo.agenda.iter().enumerate() {
                // Compare on the 0-100 scale with what this forum wrote, so that the round trip
                // through the scale never counts as a change.
                let x = ws.vars[l.pos + i * d + k];
                if x != ws.smp_pos[f][a * dd + b] {
                    smp.set_position(a, b, x / 100.0);
                    changed = true;
                }
                let s = ws.vars[l.sal + i * d + k] / 100.0;
                if s != ws.smp_sal[f][a * dd + b] {
                    smp.set_salience(a, b, s);
                    ws.smp_sal[f][a * dd + b] = s;
                    changed = true;
                }
            }
        }
        if changed {
            smp.refresh()
                .map_err(|e| format!("forum {}: {e}", m.forum_ids[f]))?;
            // Shaken out of its resting state: a new bargaining episode starts.
            ws.episode[f] = (0, 0.0, false);
        }
        smp.set_regard(&ws.regard[f]);
    }
    if ws.episode[f].2 {
        return Ok(());
    }
    let smp = ws.smp[f].as_mut().expect("built above");
    for _ in 0..m.turns_per_round {
        smp.step()
            .map_err(|e| format!("forum {}: {e}", m.forum_ids[f]))?;
        // KTAB's stopping rule (spec 1.6): after 2 turns, movement under 2% of the first turn's.
        let (turns, first, _) = ws.episode[f];
        let mv = smp.last_movement();
        let first = if turns == 0 { mv } else { first };
        let settled = turns + 1 >= 2 && mv / (first + 1e-4) < 0.02;
        ws.episode[f] = (turns + 1, first, settled);
        if settled {
            break;
        }
    }
    let pos = smp.positions();
    for (a, &i) in fo.members.iter().enumerate() {
        for (b, &k) in fo.agenda.iter().enumerate() {
            let x = pos[a * dd + b] * 100.0;
            ws.vars[l.pos + i * d + k] = x;
            ws.smp_pos[f][a * dd + b] = x;
        }
    }
    Ok(())
}

/// Compromise bargaining: each member covers a share alpha of the distance to the mean of the
/// members' positions weighted by capability x salience x max(0, 1 + kappa r_ij) (DeGroot 1974
/// averaging toward the compromise of Achen 2006). Used for two-member forums and when chosen.
fn compromise_step(m: &Model, ws: &mut Workspace, f: usize, kappa: f64, alpha: f64) {
    let l = &m.layout;
    let (n, d) = (m.n(), m.d());
    let fo = &m.forums[f];
    let dd = fo.agenda.len();
    for (a, &i) in fo.members.iter().enumerate() {
        for (b, &k) in fo.agenda.iter().enumerate() {
            let (mut num, mut den) = (0.0, 0.0);
            for &j in &fo.members {
                let w_rel = if i == j {
                    1.0
                } else {
                    (1.0 + kappa * ws.vars[l.rel + i * n + j]).max(0.0)
                };
                let w = ws.vars[l.cap + j] * ws.vars[l.sal + j * d + k] * w_rel;
                num += w * ws.vars[l.pos + j * d + k];
                den += w;
            }
            let x = ws.vars[l.pos + i * d + k];
            ws.target[a * dd + b] = if den > 0.0 {
                x + alpha * (num / den - x)
            } else {
                x
            };
        }
    }
    for (a, &i) in fo.members.iter().enumerate() {
        for (b, &k) in fo.agenda.iter().enumerate() {
            ws.vars[l.pos + i * d + k] = ws.target[a * dd + b];
        }
    }
}

/// Quantities derived from the state that rules read: weighted mean positions, pressure on
/// targets, mean regard and triangle balance.
fn derived(m: &Model, params: &[f64], v: &mut [f64]) {
    let l = &m.layout;
    let (n, d) = (m.n(), m.d());
    for k in 0..d {
        let (mut num, mut den) = (0.0, 0.0);
        for i in 0..n {
            let w = v[l.cap + i] * v[l.sal + i * d + k];
            num += w * v[l.pos + i * d + k];
            den += w;
        }
        v[l.mean + k] = if den > 0.0 { num / den } else { 50.0 };
    }
    for (q, pr) in m.pressures.iter().enumerate() {
        let mut x = 0.0;
        for &(a, share) in &pr.shares {
            x += params[share as usize] * v[l.pos + a * d + pr.issue] / 100.0;
        }
        v[l.pressure + q] = x;
    }
    if m.needs_summary {
        let rel = &v[l.rel..l.rel + n * n];
        let (mean, bal) = relations::summary(rel, n);
        v[l.mean_regard] = mean;
        v[l.balance] = bal;
    }
    for (k, x) in m.derived.iter().enumerate() {
        v[l.derived + k] = x.eval(v);
    }
}

/// Counters: consecutive rounds each condition has held (after the round's state is complete).
fn count_streaks(m: &Model, v: &mut [f64]) {
    let l = &m.layout;
    for (k, x) in m.counters.iter().enumerate() {
        v[l.streak + k] = if x.holds(v) {
            v[l.streak + k] + 1.0
        } else {
            0.0
        };
    }
}

/// Records this round's firings and updates the windowed counts (incrementally: add this round,
/// drop the round leaving each window) and the rounds since the last firing.
fn event_windows(m: &Model, ws: &mut Workspace, t: i64) {
    let l = &m.layout;
    let span = (m.rounds as i64 - m.first_round + 1) as usize;
    let idx = (t - m.first_round) as usize;
    for e in 0..m.events.len() {
        let h = &mut ws.hist[e * span..(e + 1) * span];
        let c = ws.this_round[e];
        h[idx] = c;
        let leaving = |w: usize| if idx >= w { h[idx - w] as f64 } else { 0.0 };
        let c = c as f64;
        ws.vars[l.fired + e] = c;
        ws.vars[l.recent3 + e] += c - leaving(3);
        ws.vars[l.recent6 + e] += c - leaving(6);
        ws.vars[l.recent12 + e] += c - leaving(12);
        ws.vars[l.since + e] = if ws.last_fired[e] == i64::MIN {
            1000.0
        } else {
            (t - ws.last_fired[e]) as f64
        };
    }
}

/// Smallest k with P(X <= k) > u for X ~ Poisson(lambda) (inversion; capped at 1000).
#[inline]
fn poisson(u: f64, lambda: f64) -> u32 {
    let mut p = (-lambda).exp();
    let mut f = p;
    let mut k = 0u32;
    while u >= f && k < 1000 {
        k += 1;
        p *= lambda / k as f64;
        f += p;
        if p == 0.0 && f < u {
            break;
        }
    }
    k
}
