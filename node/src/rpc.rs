//! The node's RPC methods beyond Substrate's defaults: account nonces (`system_*`), fee
//! estimates (`payment_*`) and what the off-chain worker is doing (`aicchain_workerStatus`,
//! in [`crate::worker`]).

use std::sync::Arc;

use aicchain_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P, S> {
	/// The client, to call runtime APIs at the best block.
	pub client: Arc<C>,
	/// The transaction pool, for pool-aware account nonces.
	pub pool: Arc<P>,
	/// The off-chain database, where the worker keeps its status (none without workers).
	pub offchain: Option<S>,
}

/// All of the node's extra RPC methods in one module.
pub fn create_full<C, P, S>(
	FullDeps { client, pool, offchain }: FullDeps<C, P, S>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>,
	P: TransactionPool + 'static,
	S: sp_core::offchain::OffchainStorage + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	if let Some(storage) = offchain {
		use crate::worker::{WorkerApiServer, WorkerRpc};
		module.merge(WorkerRpc::new(storage).into_rpc())?;
	}
	Ok(module)
}
