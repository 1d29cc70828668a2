//! What the calls check before they change anything: the arguments, the signer, and the job
//! and round they act on, which these checks load.

use aicchain_primitives::{NodeId, NodeRegistry};
use frame_support::pallet_prelude::*;

use crate::{
	Config, Error, HyperParams, Job, JobId, Jobs, Pallet, Round, RoundIndex, RoundPhase, Rounds,
};

impl<T: Config> Pallet<T> {
	/// Checks what each trainer is asked to do, against the limits the trainer keeps too.
	pub(crate) fn ensure_valid_hyper_params(params: &HyperParams) -> DispatchResult {
		use aicchain_primitives::task::HyperParamsError as Invalid;
		params.check().map_err(|error| match error {
			Invalid::ZeroSteps => Error::<T>::ZeroSteps,
			Invalid::TooManySteps => Error::<T>::TooManySteps,
			Invalid::ZeroBatchSize => Error::<T>::ZeroBatchSize,
			Invalid::BatchTooLarge => Error::<T>::BatchTooLarge,
			Invalid::ZeroLearningRate => Error::<T>::ZeroLearningRate,
			Invalid::BadCheckpointInterval => Error::<T>::BadCheckpointInterval,
		})?;
		Ok(())
	}

	/// Checks that `who` operates `node`.
	pub(crate) fn ensure_operator(who: &T::AccountId, node: NodeId) -> DispatchResult {
		let operator = T::Registry::operator(node).ok_or(Error::<T>::UnknownNode)?;
		ensure!(operator == *who, Error::<T>::NotOperator);
		Ok(())
	}

	/// `job`, if `who` is its client.
	pub(crate) fn client_job(who: &T::AccountId, job: JobId) -> Result<Job<T>, DispatchError> {
		let info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		ensure!(info.client == *who, Error::<T>::NotClient);
		Ok(info)
	}

	/// `job` and its `round`, which must be the current one.
	pub(crate) fn current_round(
		job: JobId,
		round: RoundIndex,
	) -> Result<(Job<T>, Round<T>), DispatchError> {
		let info = Jobs::<T>::get(job).ok_or(Error::<T>::UnknownJob)?;
		ensure!(round == info.round, Error::<T>::WrongRound);
		let state = Rounds::<T>::get(job, round).ok_or(Error::<T>::WrongRound)?;
		Ok((info, state))
	}

	/// `job` and its current `round`, which must still take updates and verdicts.
	pub(crate) fn training_round(
		job: JobId,
		round: RoundIndex,
	) -> Result<(Job<T>, Round<T>), DispatchError> {
		let (info, state) = Self::current_round(job, round)?;
		ensure!(state.phase == RoundPhase::Training, Error::<T>::NotTraining);
		ensure!(frame_system::Pallet::<T>::block_number() < state.deadline, Error::<T>::TooLate);
		Ok((info, state))
	}
}
