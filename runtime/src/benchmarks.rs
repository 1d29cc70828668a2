//! The pallets whose weights `aicchain-node benchmark pallet` measures (see the README).
//! `apis.rs` expands `list_benchmarks!` and `add_benchmarks!` with this module's names in scope.

pub use crate::{
	Aicg, Balances, Compute, Economy, Governance, Reporting, Runtime, Sudo, Timestamp, Training,
};
pub use frame_system_benchmarking::Pallet as SystemBench;

impl frame_system_benchmarking::Config for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_balances, Aicg]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_compute, Compute]
	[pallet_economy, Economy]
	[pallet_governance, Governance]
	[pallet_reporting, Reporting]
	[pallet_training, Training]
);
