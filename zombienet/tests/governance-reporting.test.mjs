// Governance and truthful reporting on a `--dev` node, driven through @polkadot/api the way
// AICG holders and node operators would: Alice proposes a bigger renewable-energy bonus, Bob
// and Charlie vote with AICG (frozen, not spent), the vote ends, `close` enacts it and the new
// policy is read back; then Dave's node over-reports in a revealed report, is audited, slashed
// into the community fund, loses trust and is flagged.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blake2AsHex, blake2AsU8a } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { unit, waitForBlock } from '../lib/chain.mjs';
import { startDevNode } from '../lib/dev-node.mjs';
import { fundAccount } from '../lib/economy.mjs';
import { devAccounts, findEvent, submitAndFinalize, succeed } from '../lib/tx.mjs';

describe('governance and reporting on a dev node', () => {
  let node;
  let api;
  let UNIT;
  let alice;
  let bob;
  let charlie;
  let dave;

  before(async () => {
    node = await startDevNode();
    api = node.api;
    UNIT = unit(api);
    ({ alice, bob, charlie, dave } = devAccounts());
  });

  after(async () => {
    await node?.stop();
  });

  test('AICG holders raise the renewable-energy bonus by vote', async () => {
    const before = (await api.query.governance.policy()).matching;
    assert.equal(before.weights.renewable.toNumber(), 10);

    const proposed = findEvent(
      (await succeed(api, api.tx.governance.propose({ RenewableWeight: 25 }), alice)).events,
      'governance', 'Proposed');
    assert.ok(proposed, 'a governance.Proposed event');
    const proposal = proposed.data.proposal.toNumber();
    const endsAt = proposed.data.endsAt.toNumber();

    // Quorum is a tenth of all AICG; Bob and Charlie bring more than that, all aye.
    const issuance = (await api.query.aicg.totalIssuance()).toBigInt();
    const [bobVote, charlieVote] = [800n * UNIT, 600n * UNIT];
    assert.ok(bobVote + charlieVote >= issuance / 10n, 'the votes reach quorum');
    await succeed(api, api.tx.governance.vote(proposal, 'Aye', bobVote), bob);
    await succeed(api, api.tx.governance.vote(proposal, 'Aye', charlieVote), charlie);
    const freezes = (await api.query.aicg.freezes(bob.address)).toJSON();
    assert.deepEqual(freezes, [{ id: { governance: 'Vote' }, amount: Number(bobVote) }]);

    // Frozen AICG cannot change hands to vote a second time.
    const everything = (await api.query.aicg.account(bob.address)).free.toBigInt();
    const moved = await submitAndFinalize(api, api.tx.aicg.transferKeepAlive(dave.address, everything - UNIT), bob);
    assert.deepEqual(moved.dispatchError, { kind: 'Token', name: 'Frozen' });

    const early = await submitAndFinalize(api, api.tx.governance.close(proposal), dave);
    assert.equal(early.dispatchError?.name, 'VotingOpen');
    await waitForBlock(api, (number) => number >= endsAt);
    const { events } = await succeed(api, api.tx.governance.close(proposal), dave);
    assert.ok(findEvent(events, 'governance', 'Approved'), 'a governance.Approved event');
    assert.ok(findEvent(events, 'governance', 'DepositReturned'), 'the deposit is returned');
    const changed = findEvent(events, 'governance', 'PolicyChanged');
    assert.equal(changed.data.proposal.unwrap().toNumber(), proposal);

    const after = (await api.query.governance.policy()).matching;
    assert.equal(after.weights.renewable.toNumber(), 25);
    assert.equal(after.weights.gpus.toNumber(), before.weights.gpus.toNumber());
    // The commitment is the BLAKE2b-256 hash of the weights' SCALE encoding.
    assert.equal(after.commitment.toHex(), blake2AsHex(after.weights.toU8a()));
    assert.notEqual(after.commitment.toHex(), before.commitment.toHex());

    await succeed(api, api.tx.governance.unlock(), bob);
    assert.deepEqual((await api.query.aicg.freezes(bob.address)).toJSON(), []);
  });

  test('an over-reporting node is audited, slashed into the fund, loses trust and is flagged', async () => {
    const specs = {
      gpuCount: 1, gpuModel: 'NVIDIA A100', gpuMemoryGib: 40, cpuCores: 8, memoryGib: 64,
      bandwidthMbps: 1_000, latencyMs: 30, gflopsPerWatt: 40, renewablePercent: 50, region: 'us-east', artifactUrl: '',
    };
    const registered = findEvent(
      (await succeed(api, api.tx.compute.registerNode(specs, { trainer: true, validator: true }), dave)).events,
      'compute', 'NodeRegistered');
    const nodeId = registered.data.node.toNumber();
    const bond = registered.data.bond.toBigInt();

    // Commit at the start of an epoch, so that the block that includes it is in that epoch.
    const epochLength = (await api.query.reporting.epochLength()).toNumber();
    const start = await waitForBlock(api, (number) => (number + 1) % epochLength === 0);
    const epoch = (start + 1) / epochLength;
    const claimed = { throughput: 2_000, latencyMs: 30, uptimePermille: 990, energyWh: 800 };
    const metricsType = api.tx.reporting.revealReport.meta.args[1].type.toString();
    const salt = blake2AsU8a(stringToU8a('dave salt'));
    const hash = blake2AsHex(u8aConcat(
      api.createType('u32', nodeId).toU8a(),
      api.createType('u32', epoch).toU8a(),
      api.createType(metricsType, claimed).toU8a(),
      salt,
    ));
    const committed = findEvent(
      (await succeed(api, api.tx.reporting.commitReport(nodeId, hash), dave)).events,
      'reporting', 'ReportCommitted');
    assert.equal(committed.data.epoch.toNumber(), epoch);

    await waitForBlock(api, (number) => number >= (epoch + 1) * epochLength);
    const revealed = findEvent(
      (await succeed(api, api.tx.reporting.revealReport(nodeId, claimed, salt), dave)).events,
      'reporting', 'ReportRevealed');
    assert.equal(revealed.data.metrics.throughput.toNumber(), 2_000);

    // The auditor measures a tenth of the claimed throughput.
    const fund = fundAccount(api);
    const fundBefore = (await api.query.system.account(fund)).data.free.toBigInt();
    const measured = { ...claimed, throughput: 200 };
    const { events } = await succeed(api, api.tx.sudo.sudo(api.tx.reporting.submitAudit(nodeId, measured)), alice);
    const audited = findEvent(events, 'reporting', 'Audited');
    assert.ok(audited, 'a reporting.Audited event');
    assert.equal(audited.data.honest.isTrue, false);
    const slashFraction = (await api.query.governance.policy()).slashFraction.toBigInt();
    const slashed = bond * slashFraction / 1_000_000_000n;
    assert.equal(audited.data.slashed.toBigInt(), slashed);
    assert.equal(findEvent(events, 'economy', 'SlashReceived').data.amount.toBigInt(), slashed);
    assert.ok(findEvent(events, 'compute', 'NodeFlagged'), 'the registry flagged the node');

    const trust = (await api.query.reporting.trust(nodeId)).unwrap().toNumber();
    assert.equal(trust, 375_000_000, 'trust fell from 50% to 37.5%, under the 40% threshold');
    assert.equal((await api.query.compute.nodes(nodeId)).unwrap().status.toString(), 'Flagged');
    const fundAfter = (await api.query.system.account(fund)).data.free.toBigInt();
    assert.equal(fundAfter - fundBefore, slashed, 'the slashed AICC went to the fund');
    const holds = (await api.query.balances.holds(dave.address)).toJSON();
    assert.deepEqual(holds, [{ id: { compute: 'NodeBond' }, amount: Number(bond - slashed) }]);
  });
});
