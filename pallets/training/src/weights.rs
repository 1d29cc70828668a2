//! Weights for `pallet_training`, measured by its benchmarks. Do not edit: regenerate them.
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
//! pallet_training
//! --extrinsic
//! *
//! --steps
//! 50
//! --repeat
//! 20
//! --template
//! pallets/weight-template.hbs
//! --output
//! pallets/training/src/weights.rs

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]

use frame_support::{traits::Get, weights::{Weight, constants::ParityDbWeight}};
use core::marker::PhantomData;

/// The weight of each call of `pallet_training`.
pub trait WeightInfo {
	/// The weight of `create_job`.
	fn create_job(n: u32, ) -> Weight;
	/// The weight of `submit_update`.
	fn submit_update() -> Weight;
	/// The weight of `submit_verdict`.
	fn submit_verdict() -> Weight;
	/// The weight of `submit_merge`.
	fn submit_merge(n: u32, ) -> Weight;
	/// The weight of `continue_job`.
	fn continue_job(n: u32, ) -> Weight;
	/// The weight of `cancel_job`.
	fn cancel_job() -> Weight;
	/// The weight of `on_deadline`.
	fn on_deadline(n: u32, ) -> Weight;
}

/// Measured weights, with the runtime's database costs.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	/// Storage: `Training::NextJobId` (r:1 w:1)
	/// Proof: `Training::NextJobId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Economy::NextEscrowId` (r:1 w:1)
	/// Proof: `Economy::NextEscrowId` (`max_values`: Some(1), `max_size`: Some(4), added: 499, mode: `MaxEncodedLen`)
	/// Storage: `System::ParentHash` (r:1 w:0)
	/// Proof: `System::ParentHash` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Training::Rounds` (r:1 w:1)
	/// Proof: `Training::Rounds` (`max_values`: None, `max_size`: Some(1233), added: 3708, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:0)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Nodes` (r:66 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:66 w:0)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Governance::PublishedPolicies` (r:1 w:0)
	/// Proof: `Governance::PublishedPolicies` (`max_values`: None, `max_size`: Some(4178), added: 6653, mode: `MaxEncodedLen`)
	/// Storage: `Training::Workload` (r:66 w:8)
	/// Proof: `Training::Workload` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Training::Deadlines` (r:1 w:1)
	/// Proof: `Training::Deadlines` (`max_values`: None, `max_size`: Some(77), added: 2552, mode: `MaxEncodedLen`)
	/// Storage: `Training::Jobs` (r:0 w:1)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:0 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	fn create_job(n: u32, ) -> Weight {
		// Proof size: measured `5312`, estimated `7643` bytes.
		// Minimum execution time: 192_625_000 picoseconds.
		Weight::from_parts(135_638_477, 7643)
			.saturating_add(Weight::from_parts(20_456_796, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(16))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(15))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
	/// Storage: `Compute::Nodes` (r:1 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Training::Jobs` (r:1 w:0)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Training::Rounds` (r:1 w:1)
	/// Proof: `Training::Rounds` (`max_values`: None, `max_size`: Some(1233), added: 3708, mode: `MaxEncodedLen`)
	fn submit_update() -> Weight {
		// Proof size: measured `1309`, estimated `4698` bytes.
		// Minimum execution time: 36_113_000 picoseconds.
		Weight::from_parts(39_499_000, 4698)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	/// Storage: `Compute::Nodes` (r:1 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Training::Jobs` (r:1 w:1)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Training::Rounds` (r:1 w:1)
	/// Proof: `Training::Rounds` (`max_values`: None, `max_size`: Some(1233), added: 3708, mode: `MaxEncodedLen`)
	/// Storage: `Training::Deadlines` (r:2 w:2)
	/// Proof: `Training::Deadlines` (`max_values`: None, `max_size`: Some(77), added: 2552, mode: `MaxEncodedLen`)
	fn submit_verdict() -> Weight {
		// Proof size: measured `2303`, estimated `6094` bytes.
		// Minimum execution time: 52_968_000 picoseconds.
		Weight::from_parts(56_814_000, 6094)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Compute::Nodes` (r:66 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Training::Jobs` (r:1 w:1)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Training::Rounds` (r:1 w:2)
	/// Proof: `Training::Rounds` (`max_values`: None, `max_size`: Some(1233), added: 3708, mode: `MaxEncodedLen`)
	/// Storage: `Training::Deadlines` (r:2 w:2)
	/// Proof: `Training::Deadlines` (`max_values`: None, `max_size`: Some(77), added: 2552, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:1 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:10 w:10)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Fund` (r:1 w:1)
	/// Proof: `Economy::Fund` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Economy::AicgIssued` (r:1 w:1)
	/// Proof: `Economy::AicgIssued` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Economy::AicgEraCap` (r:1 w:0)
	/// Proof: `Economy::AicgEraCap` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:8 w:8)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:66 w:8)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Training::Workload` (r:64 w:8)
	/// Proof: `Training::Workload` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:0)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	/// Storage: `Governance::PublishedPolicies` (r:1 w:0)
	/// Proof: `Governance::PublishedPolicies` (`max_values`: None, `max_size`: Some(4178), added: 6653, mode: `MaxEncodedLen`)
	fn submit_merge(n: u32, ) -> Weight {
		// Proof size: measured `8599`, estimated `27020` bytes.
		// Minimum execution time: 1_786_019_000 picoseconds.
		Weight::from_parts(1_637_867_707, 27020)
			.saturating_add(Weight::from_parts(19_664_546, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(34))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(43))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
	/// Storage: `Training::Jobs` (r:1 w:1)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Training::Rounds` (r:1 w:1)
	/// Proof: `Training::Rounds` (`max_values`: None, `max_size`: Some(1233), added: 3708, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:0)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Nodes` (r:66 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:66 w:0)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Governance::PublishedPolicies` (r:1 w:0)
	/// Proof: `Governance::PublishedPolicies` (`max_values`: None, `max_size`: Some(4178), added: 6653, mode: `MaxEncodedLen`)
	/// Storage: `Training::Workload` (r:64 w:8)
	/// Proof: `Training::Workload` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:1 w:0)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	/// Storage: `Training::Deadlines` (r:1 w:1)
	/// Proof: `Training::Deadlines` (`max_values`: None, `max_size`: Some(77), added: 2552, mode: `MaxEncodedLen`)
	fn continue_job(n: u32, ) -> Weight {
		// Proof size: measured `5242`, estimated `7643` bytes.
		// Minimum execution time: 119_147_000 picoseconds.
		Weight::from_parts(105_717_472, 7643)
			.saturating_add(Weight::from_parts(18_017_120, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(11))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(10))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
	/// Storage: `Training::Jobs` (r:1 w:1)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:1 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	/// Storage: `Economy::SubsidyGrants` (r:1 w:0)
	/// Proof: `Economy::SubsidyGrants` (`max_values`: None, `max_size`: Some(52), added: 2527, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:1 w:1)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	fn cancel_job() -> Weight {
		// Proof size: measured `1032`, estimated `3902` bytes.
		// Minimum execution time: 70_445_000 picoseconds.
		Weight::from_parts(73_589_000, 3902)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	/// Storage: `Training::Jobs` (r:1 w:1)
	/// Proof: `Training::Jobs` (`max_values`: None, `max_size`: Some(437), added: 2912, mode: `MaxEncodedLen`)
	/// Storage: `Training::Rounds` (r:1 w:2)
	/// Proof: `Training::Rounds` (`max_values`: None, `max_size`: Some(1233), added: 3708, mode: `MaxEncodedLen`)
	/// Storage: `Governance::Policy` (r:1 w:0)
	/// Proof: `Governance::Policy` (`max_values`: Some(1), `max_size`: Some(121), added: 616, mode: `MaxEncodedLen`)
	/// Storage: `Compute::Nodes` (r:66 w:0)
	/// Proof: `Compute::Nodes` (`max_values`: None, `max_size`: Some(297), added: 2772, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Escrows` (r:1 w:1)
	/// Proof: `Economy::Escrows` (`max_values`: None, `max_size`: Some(62), added: 2537, mode: `MaxEncodedLen`)
	/// Storage: `System::Account` (r:10 w:10)
	/// Proof: `System::Account` (`max_values`: None, `max_size`: Some(128), added: 2603, mode: `MaxEncodedLen`)
	/// Storage: `Balances::Holds` (r:1 w:1)
	/// Proof: `Balances::Holds` (`max_values`: None, `max_size`: Some(121), added: 2596, mode: `MaxEncodedLen`)
	/// Storage: `Economy::Fund` (r:1 w:1)
	/// Proof: `Economy::Fund` (`max_values`: Some(1), `max_size`: Some(32), added: 527, mode: `MaxEncodedLen`)
	/// Storage: `Economy::AicgIssued` (r:1 w:1)
	/// Proof: `Economy::AicgIssued` (`max_values`: Some(1), `max_size`: Some(20), added: 515, mode: `MaxEncodedLen`)
	/// Storage: `Economy::AicgEraCap` (r:1 w:0)
	/// Proof: `Economy::AicgEraCap` (`max_values`: Some(1), `max_size`: Some(16), added: 511, mode: `MaxEncodedLen`)
	/// Storage: `Aicg::Account` (r:8 w:8)
	/// Proof: `Aicg::Account` (`max_values`: None, `max_size`: Some(112), added: 2587, mode: `MaxEncodedLen`)
	/// Storage: `Reporting::Trust` (r:66 w:8)
	/// Proof: `Reporting::Trust` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Training::Workload` (r:64 w:9)
	/// Proof: `Training::Workload` (`max_values`: None, `max_size`: Some(16), added: 2491, mode: `MaxEncodedLen`)
	/// Storage: `Compute::ActiveNodes` (r:1 w:0)
	/// Proof: `Compute::ActiveNodes` (`max_values`: Some(1), `max_size`: Some(2050), added: 2545, mode: `MaxEncodedLen`)
	/// Storage: `Governance::PublishedPolicies` (r:1 w:0)
	/// Proof: `Governance::PublishedPolicies` (`max_values`: None, `max_size`: Some(4178), added: 6653, mode: `MaxEncodedLen`)
	/// Storage: `Training::Deadlines` (r:1 w:1)
	/// Proof: `Training::Deadlines` (`max_values`: None, `max_size`: Some(77), added: 2552, mode: `MaxEncodedLen`)
	fn on_deadline(n: u32, ) -> Weight {
		// Proof size: measured `8599`, estimated `27020` bytes.
		// Minimum execution time: 1_651_209_000 picoseconds.
		Weight::from_parts(1_459_636_387, 27020)
			.saturating_add(Weight::from_parts(19_355_860, 0).saturating_mul(n.into()))
			.saturating_add(T::DbWeight::get().reads(33))
			.saturating_add(T::DbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(T::DbWeight::get().writes(43))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
}

/// The same weights with ParityDB's database costs, for tests and mocks.
impl WeightInfo for () {
	fn create_job(n: u32, ) -> Weight {
		Weight::from_parts(135_638_477, 7643)
			.saturating_add(Weight::from_parts(20_456_796, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(16))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(15))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
	fn submit_update() -> Weight {
		Weight::from_parts(39_499_000, 4698)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn submit_verdict() -> Weight {
		Weight::from_parts(56_814_000, 6094)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn submit_merge(n: u32, ) -> Weight {
		Weight::from_parts(1_637_867_707, 27020)
			.saturating_add(Weight::from_parts(19_664_546, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(34))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(43))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
	fn continue_job(n: u32, ) -> Weight {
		Weight::from_parts(105_717_472, 7643)
			.saturating_add(Weight::from_parts(18_017_120, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(11))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(10))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
	fn cancel_job() -> Weight {
		Weight::from_parts(73_589_000, 3902)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn on_deadline(n: u32, ) -> Weight {
		Weight::from_parts(1_459_636_387, 27020)
			.saturating_add(Weight::from_parts(19_355_860, 0).saturating_mul(n.into()))
			.saturating_add(ParityDbWeight::get().reads(33))
			.saturating_add(ParityDbWeight::get().reads((3_u64).saturating_mul(n.into())))
			.saturating_add(ParityDbWeight::get().writes(43))
			.saturating_add(Weight::from_parts(0, 2772).saturating_mul(n.into()))
	}
}
