// A learned matching policy voted in on a `--dev` node, driven through @polkadot/api the way
// AICG holders would: Alice publishes the network the trainer learned in its market simulator
// (`offchain-trainer/policies/learned.scale`), proposes switching matching to it, Bob and
// Charlie vote it in, the vote closes. `matchingPreview` then ranks trainers as the trainer's
// own evaluation of the same network predicts (`aicchain-trainer policy rank`, fed the chain's
// figures), and the next job posted is matched by it.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { u8aToHex } from '@polkadot/util';
import { blake2AsHex } from '@polkadot/util-crypto';
import { unit, waitForBlock } from '../lib/chain.mjs';
import { startDevNode } from '../lib/dev-node.mjs';
import { MLP_PARAMS } from '../lib/jobs.mjs';
import { trainerBinary } from '../lib/network.mjs';
import { devAccounts, findEvent, succeed } from '../lib/tx.mjs';

const POLICY = resolve(import.meta.dirname, '..', '..', 'offchain-trainer', 'policies', 'learned.scale');

/** Three trainers the two policies rank apart: many GPUs far away, one small fast GPU, a middling node. */
const FLEET = {
  bob: {
    gpuCount: 8, gpuModel: 'NVIDIA H100', gpuMemoryGib: 80, cpuCores: 32, memoryGib: 256,
    bandwidthMbps: 100, latencyMs: 200, gflopsPerWatt: 20, renewablePercent: 0, region: 'ap-south', artifactUrl: '',
  },
  charlie: {
    gpuCount: 1, gpuModel: 'NVIDIA L4', gpuMemoryGib: 24, cpuCores: 8, memoryGib: 32,
    bandwidthMbps: 10_000, latencyMs: 5, gflopsPerWatt: 80, renewablePercent: 50, region: 'eu-north', artifactUrl: '',
  },
  dave: {
    gpuCount: 4, gpuModel: 'NVIDIA A100', gpuMemoryGib: 40, cpuCores: 16, memoryGib: 128,
    bandwidthMbps: 1_000, latencyMs: 30, gflopsPerWatt: 40, renewablePercent: 50, region: 'us-east', artifactUrl: '',
  },
};

/** The job both previews and the posted job ask for. */
const JOB = { model: 'Mlp', trainers: 2, minGpus: 0 };

/** `node`'s figures as matching reads them on-chain, in the trainer's `Candidate` JSON. */
async function candidateOf(api, node) {
  const specs = (await api.query.compute.nodes(node)).unwrap().specs;
  const trust = (await api.query.reporting.trust(node)).unwrapOr(api.consts.reporting.initialTrust);
  return {
    node,
    gpus: specs.gpuCount.toNumber(),
    gpuMemoryGib: specs.gpuMemoryGib.toNumber(),
    latencyMs: specs.latencyMs.toNumber(),
    bandwidthMbps: specs.bandwidthMbps.toNumber(),
    gflopsPerWatt: specs.gflopsPerWatt.toNumber(),
    renewablePercent: specs.renewablePercent.toNumber(),
    trust: trust.toNumber(),
    busy: (await api.query.training.workload(node)).toNumber(),
  };
}

/** The node ids the trainer ranks best first under `policy` (a file, or `linear`). */
function predict(policy, candidates) {
  const output = execFileSync(trainerBinary(), [
    'policy', 'rank', '--policy', policy, '--job', JSON.stringify(JOB),
    '--candidates', JSON.stringify(candidates),
  ], { encoding: 'utf8' });
  return JSON.parse(output);
}

describe('a learned matching policy on a dev node', () => {
  let node;
  let api;
  let UNIT;

  before(async () => {
    node = await startDevNode();
    api = node.api;
    UNIT = unit(api);
  });

  after(async () => {
    await node?.stop();
  });

  test('is published, voted in, and matches the next job as the trainer predicts', async () => {
    const accounts = devAccounts();
    const { alice, bob, charlie } = accounts;
    const trainers = await Promise.all(Object.entries(FLEET).map(async ([name, specs]) => {
      const { events } = await succeed(
        api, api.tx.compute.registerNode(specs, { trainer: true, validator: false }), accounts[name]);
      return findEvent(events, 'compute', 'NodeRegistered').data.node.toNumber();
    }));
    // Alice's dev node is the only validator, so it never trains: the three above compete.
    const candidates = await Promise.all(trainers.map((id) => candidateOf(api, id)));
    const linear = predict('linear', candidates).slice(0, JOB.trainers);
    const learned = predict(POLICY, candidates).slice(0, JOB.trainers);
    console.log(`predicted trainers: linear ${JSON.stringify(linear)}, learned ${JSON.stringify(learned)}`);
    assert.notDeepEqual([...learned].sort(), [...linear].sort(), 'the two policies pick different trainers');

    const preview = async () =>
      (await api.call.trainingApi.matchingPreview(JOB.model, JOB.trainers, 1, JOB.minGpus)).toJSON()[0];
    assert.deepEqual(await preview(), linear, 'the chain ranks like the trainer under the linear weights');

    // Alice publishes the network's bytes; their hash is what a proposal names.
    const bytes = readFileSync(POLICY);
    const published = findEvent(
      (await succeed(api, api.tx.governance.publishPolicy(u8aToHex(bytes)), alice)).events,
      'governance', 'PolicyPublished');
    const hash = published.data.policy.toHex();
    assert.equal(hash, blake2AsHex(bytes));
    assert.equal(published.data.bytes.toNumber(), bytes.length);

    const proposed = findEvent(
      (await succeed(api, api.tx.governance.propose({ LearnedMatching: hash }), alice)).events,
      'governance', 'Proposed');
    const proposal = proposed.data.proposal.toNumber();
    const endsAt = proposed.data.endsAt.toNumber();
    // The same AICG votes on this and on any other open proposal: the largest vote is frozen.
    const other = findEvent(
      (await succeed(api, api.tx.governance.propose({ AuditRate: 200_000_000 }), alice)).events,
      'governance', 'Proposed');
    for (const [voter, amount] of [[bob, 800n * UNIT], [charlie, 600n * UNIT]]) {
      await succeed(api, api.tx.governance.vote(proposal, 'Aye', amount), voter);
    }
    await succeed(api, api.tx.governance.vote(other.data.proposal, 'Nay', 800n * UNIT), bob);
    assert.deepEqual((await api.query.aicg.freezes(bob.address)).toJSON(),
      [{ id: { governance: 'Vote' }, amount: Number(800n * UNIT) }]);
    assert.deepEqual(await preview(), linear, 'nothing changes before the vote closes');

    await waitForBlock(api, (number) => number >= endsAt);
    const { events: closed } = await succeed(api, api.tx.governance.close(proposal), alice);
    assert.ok(findEvent(closed, 'governance', 'Approved'), 'a governance.Approved event');
    assert.equal((await api.query.governance.policy()).learnedMatching.unwrap().toHex(), hash);

    assert.deepEqual(await preview(), learned, 'the chain ranks like the trainer under the learned policy');

    // The next job is matched by the learned policy.
    const budget = 100n * UNIT;
    const { events: posted } = await succeed(api, api.tx.training.createJob(
      JOB.model, { hash: `0x${'07'.repeat(32)}`, location: 'fashion-mnist' }, MLP_PARAMS,
      1, JOB.trainers, 1, budget, 'Own', JOB.minGpus, 'Normal'), charlie);
    const started = findEvent(posted, 'training', 'RoundStarted');
    assert.deepEqual(started.data.trainers.toJSON().map(([id]) => id), learned);
  });
});
