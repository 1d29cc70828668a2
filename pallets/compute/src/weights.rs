//! Weights for `pallet_compute`, measured by its benchmarks. Do not edit: regenerate them.
//!
//! Generated with the Substrate benchmark CLI 64.0.0 on 2026-11-25.
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
//! pallet_compute
//! --extrinsic
//! *
//! --steps
//! 50
//! --repeat
//! 20
//! --template
//! pallets/weight-template.hbs
//! --output
//! pallets/compute/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_compute`.
pub trait WeightInfo {
	/// The weight of `register_node`.
	fn register_node() -> Weight;
	/// The weight of `update_specs`.
	fn update_specs() -> Weight;
	/// The weight of `heartbeat`.
	fn heartbeat() -> Weight;
	/// The weight of `go_offline`.
	fn go_offline() -> Weight;
	/// The weight of `mark_inactive`.
	fn mark_inactive() -> Weight;
	/// The weight of `unregister`.
	fn unregister() -> Weight;
	/// The weight of `withdraw_unbonded`.
	fn withdraw_unbonded() -> Weight;
	/// The weight of `top_up_bond`.
	fn top_up_bond() -> Weight;
}

/// Measured weights, with the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Compute::NextNodeId` (r:1 w:1)
	/// Proof: `Compute::NextNodeId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OperatorNodes` (r:1 w:1)
	/// Proof: `Compute::OperatorNodes` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Nodes` (r:0 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	fn register_node() -> Weight {
		// Proof size: measured `4745`, estimated `3593` bytes.
		// Minimum execution time: 227_337_000 picoseconds.
		Weight::from_parts(237_034_000, 3593)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	fn update_specs() -> Weight {
		// Proof size: measured `1410`, estimated `3696` bytes.
		// Minimum execution time: 65_462_000 picoseconds.
		Weight::from_parts(76_924_000, 3696)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn heartbeat() -> Weight {
		// Proof size: measured `3446`, estimated `3696` bytes.
		// Minimum execution time: 83_166_000 picoseconds.
		Weight::from_parts(96_191_000, 3696)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn go_offline() -> Weight {
		// Proof size: measured `3450`, estimated `3696` bytes.
		// Minimum execution time: 74_219_000 picoseconds.
		Weight::from_parts(88_375_000, 3696)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(88), added: 583, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn mark_inactive() -> Weight {
		// Proof size: measured `3607`, estimated `3696` bytes.
		// Minimum execution time: 88_597_000 picoseconds.
		Weight::from_parts(108_864_000, 3696)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:1)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	fn unregister() -> Weight {
		// Proof size: measured `3450`, estimated `3696` bytes.
		// Minimum execution time: 87_614_000 picoseconds.
		Weight::from_parts(95_259_000, 3696)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	/// Storage: `Compute::OperatorNodes` (r:1 w:1)
	/// Proof: `Compute::OperatorNodes` (`max_values`: None, `max_size`: Some(113), added: 2588, mode: `MaxEncodedLen`)
	fn withdraw_unbonded() -> Weight {
		// Proof size: measured `3995`, estimated `3696` bytes.
		// Minimum execution time: 171_692_000 picoseconds.
		Weight::from_parts(210_445_000, 3696)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Compute::Nodes` (r:1 w:1)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(231), added: 2706, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(103), added: 2578, mode: `MaxEncodedLen`)
	fn top_up_bond() -> Weight {
		// Proof size: measured `2947`, estimated `3696` bytes.
		// Minimum execution time: 171_792_000 picoseconds.
		Weight::from_parts(205_856_000, 3696)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

/// The same weights with ParityDB's database costs, for tests and mocks.
impl WeightInfo for () {
	fn register_node() -> Weight {
		Weight::from_parts(237_034_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn update_specs() -> Weight {
		Weight::from_parts(76_924_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn heartbeat() -> Weight {
		Weight::from_parts(96_191_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn go_offline() -> Weight {
		Weight::from_parts(88_375_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn mark_inactive() -> Weight {
		Weight::from_parts(108_864_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn unregister() -> Weight {
		Weight::from_parts(95_259_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn withdraw_unbonded() -> Weight {
		Weight::from_parts(210_445_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn top_up_bond() -> Weight {
		Weight::from_parts(205_856_000, 3696)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
}
