//! UN vote agreement reproduces the shipped yearly pairwise table; CINC and ATOP read for a year.

use intrigue_data::countries::countries;
use intrigue_data::states::*;
use std::path::{Path, PathBuf};

fn fx(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/states")
        .join(name)
}

#[test]
fn agreement_matches_the_derived_pairwise_table() {
    let votes = read_un_votes(&fx("un_votes_six.csv")).unwrap();
    let rc = read_un_roll_calls(&fx("un_roll_calls.csv")).unwrap();
    assert_eq!(rc.len(), 6203);
    let text = std::fs::read_to_string(fx("DERIVED_pairwise_agreement_by_year.csv")).unwrap();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let year: u16 = f[0].parse().unwrap();
        let iso = |c: &str| countries().by_cameo(c).unwrap().un_iso2;
        let a = agreement(&votes, &rc, year, iso(f[1]), iso(f[2])).unwrap();
        assert_eq!(a.n_joint.to_string(), f[3], "{line}");
        assert_eq!(format!("{:.4}", a.agree), f[4], "{line}");
        assert!(
            (-1.0..=1.0).contains(&a.s) && a.s >= 2.0 * a.agree - 1.0,
            "{line}"
        );
        checked += 1;
    }
    assert_eq!(checked, 620);
    // Symmetric, and S/kappa order the 2017 dyads as the raw agreement does at the extremes.
    let a = agreement(&votes, &rc, 2017, "US", "KP").unwrap();
    let b = agreement(&votes, &rc, 2017, "KP", "US").unwrap();
    assert_eq!(a, b);
    let cr = agreement(&votes, &rc, 2017, "CN", "RU").unwrap();
    assert!(cr.s > a.s && cr.kappa > a.kappa);
    assert!(
        a.kappa < 0.0,
        "US and DPRK vote against each other more than chance: {a:?}"
    );
}

#[test]
fn s_and_kappa_on_a_hand_case() {
    // Four roll calls in 2000: votes (Y,Y), (N,Y), (A,N), (N,N).
    let dir = std::env::temp_dir().join(format!("intrigue-states-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("rc.csv"),
        "rcid,session,importantvote,date,descr\n1,55,0,2000-01-01,\"a, \"\"quoted\"\"\nline\"\n2,55,1,2000-02-01,x\n3,55,0,2000-03-01,x\n4,55,0,2000-04-01,x\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("v.csv"),
        "rcid,country,country_code,vote\n1,A,AA,yes\n1,B,BB,yes\n2,A,AA,no\n2,B,BB,yes\n3,A,AA,abstain\n3,B,BB,no\n4.0,A,AA,no\n4,B,BB,no\n",
    )
    .unwrap();
    let rc = read_un_roll_calls(&dir.join("rc.csv")).unwrap();
    assert_eq!(rc.len(), 4);
    assert_eq!(rc[1].important, Some(true));
    let v = read_un_votes(&dir.join("v.csv")).unwrap();
    let a = agreement(&v, &rc, 2000, "AA", "BB").unwrap();
    assert_eq!(a.n_joint, 4);
    assert_eq!(a.agree, 0.5);
    // Distances 0, 2, 1, 0: S = 1 − 3/4.
    assert_eq!(a.s, 0.25);
    // Marginals A: Y1 A1 N2; B: Y2 A0 N2 → p_e = (1·2 + 0 + 2·2)/16 = 0.375.
    assert!((a.kappa - (0.5 - 0.375) / 0.625).abs() < 1e-12);
    assert!(agreement(&v, &rc, 2001, "AA", "BB").is_none());
    // A bad vote is an error naming file and line.
    std::fs::write(
        dir.join("bad.csv"),
        "rcid,country,country_code,vote\n1,A,AA,yes\n2,A,AA,maybe\n",
    )
    .unwrap();
    let e = read_un_votes(&dir.join("bad.csv")).unwrap_err().to_string();
    assert!(
        e.ends_with("bad.csv:3: vote \"maybe\" is not yes, no or abstain"),
        "{e}"
    );
}

#[test]
fn cinc_and_atop_for_a_year() {
    let nmc = read_cow_nmc(&fx("cow_nmc.csv")).unwrap();
    assert_eq!(cinc(&nmc, 2, 2016), Some(0.13325359));
    assert_eq!(cinc(&nmc, 731, 2017), Some(0.014227722));
    assert!(nmc
        .iter()
        .any(|r| r.ccode == 731 && r.year == 2016 && r.milex.is_none()));
    assert_eq!(cinc(&nmc, 2, 1700), None);
    let atop = read_atop(&fx("atop_alliance_six.csv")).unwrap();
    let us_jp = atop_obligations(&atop, 2, 740, 2016).unwrap();
    assert!(us_jp.defense);
    assert!(atop_obligations(&atop, 2, 732, 2016).unwrap().defense);
    assert!(!atop_obligations(&atop, 2, 731, 2016).unwrap().defense);
    assert!(
        atop_obligations(&atop, 2, 740, 2019).is_none(),
        "ATOP 5.1 stops in 2018"
    );
}
