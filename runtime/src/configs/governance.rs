//! `pallet_governance`: AICG-weighted votes on the network policy.

use frame_support::{parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::Perbill;

use crate::{AccountId, Balance, Runtime, RuntimeFreezeReason, RuntimeHoldReason, AICG};

parameter_types! {
	/// AICG held per open proposal: returned when the vote reaches quorum, burned when not.
	pub const ProposalDeposit: Balance = 10 * AICG;
	/// A vote counts when a tenth of all AICG takes part.
	pub const Quorum: Perbill = Perbill::from_percent(10);
	/// And passes with more than half of the AICG that took part.
	pub const Approval: Perbill = Perbill::from_percent(50);
	/// AICG held per byte of a published policy network: about 10 AICG for one of 16 units,
	/// 38 for the largest.
	pub const PolicyByteDeposit: Balance = AICG / 100;
}

impl pallet_governance::Config for Runtime {
	type Currency = crate::Aicg;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ProposalDeposit = ProposalDeposit;
	type Quorum = Quorum;
	type Approval = Approval;
	type PolicyByteDeposit = PolicyByteDeposit;
	type MaxOpenProposals = ConstU32<16>;
	type MaxVotesPerAccount = ConstU32<16>;
	/// Root (sudo) may change the policy without a vote, in an emergency.
	type EmergencyOrigin = EnsureRoot<AccountId>;
	type WeightInfo = pallet_governance::weights::SubstrateWeight<Runtime>;
}
