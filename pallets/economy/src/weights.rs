//! Weights for `pallet_economy`, measured by its benchmarks. Do not edit: regenerate them.
//!
//! Generated with the Substrate benchmark CLI 64.0.0 on 2026-11-26.
//! Steps: `50`, repeat: `20`; CPU: `AMD EPYC`;
//! wasm execution: `Compiled`; DB cache: 1024 MiB.
//!
//! The command (see the README, "Pallet weights"):
//! /root/.cache/aicchain/bench-target/release/aicchain-node
//! benchmark
//! pallet
//! --runtime
//! /root/.cache/aicchain/bench-target/release/wbuild/aicchain-runtime/aicchain_runtime.compact.compressed.wasm
//! --genesis-builder-preset
//! development
//! --pallet
//! pallet_economy
//! --extrinsic
//! *
//! --steps
//! 50
//! --repeat
//! 20
//! --template
//! pallets/weight-template.hbs
//! --output
//! pallets/economy/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_economy`.
pub trait WeightInfo {
	/// The weight of `create_escrow`.
	fn create_escrow() -> Weight;
	/// The weight of `release_escrow`.
	fn release_escrow() -> Weight;
	/// The weight of `close_escrow`.
	fn close_escrow() -> Weight;
	/// The weight of `request_subsidy`.
	fn request_subsidy() -> Weight;
	/// The weight of `approve_subsidy`.
	fn approve_subsidy() -> Weight;
	/// The weight of `reject_subsidy`.
	fn reject_subsidy() -> Weight;
}

/// Measured weights, with the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Economy::NextEscrowId` (r:1 w:1)
	/// Proof: `Economy::NextEscrowId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:0 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	fn create_escrow() -> Weight {
		// Proof size: measured `345`, estimated `3593` bytes.
		// Minimum execution time: 59_839_000 picoseconds.
		Weight::from_parts(62_373_000, 3593)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Economy::Escrows` (r:1 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:3 w:3)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Fund` (r:1 w:1)
	/// Proof: `Economy::Fund` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn release_escrow() -> Weight {
		// Proof size: measured `731`, estimated `8799` bytes.
		// Minimum execution time: 114_801_000 picoseconds.
		Weight::from_parts(119_427_000, 8799)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `Economy::Escrows` (r:1 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	/// Storage: `Economy::SubsidyGrants` (r:1 w:1)
	/// Proof: `Economy::SubsidyGrants` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Fund` (r:1 w:1)
	/// Proof: `Economy::Fund` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	fn close_escrow() -> Weight {
		// Proof size: measured `756`, estimated `6196` bytes.
		// Minimum execution time: 71_806_000 picoseconds.
		Weight::from_parts(75_252_000, 6196)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `Economy::SubsidyRequests` (r:1 w:1)
	/// Proof: `Economy::SubsidyRequests` (`max_values`: None, `max_size`: Some(322), added: 2797, mode: `MaxEncodedLen`)
	fn request_subsidy() -> Weight {
		// Proof size: measured `113`, estimated `3787` bytes.
		// Minimum execution time: 11_998_000 picoseconds.
		Weight::from_parts(13_079_000, 3787)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Economy::SubsidyRequests` (r:1 w:1)
	/// Proof: `Economy::SubsidyRequests` (`max_values`: None, `max_size`: Some(322), added: 2797, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Fund` (r:1 w:1)
	/// Proof: `Economy::Fund` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Economy::SubsidyGrants` (r:1 w:1)
	/// Proof: `Economy::SubsidyGrants` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `Economy::NextEscrowId` (r:1 w:1)
	/// Proof: `Economy::NextEscrowId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:0 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	fn approve_subsidy() -> Weight {
		// Proof size: measured `798`, estimated `6196` bytes.
		// Minimum execution time: 73_940_000 picoseconds.
		Weight::from_parts(77_686_000, 6196)
			.saturating_add(T::DbWeight::get().reads(7))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `Economy::SubsidyRequests` (r:1 w:1)
	/// Proof: `Economy::SubsidyRequests` (`max_values`: None, `max_size`: Some(322), added: 2797, mode: `MaxEncodedLen`)
	fn reject_subsidy() -> Weight {
		// Proof size: measured `159`, estimated `3787` bytes.
		// Minimum execution time: 11_177_000 picoseconds.
		Weight::from_parts(12_148_000, 3787)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
}

/// The same weights with ParityDB's database costs, for tests and mocks.
impl WeightInfo for () {
	fn create_escrow() -> Weight {
		Weight::from_parts(62_373_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn release_escrow() -> Weight {
		Weight::from_parts(119_427_000, 8799)
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn close_escrow() -> Weight {
		Weight::from_parts(75_252_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn request_subsidy() -> Weight {
		Weight::from_parts(13_079_000, 3787)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn approve_subsidy() -> Weight {
		Weight::from_parts(77_686_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(7))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
	fn reject_subsidy() -> Weight {
		Weight::from_parts(12_148_000, 3787)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
}
