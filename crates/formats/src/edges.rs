//! Signed edge lists (`EDGES.csv`) for `intrigue balance`: header `source,target,sign` (sign 1 or
//! -1) or `source,target,weight` (any finite number; its sign is the relation's sign and 0 means no
//! edge). Undirected: each unordered pair at most once. Nodes are numbered in order of first
//! appearance; a node named only on a zero-weight row is kept as an isolated node.

use crate::InputError;
use intrigue_balance::{Edge, SignedGraph};
use std::collections::HashMap;
use std::path::Path;

/// A signed graph read from an edge list, with its node names (index = node).
#[derive(Debug, Clone)]
pub struct EdgeList {
    pub names: Vec<String>,
    pub graph: SignedGraph,
    /// 1-based file line of each edge, in edge order.
    pub lines: Vec<usize>,
}

/// Read an edge list from `path`.
pub fn read_edges(path: &Path) -> Result<EdgeList, InputError> {
    let label = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| InputError::file(&label, format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        InputError::file(
            &label,
            format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    parse_edges(&text, &label)
}

/// Split one CSV line into fields, honouring double quotes. Returns each field with its 1-based
/// column, or the column of an unterminated quote.
fn split_fields(line: &str) -> Result<Vec<(String, usize)>, usize> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut start = 1;
    let mut quoted = false;
    let mut chars = line.char_indices().peekable();
    let mut quote_col = 0;
    while let Some((i, c)) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek().map(|&(_, d)| d) == Some('"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
        } else if c == '"' && field.trim().is_empty() {
            quoted = true;
            quote_col = i + 1;
            field.clear();
        } else if c == ',' {
            out.push((std::mem::take(&mut field), start));
            start = i + 2;
        } else {
            field.push(c);
        }
    }
    if quoted {
        return Err(quote_col);
    }
    out.push((field, start));
    Ok(out)
}

/// Parse edge-list text; `file` names it in errors.
pub fn parse_edges(text: &str, file: &str) -> Result<EdgeList, InputError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')));
    let (hline, header) =
        loop {
            match lines.next() {
                None => return Err(InputError::file(
                    file,
                    "empty file: expected the header source,target,sign or source,target,weight",
                )),
                Some((_, l)) if l.trim().is_empty() => continue,
                Some(x) => break x,
            }
        };
    let cols = split_fields(header)
        .map_err(|c| InputError::at_col(file, hline, c, "unterminated quote"))?;
    let names: Vec<String> = cols
        .iter()
        .map(|(f, _)| f.trim().to_ascii_lowercase())
        .collect();
    let weighted = match names
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["source", "target", "sign"] => false,
        ["source", "target", "weight"] => true,
        _ => {
            return Err(InputError::at(
                file,
                hline,
                format!(
                    "wrong header '{}': expected source,target,sign or source,target,weight",
                    header.trim()
                ),
            ))
        }
    };
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut node_names: Vec<String> = Vec::new();
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    let mut edges = Vec::new();
    let mut edge_lines = Vec::new();
    let mut rows = 0;
    for (ln, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        rows += 1;
        let fields = split_fields(line)
            .map_err(|c| InputError::at_col(file, ln, c, "unterminated quote"))?;
        if fields.len() != 3 {
            return Err(InputError::at(
                file,
                ln,
                format!(
                    "expected 3 fields (source,target,{}), found {}",
                    if weighted { "weight" } else { "sign" },
                    fields.len()
                ),
            ));
        }
        let mut ids = [0usize; 2];
        for (k, (name, col)) in fields[..2].iter().enumerate() {
            let name = name.trim();
            if name.is_empty() {
                return Err(InputError::at_col(
                    file,
                    ln,
                    *col,
                    format!("empty {} name", ["source", "target"][k]),
                ));
            }
            ids[k] = *index.entry(name.to_string()).or_insert_with(|| {
                node_names.push(name.to_string());
                node_names.len() - 1
            });
        }
        let (raw, col) = (fields[2].0.trim(), fields[2].1);
        let value: f64 = match raw.parse::<f64>() {
            Ok(v) if v.is_finite() => v,
            _ => {
                let what = if weighted { "weight" } else { "sign" };
                return Err(InputError::at_col(
                    file,
                    ln,
                    col,
                    format!("{what} '{raw}' is not a finite number"),
                ));
            }
        };
        if !weighted && value != 1.0 && value != -1.0 {
            return Err(InputError::at_col(
                file,
                ln,
                col,
                format!("sign '{raw}' must be 1 or -1"),
            ));
        }
        if ids[0] == ids[1] {
            return Err(InputError::at(
                file,
                ln,
                format!("self-loop on '{}'", node_names[ids[0]]),
            ));
        }
        let key = (ids[0].min(ids[1]), ids[0].max(ids[1]));
        if let Some(first) = pairs.get(&key) {
            return Err(InputError::at(
                file,
                ln,
                format!(
                    "duplicated pair {}-{} (first given on line {first}); the graph is undirected, one row per pair",
                    node_names[ids[0]], node_names[ids[1]]
                ),
            ));
        }
        pairs.insert(key, ln);
        if value != 0.0 {
            edges.push(Edge {
                u: ids[0],
                v: ids[1],
                weight: value,
            });
            edge_lines.push(ln);
        }
    }
    if rows == 0 {
        return Err(InputError::file(
            file,
            "no edges: the file has a header but no rows",
        ));
    }
    let graph = SignedGraph::new(node_names.len(), edges)
        .map_err(|e| InputError::file(file, format!("invalid graph: {e}")))?;
    Ok(EdgeList {
        names: node_names,
        graph,
        lines: edge_lines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_edges(text, "E.csv").unwrap_err().to_string()
    }

    #[test]
    fn reads_signs_and_weights() {
        let e = parse_edges("source,target,sign\na,b,1\nb,c,-1\n", "E.csv").unwrap();
        assert_eq!(e.names, vec!["a", "b", "c"]);
        assert_eq!(e.graph.edge_count(), 2);
        assert_eq!(e.graph.negative_edge_count(), 1);
        assert_eq!(e.lines, vec![2, 3]);
        let w = parse_edges(
            "source,target,weight\r\n\"x, y\",b,-0.5\r\nb,c,0\r\n",
            "W.csv",
        )
        .unwrap();
        assert_eq!(w.names, vec!["x, y", "b", "c"]);
        assert_eq!(w.graph.edge_count(), 1, "zero weight is no edge");
        assert_eq!(w.graph.node_count(), 3);
        assert_eq!(w.graph.edges()[0].weight, -0.5);
    }

    #[test]
    fn bad_input_is_named_with_its_place() {
        assert_eq!(
            err(""),
            "E.csv: empty file: expected the header source,target,sign or source,target,weight"
        );
        assert!(err("source,target,sign\n").contains("no rows"));
        assert!(err("from,to,sign\na,b,1\n").starts_with("E.csv:1: wrong header"));
        assert_eq!(
            err("source,target,sign\na,b,1\nb,a,-1\n"),
            "E.csv:3: duplicated pair b-a (first given on line 2); the graph is undirected, one row per pair"
        );
        assert_eq!(
            err("source,target,sign\na,a,1\n"),
            "E.csv:2: self-loop on 'a'"
        );
        assert_eq!(
            err("source,target,sign\na,b,plus\n"),
            "E.csv:2:5: sign 'plus' is not a finite number"
        );
        assert_eq!(
            err("source,target,sign\na,b,0.5\n"),
            "E.csv:2:5: sign '0.5' must be 1 or -1"
        );
        assert_eq!(
            err("source,target,weight\na,b,NaN\n"),
            "E.csv:2:5: weight 'NaN' is not a finite number"
        );
        assert!(err("source,target,sign\na,b\n").starts_with("E.csv:2: expected 3 fields"));
        assert!(err("source,target,sign\na,b,1,2\n").starts_with("E.csv:2: expected 3 fields"));
        assert!(err("source,target,sign\n,b,1\n").starts_with("E.csv:2:1: empty source name"));
        assert!(err("source,target,sign\n\"a,b,1\n").starts_with("E.csv:2:1: unterminated quote"));
    }

    /// The shared graphs with known answers, from the fixture copies in `fixtures/balance/`.
    #[test]
    fn fixtures_reproduce_expected_frustration() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/balance");
        let mut checked = 0;
        for name in [
            "rand-01-n5",
            "rand-07-n13",
            "planted-1-2blocks-n16",
            "real-cow-1946-1949",
        ] {
            let e = read_edges(&dir.join(format!("{name}.csv"))).unwrap();
            let want = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
            let field = |k: &str| -> String {
                let at = want.find(&format!("\"{k}\"")).unwrap();
                let rest = &want[at + k.len() + 3..];
                rest[..rest.find([',', '\n', '}']).unwrap()]
                    .trim()
                    .to_string()
            };
            let f = intrigue_balance::frustration(&e.graph, &Default::default());
            assert!(f.exact, "{name}");
            assert_eq!(f.index.to_string(), field("frustration_index"), "{name}");
            assert_eq!(e.graph.node_count().to_string(), field("nodes"), "{name}");
            assert_eq!(e.graph.edge_count().to_string(), field("edges"), "{name}");
            checked += 1;
        }
        assert_eq!(checked, 4);
    }
}
