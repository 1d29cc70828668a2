//! `pallet_balances` (`Instance2`): AICG, the governance token. It pays no fees; it is earned
//! by validated work and frozen while voting.

use frame_support::{
	parameter_types,
	traits::{ConstU32, VariantCountOf},
};

use crate::{Balance, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, AICG};

/// The ledger instance that holds AICG.
pub type AicgInstance = pallet_balances::Instance2;

parameter_types! {
	/// The least AICG an account must hold for its AICG entry to exist: 0.001 AICG.
	pub const AicgExistentialDeposit: Balance = AICG / 1_000;
}

impl pallet_balances::Config<AicgInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = AicgExistentialDeposit;
	/// AICG balances live in this instance's own `Account` map, beside (not in) the system
	/// account record that holds AICC.
	type AccountStore = frame_support::traits::StorageMapShim<
		pallet_balances::Account<Runtime, AicgInstance>,
		crate::AccountId,
		pallet_balances::AccountData<Balance>,
	>;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}
