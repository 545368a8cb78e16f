import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { Settings } from '../../src/shared/ids';
import { changed } from '../../src/vscode/platform/configuration';

/** A configuration change that touched these sections, as the editor reports one. */
function changeOf(...sections: string[]): vscode.ConfigurationChangeEvent {
  return { affectsConfiguration: (section: string) => sections.some((touched) => touched === section || touched.startsWith(`${section}.`)) };
}

describe('platform: the typed configuration facade', () => {
  it('says whether a change touches one setting, a section of them, or any of ours', () => {
    const findings = changeOf('aiGuard.redaction.showFindings');
    assert.equal(changed(findings, Settings.showFindings), true);
    assert.equal(changed(findings, Settings.showPersonalData), false);
    assert.equal(changed(findings, 'redaction'), true, 'the section holds the setting');
    assert.equal(changed(findings, 'telemetry'), false);
    assert.equal(changed(findings), true, 'any aiGuard setting');
    assert.equal(changed(changeOf('editor.fontSize')), false, 'not one of ours');
    assert.equal(changed(changeOf('telemetry.telemetryLevel'), 'telemetry'), false, "the editor's own telemetry setting is not aiGuard.telemetry");
    // @ts-expect-error A key that names no setting does not compile.
    changed(findings, 'redaction.showFinding');
  });
});
