// The economy's accounts, as clients find them.

import { stringToU8a, u8aConcat } from '@polkadot/util';

/** The community fund's account: `modl` + the economy's pallet id (`aic/fund`), zero-padded. */
export function fundAccount(api) {
  const id = u8aConcat(stringToU8a('modl'), stringToU8a('aic/fund'), new Uint8Array(20));
  return api.registry.createType('AccountId', id).toString();
}
