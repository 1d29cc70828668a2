//! The worker's signing key: an sr25519 key of its own key type, held by the node's keystore,
//! whose account is the operator of the compute nodes it works for.

use sp_core::{crypto::KeyTypeId, sr25519};
use sp_runtime::{app_crypto::app_crypto, MultiSignature, MultiSigner};

/// The key type of operator keys in the node's keystore: `aicw` (AICChain worker).
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"aicw");

app_crypto!(sr25519, KEY_TYPE);

/// Signs the worker's transactions with an operator key from the keystore.
pub struct OperatorKey;

impl frame_system::offchain::AppCrypto<MultiSigner, MultiSignature> for OperatorKey {
	type RuntimeAppPublic = Public;
	type GenericSignature = sr25519::Signature;
	type GenericPublic = sr25519::Public;
}

/// For test runtimes whose accounts are bare sr25519 keys.
impl frame_system::offchain::AppCrypto<sr25519::Public, sr25519::Signature> for OperatorKey {
	type RuntimeAppPublic = Public;
	type GenericSignature = sr25519::Signature;
	type GenericPublic = sr25519::Public;
}
