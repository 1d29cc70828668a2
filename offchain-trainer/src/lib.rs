//! AICChain's off-chain trainer: trains the model zoo on content-addressed data with
//! libtorch (CUDA when present), re-checks other trainers' claims, merges updates, and keeps
//! every checkpoint in a content-addressed artifact store. Deterministic on the CPU.

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
pub mod rpc;
pub mod session;
pub mod store;
pub mod trainer;
pub mod validate;

pub use error::{Error, Result};
pub use hash::Hash256;

/// The version of the torch libraries this binary was built against (from their
/// `version.py`), e.g. `2.11.0+cu130`.
pub const TORCH_VERSION: &str = env!("AICCHAIN_TORCH_VERSION");
