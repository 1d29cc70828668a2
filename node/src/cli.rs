//! The command line: `aicchain-node [run options]` or one of the subcommands.

/// `aicchain-node`'s arguments.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A maintenance subcommand; without one, the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of a running node (`--dev`, `--chain`, `--rpc-port`, ...).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Where the off-chain worker finds this node's trainer (`aicchain-trainer serve`).
	#[arg(long, value_name = "URL", default_value = pallet_worker::DEFAULT_TRAINER_URL)]
	pub trainer_url: String,
}

/// The maintenance subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect and insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Print a chain specification (`--chain dev|local|<file>`, `--raw` for the raw form).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks to a file.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a block as a chain specification.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks from a file.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain database.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Print information about the database.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Measure pallet weights (`benchmark pallet`) and this machine (`benchmark machine`).
	/// Only in a node built with `--features runtime-benchmarks`.
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
