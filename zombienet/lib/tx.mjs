// Submits signed transactions and reads their outcome, as a wallet would; the development
// accounts' keys to sign them with.

import { Keyring } from '@polkadot/keyring';

/** The development accounts, by the names their `//Name` seeds spell in lower case. */
const DEV_ACCOUNTS = ['alice', 'bob', 'charlie', 'dave', 'eve', 'ferdie'];

/** The sr25519 key pairs of `names` (`alice` is `//Alice`), by name. */
export function devAccounts(names = DEV_ACCOUNTS) {
  const keyring = new Keyring({ type: 'sr25519' });
  return Object.fromEntries(names.map((name) =>
    [name, keyring.addFromUri(`//${name[0].toUpperCase()}${name.slice(1)}`)]));
}

/**
 * Signs and sends `tx`, resolves once its block is finalized.
 * @returns {{ blockHash, events, dispatchError }} the transaction's own events, and its
 *   dispatch error decoded to `{ section, name, docs }` (module errors) or `{ kind, name }`
 *   (other errors), or `null` on success.
 */
export async function submitAndFinalize(api, tx, signer) {
  let settle;
  const outcome = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  const unsubscribe = await tx.signAndSend(signer, ({ status, events, dispatchError }) => {
    if (status.isInvalid || status.isDropped || status.isUsurped) {
      settle.reject(new Error(`transaction ${status.type}`));
    } else if (status.isFinalized) {
      settle.resolve({
        blockHash: status.asFinalized,
        events: events.map(({ event }) => event),
        dispatchError: dispatchError ? decodeDispatchError(api, dispatchError) : null,
      });
    }
  });
  try {
    return await outcome;
  } finally {
    unsubscribe();
  }
}

/**
 * Signs and sends `tx` as `submitAndFinalize` does and throws unless it succeeded: the error
 * names the call, the signer and the dispatch error (`section.name: docs` for module errors).
 * @returns {{ blockHash, events, dispatchError: null }} the outcome, as `submitAndFinalize`'s
 */
export async function succeed(api, tx, signer) {
  const call = `${tx.method.section}.${tx.method.method}`;
  const outcome = await submitAndFinalize(api, tx, signer);
  const error = outcome.dispatchError;
  if (error) {
    const reason = error.kind === 'Module'
      ? `${error.section}.${error.name}: ${error.docs}`
      : `${error.kind}.${error.name}`;
    throw new Error(`${call} signed by ${signer.address} failed: ${reason}`);
  }
  return outcome;
}

/** A dispatch error as people read it: module errors by pallet and name, with their docs. */
export function decodeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const { section, name, docs } = api.registry.findMetaError(dispatchError.asModule);
    return { kind: 'Module', section, name, docs: docs.join(' ') };
  }
  return { kind: dispatchError.type, name: dispatchError.value.toString() };
}

/** The event `section.method` among `events`, or `undefined`. */
export function findEvent(events, section, method) {
  return events.find((event) => event.section === section && event.method === method);
}

/** Resolves once `count` more blocks than now are finalized, with the first and last numbers. */
export async function waitForFinalized(api, count) {
  const finalizedHead = await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead());
  const from = finalizedHead.number.toNumber();
  let reached;
  const done = new Promise((resolve) => { reached = resolve; });
  const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads((header) => {
    if (header.number.toNumber() >= from + count) reached(header.number.toNumber());
  });
  const to = await done;
  unsubscribe();
  return { from, to };
}
