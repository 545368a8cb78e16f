import { strict as assert } from 'node:assert';
import { found } from '../../support/redaction';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Credentials wrapped in base64 are masked whole, wherever they are pasted; stand-ins are not. */
describe('redaction: credentials wrapped in base64', () => {
  it('masks a .dockerconfigjson value whole, in a Secret, in Helm values or in a log', async () => {
    const config = b64(JSON.stringify({ auths: { 'registry.gitlab.com': { username: 'deploy', password: 'Rg7!kQ2zLm9x', auth: b64('deploy:Rg7!kQ2zLm9x') } } }));
    assert.deepEqual(await found(`imagePullSecret:\n  .dockerconfigjson: ${config}\n`, { path: 'values.yaml' }), [`docker-auth: ${config}`]);
    assert.deepEqual(await found(`2025-03-14 09:26:53 INFO created secret regcred {".dockerconfigjson":"${config}"}`), [`docker-auth: ${config}`]);
  });

  it('masks base64 JSON holding a password or registry credentials, not other base64 JSON', async () => {
    const creds = b64(JSON.stringify({ username: 'admin', password: 'S3cr3t!Vault' }));
    assert.deepEqual(await found(`X-Registry-Auth: ${creds}`), [`generic-secret: ${creds}`]);
    const harmless = b64(JSON.stringify({ page: 2, sort: 'name', filter: { status: 'open' } }));
    assert.deepEqual(await found(`next cursor: ${harmless}`), []);
    const placeholder = b64(JSON.stringify({ username: 'user', password: '<password>' }));
    assert.deepEqual(await found(`X-Registry-Auth: ${placeholder}`), []);
  });

  it('masks Authorization: Basic values, unless they decode to a stand-in', async () => {
    const basic = b64('svc-ci:Hq3!vT8zLm');
    assert.deepEqual(await found(`curl -H "Authorization: Basic ${basic}" https://api.example.com`), [`generic-secret: ${basic}`]);
    assert.deepEqual(await found(`{"headers":{"authorization":"Basic ${basic}"}}`), [`generic-secret: ${basic}`]);
    assert.deepEqual(await found(`Authorization: Basic ${b64('user:pass')}`), []);
  });

  it('masks Kubernetes Secret data written as JSON, in a List, with a quoted kind and in a diff', async () => {
    const value = b64('Pg7!s3cr3t#99');
    const json = `{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db"},"type":"Opaque","data":{"password":"${value}","username":"${b64('app')}"}}`;
    assert.deepEqual(await found(json, { path: 'secret.json' }), [`kubernetes-secret: ${value}`, `kubernetes-secret: ${b64('app')}`]);
    const list = `apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    password: ${value}\n  kind: Secret\n  metadata:\n    name: db\nkind: List\n`;
    assert.deepEqual(await found(list, { path: 'dump.yaml' }), [`kubernetes-secret: ${value}`]);
    const quoted = `apiVersion: v1\nkind: "Secret"\ndata:\n  password: ${value}\n`;
    assert.deepEqual(await found(quoted, { path: 'secret.yaml' }), [`kubernetes-secret: ${value}`]);
    const diff = `diff --git a/k8s/secret.yaml b/k8s/secret.yaml\n--- a/k8s/secret.yaml\n+++ b/k8s/secret.yaml\n@@ -1,5 +1,5 @@\n apiVersion: v1\n kind: Secret\n data:\n-  password: ${b64('old-Pass-2023')}\n+  password: ${value}\n`;
    assert.deepEqual(await found(diff), [`kubernetes-secret: ${b64('old-Pass-2023')}`, `kubernetes-secret: ${value}`]);
    assert.deepEqual(await found(`kind: Secret\ndata:\n  password: ${b64('changeme')}\n`, { path: 'secret.yaml' }), []);
  });
});
