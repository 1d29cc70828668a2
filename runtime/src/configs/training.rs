//! `pallet_training`: jobs, matching, verdicts and settlement.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{Balance, BlockNumber, Runtime, AICC, AICG, MINUTES};

use super::compute::MaxActiveNodes;

parameter_types! {
	/// A Normal-priority round trains and is judged within ten minutes (High: five, Low: 40).
	pub const RoundDuration: BlockNumber = 10 * MINUTES;
	/// The merger has two minutes.
	pub const MergeDuration: BlockNumber = 2 * MINUTES;
	/// A round pays out at least 1 AICC.
	pub const MinRoundReward: Balance = AICC;
	/// 1 AICG for each accepted update and each agreeing validator.
	pub const WorkReward: Balance = AICG;
}

impl pallet_training::Config for Runtime {
	type Balance = Balance;
	type Registry = crate::Compute;
	type Economy = crate::Economy;
	type Policy = crate::Governance;
	type Trust = crate::Reporting;
	type RoundDuration = RoundDuration;
	type MergeDuration = MergeDuration;
	type MaxRounds = ConstU32<100>;
	type MaxTrainers = ConstU32<8>;
	type MaxValidators = ConstU32<4>;
	/// Matching ranks at most the registry's active nodes.
	type MaxCandidates = MaxActiveNodes;
	type MaxLocationLen = ConstU32<256>;
	type MaxDeadlinesPerBlock = ConstU32<16>;
	type MinRoundReward = MinRoundReward;
	type WorkReward = WorkReward;
	type WeightInfo = pallet_training::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = super::reporting::NodeOfAnOperator;
}
