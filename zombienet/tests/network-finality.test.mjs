// local-4 (`networks/local-4.toml`, spawned by zombienet) loses one of its four validators for
// a minute: the others go on producing and finalizing blocks, and the fourth, started again
// on the same base path, catches up to the same chain and state. Prints the finality lag with
// four and with three validators.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { finalityLag, heads, until } from '../lib/chain.mjs';
import { spawnNetwork } from '../lib/zombie.mjs';

describe('local-4: a validator goes down and comes back', () => {
  let spawned;

  before(async () => {
    spawned = await spawnNetwork();
  });

  after(async () => {
    await spawned?.stop();
  });

  test('three of four keep producing and finalizing; the fourth catches up to the same state', async () => {
    const { alice, dave } = spawned.nodes;
    await until(async () => (await heads(alice.api)).finalized >= 3, 120_000, 'finality starts');
    const withFour = await finalityLag(alice.api, 8);

    // Dave is killed, and started again 60 s later on the same base path.
    const down = await heads(alice.api);
    const restarted = dave.zombie.restart(60);
    const withThree = await finalityLag(alice.api, 6);
    const during = await heads(alice.api);
    console.log(`finality lag (best − finalized), mean / max over blocks: 4 validators ${withFour.mean.toFixed(2)} / ${withFour.max}, 3 validators ${withThree.mean.toFixed(2)} / ${withThree.max}`);
    assert.ok(during.finalized >= down.finalized + 4,
      `GRANDPA finalizes with 3 of 4: #${down.finalized} → #${during.finalized}`);
    assert.equal(await restarted, true, 'zombienet started Dave again');

    // Dave catches up to the head the others had finalized when he came back, and holds the
    // same block and the same state there as each of them.
    const target = (await heads(alice.api)).finalized;
    await until(async () => (await heads(dave.api)).finalized >= target, 180_000, `Dave finalizes #${target}`);
    const seen = await Promise.all(Object.values(spawned.nodes).map(async ({ name, api }) => {
      const hash = await api.rpc.chain.getBlockHash(target);
      const { stateRoot } = await api.rpc.chain.getHeader(hash);
      return { name, block: hash.toHex(), stateRoot: stateRoot.toHex() };
    }));
    for (const { name, ...other } of seen.slice(1)) {
      assert.deepEqual(other, { block: seen[0].block, stateRoot: seen[0].stateRoot }, `${name} at #${target}`);
    }
  });
});
