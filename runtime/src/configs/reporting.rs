//! `pallet_reporting`: commit-reveal performance reports, audits, trust and slashing.

use aicchain_primitives::matching::trust;
use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{AccountId, Balance, Runtime, AICG};

parameter_types! {
	/// A new node starts half trusted.
	pub const InitialTrust: Perbill = trust::INITIAL;
	/// The newest outcome weighs a quarter: from 50%, one dishonest or missed report takes a
	/// node to 37.5%, under the default threshold of 40%.
	pub const TrustSmoothing: Perbill = trust::SMOOTHING;
	/// AICG for each honest audited report.
	pub const HonestReportReward: Balance = AICG;
}

impl pallet_reporting::Config for Runtime {
	type Balance = Balance;
	type Registry = crate::Compute;
	type Economy = crate::Economy;
	type Policy = crate::Governance;
	/// Root (sudo) audits until the validators of training rounds do.
	type AuditOrigin = EnsureRoot<AccountId>;
	type InitialTrust = InitialTrust;
	type TrustSmoothing = TrustSmoothing;
	type HonestReportReward = HonestReportReward;
	/// Ten epochs without AICG rewards after a reinstatement.
	type ProbationEpochs = ConstU32<10>;
	type WeightInfo = pallet_reporting::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NodeOfAnOperator;
}

#[cfg(feature = "runtime-benchmarks")]
pub use benchmark_helper::NodeOfAnOperator;

#[cfg(feature = "runtime-benchmarks")]
mod benchmark_helper {
	use aicchain_primitives::{NodeId, NodeSpecs, Roles};
	use alloc::vec::Vec;
	use frame_support::traits::fungible::Mutate;

	use crate::{AccountId, Balance, Balances, Compute, RuntimeOrigin, AICC};

	/// Registers real compute nodes for the reporting and training benchmarks.
	pub struct NodeOfAnOperator;

	impl pallet_reporting::BenchmarkHelper<AccountId> for NodeOfAnOperator {
		fn register_node(operator: &AccountId) -> NodeId {
			Balances::set_balance(operator, 1_000_000 * AICC);
			let specs = NodeSpecs {
				gpu_count: 1,
				gpu_model: b"NVIDIA H100".to_vec(),
				gpu_memory_gib: 80,
				cpu_cores: 16,
				memory_gib: 128,
				bandwidth_mbps: 10_000,
				latency_ms: 20,
				gflops_per_watt: 50,
				renewable_percent: 60,
				region: b"eu-west".to_vec(),
				artifact_url: Vec::new(),
			};
			let roles = Roles { trainer: true, validator: true };
			Compute::register_node(RuntimeOrigin::signed(operator.clone()), specs, roles)
				.expect("a funded operator can register a node");
			pallet_compute::NextNodeId::<crate::Runtime>::get() - 1
		}
	}

	impl pallet_training::BenchmarkHelper<AccountId, Balance> for NodeOfAnOperator {
		fn register_node(operator: &AccountId) -> NodeId {
			<Self as pallet_reporting::BenchmarkHelper<AccountId>>::register_node(operator)
		}

		fn fund(who: &AccountId, amount: Balance) {
			Balances::set_balance(who, amount.saturating_add(AICC));
		}

		fn set_learned_matching(net: aicchain_primitives::PolicyNet) {
			use codec::Encode;
			let publisher: AccountId = frame_benchmarking::account("publisher", 0, 0);
			crate::Aicg::set_balance(&publisher, 100 * crate::AICG);
			let bytes = net.encode();
			let hash = aicchain_primitives::PolicyNet::hash_of(&bytes);
			crate::Governance::publish_policy(RuntimeOrigin::signed(publisher), bytes)
				.expect("a funded publisher publishes a valid policy");
			let change = pallet_governance::PolicyChange::LearnedMatching(Some(hash));
			crate::Governance::set_policy(RuntimeOrigin::root(), change)
				.expect("root switches to a published policy");
		}
	}
}
