//! Weights for `pallet_training`. Provisional: regenerate them with the benchmarks (see the
//! README, "Pallet weights").

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_training`.
pub trait WeightInfo {
	/// The weight of `create_job`, matching among `n` candidates.
	fn create_job(n: u32) -> Weight;
	/// The weight of `submit_update`.
	fn submit_update() -> Weight;
	/// The weight of `submit_verdict`, without the settlement a last verdict may start.
	fn submit_verdict() -> Weight;
	/// The weight of `submit_merge`: settling a round and matching the next among `n`.
	fn submit_merge(n: u32) -> Weight;
	/// The weight of `continue_job`, matching among `n` candidates.
	fn continue_job(n: u32) -> Weight;
	/// The weight of `cancel_job`.
	fn cancel_job() -> Weight;
	/// The weight of ending one round's phase at its deadline: settling it and matching the
	/// next among `n`.
	fn on_deadline(n: u32) -> Weight;
}

/// For tests: every call weighs nothing.
impl WeightInfo for () {
	fn create_job(_: u32) -> Weight { Weight::zero() }
	fn submit_update() -> Weight { Weight::zero() }
	fn submit_verdict() -> Weight { Weight::zero() }
	fn submit_merge(_: u32) -> Weight { Weight::zero() }
	fn continue_job(_: u32) -> Weight { Weight::zero() }
	fn cancel_job() -> Weight { Weight::zero() }
	fn on_deadline(_: u32) -> Weight { Weight::zero() }
}

/// Provisional weights until the benchmarks run.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_job(n: u32) -> Weight { Weight::from_parts(500_000_000 + 2_000_000 * n as u64, 20_000).saturating_add(T::DbWeight::get().reads_writes(10 + 2 * n as u64, 10)) }
	fn submit_update() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 2)) }
	fn submit_verdict() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 2)) }
	fn submit_merge(n: u32) -> Weight { Self::on_deadline(n) }
	fn continue_job(n: u32) -> Weight { Self::create_job(n) }
	fn cancel_job() -> Weight { Weight::from_parts(100_000_000, 10_000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn on_deadline(n: u32) -> Weight { Weight::from_parts(2_000_000_000 + 2_000_000 * n as u64, 50_000).saturating_add(T::DbWeight::get().reads_writes(60 + 2 * n as u64, 60)) }
}
