//! Signed submission with a persisted nonce, so that one account's transactions in
//! consecutive blocks (or several in one run) never clash.
//!
//! The chain's nonce counts only included transactions; one still in the pool from an earlier
//! block would have the same. So the next nonce is kept in local storage and taken when it is
//! ahead of the chain's, unless the chain has included nothing of this account for
//! [`NONCE_STALE`] blocks while it was ahead (the transactions in between were lost: dropped,
//! and by now expired), or the node restarted since (its pool is gone): then the chain's nonce
//! is right again.

use codec::{Decode, Encode};
use frame_system::{
	offchain::{Account, CreateSignedTransaction, SubmitTransaction},
	pallet_prelude::BlockNumberFor,
};
use sp_runtime::{
	offchain::storage::StorageValueRef,
	offchain::storage_lock::{StorageLock, Time},
	offchain::Duration,
	traits::{One, Saturating, UniqueSaturatedInto},
};

use crate::{Config, BOOT_KEY, LOG_TARGET, MORTALITY};

/// Blocks without progress after which a nonce ahead of the chain's is given up: longer than
/// a transaction lives, so that the transactions in between can no longer be included.
pub const NONCE_STALE: u32 = MORTALITY + 8;

/// What local storage keeps of an account's nonces.
#[derive(Encode, Decode)]
struct NonceRecord<Nonce, BlockNumber> {
	/// The node's start when it was written: records from before a restart are ignored.
	boot: u64,
	/// The nonce the next transaction takes.
	next: Nonce,
	/// The chain's nonce when last seen.
	seen: Nonce,
	/// The block since which the chain's nonce has not moved.
	since: BlockNumber,
}

/// Signs `call` as `account` and puts it in the transaction pool; returns the nonce it took.
/// `Err` when the key cannot sign or the pool refuses it; the caller keeps the result and
/// tries again later.
pub fn submit<T, C>(account: &Account<T>, call: C, now: BlockNumberFor<T>) -> Result<u64, ()>
where
	T: Config + CreateSignedTransaction<C>,
{
	let key = (b"aicchain/worker/nonce/", &account.id).encode();
	let lock_key = (b"aicchain/worker/nonce-lock/", &account.id).encode();
	// Held for the sign-and-submit only; it expires in any case.
	let mut lock = StorageLock::<Time>::with_deadline(&lock_key, Duration::from_millis(5_000));
	let _guard = lock.lock();

	let store = StorageValueRef::persistent(&key);
	let chain = frame_system::Pallet::<T>::account_nonce(&account.id);
	let boot = StorageValueRef::persistent(BOOT_KEY).get::<u64>().ok().flatten().unwrap_or(0);
	let record = store
		.get::<NonceRecord<T::Nonce, BlockNumberFor<T>>>()
		.ok()
		.flatten()
		.filter(|record| record.boot == boot);
	let (nonce, since) = match record {
		Some(record) if record.next > chain => {
			let since = if chain > record.seen { now } else { record.since };
			if now.saturating_sub(since) > NONCE_STALE.into() {
				log::warn!(
					target: LOG_TARGET,
					"{:?}: nonces {:?}..{:?} were not included for {NONCE_STALE} blocks; reusing {:?}",
					account.id, chain, record.next, chain,
				);
				(chain, now)
			} else {
				(record.next, since)
			}
		}
		_ => (chain, now),
	};

	let transaction =
		<T as CreateSignedTransaction<C>>::create_signed_transaction::<T::AuthorityId>(
			call.into(),
			account.public.clone(),
			account.id.clone(),
			nonce,
		)
		.ok_or(())?;
	SubmitTransaction::<T, C>::submit_transaction(transaction)?;
	store.set(&NonceRecord::<T::Nonce, BlockNumberFor<T>> {
		boot,
		next: nonce.saturating_add(One::one()),
		seen: chain,
		since,
	});
	Ok(nonce.unique_saturated_into())
}

/// The accounts of the operator keys in the keystore.
pub fn keystore_accounts<T: Config>() -> impl Iterator<Item = Account<T>> {
	frame_system::offchain::Signer::<T, T::AuthorityId>::keystore_accounts()
}
