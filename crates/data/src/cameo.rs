//! CAMEO event codes built into the binary: names, Goldstein scores under three published
//! tables, and quad classes under three conventions.
//!
//! The table (`tables/cameo_codes.tsv`) joins GDELT's `CAMEO.goldsteinscale.txt` (canonical:
//! it matches what GDELT rows carry), the ICEWS CAMEO dictionary and the Phoenix pipeline's
//! dictionary. Goldstein (1992), "A Conflict-Cooperation Scale for WEIS Events Data", Journal of
//! Conflict Resolution 36(2); CAMEO: Gerner, Schrodt, Yilmaz & Abu-Jabr (2002).

use std::sync::OnceLock;

const TABLE: &str = include_str!("../tables/cameo_codes.tsv");

/// Which published CAMEO→Goldstein table to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoldsteinTable {
    /// GDELT's lookup file: the canonical table.
    Gdelt,
    /// ICEWS's CAMEO dictionary (what ICEWS "Intensity" carries).
    Icews,
    /// The Phoenix pipeline's dictionary (from Parus Analytics' CAMEO.SCALE.txt).
    Phoenix,
}

impl GoldsteinTable {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "gdelt" => Some(Self::Gdelt),
            "icews" => Some(Self::Icews),
            "phoenix" => Some(Self::Phoenix),
            _ => None,
        }
    }
    fn col(self) -> usize {
        self as usize
    }
}

/// Which rule maps a CAMEO root code to a quad class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuadConvention {
    /// GDELT: roots 01-05 → 1, 06-09 → 2, 10-14 → 3, 15-20 → 4 (checked on every GDELT row).
    Gdelt,
    /// Beger's ICEWS rule: 01-05, 06-08, 09-13, 14-20.
    IcewsBeger,
    /// Phoenix: 0 = statements and appeals (01-02), 1-4 after (16 is verbal conflict).
    Phoenix,
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    pub code: String,
    /// 0 = root (2 digits), 1 = base (3 digits), 2 = 4 digits.
    pub level: u8,
    pub name: String,
    /// Goldstein score under GDELT, ICEWS and Phoenix tables (None where the table lacks it).
    pub goldstein: [Option<f64>; 3],
}

/// The parsed table with a flat index by code.
pub struct Cameo {
    codes: Vec<CameoCode>,
    /// Index into `codes` by `code_slot`.
    slots: Vec<u16>,
}

const NO_SLOT: u16 = u16::MAX;

/// Flat slot of a 2-4 digit code, keeping leading zeros distinct ("01" ≠ "001").
fn code_slot(code: &[u8]) -> Option<usize> {
    if !(2..=4).contains(&code.len()) || !code.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let v = code
        .iter()
        .fold(0usize, |a, &b| a * 10 + (b - b'0') as usize);
    Some(match code.len() {
        2 => v,
        3 => 100 + v,
        _ => 1100 + v,
    })
}

impl Cameo {
    fn parse() -> Cameo {
        let mut codes = Vec::new();
        let mut slots = vec![NO_SLOT; 11100];
        for line in TABLE.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 10 {
                continue;
            }
            let num = |s: &str| s.trim().parse::<f64>().ok();
            let name = if f[2].is_empty() { f[3] } else { f[2] };
            let c = CameoCode {
                code: f[0].to_string(),
                level: f[1].parse().unwrap_or(0),
                name: name.to_string(),
                goldstein: [num(f[4]), num(f[5]), num(f[6])],
            };
            if let Some(s) = code_slot(f[0].as_bytes()) {
                slots[s] = codes.len() as u16;
            }
            codes.push(c);
        }
        Cameo { codes, slots }
    }

    /// Every code in the table.
    pub fn codes(&self) -> &[CameoCode] {
        &self.codes
    }

    /// The entry of a code such as "0341", if the code is in any of the three tables.
    pub fn get(&self, code: &str) -> Option<&CameoCode> {
        self.get_bytes(code.as_bytes())
    }

    pub fn get_bytes(&self, code: &[u8]) -> Option<&CameoCode> {
        let s = code_slot(code)?;
        match self.slots[s] {
            NO_SLOT => None,
            i => Some(&self.codes[i as usize]),
        }
    }

    /// Goldstein score of a code under a table; None if that table has no value for the code.
    pub fn goldstein(&self, code: &[u8], table: GoldsteinTable) -> Option<f64> {
        self.get_bytes(code)?.goldstein[table.col()]
    }
}

/// The built-in CAMEO table, parsed once.
pub fn cameo() -> &'static Cameo {
    static C: OnceLock<Cameo> = OnceLock::new();
    C.get_or_init(Cameo::parse)
}

/// Quad class of a CAMEO code from its two-digit root under a convention; None for a root
/// outside 01-20. The GDELT and Beger conventions return 1-4, Phoenix 0-4.
pub fn quad_class(code: &[u8], conv: QuadConvention) -> Option<u8> {
    if code.len() < 2 || !code[0].is_ascii_digit() || !code[1].is_ascii_digit() {
        return None;
    }
    let root = (code[0] - b'0') * 10 + (code[1] - b'0');
    let q = match conv {
        QuadConvention::Gdelt => match root {
            1..=5 => 1,
            6..=9 => 2,
            10..=14 => 3,
            15..=20 => 4,
            _ => return None,
        },
        QuadConvention::IcewsBeger => match root {
            1..=5 => 1,
            6..=8 => 2,
            9..=13 => 3,
            14..=20 => 4,
            _ => return None,
        },
        QuadConvention::Phoenix => match root {
            1..=2 => 0,
            3..=5 => 1,
            6..=8 => 2,
            9..=13 | 16 => 3,
            14 | 15 | 17..=20 => 4,
            _ => return None,
        },
    };
    Some(q)
}

/// Names of the quad classes 1-4 (GDELT codebook).
pub const QUAD_NAMES: [&str; 4] = [
    "Verbal Cooperation",
    "Material Cooperation",
    "Verbal Conflict",
    "Material Conflict",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_three_scales_and_their_disagreements() {
        let c = cameo();
        assert!(c.codes().len() >= 311);
        // Code 163 (sanctions): GDELT and ICEWS −8.0, Phoenix −6.5 (data-formats.md §4).
        assert_eq!(c.goldstein(b"163", GoldsteinTable::Gdelt), Some(-8.0));
        assert_eq!(c.goldstein(b"163", GoldsteinTable::Icews), Some(-8.0));
        assert_eq!(c.goldstein(b"163", GoldsteinTable::Phoenix), Some(-6.5));
        assert_eq!(c.goldstein(b"016", GoldsteinTable::Phoenix), Some(3.4));
        assert_eq!(c.get("0110").map(|e| e.goldstein[0]), Some(None));
        assert!(c.get("13y").is_none());
        assert!(c.get("1").is_none());
        assert_eq!(
            c.get("01").map(|e| e.name.as_str()),
            Some("MAKE PUBLIC STATEMENT")
        );
        // "010" and "0010" must not collide.
        assert!(c.get("0010").is_none());
    }

    #[test]
    fn quad_conventions_differ_where_documented() {
        assert_eq!(quad_class(b"09", QuadConvention::Gdelt), Some(2));
        assert_eq!(quad_class(b"0913", QuadConvention::IcewsBeger), Some(3));
        assert_eq!(quad_class(b"14", QuadConvention::Gdelt), Some(3));
        assert_eq!(quad_class(b"14", QuadConvention::IcewsBeger), Some(4));
        assert_eq!(quad_class(b"16", QuadConvention::Phoenix), Some(3));
        assert_eq!(quad_class(b"02", QuadConvention::Phoenix), Some(0));
        assert_eq!(quad_class(b"21", QuadConvention::Gdelt), None);
        // Every root of the table agrees with the table's own quad columns.
        for line in TABLE.lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            if f[1] == "0" {
                let want: Vec<Option<u8>> = f[7..10].iter().map(|s| s.parse().ok()).collect();
                let got = vec![
                    quad_class(f[0].as_bytes(), QuadConvention::Gdelt),
                    quad_class(f[0].as_bytes(), QuadConvention::IcewsBeger),
                    quad_class(f[0].as_bytes(), QuadConvention::Phoenix),
                ];
                assert_eq!(got, want, "root {}", f[0]);
            }
        }
    }
}
