//! What a node owes the rounds under way, read-only: the view the node's off-chain worker works
//! from. The round's rules live here, once — who trains which task from which base, on which
//! device, what a trainer stands to win and lose, what a merger merges, when a duty is settled —
//! and the worker keeps only what is its own: its state machine, locks, HTTP and nonces.

use aicchain_primitives::{
	task::{
		rpc::{MergeInput, Stakes},
		TaskSpec, UpdateReport,
	},
	NodeId, NodeRegistry, PolicyProvider, Role,
};
use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::UniqueSaturatedInto;

use crate::{Config, JobId, Outcome, Pallet, Round, RoundIndex, RoundPhase, Rounds};

/// The kind of work a node owes a round.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
pub enum DutyKind {
	/// Train its shard.
	Train,
	/// Judge `trainer`'s update.
	Judge {
		/// The trainer judged.
		trainer: NodeId,
	},
	/// Merge the round's valid updates.
	Merge,
}

/// What a trainer trains: its task, where the task's base is, and on which device.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TrainOrder {
	/// The task.
	pub task: TaskSpec,
	/// The node whose trainer holds the base: the merger of the round that merged it.
	pub base_from: Option<NodeId>,
	/// Whether it may train on its GPU: only where every validator judging it declares the
	/// same GPU model, since only the same hardware replays a GPU run exactly.
	pub gpu: bool,
}

/// What a validator judges: a trainer's task and recorded update, and what the trainer stands
/// to win and lose (the validator replays enough for no fake to pay).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct JudgeOrder {
	/// The trainer's task.
	pub task: TaskSpec,
	/// Its recorded update.
	pub update: UpdateReport,
	/// Its stakes.
	pub stakes: Stakes,
}

/// What the merger merges: the valid updates, and the nodes whose trainers hold them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MergeOrder {
	/// The valid updates.
	pub inputs: Vec<MergeInput>,
	/// Their trainers.
	pub holders: Vec<NodeId>,
}

impl<T: Config> Pallet<T> {
	/// The work `node` owes the rounds under way: its training, and as a validator every other
	/// trainer's update to judge and, as the merger, the merge.
	pub fn duties_of(node: NodeId) -> Vec<(JobId, RoundIndex, DutyKind)> {
		let mut found = Vec::new();
		for (job, round, role) in Self::assignments(node) {
			let Some(state) = Rounds::<T>::get(job, round) else { continue };
			match role {
				Role::Trainer => found.push((job, round, DutyKind::Train)),
				Role::Validator => {
					for slot in state.trainers.iter().filter(|slot| slot.node != node) {
						found.push((job, round, DutyKind::Judge { trainer: slot.node }));
					}
					if state.merger() == Some(node) {
						found.push((job, round, DutyKind::Merge));
					}
				}
			}
		}
		found
	}

	/// Whether the chain still needs `duty` of `node` in `round` of `job`: it has not recorded
	/// the result, and the duty's phase is not over.
	pub fn is_owed(job: JobId, round: RoundIndex, node: NodeId, duty: DutyKind) -> bool {
		let Some(state) = Rounds::<T>::get(job, round) else { return false };
		match duty {
			DutyKind::Train => {
				state.phase == RoundPhase::Training
					&& state.slot_of(node).is_some_and(|i| state.trainers[i].update.is_none())
			}
			DutyKind::Judge { trainer } => {
				state.phase == RoundPhase::Training
					&& state.slot_of(trainer).is_some_and(|i| {
						state.trainers[i].verdicts.iter().all(|(validator, _)| *validator != node)
					})
			}
			DutyKind::Merge => state.phase == RoundPhase::Merging && state.merged.is_none(),
		}
	}

	/// When the phase of `round` of `job` ends at the latest.
	pub fn deadline_of(job: JobId, round: RoundIndex) -> Option<BlockNumberFor<T>> {
		Rounds::<T>::get(job, round).map(|state| state.deadline)
	}

	/// What `node` trains in `round` of `job`, if it is one of the round's trainers.
	pub fn train_order(job: JobId, round: RoundIndex, node: NodeId) -> Option<TrainOrder> {
		let task = Self::task_spec(job, round, node)?;
		// The base is the last merged model, at the trainer of the merger that merged it (the
		// last round's, unless that round merged nothing).
		let base_from = task.base.and_then(|base| {
			(1..round)
				.rev()
				.filter_map(|earlier| Rounds::<T>::get(job, earlier))
				.find(|earlier| earlier.merged == Some(base))
				.and_then(|earlier| earlier.merger())
		});
		let gpu =
			Rounds::<T>::get(job, round).is_some_and(|state| Self::replayable_on_gpu(&state, node));
		Some(TrainOrder { task, base_from, gpu })
	}

	/// What a validator of `round` of `job` judges of `trainer`, once it submitted an update.
	pub fn judge_order(job: JobId, round: RoundIndex, trainer: NodeId) -> Option<JudgeOrder> {
		let task = Self::task_spec(job, round, trainer)?;
		let state = Rounds::<T>::get(job, round)?;
		let update = state.trainers[state.slot_of(trainer)?].update.clone()?;
		Some(JudgeOrder { task, update, stakes: Self::stakes(&state, trainer) })
	}

	/// What the merger of `round` of `job` merges: its Valid updates.
	pub fn merge_order(job: JobId, round: RoundIndex) -> Option<MergeOrder> {
		let state = Rounds::<T>::get(job, round)?;
		let valid = state.trainers.iter().filter(|slot| slot.outcome() == Outcome::Valid);
		let (inputs, holders) = valid
			.filter_map(|slot| {
				let update = slot.update.as_ref()?;
				Some((MergeInput { weights: update.weights, samples: update.samples }, slot.node))
			})
			.unzip();
		Some(MergeOrder { inputs, holders })
	}

	/// What `trainer` stands to win and lose in `state`: at most the trainers' share of the
	/// round's reward (as settlement pays it), and its slash (as the registry takes it).
	fn stakes(state: &Round<T>, trainer: NodeId) -> Stakes {
		let policy = T::Policy::policy();
		let reward = policy.trainer_share.mul_floor(state.reward);
		let slash = T::Registry::slash_amount(trainer, policy.slash_fraction).unwrap_or_default();
		Stakes {
			validators: state.judges_of(trainer) as u32,
			reward: reward.unique_saturated_into(),
			slash: slash.unique_saturated_into(),
		}
	}

	/// Whether `node` may train on its GPU in `state`: only when every validator judging it
	/// declares the same GPU model, since validators replay a GPU run on their own GPU and only
	/// the same hardware gives the same bits. Otherwise it trains on the CPU, which every
	/// validator can replay exactly.
	fn replayable_on_gpu(state: &Round<T>, node: NodeId) -> bool {
		let gpu = |node: NodeId| {
			T::Registry::specs(node)
				.filter(|specs| specs.gpu_count > 0)
				.map(|specs| specs.gpu_model)
		};
		let Some(model) = gpu(node) else { return false };
		let mut judges = state.validators.iter().filter(|v| **v != node).peekable();
		judges.peek().is_some() && judges.all(|v| gpu(*v).as_ref() == Some(&model))
	}
}
