import { describe, expect, it } from 'vitest';
import { startPrivateBus } from './private-bus.ts';

describe('startPrivateBus', () => {
  it('names the package to install when dbus-daemon is missing', async () => {
    await expect(startPrivateBus({ daemonPath: '/nonexistent/dbus-daemon' })).rejects.toThrow(/apt-get install -y dbus-daemon/);
  });
});
