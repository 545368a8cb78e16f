import { strict as assert } from 'node:assert';
import { endsInRepeatAfterSeparator, isPlaceholderValue, startsTypedSequence } from '../../../src/core/redaction/filters';
import { valueGenerators } from '../../corpus/values';
import { Random } from '../../corpus/random';
import { found } from '../../support/redaction';

/**
 * One notion of "placeholder" for every detector: what documentation, templates and examples put
 * where a secret goes. Both directions are tested: stand-ins are refused, and values drawn at
 * random in every secret format are never taken for stand-ins.
 */
const PLACEHOLDERS = [
  'YOUR_API_KEY_HERE',
  'your-secret-here',
  'your_token',
  'MySlackTokenHere',
  'api-key-here',
  'SECRET_GOES_HERE',
  'changeme',
  'xoxb-xxxx-xxxx-xxxx',
  'xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
  'glpat-XXXXXXXXXXXXXXXXXXXX',
  '####',
  '********',
  'xxxxxxxx',
  '...',
  '…',
  'pass',
  'password',
  'mdp',
  'motdepasse',
  '$1',
  '$2',
  '${DB_PASSWORD}',
  '${DB_PASSWORD:-secret}',
  '$DB_PASSWORD',
  '$(PASSWORD)',
  '${{ secrets.DEPLOY_TOKEN }}',
  '{{ .Values.password }}',
  '{{password}}',
  '{% raw %}',
  '<%= ENV["TOKEN"] %>',
  '%(password)s',
  '%DB_PASS%',
  '<password>',
  '<your-token>',
  '@db.password@',
  '#{Password}',
  '__DEPLOY_TOKEN__',
  '[TOKEN]',
  '{apiKey}',
  'process.env.API_TOKEN',
  'os.environ["TOKEN"]',
  'sk-ant-api03-abc123def456ghi789jkl012mno345pqr678stu901vwx234yz',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'votre-mot-de-passe',
  'remplacer_par_le_jeton',
];

const NOT_PLACEHOLDERS = [
  'Soleil2024!',
  'q8#Lm2!vZr9@Tx4',
  'P@ssEXAMPLE2024!',
  'Azerty123456',
  'monkey-Tonnerre-88',
  'Tonnerre2024',
  'addison4ever!',
  'correct horse battery staple',
  'dop_v1_3f9c2a7b1e8d4f6a0c5b9e2d7f1a3c8b6e4d0f2a9c7b5e1d3f8a6c4b2e0d9f7a',
];

describe('redaction: placeholders', () => {
  it('refuses the stand-ins documentation and templates put where a secret goes', () => {
    assert.deepEqual(
      PLACEHOLDERS.filter((value) => !isPlaceholderValue(value)),
      [],
    );
  });

  it('keeps real values, including passwords that look like words or contain EXAMPLE', () => {
    assert.deepEqual(
      NOT_PLACEHOLDERS.filter((value) => isPlaceholderValue(value)),
      [],
    );
  });

  it('never takes a value drawn at random in a secret format for a stand-in', () => {
    const r = new Random(14);
    const taken: string[] = [];
    for (const [kind, generate] of Object.entries(valueGenerators)) {
      if (!['secret'].includes(kind) && !/key|token|secret|password|auth|webhook|jwt/.test(kind)) continue;
      for (let i = 0; i < 300; i++) {
        const value = generate(r);
        if (isPlaceholderValue(value)) taken.push(`${kind}: ${value}`);
      }
    }
    assert.deepEqual(taken, []);
  });

  it('masks nothing in files full of stand-ins', async () => {
    const files: Array<[string, string]> = [
      ['.env.example', 'OPENAI_API_KEY=YOUR_API_KEY_HERE\nSLACK_BOT_TOKEN=xoxb-xxxx-xxxx-xxxx\nDB_PASSWORD=<password>\nJWT_SECRET=your-secret-here\n'],
      ['.github/workflows/deploy.yml', 'env:\n  API_TOKEN: ${{ secrets.API_TOKEN }}\n  DB_PASSWORD: ${{ secrets.DB_PASSWORD }}\n'],
      ['README.md', 'Set `ANTHROPIC_API_KEY=sk-ant-api03-abc123def456ghi789jkl012mno345pqr678stu901vwx234yz` and run.\nclone with https://user:pass@git.example.com/repo.git\n'],
      ['rewrite.sh', "sed -E 's#https://([^:]+):([^@]+)@#https://$1:$2@#' urls.txt"],
      ['docs.md', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n\n-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n'],
      ['values.yaml', 'password: "####"\ntoken: "********"\n'],
    ];
    for (const [path, text] of files) assert.deepEqual(await found(text, { path, config: { categories: new Set(['secret']) } }), [], path);
  });

  it('still masks a private key quoted with "> " and SSH2 and PuTTY keys', async () => {
    const body = 'MIIEowIBAAKCAQEAvR3x7m4bQk9p2sZ8yT1uW6cN0fJ5hL3aD8eG2kV9rX4qB7nM\n1sP6tY0wC3zF8jH5lK2oR9uE4iA7gD1bN6vS3xQ0mZ8yT5wL2kP9rJ4hF7cG1dE';
    const quoted = `> -----BEGIN RSA PRIVATE KEY-----\n> ${body.replace('\n', '\n> ')}\n> -----END RSA PRIVATE KEY-----`;
    assert.deepEqual(
      (await found(quoted)).map((finding) => finding.split(':')[0]),
      ['private-key'],
    );
    const ssh2 = `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key-20240101"\n${body}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----`;
    assert.deepEqual(await found(ssh2), [`private-key: ${ssh2}`]);
    const ppk = `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${body}\nPrivate-Lines: 1\nAAAAIG5rZXktcHJpdmF0ZS1ieXRlcy1nby1oZXJlLWZvci1yZWFsLXRlc3Q=\nPrivate-MAC: 8f2e1a7c3b9d4e6f0a5c8b2d7e1f3a9c6b4d0e2f8a7c5b1d3e9f6a4c2b0d8e7f`;
    assert.deepEqual(await found(ppk), [`private-key: ${ppk}`]);
  });

  it('checks typed shapes exactly as the patterns they replace', () => {
    // The two checks walk the value rather than run an unanchored pattern at every offset; they
    // must answer as the patterns did, on values full of near misses.
    const repeated = /[-_.]([A-Za-z0-9])\1{7,}$/;
    const sequence = /(?:^|[-_.])(?:abc123|123456|abcdef|012345)/i;
    const random = new Random(7);
    const pieces = ['a', 'A', 'b', 'c', 'x', '0', '1', '2', '3', '4', '5', '6', '-', '_', '.', '/', 'abc', 'ABC', '123', '12345', '0123', 'def', 'aaaa', '1111', 'é'];
    for (let round = 0; round < 20_000; round++) {
      let value = '';
      const count = random.int(0, 12);
      for (let i = 0; i < count; i++) value += random.pick(pieces);
      assert.equal(endsInRepeatAfterSeparator(value), repeated.test(value), JSON.stringify(value));
      assert.equal(startsTypedSequence(value), sequence.test(value), JSON.stringify(value));
    }
  });
});
