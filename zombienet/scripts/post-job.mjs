// Posts a training job to a running chain, as a client would, and follows it until it
// finishes: `node scripts/post-job.mjs [--rounds N] [--steps N] [--node ws://…] [--trainer http://…]`.
// The job trains the MLP on Fashion-MNIST; the client (Charlie by default) signs only the
// job. Against `bash .ci/dev`, the dev chain's own compute nodes (Alice's and Bob's, served by
// the trainer beside it) do the rest.

import { parseArgs } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { rpcCall } from '../lib/dev-node.mjs';
import { describeEvent, followJob, MLP_PARAMS } from '../lib/jobs.mjs';
import { findEvent, submitAndFinalize } from '../lib/tx.mjs';

const { values: options } = parseArgs({
  options: {
    node: { type: 'string', default: 'ws://127.0.0.1:9944' },
    trainer: { type: 'string', default: 'http://127.0.0.1:9955' },
    client: { type: 'string', default: '//Charlie' },
    rounds: { type: 'string', default: '2' },
    steps: { type: 'string', default: String(MLP_PARAMS.steps) },
    budget: { type: 'string', default: '100' },
  },
});

const api = await ApiPromise.create({ provider: new WsProvider(options.node), noInitWarn: true });
const client = new Keyring({ type: 'sr25519' }).addFromUri(options.client);
const decimals = BigInt(api.registry.chainDecimals[0]);
const budget = BigInt(options.budget) * 10n ** decimals;
const aicc = (planck) => `${Number(BigInt(planck)) / Number(10n ** decimals)} AICC`;

// The data set is named by its content hash; the trainer says which it has loaded.
const { datasets } = await rpcCall(options.trainer, 'trainer_info');
const images = datasets.find((dataset) => dataset.source.includes('mnist')) ?? datasets[0];
const steps = Number(options.steps);
const params = { ...MLP_PARAMS, steps, checkpointEvery: Math.max(1, Math.ceil(steps / 4)) };

console.log(`posting a ${options.rounds}-round MLP job on ${images.source} (${images.hash}) for ${aicc(budget)}`);
const started = Date.now();
const posted = await submitAndFinalize(api, api.tx.training.createJob(
  'Mlp', { hash: `0x${images.hash}`, location: images.source }, params,
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
console.log(`final model ${finished.model}: aicchain-trainer fetch ${finished.model} --from ${options.trainer}`);
await api.disconnect();
