// Nodes that work on their own: a `--chain local` network of Alice, Bob and Charlie on this
// machine, each node with its own base path and its own trainer (`aicchain-trainer serve`)
// beside it. The operators register their nodes once; then a client, Dave, posts a two-round
// job and signs nothing else. The nodes' off-chain workers train with libtorch, judge each
// other's updates by re-executing them, merge, and sign all of it back; the chain pays them.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import { rpcCall } from '../lib/dev-node.mjs';
import { describeEvent, followJob, MLP_PARAMS } from '../lib/jobs.mjs';
import { startNetwork } from '../lib/network.mjs';
import { findEvent, submitAndFinalize } from '../lib/tx.mjs';

const UNIT = 10n ** 12n;
const OPERATORS = ['alice', 'bob', 'charlie'];

describe('off-chain workers train, judge, merge and get paid on a three-node network', () => {
  let network;
  let api;
  const nodeOf = {};

  before(async () => {
    network = await startNetwork(OPERATORS);
    api = network.nodes.alice.api;
    // Each operator registers its node, declaring where its trainer serves artifacts.
    await Promise.all(OPERATORS.map(async (name) => {
      const specs = {
        gpuCount: 0, gpuModel: '', gpuMemoryGib: 0, cpuCores: 2, memoryGib: 8, bandwidthMbps: 1_000,
        latencyMs: 1, gflopsPerWatt: 10, renewablePercent: 50, region: 'localhost',
        artifactUrl: network.nodes[name].trainer.url,
      };
      const outcome = await submitAndFinalize(api,
        api.tx.compute.registerNode(specs, { trainer: true, validator: true }), network.accounts[name]);
      assert.equal(outcome.dispatchError, null, JSON.stringify(outcome.dispatchError));
      nodeOf[name] = findEvent(outcome.events, 'compute', 'NodeRegistered').data.node.toNumber();
    }));
  });

  after(async () => {
    await network?.stop();
  });

  test('Dave posts a job and signs nothing else; it finishes with a better model, paid in full', async () => {
    const dave = network.accounts.dave;
    const [images] = (await network.nodes.alice.trainer.info()).datasets;
    const budget = 100n * UNIT;
    const posted = await submitAndFinalize(api, api.tx.training.createJob(
      'Mlp', { hash: `0x${images.hash}`, location: 'fashion-mnist' }, MLP_PARAMS,
      2, 2, 2, budget, 'Own', 0, 'Normal'), dave);
    assert.equal(posted.dispatchError, null, JSON.stringify(posted.dispatchError));
    const job = findEvent(posted.events, 'training', 'JobCreated').data.job.toNumber();
    const daveNonce = (await api.query.system.account(dave.address)).nonce.toNumber();

    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    const of = (method) => events.filter((e) => e.method === method);

    // Two rounds, each with two updates judged Valid by every other validator, and merged.
    assert.equal(of('RoundSettled').length, 2);
    assert.equal(of('UpdateSubmitted').length, 4);
    assert.ok(of('VerdictSubmitted').every((e) => e.fields.verdict === 'Valid'), 'honest work is valid');
    assert.deepEqual(of('Faulted'), []);
    assert.equal((await api.query.system.account(dave.address)).nonce.toNumber(), daveNonce,
      'Dave signed nothing after posting');

    // The final model is on-chain, downloads from the merger's trainer and matches its hash.
    const [finished] = of('JobFinished');
    const model = finished.fields.model;
    assert.equal((await api.query.training.jobs(job)).unwrap().modelHash.unwrap().toHex(), model);
    const lastRound = of('RoundStarted').at(-1).fields;
    const merger = OPERATORS.find((name) => nodeOf[name] === lastRound.validators[0]);
    const mergerUrl = network.nodes[merger].trainer.url;
    const bytes = new Uint8Array(await (await fetch(`${mergerUrl}/artifacts/${model.slice(2)}`)).arrayBuffer());
    assert.equal(blake2AsHex(bytes, 256), model);
    assert.ok(bytes.length > 4 * 203_530, `the MLP's 203,530 weights as f32 (${bytes.length} bytes)`);

    // Held-out accuracy, measured by a trainer: the trained model beats the job's start.
    // (The seed is a u64: written into the JSON as it is, not through a JS number.)
    const seed = (await api.query.training.jobs(job)).unwrap().seed.toString();
    const dataset = `"0x${images.hash}"`;
    const trained = await rpcCall(mergerUrl, 'trainer_evaluate', `["Mlp",${dataset},"${model}",0,null]`);
    const start = await rpcCall(mergerUrl, 'trainer_evaluate', `["Mlp",${dataset},null,${seed},null]`);
    console.log(`held-out accuracy: start ${start.accuracy}, after the job ${trained.accuracy}`);
    assert.ok(trained.accuracy > start.accuracy + 0.3, `${trained.accuracy} vs ${start.accuracy}`);

    // The budget adds up: payments with the fund's cut, and the refund.
    const paid = of('Paid').reduce((sum, e) => sum + BigInt(e.fields.paid) + BigInt(e.fields.fundCut), 0n);
    assert.equal(paid + BigInt(finished.fields.refunded), budget);
    assert.equal(of('Paid').length, 8, 'two trainers and two validators, twice');

    // Timings: from posting to each settled round, in blocks and seconds.
    const postedAt = (await api.rpc.chain.getHeader(posted.blockHash)).number.toNumber();
    for (const settled of of('RoundSettled')) {
      console.log(`round ${settled.fields.round} settled ${settled.block - postedAt} blocks after createJob`);
    }
  });
});
