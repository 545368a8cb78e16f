import { strict as assert } from 'node:assert';
import { assertClean, assertMasks, found } from '../../support/redaction';

/**
 * Forms a held-out corpus found the engine missing (test/corpus-redteam), each fixed in its general
 * form and tested here with examples of its own: string concatenation in several languages, YAML
 * values folded over lines, unquoted values of configuration files, French and suffixed names,
 * strings inside JSON strings, SQL roles, `.npmrc` credentials, Oracle connect strings, private
 * keys in base64, and personal data in other writings; and the stand-ins they must not mask.
 */
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('redaction: forms found missing by the held-out corpus', () => {
  it('masks a password split by string concatenation, whole, in every common language', async () => {
    await assertMasks('const apiSecret = "Qm9" + "rTx#41zz";', 'Qm9" + "rTx#41zz', 'client.ts');
    await assertMasks("$pwd = 'Lu' . 'ne#2025x';", "Lu' . 'ne#2025x", 'db.php');
    await assertMasks('DB_PASS = ("Nuit#"\n           "Blanche77")', 'Nuit#"\n           "Blanche77', 'settings.py');
    await assertMasks('String token = "h7Kq2"\n    + "Lm9pZ4x";', 'h7Kq2"\n    + "Lm9pZ4x', 'App.java');
    await assertMasks("v_pass := 'Ora' || 'cle#2031';", "Ora' || 'cle#2031", 'proc.txt');
    // Two values in a row are not one: a JSON object's next member, a shell command's next argument.
    await assertMasks('{"password": "Xk9!mq22", "user": "bob"}', 'Xk9!mq22', 'config.json');
    await assertMasks('PASSWORD="Gr4v!er55" "--verbose"', 'Gr4v!er55', 'run.sh');
  });

  it('masks every copy of a found value in any casing, and only copies', async () => {
    const text = 'DB_PASSWORD=Corail#Bleu2026\n# the login log said: "CORAIL#BLEU2026" rejected, then "corail#bleu2026"\nnote: corail is a colour\n';
    const findings = await found(text, { path: 'deploy.env' });
    const values = findings.map((finding) => finding.slice(finding.indexOf(': ') + 2));
    assert.ok(values.includes('Corail#Bleu2026'), JSON.stringify(findings));
    assert.ok(values.includes('CORAIL#BLEU2026') && values.includes('corail#bleu2026'), `every casing is masked: ${JSON.stringify(findings)}`);
    assert.ok(!values.includes('corail'), 'a word of the value alone is not a copy');
    // A text whose lower-cased form is longer ("İ") keeps its offsets right: exact copies only.
    const dotted = 'DB_PASSWORD=Corail#Bleu2026\nİİ again Corail#Bleu2026 and CORAIL#BLEU2026\n';
    const dottedValues = (await found(dotted, { path: 'deploy.env' })).map((finding) => finding.slice(finding.indexOf(': ') + 2));
    assert.deepEqual(dottedValues.filter((value) => value === 'Corail#Bleu2026').length, 2, JSON.stringify(dottedValues));
  });

  it('masks a YAML value folded over lines, and stops at the next key', async () => {
    await assertMasks('auth:\n  password: Hq8$Zp2LmW\n    r7Tq!x\n  user: app\n', 'Hq8$Zp2LmW\n    r7Tq!x', 'values.yaml');
    await assertMasks('auth:\n  password: "Hq8$Zp2LmW\n    r7Tq!x"\n', 'Hq8$Zp2LmW\n    r7Tq!x', 'values.yaml');
    await assertMasks('db:\n  password: Ab3!xyz9\n  host: pg\n', 'Ab3!xyz9', 'values.yaml');
    await assertMasks('db:\n  password: Ab3!xyz9\n  - item\n', 'Ab3!xyz9', 'values.yaml');
  });

  it('reads an unquoted dotted value of a configuration file as a value, not a reference', async () => {
    await assertMasks('POSTGRES_PASSWORD: lune.soleil.etoile.7\n', 'lune.soleil.etoile.7', 'docker-compose.yml');
    await assertMasks('LDAP_BIND_PASSWORD=Hiver2031.q7\n', 'Hiver2031.q7', '.env');
    await assertMasks('LDAP_BIND_PASSWORD=Hiver2031.q7\n', 'Hiver2031.q7', 'notes.txt');
    // In code an unquoted dotted value is an expression.
    await assertClean('password = config.db.password\n', 'settings.py');
    await assertClean('spring:\n  datasource:\n    password: spring.datasource.password\n', 'application.yml');
  });

  it('reads French and suffixed names: the account after the word, a version, `secrète`', async () => {
    await assertMasks('mdp_root: Gr4nit#88\n', 'Gr4nit#88', 'vars.yml');
    await assertMasks('MOT_DE_PASSE_BDD=Falaise#2030\n', 'Falaise#2030', '.env');
    await assertMasks('cle_secrete = "pX4mQ9rT2wZ7kL1v"\n', 'pX4mQ9rT2wZ7kL1v', 'config.py');
    await assertMasks('ADMIN_PASS_V3=Rocher!Noir12\n', 'Rocher!Noir12', '.env');
    await assertMasks('Bonjour,\nVoici tes accès.\nMot de passe : Hiver#2031\nBonne journée', 'Hiver#2031', 'mail.txt');
    // Names about a password rather than the password stay clean.
    await assertClean('PASSWORD_POLICY=strict\nPASSWORD_MIN_LENGTH=12\n', '.env');
  });

  it('reads a string inside a JSON string (a notebook cell, a log line)', async () => {
    await assertMasks('{"source": ["db = connect(password=\\"Pl4ne!t88\\")\\n"]}', 'Pl4ne!t88', 'analyse.ipynb');
    await assertMasks('{"msg": "retry with token=\\"k8Zp2Lq9Xw4Tm7Rv\\""}', 'k8Zp2Lq9Xw4Tm7Rv', 'app.jsonl');
  });

  it("reads a bare `Key` in a provider's section as a key", async () => {
    const key = '3f9a1c7e5b2d4068a1c3e5f7b9d1e2a4';
    await assertMasks(`{\n  "CognitiveServices": {\n    "Endpoint": "https://fr-central.api.cognitive.microsoft.com/",\n    "Key": "${key}"\n  }\n}`, key, 'appsettings.json');
    await assertClean('{\n  "Cache": {\n    "Key": "session-index"\n  }\n}', 'appsettings.json');
  });

  it('leaves references, vaults and stand-ins alone', async () => {
    await assertClean('environment:\n  DB_PASSWORD: ${DB_PASSWORD:-changeme}\n  API_TOKEN: ${API_TOKEN:=}\n', 'docker-compose.yml');
    await assertClean("doctrine:\n  dbal:\n    password: '%env(resolve:DB_PASS)%'\n", 'doctrine.yaml');
    await assertClean('smtp_password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  6231386436306638\n', 'vars.yml');
    await assertClean('MasterUserPassword: !Ref AdminPassword\n', 'stack.yaml');
    await assertClean('MDP=à_définir\nMOT_DE_PASSE=A_RENSEIGNER\nadmin_password: changeme?\n', '.env.dist');
  });

  it('reads SQL roles, `.npmrc` credentials, Oracle connect strings and private keys in base64', async () => {
    await assertMasks("CREATE ROLE reader WITH LOGIN PASSWORD 'R3ad!only9';", 'R3ad!only9', 'init.sql');
    await assertMasks("ALTER USER app WITH ENCRYPTED PASSWORD 'Qz8#plm21';", 'Qz8#plm21', 'init.sql');
    const auth = b64('deployer:Vent#Marin42');
    await assertMasks(`//nexus.example.org/repository/npm/:_auth=${auth}\n`, auth, '.npmrc');
    await assertMasks('sqlplus scott/T1ger#x9@//db.local:1521/ORCL', 'T1ger#x9', 'run.sh');
    await assertMasks('url=jdbc:oracle:thin:scott/T1ger#x9@db.local:1521:ORCL', 'T1ger#x9', 'db.properties');
    await assertClean('- uses: actions/checkout@v4\n- uses: docker/login-action@v3\n', 'ci.yml');
    const key = b64('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5pvOPOqqVbwVfoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n');
    await assertMasks(`users:\n- name: ops\n  user:\n    client-key-data: ${key}\n`, key, 'kubeconfig.txt');
    // A certificate is public, in base64 or not.
    const certificate = b64('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ7mVxZ3b0a1cRk9PqFvYt2eWnUswCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n');
    await assertClean(`clusters:\n- cluster:\n    certificate-authority-data: ${certificate}\n`, 'kubeconfig.txt');
  });

  it('finds a Power Automate signature and a token at the very start of a text', async () => {
    const sig = 'Vq3_Zr8-Kp2mL9xT4wN7bH1cF6dJ0sA5eG2iU8oY3kQ';
    await assertMasks(`https://prod-07.francecentral.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sv=1.0&sig=${sig}`, sig);
    const telegram = `734190265:AA${'Hk3mZq9Lp2Xw7Tr4Vn8Bc1Jd6Fs0Ya5Ge'}`;
    assert.deepEqual(
      (await found(telegram)).map((finding) => finding.slice(finding.indexOf(': ') + 2)),
      [telegram],
    );
  });

  it('reads phone numbers grouped by two spaces and a SIREN grouped by dots', async () => {
    assert.deepEqual(await found('Rappeler au 07  11  22  33  44 demain.'), ['phone: 07  11  22  33  44']);
    assert.deepEqual(await found('SIREN : 732.829.320'), ['siren: 732.829.320']);
    // A dotted number with no telling word is a version, not a company.
    await assertClean('release 732.829.320 shipped');
  });
});

describe('redaction: passphrases outside configuration files', () => {
  it('masks a quoted passphrase under a password name in YAML, JSON, code and text', async () => {
    await assertMasks('ldap:\n  bind_password: "la mer monte 3 fois"\n', 'la mer monte 3 fois', 'values.yaml');
    await assertMasks('{"wifi": {"password": "Trois chats noirs & 1 chien"}}', 'Trois chats noirs & 1 chien', 'router.json');
    await assertMasks("ADMIN_PASSWORD = 'le train part a 7h12'", 'le train part a 7h12', 'seed.py');
    await assertMasks('vpn_password = "Jamais le lundi 2029"', 'Jamais le lundi 2029', 'notes.txt');
  });

  it('masks a passphrase of lower-case words alone, the way diceware and password managers make them', async () => {
    await assertMasks('WIFI_PASSWORD="mon velo est rouge et rapide"', 'mon velo est rouge et rapide', '.env');
    await assertMasks('const password = "correct horse battery staple";', 'correct horse battery staple', 'seed.ts');
    await assertMasks('wifi_password = "le soleil brille sur la mer"', 'le soleil brille sur la mer', 'notes.txt');
    await assertMasks('db:\n  password: "trois pommes vertes tombent"\n', 'trois pommes vertes tombent', 'values.yaml');
  });

  it('leaves hints and messages in words alone: capitalised, short, or made of label words', async () => {
    await assertClean('{"password": "Choose something memorable"}', 'en.json');
    await assertClean('password: "too short"\n', 'messages.yaml');
    await assertClean('{"password": "doit contenir une majuscule"}', 'fr.json');
    await assertClean('PASSWORD_HINT="your usual one"', '.env');
  });

  it('leaves the labels and messages of forms and translations alone', async () => {
    await assertClean('fr:\n  password: "Mot de passe (8 caractères min.)"\n  reset_password: "Mot de passe oublié ?"\n', 'fr.yml');
    await assertClean('{"password": "Enter your password!", "confirm_password": "Passwords must match (2 times)"}', 'en.json');
    await assertClean('const password = "Au moins 12 caractères";', 'form.ts');
    await assertClean('password: "Votre code à 6 chiffres :"', 'labels.yaml');
    // A prompt for a password, in code pasted as text: a quote left open on its line does not run on.
    await assertClean('password = getpass.getpass("Mot de passe : ")\nSECRET = os.environ["SECRET"]\n', 'snippet.txt');
  });
});
