// zombienet networks (`networks/*.toml`), spawned with zombienet's own orchestrator and its
// native provider: each node a process on this machine with its trainer beside it
// (`bin/node-with-trainer.sh`). The orchestrator keeps its own @polkadot/api; this project's
// code talks to the nodes through its own (16.5.6).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import zombienet from '@zombienet/orchestrator';
import zombienetUtils from '@zombienet/utils';
import { nodeBinary, rpcCall } from './dev-node.mjs';
import { jobBudget, postJob } from './jobs.mjs';
import { registerNodes } from './network.mjs';
import { devAccounts } from './tx.mjs';

/** The folder of the network files. */
export const NETWORKS = resolve(import.meta.dirname, '..', 'networks');

/** How far above its node's RPC port a trainer listens (`bin/node-with-trainer.sh`). */
const TRAINER_PORT_OFFSET = 11;

/**
 * Writes the raw `--chain local` spec once per process and names it in
 * `AICCHAIN_LOCAL_SPEC`, where the network files look for it.
 */
function ensureLocalSpec() {
  if (!process.env.AICCHAIN_LOCAL_SPEC) {
    const spec = execFileSync(nodeBinary(),
      ['build-spec', '--chain', 'local', '--raw', '--disable-default-bootnode'],
      { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    const path = join(mkdtempSync(join(tmpdir(), 'aicchain-spec-')), 'local.json');
    writeFileSync(path, spec);
    process.env.AICCHAIN_LOCAL_SPEC = path;
  }
}

/**
 * Spawns the network `file` (in `networks/`) and connects to every node; `stop()` stops the
 * nodes (and so their trainers) and removes the network's folder.
 * @returns {{ network, nodes: Record<string, {name, api, wsUri, trainerUrl, zombie}>,
 *   stop: () => Promise<void> }} where `zombie` is zombienet's node (`restart`, `pause`, …)
 */
export async function spawnNetwork(file = 'local-4.toml', { logType = 'silent' } = {}) {
  ensureLocalSpec();
  const config = zombienetUtils.readNetworkConfig(join(NETWORKS, file));
  const network = await zombienet.start('', config, { spawnConcurrency: 1, logType, force: true });
  const nodes = {};
  const spawned = {
    network,
    nodes,
    stop: async () => {
      await Promise.all(Object.values(nodes).map((node) => node.api.disconnect().catch(() => {})));
      await network.stop();
      rmSync(network.tmpDir, { recursive: true, force: true });
    },
  };
  try {
    for (const zombie of network.relay) {
      const api = await ApiPromise.create({ provider: new WsProvider(zombie.wsUri), noInitWarn: true });
      const rpcPort = Number(new URL(zombie.wsUri).port);
      const trainerUrl = `http://127.0.0.1:${rpcPort + TRAINER_PORT_OFFSET}`;
      nodes[zombie.name] = { name: zombie.name, api, wsUri: zombie.wsUri, trainerUrl, zombie };
    }
    await Promise.all(Object.values(nodes).map((node) => waitForTrainer(node.trainerUrl)));
  } catch (error) {
    await spawned.stop();
    throw error;
  }
  return spawned;
}

/** Resolves once the trainer at `url` answers `trainer_info` (it loads its data sets first). */
export async function waitForTrainer(url, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await rpcCall(url, 'trainer_info');
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the trainer at ${url} did not answer: ${error.message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The operators of local-4's nodes, by node name. */
export const OPERATORS = devAccounts(['alice', 'bob', 'charlie', 'dave']);

/**
 * Spawns the network `file` (see `spawnNetwork`) and registers each operator's compute node
 * with its trainer's URL and `gpus[name]` GPUs; adds `idOf` (name → node id) and `nameOf`.
 */
export async function registeredNetwork(file, gpus = {}) {
  const spawned = await spawnNetwork(file);
  try {
    const names = Object.keys(spawned.nodes);
    const ids = await registerNodes(spawned.nodes.alice.api, names.map((name) =>
      ({ account: OPERATORS[name], trainerUrl: spawned.nodes[name].trainerUrl, gpus: gpus[name] })));
    spawned.idOf = Object.fromEntries(names.map((name, i) => [name, ids[i]]));
    spawned.nameOf = Object.fromEntries(names.map((name, i) => [ids[i], name]));
  } catch (error) {
    await spawned.stop();
    throw error;
  }
  return spawned;
}

/**
 * Eve, the client of the network tests, posts a High-priority job on Fashion-MNIST through
 * Alice's node (`options` as for `postJob`), its budget `jobBudget`.
 */
export async function postEvesJob(spawned, options) {
  const [images] = (await rpcCall(spawned.nodes.alice.trainerUrl, 'trainer_info')).datasets;
  const { api } = spawned.nodes.alice;
  const { eve } = devAccounts(['eve']);
  return postJob(api, eve, images.hash, { budget: jobBudget(api), priority: 'High', ...options });
}
