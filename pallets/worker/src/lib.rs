//! # Worker pallet
//!
//! The node's off-chain worker. After every imported block it does the work the chain assigned
//! to the compute nodes this node operates, with the trainer beside the node
//! (`aicchain-trainer serve`) doing the heavy part, and signs the results back onto the chain:
//!
//! - as a **trainer**, it starts the task the round gives it
//!   ([`pallet_training::Pallet::train_order`]) on the trainer (`trainer_train`; on its GPU
//!   only when every validator judging it declares the same GPU model, since only the same GPU
//!   replays a GPU run exactly, else on the CPU), polls it on later blocks (`trainer_status`)
//!   and submits `training.submit_update`;
//! - as a **validator**, it judges every other trainer's update once the update's sample seed
//!   is known (`trainer_validate`, which fetches the artifacts from the trainer's public
//!   `artifact_url`; artifacts withheld are an Invalid verdict) and submits
//!   `training.submit_verdict`;
//! - as the **merger**, it merges the valid updates (`trainer_merge`) and submits
//!   `training.submit_merge`;
//! - it sends `compute.heartbeat` once a quarter of the heartbeat timeout has passed (free);
//! - in each reporting epoch it commits to the figures its trainer measured since the last
//!   report (`reporting.commit_report`: throughput, latency, uptime, energy) and reveals them in
//!   the next (`reporting.reveal_report`).
//!
//! The pallet has no storage and no calls: its state is the node's off-chain local storage,
//! which survives restarts. It reads no other pallet's storage: what a node owes a round, and
//! the round's rules, come from training's view ([`pallet_training::Pallet::duties_of`],
//! [`is_owed`](pallet_training::Pallet::is_owed), `train_order`, `judge_order`,
//! `merge_order`), heartbeats and artifact URLs from compute's, epochs and commitments from
//! reporting's. It talks to the trainer in the contract both compile,
//! [`aicchain_primitives::task::rpc`].
//!
//! ## Which nodes
//!
//! The nodes whose operator's key is in the node's keystore under [`KEY_TYPE`] (`aicw`,
//! sr25519): `aicchain-node key insert --key-type aicw --scheme sr25519 --suri <secret>`.
//! Development chains insert the development operators' keys themselves. The trainer is found
//! at the URL the node keeps under [`TRAINER_URL_KEY`] (`aicchain-node --trainer-url`).
//!
//! ## Rules it keeps
//!
//! - A **duty** (one node's training, one verdict, or one merge in one round) is advanced by
//!   one worker run at a time, under a local-storage lock that expires (so a crash cannot hold
//!   it forever), and remembers its [`Stage`]: waiting (with exponential backoff after a
//!   failure), training (the trainer's task id, which the trainer derives from the task), or
//!   done (the result, submitted; submitted again if the pool refused it, or if the chain has
//!   neither recorded it nor used its nonce once it can no longer be included,
//!   [`RESUBMIT_AFTER`] blocks later).
//! - Transactions of one account take their nonces from a persisted counter, so several in
//!   consecutive blocks never clash ([`submit`]).
//! - Artifacts a trainer withholds make its update Invalid, but only after the validator asked
//!   [`WITHHELD_ATTEMPTS`] times a block apart (or [`DEADLINE_MARGIN`] blocks before the
//!   deadline), so that a trainer down for a moment is not slashed.
//! - Every trainer answer is parsed, never trusted: HTTP errors, time-outs, malformed JSON and
//!   bodies over [`MAX_RESPONSE`] are failures that are retried, never panics. The chain's
//!   deadlines decide what a late node loses.
//! - It logs under the `worker` target and keeps a summary for the node's
//!   `aicchain_workerStatus` RPC ([`status`]).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod crypto;
mod duties;
#[cfg(test)]
mod mock;
mod report;
pub mod status;
mod submit;
#[cfg(test)]
mod tests;
pub mod trainer;

use frame_system::offchain::{AppCrypto, CreateSignedTransaction};

pub use crypto::KEY_TYPE;
pub use duties::{Duty, Outcome, Stage};
pub use pallet::*;

/// The log target of the worker.
pub const LOG_TARGET: &str = "worker";

/// Where the node keeps its trainer's URL in persistent off-chain storage (SCALE-encoded
/// bytes); [`DEFAULT_TRAINER_URL`] when absent.
pub const TRAINER_URL_KEY: &[u8] = b"aicchain/worker/trainer-url";

/// The trainer's URL when the node set none: `aicchain-trainer serve`'s default.
pub const DEFAULT_TRAINER_URL: &str = "http://127.0.0.1:9955";

/// Blocks a worker's transaction stays valid (its mortal era; the runtime builds them so).
pub const MORTALITY: u32 = 32;

/// Blocks after which a submitted result that the chain has not recorded is submitted again:
/// once the first transaction can no longer be included, so that never both are.
pub const RESUBMIT_AFTER: u32 = MORTALITY + 1;

/// Where the node keeps the time it started (SCALE `u64`, milliseconds): nonces the worker
/// kept from before a restart are forgotten, since the pool that held them is gone.
pub const BOOT_KEY: &[u8] = b"aicchain/worker/boot";

/// The longest pause between attempts of a failing duty, in blocks.
pub const MAX_BACKOFF: u32 = 32;

/// The largest trainer answer the worker reads, in bytes.
pub const MAX_RESPONSE: usize = 1 << 20;

/// How often a validator asks again for artifacts a trainer withheld, a block apart, before it
/// judges the update Invalid (sooner when the round's deadline is near): a trainer that was
/// down for a moment is not slashed for it.
pub const WITHHELD_ATTEMPTS: u32 = 10;

/// Blocks before the round's deadline by which a validator judges withheld artifacts Invalid.
pub const DEADLINE_MARGIN: u32 = 5;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config:
		frame_system::Config
		+ CreateSignedTransaction<pallet_training::Call<Self>>
		+ CreateSignedTransaction<pallet_compute::Call<Self>>
		+ CreateSignedTransaction<pallet_reporting::Call<Self>>
		+ pallet_training::Config
		+ pallet_compute::Config
		+ pallet_reporting::Config
	{
		/// The operator keys the worker signs with (key type [`KEY_TYPE`]).
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;

		/// How many segments of each update a validator re-executes (the last one always is).
		/// Must be non-zero.
		#[pallet::constant]
		type ReplayedSegments: Get<u32>;
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Advances every duty of this node's compute nodes by one step.
		fn offchain_worker(now: BlockNumberFor<T>) {
			duties::Worker::<T>::new(now).run();
		}

		fn integrity_test() {
			assert!(T::ReplayedSegments::get() > 0, "ReplayedSegments must be non-zero");
		}
	}
}
