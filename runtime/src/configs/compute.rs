//! `pallet_compute`: the compute-node registry.

use frame_support::{parameter_types, traits::ConstU32};

use crate::{Balance, BlockNumber, Runtime, RuntimeHoldReason, AICC, DAYS};

parameter_types! {
	/// AICC held per registered node: what a node's word is worth.
	pub const NodeBond: Balance = 1_000 * AICC;
	/// A day between unregistering and getting the bond back: late reports and audits of the
	/// node's last work can still reach its bond.
	pub const UnbondingPeriod: BlockNumber = DAYS;
	/// Matching reads at most this many nodes per round.
	pub const MaxActiveNodes: u32 = 512;
}

impl pallet_compute::Config for Runtime {
	type Currency = crate::Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type NodeBond = NodeBond;
	/// The heartbeat timeout is network policy.
	type Policy = crate::Governance;
	/// Slashed bonds go to the community fund.
	type OnSlash = crate::Economy;
	type UnbondingPeriod = UnbondingPeriod;
	type MaxNodesPerOperator = ConstU32<16>;
	type MaxActiveNodes = MaxActiveNodes;
	type WeightInfo = pallet_compute::weights::SubstrateWeight<Runtime>;
}
