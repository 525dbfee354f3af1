//! Placeholder until this command's issue lands.
use super::CmdResult;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> CmdResult {
    Err("this command is not built yet".into())
}
