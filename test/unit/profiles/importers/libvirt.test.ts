import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { importLibvirt } from '../../../../server/src/profiles/importers';
import { createProfile } from '../../../../server/src/profiles/profile';
import { assertImportError, fixture } from './helpers';

describe('libvirt importer', () => {
  test('virsh capabilities: listed features known, model recorded, everything else unknown', () => {
    const { profile, notes } = importLibvirt(fixture('libvirt-capabilities.xml'));
    const p = createProfile(profile);
    assert.equal(profile.vendor, 'intel');
    assert.equal(profile.name, 'libvirt-skylake-client-notsx-ibrs');
    assert.match(profile.description ?? '', /Skylake-Client-noTSX-IBRS/);
    assert.match(profile.description ?? '', /intel-06-5e-3/);
    for (const f of ['vmx', 'monitor', 'dts', 'ss', 'tsc_adjust', 'intel_pt', 'md_clear', 'flush_l1d', 'intel_stibp', 'spec_ctrl_ssbd', 'constant_tsc', 'xsaves', 'pdpe1gb']) {
      assert.equal(p.has(f), true, f);
    }
    assert.equal(p.has('avx2'), undefined); // implied by the model, not read
    assert.equal(p.has('osxsave'), undefined);
    assert.ok(notes.some((n) => /implies further features/.test(n)));
    assert.ok(notes.some((n) => /rdctl-no skip-l1dfl-vmentry mds-no/.test(n)));
  });

  test('virsh domcapabilities host-model: require → 1, disable → 0, optional ignored', () => {
    const { profile, notes } = importLibvirt(fixture('libvirt-domcapabilities.xml'));
    const p = createProfile(profile);
    assert.equal(profile.vendor, 'amd');
    assert.equal(profile.name, 'libvirt-epyc-rome');
    assert.equal(p.has('x2apic'), true);
    assert.equal(p.has('tsc_deadline_timer'), true);
    assert.equal(p.has('spec_ctrl'), true);
    assert.equal(p.has('amd_ibrs'), true);
    assert.equal(p.has('amd_ssbd'), true);
    assert.equal(p.has('svm'), true);
    assert.equal(p.has('npt'), true);
    assert.equal(p.has('nrip_save'), true);
    assert.equal(p.has('xsaves'), false);
    assert.equal(p.has('topoext'), undefined);
    assert.equal(p.has('hypervisor'), undefined);
    assert.equal(p.has('pcid'), undefined); // listed only as a blocker of a custom model
    assert.ok(notes.some((n) => /optional.*topoext/.test(n)));
  });

  test('a bare <cpu> element', () => {
    const { profile } = importLibvirt("<cpu mode='custom' match='exact'>\n  <model fallback='forbid'>Haswell-noTSX</model>\n  <vendor>Intel</vendor>\n  <feature policy='require' name='vme'/>\n  <feature policy='disable' name='rtm'/>\n</cpu>\n");
    const p = createProfile(profile);
    assert.equal(p.has('vme'), true);
    assert.equal(p.has('rtm'), false);
  });

  test('errors: malformed XML (line), no host CPU, unknown vendor, host-model unsupported', () => {
    assertImportError(() => importLibvirt('<capabilities>\n  <host>\n    <cpu>\n  </host>\n</capabilities>\n'), [/not well-formed XML/], 4);
    assertImportError(() => importLibvirt('<capabilities><guest/></capabilities>'), [/no host CPU found/]);
    assertImportError(() => importLibvirt('<cpu><model>x</model><vendor>VIA</vendor></cpu>'), [/unsupported CPU vendor "VIA"/]);
    assertImportError(() => importLibvirt('<cpu><model>x</model></cpu>'), [/no <vendor>/]);
    assertImportError(
      () => importLibvirt("<domainCapabilities><cpu><mode name='host-model' supported='no'/></cpu></domainCapabilities>"),
      [/host-model CPU mode is not supported/],
    );
  });
});
