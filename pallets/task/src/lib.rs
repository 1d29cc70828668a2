//! One description of a training task, shared by the chain and the trainer: what a round asks
//! of each trainer ([`TaskSpec`]), what a trainer reports ([`UpdateReport`]), what a validator
//! finds ([`Verdict`], [`Measured`]), the limits both sides keep, and the derivations both must
//! compute alike (task and sample seeds, the checkpoint-list hash, loss units).
//!
//! The chain stores these types (SCALE); the off-chain worker sends them to the trainer and
//! reads them back as JSON (serde, snake_case fields); the trainer converts them to and from its
//! own richer types in exactly one place each. [`rpc`] is that conversation itself: the
//! trainer's JSON-RPC methods, parameters, answers and error codes, which both sides compile.
//! The crate is light (no FRAME crate), so that the trainer can depend on it too;
//! `aicchain-primitives` re-exports it as `task`.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod rpc;

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use primitive_types::H256;
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
pub use sp_arithmetic::Perbill;
use sp_crypto_hashing::blake2_256;

/// Identifies a registered compute node (as `aicchain-primitives` does).
pub type NodeId = u32;

/// The most optimiser steps a round may ask of a trainer.
pub const MAX_STEPS: u32 = 1_000_000;
/// The largest batch a job may ask for.
pub const MAX_BATCH_SIZE: u32 = 4_096;
/// The most checkpoints a run may publish besides its start.
pub const MAX_CHECKPOINTS: u32 = 64;

/// A loss in millionths of a nat (fixed point: the runtime has no floats).
pub type MicroNats = u64;

/// Which network of the trainer's model zoo to train, sized for the job's data set.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum ModelKind {
	/// A multi-layer perceptron over flattened images.
	Mlp,
	/// A small convolutional network for images.
	Cnn,
	/// A small causal character-level transformer for text.
	Transformer,
}

/// How weights are updated.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum Optimizer {
	/// Stochastic gradient descent with heavy-ball momentum.
	Sgd {
		/// Momentum (0 to 1).
		momentum: Perbill,
	},
	/// Adam with its usual constants (β₁ 0.9, β₂ 0.999, ε 1e-8).
	Adam,
}

/// How each trainer trains in a round.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct HyperParams {
	/// The optimiser.
	pub optimizer: Optimizer,
	/// Its learning rate (0 to 1; e.g. 0.001 is `Perbill::from_parts(1_000_000)`).
	pub learning_rate: Perbill,
	/// Examples per step.
	pub batch_size: u32,
	/// Optimiser steps per trainer and round.
	pub steps: u32,
	/// Steps between the checkpoints validators re-execute. Divides into at most
	/// [`MAX_CHECKPOINTS`] segments.
	pub checkpoint_every: u32,
}

/// Why hyper-parameters cannot be trained with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum HyperParamsError {
	/// No steps.
	ZeroSteps,
	/// More than [`MAX_STEPS`].
	TooManySteps,
	/// No examples per batch.
	ZeroBatchSize,
	/// More than [`MAX_BATCH_SIZE`].
	BatchTooLarge,
	/// A zero learning rate.
	ZeroLearningRate,
	/// `checkpoint_every` is zero, more than the steps, or makes more than [`MAX_CHECKPOINTS`].
	BadCheckpointInterval,
}

impl HyperParams {
	/// Checks the limits both the chain and the trainer keep.
	pub fn check(&self) -> Result<(), HyperParamsError> {
		use HyperParamsError::*;
		let every = self.checkpoint_every;
		let failed = [
			(self.steps == 0, ZeroSteps),
			(self.steps > MAX_STEPS, TooManySteps),
			(self.batch_size == 0, ZeroBatchSize),
			(self.batch_size > MAX_BATCH_SIZE, BatchTooLarge),
			(self.learning_rate.is_zero(), ZeroLearningRate),
			(
				every == 0 || every > self.steps || self.segments() > MAX_CHECKPOINTS,
				BadCheckpointInterval,
			),
		];
		failed.into_iter().find_map(|(failed, error)| failed.then_some(error)).map_or(Ok(()), Err)
	}

	/// The segments a run is cut into: one checkpoint at the end of each.
	pub fn segments(&self) -> u32 {
		self.steps.div_ceil(self.checkpoint_every.max(1))
	}

	/// The examples a run of these parameters trains on.
	pub fn samples(&self) -> u64 {
		u64::from(self.steps) * u64::from(self.batch_size)
	}
}

/// What one trainer is asked to train in one round: everything its trainer needs, and
/// everything a validator needs to rebuild the same run.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, TypeInfo, Serialize, Deserialize)]
pub struct TaskSpec {
	/// The network.
	pub model: ModelKind,
	/// BLAKE2b-256 of the data set's content.
	pub dataset: H256,
	/// How to train.
	pub hyper_params: HyperParams,
	/// This trainer's shard of the training part, counted from 0.
	pub shard: u32,
	/// Shards the training part is cut into (the round's trainers).
	pub shards: u32,
	/// The checkpoint to start from (the job's last merged model); `None` starts from the
	/// job's seeded initialisation.
	pub base: Option<H256>,
	/// Seeds the initialisation: the job's, so that every trainer of a job starts alike.
	pub init_seed: u64,
	/// Seeds the batch order and the probe batch: this trainer's in this round
	/// ([`task_seed`]), so that no two assignments share a run.
	pub seed: u64,
}

/// The seed of `node`'s run in `round` of the job seeded `job_seed`: unique per job, round
/// and trainer, so that a run cannot be replayed in another round or copied from another
/// trainer.
pub fn task_seed(job_seed: u64, round: u32, node: NodeId) -> u64 {
	seed_of(&(b"aicchain/task", job_seed, round, node))
}

/// The seed with which validator `validator` samples the segments it re-executes of
/// `trainer`'s update: from the hash of the block that included the update (`included_in`,
/// its bytes), which nobody knew when the update was signed, and different for each validator.
pub fn sample_seed(
	included_in: &[u8],
	job: u32,
	round: u32,
	trainer: NodeId,
	validator: NodeId,
) -> u64 {
	seed_of(&(b"aicchain/sample", included_in, job, round, trainer, validator))
}

/// The first eight bytes (little-endian) of the BLAKE2b-256 of `value`'s SCALE encoding.
fn seed_of(value: &impl Encode) -> u64 {
	let hash = blake2_256(&value.encode());
	u64::from_le_bytes([hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7]])
}

/// Where a run ran: what a validator needs to know to replay it bit for bit.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum Device {
	/// The CPU with this many libtorch threads (replayed exactly with as many).
	Cpu {
		/// libtorch intra-op threads.
		threads: u16,
	},
	/// A CUDA GPU (replayed exactly, on a validator's GPU of the same model).
	Cuda,
}

/// What a trainer did, as it reports it on-chain.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct UpdateReport {
	/// BLAKE2b-256 of the final checkpoint, in the trainer's artifact store.
	pub weights: H256,
	/// The checkpoint list's hash ([`checkpoint_list_hash`]), which is also the name of the
	/// list in the trainer's artifact store: validators fetch the list, then the checkpoints.
	pub checkpoints: H256,
	/// Examples processed.
	pub samples: u64,
	/// Optimiser steps taken.
	pub steps: u32,
	/// Mean loss on the probe batch before training.
	pub loss_before: MicroNats,
	/// Mean loss on the same batch after training.
	pub loss_after: MicroNats,
	/// Wall time, in milliseconds.
	pub wall_ms: u64,
	/// Where it ran.
	pub device: Device,
}

/// The bytes of a checkpoint list (the 32-byte hashes one after the other, in step order), as
/// the trainer stores them.
pub fn checkpoint_list_bytes(checkpoints: &[H256]) -> Vec<u8> {
	checkpoints.iter().flat_map(|hash| hash.0).collect()
}

/// The hash of a checkpoint list: BLAKE2b-256 of [`checkpoint_list_bytes`].
pub fn checkpoint_list_hash(checkpoints: &[H256]) -> H256 {
	H256(blake2_256(&checkpoint_list_bytes(checkpoints)))
}

/// A validator's judgement of one update.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub enum Verdict {
	/// Every check passed.
	Valid,
	/// A check failed, or the trainer withheld what it published: the update is not what
	/// the trainer claims.
	Invalid,
}

/// What a validator measured while judging an update.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Serialize,
	Deserialize,
)]
pub struct Measured {
	/// Probe loss of the start checkpoint.
	pub loss_before: Option<MicroNats>,
	/// Probe loss of the claimed weights.
	pub loss_after: Option<MicroNats>,
	/// Share of held-out examples the claimed weights get right (image data sets).
	pub accuracy: Option<Perbill>,
}

/// `loss` (nats) in [`MicroNats`], rounded to the nearest; negative or not-a-number losses
/// are 0, huge ones saturate.
#[cfg(feature = "std")]
pub fn micro_nats(loss: f64) -> MicroNats {
	(loss * 1e6).round() as MicroNats
}

/// `loss` in nats.
#[cfg(feature = "std")]
pub fn nats(loss: MicroNats) -> f64 {
	loss as f64 / 1e6
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn task_seeds_differ_per_round_and_node() {
		let seeds =
			[task_seed(7, 1, 0), task_seed(7, 2, 0), task_seed(7, 1, 1), task_seed(8, 1, 0)];
		for (i, a) in seeds.iter().enumerate() {
			assert!(seeds[i + 1..].iter().all(|b| a != b), "{seeds:?}");
		}
		assert_eq!(task_seed(7, 1, 0), task_seed(7, 1, 0));
	}

	#[test]
	fn sample_seeds_differ_per_validator_and_block() {
		let block = H256::repeat_byte(1);
		assert_ne!(sample_seed(&block[..], 0, 1, 2, 3), sample_seed(&block[..], 0, 1, 2, 4));
		let other = H256::repeat_byte(2);
		assert_ne!(sample_seed(&block[..], 0, 1, 2, 3), sample_seed(&other[..], 0, 1, 2, 3));
	}

	#[test]
	fn the_checkpoint_list_hash_names_its_bytes() {
		let list = [H256::repeat_byte(1), H256::repeat_byte(2)];
		let bytes = checkpoint_list_bytes(&list);
		assert_eq!(bytes.len(), 64);
		assert_eq!(checkpoint_list_hash(&list), H256(blake2_256(&bytes)));
		assert_ne!(checkpoint_list_hash(&list), checkpoint_list_hash(&[list[1], list[0]]));
	}

	#[test]
	fn hyper_params_keep_the_limits() {
		let ok = HyperParams {
			optimizer: Optimizer::Adam,
			learning_rate: Perbill::from_parts(1_000_000),
			batch_size: 32,
			steps: 100,
			checkpoint_every: 25,
		};
		assert_eq!(ok.check(), Ok(()));
		assert_eq!((ok.segments(), ok.samples()), (4, 3_200));
		let every = |checkpoint_every| HyperParams { checkpoint_every, ..ok }.check();
		assert_eq!(every(0), Err(HyperParamsError::BadCheckpointInterval));
		assert_eq!(every(1), Err(HyperParamsError::BadCheckpointInterval));
		assert_eq!(every(101), Err(HyperParamsError::BadCheckpointInterval));
		assert_eq!(every(30), Ok(()), "the last segment may be shorter");
	}

	#[test]
	fn losses_round_to_micro_nats() {
		assert_eq!(micro_nats(2.302_585_4), 2_302_585);
		assert_eq!(micro_nats(-1.0), 0);
		assert_eq!(micro_nats(f64::NAN), 0);
		assert_eq!(nats(1_500_000), 1.5);
	}

	#[test]
	fn json_is_what_the_trainer_reads() {
		let report = UpdateReport {
			weights: H256::repeat_byte(0xaa),
			checkpoints: H256::repeat_byte(0xbb),
			samples: 6_400,
			steps: 100,
			loss_before: 2_300_000,
			loss_after: 600_000,
			wall_ms: 1_234,
			device: Device::Cpu { threads: 2 },
		};
		let json = serde_json::to_value(&report).unwrap();
		assert_eq!(json["device"], serde_json::json!({ "Cpu": { "threads": 2 } }));
		assert_eq!(json["weights"], format!("0x{}", "aa".repeat(32)));
		assert_eq!(serde_json::from_value::<UpdateReport>(json).unwrap(), report);
	}
}
