// `npm run network`: spawns local-4 (`networks/local-4.toml`: Alice, Bob, Charlie and Dave as
// authorities of `--chain local`, each with its trainer beside it), registers each operator's
// compute node with its trainer's URL, prints the endpoints and keeps the network up until
// Ctrl-C. Needs the node and the trainer built (`bash .ci/dev` or `.ci/run` builds both).

import { registeredNetwork } from '../lib/zombie.mjs';

console.log('spawning local-4 (zombienet, native provider) …');
const spawned = await registeredNetwork('local-4.toml');
const stop = async () => {
  console.log('stopping local-4 …');
  await spawned.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const nodes = Object.values(spawned.nodes);
console.log(`\nlocal-4 is up; logs under ${spawned.network.tmpDir}/<node>.log and <node>/data/trainer.log (removed at Ctrl-C)\n`);
console.log('| node | compute node | polkadot.js (ws) | trainer |');
console.log('|---|---|---|---|');
for (const node of nodes) {
  console.log(`| ${node.name} | #${spawned.idOf[node.name]} | ${node.wsUri} | ${node.trainerUrl} |`);
}
console.log(`
Apps: https://polkadot.js.org/apps/?rpc=${encodeURIComponent(nodes[0].wsUri)}
Post a job and follow it: node scripts/post-job.mjs --node ${nodes[0].wsUri} --trainer ${nodes[0].trainerUrl}
Ctrl-C stops the network.`);
