// Who can move a job's budget and a subsidy, on a `--dev` node, tried the way an attacker
// would from polkadot.js: a client closing or paying out the escrow of its running job, and a
// subsidised client paying its subsidy to itself or to an account that did no work. Each is
// refused with the economy's module error and its docs, and nothing moves. A subsidy funds a
// job instead.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blake2AsHex } from '@polkadot/util-crypto';
import { unit } from '../lib/chain.mjs';
import { startDevNode } from '../lib/dev-node.mjs';
import { devAccounts, findEvent, submitAndFinalize, succeed } from '../lib/tx.mjs';

const SPECS = {
  gpuCount: 1, gpuModel: 'NVIDIA L4', gpuMemoryGib: 24, cpuCores: 8, memoryGib: 32,
  bandwidthMbps: 1_000, latencyMs: 20, gflopsPerWatt: 60, renewablePercent: 80, region: 'eu-west', artifactUrl: '',
};
const HYPER_PARAMS = {
  optimizer: 'Adam', learningRate: 1_000_000, batchSize: 32, steps: 100, checkpointEvery: 25,
};
const DATASET = { hash: blake2AsHex('digits'), location: 'digits' };

describe('budgets and subsidies cannot be taken back or diverted', () => {
  let node;
  let api;
  let UNIT;
  let alice;
  let bob;
  let charlie;
  let dave;
  let ferdie;

  before(async () => {
    node = await startDevNode();
    api = node.api;
    UNIT = unit(api);
    ({ alice, bob, charlie, dave, ferdie } = devAccounts());
    // Two nodes, so that a job runs: each trains and judges the other.
    await Promise.all([alice, charlie].map((who) =>
      succeed(api, api.tx.compute.registerNode(SPECS, { trainer: true, validator: true }), who)));
  });

  after(async () => {
    await node?.stop();
  });

  /** Sends `tx`, asserts it failed with the economy's error `name`; returns the error's docs. */
  async function refused(tx, signer, name) {
    const { dispatchError } = await submitAndFinalize(api, tx, signer);
    assert.deepEqual([dispatchError?.section, dispatchError?.name], ['economy', name]);
    return dispatchError.docs;
  }

  async function free(address) {
    return (await api.query.system.account(address)).data.free.toBigInt();
  }

  test("a client can neither close nor pay out its running job's budget", async () => {
    const budget = 10n * UNIT;
    const { events } = await succeed(
      api, api.tx.training.createJob('Mlp', DATASET, HYPER_PARAMS, 1, 1, 1, budget, 'Own', 0, 'Normal'),
      bob);
    const job = findEvent(events, 'training', 'JobCreated').data.job.toNumber();
    assert.ok(findEvent(events, 'training', 'RoundStarted'), 'the job runs');
    const escrow = (await api.query.training.jobs(job)).unwrap().escrow.toNumber();
    const created = findEvent(events, 'economy', 'EscrowCreated');
    assert.equal(created.data.control.toString(), 'Rules');

    const docs = await refused(api.tx.economy.closeEscrow(escrow), bob, 'HeldForJob');
    assert.match(docs, /only the training rules/);
    assert.match(docs, /cancelJob/);
    await refused(api.tx.economy.releaseEscrow(escrow, bob.address, budget), bob, 'HeldForJob');
    await refused(api.tx.economy.releaseEscrow(escrow, ferdie.address, budget), bob, 'HeldForJob');

    const still = (await api.query.economy.escrows(escrow)).unwrap();
    assert.equal(still.remaining.toBigInt(), budget, 'the budget is whole');
    const escrowed = (await api.query.balances.holds(bob.address)).toJSON()
      .filter((hold) => hold.id.economy === 'Escrow');
    assert.deepEqual(escrowed, [{ id: { economy: 'Escrow' }, amount: Number(budget) }]);
    assert.equal((await api.query.training.jobs(job)).unwrap().status.toString(), 'Running');
  });

  test('a subsidy pays neither its own client nor anyone else; it funds a job', async () => {
    const amount = 50n * UNIT;
    await succeed(api, api.tx.economy.requestSubsidy(amount, 'training'), dave);
    const approved = findEvent(
      (await succeed(api, api.tx.sudo.sudo(api.tx.economy.approveSubsidy(dave.address)), alice)).events,
      'economy', 'SubsidyApproved');
    const grant = approved.data.escrow.toNumber();
    const [daveFree, ferdieFree] = [await free(dave.address), await free(ferdie.address)];

    // Dave's transactions cost fees: compare what he gets, not his whole balance.
    const docs = await refused(
      api.tx.economy.releaseEscrow(grant, dave.address, amount), dave, 'SubsidyForJobsOnly');
    assert.match(docs, /training jobs only/);
    await refused(
      api.tx.economy.releaseEscrow(grant, ferdie.address, amount), dave, 'SubsidyForJobsOnly');
    assert.ok(await free(dave.address) < daveFree, 'Dave paid fees and received nothing');
    assert.equal(await free(ferdie.address), ferdieFree);
    assert.equal((await api.query.economy.escrows(grant)).unwrap().remaining.toBigInt(), amount);

    // What a subsidy is for: a job whose budget is split off the grant.
    const budget = 20n * UNIT;
    const { events } = await succeed(
      api, api.tx.training.createJob('Mlp', DATASET, HYPER_PARAMS, 1, 1, 1, budget, 'Subsidy', 0, 'Normal'),
      dave);
    const job = findEvent(events, 'training', 'JobCreated').data.job.toNumber();
    const escrow = (await api.query.economy.escrows(
      (await api.query.training.jobs(job)).unwrap().escrow)).unwrap();
    assert.deepEqual([escrow.funding.toString(), escrow.control.toString()], ['Subsidy', 'Rules']);
    assert.equal(escrow.remaining.toBigInt(), budget);
    assert.equal((await api.query.economy.escrows(grant)).unwrap().remaining.toBigInt(),
      amount - budget);
  });
});
