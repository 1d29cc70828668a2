// Nodes that work on their own: `--chain local` networks of Alice, Bob and Charlie on this
// machine, each node with its own base path and its own trainer (`aicchain-trainer serve`)
// beside it. The operators register their nodes once; then a client, Dave, posts jobs and
// signs nothing else. The nodes' off-chain workers train with libtorch, judge each other's
// updates by re-executing them, merge, and sign all of it back; the chain pays them, and
// slashes a trainer that cheats or withholds what it must show.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import { rpcCall } from '../lib/dev-node.mjs';
import { describeEvent, followJob, MLP_PARAMS } from '../lib/jobs.mjs';
import { startNetwork } from '../lib/network.mjs';
import { findEvent, submitAndFinalize } from '../lib/tx.mjs';

const UNIT = 10n ** 12n;
const OPERATORS = ['alice', 'bob', 'charlie'];
const BUDGET = 100n * UNIT;

/** Starts a network (see `startNetwork`) and registers each operator's node, `gpus[name]` GPUs. */
async function registeredNetwork({ faults = {}, gpus = {} } = {}) {
  const network = await startNetwork(OPERATORS, { faults });
  const api = network.nodes.alice.api;
  network.nodeOf = {};
  try {
    await Promise.all(OPERATORS.map(async (name) => {
      const gpuCount = gpus[name] ?? 0;
      const specs = {
        gpuCount, gpuModel: gpuCount ? 'CPU stand-in' : '', gpuMemoryGib: gpuCount ? 8 : 0,
        cpuCores: 2, memoryGib: 8, bandwidthMbps: 1_000, latencyMs: 1, gflopsPerWatt: 10,
        renewablePercent: 50, region: 'localhost', artifactUrl: network.nodes[name].trainer.url,
      };
      const outcome = await submitAndFinalize(api,
        api.tx.compute.registerNode(specs, { trainer: true, validator: true }), network.accounts[name]);
      assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
      network.nodeOf[name] = findEvent(outcome.events, 'compute', 'NodeRegistered').data.node.toNumber();
    }));
  } catch (error) {
    await network.stop();
    throw error;
  }
  return network;
}

/** Dave posts a two-round MLP job on Fashion-MNIST (two trainers, two validators). */
async function postJob(network) {
  const api = network.nodes.alice.api;
  const [images] = (await network.nodes.alice.trainer.info()).datasets;
  const posted = await submitAndFinalize(api, api.tx.training.createJob(
    'Mlp', { hash: `0x${images.hash}`, location: 'fashion-mnist' }, MLP_PARAMS,
    2, 2, 2, BUDGET, 'Own', 0, 'Normal'), network.accounts.dave);
  assert.equal(posted.dispatchError, null, JSON.stringify(posted.dispatchError));
  const job = findEvent(posted.events, 'training', 'JobCreated').data.job.toNumber();
  return { job, images, postedAt: (await api.rpc.chain.getHeader(posted.blockHash)).number.toNumber() };
}

/** The job's events of one kind. */
const only = (events, method) => events.filter((e) => e.method === method);

/** Asserts that payments, the fund's cut and the refund add up to the budget, once each. */
function assertPaidOnce(events) {
  const paid = only(events, 'Paid');
  const keys = paid.map((e) => `${e.fields.round}/${e.fields.node}/${e.fields.reason}`);
  assert.equal(new Set(keys).size, keys.length, `nobody is paid twice for the same work: ${keys}`);
  const total = paid.reduce((sum, e) => sum + BigInt(e.fields.paid) + BigInt(e.fields.fundCut), 0n);
  const [finished] = only(events, 'JobFinished');
  assert.equal(total + BigInt(finished.fields.refunded), BUDGET, 'the budget adds up');
}

/** Asserts that `cheater` trained in round 1, was judged Invalid by every validator, slashed,
 * not paid for its update, replaced in round 2, and that the job still finished. */
function assertCaughtAndReplaced(events, cheater) {
  const [first, second] = only(events, 'RoundStarted').map((e) => e.fields);
  assert.ok(first.trainers.some(([node]) => node === cheater), 'the cheater trains in round 1');
  const verdicts = only(events, 'VerdictSubmitted').filter((e) => e.fields.trainer === cheater);
  assert.ok(verdicts.length > 0 && verdicts.every((e) => e.fields.verdict === 'Invalid'),
    'every validator judged it Invalid');
  const [faulted] = only(events, 'Faulted').filter((e) => e.fields.node === cheater);
  assert.deepEqual([faulted.fields.fault, BigInt(faulted.fields.slashed) > 0n], ['InvalidUpdate', true]);
  assert.ok(!only(events, 'Paid').some((e) => e.fields.node === cheater && e.fields.reason === 'ValidUpdate'));
  assert.ok(second.trainers.every(([node]) => node !== cheater), 'replaced in round 2');
  assertPaidOnce(events);
  assert.equal(only(events, 'RoundSettled').length, 2, 'the job still finishes');
  return verdicts;
}

describe('off-chain workers train, judge, merge and get paid on a three-node network', () => {
  let network;

  before(async () => {
    network = await registeredNetwork();
  });

  after(async () => {
    await network?.stop();
  });

  test('Dave posts a job and signs nothing else; it finishes with a better model, paid in full', async () => {
    const api = network.nodes.alice.api;
    const dave = network.accounts.dave;
    const { job, images, postedAt } = await postJob(network);
    const daveNonce = (await api.query.system.account(dave.address)).nonce.toNumber();

    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });

    // Two rounds, each with two updates judged Valid by the other validator, and merged.
    assert.equal(only(events, 'RoundSettled').length, 2);
    assert.equal(only(events, 'UpdateSubmitted').length, 4);
    assert.ok(only(events, 'VerdictSubmitted').every((e) => e.fields.verdict === 'Valid'));
    assert.deepEqual(only(events, 'Faulted'), []);
    assert.equal(only(events, 'Paid').length, 8, 'two trainers and two validators, twice');
    assertPaidOnce(events);
    assert.equal((await api.query.system.account(dave.address)).nonce.toNumber(), daveNonce,
      'Dave signed nothing after posting');

    // The final model is on-chain, downloads from the merger's trainer and matches its hash.
    const model = only(events, 'JobFinished')[0].fields.model;
    assert.equal((await api.query.training.jobs(job)).unwrap().modelHash.unwrap().toHex(), model);
    const merger = only(events, 'RoundStarted').at(-1).fields.validators[0];
    const mergerUrl = network.nodes[OPERATORS.find((n) => network.nodeOf[n] === merger)].trainer.url;
    const bytes = new Uint8Array(await (await fetch(`${mergerUrl}/artifacts/${model.slice(2)}`)).arrayBuffer());
    assert.equal(blake2AsHex(bytes, 256), model);
    assert.ok(bytes.length > 4 * 203_530, `the MLP's 203,530 weights as f32 (${bytes.length} bytes)`);

    // Held-out accuracy, measured by a trainer: the trained model beats the job's start.
    // (The seed is a u64: written into the JSON as it is, not through a JS number.)
    const seed = (await api.query.training.jobs(job)).unwrap().seed.toString();
    const dataset = `"0x${images.hash}"`;
    const trained = await rpcCall(mergerUrl, 'trainer_evaluate', `["Mlp",${dataset},"${model}",0,null]`);
    const start = await rpcCall(mergerUrl, 'trainer_evaluate', `["Mlp",${dataset},null,${seed},null]`);
    console.log(`held-out accuracy: the job's start ${start.accuracy}, its final model ${trained.accuracy}`);
    assert.ok(trained.accuracy > start.accuracy + 0.3, `${trained.accuracy} vs ${start.accuracy}`);

    for (const settled of only(events, 'RoundSettled')) {
      console.log(`round ${settled.fields.round} settled ${settled.block - postedAt} blocks after createJob`);
    }
  });
});

describe('faults: a cheating trainer, a trainer that goes down', () => {
  let network;

  before(async () => {
    // Charlie's trainer publishes random weights; his node's GPU makes it rank first.
    network = await registeredNetwork({ faults: { charlie: 'random-weights' }, gpus: { charlie: 1 } });
  });

  after(async () => {
    await network?.stop();
  });

  test('a trainer that publishes random weights is judged Invalid, slashed and replaced', async () => {
    const { job } = await postJob(network);
    const events = await followJob(network.nodes.alice.api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    assertCaughtAndReplaced(events, network.nodeOf.charlie);
  });

  test('a trainer killed during a round and started again: the round completes, paid once', async () => {
    const api = network.nodes.alice.api;
    const bob = network.nodes.bob;
    const { job } = await postJob(network);
    // Bob's trainer dies as the round starts and comes back 15 s later, with its store.
    const restarted = bob.restartTrainer(15_000);
    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    await restarted;

    const bobsNode = network.nodeOf.bob;
    const [first] = only(events, 'RoundStarted').map((e) => e.fields);
    assert.ok(first.trainers.some(([node]) => node === bobsNode), 'Bob trains in round 1');
    const bobsUpdates = only(events, 'UpdateSubmitted').filter((e) => e.fields.node === bobsNode);
    assert.ok(bobsUpdates.some((e) => e.fields.round === 1), 'Bob trained once his trainer was back');
    // (Charlie still cheats, and is faulted again; Bob is not.)
    assert.ok(!only(events, 'Faulted').some((e) => e.fields.node === bobsNode), 'Bob was not late');
    assertPaidOnce(events);
    assert.equal(only(events, 'RoundSettled').length, 2);
  });
});

describe('a trainer that withholds its checkpoints', () => {
  let network;

  before(async () => {
    // Charlie's trainer trains honestly, then deletes what it would have to show.
    network = await registeredNetwork({ faults: { charlie: 'withhold' }, gpus: { charlie: 1 } });
  });

  after(async () => {
    await network?.stop();
  });

  test('is judged Invalid (withheld) by the workers, slashed and replaced', async () => {
    const { job } = await postJob(network);
    const events = await followJob(network.nodes.alice.api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    const verdicts = assertCaughtAndReplaced(events, network.nodeOf.charlie);
    // The validators said why, in their workers' status.
    const judge = OPERATORS.find((name) => network.nodeOf[name] === verdicts[0].fields.validator);
    const status = await rpcStatus(network.nodes[judge].rpcPort);
    assert.ok(status.events.some((e) => e.text.includes('withheld')), JSON.stringify(status.events));
  });
});

/** The worker status of the node whose RPC listens on `port`. */
function rpcStatus(port) {
  return rpcCall(`http://127.0.0.1:${port}`, 'aicchain_workerStatus');
}
