//! The node's side of the off-chain worker (`pallet-worker`): where the trainer is, the
//! development operators' keys, and the `aicchain_workerStatus` RPC method.

use codec::Encode;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_worker::{status::WorkerStatus, BOOT_KEY, KEY_TYPE, TRAINER_URL_KEY};
use sc_service::{ChainType, Configuration};
use sp_core::offchain::OffchainStorage;
use sp_keystore::{Keystore, KeystorePtr};

/// Tells the worker where the trainer is (`url`, kept in the off-chain database until the
/// next `--trainer-url`) and that the node has just started (so that it forgets nonces of
/// transactions the last run's pool held).
pub fn configure(storage: &mut impl OffchainStorage, url: &str) {
	storage.set(sp_offchain::STORAGE_PREFIX, TRAINER_URL_KEY, &url.as_bytes().to_vec().encode());
	let started = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map_or(0, |since| since.as_millis() as u64);
	storage.set(sp_offchain::STORAGE_PREFIX, BOOT_KEY, &started.encode());
}

/// Inserts the development operators' keys, so that a development node's worker works for
/// their compute nodes at once: the `--alice`…`--dave` (or `--dev`) account's key, and on a
/// development chain Bob's too (its genesis registers nodes of Alice and Bob).
pub fn insert_dev_keys(config: &Configuration, keystore: &KeystorePtr) -> Result<(), String> {
	let Some(seed) = &config.dev_key_seed else { return Ok(()) };
	let mut seeds = vec![seed.clone()];
	if config.chain_spec.chain_type() == ChainType::Development {
		seeds.push("//Bob".into());
	}
	for seed in seeds.iter().collect::<std::collections::BTreeSet<_>>() {
		keystore
			.sr25519_generate_new(KEY_TYPE, Some(seed))
			.map_err(|error| format!("inserting the worker key of {seed}: {error}"))?;
	}
	Ok(())
}

/// What the worker is doing.
#[rpc(server, namespace = "aicchain")]
pub trait WorkerApi {
	/// The worker's last run: its trainer, its compute nodes, their duties in the rounds under
	/// way and where each stands, and its recent submissions and errors. `null` before its
	/// first run.
	#[method(name = "workerStatus")]
	fn worker_status(&self) -> RpcResult<Option<WorkerStatus>>;
}

/// Reads the worker's summary from the off-chain database.
pub struct WorkerRpc<S> {
	storage: S,
}

impl<S> WorkerRpc<S> {
	/// The RPC over the off-chain database `storage`.
	pub fn new(storage: S) -> Self {
		Self { storage }
	}
}

impl<S: OffchainStorage + 'static> WorkerApiServer for WorkerRpc<S> {
	fn worker_status(&self) -> RpcResult<Option<WorkerStatus>> {
		let bytes =
			self.storage.get(sp_offchain::STORAGE_PREFIX, pallet_worker::status::STATUS_KEY);
		Ok(bytes.and_then(|bytes| pallet_worker::status::decode(&bytes)))
	}
}
