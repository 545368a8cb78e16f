import { strict as assert } from 'node:assert';
import { Scanner } from '../../../src/core/redaction';
import { found, only } from '../../support/redaction';

/**
 * The misses and false positives the independent evaluation corpus (test/corpus-eval) found,
 * one case each, so each fix is held on its own.
 */
describe('redaction: what the independent corpus found', function () {
  this.timeout(60_000);

  it('finds the password of redis-cli -a and --pass', async () => {
    assert.deepEqual(await found('redis-cli -h cache -a Chocolat@37UBXohM ping', { path: 'history.sh' }), only('generic-secret', 'Chocolat@37UBXohM'));
    assert.deepEqual(await found("redis-cli --pass 'Velo%28bllAv' info", { path: 'history.sh' }), only('generic-secret', 'Velo%28bllAv'));
  });

  it('masks a URL password holding an @ up to the last @ before the host', async () => {
    const text = 'MONGO_URI=mongodb+srv://svc:Velo@21YBywJ@cluster0.ab1cd.mongodb.net/prod';
    assert.deepEqual(await found(text, { path: '.env' }), only('connection-string-password', 'Velo@21YBywJ'));
  });

  it('reads the items of a kind: List apart: a ConfigMap beside a Secret keeps its data', async () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    data:\n      LOG_LEVEL: info\n  - apiVersion: v1\n    kind: "Secret"\n    data:\n      token: U3VuZmxvd2VyPzc3Mk9BRFlH\n';
    assert.deepEqual(await found(text, { path: 'all.yaml' }), only('kubernetes-secret', 'U3VuZmxvd2VyPzc3Mk9BRFlH'));
  });

  it('finds a passphrase in quotes under a password name in a configuration file, not a label in code', async () => {
    assert.deepEqual(await found('DB_PASSWORD="la plage mange 240 fois"\n', { path: '.env' }), only('generic-secret', 'la plage mange 240 fois'));
    assert.deepEqual(await found('"password": "Mot de passe"\n', { path: 'fr.json' }), []);
    assert.deepEqual(await found('const password = "at least 8 characters";\n', { path: 'form.ts' }), []);
  });

  it('finds a password that starts with EXAMPLE, but not EXAMPLE_TOKEN', async () => {
    assert.deepEqual(await found('ADMIN_PASSWORD=EXAMPLE9698AFLH!\n', { path: '.env' }), only('generic-secret', 'EXAMPLE9698AFLH!'));
    assert.deepEqual(await found('ADMIN_PASSWORD=EXAMPLE_PASSWORD\n', { path: '.env' }), []);
  });

  it('finds a password that holds Azerty, and a Basic credential made of one', async () => {
    const basic = Buffer.from('svc_batch:Azerty!785lvL').toString('base64');
    assert.deepEqual(await found(`Authorization: Basic ${basic}\n`, { path: 'http.log' }).then((values) => values.map((value) => value.split(': ')[1])), [basic]);
    assert.deepEqual(await found('value: Azerty#9465f7fVFv', { path: 'x.txt' }), []);
    assert.deepEqual(await found('- name: DB_PASSWORD\n  value: Azerty#9465f7fVFv\n', { path: 'deploy.yaml' }), only('generic-secret', 'Azerty#9465f7fVFv'));
  });

  it("drops secretlint's findings that are placeholders or templates", async () => {
    const scanner = new Scanner({ categories: new Set(['secret']) });
    for (const text of ['SLACK_BOT_TOKEN=xoxb-xxxxxxxxxxxx-xxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx\n', 'dsn = "postgres://%(user)s:%(password)s@%(host)s/app"\n']) {
      assert.deepEqual(await scanner.scan(text, { path: 'README.md' }), [], text);
    }
  });

  it('finds a NIR typed with double spaces', async () => {
    // 1 85 05 78 006 084, key 97 − (1850578006084 mod 97).
    const key = String(97 - Number(1850578006084n % 97n)).padStart(2, '0');
    const nir = `1  85  05  78  006  084  ${key}`;
    assert.deepEqual(await found(`N° sécu : ${nir}\n`, { path: 'ticket.txt' }), only('nir', nir));
  });

  it('leaves documentation domains, sample phone numbers, CloudFormation references and ssh accounts alone', async () => {
    assert.deepEqual(await found('Contact: user@example.com or ops@test.example', { path: 'README.md' }), []);
    assert.deepEqual(await found('Téléphone : 01 23 45 67 89', { path: 'README.md' }), []);
    assert.deepEqual(await found('MasterUserPassword: !Ref DbPassword\n', { path: 'template.yaml' }), []);
    assert.deepEqual(await found('ssh deploy@db.prod.internal', { path: 'history.sh' }), []);
    // A real address at a registered domain stays one, even in an ssh command.
    assert.deepEqual(await found('ssh jeanne.martin@orange.fr', { path: 'history.sh' }), only('email', 'jeanne.martin@orange.fr'));
  });
});
