//! The duties of this node's compute nodes, and how one worker run advances each by a step.

use alloc::{format, string::String, vec::Vec};

use aicchain_primitives::{
	task::{
		rpc::{code, TaskStatus, UpdateCheck},
		Measured, UpdateReport, Verdict,
	},
	NodeId,
};
use codec::{Decode, Encode};
use frame_support::traits::Get;
use frame_system::{offchain::Account, pallet_prelude::BlockNumberFor};
use pallet_training::{DutyKind, JobId, JudgeOrder, MergeOrder, RoundIndex, TrainOrder};
use sp_core::H256;
use sp_runtime::{
	offchain::{
		storage::StorageValueRef,
		storage_lock::{BlockAndTime, StorageLock},
		Duration,
	},
	traits::UniqueSaturatedInto,
};

use crate::{
	status,
	submit::{keystore_accounts, submit},
	trainer::{CallError, Trainer},
	Config, DEADLINE_MARGIN, DEFAULT_TRAINER_URL, MAX_BACKOFF, RESUBMIT_AFTER, TRAINER_URL_KEY,
	WITHHELD_ATTEMPTS,
};

/// One piece of work of one of this node's compute nodes in one round.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Encode, Decode)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Duty {
	/// `node` trains its shard of `round` of `job`.
	Train { job: JobId, round: RoundIndex, node: NodeId },
	/// `node` judges `trainer`'s update in `round` of `job`.
	Judge { job: JobId, round: RoundIndex, node: NodeId, trainer: NodeId },
	/// `node` merges the valid updates of `round` of `job`.
	Merge { job: JobId, round: RoundIndex, node: NodeId },
}

/// A duty's result: what the worker submits.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Outcome {
	/// The trainer's update.
	Update(UpdateReport),
	/// The validator's verdict and what it measured.
	Verdict(Verdict, Measured),
	/// The merged model.
	Merged(H256),
}

/// Where a duty stands, kept in local storage between runs.
#[derive(Clone, PartialEq, Eq, Debug, Encode, Decode)]
#[cfg_attr(feature = "std", derive(serde::Serialize))]
pub enum Stage {
	/// Not started, or failed `attempts` times; tried again from block `retry_at`.
	Waiting { attempts: u32, retry_at: u32 },
	/// The trainer runs task `task`.
	Training { task: u64, attempts: u32 },
	/// The result, submitted at `submitted_at` with `nonce` (`None`: the pool refused it; again
	/// next run).
	Done { outcome: Outcome, submitted_at: Option<u32>, nonce: Option<u64> },
}

impl Duty {
	/// Its job and round.
	pub fn job_round(&self) -> (JobId, RoundIndex) {
		match *self {
			Self::Train { job, round, .. }
			| Self::Judge { job, round, .. }
			| Self::Merge { job, round, .. } => (job, round),
		}
	}

	/// Its node, and the kind of duty as the chain counts it.
	fn kind(&self) -> (NodeId, DutyKind) {
		match *self {
			Self::Train { node, .. } => (node, DutyKind::Train),
			Self::Judge { node, trainer, .. } => (node, DutyKind::Judge { trainer }),
			Self::Merge { node, .. } => (node, DutyKind::Merge),
		}
	}

	/// The local-storage key of its `what` (its stage, its lock).
	fn key(&self, what: &[u8]) -> Vec<u8> {
		(b"aicchain/worker/", what, self).encode()
	}

	/// How long one step may hold the duty's lock: longer than the trainer call it makes.
	fn lock_time(&self) -> Duration {
		let call = match self {
			Self::Judge { .. } => crate::trainer::VALIDATE_TIME,
			Self::Merge { .. } => crate::trainer::MERGE_TIME,
			Self::Train { .. } => crate::trainer::QUICK,
		};
		Duration::from_millis(call.millis().saturating_add(30_000))
	}
}

/// Where `duty` stands, as local storage has it.
pub fn stage_of(duty: &Duty) -> Option<Stage> {
	StorageValueRef::persistent(&duty.key(b"stage")).get::<Stage>().ok().flatten()
}

/// The stage a duty starts in.
const FRESH: Stage = Stage::Waiting { attempts: 0, retry_at: 0 };

/// Blocks a duty's lock lasts at least (with its time, whichever ends later).
const LOCK_BLOCKS: u32 = 10;

/// One worker run: the block it runs at and the trainer it talks to.
pub struct Worker<T: Config> {
	pub(crate) now: BlockNumberFor<T>,
	pub(crate) trainer: Trainer,
	pub(crate) log: status::Log,
	/// The performance figures of this epoch, once measured in this run.
	pub(crate) metrics: Option<pallet_reporting::Metrics>,
}

/// How starting a duty went.
enum Started {
	/// The trainer started a task.
	Task(u64),
	/// The result is ready.
	Done(Outcome),
	/// Not yet possible (the trainer is busy, or the sample seed is not known yet).
	NotYet,
	/// The trainer withheld its artifacts: Invalid, unless they come within a few blocks.
	Withheld(Outcome),
}

/// Why a step failed.
enum Failure {
	/// The trainer could not be asked, or refused.
	Call(CallError),
	/// The chain no longer has what the duty needs.
	Gone,
	/// The trainer's task failed.
	Task(String),
}

impl From<CallError> for Failure {
	fn from(error: CallError) -> Self {
		Self::Call(error)
	}
}

impl<T: Config> Worker<T> {
	/// A run at block `now`, with the trainer at the URL the node configured.
	pub fn new(now: BlockNumberFor<T>) -> Self {
		let url = StorageValueRef::persistent(TRAINER_URL_KEY)
			.get::<Vec<u8>>()
			.ok()
			.flatten()
			.and_then(|bytes| String::from_utf8(bytes).ok())
			.unwrap_or_else(|| DEFAULT_TRAINER_URL.into());
		Self { now, trainer: Trainer::new(url), log: status::Log::default(), metrics: None }
	}

	/// The block number as the worker's records keep it.
	pub(crate) fn block(&self) -> u32 {
		self.now.unique_saturated_into()
	}

	/// Advances every duty of the nodes whose operator key is in the keystore.
	pub fn run(mut self) {
		let mut duties = Vec::new();
		let mut nodes = Vec::new();
		for account in keystore_accounts::<T>() {
			for node in pallet_compute::Pallet::<T>::nodes_of(&account.id) {
				nodes.push(node);
				self.heartbeat(&account, node);
				self.report(&account, node);
				for duty in Self::duties_of(node) {
					self.advance(&account, duty);
					duties.push(duty);
				}
			}
		}
		self.count_calls();
		status::record(self.block(), self.trainer.url(), nodes, &duties, self.log);
	}

	/// The duties of `node` in the rounds under way.
	fn duties_of(node: NodeId) -> Vec<Duty> {
		let duties = pallet_training::Pallet::<T>::duties_of(node).into_iter();
		duties
			.map(|(job, round, kind)| match kind {
				DutyKind::Train => Duty::Train { job, round, node },
				DutyKind::Judge { trainer } => Duty::Judge { job, round, node, trainer },
				DutyKind::Merge => Duty::Merge { job, round, node },
			})
			.collect()
	}

	/// Whether the chain needs nothing more of `duty`: it recorded the result, or the duty's
	/// phase is over.
	fn settled(duty: Duty) -> bool {
		let (job, round) = duty.job_round();
		let (node, kind) = duty.kind();
		!pallet_training::Pallet::<T>::is_owed(job, round, node, kind)
	}

	/// Advances `duty` by one step, unless another run holds it or the chain needs nothing
	/// more.
	fn advance(&mut self, account: &Account<T>, duty: Duty) {
		let key = duty.key(b"stage");
		let mut store = StorageValueRef::persistent(&key);
		if Self::settled(duty) {
			store.clear();
			return;
		}
		let lock_key = duty.key(b"lock");
		let mut lock =
			StorageLock::<BlockAndTime<frame_system::Pallet<T>>>::with_block_and_time_deadline(
				&lock_key,
				LOCK_BLOCKS,
				duty.lock_time(),
			);
		let Ok(_guard) = lock.try_lock() else { return };
		let stage = store.get::<Stage>().ok().flatten().unwrap_or(FRESH);
		let next = self.step(account, duty, stage);
		store.set(&next);
	}

	/// One step of `duty` from `stage`: at most one trainer call and one submission.
	fn step(&mut self, account: &Account<T>, duty: Duty, stage: Stage) -> Stage {
		let now = self.block();
		match stage {
			Stage::Waiting { retry_at, .. } if now < retry_at => stage,
			Stage::Waiting { attempts, .. } => match self.start(duty) {
				Ok(Started::Task(task)) => {
					self.log.note(now, format!("{duty:?}: the trainer started task {task}"));
					Stage::Training { task, attempts }
				}
				Ok(Started::Done(outcome)) => self.submit(account, duty, outcome),
				Ok(Started::NotYet) => stage,
				Ok(Started::Withheld(outcome)) => {
					if attempts.saturating_add(1) < WITHHELD_ATTEMPTS && !self.deadline_near(duty) {
						self.log.error(now, format!("{duty:?}: artifacts withheld; asking again"));
						Stage::Waiting {
							attempts: attempts.saturating_add(1),
							retry_at: now.saturating_add(1),
						}
					} else {
						self.submit(account, duty, outcome)
					}
				}
				Err(failure) => self.retry(duty, attempts, failure),
			},
			Stage::Training { task, attempts } => match self.trainer.status(task) {
				Ok(TaskStatus::Running { .. }) => stage,
				Ok(TaskStatus::Done { update, .. }) => {
					self.submit(account, duty, Outcome::Update(update))
				}
				Ok(TaskStatus::Failed { error }) => {
					self.retry(duty, attempts, Failure::Task(error))
				}
				// The trainer restarted and forgot the task: train again.
				Err(error @ CallError::Rpc { code: code::UNKNOWN_TASK, .. }) => {
					self.retry(duty, attempts, error.into())
				}
				// A trainer that is down for a moment keeps its task: ask again next block.
				Err(error) => {
					self.log.error(now, format!("{duty:?}: polling task {task}: {error}"));
					stage
				}
			},
			// In the pool, or included a moment ago: wait. A transaction lives `MORTALITY`
			// blocks, so once `RESUBMIT_AFTER` have passed it is included or gone for good.
			Stage::Done { submitted_at: Some(at), .. }
				if now < at.saturating_add(RESUBMIT_AFTER) =>
			{
				stage
			}
			// Its nonce was used, yet the chain did not record the result: the transaction
			// failed on-chain (too late, say); the same again would fail too, and pay.
			Stage::Done { nonce: Some(nonce), .. } if Self::nonce_used(account, nonce) => stage,
			Stage::Done { outcome, .. } => self.submit(account, duty, outcome),
		}
	}

	/// Starts `duty` on the trainer.
	fn start(&mut self, duty: Duty) -> Result<Started, Failure> {
		let outcome = match duty {
			Duty::Train { job, round, node } => {
				let TrainOrder { task, base_from, gpu } =
					pallet_training::Pallet::<T>::train_order(job, round, node)
						.ok_or(Failure::Gone)?;
				let base_from = base_from.and_then(Self::artifact_url);
				return match self.trainer.train(&task, base_from.as_deref(), gpu) {
					Ok(id) => Ok(Started::Task(id)),
					Err(CallError::Rpc { code: code::BUSY, .. }) => Ok(Started::NotYet),
					Err(error) => Err(error.into()),
				};
			}
			Duty::Judge { job, round, node, trainer } => {
				let Some(sample_seed) =
					pallet_training::Pallet::<T>::sample_seed(job, round, trainer, node)
				else {
					return Ok(Started::NotYet);
				};
				let JudgeOrder { task, update, stakes } =
					pallet_training::Pallet::<T>::judge_order(job, round, trainer)
						.ok_or(Failure::Gone)?;
				let check = UpdateCheck {
					task,
					update,
					sample_seed,
					segments: T::ReplayedSegments::get(),
					stakes: Some(stakes),
				};
				let peer = Self::artifact_url(trainer);
				let judgement = match self.trainer.validate(&check, peer.as_deref()) {
					Err(CallError::Rpc { code: code::BUSY, .. }) => return Ok(Started::NotYet),
					other => other?,
				};
				if judgement.verdict == Verdict::Invalid {
					self.log.note(
						self.block(),
						format!("{duty:?}: invalid: {}", judgement.reasons.join("; ")),
					);
				}
				let outcome = Outcome::Verdict(judgement.verdict, judgement.measured);
				if judgement.withheld {
					return Ok(Started::Withheld(outcome));
				}
				outcome
			}
			Duty::Merge { job, round, .. } => {
				let MergeOrder { inputs, holders } =
					pallet_training::Pallet::<T>::merge_order(job, round).ok_or(Failure::Gone)?;
				let urls: Vec<String> =
					holders.into_iter().filter_map(Self::artifact_url).collect();
				let peers: Vec<&str> = urls.iter().map(String::as_str).collect();
				let merged = match self.trainer.merge(&inputs, &peers) {
					Err(CallError::Rpc { code: code::BUSY, .. }) => return Ok(Started::NotYet),
					other => other?,
				};
				Outcome::Merged(merged.weights)
			}
		};
		Ok(Started::Done(outcome))
	}

	/// Submits `outcome` for `duty`, signed as `account`.
	fn submit(&mut self, account: &Account<T>, duty: Duty, outcome: Outcome) -> Stage {
		let now = self.block();
		let call = match (&duty, &outcome) {
			(Duty::Train { job, round, node }, Outcome::Update(update)) => {
				pallet_training::Call::submit_update {
					job: *job,
					round: *round,
					node: *node,
					update: update.clone(),
				}
			}
			(Duty::Judge { job, round, node, trainer }, Outcome::Verdict(verdict, measured)) => {
				pallet_training::Call::submit_verdict {
					job: *job,
					round: *round,
					node: *node,
					trainer: *trainer,
					verdict: *verdict,
					measured: *measured,
				}
			}
			(Duty::Merge { job, round, node }, Outcome::Merged(model)) => {
				pallet_training::Call::submit_merge {
					job: *job,
					round: *round,
					node: *node,
					model: *model,
				}
			}
			// A duty's outcome is always of its kind: nothing to submit otherwise.
			_ => return FRESH,
		};
		match submit::<T, _>(account, call, self.now) {
			Ok(nonce) => {
				self.log.note(now, format!("{duty:?}: submitted {outcome:?}"));
				Stage::Done { outcome, submitted_at: Some(now), nonce: Some(nonce) }
			}
			Err(()) => {
				self.log.error(now, format!("{duty:?}: the pool refused the transaction"));
				Stage::Done { outcome, submitted_at: None, nonce: None }
			}
		}
	}

	/// Waits before trying `duty` again: 1, 2, 4, … blocks after each failure, at most
	/// [`MAX_BACKOFF`].
	fn retry(&mut self, duty: Duty, attempts: u32, failure: Failure) -> Stage {
		let now = self.block();
		let why = match failure {
			Failure::Call(error) => format!("{error}"),
			Failure::Gone => "the chain no longer has its round".into(),
			Failure::Task(error) => format!("the training task failed: {error}"),
		};
		let attempts = attempts.saturating_add(1);
		let pause = 1u32.checked_shl(attempts.min(16) - 1).unwrap_or(MAX_BACKOFF).min(MAX_BACKOFF);
		self.log.error(
			now,
			format!("{duty:?}: attempt {attempts} failed ({why}); again in {pause} blocks"),
		);
		Stage::Waiting { attempts, retry_at: now.saturating_add(pause) }
	}

	/// Whether the chain has used `account`'s `nonce`: its transaction was included.
	fn nonce_used(account: &Account<T>, nonce: u64) -> bool {
		let chain: u64 =
			frame_system::Pallet::<T>::account_nonce(&account.id).unique_saturated_into();
		chain > nonce
	}

	/// Whether `duty`'s round is within [`DEADLINE_MARGIN`] blocks of its deadline.
	fn deadline_near(&self, duty: Duty) -> bool {
		let (job, round) = duty.job_round();
		pallet_training::Pallet::<T>::deadline_of(job, round).is_none_or(|deadline| {
			let deadline: u32 = deadline.unique_saturated_into();
			deadline.saturating_sub(self.block()) <= DEADLINE_MARGIN
		})
	}

	/// Sends `node`'s heartbeat once it is free (a quarter of the heartbeat timeout after the
	/// last one), or at once when the node counts as Inactive; once per [`RESUBMIT_AFTER`]
	/// blocks at most, whatever runs overlap.
	fn heartbeat(&mut self, account: &Account<T>, node: NodeId) {
		if !pallet_compute::Pallet::<T>::heartbeat_due(node) {
			return;
		}
		let now = self.block();
		let key = (b"aicchain/worker/heartbeat/", node).encode();
		let mut sent = StorageValueRef::persistent(&key);
		// Compare-and-set: of overlapping runs, one sends.
		let claimed = sent.mutate(|last: Result<Option<u32>, _>| match last {
			Ok(Some(at)) if now < at.saturating_add(RESUBMIT_AFTER) => Err(()),
			_ => Ok(now),
		});
		if claimed.is_err() {
			return;
		}
		let call = pallet_compute::Call::heartbeat { node };
		match submit::<T, _>(account, call, self.now) {
			Ok(_) => self.log.note(now, format!("node {node}: heartbeat sent")),
			Err(()) => {
				sent.clear();
				self.log.error(now, format!("node {node}: the pool refused the heartbeat"));
			}
		}
	}

	/// The public artifact URL of `node`'s trainer, if it declared one.
	fn artifact_url(node: NodeId) -> Option<String> {
		String::from_utf8(pallet_compute::Pallet::<T>::artifact_url(node)?).ok()
	}
}
