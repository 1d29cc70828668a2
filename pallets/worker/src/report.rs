//! Performance reports (`pallet-reporting`): in each reporting epoch every node commits to the
//! figures its trainer measured since its last report, early enough for the commitment to land
//! in the epoch, and it reveals them in the next epoch.
//!
//! The figures are measured, not declared: throughput is the samples the trainer trained per
//! second of training since the last report, latency the round trip of asking it, uptime the
//! share of the epoch's calls it answered, energy what its host's counters say it used (zero
//! where the host has none).

use aicchain_primitives::task::rpc::Work;
use alloc::{format, string::String};
use codec::{Decode, Encode};
use frame_system::offchain::Account;
use pallet_reporting::{Epoch, Metrics};
use sp_core::H256;
use sp_runtime::{offchain::storage::StorageValueRef, traits::UniqueSaturatedInto};

use crate::{duties::Worker, submit::submit, trainer::Calls, Config, RESUBMIT_AFTER};

/// Where the worker keeps what it measured of its trainer (its nodes share it).
const MEASUREMENTS_KEY: &[u8] = b"aicchain/worker/measurements";

/// Blocks before an epoch's end after which a commitment might land in the next epoch.
const COMMIT_MARGIN: u32 = 2;

/// Microjoules in a watt-hour.
const MICROJOULES_PER_WH: u64 = 3_600_000_000;

/// What the worker measured of its trainer, kept between runs.
#[derive(Clone, Copy, Default, Encode, Decode)]
struct Measurements {
	/// The epoch `calls` counts.
	epoch: Epoch,
	/// The trainer calls of that epoch.
	calls: Calls,
	/// The trainer's counters when last measured.
	work: Work,
	/// The last throughput measured (kept while nothing is trained).
	throughput: u32,
}

/// A node's report in the making, kept until it is revealed.
#[derive(Clone, Copy, Encode, Decode)]
struct Pending {
	/// The epoch it reports on.
	epoch: Epoch,
	/// The figures.
	metrics: Metrics,
	/// The salt of the commitment.
	salt: H256,
	/// When the commitment was submitted.
	committed_at: Option<u32>,
	/// When the reveal was submitted.
	revealed_at: Option<u32>,
}

impl<T: Config> Worker<T> {
	/// Adds this run's trainer calls to the epoch's count.
	pub(crate) fn count_calls(&self) {
		let epoch = pallet_reporting::Pallet::<T>::current_epoch();
		let calls = self.trainer.calls();
		let store = StorageValueRef::persistent(MEASUREMENTS_KEY);
		let _ = store.mutate(|old: Result<Option<Measurements>, _>| -> Result<_, ()> {
			let mut measured = old.ok().flatten().unwrap_or_default();
			if measured.epoch != epoch {
				measured.epoch = epoch;
				measured.calls = Calls::default();
			}
			measured.calls.asked = measured.calls.asked.saturating_add(calls.asked);
			measured.calls.answered = measured.calls.answered.saturating_add(calls.answered);
			Ok(measured)
		});
	}

	/// Reveals `node`'s report of the last epoch, and commits to a report in this one early
	/// enough for the commitment to land in it.
	pub(crate) fn report(&mut self, account: &Account<T>, node: u32) {
		let length: u32 = pallet_reporting::Pallet::<T>::epoch_length().unique_saturated_into();
		if length == 0 {
			return;
		}
		let (now, epoch) = (self.block(), pallet_reporting::Pallet::<T>::current_epoch());
		let key = (b"aicchain/worker/report/", node).encode();
		let store = StorageValueRef::persistent(&key);
		let pending = store.get::<Pending>().ok().flatten();
		let recently = |at: u32| now < at.saturating_add(RESUBMIT_AFTER);

		match pallet_reporting::Pallet::<T>::commitment_of(node) {
			// Last epoch's commitment: reveal it, if it is the one kept here.
			Some(commitment) if commitment.epoch.saturating_add(1) == epoch => {
				let Some(mut pending) = pending.filter(|p| {
					p.epoch == commitment.epoch
						&& pallet_reporting::Pallet::<T>::report_hash(
							node, p.epoch, &p.metrics, &p.salt,
						) == commitment.hash
				}) else {
					return;
				};
				if pending.revealed_at.is_some_and(recently) {
					return;
				}
				let call = pallet_reporting::Call::reveal_report {
					node,
					metrics: pending.metrics,
					salt: pending.salt,
				};
				let what = format!("node {node}: revealed its report of epoch {}", pending.epoch);
				if self.send(account, call, what) {
					pending.revealed_at = Some(now);
					store.set(&pending);
				}
			}
			// Committed this epoch: reveal in the next.
			Some(commitment) if commitment.epoch == epoch => {}
			// None yet (an older, unrevealed one counts as missed when this one lands).
			_ => {
				if now % length >= length.saturating_sub(COMMIT_MARGIN) {
					return; // Too late to land in this epoch.
				}
				let mut pending = match pending.filter(|p| p.epoch == epoch) {
					Some(p) if p.committed_at.is_some_and(recently) => return,
					Some(p) => p,
					None => {
						let Some(metrics) = self.measure(epoch) else { return };
						let salt = H256(sp_io::offchain::random_seed());
						let fresh =
							Pending { epoch, metrics, salt, committed_at: None, revealed_at: None };
						// Compare-and-set: of overlapping runs, one makes the report.
						let claimed = store.mutate(|old: Result<Option<Pending>, _>| match old {
							Ok(Some(old)) if old.epoch == epoch => Err(()),
							_ => Ok(fresh),
						});
						if claimed.is_err() {
							return;
						}
						fresh
					}
				};
				let hash = pallet_reporting::Pallet::<T>::report_hash(
					node,
					epoch,
					&pending.metrics,
					&pending.salt,
				);
				let call = pallet_reporting::Call::commit_report { node, hash };
				let what =
					format!("node {node}: committed to {:?} for epoch {epoch}", pending.metrics);
				if self.send(account, call, what) {
					pending.committed_at = Some(now);
					store.set(&pending);
				}
			}
		}
	}

	/// Submits a reporting call; logs `what` on success. Whether the pool took it.
	fn send(
		&mut self,
		account: &Account<T>,
		call: pallet_reporting::Call<T>,
		what: String,
	) -> bool {
		let now = self.block();
		match submit::<T, _>(account, call, self.now) {
			Ok(_) => {
				self.log.note(now, what);
				true
			}
			Err(()) => {
				self.log.error(now, format!("{what}: the pool refused it"));
				false
			}
		}
	}

	/// This epoch's figures, measured once per run; `None` when the trainer does not answer
	/// (the report waits for it, and is missed if it never does).
	fn measure(&mut self, epoch: Epoch) -> Option<Metrics> {
		if let Some(metrics) = self.metrics {
			return Some(metrics);
		}
		let answer = self.trainer.info();
		let store = StorageValueRef::persistent(MEASUREMENTS_KEY);
		let mut measured = store.get::<Measurements>().ok().flatten().unwrap_or_default();
		let (info, latency_ms) = answer.ok()?;
		let calls = if measured.epoch == epoch { measured.calls } else { Calls::default() };
		let this_run = self.trainer.calls();
		let asked = calls.asked.saturating_add(this_run.asked);
		let answered = calls.answered.saturating_add(this_run.answered);

		// Counters restart with the trainer: then all it has is new.
		let since = |now: u64, then: u64| if now >= then { now - then } else { now };
		let (then, work) = (measured.work, info.work);
		let train_ms = since(work.train_ms, then.train_ms);
		let throughput = match train_ms {
			0 => measured.throughput,
			ms => (since(work.samples, then.samples).saturating_mul(1_000) / ms)
				.unique_saturated_into(),
		};
		let energy_uj = match (work.energy_uj, then.energy_uj) {
			(Some(now), Some(then)) => since(now, then),
			(Some(now), None) => now,
			_ => 0,
		};
		let metrics = Metrics {
			throughput,
			latency_ms: latency_ms.max(1).unique_saturated_into(),
			uptime_permille: (u64::from(answered) * 1_000 / u64::from(asked.max(1))) as u32,
			energy_wh: (energy_uj / MICROJOULES_PER_WH).unique_saturated_into(),
		};
		measured.work = work;
		measured.throughput = throughput;
		store.set(&measured);
		self.metrics = Some(metrics);
		Some(metrics)
	}
}
