//! `pallet_worker`: the node's off-chain worker, and how the runtime builds the signed
//! transactions it submits.

use codec::Encode;
use frame_support::traits::ConstU32;
use frame_system::offchain::{
	AppCrypto, CreateSignedTransaction, CreateTransactionBase, SigningTypes,
};
use sp_runtime::{
	generic::Era,
	traits::{SaturatedConversion, Verify},
};

use crate::{
	Address, Nonce, Runtime, RuntimeCall, Signature, SignedPayload, System, TxExtension,
	UncheckedExtrinsic,
};

impl pallet_worker::Config for Runtime {
	type AuthorityId = pallet_worker::crypto::OperatorKey;
	/// Each validator re-executes three segments of each update: the last and two sampled.
	type ReplayedSegments = ConstU32<3>;
}

impl SigningTypes for Runtime {
	type Public = <Signature as Verify>::Signer;
	type Signature = Signature;
}

impl<LocalCall> CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type Extrinsic = UncheckedExtrinsic;
	type RuntimeCall = RuntimeCall;
}

impl<LocalCall> CreateSignedTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	/// Signs `call` as a wallet would: every extension of [`TxExtension`], a mortal era from
	/// the current block, the given nonce and no tip.
	fn create_signed_transaction<C: AppCrypto<Self::Public, Self::Signature>>(
		call: RuntimeCall,
		public: <Signature as Verify>::Signer,
		account: crate::AccountId,
		nonce: Nonce,
	) -> Option<UncheckedExtrinsic> {
		let current = System::block_number().saturated_into::<u64>().saturating_sub(1);
		let extensions: TxExtension = (
			frame_system::CheckNonZeroSender::<Runtime>::new(),
			frame_system::CheckSpecVersion::<Runtime>::new(),
			frame_system::CheckTxVersion::<Runtime>::new(),
			frame_system::CheckGenesis::<Runtime>::new(),
			// Mortal, as the worker expects (`pallet_worker::MORTALITY`): a lost transaction
			// expires before the worker submits its result again.
			frame_system::CheckEra::<Runtime>::from(Era::mortal(
				pallet_worker::MORTALITY.into(),
				current,
			)),
			frame_system::CheckNonce::<Runtime>::from(nonce),
			frame_system::CheckWeight::<Runtime>::new(),
			pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
			frame_system::WeightReclaim::<Runtime>::new(),
		);
		let payload = SignedPayload::new(call, extensions).ok()?;
		let signature = payload.using_encoded(|bytes| C::sign(bytes, public))?;
		let (call, extensions, _) = payload.deconstruct();
		Some(UncheckedExtrinsic::new_signed(call, Address::Id(account), signature, extensions))
	}
}
