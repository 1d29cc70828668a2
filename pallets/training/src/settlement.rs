//! Settlement: a round's updates and verdicts paid or faulted, the round closed, and its job
//! moved on to the next round or finished.

use aicchain_primitives::{
	Economy, IssuanceReason, NodeId, NodeRegistry, PolicyProvider, TrustScores,
};
use alloc::vec::Vec;
use frame_support::{defensive, traits::Get};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{Saturating, UniqueSaturatedFrom, UniqueSaturatedInto, Zero},
	Rounding,
};

use crate::{
	BalanceOf, Config, Event, Fault, Job, JobId, JobStatus, Outcome, Pallet, PayReason, Round,
	RoundIndex, RoundPhase, Verdict, Workload,
};

impl<T: Config> Pallet<T> {
	/// Pays, slashes and closes `state`, the current round of `job`, then starts the next one
	/// or finishes the job. Returns both records.
	pub(crate) fn do_settle(
		job: JobId,
		mut info: Job<T>,
		mut state: Round<T>,
	) -> (Job<T>, Round<T>) {
		let policy = T::Policy::policy();
		let round = info.round;
		let trainer_part = policy.trainer_share.mul_floor(state.reward);
		let validator_part = state.reward.saturating_sub(trainer_part);
		let outcomes: Vec<Outcome> = state.trainers.iter().map(|s| s.outcome()).collect();
		let valid_samples: u128 = state
			.trainers
			.iter()
			.zip(&outcomes)
			.filter(|(_, o)| **o == Outcome::Valid)
			.filter_map(|(s, _)| s.update.as_ref().map(|u| u128::from(u.samples)))
			.sum();

		let mut paid_out = BalanceOf::<T>::zero();
		let mut pay = |node: NodeId, reason: PayReason, amount: BalanceOf<T>| {
			let Some(operator) = T::Registry::operator(node) else { return };
			let (paid, fund_cut) = if amount.is_zero() {
				Default::default()
			} else {
				// The budget is open, only these rules pay from it, and a round pays at most
				// its reward, which the budget covers; the operator's account exists, holding
				// the node's bond. Should it fail all the same, the share stays in the budget
				// and is refunded when the job ends.
				match T::Economy::pay(info.escrow, &operator, amount) {
					Ok(amounts) => amounts,
					Err(error) => {
						defensive!("a job's payment failed", error);
						return;
					}
				}
			};
			paid_out = paid_out.saturating_add(paid).saturating_add(fund_cut);
			let aicg = T::Economy::issue_aicg(
				&operator,
				T::WorkReward::get(),
				IssuanceReason::ValidatedWork,
			);
			T::Trust::record_outcome(node, true);
			Self::deposit_event(Event::Paid { job, round, node, reason, paid, fund_cut, aicg });
		};

		for (slot, outcome) in state.trainers.iter().zip(&outcomes) {
			match outcome {
				Outcome::Valid => {
					let samples = slot.update.as_ref().map_or(0, |u| u128::from(u.samples));
					let share = multiply_by_rational_with_rounding(
						trainer_part.unique_saturated_into(),
						samples,
						valid_samples,
						Rounding::Down,
					)
					.unwrap_or_default();
					pay(
						slot.node,
						PayReason::ValidUpdate,
						BalanceOf::<T>::unique_saturated_from(share),
					);
				}
				Outcome::Invalid | Outcome::Missing => {
					let fault = if *outcome == Outcome::Invalid {
						Fault::InvalidUpdate
					} else {
						Fault::MissingUpdate
					};
					let slashed =
						T::Registry::slash(slot.node, policy.slash_fraction).unwrap_or_default();
					Self::do_fault(job, round, slot.node, fault, slashed);
				}
				Outcome::Undecided => {}
			}
		}

		let merge_missed = state.phase == RoundPhase::Merging && state.merged.is_none();
		let mut agreeing = Vec::new();
		for validator in state.validators.iter().copied() {
			match Self::judged_well(&state, &outcomes, validator) {
				Some(true) if merge_missed && state.merger() == Some(validator) => {
					Self::do_fault(job, round, validator, Fault::MissingMerge, Zero::zero())
				}
				Some(true) => agreeing.push(validator),
				Some(false) => {
					Self::do_fault(job, round, validator, Fault::BadVerdicts, Zero::zero())
				}
				None => {}
			}
		}
		if !agreeing.is_empty() {
			let each = validator_part / (agreeing.len() as u32).into();
			for validator in agreeing {
				pay(validator, PayReason::AgreeingVerdicts, each);
			}
		}

		state.phase = RoundPhase::Settled;
		for slot in &state.trainers {
			Workload::<T>::mutate_exists(slot.node, |busy| match busy {
				Some(count) if *count > 1 => *count -= 1,
				Some(_) => *busy = None,
				None => {
					defensive!("a trainer of an unsettled round has a workload");
				}
			});
		}
		if state.merged.is_some() {
			info.model_hash = state.merged;
		}
		Self::deposit_event(Event::RoundSettled { job, round, model: info.model_hash, paid_out });

		if info.status == JobStatus::Cancelling || round >= info.rounds {
			info = Self::do_finish(job, info);
		} else if Self::do_start_round(job, &mut info).is_err() {
			info = Self::do_stall(job, info);
		}
		(info, state)
	}

	/// Whether `validator` judged `state` well: `Some(true)` if it judged every update it had
	/// to and agreed with every decided outcome, `Some(false)` if it missed one or disagreed,
	/// `None` if it had nothing decided to judge.
	fn judged_well(state: &Round<T>, outcomes: &[Outcome], validator: NodeId) -> Option<bool> {
		let mut judged_any = false;
		for (slot, outcome) in state.trainers.iter().zip(outcomes) {
			if slot.node == validator || slot.update.is_none() {
				continue;
			}
			let verdict = slot.verdicts.iter().find(|(v, _)| *v == validator).map(|(_, v)| *v);
			let agrees = match (verdict, outcome) {
				(None, _) => return Some(false),
				(Some(_), Outcome::Undecided) => continue,
				(Some(v), Outcome::Valid) => v == Verdict::Valid,
				(Some(v), _) => v == Verdict::Invalid,
			};
			if !agrees {
				return Some(false);
			}
			judged_any = true;
		}
		judged_any.then_some(true)
	}

	/// Lowers `node`'s trust for `fault` and says so, with what was slashed.
	fn do_fault(job: JobId, round: RoundIndex, node: NodeId, fault: Fault, slashed: BalanceOf<T>) {
		let trust = T::Trust::record_outcome(node, false);
		Self::deposit_event(Event::Faulted { job, round, node, fault, slashed, trust });
	}

	/// Ends `job`: refunds what is left of its budget. Returns its record.
	pub(crate) fn do_finish(job: JobId, mut info: Job<T>) -> Job<T> {
		let refunded = T::Economy::refund(info.escrow).unwrap_or_else(|error| {
			defensive!("an unfinished job's budget is open", error);
			Zero::zero()
		});
		info.status = JobStatus::Finished;
		Self::deposit_event(Event::JobFinished { job, model: info.model_hash, refunded });
		info
	}
}
