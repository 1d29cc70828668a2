//! Benchmarks of every call in its worst case: a missed report or an audit that also flags the
//! node in the registry, a dishonest audit that also slashes.

use super::*;
use crate::Pallet as Reporting;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

const SALT: H256 = H256::repeat_byte(42);

const HONEST: Metrics =
	Metrics { throughput: 100, latency_ms: 20, uptime_permille: 990, energy_wh: 500 };

/// A registered node of a new operator.
fn node<T: Config>() -> (T::AccountId, NodeId) {
	let operator: T::AccountId = account("operator", 0, 0);
	let node = T::BenchmarkHelper::register_node(&operator);
	(operator, node)
}

/// Moves to the start of the epoch `epochs` after the current one.
fn advance<T: Config>(epochs: Epoch) {
	let target = Reporting::<T>::current_epoch() + epochs;
	let block = EpochLength::<T>::get() * target.into();
	frame_system::Pallet::<T>::set_block_number(block);
}

/// `operator` commits `metrics` for `node` in the current epoch.
fn committed<T: Config>(operator: &T::AccountId, node: NodeId, metrics: &Metrics) {
	let hash = Reporting::<T>::report_hash(node, Reporting::<T>::current_epoch(), metrics, &SALT);
	Reporting::<T>::commit_report(RawOrigin::Signed(operator.clone()).into(), node, hash)
		.expect("the operator commits");
}

/// `node` reported `metrics`, revealed and open to audit.
fn revealed<T: Config>(operator: &T::AccountId, node: NodeId, metrics: Metrics) {
	committed::<T>(operator, node, &metrics);
	advance::<T>(1);
	Reporting::<T>::reveal_report(RawOrigin::Signed(operator.clone()).into(), node, metrics, SALT)
		.expect("the operator reveals");
}

/// Puts `node`'s trust where one more bad outcome flags it.
fn distrusted<T: Config>(node: NodeId) {
	Trust::<T>::insert(node, T::Policy::policy().trust_threshold);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn commit_report() {
		let (operator, node) = node::<T>();
		committed::<T>(&operator, node, &HONEST);
		distrusted::<T>(node);
		advance::<T>(2);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node, SALT);

		assert_eq!(T::Registry::status(node), Some(NodeStatus::Flagged));
	}

	#[benchmark]
	fn reveal_report() {
		let (operator, node) = node::<T>();
		committed::<T>(&operator, node, &HONEST);
		advance::<T>(1);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node, HONEST, SALT);

		assert!(Reports::<T>::get(node).is_some());
	}

	#[benchmark]
	fn report_missed() {
		let (operator, node) = node::<T>();
		committed::<T>(&operator, node, &HONEST);
		distrusted::<T>(node);
		advance::<T>(2);
		let caller: T::AccountId = account("caller", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node);

		assert_eq!(T::Registry::status(node), Some(NodeStatus::Flagged));
	}

	#[benchmark]
	fn submit_audit() -> Result<(), BenchmarkError> {
		let (operator, node) = node::<T>();
		revealed::<T>(&operator, node, Metrics { throughput: 200, ..HONEST });
		distrusted::<T>(node);
		let origin =
			T::AuditOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, node, HONEST);

		assert_eq!(T::Registry::status(node), Some(NodeStatus::Flagged));
		Ok(())
	}

	#[benchmark]
	fn reinstate() {
		let (operator, node) = node::<T>();
		T::Registry::flag(node).expect("the node is registered");

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node);

		assert!(Probation::<T>::get(node).is_some());
	}

	impl_benchmark_test_suite!(Reporting, crate::mock::new_test_ext(), crate::mock::Test);
}
