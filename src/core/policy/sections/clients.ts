import * as z from 'zod/mini';
import { ClientId, ProviderRef, text } from '../idSchemas';
import { DictionarySchema } from './dictionary';
import type { Declared, PolicySection } from './section';

export const ClientSchema = z.strictObject({
  id: ClientId.check(z.describe('The client id, used by rules.')),
  name: text().check(z.describe("The client's name, shown to people; it and the client's id (three characters or more) are masked before any AI call, like the dictionary's names.")),
  providers: z.optional(z.array(ProviderRef).check(z.describe("Narrows the providers further for this client's files, e.g. its own Azure OpenAI tenant, or `tag:local`."))),
  dictionary: z.optional(DictionarySchema),
});

export type ClientDefinition = z.infer<typeof ClientSchema>;

/**
 * `clients`: each client id with its declaration and the policy that made it, outermost first.
 * A client is declared once: the outermost declaration of an id stands, and a later one (which
 * `layers.ts` reports) changes nothing, so an inner policy cannot widen the providers an outer one
 * gave a client's files, nor rename the client its dictionary masks. User settings may declare a
 * client of their own.
 */
export const clientsSection: PolicySection<ClientDefinition[], ReadonlyMap<string, Declared<ClientDefinition>>, ReadonlyMap<string, Declared<ClientDefinition>>> = {
  schema: z.array(ClientSchema).check(z.describe('The clients whose data the workspace holds.')),
  builtIn: [],
  none: new Map(),
  declare: (declared, clients, { file }) => {
    const fresh = (clients ?? []).filter((client) => !declared.has(client.id));
    if (fresh.length === 0) return declared;
    const next = new Map(declared);
    for (const client of fresh) if (!next.has(client.id)) next.set(client.id, { value: client, file });
    return next;
  },
  combine: (declared) => declared,
};
