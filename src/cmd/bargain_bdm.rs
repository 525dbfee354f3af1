//! `intrigue bargain --model bdm`: wired once the BDM model lands.
use super::bargain::Args;
use super::CmdResult;
use intrigue_bargain::Negotiation;

pub fn run(_args: &Args, _neg: &Negotiation) -> CmdResult {
    Err("the bdm model is not wired yet".into())
}
