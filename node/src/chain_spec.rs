//! The built-in chain specifications (`dev`, `local`) and the token properties wallets read.

use aicchain_runtime::{SS58_PREFIX, TOKEN_DECIMALS, WASM_BINARY};
use sc_service::{ChainType, Properties};
use sp_genesis_builder::{DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};

/// A chain specification of AICChain.
pub type ChainSpec = sc_service::GenericChainSpec;

/// The `dev` chain: Alice authors and finalizes alone (`--dev`).
pub fn development() -> Result<ChainSpec, String> {
	build("Development", "dev", ChainType::Development, DEV_RUNTIME_PRESET)
}

/// The `local` chain: Alice, Bob, Charlie and Dave author and finalize together.
pub fn local_testnet() -> Result<ChainSpec, String> {
	build("Local Testnet", "local_testnet", ChainType::Local, LOCAL_TESTNET_RUNTIME_PRESET)
}

fn build(name: &str, id: &str, chain_type: ChainType, preset: &str) -> Result<ChainSpec, String> {
	let wasm = WASM_BINARY.ok_or(
		"the runtime's wasm was not built: build the node without SKIP_WASM_BUILD".to_string(),
	)?;
	Ok(ChainSpec::builder(wasm, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// What polkadot.js reads from `system_properties`: both token symbols (the native one
/// first), their decimals and the address format.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), serde_json::json!(["AICC", "AICG"]));
	properties.insert("tokenDecimals".into(), serde_json::json!([TOKEN_DECIMALS, TOKEN_DECIMALS]));
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}
