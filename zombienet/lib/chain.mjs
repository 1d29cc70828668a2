// Reading a chain as its operators watch it: heads, finality, failed transactions, and the
// token unit its amounts are counted in.

/**
 * One AICC in planck: 10 to the decimals the chain's `system_properties` give its first token
 * (AICG has the same decimals; dev-chain.test.mjs checks both).
 */
export function unit(api) {
  return 10n ** BigInt(api.registry.chainDecimals[0]);
}

/** The best and the finalized block number at `api`'s node. */
export async function heads(api) {
  const [best, finalized] = await Promise.all([
    api.rpc.chain.getHeader(),
    api.rpc.chain.getFinalizedHead().then((hash) => api.rpc.chain.getHeader(hash)),
  ]);
  return { best: best.number.toNumber(), finalized: finalized.number.toNumber() };
}

/** The block before `blockHash`, where that block's transactions' effects are not yet applied. */
export async function parentOf(api, blockHash) {
  return (await api.rpc.chain.getHeader(blockHash)).parentHash;
}

/** Resolves once `check()` is true (errors count as not yet), or rejects after `timeoutMs`. */
export async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
}

/** Resolves with the first best block number for which `done(number)` holds. */
export async function waitForBlock(api, done) {
  let reached;
  const found = new Promise((resolve) => { reached = resolve; });
  const unsubscribe = await api.rpc.chain.subscribeNewHeads((header) => {
    if (done(header.number.toNumber())) reached(header.number.toNumber());
  });
  const number = await found;
  unsubscribe();
  return number;
}

/** best − finalized at each of the next `blocks` new best blocks: `{ mean, max }`. */
export async function finalityLag(api, blocks) {
  const lags = [];
  let unsubscribe = () => {};
  await new Promise((resolve, reject) => {
    api.rpc.chain.subscribeNewHeads((header) => {
      heads(api).then(({ finalized }) => {
        if (lags.length < blocks) lags.push(header.number.toNumber() - finalized);
        if (lags.length === blocks) resolve();
      }, reject);
    }).then((u) => { unsubscribe = u; }, reject);
  });
  unsubscribe();
  return { mean: lags.reduce((sum, lag) => sum + lag, 0) / blocks, max: Math.max(...lags) };
}

/** The calls signed by `address` that failed in blocks `from..=to`, as `section.method #n`. */
export async function failedCallsOf(api, address, from, to) {
  const failed = [];
  for (let n = from; n <= to; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const [block, records] = await Promise.all([api.rpc.chain.getBlock(hash), api.query.system.events.at(hash)]);
    for (const { event, phase } of records) {
      if (!phase.isApplyExtrinsic || !api.events.system.ExtrinsicFailed.is(event)) continue;
      const extrinsic = block.block.extrinsics[phase.asApplyExtrinsic.toNumber()];
      if (extrinsic.isSigned && extrinsic.signer.toString() === address) {
        failed.push(`${extrinsic.method.section}.${extrinsic.method.method} #${n}`);
      }
    }
  }
  return failed;
}
