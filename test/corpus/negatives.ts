/**
 * Hard negatives: content that looks like a secret or personal data to a naive detector but is
 * not one, and must produce no finding. Each item says what it is; files group many of them in the
 * formats where they occur (a package-lock.json, a stylesheet, a .env.example…).
 */
import { type LabelledFile } from './builder';
import { crc32, nirKey, toBase62 } from './checksums';
import { certificatePem, rsaPublicKeyPem, sshPublicKeyLine } from './keys';
import { uuid } from './noise';
import { ALPHABET, type Random } from './random';
import { companyIdentifiers, iban, paymentCard } from './values';
import { ENTITIES, SERVICE_NAMES } from './words';

export interface HardNegative {
  description: string;
  content: string;
}

const hex = (r: Random, length: number) => r.chars(ALPHABET.hex, length);
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const pkg = (r: Random) => r.pick(['lodash', 'express', 'react-dom', 'zod', 'typescript', 'esbuild', 'chalk', 'semver', 'debug', 'ms', 'uuid', 'yaml']);
const semver = (r: Random) => `${r.int(0, 20)}.${r.int(0, 40)}.${r.int(0, 30)}`;

/** A digit string with one digit changed, so that any checksum over it fails. */
function corruptDigit(r: Random, text: string, from = 0, to = text.length - 1): string {
  const positions = [...text].map((c, i) => i).filter((i) => i >= from && i <= to && /\d/.test(text.charAt(i)));
  const at = r.pick(positions);
  const digit = Number(text.charAt(at));
  return text.slice(0, at) + String((digit + r.int(1, 9)) % 10) + text.slice(at + 1);
}

/** The base64 of a PNG: the real signature and IHDR start, then random bytes. */
function pngBase64(r: Random, size: number): string {
  const header = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52];
  return base64(Uint8Array.from([...header, ...r.bytes(size)]));
}

/** The generators of hard negatives; each returns one snippet. */
const GENERATORS: ReadonlyArray<{ description: string; generate: (r: Random) => string }> = [
  { description: 'UUID request id in JSON', generate: (r) => `{ "requestId": "${uuid(r)}", "status": "ok" }` },
  { description: 'UUID in code and headers', generate: (r) => `const tenantId = '${uuid(r)}';\nX-Correlation-Id: ${uuid(r)}` },
  { description: 'git commit SHA in a log', generate: (r) => `commit ${hex(r, 40)}\nAuthor: release-bot\nDate:   Tue Mar 12 14:03:22 2024 +0100` },
  { description: 'git SHAs in package metadata and a checkout', generate: (r) => `"gitHead": "${hex(r, 40)}"\ngit checkout ${hex(r, 40)}\nMerge: ${hex(r, 7)} ${hex(r, 7)}` },
  {
    description: 'package-lock integrity and resolved lines',
    generate: (r) => {
      const name = pkg(r);
      const version = semver(r);
      return `"node_modules/${name}": {\n  "version": "${version}",\n  "resolved": "https://registry.npmjs.org/${name}/-/${name}-${version}.tgz",\n  "integrity": "sha512-${base64(r.bytes(64))}"\n}`;
    },
  },
  {
    description: 'SRI hash on a script tag',
    generate: (r) => `<script src="https://cdn.jsdelivr.net/npm/${pkg(r)}@${semver(r)}/dist/index.min.js" integrity="sha384-${base64(r.bytes(48))}" crossorigin="anonymous"></script>`,
  },
  { description: 'base64 data-URI image in CSS', generate: (r) => `.logo { background-image: url("data:image/png;base64,${pngBase64(r, r.int(60, 600))}"); }` },
  { description: 'base64 data-URI image in HTML', generate: (r) => `<img alt="" src="data:image/png;base64,${pngBase64(r, r.int(60, 400))}">` },
  { description: 'semantic versions', generate: (r) => `"version": "${semver(r)}",\n"${pkg(r)}": "^${semver(r)}",\nrelease ${semver(r)}-beta.${r.int(1, 9)}+build.${r.int(1, 999)}` },
  { description: 'CSS colours', generate: (r) => `.btn { color: #fff; background: #${hex(r, 6)}; border-color: #${hex(r, 6).toUpperCase()}; box-shadow: 0 0 4px #${hex(r, 8)}; }` },
  {
    description: 'numeric ids and timestamps',
    generate: (r) =>
      `{ "orderId": ${r.int(10000, 9999999)}, "createdAt": ${1_700_000_000_000 + r.int(0, 40_000_000_000)}, "updated": ${1_700_000_000 + r.int(0, 40_000_000)}, "page": ${r.int(1, 40)} }`,
  },
  {
    description: 'video and document ids in URLs',
    generate: (r) => `https://www.youtube.com/watch?v=${r.chars(ALPHABET.base64url, 11)}\nhttps://docs.google.com/document/d/${r.chars(ALPHABET.base64url, 44)}/edit`,
  },
  { description: 'hashed asset file names', generate: (r) => `<link rel="stylesheet" href="/assets/main.${hex(r, 8)}.css">\n<script src="/assets/vendor.${hex(r, 20)}.js"></script>` },
  {
    description: 'placeholders instead of values',
    generate: (r) =>
      r
        .sample(
          [
            'OPENAI_API_KEY=YOUR_API_KEY',
            'password: changeme',
            'token = "<your-token>"',
            'DB_PASSWORD=${DB_PASSWORD}',
            'api_key = "xxxxxxxxxxxxxxxxxxxxxxxx"',
            'password: "********"',
            'password: {{ .Values.password }}',
            'AWS_SECRET_ACCESS_KEY=<your-secret-access-key>',
            'STRIPE_SECRET_KEY=sk_live_...',
            'SECRET_KEY = "REPLACE_ME"',
            'client_secret: "your-client-secret-here"',
            'export GITHUB_TOKEN=<token>',
            'apiKey: "TODO"',
            'password=<password>',
          ],
          r.int(2, 5),
        )
        .join('\n'),
  },
  {
    description: 'values read from the environment or a vault',
    generate: (r) =>
      r
        .sample(
          [
            'const apiKey = process.env.OPENAI_API_KEY;',
            'SECRET = os.environ["SECRET"]',
            'password = os.getenv("DB_PASSWORD")',
            'String password = System.getenv("DB_PASSWORD");',
            'token := os.Getenv("GITHUB_TOKEN")',
            'var key = Environment.GetEnvironmentVariable("API_KEY");',
            "const secret = await vault.read('secret/data/billing');",
            'password = getpass.getpass("Mot de passe : ")',
            "$password = getenv('DB_PASSWORD');",
            'Authorization: Bearer $TOKEN',
          ],
          r.int(2, 4),
        )
        .join('\n'),
  },
  { description: 'documented example AWS keys', generate: () => 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  {
    description: 'card-like number failing the Luhn check',
    generate: (r) => `Carte de test : ${corruptDigit(r, paymentCard(r))}`,
  },
  {
    description: 'IBAN-like string failing mod 97',
    generate: (r) => {
      const valid = iban(r);
      // Change a digit of the account part (after the country and check digits).
      return `"iban": "${corruptDigit(r, valid, 4)}"`;
    },
  },
  {
    description: 'NIR-like number with a wrong key',
    generate: (r) => {
      const thirteen = `${r.int(1, 2)}${r.digits(2)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(21, 95))}${r.digits(3)}${r.digits(3)}`;
      const key = (Number(nirKey(thirteen)) % 97) + 1;
      return `numero_secu: ${thirteen}${String(key).padStart(2, '0')}`;
    },
  },
  {
    description: 'SIREN and SIRET failing the Luhn check',
    generate: (r) => {
      const ids = companyIdentifiers(r);
      // Corrupt the SIREN part, so that neither the SIREN nor the SIRET passes.
      return `SIREN ${corruptDigit(r, ids.siren, 0, 4)} — SIRET ${corruptDigit(r, ids.siret, 0, 4)}`;
    },
  },
  {
    description: 'GitHub-looking token whose checksum is wrong',
    generate: (r) => {
      const body = r.chars(ALPHABET.base62, 30);
      const checksum = toBase62((crc32(body) + r.int(1, 1000)) % 0x100000000, 6);
      return `token: ghp_${body}${checksum}`;
    },
  },
  {
    description: 'version, dates and times that look like phone numbers',
    generate: (r) =>
      `version 1.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 9)}.${r.int(0, 9)}\nle ${String(r.int(1, 28)).padStart(2, '0')}/${String(r.int(1, 12)).padStart(2, '0')}/2024 à ${r.int(8, 19)}:${r.int(10, 59)}\ndate: 2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
  },
  {
    description: 'prices and quantities',
    generate: (r) => `Total TTC : ${r.int(1, 99)} ${r.int(100, 999)},${r.digits(2)} €\nPrix unitaire : ${r.int(1, 999)},${r.digits(2)} € HT — quantité ${r.int(1, 500)}`,
  },
  { description: 'ISBN of a book', generate: () => 'ISBN 978-2-07-036822-8' },
  { description: 'RSA public key (PEM)', generate: (r) => rsaPublicKeyPem(r) },
  { description: 'SSH public key line', generate: (r) => sshPublicKeyLine(r, `${r.pick(['deploy', 'ci', 'backup'])}@${r.pick(SERVICE_NAMES)}-runner`) },
  { description: 'X.509 certificate', generate: (r) => certificatePem(r) },
  { description: 'empty passwords', generate: () => 'password = ""\n"password": "",\nDB_PASSWORD=' },
  { description: 'CI secret references', generate: (r) => `password: \${{ secrets.${r.pick(['REGISTRY_PASSWORD', 'DB_PASSWORD', 'NPM_TOKEN'])} }}\ntoken: \${{ secrets.GITHUB_TOKEN }}` },
  { description: 'SHA-256 checksums and image digests', generate: (r) => `${hex(r, 64)}  dist/app-${semver(r)}.tar.gz\nimage: nginx@sha256:${hex(r, 64)}\n"checksum": "sha256:${hex(r, 64)}"` },
  { description: 'MD5 ETag', generate: (r) => `ETag: "${hex(r, 32)}"\nContent-MD5: ${base64(r.bytes(16))}` },
  { description: 'trace context header', generate: (r) => `traceparent: 00-${hex(r, 32)}-${hex(r, 16)}-01` },
  { description: 'masked secrets', generate: (r) => `ghp_${'*'.repeat(36)}\nAKIA${'*'.repeat(16)}\nkey: sk-...${r.chars(ALPHABET.base62, 4)}\ncarte: **** **** **** ${r.digits(4)}` },
  {
    description: 'Stripe publishable key and object ids (public by design)',
    generate: (r) => `Stripe('pk_live_${r.chars(ALPHABET.base62, 24)}');\n{ "id": "pi_${r.chars(ALPHABET.base62, 24)}", "customer": "cus_${r.chars(ALPHABET.base62, 14)}" }`,
  },
  { description: 'MongoDB ObjectId and Twilio account SID', generate: (r) => `{ "_id": { "$oid": "${hex(r, 24)}" } }\nTWILIO_ACCOUNT_SID=AC${hex(r, 32)}` },
  {
    description: 'at-signs that are not e-mail addresses',
    generate: (r) => `git@github.com:etech-fr/${r.pick(SERVICE_NAMES)}.git\n<img src="logo@2x.png">\n"@types/node": "^${semver(r)}"\n@Component({ selector: 'app-root' })`,
  },
  { description: 'Slack channel and user ids', generate: (r) => `channel: C${r.chars(ALPHABET.upper + ALPHABET.digits, 8)}\nuser: U${r.chars(ALPHABET.upper + ALPHABET.digits, 10)}` },
  { description: 'CSP nonce', generate: (r) => `<script nonce="${base64(r.bytes(16))}">window.__INITIAL_STATE__ = {};</script>` },
  { description: 'a JWT header alone, in documentation', generate: () => 'The header `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9` decodes to `{"alg":"HS256","typ":"JWT"}`.' },
  {
    description: 'ConfigMap data (not a Secret)',
    generate: (r) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${r.pick(SERVICE_NAMES)}-config\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: ${base64(Buffer.from('newCheckout=true'))}\n  TZ: Europe/Paris`,
  },
  { description: 'Docker config with a credential store', generate: () => '{\n\t"auths": {\n\t\t"ghcr.io": {}\n\t},\n\t"credsStore": "desktop"\n}' },
  {
    description: 'connection URLs without a password',
    generate: (r) => `postgres://app@localhost:5432/${r.pick(ENTITIES)}s\nredis://redis:6379/0\nDATABASE_URL=postgres://app:\${DB_PASSWORD}@db:5432/app`,
  },
  {
    description: 'prose about passwords and tokens',
    generate: () => 'Le mot de passe doit contenir au moins 12 caractères.\nGenerate a personal access token in Settings > Developer settings, then paste it below.',
  },
  { description: 'password checks in code', generate: () => "if (password.length < 12) throw new Error('mot de passe trop court');\nconst passwordField = form.querySelector('#password');" },
];

/** `count` hard negatives, cycling through every generator in a shuffled order. */
export function generateHardNegatives(r: Random, count: number): HardNegative[] {
  const out: HardNegative[] = [];
  let queue: typeof GENERATORS = [];
  while (out.length < count) {
    if (queue.length === 0) queue = r.shuffle(GENERATORS);
    const [next, ...rest] = queue;
    queue = rest;
    if (next) out.push({ description: next.description, content: next.generate(r) });
  }
  return out;
}

/** Files where hard negatives live: each a builder of content from a Random. */
const NEGATIVE_FILES: ReadonlyArray<{ path: (r: Random) => string; build: (r: Random) => string }> = [
  {
    path: () => 'package-lock.json',
    build(r) {
      const entries = Array.from({ length: r.int(15, 60) }, () => {
        const name = `${pkg(r)}${r.bool(0.3) ? `-${r.pick(ENTITIES)}` : ''}`;
        const version = semver(r);
        return `    "node_modules/${name}": {\n      "version": "${version}",\n      "resolved": "https://registry.npmjs.org/${name}/-/${name}-${version}.tgz",\n      "integrity": "sha512-${base64(r.bytes(64))}",\n      "dev": ${r.bool()}\n    }`;
      });
      return `{\n  "name": "${r.pick(SERVICE_NAMES)}",\n  "version": "${semver(r)}",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {\n${entries.join(',\n')}\n  }\n}\n`;
    },
  },
  {
    path: () => '.env.example',
    build: (r) =>
      `# Copy to .env and fill in the values.\n${r.shuffle(['OPENAI_API_KEY=YOUR_API_KEY', 'DB_PASSWORD=changeme', 'JWT_SECRET=<your-secret>', 'GITHUB_TOKEN=', 'STRIPE_SECRET_KEY=sk_test_...', 'SMTP_PASSWORD=********', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app', 'NODE_ENV=development', 'PORT=3000']).join('\n')}\n`,
  },
  {
    path: () => 'src/styles/theme.css',
    build(r) {
      const rules = Array.from({ length: r.int(10, 30) }, (_, i) =>
        r.bool(0.2) ? `.icon-${i} { background-image: url("data:image/png;base64,${pngBase64(r, r.int(60, 300))}"); }` : `.c-${i} { color: #${hex(r, 6)}; background: #${hex(r, 3)}; }`,
      );
      return `${rules.join('\n')}\n`;
    },
  },
  {
    path: () => '.github/workflows/ci.yml',
    build: (r) =>
      `name: CI\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${hex(r, 40)}\n      - uses: docker/login-action@v3\n        with:\n          username: \${{ secrets.REGISTRY_USER }}\n          password: \${{ secrets.REGISTRY_PASSWORD }}\n      - run: npm ci && npm test\n        env:\n          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n`,
  },
  {
    path: () => 'CHANGELOG.md',
    build(r) {
      const entries = Array.from(
        { length: r.int(5, 20) },
        () =>
          `## ${semver(r)} — 2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}\n\n- ${r.pick(['Fix', 'Add', 'Improve'])} ${r.pick(ENTITIES)} ${r.pick(['export', 'validation', 'pagination'])} (${hex(r, 7)})\n`,
      );
      return `# Changelog\n\n${entries.join('\n')}`;
    },
  },
  {
    path: () => 'keys/authorized_keys',
    build: (r) => `${Array.from({ length: r.int(2, 6) }, () => sshPublicKeyLine(r, `${r.pick(['deploy', 'backup', 'ci'])}@${r.pick(SERVICE_NAMES)}`)).join('\n')}\n`,
  },
  { path: () => 'certs/ca-bundle.pem', build: (r) => `${certificatePem(r)}\n${rsaPublicKeyPem(r)}\n` },
];

/** Hard-negative files (no labels): structured files, and catalogues of negative items in Markdown. */
export function generateHardNegativeFiles(r: Random, targetBytes: number): LabelledFile[] {
  const files: LabelledFile[] = [];
  let total = 0;
  let queue: typeof NEGATIVE_FILES = [];
  while (total < targetBytes) {
    const index = files.length + 1;
    let content: string;
    let path: string;
    if (r.bool(0.6)) {
      if (queue.length === 0) queue = r.shuffle(NEGATIVE_FILES);
      const [template, ...rest] = queue;
      queue = rest;
      if (!template) continue;
      content = template.build(r);
      path = `negatives-${index}/${template.path(r)}`;
    } else {
      const items = generateHardNegatives(r, r.int(10, 30));
      content = `# Exemples\n\n${items.map((item) => `## ${item.description}\n\n\`\`\`\n${item.content}\n\`\`\`\n`).join('\n')}`;
      path = `negatives-${index}/docs/examples.md`;
    }
    files.push({ path, content, labels: [] });
    total += Buffer.byteLength(content, 'utf8');
  }
  return files;
}
