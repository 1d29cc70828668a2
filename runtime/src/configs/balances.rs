//! `pallet_balances` (default instance): AICC, the native token. Fees, bonds, job budgets and
//! rewards are paid in it.

use frame_support::{
	parameter_types,
	traits::{ConstU32, VariantCountOf},
};

use crate::{Balance, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System, AICC};

parameter_types! {
	/// The least AICC an account must hold to exist: 0.001 AICC.
	pub const AiccExistentialDeposit: Balance = AICC / 1_000;
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = AiccExistentialDeposit;
	/// AICC balances live in the `frame_system` account record.
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}
