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
import { assertPaidOnce, only } from '../lib/checks.mjs';
import { describeEvent, followJob, jobBudget, postJob } from '../lib/jobs.mjs';
import { registerNodes, startNetwork } from '../lib/network.mjs';

const OPERATORS = ['alice', 'bob', 'charlie'];

/** Starts a network (see `startNetwork`) and registers each operator's node, `gpus[name]` GPUs. */
async function registeredNetwork({ faults = {}, gpus = {} } = {}) {
  const network = await startNetwork(OPERATORS, { faults });
  try {
    const ids = await registerNodes(network.nodes.alice.api, OPERATORS.map((name) => ({
      account: network.accounts[name], trainerUrl: network.nodes[name].trainer.url, gpus: gpus[name],
    })));
    network.nodeOf = Object.fromEntries(OPERATORS.map((name, i) => [name, ids[i]]));
  } catch (error) {
    await network.stop();
    throw error;
  }
  return network;
}

/** Dave posts a two-round MLP job on Fashion-MNIST (two trainers, two validators), `jobBudget`. */
async function postDavesJob(network) {
  const [images] = (await network.nodes.alice.trainer.info()).datasets;
  const { api } = network.nodes.alice;
  const posted = await postJob(api, network.accounts.dave, images.hash, { budget: jobBudget(api) });
  return { ...posted, images };
}

/** Asserts that `cheater` trained in round 1, was judged Invalid by every validator, slashed,
 * not paid for its update, replaced in round 2, and that the job (of `budget`) still finished. */
function assertCaughtAndReplaced(events, cheater, budget) {
  const [first, second] = only(events, 'RoundStarted').map((e) => e.fields);
  assert.ok(first.trainers.some(([node]) => node === cheater), 'the cheater trains in round 1');
  const verdicts = only(events, 'VerdictSubmitted').filter((e) => e.fields.trainer === cheater);
  assert.ok(verdicts.length > 0 && verdicts.every((e) => e.fields.verdict === 'Invalid'),
    'every validator judged it Invalid');
  const [faulted] = only(events, 'Faulted').filter((e) => e.fields.node === cheater);
  assert.deepEqual([faulted.fields.fault, BigInt(faulted.fields.slashed) > 0n], ['InvalidUpdate', true]);
  assert.ok(!only(events, 'Paid').some((e) => e.fields.node === cheater && e.fields.reason === 'ValidUpdate'));
  assert.ok(second.trainers.every(([node]) => node !== cheater), 'replaced in round 2');
  assertPaidOnce(events, budget);
  assert.equal(only(events, 'RoundSettled').length, 2, 'the job still finishes');
  return verdicts;
}

describe('off-chain workers train, judge, merge and get paid on a three-node network, a trainer restart included', () => {
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
    const { job, images, postedAt } = await postDavesJob(network);
    const daveNonce = (await api.query.system.account(dave.address)).nonce.toNumber();

    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });

    // Two rounds, each with two updates judged Valid by the other validator, and merged.
    assert.equal(only(events, 'RoundSettled').length, 2);
    assert.equal(only(events, 'UpdateSubmitted').length, 4);
    assert.ok(only(events, 'VerdictSubmitted').every((e) => e.fields.verdict === 'Valid'));
    assert.deepEqual(only(events, 'Faulted'), []);
    assert.equal(only(events, 'Paid').length, 8, 'two trainers and two validators, twice');
    assertPaidOnce(events, jobBudget(api));
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

  test('a trainer killed during a round and started again: the round completes, paid once', async () => {
    const api = network.nodes.alice.api;
    const { job } = await postDavesJob(network);
    // The trainer of a round-1 trainer other than Alice dies as the round starts and comes
    // back 15 s later, with its store.
    const round = (await api.query.training.rounds(job, 1)).unwrap();
    const trains = (name) => round.trainers.some((slot) => slot.node.toNumber() === network.nodeOf[name]);
    const name = OPERATORS.find((n) => n !== 'alice' && trains(n));
    const restarted = network.nodes[name].restartTrainer(15_000);
    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    await restarted;

    const updates = only(events, 'UpdateSubmitted').filter((e) => e.fields.node === network.nodeOf[name]);
    assert.ok(updates.some((e) => e.fields.round === 1), `${name} trained round 1`);
    assert.deepEqual(only(events, 'Faulted'), [], `${name} was not late, nor judged Invalid`);
    assertPaidOnce(events, jobBudget(api));
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
    const { api } = network.nodes.alice;
    const { job } = await postDavesJob(network);
    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    const verdicts = assertCaughtAndReplaced(events, network.nodeOf.charlie, jobBudget(api));
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
