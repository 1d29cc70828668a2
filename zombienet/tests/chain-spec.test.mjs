// `aicchain-node build-spec`: the chain specifications users start networks from.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { nodeBinary } from '../lib/dev-node.mjs';

const run = promisify(execFile);

/** The chain spec `aicchain-node build-spec --chain <chain>` prints, parsed. */
async function buildSpec(chain) {
  const { stdout } = await run(nodeBinary(), ['build-spec', '--chain', chain], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

test('the local spec names Alice, Bob, Charlie and Dave as authorities', async () => {
  const spec = await buildSpec('local');
  assert.equal(spec.id, 'local_testnet');
  assert.equal(spec.chainType, 'Local');
  assert.deepEqual(spec.properties.tokenSymbol, ['AICC', 'AICG']);

  const genesis = spec.genesis.runtimeGenesis.patch;
  assert.deepEqual(genesis.aura.authorities, [
    '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', // Alice
    '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty', // Bob
    '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y', // Charlie
    '5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy', // Dave
  ]);
  assert.equal(genesis.grandpa.authorities.length, 4);
});

test('the dev spec names Alice alone', async () => {
  const spec = await buildSpec('dev');
  assert.equal(spec.id, 'dev');
  assert.deepEqual(spec.genesis.runtimeGenesis.patch.aura.authorities, [
    '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  ]);
});

test('an unknown chain is refused with a clear error', async () => {
  await assert.rejects(buildSpec('no-such-chain.json'), /no-such-chain\.json/);
});
