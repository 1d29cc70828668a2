//! Weights for `pallet_reporting`, measured by its benchmarks. Do not edit: regenerate them.
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
//! pallet_reporting
//! --extrinsic
//! *
//! --steps
//! 50
//! --repeat
//! 20
//! --template
//! pallets/weight-template.hbs
//! --output
//! pallets/reporting/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_reporting`.
pub trait WeightInfo {
	/// The weight of `commit_report`.
	fn commit_report() -> Weight;
	/// The weight of `reveal_report`.
	fn reveal_report() -> Weight;
	/// The weight of `report_missed`.
	fn report_missed() -> Weight;
	/// The weight of `submit_audit`.
	fn submit_audit() -> Weight;
	/// The weight of `reinstate`.
	fn reinstate() -> Weight;
}

/// Measured weights, with the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::EpochLength` (r:1 w:0)
	/// Proof: `Reporting::EpochLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Commitments` (r:1 w:1)
	/// Proof: `Reporting::Commitments` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:1 w:1)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn commit_report() -> Weight {
		// Proof size: measured `594`, estimated `3762` bytes.
		// Minimum execution time: 41_422_000 picoseconds.
		Weight::from_parts(44_155_000, 3762)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Compute::Nodes` (r:1 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Commitments` (r:1 w:1)
	/// Proof: `Reporting::Commitments` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::EpochLength` (r:1 w:0)
	/// Proof: `Reporting::EpochLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Reports` (r:0 w:1)
	/// Proof: `Reporting::Reports` (`max_values`: None, `max_size`: Some(34), added: 2509, mode: `MaxEncodedLen`)
	fn reveal_report() -> Weight {
		// Proof size: measured `558`, estimated `3762` bytes.
		// Minimum execution time: 27_310_000 picoseconds.
		Weight::from_parts(29_383_000, 3762)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Reporting::Commitments` (r:1 w:1)
	/// Proof: `Reporting::Commitments` (`max_values`: None, `max_size`: Some(48), added: 2523, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::EpochLength` (r:1 w:0)
	/// Proof: `Reporting::EpochLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:1 w:1)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn report_missed() -> Weight {
		// Proof size: measured `594`, estimated `3762` bytes.
		// Minimum execution time: 37_385_000 picoseconds.
		Weight::from_parts(39_749_000, 3762)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Reporting::Reports` (r:1 w:1)
	/// Proof: `Reporting::Reports` (`max_values`: None, `max_size`: Some(34), added: 2509, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:1 w:1)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:2 w:2)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Fund` (r:1 w:1)
	/// Proof: `Economy::Fund` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn submit_audit() -> Weight {
		// Proof size: measured `1041`, estimated `6196` bytes.
		// Minimum execution time: 93_439_000 picoseconds.
		Weight::from_parts(97_134_000, 6196)
			.saturating_add(T::DbWeight::get().reads(9))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:1 w:1)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::EpochLength` (r:1 w:0)
	/// Proof: `Reporting::EpochLength` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Probation` (r:0 w:1)
	/// Proof: `Reporting::Probation` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	fn reinstate() -> Weight {
		// Proof size: measured `483`, estimated `3762` bytes.
		// Minimum execution time: 32_979_000 picoseconds.
		Weight::from_parts(35_232_000, 3762)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// The same weights with ParityDB's database costs, for tests and mocks.
impl WeightInfo for () {
	fn commit_report() -> Weight {
		Weight::from_parts(44_155_000, 3762)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn reveal_report() -> Weight {
		Weight::from_parts(29_383_000, 3762)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn report_missed() -> Weight {
		Weight::from_parts(39_749_000, 3762)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn submit_audit() -> Weight {
		Weight::from_parts(97_134_000, 6196)
			.saturating_add(ParityDbWeight::get().reads(9))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
	fn reinstate() -> Weight {
		Weight::from_parts(35_232_000, 3762)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
}
