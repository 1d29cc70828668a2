//! Pallet configurations, one module per pallet, each with its `parameter_types!` beside it.

mod aicg;
mod aura;
mod balances;
mod compute;
mod economy;
mod governance;
mod grandpa;
mod reporting;
mod sudo;
mod system;
mod timestamp;
mod training;
mod transaction_payment;
mod worker;

pub use compute::NodeBond;
pub use system::RuntimeBlockWeights;
