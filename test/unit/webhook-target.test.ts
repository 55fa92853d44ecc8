import { loadConfig } from '../../src/config';
import { refusedAddress, refusedHostName } from '../../src/domain/webhook-target';
import { signature } from '../../src/webhooks/sign';

/** The webhook target rules (docs/webhooks.md, "Targets"), the signature and the webhook settings. */
describe('webhook targets', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    'fe80::1',
    'FE80::abcd',
    '100.100.100.200',
    'fd00:ec2::254',
    '::ffff:169.254.169.254',
    '0.0.0.0',
    '::',
  ])('when a host resolves to %s, then it is refused', (address) => {
    expect(refusedAddress(address)).toContain('link-local or cloud-metadata');
  });

  it.each(['127.0.0.1', '::1', '10.0.0.1', '192.168.10.20', '172.16.0.5', 'fd00::1', '93.184.216.34', '2001:db8::1'])(
    'when a host resolves to %s, then it is allowed (private and loopback included)',
    (address) => {
      expect(refusedAddress(address)).toBeNull();
    },
  );

  it('when the host is a metadata name, in any case or with a trailing dot, then it is refused', () => {
    expect(refusedHostName('Metadata.Google.Internal.')).toContain('cloud-metadata');
    expect(refusedHostName('asianhallinta.kerava.local')).toBeNull();
  });
});

describe('the signature', () => {
  it('when a body is signed, then it is sha256= and the hex HMAC-SHA256 of the raw body (a known vector)', () => {
    expect(signature('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});

describe('webhook settings', () => {
  it('when nothing is set, then the first retry is within a minute and the lease outlasts the timeout', () => {
    const config = loadConfig({});
    expect(config.webhookRetryFirstSeconds).toBe(30);
    expect(config.webhookLeaseMs).toBeGreaterThan(config.webhookTimeoutMs);
  });

  it('when the lease is not longer than the timeout, then the start is refused naming both', () => {
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '20000', WEBHOOK_LEASE_MS: '20000' })).toThrow(
      /WEBHOOK_LEASE_MS must be longer than WEBHOOK_TIMEOUT_MS/,
    );
  });

  it('when a value is out of range, then the message names the variable', () => {
    expect(() => loadConfig({ WEBHOOK_RETRY_FIRST_SECONDS: '0' })).toThrow(/WEBHOOK_RETRY_FIRST_SECONDS must be/);
  });
});
