// What the tests check of a job's events (as `followJob` gives them).

import assert from 'node:assert/strict';

/** The job's events of one kind. */
export const only = (events, method) => events.filter((e) => e.method === method);

/** Asserts that payments, the fund's cut and the refund add up to `budget`, once each. */
export function assertPaidOnce(events, budget) {
  const paid = only(events, 'Paid');
  const keys = paid.map((e) => `${e.fields.round}/${e.fields.node}/${e.fields.reason}`);
  assert.equal(new Set(keys).size, keys.length, `nobody is paid twice for the same work: ${keys}`);
  const total = paid.reduce((sum, e) => sum + BigInt(e.fields.paid) + BigInt(e.fields.fundCut), 0n);
  const [finished] = only(events, 'JobFinished');
  assert.equal(total + BigInt(finished.fields.refunded), budget, 'the budget adds up');
}
