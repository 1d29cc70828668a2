//! `aicchain-node`: the AICChain node. Aura authors blocks, GRANDPA finalizes them, state lives
//! in ParityDB, off-chain workers run after every imported block.

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
