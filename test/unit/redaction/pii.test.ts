import { strict as assert } from 'node:assert';
import type { Category } from '../../../src/core/redaction';
import { luhnValid } from '../../../src/core/redaction/checks';
import { emitMatches } from '../../../src/core/redaction/detector';
import { found, only } from '../../support/redaction';

const withNetwork = { config: { categories: new Set<Category>(['secret', 'pii', 'network', 'dictionary']) } };

describe('redaction: personal data (RGPD)', () => {
  it('finds e-mail addresses, and not file names, npm scopes or URL credentials', async () => {
    assert.deepEqual(await found('Contact: amelie.dufresne@ardoise-conseil.fr.'), only('email', 'amelie.dufresne@ardoise-conseil.fr'));
    assert.deepEqual(await found('<jean+alerts@mail.example.co.uk>'), only('email', 'jean+alerts@mail.example.co.uk'));
    assert.deepEqual(await found('logo@2x.png import "@types/node" @Component({}) user@localhost'), []);
  });

  it('finds French phone numbers in every usual writing', async () => {
    for (const phone of [
      '06 12 34 56 78',
      '06.12.34.56.78',
      '0612345678',
      '06-12-34-56-78',
      '+33 6 12 34 56 78',
      '+33 (0)6 12 34 56 78',
      '+33612345678',
      '0033 1 44 55 66 77',
      '01 44 55 66 77',
      '09 70 12 34 56',
    ]) {
      assert.deepEqual(await found(`Tél : ${phone}, merci.`), only('phone', phone), phone);
    }
  });

  it('finds international numbers in E.164 style', async () => {
    for (const phone of ['+49 30 1234567', '+44 20 7946 0958', '+14155550123', '+32 2 123 45 67']) {
      assert.deepEqual(await found(`call ${phone} today`), only('phone', phone), phone);
    }
  });

  it('does not take versions, dates, prices or ids for phone numbers', async () => {
    assert.deepEqual(await found('version 1.2.3.4.5 on 2024-01-15 at 12:30:45, 1 234,56 €, id 0612345678901, 06 12 34 56 7, v06.12.34.56.78'), []);
  });

  it('finds IBANs, compact or grouped, only with a valid mod-97', async () => {
    assert.deepEqual(await found('IBAN : FR14 2004 1010 0505 0001 3M02 606 (BNP)'), only('iban', 'FR14 2004 1010 0505 0001 3M02 606'));
    assert.deepEqual(await found('iban=DE89370400440532013000;'), only('iban', 'DE89370400440532013000'));
    assert.deepEqual(await found('IBAN FR14 2004 1010 0505 0001 3M02 607 and GB00WEST12345698765432'), []);
  });

  it('finds payment cards with Luhn, compact, spaced or dashed', async () => {
    for (const card of ['4111 1111 1111 1111', '5555-5555-5555-4444', '4111111111111111', '3782 822463 10005']) {
      assert.deepEqual(await found(`carte ${card} exp 12/27`), only('payment-card', card), card);
    }
    assert.deepEqual(await found('carte 4111 1111 1111 1112, order 1234567890123456, ts 1699999999999999'), []);
  });

  it('finds French NIRs with their key, spaced or not', async () => {
    const body = '1850578006084';
    const key = String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
    assert.deepEqual(await found(`NIR ${body}${key}`), only('nir', `${body}${key}`));
    const spaced = `1 85 05 78 006 084 ${key}`;
    assert.deepEqual(await found(`n° sécu : ${spaced}`), only('nir', spaced));
    const wrong = String((Number(key) % 97) + 1).padStart(2, '0');
    assert.deepEqual(await found(`NIR ${body}${wrong}`), []);
  });

  it('finds SIREN and SIRET with Luhn when the context or the spacing says so', async () => {
    assert.deepEqual(await found('SIRET : 732 829 320 00074'), only('siret', '732 829 320 00074'));
    assert.deepEqual(await found('siret=73282932000074'), only('siret', '73282932000074'));
    assert.deepEqual(await found('RCS Paris 732829320'), only('siren', '732829320'));
    assert.deepEqual(await found('nom;siret\nArdoise;73282932000074\n'), only('siret', '73282932000074'));
    assert.deepEqual(await found('raison,siren,siret\nSAS Orbelia,732829320,73282932000074,Amélie\n'), ['siren: 732829320', 'siret: 73282932000074']);
    // Without context a bare 9- or 14-digit number is an id or a timestamp, even when Luhn passes.
    assert.deepEqual(await found('order 732829320 at 20240115103000'), []);
    assert.deepEqual(await found('ref 73282932000074 shipped'), []);
    // A SIREN beside the SIRET it begins is a company row, even without a header.
    assert.deepEqual(await found("(10, 'Orbelia', '732829320', '73282932000074');"), ['siren: 732829320', 'siret: 73282932000074']);
    assert.deepEqual(await found('SIRET : 732 829 320 00075'), []);
  });
});

describe('redaction: network (when the policy switches it on)', () => {
  it('is off by default', async () => {
    assert.deepEqual(await found('host 10.0.12.7'), []);
  });

  it('finds IPv4 and IPv6 addresses, not versions or MAC addresses', async () => {
    assert.deepEqual(await found('db at 10.0.12.7:5432 and 2001:db8:85a3::8a2e:370:7334', withNetwork), ['ipv4: 10.0.12.7', 'ipv6: 2001:db8:85a3::8a2e:370:7334']);
    assert.deepEqual(await found('fe80::1ff:fe23:4567:890a%eth0', withNetwork), ['ipv6: fe80::1ff:fe23:4567:890a']);
    assert.deepEqual(await found('version 1.2.3.4.5, v10.0.0.1, 256.1.1.1, mac 00:1A:2B:3C:4D:5E, std::vector, 12:30:45', withNetwork), []);
  });
});

describe('redaction: dictionary', () => {
  const dictionary = {
    clients: ['Banque Ardoise'],
    codenames: ['Héron'],
    people: ['Amélie Dufresne', 'Jean-Pierre Martin'],
    internalHosts: ['*.ardoise.internal', 'build01'],
  };
  const config = { config: { dictionary, categories: new Set<Category>(['secret', 'pii', 'network', 'dictionary']) } };

  it('matches listed names whatever the case and accents', async () => {
    assert.deepEqual(await found('Projet HERON pour la banque ardoise, suivi par amelie dufresne et Jean Pierre Martin.', config), [
      'project-codename: HERON',
      'client-name: banque ardoise',
      'person-name: amelie dufresne',
      'person-name: Jean Pierre Martin',
    ]);
  });

  it('matches whole words only', async () => {
    assert.deepEqual(await found('Héronville, ardoises, Dufresne seul', config), []);
  });

  it('matches names as parts of identifiers, paths and host names: camelCase, snake_case, SCREAMING_CASE, kebab, dotted', async () => {
    const names = { config: { dictionary: { clients: ['Ardoise', 'Banque Ardoise'], codenames: ['Bluebird'] }, categories: new Set<Category>(['dictionary']) } };
    const cases: Array<[string, string[]]> = [
      ['const bluebirdClient = 1;', ['project-codename: bluebird']],
      ['url = env.BLUEBIRD_API_URL', ['project-codename: BLUEBIRD']],
      ['CREATE SCHEMA project_bluebird;', ['project-codename: bluebird']],
      ['using Bluebird.Api;', ['project-codename: Bluebird']],
      ['image: bluebird-api:1.2', ['project-codename: bluebird']],
      ['class XMLBluebirdParser {}', ['project-codename: Bluebird']],
      ['new BanqueArdoiseClient()', ['client-name: BanqueArdoise']],
      ['see clients/ardoise/billing.ts', ['client-name: ardoise']],
      ['psql -h db.ardoise.internal', ['client-name: ardoise']],
      ['bucket ardoise01-backups', ['client-name: ardoise']],
    ];
    for (const [text, expected] of cases) assert.deepEqual(await found(text, names), expected, text);
  });

  it('masks the hosts the dictionary lists with its names, even where IP addresses are not masked', async () => {
    const names = { config: { dictionary: { clients: ['Ardoise'], internalHosts: ['*.corp-x.internal', 'build01'] }, categories: new Set<Category>(['secret', 'dictionary']) } };
    assert.deepEqual(await found('psql -h db.corp-x.internal; ssh build01 (10.0.0.7); Ardoise', names), ['internal-host: db.corp-x.internal', 'internal-host: build01', 'client-name: Ardoise']);
  });

  it('never matches inside an unrelated word: a code name Ray is not in array, rayon or XRAYS', async () => {
    const ray = { config: { dictionary: { codenames: ['Ray'] }, categories: new Set<Category>(['dictionary']) } };
    assert.deepEqual(await found('const array = []; rayon; XRAYS; tray; Rayleigh; prayer', ray), []);
    assert.deepEqual(await found('getRayTracer(); RAY_TOKEN; ray-cast; RAYTracer', ray), ['project-codename: Ray', 'project-codename: RAY', 'project-codename: ray', 'project-codename: RAY']);
  });

  it('matches internal host names exactly or by wildcard', async () => {
    assert.deepEqual(await found('ssh db-prod-01.ardoise.internal; ping build01; curl ardoise.internal.example.com; build012', config), [
      'internal-host: db-prod-01.ardoise.internal',
      'internal-host: build01',
    ]);
  });
});

describe('redaction: payment cards after other numbers', () => {
  it('finds a card right after a number that is not one (the end of an id), found by a property test', async () => {
    const text = 'id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 4111 1111 1111 1111 paid';
    assert.deepEqual(await found(text), ['payment-card: 4111 1111 1111 1111']);
  });
});

describe('redaction: a rejected candidate never hides one inside it', () => {
  it('resumes the search just after the start of a candidate that `accept` rejects', () => {
    const emitted: string[] = [];
    const text = 'x 123456 y';
    emitMatches(text, /\d{3}/g, (finding) => emitted.push(text.slice(finding.start, finding.end)), { kind: 'nir', rule: 'test', confidence: 1, accept: (value) => value === '234' });
    assert.deepEqual(emitted, ['234'], "'123' was rejected, and '234' starts inside it");
  });
});

describe('redaction: phone numbers, not numeric identifiers', () => {
  const pii = { config: { categories: new Set(['pii'] as const) } };

  it('leaves ten-digit ids of logs and tables alone when nothing says they are phone numbers', async () => {
    for (const text of [
      '2025-03-14 09:26:53,412 INFO [req=0612345678] GET /api/orders/0145236987 200 12ms',
      '{"ts":1710408413,"order_id":"0712345698","trace":"0398765432","elapsed_us":"+14155550123"}',
      'INSERT INTO orders (id, batch) VALUES (0612345678, 0145236987);',
      'Processed batch 0623145879 of 0623145999',
    ]) {
      assert.deepEqual(await found(text, pii), [], text);
    }
  });

  it('finds compact numbers where a word, a column or a person record says so', async () => {
    assert.deepEqual(await found('Appelez-moi au 0612345678 demain', pii), ['phone: 0612345678']);
    assert.deepEqual(await found('{"name":"Léa","mobile":"0612345678"}', pii), ['phone: 0612345678']);
    const dump = "INSERT INTO clients (id, nom, email, telephone) VALUES\n  (1, 'Boyer', 'a.boyer@example.fr', '+33366036567'),\n  (2, 'Roux', 'c.roux@example.fr', '0678079321');";
    assert.deepEqual(
      (await found(dump, pii)).filter((finding) => finding.startsWith('phone')),
      ['phone: +33366036567', 'phone: 0678079321'],
    );
  });

  it('finds numbers written with (+33), no-break spaces or dashes', async () => {
    assert.deepEqual(await found('Contact (+33) 6 12 34 56 78', pii), ['phone: (+33) 6 12 34 56 78']);
    assert.deepEqual(await found('tél. 06\u00a012\u00a034\u00a056\u00a078', pii), ['phone: 06\u00a012\u00a034\u00a056\u00a078']);
    assert.deepEqual(await found('tel 06-12-34-56-78', pii), ['phone: 06-12-34-56-78']);
  });
});

describe('redaction: personal data in the forms people write', () => {
  it('finds IBANs with no-break spaces, dashes, dots, lower case, double spaces or wrapped', async () => {
    for (const iban of [
      'FR76\u00a03000\u00a06000\u00a00112\u00a03456\u00a07890\u00a0189',
      'fr76 3000 6000 0112 3456 7890 189',
      'FR76-3000-6000-0112-3456-7890-189',
      'FR76.3000.6000.0112.3456.7890.189',
      'FR76  3000 6000  0112 3456 7890 189',
      'FR76 3000 6000 0112\n     3456 7890 189',
    ]) {
      assert.deepEqual(await found(`IBAN : ${iban}`), only('iban', iban), JSON.stringify(iban));
    }
  });

  it('finds cards with dots and NIRs with dots, dashes or no-break spaces', async () => {
    assert.deepEqual(await found('carte 4111.1111.1111.1111'), only('payment-card', '4111.1111.1111.1111'));
    const body = '1850578006084';
    const key = String(97 - Number(BigInt(body) % 97n)).padStart(2, '0');
    for (const separator of ['.', '-', '\u00a0']) {
      const nir = ['1', '85', '05', '78', '006', '084', key].join(separator);
      assert.deepEqual(await found(`n° sécu : ${nir}`), only('nir', nir), JSON.stringify(nir));
    }
  });

  it('finds accented and internationalised e-mail addresses', async () => {
    assert.deepEqual(await found('écrire à léa.dupré@société.fr, 用户@例子.广告 ou josé@bücher.de'), ['email: léa.dupré@société.fr', 'email: 用户@例子.广告', 'email: josé@bücher.de']);
  });
});

describe('redaction: SIRET numbers in SQL dumps', () => {
  it('finds them in every row of an INSERT whose columns name them, however far below', async () => {
    // Forty different SIRETs (so no row is found as a copy of another): 13 digits and a Luhn key.
    const withLuhnKey = (digits: string) => {
      for (let key = 0; key <= 9; key++) if (luhnValid(`${digits}${key}`)) return `${digits}${key}`;
      throw new Error('unreachable');
    };
    const sirets = Array.from({ length: 40 }, (_, index) => withLuhnKey(`${7328293200}${String(index * 7 + 101).padStart(3, '0')}`));
    const rows = sirets.map((siret, index) => `  (${index + 1}, 'Ardoise Négoce ${index + 1}', '${siret}', '2024-01-${String((index % 28) + 1).padStart(2, '0')}', 'Paris')`);
    const dump = `-- Dump of table fournisseurs\nINSERT INTO \`fournisseurs\` (\`id\`, \`nom\`, \`siret\`, \`cree_le\`, \`ville\`) VALUES\n${rows.join(',\n')};\n`;
    const findings = await found(dump, { path: 'dump.sql' });
    assert.deepEqual(
      findings.filter((finding) => finding.startsWith('siret: ')),
      sirets.map((siret) => `siret: ${siret}`),
    );
    assert.deepEqual(await found("INSERT INTO commandes (id, total, ref) VALUES (1, 12, '73282932000074');", { path: 'dump.sql' }), []);
    // The statement is first found by the scanner's literal pass, in any case and over a line break.
    const lower = dump.replace('INSERT INTO', 'insert\n\tInto');
    assert.deepEqual(
      (await found(lower, { path: 'dump.sql' })).filter((finding) => finding.startsWith('siret: ')),
      sirets.map((siret) => `siret: ${siret}`),
    );
  });
});
