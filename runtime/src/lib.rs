//! # The AICChain runtime
//!
//! The state-transition function of AICChain: two token ledgers, block production, finality,
//! fees, the compute-node registry ([`Compute`]), the economic rules of both tokens
//! ([`Economy`]), AICG-weighted votes on the network policy ([`Governance`]), truthful
//! performance reporting with audits and trust scores ([`Reporting`]), training jobs
//! ([`Training`]) and the off-chain worker that does their work with the node's trainer
//! ([`Worker`]).
//!
//! - **AICC** is the native token ([`Balances`], `pallet-balances` default instance): fees,
//!   bonds, job budgets, rewards.
//! - **AICG** is the governance token ([`Aicg`], a second `pallet-balances` instance): earned by
//!   validated work, frozen while voting, never used for fees. polkadot.js shows it as
//!   `api.tx.aicg.*` and `api.query.aicg.*`.
//! - Blocks are authored by Aura every [`MILLI_SECS_PER_BLOCK`] and finalized by GRANDPA.
//!
//! Configuration lives in [`configs`], one file per pallet; runtime APIs in [`apis`]; the
//! genesis presets (`development`, `local_testnet`) in [`genesis_config_presets`].

#![cfg_attr(not(feature = "std"), no_std)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// First, and with `macro_use`: `apis` expands the `list_benchmarks!` and `add_benchmarks!`
// macros that `benchmarks` defines.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;

use alloc::{borrow::Cow, vec::Vec};
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_consensus_grandpa::AuthorityId as GrandpaId;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// The runtime's version; polkadot.js reads `spec_name` as the runtime's name.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("aicchain"),
	impl_name: Cow::Borrowed("aicchain-node"),
	authoring_version: 1,
	spec_version: 104,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target time between blocks. Aura slots have this length; it cannot change once a chain
/// has started.
pub const MILLI_SECS_PER_BLOCK: u64 = aicchain_primitives::matching::BLOCK_TIME_MS;

/// Blocks per minute, for durations written in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);

/// Blocks per day.
pub const DAYS: BlockNumber = 24 * 60 * MINUTES;

/// Decimals of both tokens: one AICC (or AICG) is `10^12` of its smallest unit.
pub const TOKEN_DECIMALS: u8 = 12;

/// One AICC, in its smallest unit.
pub const AICC: Balance = 10u128.pow(TOKEN_DECIMALS as u32);

/// One AICG, in its smallest unit.
pub const AICG: Balance = 10u128.pow(TOKEN_DECIMALS as u32);

/// The SS58 address format (42: generic Substrate, which wallets know out of the box).
pub const SS58_PREFIX: u16 = 42;

/// A transaction signature: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account id: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of AICC or AICG, in their smallest units.
pub type Balance = u128;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// A block number.
pub type BlockNumber = u32;

/// A block or state hash.
pub type Hash = sp_core::H256;

/// How a transaction names an account.
pub type Address = MultiAddress<AccountId, ()>;

/// A block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// A block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The checks and charges every signed transaction passes through, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// A transaction as it travels over the network.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// What a signer signs.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Dispatches blocks and transactions to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// Types the node uses without knowing the runtime's call set.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// An opaque block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// An opaque block.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

impl_opaque_keys! {
	/// The keys a validator registers: one for authoring, one for finality.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	/// AICC, the native token.
	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	/// AICG, the governance token.
	#[runtime::pallet_index(7)]
	pub type Aicg = pallet_balances<Instance2>;

	/// The compute-node registry.
	#[runtime::pallet_index(10)]
	pub type Compute = pallet_compute;

	/// Escrow, payments, the community fund and AICG issuance.
	#[runtime::pallet_index(11)]
	pub type Economy = pallet_economy;

	/// AICG-weighted votes on the network policy.
	#[runtime::pallet_index(12)]
	pub type Governance = pallet_governance;

	/// Performance reports, audits, trust scores and slashing.
	#[runtime::pallet_index(13)]
	pub type Reporting = pallet_reporting;

	/// Training jobs: matching, updates, verdicts, merging and settlement.
	#[runtime::pallet_index(14)]
	pub type Training = pallet_training;

	/// The off-chain worker that drives the node's trainer (no storage, no calls).
	#[runtime::pallet_index(15)]
	pub type Worker = pallet_worker;
}

#[cfg(test)]
mod tests;
