//! The invariants of the pallet's storage, checked by `try_state` and after every test.

use aicchain_primitives::{Economy, NodeId};
use frame_support::ensure;

use crate::{Config, Deadlines, JobStatus, Jobs, Pallet, RoundPhase, Rounds, Workload};

impl<T: Config> Pallet<T> {
	/// The invariants of this pallet's storage:
	/// - every unfinished job has an open escrow holding at most its budget, which only the
	///   rules control (no signed call can touch it); a finished one has none;
	/// - a running or cancelling job's current round is unsettled and its deadline scheduled;
	/// - every scheduled deadline is that of its job's current, unsettled round;
	/// - every round's trainers and validators are within the job's counts and distinct, each
	///   trainer has a judge, and verdicts come once each from the round's other validators,
	///   on submitted updates only;
	/// - [`Workload`] counts each node's unsettled rounds as a trainer, and has no zeros.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (job, info) in Jobs::<T>::iter() {
			let escrow = T::Economy::escrow_balance(info.escrow);
			if info.status == JobStatus::Finished {
				ensure!(escrow.is_none(), "a finished job's escrow is open");
			} else {
				ensure!(escrow.is_some_and(|e| e <= info.budget), "a job's escrow is wrong");
				ensure!(
					T::Economy::is_rules_controlled(info.escrow),
					"an unfinished job's budget is in its client's hands"
				);
			}
			ensure!(info.round <= info.rounds, "a job is past its last round");
			if matches!(info.status, JobStatus::Running | JobStatus::Cancelling) {
				let state =
					Rounds::<T>::get(job, info.round).ok_or("a running job has no round")?;
				ensure!(state.phase != RoundPhase::Settled, "a running job's round is settled");
				ensure!(
					Deadlines::<T>::get(state.deadline).contains(&job),
					"a running round's deadline is not scheduled"
				);
			}
		}
		for (at, due) in Deadlines::<T>::iter() {
			for job in due {
				let info = Jobs::<T>::get(job).ok_or("a deadline of an unknown job")?;
				let state =
					Rounds::<T>::get(job, info.round).ok_or("a deadline without a round")?;
				ensure!(state.deadline == at, "a deadline is not its round's");
				ensure!(state.phase != RoundPhase::Settled, "a deadline of a settled round");
			}
		}
		let mut workload = alloc::collections::BTreeMap::<NodeId, u32>::new();
		for (job, _, state) in Rounds::<T>::iter() {
			let info = Jobs::<T>::get(job).ok_or("a round of an unknown job")?;
			if state.phase != RoundPhase::Settled {
				for slot in &state.trainers {
					*workload.entry(slot.node).or_default() += 1;
				}
			}
			ensure!(state.trainers.len() as u32 <= info.trainers_per_round, "too many trainers");
			ensure!(
				state.validators.len() as u32 <= info.validators_per_round,
				"too many validators"
			);
			for (i, slot) in state.trainers.iter().enumerate() {
				ensure!(
					state.trainers[..i].iter().all(|s| s.node != slot.node),
					"a trainer appears twice"
				);
				ensure!(state.judges_of(slot.node) > 0, "a trainer has no judge");
				ensure!(slot.update.is_some() || slot.verdicts.is_empty(), "a verdict on nothing");
				for (j, (validator, _)) in slot.verdicts.iter().enumerate() {
					ensure!(
						*validator != slot.node && state.validators.contains(validator),
						"a verdict from outside the round"
					);
					ensure!(
						slot.verdicts[..j].iter().all(|(v, _)| v != validator),
						"a validator judged twice"
					);
				}
			}
		}
		ensure!(
			Workload::<T>::iter().all(|(node, busy)| workload.get(&node) == Some(&busy)),
			"a node's workload is not its unsettled rounds"
		);
		ensure!(
			workload.iter().all(|(node, busy)| Workload::<T>::get(node) == *busy),
			"a node's unsettled rounds are not its workload"
		);
		Ok(())
	}
}
