//! AICChain's off-chain trainer: trains the model zoo on content-addressed data with
//! libtorch (CUDA when present), re-checks other trainers' claims, merges updates, and keeps
//! every checkpoint in a content-addressed artifact store. Deterministic on the CPU.
//!
//! The modules are layered: each uses only modules listed before it.
//!
//! 1. [`rng`], [`hash`], `tensor`: seeded random numbers, content hashes, tensor bytes;
//! 2. [`error`];
//! 3. [`data`], [`checkpoint`], [`model`], [`optim`], [`session`], [`store`]: data sets,
//!    checkpoints, the model zoo, optimisers, a model in training, the artifact store;
//! 4. [`trainer`], [`validate`], [`merge`], [`chain`], [`detection`], [`policy`]: training
//!    runs, their re-checking, federated averaging, the chain's language, how many segments to
//!    re-check, the learned matching policy;
//! 5. [`rpc`]: the JSON-RPC service;
//! 6. `fault` (feature `fault-injection`): a trainer that cheats, for test networks.

pub mod chain;
pub mod checkpoint;
pub mod data;
pub mod detection;
pub mod error;
#[cfg(feature = "fault-injection")]
pub mod fault;
pub mod hash;
pub mod merge;
pub mod model;
pub mod optim;
pub mod policy;
pub mod rng;
pub mod rpc;
pub mod session;
pub mod store;
mod tensor;
pub mod trainer;
pub mod validate;

pub use error::{Error, Result};
pub use hash::Hash256;

/// The version of the torch libraries this binary was built against (from their
/// `version.py`), e.g. `2.11.0+cu130`.
pub const TORCH_VERSION: &str = env!("AICCHAIN_TORCH_VERSION");
