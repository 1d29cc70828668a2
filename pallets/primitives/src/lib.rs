//! # AICChain primitives
//!
//! The vocabulary AICChain's pallets share, and the traits through which they talk to each
//! other, so that no pallet reads another's storage:
//!
//! - [`NodeRegistry`]: which compute nodes exist, what they can do, and whether they may take
//!   work now (implemented by `pallet-compute`).
//! - [`Economy`]: escrowed job budgets, payments with the community-fund cut, and AICG
//!   issuance for earned governance weight (implemented by `pallet-economy`).
//! - [`PolicyProvider`]: the [`NetworkPolicy`] in force, as AICG holders voted it
//!   (implemented by `pallet-governance`).
//! - [`TrustScores`]: how far each node's word is trusted (implemented by `pallet-reporting`).
//!
//! [`matching`] (the `aicchain-matching` crate) is the arithmetic of matching policies, and
//! [`task`] (the `aicchain-task` crate) describes a training task the way the chain and the
//! trainer both read it.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod node;
mod policy;
mod traits;

pub use aicchain_matching as matching;
pub use aicchain_task as task;
pub use node::*;
pub use policy::*;
pub use traits::*;

/// Identifies a registered compute node. Ids are assigned in order and never reused.
pub type NodeId = u32;

/// Identifies an escrow (a held job budget). Ids are assigned in order and never reused.
pub type EscrowId = u32;
