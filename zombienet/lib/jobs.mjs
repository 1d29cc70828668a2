// Training jobs as a client posts and follows them.

import { unit } from './chain.mjs';
import { findEvent, succeed } from './tx.mjs';

/** 200 Adam steps (learning rate 0.001) of 64 images, a checkpoint every 50 steps. */
export const MLP_PARAMS = {
  optimizer: 'Adam', learningRate: 1_000_000, batchSize: 64, steps: 200, checkpointEvery: 50,
};

/** What the network tests give a job: 100 AICC. */
export function jobBudget(api) {
  return 100n * unit(api);
}

/**
 * `client` posts a job on Fashion-MNIST (`images`: its hash, in hex without `0x`, as a trainer's
 * `trainer_info` lists it); resolves to the job's id and the block it was posted in.
 */
export async function postJob(api, client, images, {
  model = 'Mlp', params = MLP_PARAMS, rounds = 2, trainers = 2, validators = 2, budget,
  minGpus = 0, priority = 'Normal',
}) {
  const posted = await succeed(api, api.tx.training.createJob(
    model, { hash: `0x${images}`, location: 'fashion-mnist' }, params,
    rounds, trainers, validators, budget, 'Own', minGpus, priority), client);
  const job = findEvent(posted.events, 'training', 'JobCreated').data.job.toNumber();
  return { job, postedAt: (await api.rpc.chain.getHeader(posted.blockHash)).number.toNumber() };
}

/** The `training` events named `method` among `events`: their fields by name, as JSON. */
export function trainingEvents(events, method) {
  return events
    .filter((event) => event.section === 'training' && event.method === method)
    .map(({ data }) => Object.fromEntries(data.names.map((name, i) => [name, data[i].toJSON()])));
}

/**
 * Follows `job` block by block on the finalized chain until it finishes (or `timeoutMs`):
 * resolves to its events, each `{ block, at, method, fields }` (`at`: the block's timestamp),
 * in order. `onEvent` sees each as it comes.
 */
export function followJob(api, job, { timeoutMs = 600_000, onEvent = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const seen = [];
    let next;
    let busy = Promise.resolve();
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`job ${job} did not finish within ${timeoutMs} ms; saw ${JSON.stringify(seen.map((e) => e.method))}`));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve(seen);
    };
    api.rpc.chain.subscribeFinalizedHeads((head) => {
      busy = busy.then(async () => {
        const to = head.number.toNumber();
        next ??= to;
        for (; next <= to; next += 1) {
          const hash = await api.rpc.chain.getBlockHash(next);
          const at = await api.at(hash);
          const [records, now] = await Promise.all([at.query.system.events(), at.query.timestamp.now()]);
          for (const { event } of records) {
            if (event.section !== 'training') continue;
            const fields = Object.fromEntries(event.data.names.map((name, i) => [name, event.data[i].toJSON()]));
            if (fields.job !== job) continue;
            const entry = { block: next, at: now.toNumber(), method: event.method, fields };
            seen.push(entry);
            onEvent(entry);
            if (event.method === 'JobFinished') return finish();
          }
        }
      }).catch((error) => {
        clearTimeout(timer);
        unsubscribe();
        reject(error);
      });
    }).then((u) => { unsubscribe = u; });
  });
}

/** One line about a job event, for people watching. */
export function describeEvent({ block, method, fields }) {
  const detail = {
    RoundStarted: () => `round ${fields.round}: trainers ${JSON.stringify(fields.trainers)}, validators ${JSON.stringify(fields.validators)}`,
    UpdateSubmitted: () => `round ${fields.round}: node ${fields.node} submitted weights ${fields.update.weights.slice(0, 10)}… (loss ${fields.update.lossBefore / 1e6} → ${fields.update.lossAfter / 1e6})`,
    VerdictSubmitted: () => `round ${fields.round}: node ${fields.validator} judged node ${fields.trainer} ${fields.verdict}${fields.measured.accuracy == null ? '' : ` (held-out accuracy ${(fields.measured.accuracy / 1e7).toFixed(2)}%)`}`,
    RoundJudged: () => `round ${fields.round}: ${fields.valid} valid update(s); node ${fields.merger} merges`,
    MergeSubmitted: () => `round ${fields.round}: node ${fields.node} merged model ${fields.model.slice(0, 10)}…`,
    Paid: () => `round ${fields.round}: node ${fields.node} paid ${BigInt(fields.paid)} (+${BigInt(fields.fundCut)} to the fund) for ${fields.reason}`,
    Faulted: () => `round ${fields.round}: node ${fields.node} faulted: ${fields.fault}, slashed ${BigInt(fields.slashed)}`,
    RoundSettled: () => `round ${fields.round} settled, model ${fields.model?.slice(0, 10)}…`,
    JobFinished: () => `finished: model ${fields.model}, refunded ${BigInt(fields.refunded)}`,
  }[method];
  return `#${block} ${method}: ${detail ? detail() : JSON.stringify(fields)}`;
}
