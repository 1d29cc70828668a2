// A local AICChain network on this machine, as operators run one: `--chain local` authorities,
// each with its own base path, ports and trainer (`aicchain-trainer serve`) beside it, its
// off-chain worker pointed at that trainer.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, rpcCall, spawnLogged, startNode, targetDir, waitForHttp } from './dev-node.mjs';
import { devAccounts, findEvent, succeed } from './tx.mjs';

/** The trainer binary: `$AICCHAIN_TRAINER`, else the release build in the build folder. */
export function trainerBinary() {
  return process.env.AICCHAIN_TRAINER ?? join(targetDir(), 'release', 'aicchain-trainer');
}

/** Fashion-MNIST, as `.ci/setup` installs it. */
export const IMAGES = process.env.AICCHAIN_IMAGES ?? '/usr/share/datasets/fashion-mnist';

/**
 * Starts a trainer serving `datasets` on `port` (a free one unless given), with its artifact
 * store in `store` (a fresh folder unless given, so that a restarted trainer keeps its
 * artifacts); `extraArgs` go to `serve`.
 * @returns {{ url, port, store, logFile, stop, info }}
 */
export async function startTrainer(name, { datasets = [IMAGES], store, port, binary, extraArgs = [] } = {}) {
  port ??= await freePort();
  store ??= mkdtempSync(join(tmpdir(), `aicchain-${name}-store-`));
  const args = ['--device', 'cpu', '--store', store, 'serve', '--listen', `127.0.0.1:${port}`, ...extraArgs];
  for (const dataset of datasets) args.push('--dataset', dataset);
  const trainer = await spawnLogged(name, binary ?? trainerBinary(), args,
    (exited, logFile) => waitForHttp(port, 'trainer_info', exited, 120_000, logFile));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    store,
    logFile: trainer.logFile,
    stop: trainer.stop,
    info: () => rpcCall(url, 'trainer_info'),
  };
}

/** Node keys of the well-known authorities, so that the others find Alice. */
const NODE_KEYS = { alice: '1', bob: '2', charlie: '3', dave: '4' };
/** The libp2p peer id of node key 0x…01 (Alice's). */
const ALICE_PEER_ID = '12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp';

/** A trainer built with the `fault-injection` feature, as `.ci/run` copies it. */
export function faultyTrainerBinary() {
  return join(targetDir(), 'release', 'aicchain-trainer-faulty');
}

/**
 * Starts `names` (`alice`, `bob`, …) as `--chain local` authorities, each with its own trainer
 * (`faults[name]`, e.g. `random-weights`, makes that trainer cheat). A node's `trainer` can be
 * killed and, `downMs` later, started again on its port with its store (`restartTrainer`).
 * @returns {{ nodes: Record<string, {api, rpcPort, p2pPort, basePath, trainer, restart, stop}>,
 *   accounts: Record<string, KeyringPair>, stop: () => Promise<void> }}
 */
export async function startNetwork(names, { faults = {} } = {}) {
  const accounts = devAccounts();
  const nodes = {};
  const network = {
    nodes,
    accounts,
    stop: async () => {
      for (const node of Object.values(nodes)) {
        await node.stop().catch(() => {});
        await node.trainer.stop().catch(() => {});
      }
    },
  };
  try {
    let bootnodes = [];
    for (const name of names) {
      const fault = faults[name];
      const trainerOptions = fault
        ? { binary: faultyTrainerBinary(), extraArgs: ['--fault', fault] }
        : {};
      const trainer = await startTrainer(`trainer-${name}`, trainerOptions);
      const basePath = mkdtempSync(join(tmpdir(), `aicchain-${name}-`));
      const args = [
        '--chain', 'local', `--${name}`, '--base-path', basePath,
        '--node-key', NODE_KEYS[name].padStart(64, '0'),
        '--trainer-url', trainer.url,
        ...bootnodes.flatMap((address) => ['--bootnodes', address]),
      ];
      const node = { name, basePath, trainer, args };
      node.restartTrainer = async (downMs = 0) => {
        await node.trainer.stop('SIGKILL');
        await new Promise((r) => setTimeout(r, downMs));
        const { port, store } = node.trainer;
        node.trainer = await startTrainer(`trainer-${name}`, { ...trainerOptions, port, store });
      };
      const launch = async (p2pPort) => Object.assign(node, await startNode(name, args, { p2pPort }));
      await launch();
      node.restart = async () => {
        await node.stop();
        await launch(node.p2pPort);
      };
      nodes[name] = node;
      if (name === 'alice') bootnodes = [`/ip4/127.0.0.1/tcp/${node.p2pPort}/p2p/${ALICE_PEER_ID}`];
    }
  } catch (error) {
    await network.stop();
    throw error;
  }
  return network;
}

/**
 * The specs of a compute node on this machine: its trainer serving artifacts at `trainerUrl`,
 * and `gpus` GPUs of one stand-in model (the trainers here run on the CPU).
 */
export function nodeSpecs(trainerUrl, gpus = 0) {
  return {
    gpuCount: gpus, gpuModel: gpus ? 'CPU stand-in' : '', gpuMemoryGib: gpus ? 8 : 0,
    cpuCores: 2, memoryGib: 8, bandwidthMbps: 1_000, latencyMs: 1, gflopsPerWatt: 10,
    renewablePercent: 50, region: 'localhost', artifactUrl: trainerUrl,
  };
}

/**
 * Registers a compute node (trainer and validator) for each of `operators`, `{ account,
 * trainerUrl, gpus }` (see `nodeSpecs`). All are sent at once and land together.
 * @returns {Promise<number[]>} each operator's node id, in order
 */
export async function registerNodes(api, operators) {
  return Promise.all(operators.map(async ({ account, trainerUrl, gpus }) => {
    const outcome = await succeed(api, api.tx.compute.registerNode(
      nodeSpecs(trainerUrl, gpus), { trainer: true, validator: true }), account);
    return findEvent(outcome.events, 'compute', 'NodeRegistered').data.node.toNumber();
  }));
}
