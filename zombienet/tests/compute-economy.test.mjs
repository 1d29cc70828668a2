// The compute registry and the economy on a `--dev` node, driven through @polkadot/api as an
// operator, a client and the sudo key would: register a node with a bond, heartbeat, a refused
// registration with its module error, an escrowed payment with the community-fund cut, and a
// subsidy approved through sudo.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parentOf, unit } from '../lib/chain.mjs';
import { startDevNode } from '../lib/dev-node.mjs';
import { fundAccount } from '../lib/economy.mjs';
import { devAccounts, findEvent, submitAndFinalize, succeed } from '../lib/tx.mjs';

/** Declared hardware of a one-GPU node, as `compute.registerNode` takes it. */
const SPECS = {
  gpuCount: 1,
  gpuModel: 'NVIDIA H100',
  gpuMemoryGib: 80,
  cpuCores: 16,
  memoryGib: 128,
  bandwidthMbps: 10_000,
  latencyMs: 20,
  gflopsPerWatt: 50,
  renewablePercent: 60,
  region: 'eu-west',
  artifactUrl: '',
};

describe('compute and economy on a dev node', () => {
  let node;
  let api;
  let UNIT;
  let alice;
  let bob;
  let charlie;
  let fund;

  before(async () => {
    node = await startDevNode();
    api = node.api;
    UNIT = unit(api);
    ({ alice, bob, charlie } = devAccounts());
    // A pallet's account: "modl" + its 8-byte PalletId, zero-padded to 32 bytes.
    fund = fundAccount(api);
  });

  after(async () => {
    await node?.stop();
  });

  /** The AICC of `address` (`free` and `reserved`, which includes holds) at `blockHash`. */
  async function aicc(blockHash, address) {
    const { data } = await (await api.at(blockHash)).query.system.account(address);
    return { free: data.free.toBigInt(), held: data.reserved.toBigInt() };
  }

  async function blockNumber(blockHash) {
    return (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
  }

  test('Bob registers a node: the bond is held and the node is active', async () => {
    const bond = api.consts.compute.nodeBond.toBigInt();
    const { blockHash, events } = await succeed(
      api, api.tx.compute.registerNode(SPECS, { trainer: true, validator: true }), bob);

    const registered = findEvent(events, 'compute', 'NodeRegistered');
    assert.ok(registered, 'a compute.NodeRegistered event');
    assert.equal(registered.data.operator.toString(), bob.address);
    assert.equal(registered.data.bond.toBigInt(), bond);
    const id = registered.data.node.toNumber();

    const before = await aicc(await parentOf(api, blockHash), bob.address);
    const after = await aicc(blockHash, bob.address);
    assert.equal(after.held, before.held + bond);
    // The development chain registered a node of Bob's at genesis: his bonds add up.
    const bonds = async (at) => (await (await api.at(at)).query.balances.holds(bob.address)).toJSON()
      .filter((hold) => hold.id.compute === 'NodeBond').reduce((sum, hold) => sum + BigInt(hold.amount), 0n);
    assert.equal(await bonds(blockHash), await bonds(await parentOf(api, blockHash)) + bond);

    const info = (await (await api.at(blockHash)).query.compute.nodes(id)).unwrap();
    assert.equal(info.status.toString(), 'Active');
    assert.equal(info.specs.gpuModel.toUtf8(), 'NVIDIA H100');
    const active = (await (await api.at(blockHash)).query.compute.activeNodes()).toJSON();
    assert.equal(active.at(-1), id, 'the new node joins the end of the active index');
  });

  test('Bob heartbeats: each heartbeat is recorded at its block', async () => {
    const id = (await api.query.compute.nextNodeId()).toNumber() - 1;
    for (let beat = 0; beat < 2; beat += 1) {
      const { blockHash, events } = await succeed(api, api.tx.compute.heartbeat(id), bob);
      assert.equal(findEvent(events, 'compute', 'Heartbeat')?.data.node.toNumber(), id);
      const info = (await (await api.at(blockHash)).query.compute.nodes(id)).unwrap();
      assert.equal(info.lastHeartbeat.toNumber(), await blockNumber(blockHash));
    }
  });

  test('an invalid registration comes back as a readable module error and holds nothing', async () => {
    const specs = { ...SPECS, renewablePercent: 101 };
    const { blockHash, dispatchError } = await submitAndFinalize(
      api, api.tx.compute.registerNode(specs, { trainer: true, validator: false }), charlie);

    assert.equal(dispatchError?.kind, 'Module');
    assert.equal(dispatchError.section, 'compute');
    assert.equal(dispatchError.name, 'RenewableShareOver100');
    assert.match(dispatchError.docs, /percentage/);
    const before = await aicc(await parentOf(api, blockHash), charlie.address);
    assert.equal((await aicc(blockHash, charlie.address)).held, before.held);
  });

  test('Alice pays Charlie from an escrow; the community fund takes its cut', async () => {
    const budget = 100n * UNIT;
    const created = await succeed(api, api.tx.economy.createEscrow(budget), alice);
    const escrowCreated = findEvent(created.events, 'economy', 'EscrowCreated');
    assert.ok(escrowCreated, 'an economy.EscrowCreated event');
    const escrow = escrowCreated.data.escrow.toNumber();
    assert.equal(escrowCreated.data.amount.toBigInt(), budget);

    const amount = 40n * UNIT;
    // The fund's cut is network policy (governance), a Perbill: parts per billion.
    const rate = (await api.query.governance.policy()).fundRate.toBigInt();
    const cut = (amount * rate) / 1_000_000_000n;
    assert.ok(cut > 0n, 'the dev chain has a non-zero fund rate');
    const { blockHash, events } = await succeed(
      api, api.tx.economy.releaseEscrow(escrow, charlie.address, amount), alice);

    const paid = findEvent(events, 'economy', 'Paid');
    assert.ok(paid, 'an economy.Paid event');
    assert.equal(paid.data.paid.toBigInt(), amount - cut);
    assert.equal(paid.data.cut.toBigInt(), cut);
    const before = await parentOf(api, blockHash);
    assert.equal((await aicc(blockHash, charlie.address)).free,
      (await aicc(before, charlie.address)).free + amount - cut);
    assert.equal((await aicc(blockHash, fund)).free, (await aicc(before, fund)).free + cut);
    assert.equal((await aicc(blockHash, alice.address)).held,
      (await aicc(before, alice.address)).held - amount);
    const left = (await (await api.at(blockHash)).query.economy.escrows(escrow)).unwrap();
    assert.equal(left.remaining.toBigInt(), budget - amount);
  });

  test('Charlie asks for a subsidy and sudo approves it as an escrow from the fund', async () => {
    const amount = 50n * UNIT;
    const requested = await succeed(
      api, api.tx.economy.requestSubsidy(amount, 'Fashion-MNIST MLP for a school'), charlie);
    assert.ok(findEvent(requested.events, 'economy', 'SubsidyRequested'));

    const { blockHash, events } = await succeed(
      api, api.tx.sudo.sudo(api.tx.economy.approveSubsidy(charlie.address)), alice);
    const sudid = findEvent(events, 'sudo', 'Sudid');
    assert.ok(sudid?.data.sudoResult.isOk, 'sudo dispatched the approval successfully');
    const approved = findEvent(events, 'economy', 'SubsidyApproved');
    assert.ok(approved, 'an economy.SubsidyApproved event');
    assert.equal(approved.data.client.toString(), charlie.address);
    assert.equal(approved.data.amount.toBigInt(), amount);

    const before = await parentOf(api, blockHash);
    assert.equal((await aicc(blockHash, fund)).free, (await aicc(before, fund)).free - amount);
    const charlieNow = await aicc(blockHash, charlie.address);
    const charlieBefore = await aicc(before, charlie.address);
    assert.equal(charlieNow.held, charlieBefore.held + amount);
    assert.equal(charlieNow.free, charlieBefore.free, 'the subsidy is not spendable AICC');
    const escrow = (await (await api.at(blockHash)).query.economy.escrows(
      approved.data.escrow)).unwrap();
    assert.equal(escrow.funding.toString(), 'Subsidy');
  });
});
