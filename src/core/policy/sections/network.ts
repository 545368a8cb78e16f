import * as z from 'zod/mini';
import type { Declared, PolicySection } from './section';

export const NetworkSchema = z.boolean().check(z.describe('Also mask IP addresses and internal host names (the network category) at every level.'));

/**
 * `network`: each policy's switch, with who declared it, outermost first. Masking more is safer,
 * so it is on when any policy in force switches it on (OR); off by default.
 */
export const networkSection: PolicySection<boolean, ReadonlyArray<Declared<boolean>>, boolean> = {
  schema: NetworkSchema,
  builtIn: false,
  none: [],
  declare: (declared, network, { file }) => (network !== undefined ? [...declared, { value: network, file }] : declared),
  combine: (declared) => (declared.length > 0 ? declared.some((each) => each.value) : networkSection.builtIn),
  remainder: (network) => (network === undefined ? networkSection.builtIn : undefined),
};
