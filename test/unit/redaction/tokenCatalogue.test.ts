import { strict as assert } from 'node:assert';
import { Scanner } from '../../../src/core/redaction';
import { TOKEN_CATALOGUE } from '../../../src/core/redaction/detectors/tokenCatalogue';
import { expandExample, TOKEN_EXAMPLES } from '../../../src/core/redaction/detectors/tokenCatalogueExamples';
import { githubToken } from '../../support/redaction';

/**
 * Every catalogue entry's examples, each in the places a token is pasted with no telling name: a
 * JSON log line under a neutral key, a sentence, a bare line. An example must be found whole, by
 * its own rule (or a more specific one of the same kind); a counterexample must not be found by it.
 */
const scanner = new Scanner({ secretlint: false });

const SETTINGS: ReadonlyArray<(value: string) => string> = [
  (value) => `{"ts":"2025-03-14T09:26:53Z","level":"debug","msg":"config loaded","value":"${value}"}`,
  (value) => `J'ai collé la valeur ${value} dans le ticket, peux-tu la révoquer ?`,
  (value) => value,
];

const github = () => githubToken('ghp', 'Zk3xQ9wLm2Rt7Yp4Vn8Bc1Hd6Fs0Ja');

async function findingsOf(text: string) {
  return (await scanner.scan(text)).map((finding) => ({ ...finding, value: text.slice(finding.start, finding.end) }));
}

describe('redaction: the token catalogue', () => {
  it('has unique ids, literals, examples and counterexamples for every entry', () => {
    const ids = TOKEN_CATALOGUE.map((rule) => rule.id);
    assert.deepEqual(
      ids.filter((id, index) => ids.indexOf(id) !== index),
      [],
    );
    for (const rule of TOKEN_CATALOGUE) {
      const examples = TOKEN_EXAMPLES[rule.id];
      assert.ok(rule.literals.length > 0 && examples !== undefined && examples.examples.length > 0 && examples.counterexamples.length > 0, rule.id);
      assert.ok(!rule.pattern.global && !rule.pattern.sticky, `${rule.id}: the detector makes the pattern sticky`);
      assert.ok(!/(?<!\\)[*+]|\{\d+,\}/.test(rule.pattern.source.replace(/\[[^\]]*\]/g, '')), `${rule.id}: every repetition needs an upper bound`);
    }
    assert.deepEqual(
      Object.keys(TOKEN_EXAMPLES).filter((id) => !ids.includes(id)),
      [],
      'examples of no rule',
    );
    assert.ok(new Set(TOKEN_CATALOGUE.map((rule) => rule.provider)).size >= 50, 'covers at least 50 providers');
  });

  for (const rule of TOKEN_CATALOGUE) {
    it(`${rule.id} (${rule.provider}): finds its examples whole, not its counterexamples`, async () => {
      const { examples, counterexamples } = TOKEN_EXAMPLES[rule.id] ?? { examples: [], counterexamples: [] };
      for (const [index, template] of examples.entries()) {
        const example = expandExample(template, index + 7, github);
        const secret = rule.group === undefined ? example : undefined;
        for (const setting of rule.group === undefined ? SETTINGS : [SETTINGS[2] as (value: string) => string]) {
          const text = setting(example);
          const findings = await findingsOf(text);
          const hit = findings.find((finding) => finding.kind === rule.kind && (secret === undefined ? example.endsWith(finding.value) || example.includes(finding.value) : finding.value === secret));
          assert.ok(hit, `${rule.id}: ${JSON.stringify(text)} gave ${JSON.stringify(findings.map((finding) => `${finding.rule} ${finding.value}`))}`);
          if (secret !== undefined) assert.equal(hit.value, secret, `${rule.id}: masked whole`);
        }
      }
      for (const [index, template] of counterexamples.entries()) {
        const counterexample = expandExample(template, index + 11, github);
        const findings = await findingsOf(SETTINGS[0]?.(counterexample) as string);
        assert.deepEqual(
          findings.filter((finding) => finding.rule === `aiguard/${rule.id}`).map((finding) => finding.value),
          [],
          `${rule.id}: ${counterexample}`,
        );
      }
    });
  }

  it('keeps lower-case prefixed tokens found under a telling name too (not taken for identifiers)', async () => {
    for (const template of ['dop_v1_{hex:64}', 'sntryu_{hex:64}', 'pul-{hex:40}', 'dp.pt.{alnum:43}']) {
      const value = expandExample(template, 3);
      for (const text of [`TOKEN=${value}`, `api_token: ${value}`, `{"secret": "${value}"}`]) {
        const findings = await findingsOf(text);
        assert.deepEqual(
          findings.map((finding) => finding.value),
          [value],
          text,
        );
      }
    }
  });
});

describe('redaction: lower-case prefixed tokens under a telling name', () => {
  it('are not taken for kebab or snake identifiers, even when no catalogue rule knows them', async () => {
    const value = `acme_v2_${expandExample('{hex:48}', 5)}`;
    assert.deepEqual(
      (await scanner.scan(`ACME_TOKEN=${value}`, { path: '.env' })).map((finding) => finding.kind),
      ['generic-secret'],
    );
    assert.deepEqual(await scanner.scan('SECRET_NAME=db-credentials-prod\nTOKEN_SECRET_REF=my_vault_path.token', { path: '.env' }), []);
  });
});
