//! The calibrate fragment parses as TOML, every number in it carries a source, and its values
//! come from the data.

use intrigue_data::calibrate::{fragment, CalibrationData, EventTally};
use intrigue_data::states::*;
use intrigue_data::{read_file, ReadOptions};
use std::path::{Path, PathBuf};

fn fx(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(p)
}

/// Every number must be `value` in a table that also has a string `source`; `quad` is an id.
fn check_sourced(v: &toml::Value, key: &str, parent: Option<&toml::Table>, path: &str) {
    match v {
        toml::Value::Integer(_) | toml::Value::Float(_) => {
            if key == "quad" {
                return;
            }
            assert_eq!(key, "value", "bare number at {path}");
            let src = parent
                .and_then(|t| t.get("source"))
                .and_then(|s| s.as_str());
            assert!(
                src.is_some_and(|s| !s.is_empty()),
                "number without source at {path}"
            );
        }
        toml::Value::Table(t) => {
            for (k, x) in t {
                check_sourced(x, k, Some(t), &format!("{path}.{k}"));
            }
        }
        toml::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                check_sourced(x, key, parent, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

#[test]
fn fragment_is_toml_and_every_number_has_a_source() {
    let votes = read_un_votes(&fx("states/un_votes_six.csv")).unwrap();
    let rc = read_un_roll_calls(&fx("states/un_roll_calls.csv")).unwrap();
    let nmc = read_cow_nmc(&fx("states/cow_nmc.csv")).unwrap();
    let atop = read_atop(&fx("states/atop_alliance_six.csv")).unwrap();
    let mut tally = EventTally::default();
    let ev = fx("events/events.20180601.tab");
    tally.files.push("events.20180601.tab".into());
    read_file(&ev, &ReadOptions::default(), |e| tally.add(e)).unwrap();
    let actors: Vec<String> = ["USA", "CHN", "PRK", "KOR", "JPN", "RUS"]
        .map(String::from)
        .to_vec();
    let d = CalibrationData {
        year: 2017,
        actors: &actors,
        votes: &votes,
        roll_calls: &rc,
        nmc: &nmc,
        atop: &atop,
        events: Some(&tally),
    };
    let text = fragment(&d).unwrap();
    let doc: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
    check_sourced(&toml::Value::Table(doc.clone()), "", None, "");
    let actors_t = doc["actors"].as_array().unwrap();
    assert_eq!(actors_t.len(), 6);
    let prk = actors_t
        .iter()
        .find(|a| a["id"].as_str() == Some("PRK"))
        .unwrap();
    assert_eq!(prk["capability"]["value"].as_float(), Some(0.014227722));
    let rel = doc["relations"].as_array().unwrap();
    assert_eq!(rel.len(), 30);
    let find = |f: &str, t: &str| {
        rel.iter()
            .find(|r| r["from"].as_str() == Some(f) && r["to"].as_str() == Some(t))
            .unwrap()
    };
    // US–Japan: defence pact; US–DPRK: none, and votes far apart.
    assert_eq!(
        find("USA", "JPN")["alliance"]["value"].as_float(),
        Some(1.0)
    );
    assert_eq!(
        find("USA", "PRK")["alliance"]["value"].as_float(),
        Some(0.0)
    );
    let b_us_jp = find("USA", "JPN")["baseline"]["value"].as_float().unwrap();
    let b_us_kp = find("USA", "PRK")["baseline"]["value"].as_float().unwrap();
    assert!(b_us_jp > b_us_kp, "{b_us_jp} vs {b_us_kp}");
    assert!((-1.0..=1.0).contains(&b_us_kp));
    // 2017 agreement as in the shipped table (0.0980 for PRK–USA).
    let agree = find("USA", "PRK")["vote_agreement"]["value"]
        .as_float()
        .unwrap();
    assert_eq!(format!("{agree:.4}"), "0.0980");
    // Event rates: the ICEWS day has 108 USA→PRK events, 105 of quad 1, over one day.
    let rates = doc["event_rates"].as_array().unwrap();
    assert_eq!(rates.len(), 30 * 4);
    let r = rates
        .iter()
        .find(|r| {
            r["from"].as_str() == Some("USA")
                && r["to"].as_str() == Some("PRK")
                && r["quad"].as_integer() == Some(1)
        })
        .unwrap();
    let v = r["per_month"]["value"].as_float().unwrap();
    assert!((v - 105.0 * 30.436875).abs() < 1e-3, "{v}");
}

#[test]
fn unknown_actor_and_year_beyond_data_are_clear_errors() {
    let votes = UnVotes::default();
    let nmc = read_cow_nmc(&fx("states/cow_nmc.csv")).unwrap();
    let actors = vec!["USA".to_string(), "XYZ".to_string()];
    let d = CalibrationData {
        year: 2017,
        actors: &actors,
        votes: &votes,
        roll_calls: &[],
        nmc: &nmc,
        atop: &[],
        events: None,
    };
    assert_eq!(
        fragment(&d).unwrap_err(),
        "actor \"XYZ\" is not a CAMEO country code"
    );
    let actors = vec!["USA".to_string()];
    let d = CalibrationData {
        year: 2030,
        actors: &actors,
        votes: &votes,
        roll_calls: &[],
        nmc: &nmc,
        atop: &[],
        events: None,
    };
    assert_eq!(
        fragment(&d).unwrap_err(),
        "COW NMC has no cinc for USA (ccode 2) in 2030; the data end in 2022"
    );
}
