import { describe, expect, it } from 'vitest';
import { generateAgencyIdentity } from '@concord/identity';
import { open, seal, sealedBoxSchema } from './sealed-box.js';

const au = generateAgencyIdentity();
const th = generateAgencyIdentity();
const my = generateAgencyIdentity();
const aad = new TextEncoder().encode('AU|op-1|jip.proposed');
const text = new TextEncoder().encode('route: Jakarta - Bangkok; informant: CANARY');
const box = seal(text, [{ agency: 'AU', publicKey: au.publicKeys.encryption }, { agency: 'TH', publicKey: th.encryptionKey }], aad);
const as = (agency: string, identity: typeof au) => ({ agency, privateKey: identity.encryptionKey });

describe('sealed boxes', () => {
  it('open for each recipient, and hold no plaintext', () => {
    expect(open(box, as('AU', au), aad).toString()).toBe('route: Jakarta - Bangkok; informant: CANARY');
    expect(open(box, as('TH', th), aad).toString()).toContain('CANARY');
    expect(JSON.stringify(box)).not.toContain('CANARY');
    expect(sealedBoxSchema.parse(box)).toEqual(box);
  });

  it('do not open for an agency they are not sealed for, even one that claims a recipient\'s name', () => {
    expect(() => open(box, as('MY', my), aad)).toThrow(/not sealed for MY/);
    expect(() => open(box, as('TH', my), aad)).toThrow(/does not open/);
  });

  it('do not open once any byte of content or key changes, or in another context', () => {
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[bytes.length - 20]! ^= 1;
      return bytes.toString('base64url');
    };
    expect(() => open({ ...box, content: flip(box.content) }, as('TH', th), aad)).toThrow(/does not open/);
    expect(() => open({ ...box, recipients: box.recipients.map((r) => ({ ...r, key: flip(r.key) })) }, as('TH', th), aad)).toThrow(/does not open/);
    expect(() => open(box, as('TH', th), new TextEncoder().encode('AU|op-2|jip.proposed'))).toThrow(/does not open/);
    // A recipient entry moved to another agency's name does not open for it either.
    const swapped = { ...box, recipients: [{ agency: 'MY', key: box.recipients[1]!.key }] };
    expect(() => open(swapped, as('MY', my), aad)).toThrow(/does not open/);
  });

  it('do not open with an ephemeral key that is not 32 bytes of a point on the curve, with the same error as any altered box', () => {
    for (const epk of ['x25519:short', `x25519:${'A'.repeat(42)}!`, `ed25519:${box.epk.slice('x25519:'.length)}`]) {
      expect(() => open({ ...box, epk }, as('TH', th), aad)).toThrow(/does not open: altered, or sealed for another context or key/);
    }
  });

  it('use a fresh content key and ephemeral key each time', () => {
    const again = seal(text, [{ agency: 'TH', publicKey: th.publicKeys.encryption }], aad);
    expect(again.epk).not.toBe(box.epk);
    expect(again.content).not.toBe(box.content);
  });
});
