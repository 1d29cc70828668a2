//! Benchmarks of every call, each in its worst case: a full operator list and an active index
//! one short of [`Config::MaxActiveNodes`], so that the index's read and write are at their
//! largest.

use super::*;
use crate::Pallet as Compute;
use aicchain_primitives::MAX_SPEC_TEXT;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

/// Specs with text fields at their longest.
fn specs() -> SubmittedSpecs {
	NodeSpecs {
		gpu_count: 8,
		gpu_model: vec![b'g'; MAX_SPEC_TEXT as usize],
		gpu_memory_gib: 80,
		cpu_cores: 64,
		memory_gib: 512,
		bandwidth_mbps: 10_000,
		latency_ms: 10,
		gflops_per_watt: 60,
		renewable_percent: 100,
		region: vec![b'r'; MAX_SPEC_TEXT as usize],
		artifact_url: [&b"http://"[..], &[b'h'; MAX_SPEC_TEXT as usize - 7]].concat(),
	}
}

const ROLES: Roles = Roles { trainer: true, validator: true };

/// An account with AICC for many bonds.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId
where
	T::Currency: Mutate<T::AccountId>,
{
	let who = account(name, index, 0);
	let amount = T::NodeBond::get().saturating_mul(1_000u32.into());
	T::Currency::set_balance(&who, amount);
	who
}

/// Fills the active index with other operators' nodes, leaving `free` slots.
fn fill_active_index<T: Config>(free: u32)
where
	T::Currency: Mutate<T::AccountId>,
{
	let others = T::MaxActiveNodes::get().saturating_sub(free);
	for i in 0..others {
		let other = funded::<T>("other", i);
		Compute::<T>::register_node(RawOrigin::Signed(other).into(), specs(), ROLES)
			.expect("there is room for this node");
	}
}

/// Registers one node of `operator` in the worst case for later calls: the operator's list
/// nearly full, the active index full.
fn registered<T: Config>(operator: &T::AccountId) -> NodeId
where
	T::Currency: Mutate<T::AccountId>,
{
	fill_active_index::<T>(T::MaxNodesPerOperator::get());
	for _ in 0..T::MaxNodesPerOperator::get() {
		Compute::<T>::register_node(RawOrigin::Signed(operator.clone()).into(), specs(), ROLES)
			.expect("the operator has room and funds");
	}
	NextNodeId::<T>::get() - 1
}

#[benchmarks(where T::Currency: Mutate<T::AccountId>)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_node() {
		let operator = funded::<T>("operator", 0);
		fill_active_index::<T>(T::MaxNodesPerOperator::get());
		for _ in 1..T::MaxNodesPerOperator::get() {
			Compute::<T>::register_node(RawOrigin::Signed(operator.clone()).into(), specs(), ROLES)
				.expect("the operator has room and funds");
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(operator.clone()), specs(), ROLES);

		assert_eq!(OperatorNodes::<T>::get(&operator).len() as u32, T::MaxNodesPerOperator::get());
	}

	#[benchmark]
	fn update_specs() {
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node, specs());

		assert_eq!(Nodes::<T>::get(node).unwrap().specs.gpu_count, 8);
	}

	#[benchmark]
	fn heartbeat() {
		// Worst case: the node comes back from Inactive into a nearly full index.
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);
		Compute::<T>::go_offline(RawOrigin::Signed(operator.clone()).into(), node)
			.expect("the node is active");

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node);

		assert_eq!(Nodes::<T>::get(node).unwrap().status, NodeStatus::Active);
	}

	#[benchmark]
	fn go_offline() {
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node);

		assert_eq!(Nodes::<T>::get(node).unwrap().status, NodeStatus::Inactive);
	}

	#[benchmark]
	fn mark_inactive() {
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);
		let timeout = T::Policy::policy().heartbeat_timeout;
		let lapsed = frame_system::Pallet::<T>::block_number() + timeout.into() + 1u32.into();
		frame_system::Pallet::<T>::set_block_number(lapsed);
		let caller = funded::<T>("caller", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller), node);

		assert_eq!(Nodes::<T>::get(node).unwrap().status, NodeStatus::Inactive);
	}

	#[benchmark]
	fn unregister() {
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node);

		assert_eq!(Nodes::<T>::get(node).unwrap().status, NodeStatus::Leaving);
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);
		Compute::<T>::unregister(RawOrigin::Signed(operator.clone()).into(), node)
			.expect("the node is registered");
		let unbonded = frame_system::Pallet::<T>::block_number() + T::UnbondingPeriod::get();
		frame_system::Pallet::<T>::set_block_number(unbonded);

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node);

		assert!(Nodes::<T>::get(node).is_none());
	}

	#[benchmark]
	fn top_up_bond() {
		let operator = funded::<T>("operator", 0);
		let node = registered::<T>(&operator);
		Compute::<T>::slash(node, Perbill::from_percent(50)).expect("the node is registered");

		#[extrinsic_call]
		_(RawOrigin::Signed(operator), node);

		assert_eq!(Compute::<T>::bond_shortfall(node), Some(Zero::zero()));
	}

	impl_benchmark_test_suite!(Compute, crate::mock::new_test_ext(), crate::mock::Test);
}
