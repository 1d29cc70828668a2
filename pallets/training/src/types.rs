//! What jobs, rounds, updates and verdicts look like on-chain.

pub use aicchain_primitives::task::{
	HyperParams, Measured, MicroNats, ModelKind, Optimizer, UpdateReport, Verdict, MAX_BATCH_SIZE,
	MAX_CHECKPOINTS, MAX_STEPS,
};
use aicchain_primitives::{EscrowId, NodeId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::BoundedVec;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{BalanceOf, Config};

/// Identifies a training job. Ids are assigned in order and never reused.
pub type JobId = u32;

/// A round of a job, counted from 1.
pub type RoundIndex = u32;

/// The data set to train on: its content hash and where trainers find it.
///
/// `Text` is `Vec<u8>` in calls, so that an oversize location is a named error rather than an
/// undecodable transaction, and bounded in storage.
#[derive(
	Clone, PartialEq, Eq, Debug, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo,
)]
pub struct DatasetRef<Text> {
	/// BLAKE2b-256 of the data set's content, as the trainer computes it.
	pub hash: H256,
	/// Where to get it (a URL or a name the trainers know); UTF-8.
	pub location: Text,
}

/// How soon the client needs its model: the length of each round's training window.
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
)]
pub enum Priority {
	/// Rounds get four times the standard window: for slow, cheap nodes.
	Low,
	/// Rounds get the standard window.
	Normal,
	/// Rounds get half the standard window: late trainers are replaced sooner.
	High,
}

impl Priority {
	/// The training window of a round: `standard` scaled by this priority.
	pub fn window<N: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(self, standard: N) -> N {
		match self {
			Priority::Low => standard.saturating_mul(4u32.into()),
			Priority::Normal => standard,
			Priority::High => (standard / 2u32.into()).max(1u32.into()),
		}
	}
}

/// Where a job stands.
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
)]
pub enum JobStatus {
	/// A round is under way.
	Running,
	/// Matching found no trainer and validator for the next round; the budget stays escrowed
	/// until the client continues or cancels the job.
	Stalled,
	/// The client cancelled; the round under way is finished and paid, then the rest is
	/// refunded.
	Cancelling,
	/// Every round is done (or the job was cancelled) and what was left refunded.
	Finished,
}

/// A training job.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Job<T: Config> {
	/// Who posted it and pays for it.
	pub client: T::AccountId,
	/// The network to train.
	pub model: ModelKind,
	/// The data set.
	pub dataset: DatasetRef<BoundedVec<u8, T::MaxLocationLen>>,
	/// How each trainer trains.
	pub hyper_params: HyperParams,
	/// Rounds in all.
	pub rounds: RoundIndex,
	/// Data shards per round: one trainer each.
	pub trainers_per_round: u32,
	/// Validators per round; each judges every update but its own.
	pub validators_per_round: u32,
	/// The budget it was posted with.
	pub budget: BalanceOf<T>,
	/// The escrow holding what is left of the budget.
	pub escrow: EscrowId,
	/// Fewest GPUs a trainer must have.
	pub min_gpus: u16,
	/// How long each round's training window is.
	pub priority: Priority,
	/// Seeds every trainer's initialisation; with the round and the trainer, its batch order
	/// ([`aicchain_primitives::task::task_seed`]).
	pub seed: u64,
	/// The round under way, or the last one (0 before the first starts).
	pub round: RoundIndex,
	/// The model the next round starts from: the last merged one (`None`: the seeded
	/// initialisation).
	pub model_hash: Option<H256>,
	/// Where it stands.
	pub status: JobStatus,
}

/// One trainer's place in a round.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct TrainerSlot<T: Config> {
	/// The node.
	pub node: NodeId,
	/// Its data shard (of the job's `trainers_per_round`).
	pub shard: u32,
	/// Its update, once submitted.
	pub update: Option<UpdateReport>,
	/// The block that included the update: its hash seeds the validators' samples
	/// ([`aicchain_primitives::task::sample_seed`]).
	pub included_at: Option<BlockNumberFor<T>>,
	/// The verdicts on it, by validator.
	pub verdicts: BoundedVec<(NodeId, Verdict), T::MaxValidators>,
}

impl<T: Config> TrainerSlot<T> {
	/// What the verdicts decide: Valid or Invalid by a strict majority of those cast; no
	/// update is Missing, a tie or no verdict Undecided.
	pub fn outcome(&self) -> Outcome {
		if self.update.is_none() {
			return Outcome::Missing;
		}
		let valid = self.verdicts.iter().filter(|(_, v)| *v == Verdict::Valid).count();
		let invalid = self.verdicts.len() - valid;
		match valid.cmp(&invalid) {
			core::cmp::Ordering::Greater => Outcome::Valid,
			core::cmp::Ordering::Less => Outcome::Invalid,
			core::cmp::Ordering::Equal => Outcome::Undecided,
		}
	}
}

/// How a trainer's round ended.
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
)]
pub enum Outcome {
	/// Validators accepted the update: paid, AICG issued, trust up.
	Valid,
	/// Validators rejected the update: slashed, trust down.
	Invalid,
	/// No update by the deadline: slashed, trust down, replaced next round.
	Missing,
	/// Validators were split or silent: neither paid nor slashed.
	Undecided,
}

/// The phase of a round.
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
)]
pub enum RoundPhase {
	/// Trainers submit updates, validators judge them.
	Training,
	/// The verdicts are in; the merger submits the merged model's hash.
	Merging,
	/// Paid and closed.
	Settled,
}

/// One round of a job: who does what, what they submitted.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode, MaxEncodedLen, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct Round<T: Config> {
	/// The phase.
	pub phase: RoundPhase,
	/// When the phase ends at the latest (settlement runs then).
	pub deadline: BlockNumberFor<T>,
	/// The AICC this round pays out at most.
	pub reward: BalanceOf<T>,
	/// The model it starts from.
	pub base: Option<H256>,
	/// The trainers, one shard each, best-ranked first.
	pub trainers: BoundedVec<TrainerSlot<T>, T::MaxTrainers>,
	/// The validators, best-ranked first; the first merges.
	pub validators: BoundedVec<NodeId, T::MaxValidators>,
	/// The merged model's hash, once the merger submitted it.
	pub merged: Option<H256>,
}

impl<T: Config> Round<T> {
	/// The node that merges the valid updates: the best-ranked validator.
	pub fn merger(&self) -> Option<NodeId> {
		self.validators.first().copied()
	}

	/// How many verdicts an update of `trainer` gets: every validator but itself.
	pub fn judges_of(&self, trainer: NodeId) -> usize {
		self.validators.iter().filter(|v| **v != trainer).count()
	}

	/// Whether every trainer submitted and every update has all its verdicts.
	pub fn is_judged(&self) -> bool {
		self.trainers
			.iter()
			.all(|slot| slot.update.is_some() && slot.verdicts.len() == self.judges_of(slot.node))
	}

	/// The slot of `trainer`, if it trains in this round.
	pub fn slot_of(&self, trainer: NodeId) -> Option<usize> {
		self.trainers.iter().position(|slot| slot.node == trainer)
	}
}

/// Why a node was paid.
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
)]
pub enum PayReason {
	/// Its update was judged Valid: its share of the trainers' part, pro rata to samples.
	ValidUpdate,
	/// Every verdict it gave agreed with the majority: an equal share of the validators' part.
	AgreeingVerdicts,
}

/// Why a node lost trust (and, for trainers, part of its bond).
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
)]
pub enum Fault {
	/// Its update was judged Invalid (slashed).
	InvalidUpdate,
	/// It submitted no update in time (slashed).
	MissingUpdate,
	/// A verdict it gave went against the majority, or it left an update unjudged.
	BadVerdicts,
	/// As the merger, it submitted no merged model in time.
	MissingMerge,
}
