//! KTAB scenario files: the CSV layout of `smpc --csv` and the XML layout of `smpc --xml`
//! (spec sections 2.2 and 2.3). Both give a [`KtabScenario`]; every problem is reported with the
//! file, the line (and column for CSV fields) and what is wrong, where `smpc` would crash or
//! silently accept it.

use crate::InputError;
use intrigue_bargain::smp::{Params, PARAM_NAMES};
use intrigue_bargain::Negotiation;

/// Limits from `smpread.cpp`.
const MAX_NAME: usize = 25;
const MAX_CAPABILITY: f64 = 1e8;
const MIN_ACTORS: usize = 3;
const MAX_ACTORS: usize = 250;

/// A scenario as KTAB reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct KtabScenario {
    pub negotiation: Negotiation,
    pub description: String,
    pub actor_descriptions: Vec<String>,
    /// Model parameters (defaults for CSV; `<ModelParameters>` for XML).
    pub params: Params,
    /// Accommodation matrix, n x n; `None` is the identity.
    pub accommodation: Option<Vec<f64>>,
    /// `<prngSeed>` of an XML file.
    pub seed: Option<u64>,
}

/// Reads either layout, chosen by the file's first non-blank character (`<` means XML).
pub fn read(file: &str, text: &str) -> Result<KtabScenario, InputError> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('<') {
        read_xml(file, text)
    } else {
        read_csv(file, text)
    }
}

/// Splits one CSV line into trimmed fields with their 1-based columns; double quotes may enclose
/// commas and are removed, as minicsv does.
fn split_csv(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut start_col = 1;
    for (col, ch) in (1..).zip(line.chars()) {
        match ch {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => {
                out.push((start_col, field.trim().to_string()));
                field.clear();
                start_col = col + 1;
            }
            _ => field.push(ch),
        }
    }
    out.push((start_col, field.trim().to_string()));
    out
}

fn number(file: &str, line: usize, col: usize, what: &str, s: &str) -> Result<f64, InputError> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ if s.is_empty() => Err(InputError::at_col(
            file,
            line,
            col,
            format!("{what} is empty"),
        )),
        _ => Err(InputError::at_col(
            file,
            line,
            col,
            format!("{what} '{s}' is not a number"),
        )),
    }
}

/// Where in an actor's record a problem lies, so each reader can point at its own place.
enum Field {
    Name,
    Capability,
    Position(usize),
    Salience(usize),
    Record,
}

/// KTAB's checks of one actor's parsed record, shared by both layouts: the name (non-empty, at most
/// 25 characters, not seen before), the capability (positive, at most 1e8), positions and
/// saliences on 0-100, saliences summing to more than 0 and at most 100.
fn check_actor(
    name: &str,
    known: &[String],
    c: f64,
    x: &[f64],
    s: &[f64],
    dimensions: &[String],
) -> Result<(), (Field, String)> {
    if name.is_empty() {
        return Err((Field::Name, "the actor name is empty".into()));
    }
    if name.chars().count() > MAX_NAME {
        let msg = format!("actor name '{name}' is longer than {MAX_NAME} characters");
        return Err((Field::Name, msg));
    }
    if known.iter().any(|k| k == name) {
        return Err((Field::Name, format!("actor '{name}' appears twice")));
    }
    if c <= 0.0 {
        let msg = format!("capability of {name} must be positive, found {c} (smpc crashes on it)");
        return Err((Field::Capability, msg));
    }
    if c > MAX_CAPABILITY {
        return Err((
            Field::Capability,
            format!("capability of {name} exceeds 1e8"),
        ));
    }
    for (k, dim) in dimensions.iter().enumerate() {
        if !(0.0..=100.0).contains(&x[k]) {
            let msg = format!("position {} of {name} on {dim} is outside 0-100", x[k]);
            return Err((Field::Position(k), msg));
        }
        if !(0.0..=100.0).contains(&s[k]) {
            let msg = format!("salience {} of {name} on {dim} is outside 0-100", s[k]);
            return Err((Field::Salience(k), msg));
        }
    }
    let total: f64 = s.iter().sum();
    if total > 100.0 + 1e-9 {
        return Err((
            Field::Record,
            format!("saliences of {name} sum to {total}, over 100"),
        ));
    }
    if total <= 0.0 {
        let msg = format!("saliences of {name} are all zero (smpc crashes on it)");
        return Err((Field::Record, msg));
    }
    Ok(())
}

/// Reads KTAB's CSV layout: a scenario line, a header line, then one row per actor.
pub fn read_csv(file: &str, text: &str) -> Result<KtabScenario, InputError> {
    let text = text.trim_start_matches('\u{feff}');
    // Keep 1-based line numbers while skipping blank lines.
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty());
    let (l1, first) = lines
        .next()
        .ok_or_else(|| InputError::file(file, "the file is empty"))?;
    let head = split_csv(first);
    if head.len() < 4 {
        return Err(InputError::at(
            file,
            l1,
            "the first line must be: scenario name, description, number of actors, number of dimensions",
        ));
    }
    let count = |idx: usize, what: &str| -> Result<usize, InputError> {
        let (col, s) = &head[idx];
        s.parse::<usize>().map_err(|_| {
            InputError::at_col(
                file,
                l1,
                *col,
                format!("{what} '{s}' is not a whole number"),
            )
        })
    };
    let n = count(2, "the number of actors")?;
    let d = count(3, "the number of dimensions")?;
    if n < MIN_ACTORS {
        return Err(InputError::at_col(
            file,
            l1,
            head[2].0,
            format!("a scenario needs at least {MIN_ACTORS} actors, found {n}"),
        ));
    }
    if n > MAX_ACTORS {
        return Err(InputError::at_col(
            file,
            l1,
            head[2].0,
            format!("at most {MAX_ACTORS} actors, found {n}"),
        ));
    }
    if d == 0 {
        return Err(InputError::at_col(
            file,
            l1,
            head[3].0,
            "a scenario needs at least 1 dimension",
        ));
    }
    let width = 3 + 2 * d;
    let (l2, header) = lines.next().ok_or_else(|| {
        InputError::file(
            file,
            "the header line (Actor, Description, Power, dimensions...) is missing",
        )
    })?;
    let hdr = split_csv(header);
    let hdr_used = trim_trailing_empty(&hdr);
    if hdr_used.len() != width {
        return Err(InputError::at(
            file,
            l2,
            format!("the header has {} columns; {d} dimensions need {width} (Actor, Description, Power, then position and salience per dimension)", hdr_used.len()),
        ));
    }
    let dimensions: Vec<String> = (0..d).map(|k| hdr[3 + 2 * k].1.clone()).collect();

    let mut actors = Vec::with_capacity(n);
    let mut descs = Vec::with_capacity(n);
    let mut capability = Vec::with_capacity(n);
    let mut position = Vec::with_capacity(n * d);
    let mut salience = Vec::with_capacity(n * d);
    let mut last_line = l2;
    for (ln, line) in lines.by_ref().take(n) {
        last_line = ln;
        let f = split_csv(line);
        let used = trim_trailing_empty(&f);
        if used.len() != width {
            return Err(InputError::at(
                file,
                ln,
                format!(
                    "ragged row: {} fields where {width} are expected",
                    used.len()
                ),
            ));
        }
        let name = f[0].1.clone();
        let c = number(file, ln, f[2].0, "capability", &f[2].1)?;
        let mut xs = Vec::with_capacity(d);
        let mut ss = Vec::with_capacity(d);
        for k in 0..d {
            let (pc, ps) = (&f[3 + 2 * k], &f[4 + 2 * k]);
            xs.push(number(file, ln, pc.0, "position", &pc.1)?);
            ss.push(number(file, ln, ps.0, "salience", &ps.1)?);
        }
        check_actor(&name, &actors, c, &xs, &ss, &dimensions).map_err(
            |(field, msg)| match field {
                Field::Name => InputError::at_col(file, ln, f[0].0, msg),
                Field::Capability => InputError::at_col(file, ln, f[2].0, msg),
                Field::Position(k) => InputError::at_col(file, ln, f[3 + 2 * k].0, msg),
                Field::Salience(k) => InputError::at_col(file, ln, f[4 + 2 * k].0, msg),
                Field::Record => InputError::at(file, ln, msg),
            },
        )?;
        position.extend(xs.iter().map(|x| x / 100.0));
        salience.extend(ss.iter().map(|s| s / 100.0));
        actors.push(name);
        descs.push(f[1].1.clone());
        capability.push(c);
    }
    if actors.len() < n {
        return Err(InputError::at(
            file,
            last_line,
            format!(
                "the first line announces {n} actors but the file has {} actor rows",
                actors.len()
            ),
        ));
    }
    if let Some((ln, _)) = lines.next() {
        return Err(InputError::at(
            file,
            ln,
            format!("more actor rows than the {n} announced on line {l1}"),
        ));
    }
    Ok(KtabScenario {
        negotiation: Negotiation {
            name: head[0].1.clone(),
            actors,
            dimensions,
            capability,
            position,
            salience,
        },
        description: head[1].1.clone(),
        actor_descriptions: descs,
        params: Params::default(),
        accommodation: None,
        seed: None,
    })
}

fn trim_trailing_empty(f: &[(usize, String)]) -> &[(usize, String)] {
    let mut end = f.len();
    while end > 0 && f[end - 1].1.is_empty() {
        end -= 1;
    }
    &f[..end]
}

/// Reads KTAB's XML layout (`smpSchema.xsd`), with `<ModelParameters>` and `<IdealAdjustment>`.
/// Unlike `smpc`, a missing `<IdealAdjustment>` means the identity matrix, and the XSD spellings
/// `Proportional` and `No` are accepted.
pub fn read_xml(file: &str, text: &str) -> Result<KtabScenario, InputError> {
    read_xml_doc(file, text)
}

fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn need<'a, 'input>(
    doc: &roxmltree::Document,
    file: &str,
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Result<roxmltree::Node<'a, 'input>, InputError> {
    child(node, name).ok_or_else(|| {
        let line = doc.text_pos_at(node.range().start).row as usize;
        InputError::at(
            file,
            line,
            format!("<{}> has no <{name}>", node.tag_name().name()),
        )
    })
}

fn read_xml_doc(file: &str, text: &str) -> Result<KtabScenario, InputError> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let p = e.pos();
        InputError::at_col(
            file,
            p.row as usize,
            p.col as usize,
            format!("not well-formed XML: {e}"),
        )
    })?;
    let line_of = |node: roxmltree::Node| doc.text_pos_at(node.range().start).row as usize;
    let root = doc.root_element();
    if root.tag_name().name() != "Scenario" {
        return Err(InputError::at(
            file,
            line_of(root),
            "the root element must be <Scenario>",
        ));
    }
    let need = |node, name: &str| need(&doc, file, node, name);
    let text_of = |node: roxmltree::Node| node.text().unwrap_or("").trim().to_string();
    let num = |node: roxmltree::Node, what: &str| -> Result<f64, InputError> {
        let s = text_of(node);
        match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ if s.is_empty() => Err(InputError::at(
                file,
                line_of(node),
                format!("no text for {what}"),
            )),
            _ => Err(InputError::at(
                file,
                line_of(node),
                format!("{what} '{s}' is not a number"),
            )),
        }
    };

    let name = child(root, "name").map(text_of).unwrap_or_default();
    let description = child(root, "desc").map(text_of).unwrap_or_default();
    let seed = match child(root, "prngSeed") {
        Some(s) => {
            let t = text_of(s);
            Some(t.parse::<u64>().map_err(|_| {
                InputError::at(
                    file,
                    line_of(s),
                    format!("prngSeed '{t}' is not a 64-bit unsigned integer"),
                )
            })?)
        }
        None => None,
    };
    let mut params = Params::default();
    if let Some(mp) = child(root, "ModelParameters") {
        let mut seen = Vec::new();
        for p in mp.children().filter(|c| c.is_element()) {
            let key = p.tag_name().name();
            params
                .set(key, &text_of(p))
                .map_err(|e| InputError::at(file, line_of(p), e))?;
            seen.push(key.to_string());
        }
        if let Some(missing) = PARAM_NAMES.iter().find(|k| !seen.iter().any(|s| s == *k)) {
            return Err(InputError::at(
                file,
                line_of(mp),
                format!("<ModelParameters> lacks <{missing}>"),
            ));
        }
    }
    let dims_node = need(root, "Dimensions")?;
    let dimensions: Vec<String> = dims_node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "dName")
        .map(text_of)
        .collect();
    let d = dimensions.len();
    if d == 0 {
        return Err(InputError::at(
            file,
            line_of(dims_node),
            "<Dimensions> has no <dName>",
        ));
    }
    let actors_node = need(root, "Actors")?;
    let mut actors = Vec::new();
    let mut descs = Vec::new();
    let mut capability = Vec::new();
    let mut position = Vec::new();
    let mut salience = Vec::new();
    for a in actors_node
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "Actor")
    {
        let name_node = need(a, "name")?;
        let an = text_of(name_node);
        let cap_node = need(a, "capability")?;
        let c = num(cap_node, &format!("capability of {an}"))?;
        let coords: Vec<_> = need(a, "Position")?
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "dCoord")
            .collect();
        let sals: Vec<_> = need(a, "Salience")?
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "dSal")
            .collect();
        if coords.len() != d || sals.len() != d {
            return Err(InputError::at(
                file,
                line_of(a),
                format!(
                    "{an} has {} coordinates and {} saliences; {d} dimensions are declared",
                    coords.len(),
                    sals.len()
                ),
            ));
        }
        let mut xs = Vec::with_capacity(d);
        let mut ss = Vec::with_capacity(d);
        for k in 0..d {
            xs.push(num(coords[k], &format!("dCoord {} of {an}", k + 1))?);
            ss.push(num(sals[k], &format!("dSal {} of {an}", k + 1))?);
        }
        check_actor(&an, &actors, c, &xs, &ss, &dimensions).map_err(|(field, msg)| {
            let node = match field {
                Field::Name => name_node,
                Field::Capability => cap_node,
                Field::Position(k) => coords[k],
                Field::Salience(k) => sals[k],
                Field::Record => a,
            };
            InputError::at(file, line_of(node), msg)
        })?;
        position.extend(xs.iter().map(|x| x / 100.0));
        salience.extend(ss.iter().map(|s| s / 100.0));
        actors.push(an);
        descs.push(child(a, "description").map(text_of).unwrap_or_default());
        capability.push(c);
    }
    let n = actors.len();
    if n < MIN_ACTORS {
        return Err(InputError::at(
            file,
            line_of(actors_node),
            format!("a scenario needs at least {MIN_ACTORS} actors, found {n}"),
        ));
    }
    let mut accommodation = None;
    if let Some(ia) = child(root, "IdealAdjustment") {
        let mut acc = vec![0.0; n * n];
        for i in 0..n {
            acc[i * n + i] = 1.0;
        }
        for pair in ia
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "iaPair")
        {
            let who = |tag: &str| -> Result<usize, InputError> {
                let node = need(pair, tag)?;
                let nm = text_of(node);
                actors.iter().position(|x| *x == nm).ok_or_else(|| {
                    InputError::at(
                        file,
                        line_of(node),
                        format!("<{tag}> names unknown actor '{nm}'"),
                    )
                })
            };
            let (i, j) = (who("adjustingIdeal")?, who("referencePos")?);
            let adj = need(pair, "adjust")?;
            let v = num(adj, "adjust")?;
            if !(0.0..=1.0).contains(&v) {
                return Err(InputError::at(
                    file,
                    line_of(adj),
                    format!("adjust {v} is outside 0-1"),
                ));
            }
            acc[i * n + j] = v;
        }
        for i in 0..n {
            let row: f64 = acc[i * n..(i + 1) * n].iter().sum();
            if row > 1.0 + 1e-9 {
                return Err(InputError::at(
                    file,
                    line_of(ia),
                    format!(
                        "the accommodation row of {} sums to {row}, over 1",
                        actors[i]
                    ),
                ));
            }
        }
        let identity = (0..n * n).all(|x| acc[x] == if x / n == x % n { 1.0 } else { 0.0 });
        if !identity {
            accommodation = Some(acc);
        }
    }
    Ok(KtabScenario {
        negotiation: Negotiation {
            name,
            actors,
            dimensions,
            capability,
            position,
            salience,
        },
        description,
        actor_descriptions: descs,
        params,
        accommodation,
        seed,
    })
}
