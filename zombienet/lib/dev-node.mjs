// Starts an `aicchain-node --dev --tmp` on free ports and connects @polkadot/api to it.
// The caller must call `stop()` (tests do so in `after`, which also runs on failure).

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The node binary: `$AICCHAIN_NODE`, else the debug build in `$CARGO_TARGET_DIR` or `target/`. */
export function nodeBinary() {
  if (process.env.AICCHAIN_NODE) return process.env.AICCHAIN_NODE;
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
  return join(targetDir, 'debug', 'aicchain-node');
}

/** A TCP port that nothing listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts a dev node and resolves once its RPC answers.
 * @returns {{ api: ApiPromise, logFile: string, stop: () => Promise<void> }}
 */
export async function startDevNode({ timeoutMs = 120_000 } = {}) {
  const binary = nodeBinary();
  if (!existsSync(binary)) {
    throw new Error(`no node binary at ${binary}: build it with \`cargo build -p aicchain-node\``);
  }
  const [rpcPort, p2pPort] = [await freePort(), await freePort()];
  const logFile = join(mkdtempSync(join(tmpdir(), 'aicchain-dev-')), 'node.log');
  const log = createWriteStream(logFile);
  const node = spawn(binary, [
    '--dev', '--tmp',
    '--rpc-port', String(rpcPort),
    '--port', String(p2pPort),
    '--no-prometheus', '--no-telemetry', '--no-mdns',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  node.stdout.pipe(log);
  node.stderr.pipe(log);
  const exited = new Promise((resolveExit) => node.once('exit', resolveExit));

  const stop = async () => {
    if (node.exitCode === null && node.signalCode === null) {
      node.kill('SIGINT');
      const timer = setTimeout(() => node.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };

  try {
    await waitForRpc(rpcPort, exited, timeoutMs, logFile);
    const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`);
    const api = await ApiPromise.create({ provider, noInitWarn: true });
    return {
      api,
      logFile,
      stop: async () => {
        await api.disconnect();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Polls `system_health` over HTTP until the node answers, exits, or the time is up. */
async function waitForRpc(port, exited, timeoutMs, logFile) {
  let exitCode;
  exited.then((code) => { exitCode = code; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the node exited (code ${exitCode}) before its RPC answered; see ${logFile}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_health', params: [] }),
      });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the node's RPC on port ${port} did not answer within ${timeoutMs} ms; see ${logFile}`);
}
