//! `pallet_transaction_payment`: fees, paid in AICC only. Fees are burned for now; the
//! community fund takes its share once `pallet-economy` lands.

use frame_support::{
	parameter_types,
	weights::{ConstantMultiplier, IdentityFee},
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

use crate::{Balance, Balances, Runtime, RuntimeEvent, AICC};

parameter_types! {
	/// Fees do not rise with congestion (yet): the multiplier stays at one.
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// Each byte of a transaction costs one micro-AICC.
	pub const TransactionByteFee: Balance = AICC / 1_000_000;
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	/// One smallest AICC unit per picosecond of reference time.
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = ConstantMultiplier<Balance, TransactionByteFee>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	/// Operational transactions rank in the pool as if they had paid five times their fee.
	type OperationalFeeMultiplier = frame_support::traits::ConstU8<5>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}
