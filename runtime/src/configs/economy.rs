//! `pallet_economy`: escrow, payments with the community-fund cut, subsidies, AICG issuance.

use frame_support::{parameter_types, traits::ConstU32, PalletId};
use frame_system::EnsureRoot;

use crate::{AccountId, BlockNumber, Runtime, RuntimeHoldReason, DAYS};

parameter_types! {
	/// The community fund's account is derived from this id.
	pub const FundPalletId: PalletId = PalletId(*b"aic/fund");
	/// AICG issuance is capped per day.
	pub const AicgEraLength: BlockNumber = DAYS;
}

impl pallet_economy::Config for Runtime {
	type Currency = crate::Balances;
	type Governance = crate::Aicg;
	type RuntimeHoldReason = RuntimeHoldReason;
	type FundPalletId = FundPalletId;
	/// The fund rate is network policy.
	type Policy = crate::Governance;
	/// Root (sudo) until governance decides subsidies.
	type SubsidyOrigin = EnsureRoot<AccountId>;
	type EraLength = AicgEraLength;
	type MaxPurposeLen = ConstU32<256>;
	type WeightInfo = pallet_economy::weights::SubstrateWeight<Runtime>;
}
