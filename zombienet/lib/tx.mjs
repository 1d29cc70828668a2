// Submits signed transactions and reads their outcome, as a wallet would.

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
