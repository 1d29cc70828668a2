// A single `--dev` node driven through @polkadot/api: runtime identity, token properties,
// AICC and AICG transfers to finality, a failed transfer's readable error, and finality
// that keeps going.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parentOf, unit } from '../lib/chain.mjs';
import { startDevNode } from '../lib/dev-node.mjs';
import { devAccounts, findEvent, submitAndFinalize, waitForFinalized } from '../lib/tx.mjs';

describe('a dev node', () => {
  let node;
  let api;
  let UNIT; // one AICC, and one AICG: the first test checks that both tokens have 12 decimals
  let alice;
  let bob;

  before(async () => {
    node = await startDevNode();
    api = node.api;
    UNIT = unit(api);
    ({ alice, bob } = devAccounts());
  });

  after(async () => {
    await node?.stop();
  });

  /** AICC (free) of `who` at `blockHash`. */
  async function aicc(blockHash, who) {
    return (await (await api.at(blockHash)).query.system.account(who.address)).data.free.toBigInt();
  }

  /** AICG (free) of `who` at `blockHash`. */
  async function aicg(blockHash, who) {
    return (await (await api.at(blockHash)).query.aicg.account(who.address)).free.toBigInt();
  }

  /** The fee `who` paid in `events`, from `transactionPayment.TransactionFeePaid`. */
  function feePaid(events, who) {
    const event = findEvent(events, 'transactionPayment', 'TransactionFeePaid');
    assert.ok(event, 'a TransactionFeePaid event');
    assert.equal(event.data.who.toString(), who.address);
    return event.data.actualFee.toBigInt();
  }

  test('is the AICChain runtime with AICC and AICG properties', async () => {
    assert.equal(api.runtimeVersion.specName.toString(), 'aicchain');
    // What polkadot.js made of `system_properties`: the symbols and decimals Apps displays.
    assert.deepEqual(api.registry.chainTokens, ['AICC', 'AICG']);
    assert.deepEqual(api.registry.chainDecimals, [12, 12]);
    assert.equal(api.registry.chainSS58, 42);
    assert.ok(api.tx.aicg?.transferKeepAlive, 'the AICG ledger is exposed as api.tx.aicg');
  });

  test('transfers AICC from Alice to Bob, finalized, with its event and exact balances', async () => {
    const amount = 12n * UNIT;
    const { blockHash, events, dispatchError } = await submitAndFinalize(
      api, api.tx.balances.transferKeepAlive(bob.address, amount), alice);
    assert.equal(dispatchError, null);

    const transfer = findEvent(events, 'balances', 'Transfer');
    assert.ok(transfer, 'a balances.Transfer event');
    assert.equal(transfer.data.from.toString(), alice.address);
    assert.equal(transfer.data.to.toString(), bob.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);

    const before = await parentOf(api, blockHash);
    const fee = feePaid(events, alice);
    assert.equal(await aicc(blockHash, bob), (await aicc(before, bob)) + amount);
    assert.equal(await aicc(blockHash, alice), (await aicc(before, alice)) - amount - fee);
  });

  test('transfers AICG from Alice to Bob, finalized, fees paid in AICC only', async () => {
    const amount = 7n * UNIT;
    const { blockHash, events, dispatchError } = await submitAndFinalize(
      api, api.tx.aicg.transferKeepAlive(bob.address, amount), alice);
    assert.equal(dispatchError, null);

    const transfer = findEvent(events, 'aicg', 'Transfer');
    assert.ok(transfer, 'an aicg.Transfer event');
    assert.equal(transfer.data.from.toString(), alice.address);
    assert.equal(transfer.data.to.toString(), bob.address);
    assert.equal(transfer.data.amount.toBigInt(), amount);
    assert.equal(findEvent(events, 'balances', 'Transfer'), undefined, 'no AICC moved');

    const before = await parentOf(api, blockHash);
    assert.equal(await aicg(blockHash, bob), (await aicg(before, bob)) + amount);
    assert.equal(await aicg(blockHash, alice), (await aicg(before, alice)) - amount);
    assert.equal(await aicc(blockHash, alice), (await aicc(before, alice)) - feePaid(events, alice));
    assert.equal(await aicc(blockHash, bob), await aicc(before, bob));
  });

  test('refuses to transfer more AICC than Alice has, and moves nothing but the fee', async () => {
    const head = await api.rpc.chain.getFinalizedHead();
    const tooMuch = (await aicc(head, alice)) + UNIT;
    const { blockHash, events, dispatchError } = await submitAndFinalize(
      api, api.tx.balances.transferKeepAlive(bob.address, tooMuch), alice);

    // The fungible traits report an overdraft as a token error, not a pallet's own error.
    assert.deepEqual(dispatchError, { kind: 'Token', name: 'FundsUnavailable' });
    assert.ok(findEvent(events, 'system', 'ExtrinsicFailed'));
    assert.equal(findEvent(events, 'balances', 'Transfer'), undefined);

    const before = await parentOf(api, blockHash);
    assert.equal(await aicc(blockHash, bob), await aicc(before, bob));
    assert.equal(await aicc(blockHash, alice), (await aicc(before, alice)) - feePaid(events, alice));
  });

  test('refuses a forced transfer by a non-sudo account with a readable module error', async () => {
    const amount = 5n * UNIT;
    const forced = api.tx.balances.forceTransfer(alice.address, bob.address, amount);
    const { blockHash, events, dispatchError } = await submitAndFinalize(
      api, api.tx.sudo.sudo(forced), bob);

    assert.equal(dispatchError?.kind, 'Module');
    assert.equal(dispatchError.section, 'sudo');
    assert.equal(dispatchError.name, 'RequireSudo');
    assert.match(dispatchError.docs, /sudo account/i);

    const before = await parentOf(api, blockHash);
    assert.equal(await aicc(blockHash, alice), await aicc(before, alice));
    assert.equal(await aicc(blockHash, bob), (await aicc(before, bob)) - feePaid(events, bob));
  });

  test('keeps finalizing blocks', async () => {
    const { from, to } = await waitForFinalized(api, 2);
    assert.ok(to >= from + 2, `finalized #${from} then #${to}`);
  });
});
