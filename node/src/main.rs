//! `aicchain-node`: the AICChain node. Aura authors blocks, GRANDPA finalizes them, state lives
//! in ParityDB, off-chain workers run after every imported block and drive the trainer beside
//! the node (`--trainer-url`).

// `sc_cli::Error`, the error of every node command and service, is large; the node template
// returns it as it is, and so do we.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod worker;

fn main() -> sc_cli::Result<()> {
	command::run()
}
