//! Weights for `pallet_governance`, measured by its benchmarks. Do not edit: regenerate them.
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
//! pallet_governance
//! --extrinsic
//! *
//! --steps
//! 50
//! --repeat
//! 20
//! --template
//! pallets/weight-template.hbs
//! --output
//! pallets/governance/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_governance`.
pub trait WeightInfo {
	/// The weight of `propose`.
	fn propose() -> Weight;
	/// The weight of `vote`.
	fn vote() -> Weight;
	/// The weight of `close`.
	fn close() -> Weight;
	/// The weight of `unlock`.
	fn unlock() -> Weight;
	/// The weight of `set_policy`.
	fn set_policy() -> Weight;
	/// The weight of `publish_policy`.
	fn publish_policy(b: u32, ) -> Weight;
	/// The weight of `unpublish_policy`.
	fn unpublish_policy(p: u32, ) -> Weight;
}

/// Measured weights, with the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Governance::OpenProposals` (r:1 w:1)
	/// Proof: `Governance::OpenProposals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Governance::NextProposalId` (r:1 w:1)
	/// Proof: `Governance::NextProposalId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:1 w:1)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Holds` (r:1 w:1)
	/// Proof: `Aicg::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Proposals` (r:0 w:1)
	/// Proof: `Governance::Proposals` (`max_values`: None, `max_size`: Some(153), added: 2628, mode: `MaxEncodedLen`)
	fn propose() -> Weight {
		// Proof size: measured `740`, estimated `3593` bytes.
		// Minimum execution time: 59_679_000 picoseconds.
		Weight::from_parts(62_523_000, 3593)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `Governance::Proposals` (r:1 w:1)
	/// Proof: `Governance::Proposals` (`max_values`: None, `max_size`: Some(153), added: 2628, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Votes` (r:1 w:1)
	/// Proof: `Governance::Votes` (`max_values`: None, `max_size`: Some(449), added: 2924, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:1 w:1)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Freezes` (r:1 w:1)
	/// Proof: `Aicg::Freezes` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Locks` (r:1 w:0)
	/// Proof: `Aicg::Locks` (`max_values`: None, `max_size`: Some(1299), added: 3774, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:0)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn vote() -> Weight {
		// Proof size: measured `1671`, estimated `4764` bytes.
		// Minimum execution time: 50_636_000 picoseconds.
		Weight::from_parts(53_810_000, 4764)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Governance::Proposals` (r:1 w:1)
	/// Proof: `Governance::Proposals` (`max_values`: None, `max_size`: Some(153), added: 2628, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:1 w:1)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Holds` (r:1 w:1)
	/// Proof: `Aicg::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Governance::OpenProposals` (r:1 w:1)
	/// Proof: `Governance::OpenProposals` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:1)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	fn close() -> Weight {
		// Proof size: measured `1037`, estimated `3618` bytes.
		// Minimum execution time: 64_425_000 picoseconds.
		Weight::from_parts(68_311_000, 3618)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(6))
	}
	/// Storage: `Governance::Votes` (r:1 w:1)
	/// Proof: `Governance::Votes` (`max_values`: None, `max_size`: Some(449), added: 2924, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Freezes` (r:1 w:1)
	/// Proof: `Aicg::Freezes` (`max_values`: None, `max_size`: Some(67), added: 2542, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:1 w:1)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Locks` (r:1 w:0)
	/// Proof: `Aicg::Locks` (`max_values`: None, `max_size`: Some(1299), added: 3774, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn unlock() -> Weight {
		// Proof size: measured `1269`, estimated `4764` bytes.
		// Minimum execution time: 40_400_000 picoseconds.
		Weight::from_parts(43_214_000, 4764)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Governance::Policy` (r:1 w:1)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	fn set_policy() -> Weight {
		// Proof size: measured `158`, estimated `1606` bytes.
		// Minimum execution time: 14_181_000 picoseconds.
		Weight::from_parts(15_203_000, 1606)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Governance::PublishedPolicies` (r:1 w:1)
	/// Proof: `Governance::PublishedPolicies` (`max_values`: None, `max_size`: Some(4178), added: 6653, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:1 w:1)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Holds` (r:1 w:1)
	/// Proof: `Aicg::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	fn publish_policy(b: u32, ) -> Weight {
		// Proof size: measured `621`, estimated `7643` bytes.
		// Minimum execution time: 55_793_000 picoseconds.
		Weight::from_parts(57_849_521, 7643)
			.saturating_add(Weight::from_parts(7_593, 0).saturating_mul(b.into()))
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Governance::PublishedPolicies` (r:1 w:1)
	/// Proof: `Governance::PublishedPolicies` (`max_values`: None, `max_size`: Some(4178), added: 6653, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Proposals` (r:17 w:0)
	/// Proof: `Governance::Proposals` (`max_values`: None, `max_size`: Some(153), added: 2628, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:1 w:1)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Holds` (r:1 w:1)
	/// Proof: `Aicg::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	fn unpublish_policy(p: u32, ) -> Weight {
		// Proof size: measured `4875`, estimated `7643` bytes.
		// Minimum execution time: 55_813_000 picoseconds.
		Weight::from_parts(64_207_359, 7643)
			.saturating_add(Weight::from_parts(3_749_011, 0).saturating_mul(p.into()))
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(T::DbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 2628).saturating_mul(p.into()))
	}
}

/// The same weights with ParityDB's database costs, for tests and mocks.
impl WeightInfo for () {
	fn propose() -> Weight {
		Weight::from_parts(62_523_000, 3593)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn vote() -> Weight {
		Weight::from_parts(53_810_000, 4764)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn close() -> Weight {
		Weight::from_parts(68_311_000, 3618)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(6))
	}
	fn unlock() -> Weight {
		Weight::from_parts(43_214_000, 4764)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_policy() -> Weight {
		Weight::from_parts(15_203_000, 1606)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn publish_policy(b: u32, ) -> Weight {
		Weight::from_parts(57_849_521, 7643)
			.saturating_add(Weight::from_parts(7_593, 0).saturating_mul(b.into()))
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn unpublish_policy(p: u32, ) -> Weight {
		Weight::from_parts(64_207_359, 7643)
			.saturating_add(Weight::from_parts(3_749_011, 0).saturating_mul(p.into()))
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().reads((1_u64).saturating_mul(p.into())))
			.saturating_add(ParityDbWeight::get().writes(4))
			.saturating_add(Weight::from_parts(0, 2628).saturating_mul(p.into()))
	}
}
