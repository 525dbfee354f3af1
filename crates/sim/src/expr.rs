//! Outcome rules and rate modifiers: expressions over the run state. The text is parsed once per
//! scenario by the `evalexpr` crate and lowered to a small postfix program over numbered state
//! variables, so a round evaluates rules without hashing names or allocating.

use evalexpr::{DefaultNumericTypes, Node, Operator, Value};

const MAX_STACK: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Ins {
    Const(f64),
    Var(u32),
    Neg,
    Not,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eq,
    Neq,
    Gt,
    Lt,
    Geq,
    Leq,
    And,
    Or,
    Abs,
    Min(u8),
    Max(u8),
}

/// A compiled expression. Truth is any non-zero value; comparisons give 1 or 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    code: Vec<Ins>,
    text: String,
}

/// Why an expression does not compile; `offset` is a byte offset into its text when known.
#[derive(Clone, Debug, PartialEq)]
pub struct ExprError {
    pub message: String,
    pub offset: Option<usize>,
}

impl Expr {
    /// Parses `text` and resolves every variable through `lookup` (name to state index).
    pub fn compile(text: &str, lookup: &dyn Fn(&str) -> Option<u32>) -> Result<Expr, ExprError> {
        let tree =
            evalexpr::build_operator_tree::<DefaultNumericTypes>(text).map_err(|e| ExprError {
                message: format!("cannot parse expression: {e}"),
                offset: None,
            })?;
        let mut code = Vec::new();
        lower(&tree, text, lookup, &mut code)?;
        if code.is_empty() {
            return Err(ExprError {
                message: "empty expression".into(),
                offset: None,
            });
        }
        // Check the stack depth once so evaluation can use a fixed buffer.
        let mut depth = 0usize;
        for ins in &code {
            depth = match ins {
                Ins::Const(_) | Ins::Var(_) => depth + 1,
                Ins::Neg | Ins::Not | Ins::Abs => depth,
                Ins::Min(k) | Ins::Max(k) => depth + 1 - *k as usize,
                _ => depth - 1,
            };
            if depth > MAX_STACK {
                return Err(ExprError {
                    message: "expression nests too deeply".into(),
                    offset: None,
                });
            }
        }
        Ok(Expr {
            code,
            text: text.to_string(),
        })
    }

    /// True when the expression reads state variable `index`.
    pub fn reads(&self, index: usize) -> bool {
        self.code
            .iter()
            .any(|i| matches!(i, Ins::Var(v) if *v as usize == index))
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Evaluates over the state variables.
    #[inline]
    pub fn eval(&self, vars: &[f64]) -> f64 {
        let mut st = [0.0f64; MAX_STACK];
        let mut sp = 0usize;
        for ins in &self.code {
            match *ins {
                Ins::Const(x) => {
                    st[sp] = x;
                    sp += 1;
                }
                Ins::Var(i) => {
                    st[sp] = vars[i as usize];
                    sp += 1;
                }
                Ins::Neg => st[sp - 1] = -st[sp - 1],
                Ins::Not => st[sp - 1] = b(st[sp - 1] == 0.0),
                Ins::Abs => st[sp - 1] = st[sp - 1].abs(),
                Ins::Min(k) | Ins::Max(k) => {
                    let k = k as usize;
                    let mut acc = st[sp - k];
                    for &v in &st[sp - k + 1..sp] {
                        acc = if matches!(ins, Ins::Min(_)) {
                            acc.min(v)
                        } else {
                            acc.max(v)
                        };
                    }
                    sp -= k;
                    st[sp] = acc;
                    sp += 1;
                }
                _ => {
                    let (x, y) = (st[sp - 2], st[sp - 1]);
                    sp -= 1;
                    st[sp - 1] = match *ins {
                        Ins::Add => x + y,
                        Ins::Sub => x - y,
                        Ins::Mul => x * y,
                        Ins::Div => x / y,
                        Ins::Mod => x % y,
                        Ins::Pow => x.powf(y),
                        Ins::Eq => b(x == y),
                        Ins::Neq => b(x != y),
                        Ins::Gt => b(x > y),
                        Ins::Lt => b(x < y),
                        Ins::Geq => b(x >= y),
                        Ins::Leq => b(x <= y),
                        Ins::And => b(x != 0.0 && y != 0.0),
                        Ins::Or => b(x != 0.0 || y != 0.0),
                        _ => unreachable!("unary and n-ary instructions are handled above"),
                    };
                }
            }
        }
        st[0]
    }

    /// True when the expression is non-zero.
    #[inline]
    pub fn holds(&self, vars: &[f64]) -> bool {
        self.eval(vars) != 0.0
    }
}

#[inline]
fn b(x: bool) -> f64 {
    if x {
        1.0
    } else {
        0.0
    }
}

fn lower(
    node: &Node<DefaultNumericTypes>,
    text: &str,
    lookup: &dyn Fn(&str) -> Option<u32>,
    code: &mut Vec<Ins>,
) -> Result<(), ExprError> {
    let kids = node.children();
    let unsupported = |what: &str| {
        ExprError {
        message: format!("{what} is not allowed in a rule (use arithmetic, comparisons, &&, ||, !, min, max, abs)"),
        offset: None,
    }
    };
    let binary = |op: Ins, code: &mut Vec<Ins>| -> Result<(), ExprError> {
        if kids.len() != 2 {
            return Err(ExprError {
                message: "malformed expression".into(),
                offset: None,
            });
        }
        lower(&kids[0], text, lookup, code)?;
        lower(&kids[1], text, lookup, code)?;
        code.push(op);
        Ok(())
    };
    match node.operator() {
        Operator::RootNode => {
            if kids.len() != 1 {
                return Err(ExprError {
                    message: "a rule must be one expression".into(),
                    offset: None,
                });
            }
            lower(&kids[0], text, lookup, code)
        }
        Operator::Add => binary(Ins::Add, code),
        Operator::Sub => binary(Ins::Sub, code),
        Operator::Mul => binary(Ins::Mul, code),
        Operator::Div => binary(Ins::Div, code),
        Operator::Mod => binary(Ins::Mod, code),
        Operator::Exp => binary(Ins::Pow, code),
        Operator::Eq => binary(Ins::Eq, code),
        Operator::Neq => binary(Ins::Neq, code),
        Operator::Gt => binary(Ins::Gt, code),
        Operator::Lt => binary(Ins::Lt, code),
        Operator::Geq => binary(Ins::Geq, code),
        Operator::Leq => binary(Ins::Leq, code),
        Operator::And => binary(Ins::And, code),
        Operator::Or => binary(Ins::Or, code),
        Operator::Neg | Operator::Not => {
            if kids.len() != 1 {
                return Err(ExprError {
                    message: "malformed expression".into(),
                    offset: None,
                });
            }
            lower(&kids[0], text, lookup, code)?;
            code.push(if matches!(node.operator(), Operator::Neg) {
                Ins::Neg
            } else {
                Ins::Not
            });
            Ok(())
        }
        Operator::Const { value } => {
            let x = match value {
                Value::Float(x) => *x,
                Value::Int(i) => *i as f64,
                Value::Boolean(t) => b(*t),
                _ => return Err(unsupported("a string or tuple constant")),
            };
            code.push(Ins::Const(x));
            Ok(())
        }
        Operator::VariableIdentifierRead { identifier } => match lookup(identifier) {
            Some(i) => {
                code.push(Ins::Var(i));
                Ok(())
            }
            None => Err(ExprError {
                message: format!("`{identifier}` refers to nothing in this scenario"),
                offset: find_word(text, identifier),
            }),
        },
        Operator::FunctionIdentifier { identifier } => {
            // Parentheses come as root nodes around the argument tuple.
            let args: Vec<&Node<DefaultNumericTypes>> = match kids {
                [one] => {
                    let mut inner = one;
                    while matches!(inner.operator(), Operator::RootNode)
                        && inner.children().len() == 1
                    {
                        inner = &inner.children()[0];
                    }
                    if matches!(inner.operator(), Operator::Tuple) {
                        inner.children().iter().collect()
                    } else {
                        vec![inner]
                    }
                }
                _ => return Err(unsupported("a function without arguments")),
            };
            let k = args.len();
            let ins = match (identifier.as_str(), k) {
                ("abs", 1) => Ins::Abs,
                ("min", 2..=8) => Ins::Min(k as u8),
                ("max", 2..=8) => Ins::Max(k as u8),
                _ => {
                    return Err(ExprError {
                        message: format!("unknown function `{identifier}` with {k} argument(s) (allowed: abs(x), min(..), max(..))"),
                        offset: find_word(text, identifier),
                    })
                }
            };
            for a in args {
                lower(a, text, lookup, code)?;
            }
            code.push(ins);
            Ok(())
        }
        Operator::Tuple => Err(unsupported("a tuple")),
        Operator::Chain => Err(unsupported("a chain (;)")),
        _ => Err(unsupported("assignment")),
    }
}

/// Byte offset of `word` as a whole identifier in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(pos) = text[from..].find(word) {
        let at = from + pos;
        let before = text[..at].chars().next_back().is_none_or(|c| !is_ident(c));
        let after = text[at + word.len()..]
            .chars()
            .next()
            .is_none_or(|c| !is_ident(c));
        if before && after {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(name: &str) -> Option<u32> {
        match name {
            "x" => Some(0),
            "y" => Some(1),
            "rel_USA_CHN" => Some(2),
            _ => None,
        }
    }

    #[test]
    fn arithmetic_precedence_and_logic() {
        let v = [2.0, 3.0, -0.5];
        let e = |s: &str| Expr::compile(s, &vars).unwrap().eval(&v);
        assert_eq!(e("x + y * 2"), 8.0);
        assert_eq!(e("(x + y) * 2"), 10.0);
        assert_eq!(e("x ^ 2"), 4.0);
        assert_eq!(e("x < y && rel_USA_CHN < 0"), 1.0);
        assert_eq!(e("x > y || !(rel_USA_CHN < 0)"), 0.0);
        assert_eq!(e("max(x, y, 10) - min(x, y)"), 8.0);
        assert_eq!(e("abs(rel_USA_CHN)"), 0.5);
        assert_eq!(e("x == 2.0"), 1.0);
        assert_eq!(e("true"), 1.0);
    }

    #[test]
    fn unknown_names_are_located() {
        let err = Expr::compile("x > 1 && rel_USA_RUS < 0", &vars).unwrap_err();
        assert_eq!(err.offset, Some(9));
        assert!(err.message.contains("rel_USA_RUS"), "{}", err.message);
        let err = Expr::compile("sqrt(x)", &vars).unwrap_err();
        assert!(err.message.contains("sqrt"));
        assert!(Expr::compile("x = 3", &vars).is_err());
        assert!(Expr::compile("x >", &vars).is_err());
    }
}
