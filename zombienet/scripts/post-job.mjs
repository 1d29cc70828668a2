// Posts a training job to a running chain, as a client would, and follows it until it
// finishes: `node scripts/post-job.mjs [--model Mlp|Cnn] [--rounds N] [--steps N]
// [--node ws://…] [--trainer http://… ...]`. The job trains on Fashion-MNIST; the client
// (Charlie by default) signs only the job. Against `bash .ci/dev`, the dev chain's own compute
// nodes (Alice's and Bob's, served by the trainer beside it) do the rest; against
// `npm run network`, give each node's trainer. At the end it prints where the time went: per
// round, blocks and seconds, training and the chain's overhead, and how busy each trainer was.

import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { unit } from '../lib/chain.mjs';
import { rpcCall } from '../lib/dev-node.mjs';
import { describeEvent, followJob, MLP_PARAMS } from '../lib/jobs.mjs';
import { findEvent, submitAndFinalize } from '../lib/tx.mjs';

const { values: options } = parseArgs({
  options: {
    node: { type: 'string', default: 'ws://127.0.0.1:9944' },
    trainer: { type: 'string', multiple: true, default: ['http://127.0.0.1:9955'] },
    client: { type: 'string', default: '//Charlie' },
    model: { type: 'string', default: 'Mlp' },
    rounds: { type: 'string', default: '2' },
    steps: { type: 'string', default: String(MLP_PARAMS.steps) },
    budget: { type: 'string', default: '100' },
  },
});

const api = await ApiPromise.create({ provider: new WsProvider(options.node), noInitWarn: true });
const client = new Keyring({ type: 'sr25519' }).addFromUri(options.client);
const budget = BigInt(options.budget) * unit(api);
const aicc = (planck) => `${Number(BigInt(planck)) / Number(unit(api))} AICC`;

// The data set is named by its content hash; the trainer says which it has loaded.
const trainers = options.trainer;
const { datasets } = await rpcCall(trainers[0], 'trainer_info');
const images = datasets.find((dataset) => dataset.source.includes('mnist')) ?? datasets[0];
const steps = Number(options.steps);
const params = { ...MLP_PARAMS, steps, checkpointEvery: Math.max(1, Math.ceil(steps / 4)) };

console.log(`posting a ${options.rounds}-round ${options.model} job on ${images.source} (${images.hash}) for ${aicc(budget)}`);
const started = Date.now();
const work = () => Promise.all(trainers.map(async (url) => (await rpcCall(url, 'trainer_info')).work));
const workBefore = await work();
const posted = await submitAndFinalize(api, api.tx.training.createJob(
  options.model, { hash: `0x${images.hash}`, location: images.source }, params,
  Number(options.rounds), 2, 2, budget, 'Own', 0, 'Normal'), client);
if (posted.dispatchError) {
  console.error(`refused: ${posted.dispatchError.section}.${posted.dispatchError.name}: ${posted.dispatchError.docs}`);
  process.exit(1);
}
const job = findEvent(posted.events, 'training', 'JobCreated').data.job.toNumber();
console.log(`job ${job} posted; from now on only the nodes' off-chain workers sign`);

const events = await followJob(api, job, { onEvent: (event) => console.log(describeEvent(event)) });
const paid = events.filter((e) => e.method === 'Paid')
  .reduce((sum, e) => sum + BigInt(e.fields.paid) + BigInt(e.fields.fundCut), 0n);
const finished = events.find((e) => e.method === 'JobFinished').fields;
console.log(`paid ${aicc(paid)} (the fund's cut included), refunded ${aicc(finished.refunded)}; ` +
  `budget ${aicc(budget)}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
const merge = events.findLast((e) => e.method === 'MergeSubmitted' && e.fields.model === finished.model);
if (merge) {
  const merger = (await api.query.compute.nodes(merge.fields.node)).unwrap();
  console.log(`final model ${finished.model}: aicchain-trainer fetch ${finished.model} --from ${merger.specs.artifactUrl.toUtf8()}`);
}

// Where the time went: per round, its blocks and the time its trainers trained (one after
// the other when they share a trainer, side by side when each has its own); over the job, how
// busy each trainer was (training, validating, merging) and how long it waited on the chain.
const workAfter = await work();
const rounds = events.filter((e) => e.method === 'RoundStarted');
for (const round of rounds) {
  const number = round.fields.round;
  const settled = events.find((e) => e.method === 'RoundSettled' && e.fields.round === number);
  const trainingMs = events.filter((e) => e.method === 'UpdateSubmitted' && e.fields.round === number)
    .map((e) => Number(e.fields.update.wallMs));
  const sum = trainingMs.reduce((total, ms) => total + ms, 0);
  const training = trainers.length > 1 ? Math.max(...trainingMs) : sum;
  console.log(`round ${number}: ${settled.block - round.block} blocks (${((settled.at - round.at) / 1000).toFixed(0)} s) ` +
    `from start to settlement, ${(training / 1000).toFixed(1)} s of it training`);
}
const first = events.find((e) => e.method === 'RoundSettled');
console.log(`createJob to the first settled round: ${first.block - events[0].block} blocks, ${((first.at - events[0].at) / 1000).toFixed(0)} s`);
const blockMs = Number(api.consts.aura.slotDuration.toBigInt());
for (const [i, url] of trainers.entries()) {
  const wallMs = workAfter[i].uptime_ms - workBefore[i].uptime_ms;
  const busyMs = workAfter[i].busy_ms - workBefore[i].busy_ms;
  const idlePerRound = (wallMs - busyMs) / rounds.length;
  console.log(`the trainer at ${url} was busy ${(busyMs / 1000).toFixed(1)} s of ${(wallMs / 1000).toFixed(1)} s: ` +
    `utilisation ${(100 * busyMs / wallMs).toFixed(1)}%; it waited on the chain ${(idlePerRound / 1000).toFixed(1)} s ` +
    `(${(idlePerRound / blockMs).toFixed(1)} blocks) per round`);
}
await api.disconnect();
