// local-4-faults (`networks/local-4-faults.toml`, spawned by zombienet): Dave's trainer judges
// every update Invalid, Charlie's publishes random weights. The liar is outvoted and loses
// trust; the cheater is judged Invalid, slashed, flagged and no longer matched.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertPaidOnce, only } from '../lib/checks.mjs';
import { rpcCall } from '../lib/dev-node.mjs';
import { describeEvent, followJob, jobBudget } from '../lib/jobs.mjs';
import { nodeSpecs } from '../lib/network.mjs';
import { succeed } from '../lib/tx.mjs';
import { OPERATORS, postEvesJob, registeredNetwork } from '../lib/zombie.mjs';

describe('local-4-faults: a validator that lies, a trainer that cheats', () => {
  let spawned;

  before(async () => {
    // Alice's node declares two GPUs and Charlie's one, so that a job's `minGpus` picks its
    // trainer. Dave's trainer judges every update Invalid; Charlie's publishes random weights.
    spawned = await registeredNetwork('local-4-faults.toml', { alice: 2, charlie: 1 });
  });

  after(async () => {
    await spawned?.stop();
  });

  test('a validator judging an honest update Invalid is outvoted, loses trust and is not paid', async () => {
    const api = spawned.nodes.alice.api;
    const { alice, dave } = spawned.idOf;
    const trustBefore = (await api.query.reporting.trust(dave)).unwrapOr(null)?.toNumber() ?? 500_000_000;
    // Only Alice's node has two GPUs: she trains, and Bob, Charlie and Dave judge her (all four
    // validate; nobody judges itself).
    const { job } = await postEvesJob(spawned, { rounds: 1, trainers: 1, validators: 4, minGpus: 2 });
    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });

    const [started] = only(events, 'RoundStarted');
    assert.deepEqual(started.fields.trainers.map(([node]) => node), [alice]);
    assert.ok(started.fields.validators.includes(dave), 'Dave judges');
    const verdicts = only(events, 'VerdictSubmitted').map((e) => [e.fields.validator, e.fields.verdict]);
    assert.deepEqual(verdicts.filter(([v]) => v === dave), [[dave, 'Invalid']], 'Dave lies');
    assert.equal(verdicts.filter(([, verdict]) => verdict === 'Valid').length, 2, 'the others do not');
    const paid = only(events, 'Paid').map((e) => [e.fields.node, e.fields.reason]);
    assert.ok(paid.some(([node, reason]) => node === alice && reason === 'ValidUpdate'), 'Alice is paid');
    assert.ok(!paid.some(([node]) => node === dave), 'Dave is not paid for his verdict');
    const [faulted] = only(events, 'Faulted');
    assert.deepEqual([faulted.fields.node, faulted.fields.fault], [dave, 'BadVerdicts']);
    assert.ok(faulted.fields.trust < trustBefore, `Dave's trust fell: ${trustBefore} → ${faulted.fields.trust}`);
    assertPaidOnce(events, jobBudget(api));
  });

  test('a trainer publishing random weights is judged Invalid, slashed, flagged and no longer matched', async () => {
    const api = spawned.nodes.alice.api;
    const { charlie } = spawned.idOf;
    // Alice's node gives up its GPUs: only Charlie's can train a job that asks for one.
    await succeed(api, api.tx.compute.updateSpecs(
      spawned.idOf.alice, nodeSpecs(spawned.nodes.alice.trainerUrl, 0)), OPERATORS.alice);
    // Its trust rose with its honest verdicts; each cheat lowers it, until it is flagged.
    const flagged = async () => (await api.query.compute.nodes(charlie)).unwrap().status.toString() === 'Flagged';
    let verdicts = [];
    for (let jobs = 1; !(await flagged()); jobs += 1) {
      assert.ok(jobs <= 3, 'flagged within three cheats');
      const { job } = await postEvesJob(spawned, { rounds: 1, trainers: 1, validators: 3, minGpus: 1 });
      const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });
      const [started] = only(events, 'RoundStarted');
      assert.deepEqual(started.fields.trainers.map(([node]) => node), [charlie]);
      // Dave is flagged by now: Alice and Bob judge it, both honest.
      const judges = started.fields.validators.filter((node) => node !== charlie);
      verdicts = only(events, 'VerdictSubmitted').filter((e) => e.fields.trainer === charlie);
      assert.deepEqual(verdicts.map((e) => e.fields.validator).sort(), judges.sort(), 'every judge');
      assert.ok(judges.length >= 2 && verdicts.every((e) => e.fields.verdict === 'Invalid'),
        'Invalid by all, a strict majority');
      const [faulted] = only(events, 'Faulted').filter((e) => e.fields.node === charlie);
      assert.equal(faulted.fields.fault, 'InvalidUpdate');
      assert.ok(BigInt(faulted.fields.slashed) > 0n, 'slashed');
      assertPaidOnce(events, jobBudget(api));
      console.log(`cheat ${jobs}: Charlie's trust ${faulted.fields.trust / 1e7}% (threshold 40%)`);
    }

    // Flagged: matching passes it over.
    const preview = (await api.call.trainingApi.matchingPreview('Mlp', 1, 0, 1)).toJSON();
    assert.ok(!(preview?.[0] ?? []).includes(charlie), `matching skips Charlie: ${JSON.stringify(preview)}`);

    // What the validators saw, from their workers' status.
    for (const { fields } of verdicts) {
      const name = spawned.nameOf[fields.validator];
      const status = await rpcCall(spawned.nodes[name].wsUri.replace('ws:', 'http:'), 'aicchain_workerStatus');
      const seen = status.events.filter((e) => e.text.includes('invalid:')).map((e) => e.text);
      console.log(`${name}'s worker: ${seen.join(' | ')}`);
    }
  });
});
