// Starts `aicchain-node` processes on free ports and connects @polkadot/api to them. The caller
// must call `stop()` (tests do so in `after`, which also runs on failure).

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The build folder: `$CARGO_TARGET_DIR`, else `target/` in the repository. */
export function targetDir() {
  return process.env.CARGO_TARGET_DIR ?? join(repoRoot, 'target');
}

/** The node binary: `$AICCHAIN_NODE`, else the debug build in the build folder. */
export function nodeBinary() {
  return process.env.AICCHAIN_NODE ?? join(targetDir(), 'debug', 'aicchain-node');
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
 * Spawns `binary` with `args`, its output in a log file; resolves once `ready(exited)` does.
 * @returns {{ process, logFile: string, exited: Promise<number>, stop: (signal?) => Promise<void> }}
 */
export async function spawnLogged(name, binary, args, ready) {
  if (!existsSync(binary)) {
    throw new Error(`no ${name} binary at ${binary}: build it first (see README)`);
  }
  const logFile = join(mkdtempSync(join(tmpdir(), `aicchain-${name}-`)), `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));

  const stop = async (signal = 'SIGINT') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
  };
  try {
    await ready(exited, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, logFile, exited, stop };
}

/**
 * Starts a node with `args` on free ports and resolves once its RPC answers.
 * @returns {{ api: ApiPromise, rpcPort: number, p2pPort: number, logFile: string, stop }}
 */
export async function startNode(name, args, { timeoutMs = 120_000, p2pPort } = {}) {
  const rpcPort = await freePort();
  p2pPort ??= await freePort();
  const node = await spawnLogged(name, nodeBinary(), [
    ...args,
    '--rpc-port', String(rpcPort),
    '--port', String(p2pPort),
    '--no-prometheus', '--no-telemetry', '--no-mdns',
  ], (exited, logFile) => waitForHttp(rpcPort, 'system_health', exited, timeoutMs, logFile));
  const provider = new WsProvider(`ws://127.0.0.1:${rpcPort}`);
  const api = await ApiPromise.create({ provider, noInitWarn: true });
  return {
    api,
    rpcPort,
    p2pPort,
    logFile: node.logFile,
    exited: node.exited,
    stop: async (signal) => {
      await api.disconnect();
      await node.stop(signal);
    },
  };
}

/**
 * Starts `aicchain-node --dev --tmp` on free ports. Its off-chain worker stays off unless
 * `worker` is set: tests that sign the workers' transactions by hand need a quiet chain.
 */
export function startDevNode({ worker = false, ...options } = {}) {
  const args = ['--dev', '--tmp', ...(worker ? [] : ['--offchain-worker', 'never'])];
  return startNode('dev-node', args, options);
}

/**
 * Calls JSON-RPC `method` over HTTP on `url` with `params` (an array, or its JSON text when it
 * holds integers a JS number cannot carry); resolves to its result, rejects on its error.
 */
export async function rpcCall(url, method, params = []) {
  const json = typeof params === 'string' ? params : JSON.stringify(params);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"jsonrpc":"2.0","id":1,"method":${JSON.stringify(method)},"params":${json}}`,
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result;
}

/** Polls JSON-RPC `method` on `port` until it answers, the process exits, or time is up. */
export async function waitForHttp(port, method, exited, timeoutMs, logFile) {
  let exitCode;
  exited.then((code) => { exitCode = code; });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`the process exited (code ${exitCode}) before ${method} answered; see ${logFile}`);
    }
    try {
      await rpcCall(`http://127.0.0.1:${port}`, method);
      return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${method} on port ${port} did not answer within ${timeoutMs} ms; see ${logFile}`);
}
