//! # AICChain's matching policies
//!
//! At each round start the training pallet ranks the eligible nodes with the matching policy in
//! force, and every node that re-runs matching must get the same ranking. This crate is that
//! ranking's arithmetic, shared by the runtime (which evaluates it) and the trainer (which
//! learns and simulates it), so that both compute the same numbers from the same inputs:
//!
//! - [`Candidate`] and [`JobFeatures`]: what the runtime knows about a node and a job, the only
//!   inputs a policy may use.
//! - [`linear`]: the default policy, six hand-set [`MatchingWeights`] over the node's figures.
//! - [`net`]: a learned policy, a small network in fixed point ([`PolicyNet`]) that AICG
//!   holders publish and vote in by the hash of its bytes.
//! - [`trust`]: how a judged outcome moves the trust score a candidate carries.
//!
//! No floats: every score is integer arithmetic, identical on every machine and in wasm.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod linear;
pub mod net;
pub mod trust;

pub use aicchain_task::{ModelKind, Perbill};
pub use linear::MatchingWeights;
pub use net::{features, PolicyError, PolicyNet, Unit, FEATURES, ONE};

use serde::{Deserialize, Serialize};

/// The chain's block time in milliseconds (its Aura slot): the runtime's, and the clock of the
/// trainer's market simulator.
pub const BLOCK_TIME_MS: u64 = 3_000;

/// A node as matching sees it: its declared figures, its trust, and its load.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
	/// Number of GPUs.
	pub gpus: u16,
	/// Memory per GPU, in GiB.
	pub gpu_memory_gib: u32,
	/// Typical network latency to peers, in milliseconds.
	pub latency_ms: u32,
	/// Network bandwidth, in Mbit/s.
	pub bandwidth_mbps: u32,
	/// Energy efficiency: sustained GFLOPS per watt.
	pub gflops_per_watt: u32,
	/// Share of its power from renewable sources, in percent.
	pub renewable_percent: u8,
	/// Its trust score: its history of audited reports and judged work.
	pub trust: Perbill,
	/// Unsettled rounds it trains in now.
	pub busy: u32,
}

/// A job as matching sees it.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobFeatures {
	/// The model it trains.
	pub model: ModelKind,
	/// Trainers per round.
	pub trainers: u32,
	/// The fewest GPUs a trainer must have.
	pub min_gpus: u16,
}
