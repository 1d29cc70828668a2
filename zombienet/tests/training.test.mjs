// A training job on a `--dev` node, driven through @polkadot/api the way clients and node
// operators would (here the operators sign by hand what their off-chain workers will sign):
// Alice and Bob register nodes, Charlie posts a job and its budget is escrowed, matching
// assigns both nodes to train and to judge each other, Bob's update is rejected, the merger
// submits the merged model, and settlement pays Alice and the validators, slashes Bob into
// the community fund and ends the job with its model hash on-chain. The runtime API
// (`api.call.trainingApi`) previews matching, lists assignments and shows the job.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import { unit } from '../lib/chain.mjs';
import { startDevNode } from '../lib/dev-node.mjs';
import { fundAccount } from '../lib/economy.mjs';
import { trainingEvents } from '../lib/jobs.mjs';
import { devAccounts, findEvent, submitAndFinalize, succeed } from '../lib/tx.mjs';

describe('a training job on a dev node', () => {
  let node;
  let api;
  let UNIT;
  let alice;
  let bob;
  let charlie;

  before(async () => {
    node = await startDevNode();
    api = node.api;
    UNIT = unit(api);
    ({ alice, bob, charlie } = devAccounts());
  });

  after(async () => {
    await node?.stop();
  });

  test('a job is matched, judged, merged, paid and finished', async () => {
    const specs = (gpuCount) => ({
      gpuCount, gpuModel: 'NVIDIA L4', gpuMemoryGib: 24, cpuCores: 8, memoryGib: 32,
      bandwidthMbps: 1_000, latencyMs: 20, gflopsPerWatt: 60, renewablePercent: 80, region: 'eu-west', artifactUrl: '',
    });
    const roles = { trainer: true, validator: true };
    const nodeOf = {};
    for (const [who, gpus] of [[alice, 2], [bob, 1]]) {
      const registered = findEvent(
        (await succeed(api, api.tx.compute.registerNode(specs(gpus), roles), who)).events,
        'compute', 'NodeRegistered');
      nodeOf[who.address] = registered.data.node.toNumber();
    }
    const [aliceNode, bobNode] = [nodeOf[alice.address], nodeOf[bob.address]];

    // Before posting, Charlie asks the runtime API whom such a job would get.
    const preview = await api.call.trainingApi.matchingPreview('Cnn', 2, 2, 1);
    assert.deepEqual(preview.toJSON(), [[aliceNode, bobNode], [aliceNode, bobNode]]);

    // Charlie posts a one-round job: two shards, two validators, 100 AICC.
    const budget = 100n * UNIT;
    const hyperParams = {
      optimizer: 'Adam', learningRate: 1_000_000, batchSize: 32, steps: 100, checkpointEvery: 25,
    };
    const dataset = { hash: blake2AsHex('digits'), location: 'digits' };
    const { events: created } = await succeed(
      api, api.tx.training.createJob('Cnn', dataset, hyperParams, 1, 2, 2, budget, 'Own', 1, 'Normal'), charlie);
    const [jobCreated] = trainingEvents(created, 'JobCreated');
    const job = jobCreated.job;
    const [started] = trainingEvents(created, 'RoundStarted');
    // Alice has more GPUs: she ranks first, trains shard 0 and merges.
    assert.deepEqual(started.trainers, [[aliceNode, 0], [bobNode, 1]]);
    assert.deepEqual(started.validators, [aliceNode, bobNode]);
    assert.equal(BigInt(started.reward), budget);
    const assignments = await api.call.trainingApi.assignments(bobNode);
    assert.deepEqual(assignments.toJSON(), [[job, 1, 'Trainer'], [job, 1, 'Validator']]);
    const held = (await api.query.balances.holds(charlie.address)).toJSON();
    assert.deepEqual(held, [{ id: { economy: 'Escrow' }, amount: Number(budget) }]);

    // Someone else cannot submit for Alice's node; nothing changes.
    const report = (byte, samples) => ({
      weights: `0x${byte.repeat(32)}`, checkpoints: `0x${'ee'.repeat(32)}`, samples, steps: 100,
      lossBefore: 2_300_000, lossAfter: 600_000, wallMs: 4_000, device: { Cpu: { threads: 2 } },
    });
    const forged = await submitAndFinalize(api, api.tx.training.submitUpdate(job, 1, aliceNode, report('aa', 3_200)), charlie);
    assert.equal(forged.dispatchError.name, 'NotOperator');
    assert.equal((await api.query.training.rounds(job, 1)).unwrap().trainers[0].update.isNone, true);

    await Promise.all([
      succeed(api, api.tx.training.submitUpdate(job, 1, aliceNode, report('aa', 3_200)), alice),
      succeed(api, api.tx.training.submitUpdate(job, 1, bobNode, report('bb', 1_600)), bob),
    ]);
    // Each validates the other: Bob's update fails Alice's checks.
    const measured = { lossBefore: 2_300_000, lossAfter: 600_000, accuracy: 910_000_000 };
    const judged = await Promise.all([
      succeed(api, api.tx.training.submitVerdict(job, 1, bobNode, aliceNode, 'Valid', measured), bob),
      succeed(api, api.tx.training.submitVerdict(job, 1, aliceNode, bobNode, 'Invalid', measured), alice),
    ]);
    const [roundJudged] = judged.flatMap(({ events }) => trainingEvents(events, 'RoundJudged'));
    assert.deepEqual([roundJudged.valid, roundJudged.merger], [1, aliceNode]);
    assert.ok((await api.query.training.rounds(job, 1)).unwrap().phase.isMerging, 'the merger is due');

    const model = blake2AsHex('merged model');
    const fund = fundAccount(api);
    const fundBefore = (await api.query.system.account(fund)).data.free.toBigInt();
    const { events: settled } = await succeed(api, api.tx.training.submitMerge(job, 1, aliceNode, model), alice);

    // Alice's valid update takes the trainers' 80%, each agreeing validator half of the rest;
    // the fund takes 5% of every payment.
    const paid = trainingEvents(settled, 'Paid').map(({ node, reason, paid, fundCut }) =>
      [node, reason, BigInt(paid) + BigInt(fundCut), BigInt(fundCut)]);
    assert.deepEqual(paid, [
      [aliceNode, 'ValidUpdate', 80n * UNIT, 4n * UNIT],
      [aliceNode, 'AgreeingVerdicts', 10n * UNIT, UNIT / 2n],
      [bobNode, 'AgreeingVerdicts', 10n * UNIT, UNIT / 2n],
    ]);
    const [faulted] = trainingEvents(settled, 'Faulted');
    assert.deepEqual([faulted.node, faulted.fault, BigInt(faulted.slashed)], [bobNode, 'InvalidUpdate', 100n * UNIT]);
    assert.equal((await api.query.compute.nodes(bobNode)).unwrap().status.toString(), 'Flagged');

    const [finished] = trainingEvents(settled, 'JobFinished');
    assert.deepEqual([finished.model, BigInt(finished.refunded)], [model, 0n]);
    const [stored, lastRound] = (await api.call.trainingApi.job(job)).unwrap();
    assert.equal(stored.status.toString(), 'Finished');
    assert.equal(lastRound.unwrap().phase.toString(), 'Settled');
    assert.equal(stored.modelHash.unwrap().toHex(), model);
    assert.deepEqual((await api.query.balances.holds(charlie.address)).toJSON(), []);

    // Budget = payments (with the fund's cut) + refund; the fund also got Bob's slash.
    const total = paid.reduce((sum, [, , amount]) => sum + amount, 0n) + BigInt(finished.refunded);
    assert.equal(total, budget);
    const cuts = paid.reduce((sum, [, , , cut]) => sum + cut, 0n);
    const fundAfter = (await api.query.system.account(fund)).data.free.toBigInt();
    assert.equal(fundAfter - fundBefore, cuts + 100n * UNIT);
  });
});
