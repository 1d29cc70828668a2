// Nodes of local-4 (`networks/local-4.toml`, spawned by zombienet) killed in the middle of a
// job, as zombienet kills them (SIGKILL): restarted at once on the same base path, a node's
// worker resumes its duties and submits nothing twice; down past the round's deadline, its
// update is Missing, it is slashed and replaced, and the job still finishes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { failedCallsOf, heads } from '../lib/chain.mjs';
import { assertPaidOnce, only } from '../lib/checks.mjs';
import { describeEvent, followJob, jobBudget, MLP_PARAMS } from '../lib/jobs.mjs';
import { OPERATORS, postEvesJob, registeredNetwork } from '../lib/zombie.mjs';

describe('local-4: two trainers\' nodes go down in the middle of a round', () => {
  let spawned;

  before(async () => {
    spawned = await registeredNetwork('local-4.toml');
  });

  after(async () => {
    await spawned?.stop();
  });

  test('one restarted at once resumes and submits nothing twice; one down past the deadline is Missing, slashed and replaced', async () => {
    // A CNN trains long enough (tens of seconds) for both to go down in the middle of it.
    const { job, postedAt } = await postEvesJob(spawned, {
      model: 'Cnn', params: { ...MLP_PARAMS, steps: 600, checkpointEvery: 100 },
      rounds: 2, trainers: 2, validators: 2,
    });
    const round = (await spawned.nodes.alice.api.query.training.rounds(job, 1)).unwrap();
    const [restarted, killed] = round.trainers.map((slot) => spawned.nameOf[slot.node.toNumber()]);
    // Follow the job from a node that stays up.
    const { api } = Object.values(spawned.nodes).find(({ name }) => name !== restarted && name !== killed);

    // One is restarted at once, 5 s down; the other is down until past the round's deadline
    // (a High-priority round: 100 blocks, of 4 s on average while an authority misses its slots).
    const downFor = (round.deadline.toNumber() - (await heads(api)).best) * 4 + 20;
    console.log(`round 1 trainers: restarting ${restarted}, killing ${killed} for ${downFor} s`);
    const back = spawned.nodes[killed].zombie.restart(downFor);
    assert.equal(await spawned.nodes[restarted].zombie.restart(5), true);

    const events = await followJob(api, job, { onEvent: (e) => console.log(describeEvent(e)) });
    assert.equal(await back, true, `${killed}'s node started again`);
    assertPaidOnce(events, jobBudget(api));
    assert.equal(only(events, 'RoundSettled').length, 2, 'the job finishes');
    const once = (method, key) => {
      const keys = only(events, method).map((e) => key(e.fields));
      assert.equal(new Set(keys).size, keys.length, `one ${method} each: ${keys}`);
    };
    once('UpdateSubmitted', (f) => `${f.round}/${f.node}`);
    once('VerdictSubmitted', (f) => `${f.round}/${f.validator}/${f.trainer}`);
    once('MergeSubmitted', (f) => `${f.round}`);

    // The restarted node's worker resumed from its base path: it trained round 1, was not
    // faulted, and sent nothing that failed.
    const resumed = spawned.idOf[restarted];
    assert.ok(only(events, 'UpdateSubmitted').some((e) => e.fields.round === 1 && e.fields.node === resumed),
      `${restarted} trained round 1 after the restart`);
    assert.ok(!only(events, 'Faulted').some((e) => e.fields.node === resumed), `${restarted} not faulted`);
    assert.deepEqual(await failedCallsOf(api, OPERATORS[restarted].address, postedAt, events.at(-1).block), [],
      `${restarted}'s node sent nothing that failed (no double submissions)`);

    // The node down past the deadline: Missing, slashed, not paid for it, replaced.
    const down = spawned.idOf[killed];
    const missing = only(events, 'Faulted').filter((e) => e.fields.node === down && e.fields.fault === 'MissingUpdate');
    assert.deepEqual(missing.map((e) => e.fields.round), [1]);
    assert.ok(BigInt(missing[0].fields.slashed) > 0n, 'slashed');
    assert.ok(!only(events, 'Paid').some((e) => e.fields.node === down && e.fields.reason === 'ValidUpdate'));
    const [, second] = only(events, 'RoundStarted').map((e) => e.fields);
    assert.ok(second.trainers.every(([trainer]) => trainer !== down), 'replaced in round 2');
  });
});
