import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinnedSignatureCheck } from '../../../main/api/service-signature';
import { RESPONSE_SIGNING_KEY_FILE_NAME, loadResponseSigner } from '../../../server/crypto/response-signing-key';

// RFC 8032, section 7.1, TEST 1 (the empty message).
const RFC_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const RFC_SIGNATURE =
  'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

describe('the service’s response signing key (Ed25519)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-signing-key-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('signs as RFC 8032 says, from a configured seed (hex or base64)', () => {
    const signer = loadResponseSigner(dataDir, RFC_SEED);
    expect(Buffer.from(signer.publicKey, 'base64').toString('hex')).toBe(RFC_PUBLIC);
    expect(Buffer.from(signer.sign(''), 'base64').toString('hex')).toBe(RFC_SIGNATURE);
    expect(loadResponseSigner(dataDir, Buffer.from(RFC_SEED, 'hex').toString('base64')).publicKey).toBe(
      signer.publicKey,
    );
    expect(() => loadResponseSigner(dataDir, 'too short')).toThrow(/32-byte seed/);
  });

  it('creates one key file (0600) and keeps it across restarts', async () => {
    const first = loadResponseSigner(dataDir);
    const file = join(dataDir, RESPONSE_SIGNING_KEY_FILE_NAME);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadResponseSigner(dataDir).publicKey).toBe(first.publicKey);
  });

  it('is what the client’s pin checks: the pinned key verifies, any other key or message does not', () => {
    const signer = loadResponseSigner(dataDir);
    const other = loadResponseSigner(dataDir, RFC_SEED);
    const check = pinnedSignatureCheck([other.publicKey, signer.publicKey])!;
    const signature = signer.sign('VIGIL-RESPONSE-V1\nGET\n/v1/client/session');
    expect(check('VIGIL-RESPONSE-V1\nGET\n/v1/client/session', signature)).toBe(true);
    expect(check('VIGIL-RESPONSE-V1\nGET\n/v1/client/sessions', signature)).toBe(false);
    expect(check('VIGIL-RESPONSE-V1\nGET\n/v1/client/session', undefined)).toBe(false);
    expect(pinnedSignatureCheck([other.publicKey])!('VIGIL-RESPONSE-V1\nGET\n/v1/client/session', signature)).toBe(
      false,
    );
    expect(pinnedSignatureCheck([])).toBeNull();
    expect(() => pinnedSignatureCheck(['not a key'])).toThrow(/base64 of 32 bytes/);
  });
});
