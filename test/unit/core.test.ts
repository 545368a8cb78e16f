import { strict as assert } from 'node:assert';
import * as l10n from '@vscode/l10n';
import { describeError } from '../../src/core/errors';
import { localeFromEnvironment, normaliseLocale, useBundle } from '../../src/core/locale';
import { useLocale } from '../../src/core/localeBundles';

describe('core/errors describeError', () => {
  it('gives the message of an Error, with its cause', () => {
    assert.equal(describeError(new Error('disk full')), 'disk full');
    assert.equal(describeError(new Error('save failed', { cause: new Error('disk full') })), 'save failed (disk full)');
  });
  it('never gives an empty or "[object Object]" text', () => {
    assert.equal(describeError(new TypeError('')), 'TypeError');
    assert.equal(describeError('  '), 'unknown error');
    assert.equal(describeError({ code: 'E1' }), '{"code":"E1"}');
    assert.equal(describeError(undefined), 'undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(describeError(circular), '[object Object]');
  });
});

describe('core/locale', () => {
  afterEach(() => useBundle(undefined));

  it('reads the POSIX variables in order of precedence', () => {
    assert.equal(localeFromEnvironment({ LANG: 'fr_FR.UTF-8' }), 'fr');
    assert.equal(localeFromEnvironment({ LC_ALL: 'en_US.UTF-8', LANG: 'fr_FR.UTF-8' }), 'en');
    assert.equal(localeFromEnvironment({ LC_MESSAGES: 'fr_BE', LANG: 'en_GB' }), 'fr');
    assert.equal(localeFromEnvironment({ LANGUAGE: 'fr:en' }), 'fr');
    assert.equal(localeFromEnvironment({}), 'en');
    assert.equal(localeFromEnvironment({ LANG: 'C' }), 'en');
  });

  it('recognises French tags and nothing else', () => {
    for (const tag of ['fr', 'FR', 'fr-ca', 'fr_FR.UTF-8', 'fr@euro']) assert.equal(normaliseLocale(tag), 'fr', tag);
    for (const tag of ['en', 'en-us', 'fri', 'de-fr', '']) assert.equal(normaliseLocale(tag), 'en', tag);
  });

  it('switches l10n.t between French and English', () => {
    useLocale('fr');
    assert.equal(l10n.t('Show Output'), 'Afficher la sortie');
    assert.equal(l10n.t('Version {0}', '1.2.3'), 'Version 1.2.3');
    useLocale('en');
    assert.equal(l10n.t('Show Output'), 'Show Output');
  });
});
