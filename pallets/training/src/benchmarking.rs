//! Benchmarks of the training pallet, each at its worst case: the most trainers and
//! validators a round may have, and matching among `n` nodes by the largest learned policy.

use super::*;
use crate::Pallet as Training;
use aicchain_primitives::{
	matching::{net::MAX_UNITS, Unit, FEATURES, ONE},
	PolicyNet,
};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use sp_runtime::traits::{BlakeTwo256, Hash, Saturating};

/// The budget of benchmark jobs.
fn budget<T: Config>() -> BalanceOf<T> {
	T::MinRoundReward::get().saturating_mul(1_000u32.into())
}

/// Registers `n` trainer-and-validator nodes, each with its own operator, and puts the
/// largest learned matching policy in force: matching at its dearest.
fn nodes<T: Config>(n: u32) {
	for i in 0..n {
		T::BenchmarkHelper::register_node(&account("operator", i, 0));
	}
	let unit = Unit { weights: [ONE; FEATURES], bias: ONE, out: ONE };
	T::BenchmarkHelper::set_learned_matching(PolicyNet {
		units: alloc::vec![unit; MAX_UNITS],
		bias: 0,
	});
}

/// A funded client's account.
fn client<T: Config>() -> T::AccountId {
	let client = account("client", 0, 0);
	T::BenchmarkHelper::fund(&client, budget::<T>().saturating_mul(2u32.into()));
	client
}

/// Posts a two-round job with the most trainers and validators; returns its id.
fn post<T: Config>(client: &T::AccountId) -> JobId {
	let job = NextJobId::<T>::get();
	Training::<T>::create_job(
		RawOrigin::Signed(client.clone()).into(),
		ModelKind::Cnn,
		DatasetRef {
			hash: H256::repeat_byte(1),
			location: alloc::vec![b'x'; T::MaxLocationLen::get() as usize],
		},
		hyper_params(),
		2,
		T::MaxTrainers::get(),
		T::MaxValidators::get(),
		budget::<T>(),
		Funding::Own,
		// A GPU each: the benchmarks' nodes have one, a development chain's genesis nodes none,
		// so the job stalls until a benchmark registers nodes.
		1,
		Priority::Normal,
	)
	.expect("a funded client can post a job");
	job
}

fn hyper_params() -> HyperParams {
	HyperParams {
		optimizer: Optimizer::Adam,
		learning_rate: Perbill::from_parts(1_000_000),
		batch_size: 32,
		steps: 100,
		checkpoint_every: 25,
	}
}

fn report(node: NodeId) -> UpdateReport {
	UpdateReport {
		weights: BlakeTwo256::hash_of(&node),
		checkpoints: H256::zero(),
		samples: 3_200,
		steps: 100,
		loss_before: 2_300_000,
		loss_after: 900_000,
		wall_ms: 1_000,
		device: aicchain_primitives::task::Device::Cpu { threads: 2 },
	}
}

fn signed<T: Config>(node: NodeId) -> OriginFor<T> {
	let operator = T::Registry::operator(node).expect("a registered node");
	RawOrigin::Signed(operator).into()
}

/// Every trainer of the job's first round submits.
fn submit_all<T: Config>(job: JobId) {
	let round = Rounds::<T>::get(job, 1).expect("the first round runs");
	for slot in round.trainers {
		Training::<T>::submit_update(signed::<T>(slot.node), job, 1, slot.node, report(slot.node))
			.expect("an assigned trainer submits");
	}
}

/// Every validator judges every update but its own Valid, but for the last verdict; returns
/// that last (validator, trainer) pair.
fn judge_all_but_one<T: Config>(job: JobId) -> (NodeId, NodeId) {
	let round = Rounds::<T>::get(job, 1).expect("the first round runs");
	let mut pairs = Vec::new();
	for slot in &round.trainers {
		for validator in round.validators.iter().filter(|v| **v != slot.node) {
			pairs.push((*validator, slot.node));
		}
	}
	let last = pairs.pop().expect("every trainer has a judge");
	for (validator, trainer) in pairs {
		Training::<T>::submit_verdict(
			signed::<T>(validator),
			job,
			1,
			validator,
			trainer,
			Verdict::Valid,
			Measured::default(),
		)
		.expect("an assigned validator judges");
	}
	last
}

/// Brings the job's first round to its merge phase with every update valid.
fn to_merging<T: Config>(job: JobId) {
	submit_all::<T>(job);
	let (validator, trainer) = judge_all_but_one::<T>(job);
	Training::<T>::submit_verdict(
		signed::<T>(validator),
		job,
		1,
		validator,
		trainer,
		Verdict::Valid,
		Measured::default(),
	)
	.expect("the last verdict");
	assert_eq!(Rounds::<T>::get(job, 1).map(|r| r.phase), Some(RoundPhase::Merging));
}

/// The fewest nodes that fill a round.
fn crew<T: Config>() -> u32 {
	T::MaxTrainers::get() + T::MaxValidators::get()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_job(n: Linear<2, 64>) {
		nodes::<T>(n);
		let client = client::<T>();
		let job = NextJobId::<T>::get();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(client),
			ModelKind::Cnn,
			DatasetRef {
				hash: H256::repeat_byte(1),
				location: alloc::vec![b'x'; T::MaxLocationLen::get() as usize],
			},
			hyper_params(),
			2,
			T::MaxTrainers::get(),
			T::MaxValidators::get(),
			budget::<T>(),
			Funding::Own,
			0,
			Priority::Normal,
		);

		assert!(Rounds::<T>::get(job, 1).is_some());
	}

	#[benchmark]
	fn submit_update() {
		nodes::<T>(crew::<T>());
		let job = post::<T>(&client::<T>());
		let node = Rounds::<T>::get(job, 1).expect("the first round runs").trainers[0].node;

		#[extrinsic_call]
		_(signed::<T>(node), job, 1, node, report(node));

		assert!(Rounds::<T>::get(job, 1).is_some_and(|r| r.trainers[0].update.is_some()));
	}

	#[benchmark]
	fn submit_verdict() {
		nodes::<T>(crew::<T>());
		let job = post::<T>(&client::<T>());
		submit_all::<T>(job);
		// The last verdict: the most verdicts already stored (its settlement is charged
		// separately, as a deadline's).
		let (validator, trainer) = judge_all_but_one::<T>(job);

		#[extrinsic_call]
		_(signed::<T>(validator), job, 1, validator, trainer, Verdict::Valid, Measured::default());

		assert_eq!(Rounds::<T>::get(job, 1).map(|r| r.phase), Some(RoundPhase::Merging));
	}

	#[benchmark]
	fn submit_merge(n: Linear<12, 64>) {
		nodes::<T>(n.max(crew::<T>()));
		let job = post::<T>(&client::<T>());
		to_merging::<T>(job);
		let merger = Rounds::<T>::get(job, 1).and_then(|r| r.merger()).expect("a merger");

		#[extrinsic_call]
		_(signed::<T>(merger), job, 1, merger, H256::repeat_byte(2));

		assert!(Rounds::<T>::get(job, 2).is_some());
	}

	#[benchmark]
	fn continue_job(n: Linear<2, 64>) {
		let client = client::<T>();
		let job = post::<T>(&client);
		nodes::<T>(n);

		#[extrinsic_call]
		_(RawOrigin::Signed(client), job);

		assert!(Rounds::<T>::get(job, 1).is_some());
	}

	#[benchmark]
	fn cancel_job() {
		// A stalled job ends at once: its escrow is refunded.
		let client = client::<T>();
		let job = post::<T>(&client);

		#[extrinsic_call]
		_(RawOrigin::Signed(client), job);

		assert_eq!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Finished));
	}

	#[benchmark]
	fn on_deadline(n: Linear<12, 64>) {
		// The merge is missed: every node paid or faulted, then the next round matched.
		nodes::<T>(n.max(crew::<T>()));
		let job = post::<T>(&client::<T>());
		to_merging::<T>(job);

		#[block]
		{
			Training::<T>::on_deadline(job);
		}

		assert!(Rounds::<T>::get(job, 2).is_some());
	}

	impl_benchmark_test_suite!(Training, crate::mock::new_test_ext(), crate::mock::Test);
}
