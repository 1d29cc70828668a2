//! Tests of the training pallet against the real registry, economy and reporting pallets.
//!
//! The usual cast ([`setup`]): trainers `T0` (4 GPUs) and `T1` (3 GPUs), validators `V0`
//! (2 GPUs, the merger) and `V1` (1 GPU), one operator each; with equal other figures, more
//! GPUs rank first.

use crate::{mock::*, Error, Event, *};
use aicchain_primitives::{
	task::{self, Device},
	Funding, MatchingWeights, NetworkPolicy, NodeRegistry, NodeStatus, PolicyNet, Role, Roles,
	TrustScores,
};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{DispatchResultWithPostInfo, Pays},
	traits::{fungible::InspectHold, Hooks},
};
use sp_runtime::DispatchError;

const T0: NodeId = 0;
const T1: NodeId = 1;
const V0: NodeId = 2;
const V1: NodeId = 3;
/// The budget of [`create`]'s jobs.
const BUDGET: u64 = 10_000;

fn operator(node: NodeId) -> u64 {
	<Compute as NodeRegistry<u64>>::operator(node).expect("a registered node")
}

fn signed(node: NodeId) -> RuntimeOrigin {
	RuntimeOrigin::signed(operator(node))
}

/// Registers the usual cast.
fn setup() {
	let trainer = Roles { trainer: true, validator: false };
	let validator = Roles { trainer: false, validator: true };
	for (i, (gpus, roles)) in
		[(4, trainer), (3, trainer), (2, validator), (1, validator)].into_iter().enumerate()
	{
		assert_eq!(Registrar::register_with(OPERATORS[i], specs(gpus), roles), i as NodeId);
	}
}

fn params() -> HyperParams {
	HyperParams {
		optimizer: Optimizer::Adam,
		learning_rate: Perbill::from_parts(1_000_000),
		batch_size: 32,
		steps: 100,
		checkpoint_every: 25,
	}
}

fn dataset() -> SubmittedDataset {
	DatasetRef { hash: H256::repeat_byte(7), location: b"digits".to_vec() }
}

/// `create_job` by the [`CLIENT`] with these figures and the defaults for the rest.
fn create_with(
	hyper_params: HyperParams,
	dataset: SubmittedDataset,
	rounds: u32,
	trainers: u32,
	validators: u32,
	budget: u64,
) -> DispatchResult {
	Training::create_job(
		RuntimeOrigin::signed(CLIENT),
		ModelKind::Cnn,
		dataset,
		hyper_params,
		rounds,
		trainers,
		validators,
		budget,
		Funding::Own,
		1,
		Priority::Normal,
	)
}

/// Posts a job of `rounds` rounds, two trainers and two validators; returns its id.
fn create(rounds: u32) -> JobId {
	let job = NextJobId::<Test>::get();
	assert_ok!(create_with(params(), dataset(), rounds, 2, 2, BUDGET));
	job
}

fn report(samples: u64, weights: u8) -> UpdateReport {
	UpdateReport {
		weights: H256::repeat_byte(weights),
		checkpoints: H256::repeat_byte(weights.wrapping_add(1)),
		samples,
		steps: 100,
		loss_before: 2_300_000,
		loss_after: 900_000,
		wall_ms: 1_500,
		device: Device::Cpu { threads: 2 },
	}
}

fn update(job: JobId, round: RoundIndex, node: NodeId, samples: u64) -> DispatchResultWithPostInfo {
	Training::submit_update(signed(node), job, round, node, report(samples, node as u8 + 1))
}

fn judge(
	job: JobId,
	round: RoundIndex,
	node: NodeId,
	trainer: NodeId,
	verdict: Verdict,
) -> DispatchResultWithPostInfo {
	Training::submit_verdict(signed(node), job, round, node, trainer, verdict, Measured::default())
}

/// Both trainers submit (`T0` 3,200 samples, `T1` 800) and both validators judge both
/// updates with `verdicts[trainer]`.
fn train_and_judge(job: JobId, round: RoundIndex, verdicts: [Verdict; 2]) {
	assert_ok!(update(job, round, T0, 3_200));
	assert_ok!(update(job, round, T1, 800));
	for validator in [V0, V1] {
		for (trainer, verdict) in [T0, T1].into_iter().zip(verdicts) {
			assert_ok!(judge(job, round, validator, trainer, verdict));
		}
	}
}

/// Runs blocks until `n`, with the pallet's `on_initialize`.
fn run_to(n: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Training::on_initialize(System::block_number());
	}
}

fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| if let RuntimeEvent::Training(e) = r.event { Some(e) } else { None })
		.collect()
}

fn escrow_of(job: JobId) -> Option<u64> {
	let escrow = Jobs::<Test>::get(job).unwrap().escrow;
	<mock::Economy as aicchain_primitives::Economy<u64>>::escrow_balance(escrow)
}

fn free(who: u64) -> u64 {
	Balances::free_balance(who)
}

fn fund() -> u64 {
	Balances::free_balance(mock::Economy::fund_account())
}

mod create_job {
	use super::*;

	#[test]
	fn escrows_the_budget_and_starts_the_first_round() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			assert_eq!(escrow_of(job), Some(BUDGET));
			assert_eq!(free(CLIENT), 100_000 - BUDGET);

			let info = Jobs::<Test>::get(job).unwrap();
			assert_eq!((info.round, info.status), (1, JobStatus::Running));
			let round = Rounds::<Test>::get(job, 1).unwrap();
			assert_eq!(round.phase, RoundPhase::Training);
			assert_eq!(round.reward, BUDGET / 2);
			assert_eq!(round.deadline, 1 + ROUND);
			assert_eq!(
				round.trainers.iter().map(|s| (s.node, s.shard)).collect::<Vec<_>>(),
				[(T0, 0), (T1, 1)]
			);
			assert_eq!(round.validators.to_vec(), [V0, V1]);
			assert_eq!(Deadlines::<Test>::get(1 + ROUND).to_vec(), [job]);
			assert_eq!(
				events(),
				[
					Event::JobCreated { job, client: CLIENT, budget: BUDGET, rounds: 2 },
					Event::RoundStarted {
						job,
						round: 1,
						trainers: vec![(T0, 0), (T1, 1)],
						validators: vec![V0, V1],
						reward: BUDGET / 2,
						deadline: 1 + ROUND,
					},
				]
			);
		});
	}

	#[test]
	fn priority_scales_the_training_window() {
		ExtBuilder::build_and_execute(|| {
			setup();
			for (priority, window) in [(Priority::Low, 4 * ROUND), (Priority::High, ROUND / 2)] {
				let job = NextJobId::<Test>::get();
				assert_ok!(Training::create_job(
					RuntimeOrigin::signed(CLIENT),
					ModelKind::Mlp,
					dataset(),
					params(),
					1,
					1,
					1,
					100,
					Funding::Own,
					0,
					priority,
				));
				assert_eq!(Rounds::<Test>::get(job, 1).unwrap().deadline, 1 + window);
			}
		});
	}

	#[test]
	fn stalls_without_nodes_and_keeps_the_budget_escrowed() {
		ExtBuilder::build_and_execute(|| {
			let job = create(1);
			let info = Jobs::<Test>::get(job).unwrap();
			assert_eq!((info.round, info.status), (0, JobStatus::Stalled));
			assert_eq!(escrow_of(job), Some(BUDGET));
			System::assert_last_event(Event::JobStalled { job, round: 1 }.into());
		});
	}

	#[test]
	fn rejects_every_bad_field() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let p = params();
			let d = dataset();
			let bad_params = [
				(HyperParams { steps: 0, ..p }, Error::<Test>::ZeroSteps),
				(HyperParams { steps: MAX_STEPS + 1, ..p }, Error::<Test>::TooManySteps),
				(HyperParams { batch_size: 0, ..p }, Error::<Test>::ZeroBatchSize),
				(HyperParams { batch_size: MAX_BATCH_SIZE + 1, ..p }, Error::<Test>::BatchTooLarge),
				(
					HyperParams { learning_rate: Perbill::zero(), ..p },
					Error::<Test>::ZeroLearningRate,
				),
				(HyperParams { checkpoint_every: 0, ..p }, Error::<Test>::BadCheckpointInterval),
				(HyperParams { checkpoint_every: 101, ..p }, Error::<Test>::BadCheckpointInterval),
				(HyperParams { checkpoint_every: 1, ..p }, Error::<Test>::BadCheckpointInterval),
			];
			for (params, error) in bad_params {
				assert_noop!(create_with(params, d.clone(), 1, 1, 1, BUDGET), error);
			}
			let bad_counts = [
				((0, 1, 1), Error::<Test>::ZeroRounds),
				((11, 1, 1), Error::<Test>::TooManyRounds),
				((1, 0, 1), Error::<Test>::ZeroTrainers),
				((1, 5, 1), Error::<Test>::TooManyTrainers),
				((1, 1, 0), Error::<Test>::ZeroValidators),
				((1, 1, 4), Error::<Test>::TooManyValidators),
			];
			for ((rounds, trainers, validators), error) in bad_counts {
				assert_noop!(
					create_with(p, d.clone(), rounds, trainers, validators, BUDGET),
					error
				);
			}
			let long = DatasetRef { hash: d.hash, location: vec![b'x'; 33] };
			assert_noop!(create_with(p, long, 1, 1, 1, BUDGET), Error::<Test>::LocationTooLong);
			let garbled = DatasetRef { hash: d.hash, location: vec![b'd', 0xff, 0xfe] };
			assert_noop!(create_with(p, garbled, 1, 1, 1, BUDGET), Error::<Test>::LocationNotUtf8);
			// 29 over 3 rounds is 9 a round, under the minimum of 10.
			assert_noop!(create_with(p, d.clone(), 3, 1, 1, 29), Error::<Test>::BudgetTooLow);
			assert_noop!(
				create_with(p, d.clone(), 1, 1, 1, 1_000_000),
				pallet_economy::Error::<Test>::InsufficientBalance
			);
			assert_noop!(
				Training::create_job(
					RuntimeOrigin::none(),
					ModelKind::Mlp,
					d,
					p,
					1,
					1,
					1,
					BUDGET,
					Funding::Own,
					0,
					Priority::Normal
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn fails_when_deadlines_are_full() {
		ExtBuilder::build_and_execute(|| {
			setup();
			// Two deadlines a block, tried at two blocks: four jobs fit, the fifth does not.
			for _ in 0..4 {
				create(1);
			}
			assert_eq!(Deadlines::<Test>::get(1 + ROUND).len(), 2);
			assert_eq!(Deadlines::<Test>::get(2 + ROUND).len(), 2);
			assert_noop!(
				create_with(params(), dataset(), 1, 2, 2, BUDGET),
				Error::<Test>::DeadlinesFull
			);
		});
	}
}

mod matching {
	use super::*;
	use crate::{
		matching::{candidate, rank},
		Assignment,
	};
	use aicchain_primitives::matching::{linear, JobFeatures};

	/// Round 1 of job 0, a CNN job asking for `trainers` with at least `min_gpus`, and
	/// `validators`.
	fn matched(
		trainers: u32,
		validators: u32,
		min_gpus: u16,
		excluded: &[NodeId],
	) -> Option<Assignment> {
		let wanted = JobFeatures { model: ModelKind::Cnn, trainers, min_gpus };
		Training::match_round(0, 1, wanted, validators, excluded)
	}

	/// The linear score of a node with `specs` and `trust`, idle.
	fn score(
		specs: &aicchain_primitives::NodeSpecs<Vec<u8>>,
		trust: Perbill,
		weights: &MatchingWeights,
	) -> u128 {
		linear::score(&candidate(specs, trust, 0), weights)
	}

	#[test]
	fn the_same_state_gives_the_same_assignment() {
		ExtBuilder::build_and_execute(|| {
			for operator in OPERATORS {
				Registrar::register(operator);
			}
			let first = matched(2, 2, 0, &[]).unwrap();
			assert_eq!(matched(2, 2, 0, &[]), Some(first.clone()));
			// Equal nodes are ordered by the tie-break hash, not by registration order, and
			// another round draws another order.
			let ids: Vec<NodeId> = (0..4).collect();
			let by_hash = rank(0, 1, ids.iter().map(|n| (*n, 1)).collect());
			assert_eq!(first.trainers, by_hash[..2]);
			let reversed = rank(0, 1, ids.iter().rev().map(|n| (*n, 1)).collect());
			assert_eq!(by_hash, reversed);
			assert!((2..20)
				.any(|round| rank(0, round, ids.iter().map(|n| (*n, 1)).collect()) != by_hash));
		});
	}

	#[test]
	fn ranks_by_the_policy_weights() {
		let mut a = specs(4);
		let mut b = specs(1);
		let trust = Perbill::from_percent(50);
		let weights = NetworkPolicy::default().matching.weights;
		assert!(score(&a, trust, &weights) > score(&b, trust, &weights));
		// Under an energy bonus alone, the greener node wins.
		let green = MatchingWeights {
			gpus: 0,
			latency: 0,
			bandwidth: 0,
			energy_efficiency: 0,
			renewable: 1,
			trust: 0,
		};
		a.renewable_percent = 10;
		b.renewable_percent = 90;
		assert!(score(&b, trust, &green) > score(&a, trust, &green));
		// Trust counts.
		let trusting = MatchingWeights { renewable: 0, trust: 1, ..green };
		assert!(score(&a, Perbill::from_percent(60), &trusting) > score(&a, trust, &trusting));
	}

	#[test]
	fn a_policy_change_changes_the_ranking() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let mut specs = specs(1);
			specs.renewable_percent = 100;
			let green =
				Registrar::register_with(CLIENT, specs, Roles { trainer: true, validator: false });
			assert_eq!(matched(1, 1, 0, &[]).unwrap().trainers, [T0]);
			let mut policy = Policy::get();
			policy.matching = aicchain_primitives::MatchingPolicy::new(MatchingWeights {
				renewable: 1_000,
				..policy.matching.weights
			});
			Policy::set(&policy);
			assert_eq!(matched(1, 1, 0, &[]).unwrap().trainers, [green]);
		});
	}

	#[test]
	fn skips_small_flagged_excluded_and_unjudged_nodes() {
		ExtBuilder::build_and_execute(|| {
			setup();
			assert_eq!(matched(2, 1, 4, &[]).unwrap().trainers, [T0]);
			assert_eq!(matched(2, 1, 0, &[T0]).unwrap().trainers, [T1]);
			assert_ok!(<Compute as NodeRegistry<u64>>::flag(T0));
			assert_eq!(matched(2, 1, 0, &[]).unwrap().trainers, [T1]);
			assert_eq!(matched(2, 1, 5, &[]), None);

			// A node that both trains and validates is not a trainer if it is the only
			// validator.
			let both = Registrar::register_with(
				CLIENT,
				specs(8),
				Roles { trainer: true, validator: true },
			);
			let assignment = matched(2, 1, 0, &[]).unwrap();
			assert_eq!(assignment.validators, [both]);
			assert_eq!(assignment.trainers, [T1]);
			assert_eq!(matched(2, 2, 0, &[]).unwrap().trainers, [both, T1]);
		});
	}
}

mod submit_update {
	use super::*;

	#[test]
	fn records_the_update() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			let post = update(job, 1, T0, 3_200).unwrap();
			assert_eq!(post.pays_fee, Pays::No, "honest work is free");
			let round = Rounds::<Test>::get(job, 1).unwrap();
			assert_eq!(round.trainers[0].update, Some(report(3_200, 1)));
			assert_eq!(round.trainers[0].included_at, Some(1));
			System::assert_last_event(
				Event::UpdateSubmitted { job, round: 1, node: T0, update: report(3_200, 1) }.into(),
			);
		});
	}

	#[test]
	fn rejects_bad_submissions() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			assert_noop!(update(job + 1, 1, T0, 1), Error::<Test>::UnknownJob);
			assert_noop!(update(job, 2, T0, 1), Error::<Test>::WrongRound);
			assert_noop!(update(job, 1, V0, 1), Error::<Test>::NotATrainer);
			assert_noop!(
				Training::submit_update(signed(T1), job, 1, T0, report(1, 1)),
				Error::<Test>::NotOperator
			);
			assert_noop!(
				Training::submit_update(signed(T1), job, 1, 9, report(1, 1)),
				Error::<Test>::UnknownNode
			);
			assert_noop!(update(job, 1, T0, 0), Error::<Test>::ZeroSamples);
			assert_eq!(update(job, 1, T0, 0).unwrap_err().post_info.pays_fee, Pays::Yes);
			assert_noop!(update(job, 1, T0, 3_201), Error::<Test>::TooManySamples);
			let short = UpdateReport { steps: 99, ..report(1, 1) };
			assert_noop!(
				Training::submit_update(signed(T0), job, 1, T0, short),
				Error::<Test>::StepsMismatch
			);
			assert_noop!(
				Training::submit_update(RuntimeOrigin::none(), job, 1, T0, report(1, 1)),
				DispatchError::BadOrigin
			);
			assert_ok!(update(job, 1, T0, 1));
			assert_noop!(update(job, 1, T0, 1), Error::<Test>::AlreadySubmitted);
		});
	}

	#[test]
	fn closes_at_the_deadline() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			// Even before the deadline's `on_initialize` runs (were its entry moved to a later
			// block), submissions end at the deadline.
			System::set_block_number(1 + ROUND);
			assert_noop!(update(job, 1, T0, 1), Error::<Test>::TooLate);
			Training::on_initialize(1 + ROUND);
			assert_noop!(update(job, 1, T0, 1), Error::<Test>::NotTraining);
		});
	}
}

mod submit_verdict {
	use super::*;

	#[test]
	fn records_the_verdict() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			assert_ok!(update(job, 1, T0, 3_200));
			let measured = Measured {
				loss_before: Some(2_300_000),
				loss_after: Some(900_000),
				accuracy: Some(Perbill::from_percent(91)),
			};
			let post =
				Training::submit_verdict(signed(V1), job, 1, V1, T0, Verdict::Valid, measured)
					.unwrap();
			assert_eq!(post.pays_fee, Pays::No);
			assert_eq!(
				Rounds::<Test>::get(job, 1).unwrap().trainers[0].verdicts.to_vec(),
				[(V1, Verdict::Valid)]
			);
			System::assert_last_event(
				Event::VerdictSubmitted {
					job,
					round: 1,
					validator: V1,
					trainer: T0,
					verdict: Verdict::Valid,
					measured,
				}
				.into(),
			);
		});
	}

	#[test]
	fn rejects_bad_verdicts() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			assert_noop!(judge(job, 1, V0, T0, Verdict::Valid), Error::<Test>::NoUpdate);
			assert_ok!(update(job, 1, T0, 3_200));
			assert_noop!(judge(job + 1, 1, V0, T0, Verdict::Valid), Error::<Test>::UnknownJob);
			assert_noop!(judge(job, 0, V0, T0, Verdict::Valid), Error::<Test>::WrongRound);
			assert_noop!(judge(job, 1, T1, T0, Verdict::Valid), Error::<Test>::NotAValidator);
			assert_noop!(judge(job, 1, V0, V1, Verdict::Valid), Error::<Test>::NotATrainer);
			assert_noop!(
				Training::submit_verdict(
					signed(V1),
					job,
					1,
					V0,
					T0,
					Verdict::Valid,
					Measured::default()
				),
				Error::<Test>::NotOperator
			);
			assert_ok!(judge(job, 1, V0, T0, Verdict::Valid));
			assert_noop!(judge(job, 1, V0, T0, Verdict::Invalid), Error::<Test>::AlreadyJudged);
		});
	}

	#[test]
	fn a_validator_never_judges_itself() {
		ExtBuilder::build_and_execute(|| {
			// Two nodes that both train and validate judge each other.
			let a = Registrar::register_with(
				OPERATORS[0],
				specs(2),
				Roles { trainer: true, validator: true },
			);
			let b = Registrar::register(OPERATORS[1]);
			let job = create(1);
			assert_ok!(update(job, 1, a, 3_200));
			assert_noop!(judge(job, 1, a, a, Verdict::Valid), Error::<Test>::OwnUpdate);
			assert_ok!(update(job, 1, b, 3_200));
			assert_ok!(judge(job, 1, a, b, Verdict::Valid));
			assert_ok!(judge(job, 1, b, a, Verdict::Valid));
			// Every update judged by every other validator: the merger is due.
			assert_eq!(Rounds::<Test>::get(job, 1).unwrap().phase, RoundPhase::Merging);
		});
	}
}

mod settlement {
	use super::*;

	/// Round 1 of a 2-round job: both updates valid, merged.
	fn honest_round(job: JobId) {
		train_and_judge(job, 1, [Verdict::Valid, Verdict::Valid]);
		let round = Rounds::<Test>::get(job, 1).unwrap();
		assert_eq!((round.phase, round.deadline), (RoundPhase::Merging, 1 + MERGE));
		System::assert_has_event(
			Event::RoundJudged { job, round: 1, valid: 2, merger: V0, deadline: 1 + MERGE }.into(),
		);
		assert_noop!(
			Training::submit_merge(signed(V1), job, 1, V1, H256::repeat_byte(9)),
			Error::<Test>::NotMerger
		);
		let post = Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)).unwrap();
		assert_eq!(post.pays_fee, Pays::No);
	}

	#[test]
	fn pays_trainers_pro_rata_and_agreeing_validators_minus_the_fund_cut() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			let fund_before = fund();
			honest_round(job);

			// A round's reward is 5,000: 80% to trainers by samples (3,200 : 800), 20% to the
			// two validators; a tenth of every payment to the fund.
			let paid = |node, reason, amount: u64| Event::Paid {
				job,
				round: 1,
				node,
				reason,
				paid: amount - amount / 10,
				fund_cut: amount / 10,
				aicg: WORK_REWARD,
			};
			for event in [
				paid(T0, PayReason::ValidUpdate, 3_200),
				paid(T1, PayReason::ValidUpdate, 800),
				paid(V0, PayReason::AgreeingVerdicts, 500),
				paid(V1, PayReason::AgreeingVerdicts, 500),
			] {
				System::assert_has_event(event.into());
			}
			System::assert_has_event(
				Event::RoundSettled {
					job,
					round: 1,
					model: Some(H256::repeat_byte(9)),
					paid_out: 5_000,
				}
				.into(),
			);
			assert_eq!(free(operator(T0)), 10_000 - BOND + 2_880);
			assert_eq!(Aicg::free_balance(operator(V1)), WORK_REWARD);
			assert_eq!(fund(), fund_before + 500);
			assert_eq!(escrow_of(job), Some(5_000));
			assert!(Reporting::trust(T0) > Perbill::from_percent(50));

			// Round 2 starts from the merged model with the rest of the budget.
			let round = Rounds::<Test>::get(job, 2).unwrap();
			assert_eq!((round.base, round.reward), (Some(H256::repeat_byte(9)), 5_000));
		});
	}

	#[test]
	fn a_job_finishes_with_its_model_and_conserves_the_budget() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let client_before = free(CLIENT);
			let fund_before = fund();
			let workers_before: u64 = OPERATORS.iter().map(|o| free(*o)).sum();
			let job = create(2);
			honest_round(job);
			train_and_judge(job, 2, [Verdict::Valid, Verdict::Valid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 2, V0, H256::repeat_byte(10)));

			let info = Jobs::<Test>::get(job).unwrap();
			assert_eq!(
				(info.status, info.model_hash),
				(JobStatus::Finished, Some(H256::repeat_byte(10)))
			);
			assert_eq!(escrow_of(job), None);
			System::assert_last_event(
				Event::JobFinished { job, model: Some(H256::repeat_byte(10)), refunded: 0 }.into(),
			);
			// budget = paid to workers + the fund's cut + the refund.
			let workers: u64 = OPERATORS.iter().map(|o| free(*o)).sum::<u64>() - workers_before;
			let cut = fund() - fund_before;
			let refund = free(CLIENT) - (client_before - BUDGET);
			assert_eq!(workers + cut + refund, BUDGET);
			assert_eq!((workers, cut, refund), (9_000, 1_000, 0));
		});
	}

	#[test]
	fn an_invalid_update_is_slashed_and_the_honest_one_paid() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			let fund_before = fund();
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Invalid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));

			// T1's bond loses 10%, to the fund; its trust falls under the threshold.
			System::assert_has_event(
				Event::Faulted {
					job,
					round: 1,
					node: T1,
					fault: Fault::InvalidUpdate,
					slashed: BOND / 10,
					trust: Perbill::from_parts(375_000_000),
				}
				.into(),
			);
			assert_eq!(<Compute as NodeRegistry<u64>>::status(T1), Some(NodeStatus::Flagged));
			assert_eq!(
				Balances::balance_on_hold(
					&pallet_compute::HoldReason::NodeBond.into(),
					&operator(T1)
				),
				BOND - BOND / 10
			);
			// T0 takes the whole trainer part: it has all the valid samples.
			System::assert_has_event(
				Event::Paid {
					job,
					round: 1,
					node: T0,
					reason: PayReason::ValidUpdate,
					paid: 7_200,
					fund_cut: 800,
					aicg: WORK_REWARD,
				}
				.into(),
			);
			// Both validators agreed and share 2,000; the fund got its cuts and the slash.
			assert_eq!(fund(), fund_before + 800 + 200 + BOND / 10);
			System::assert_last_event(
				Event::JobFinished { job, model: Some(H256::repeat_byte(9)), refunded: 0 }.into(),
			);
		});
	}

	#[test]
	fn a_dissenting_validator_loses_trust_and_pay() {
		ExtBuilder::build_and_execute(|| {
			setup();
			Registrar::register_with(CLIENT, specs(1), Roles { trainer: false, validator: true });
			let job = NextJobId::<Test>::get();
			assert_ok!(create_with(params(), dataset(), 1, 1, 3, BUDGET));
			assert_ok!(update(job, 1, T0, 3_200));
			assert_ok!(judge(job, 1, V0, T0, Verdict::Valid));
			assert_ok!(judge(job, 1, V1, T0, Verdict::Valid));
			assert_ok!(judge(job, 1, 4, T0, Verdict::Invalid));
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			System::assert_has_event(
				Event::Faulted {
					job,
					round: 1,
					node: 4,
					fault: Fault::BadVerdicts,
					slashed: 0,
					trust: Perbill::from_parts(375_000_000),
				}
				.into(),
			);
			// The validators' 20% (2,000) goes to the two who agreed.
			System::assert_has_event(
				Event::Paid {
					job,
					round: 1,
					node: V1,
					reason: PayReason::AgreeingVerdicts,
					paid: 900,
					fund_cut: 100,
					aicg: WORK_REWARD,
				}
				.into(),
			);
		});
	}

	#[test]
	fn a_missing_trainer_is_slashed_and_replaced() {
		ExtBuilder::build_and_execute(|| {
			// No trust threshold: the missing trainer stays eligible, yet is replaced.
			Policy::set(&NetworkPolicy { trust_threshold: Perbill::zero(), ..Policy::get() });
			setup();
			let spare = Registrar::register_with(
				CLIENT,
				specs(1),
				Roles { trainer: true, validator: false },
			);
			let job = create(2);
			assert_ok!(update(job, 1, T0, 3_200));
			assert_ok!(judge(job, 1, V0, T0, Verdict::Valid));
			assert_ok!(judge(job, 1, V1, T0, Verdict::Valid));
			run_to(1 + ROUND);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			System::assert_has_event(
				Event::Faulted {
					job,
					round: 1,
					node: T1,
					fault: Fault::MissingUpdate,
					slashed: BOND / 10,
					trust: Perbill::from_parts(375_000_000),
				}
				.into(),
			);
			// Round 2: T1 is replaced by the spare.
			let round = Rounds::<Test>::get(job, 2).unwrap();
			assert_eq!(round.trainers.iter().map(|s| s.node).collect::<Vec<_>>(), [T0, spare]);
		});
	}

	#[test]
	fn a_missing_merge_faults_the_merger_and_keeps_the_model() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Valid]);
			run_to(1 + MERGE);
			System::assert_has_event(
				Event::Faulted {
					job,
					round: 1,
					node: V0,
					fault: Fault::MissingMerge,
					slashed: 0,
					trust: Perbill::from_parts(375_000_000),
				}
				.into(),
			);
			// The other validator takes the validators' part; the model stays the seeded one.
			System::assert_has_event(
				Event::Paid {
					job,
					round: 1,
					node: V1,
					reason: PayReason::AgreeingVerdicts,
					paid: 900,
					fund_cut: 100,
					aicg: WORK_REWARD,
				}
				.into(),
			);
			System::assert_has_event(
				Event::RoundSettled { job, round: 1, model: None, paid_out: 5_000 }.into(),
			);
			assert_noop!(
				Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)),
				Error::<Test>::WrongRound
			);
		});
	}

	#[test]
	fn silence_pays_nobody_and_refunds_the_budget_at_the_end() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			assert_ok!(update(job, 1, T0, 3_200));
			assert_ok!(update(job, 1, T1, 800));
			assert_noop!(
				Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)),
				Error::<Test>::NotMerging
			);
			run_to(1 + ROUND);
			// No verdicts: both updates undecided, neither validator judged.
			let faults: Vec<_> = events()
				.into_iter()
				.filter_map(|e| {
					if let Event::Faulted { node, fault, .. } = e {
						Some((node, fault))
					} else {
						None
					}
				})
				.collect();
			assert_eq!(faults, [(V0, Fault::BadVerdicts), (V1, Fault::BadVerdicts)]);
			System::assert_last_event(
				Event::JobFinished { job, model: None, refunded: BUDGET }.into(),
			);
			assert_eq!(free(CLIENT), 100_000);
		});
	}
}

mod tasks {
	use super::*;

	#[test]
	fn every_trainer_and_round_has_a_task_of_its_own() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			let info = Jobs::<Test>::get(job).unwrap();
			let t0 = Training::task_spec(job, 1, T0).unwrap();
			let t1 = Training::task_spec(job, 1, T1).unwrap();
			assert_eq!(Training::task_spec(job, 1, V0), None, "a validator trains nothing");
			assert_eq!(
				(t0.model, t0.dataset, t0.hyper_params),
				(ModelKind::Cnn, H256::repeat_byte(7), params())
			);
			assert_eq!((t0.shard, t1.shard, t0.shards), (0, 1, 2));
			assert_eq!((t0.init_seed, t1.init_seed), (info.seed, info.seed), "one start");
			assert_eq!(t0.seed, task::task_seed(info.seed, 1, T0));
			assert_ne!(t0.seed, t1.seed, "no two trainers share a batch order");
			assert_eq!(t0.base, None);

			// Round 2 starts from the merged model, with new batch orders.
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Valid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			let next = Training::task_spec(job, 2, T0).unwrap();
			assert_eq!(next.base, Some(H256::repeat_byte(9)));
			assert_ne!(next.seed, t0.seed, "a round cannot be answered with the last one");
		});
	}

	#[test]
	fn samples_are_seeded_after_the_update_and_per_validator() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			assert_eq!(Training::sample_seed(job, 1, T0, V0), None, "no update yet");
			assert_ok!(update(job, 1, T0, 3_200));
			assert_eq!(Training::sample_seed(job, 1, T0, V0), None, "its block is not sealed");
			System::set_block_number(2);
			let seed = Training::sample_seed(job, 1, T0, V0).unwrap();
			let block = System::block_hash(1);
			assert_eq!(seed, task::sample_seed(block.as_ref(), job, 1, T0, V0));
			assert_ne!(Training::sample_seed(job, 1, T0, V1), Some(seed));
		});
	}
}

mod duties {
	use super::*;
	use aicchain_primitives::task::rpc::{MergeInput, Stakes};

	#[test]
	fn each_node_owes_its_work_until_the_chain_records_it() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			let judge_t0 = DutyKind::Judge { trainer: T0 };
			assert_eq!(Training::duties_of(T0), [(job, 1, DutyKind::Train)]);
			assert_eq!(
				Training::duties_of(V0),
				[
					(job, 1, DutyKind::Judge { trainer: T0 }),
					(job, 1, DutyKind::Judge { trainer: T1 }),
					(job, 1, DutyKind::Merge)
				]
			);
			assert_eq!(
				Training::duties_of(V1).len(),
				2,
				"V1 judges both updates and merges nothing"
			);
			assert!(Training::is_owed(job, 1, T0, DutyKind::Train));
			assert!(Training::is_owed(job, 1, V0, judge_t0));
			assert!(
				!Training::is_owed(job, 1, V0, DutyKind::Merge),
				"nothing to merge while training"
			);
			assert!(!Training::is_owed(job, 1, V0, DutyKind::Train), "V0 trains nothing");

			assert_ok!(update(job, 1, T0, 3_200));
			assert!(!Training::is_owed(job, 1, T0, DutyKind::Train));
			assert_ok!(judge(job, 1, V0, T0, Verdict::Valid));
			assert!(!Training::is_owed(job, 1, V0, judge_t0));
			assert!(Training::is_owed(job, 1, V1, judge_t0));

			// What V1 judges of T0: its task and update, and T0's stakes: the trainers' 80% of the
			// round's 5,000, and 10% of its 1,000 bond, as settlement pays and compute slashes.
			let order = Training::judge_order(job, 1, T0).unwrap();
			assert_eq!(order.task, Training::task_spec(job, 1, T0).unwrap());
			assert_eq!(order.update, report(3_200, T0 as u8 + 1));
			assert_eq!(order.stakes, Stakes { validators: 2, reward: 4_000, slash: 100 });
			assert_eq!(Training::judge_order(job, 1, T1), None, "T1 has not submitted");

			assert_ok!(update(job, 1, T1, 800));
			for (validator, trainer) in [(V1, T0), (V0, T1), (V1, T1)] {
				assert_ok!(judge(job, 1, validator, trainer, Verdict::Valid));
			}
			assert!(Training::is_owed(job, 1, V0, DutyKind::Merge));
			let order = Training::merge_order(job, 1).unwrap();
			let input = |node: NodeId, samples| MergeInput {
				weights: report(samples, node as u8 + 1).weights,
				samples,
			};
			assert_eq!(order.inputs, [input(T0, 3_200), input(T1, 800)]);
			assert_eq!(order.holders, [T0, T1]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			assert!(!Training::is_owed(job, 1, V0, DutyKind::Merge));

			// Round 2 starts from the merged model, which round 1's merger holds.
			let next = Training::train_order(job, 2, T0).unwrap();
			assert_eq!((next.task.base, next.base_from), (Some(H256::repeat_byte(9)), Some(V0)));
		});
	}

	#[test]
	fn a_trainer_uses_its_gpu_only_where_every_judge_has_the_same_one() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			// The usual cast declares GPUs of one model: every judge can replay a GPU run.
			assert!(Training::train_order(job, 1, T0).unwrap().gpu);
			// Another model at one judge: the CPU, which every judge replays exactly.
			let mut specs = Compute::specs(V1).unwrap();
			specs.gpu_model = b"another GPU".to_vec().try_into().unwrap();
			pallet_compute::Nodes::<Test>::mutate(V1, |info| info.as_mut().unwrap().specs = specs);
			assert!(!Training::train_order(job, 1, T0).unwrap().gpu);
			assert_eq!(Training::train_order(job, 1, V0), None, "V0 trains nothing");
		});
	}
}

mod budget {
	//! The budget is the training rules' to pay and refund: its client cannot take it back or
	//! pay it elsewhere, and a subsidy reaches only the job's workers.
	use super::*;
	use pallet_economy::Error as EconomyError;

	fn close(who: u64, escrow: u32) -> DispatchResult {
		mock::Economy::close_escrow(RuntimeOrigin::signed(who), escrow)
	}

	fn release(who: u64, escrow: u32, to: u64, amount: u64) -> DispatchResult {
		mock::Economy::release_escrow(RuntimeOrigin::signed(who), escrow, to, amount)
	}

	/// The [`CLIENT`] asks for a subsidy of `amount` and root grants it.
	fn subsidy(amount: u64) -> u32 {
		assert_ok!(mock::Economy::request_subsidy(
			RuntimeOrigin::signed(CLIENT),
			amount,
			b"digits".to_vec()
		));
		assert_ok!(mock::Economy::approve_subsidy(RuntimeOrigin::root(), CLIENT));
		pallet_economy::SubsidyGrants::<Test>::get(CLIENT).expect("a granted subsidy")
	}

	fn create_subsidised(budget: u64) -> DispatchResult {
		Training::create_job(
			RuntimeOrigin::signed(CLIENT),
			ModelKind::Cnn,
			dataset(),
			params(),
			1,
			2,
			2,
			budget,
			Funding::Subsidy,
			1,
			Priority::Normal,
		)
	}

	#[test]
	fn a_client_cannot_close_or_release_its_running_jobs_escrow() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(1);
			let escrow = Jobs::<Test>::get(job).unwrap().escrow;
			assert_noop!(close(CLIENT, escrow), EconomyError::<Test>::HeldForJob);
			assert_noop!(release(CLIENT, escrow, CLIENT, BUDGET), EconomyError::<Test>::HeldForJob);
			assert_noop!(release(CLIENT, escrow, 99, 1_000), EconomyError::<Test>::HeldForJob);

			// The workers are paid all the same.
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Valid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			let paid = events().into_iter().filter(|e| matches!(e, Event::Paid { .. })).count();
			assert_eq!(paid, 4, "two trainers and two validators");
		});
	}

	#[test]
	fn a_subsidised_job_pays_its_workers_and_returns_the_rest_to_the_fund() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let grant = subsidy(600);
			let (client_free, fund_start) = (free(CLIENT), fund());
			// The grant pays nobody directly, not even its client.
			assert_noop!(
				release(CLIENT, grant, CLIENT, 600),
				EconomyError::<Test>::SubsidyForJobsOnly
			);
			assert_noop!(release(CLIENT, grant, 99, 600), EconomyError::<Test>::SubsidyForJobsOnly);

			let job = NextJobId::<Test>::get();
			assert_ok!(create_subsidised(500));
			let escrow = Jobs::<Test>::get(job).unwrap().escrow;
			assert_noop!(close(CLIENT, escrow), EconomyError::<Test>::HeldForJob);
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Invalid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));

			// 80% of 500 to T0 alone (T1 was invalid), 50 to each validator, a tenth of each
			// payment to the fund; T1's unearned 0 stays; nothing is left to refund. The fund
			// also gets T1's slash.
			let paid: Vec<(NodeId, u64)> = events()
				.into_iter()
				.filter_map(|e| match e {
					Event::Paid { node, paid, fund_cut, .. } => Some((node, paid + fund_cut)),
					_ => None,
				})
				.collect();
			assert_eq!(paid, [(T0, 400), (V0, 50), (V1, 50)]);
			System::assert_has_event(
				Event::JobFinished { job, model: Some(H256::repeat_byte(9)), refunded: 0 }.into(),
			);
			assert_eq!(free(CLIENT), client_free, "none of the subsidy became the client's");
			let slash = Perbill::from_percent(10) * BOND;
			assert_eq!(fund(), fund_start + 50 + slash);

			// What is left of the grant returns to the fund when the client closes it.
			assert_ok!(close(CLIENT, grant));
			assert_eq!(fund(), fund_start + 50 + slash + 100);
			assert_eq!(free(CLIENT), client_free);
		});
	}

	#[test]
	fn a_cancelled_subsidised_job_refunds_the_fund() {
		ExtBuilder::build_and_execute(|| {
			let grant = subsidy(500);
			let job = NextJobId::<Test>::get();
			assert_ok!(create_subsidised(500));
			assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Stalled);
			let (client_free, fund_start) = (free(CLIENT), fund());
			assert_ok!(Training::cancel_job(RuntimeOrigin::signed(CLIENT), job));
			assert_eq!(fund(), fund_start + 500);
			assert_eq!(free(CLIENT), client_free);
			assert_eq!(pallet_economy::Escrows::<Test>::get(grant), None, "spent whole");
		});
	}

	#[test]
	fn fails_without_a_subsidy_or_beyond_it() {
		ExtBuilder::build_and_execute(|| {
			setup();
			assert_noop!(create_subsidised(500), EconomyError::<Test>::NoSubsidy);
			subsidy(400);
			assert_noop!(create_subsidised(500), EconomyError::<Test>::SubsidyTooLow);
		});
	}
}

mod continue_and_cancel {
	use super::*;

	#[test]
	fn a_stalled_job_continues_when_nodes_come() {
		ExtBuilder::build_and_execute(|| {
			let job = create(1);
			assert_noop!(
				Training::continue_job(RuntimeOrigin::signed(CLIENT), job),
				Error::<Test>::NoEligibleNodes
			);
			setup();
			assert_noop!(Training::continue_job(signed(T0), job), Error::<Test>::NotClient);
			assert_noop!(
				Training::continue_job(RuntimeOrigin::signed(CLIENT), job + 1),
				Error::<Test>::UnknownJob
			);
			assert_ok!(Training::continue_job(RuntimeOrigin::signed(CLIENT), job));
			assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Running);
			assert!(Rounds::<Test>::get(job, 1).is_some());
			assert_noop!(
				Training::continue_job(RuntimeOrigin::signed(CLIENT), job),
				Error::<Test>::NotStalled
			);
		});
	}

	#[test]
	fn cancelling_a_stalled_job_refunds_at_once() {
		ExtBuilder::build_and_execute(|| {
			let job = create(1);
			assert_ok!(Training::cancel_job(RuntimeOrigin::signed(CLIENT), job));
			assert_eq!(free(CLIENT), 100_000);
			assert_eq!(Jobs::<Test>::get(job).unwrap().status, JobStatus::Finished);
			assert_noop!(
				Training::cancel_job(RuntimeOrigin::signed(CLIENT), job),
				Error::<Test>::JobFinished
			);
		});
	}

	#[test]
	fn cancelling_a_running_job_finishes_its_round_first() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let job = create(2);
			assert_noop!(Training::cancel_job(signed(T0), job), Error::<Test>::NotClient);
			assert_noop!(
				Training::cancel_job(RuntimeOrigin::signed(CLIENT), job + 1),
				Error::<Test>::UnknownJob
			);
			assert_ok!(Training::cancel_job(RuntimeOrigin::signed(CLIENT), job));
			System::assert_last_event(Event::JobCancelled { job }.into());
			assert_noop!(
				Training::cancel_job(RuntimeOrigin::signed(CLIENT), job),
				Error::<Test>::AlreadyCancelling
			);

			// The round under way is still trained, judged and paid; no second round.
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Valid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			assert!(Rounds::<Test>::get(job, 2).is_none());
			System::assert_last_event(
				Event::JobFinished { job, model: Some(H256::repeat_byte(9)), refunded: 5_000 }
					.into(),
			);
		});
	}
}

#[test]
fn the_runtime_api_views_jobs_previews_matching_and_lists_assignments() {
	ExtBuilder::build_and_execute(|| {
		setup();
		let preview = Training::matching_preview(ModelKind::Cnn, 2, 2, 1);
		assert_eq!(preview, Some((vec![T0, T1], vec![V0, V1])));
		assert_eq!(Training::matching_preview(ModelKind::Cnn, 1, 1, 9), None);
		assert!(Training::job_view(0).is_none());

		let job = create(2);
		let (info, round) = Training::job_view(job).unwrap();
		assert_eq!((info.round, round.map(|r| r.phase)), (1, Some(RoundPhase::Training)));
		assert_eq!(Training::assignments(T1), [(job, 1, Role::Trainer)]);
		assert_eq!(Training::assignments(V0), [(job, 1, Role::Validator)]);

		// A settled round is no one's assignment any more.
		assert_ok!(Training::cancel_job(RuntimeOrigin::signed(CLIENT), job));
		run_to(1 + ROUND);
		assert!(Training::assignments(T1).is_empty());
	});
}

#[test]
fn outcomes_follow_the_majority() {
	let slot = |update: bool, verdicts: &[Verdict]| TrainerSlot::<Test> {
		node: 0,
		shard: 0,
		update: update.then(|| report(1, 1)),
		included_at: update.then_some(1),
		verdicts: BoundedVec::truncate_from(
			verdicts.iter().enumerate().map(|(i, v)| (i as NodeId + 1, *v)).collect(),
		),
	};
	use Verdict::*;
	assert_eq!(slot(false, &[]).outcome(), Outcome::Missing);
	assert_eq!(slot(true, &[]).outcome(), Outcome::Undecided);
	assert_eq!(slot(true, &[Valid, Invalid]).outcome(), Outcome::Undecided);
	assert_eq!(slot(true, &[Valid, Invalid, Valid]).outcome(), Outcome::Valid);
	assert_eq!(slot(true, &[Invalid, Invalid, Valid]).outcome(), Outcome::Invalid);
}

#[test]
fn invariants_catch_a_budget_in_its_clients_hands() {
	new_test_ext().execute_with(|| {
		System::set_block_number(1);
		setup();
		let job = create(1);
		assert_ok!(Training::do_try_state());
		let escrow = Jobs::<Test>::get(job).unwrap().escrow;
		pallet_economy::Escrows::<Test>::mutate(escrow, |escrow| {
			escrow.as_mut().unwrap().control = pallet_economy::Control::Owner;
		});
		assert_eq!(
			Training::do_try_state(),
			Err("an unfinished job's budget is in its client's hands".into())
		);
	});
}

#[test]
fn invariants_catch_a_missing_deadline() {
	ExtBuilder::build_and_execute(|| {
		setup();
		create(1);
		let saved = Deadlines::<Test>::take(1 + ROUND);
		assert!(Training::do_try_state().is_err());
		Deadlines::<Test>::insert(1 + ROUND, saved);
	});
}

mod learned_matching {
	use super::*;
	use crate::{matching::candidate, Workload};
	use aicchain_primitives::matching::{features, JobFeatures, Unit, FEATURES, ONE};

	/// The feature index of the GPU count, and of idleness (see `FEATURE_NAMES`).
	const GPUS: usize = 0;
	const IDLE: usize = 7;

	/// A learned policy that scores one feature with `weight`, linearly.
	fn scoring(feature: usize, weight: i32) -> PolicyNet {
		let mut weights = [0; FEATURES];
		weights[feature] = weight;
		// A positive bias keeps the unit active for every feature in 0..=1.
		PolicyNet { units: vec![Unit { weights, bias: 2 * ONE, out: ONE }], bias: 0 }
	}

	fn preview(trainers: u32) -> (Vec<NodeId>, Vec<NodeId>) {
		Training::matching_preview(ModelKind::Cnn, trainers, 1, 0).unwrap()
	}

	#[test]
	fn ranks_trainers_while_validators_stay_linear() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let linear = preview(2);
			assert_eq!(linear.0, [T0, T1]);
			// A policy that prefers fewer GPUs: T1 (3 GPUs) before T0 (4).
			LearnedNet::set(&Some(scoring(GPUS, -ONE)));
			let learned = preview(2);
			assert_eq!(learned.0, [T1, T0]);
			assert_eq!(learned.1, linear.1);
		});
	}

	#[test]
	fn scores_are_the_networks_on_the_chains_features() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let net = scoring(GPUS, ONE);
			let job = JobFeatures { model: ModelKind::Transformer, trainers: 3, min_gpus: 1 };
			let specs = <Compute as NodeRegistry<u64>>::specs(T0).unwrap();
			let node = candidate(&specs, Perbill::from_percent(50), 2);
			let expected = net.score(&features(&node, &job));
			// 1/4 of the GPUs' cap: 2 + 1/4 in Q32.32.
			assert_eq!(expected, (2 << 32) + (1 << 30));
			let scorer = crate::matching::Scorer::Learned(net, job);
			assert_eq!(scorer.score(&node), (i128::from(expected) - i128::from(i64::MIN)) as u128);
		});
	}

	#[test]
	fn sees_each_nodes_workload_until_its_round_settles() {
		ExtBuilder::build_and_execute(|| {
			setup();
			let trainer = Roles { trainer: true, validator: false };
			let small = Registrar::register_with(CLIENT, specs(1), trainer);
			// A policy that prefers idle nodes, then more GPUs: T0 (4 GPUs) first while idle.
			let mut net = scoring(IDLE, 4 * ONE);
			net.units[0].weights[GPUS] = ONE;
			LearnedNet::set(&Some(net));
			assert_eq!(preview(1).0, [T0]);
			let job = create(1);
			assert_eq!((Workload::<Test>::get(T0), Workload::<Test>::get(T1)), (1, 1));
			// Busy with one round, T0 scores 2 + 4 × ½ + 4/16: below the idle small node's
			// 2 + 4 + 1/16.
			assert_eq!(preview(1).0, [small]);
			train_and_judge(job, 1, [Verdict::Valid, Verdict::Valid]);
			assert_ok!(Training::submit_merge(signed(V0), job, 1, V0, H256::repeat_byte(9)));
			assert_eq!(Workload::<Test>::iter().count(), 0);
			assert_eq!(preview(1).0, [T0]);
		});
	}
}
