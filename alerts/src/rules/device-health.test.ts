import { describe, expect, it } from 'vitest';
import { checkDeviceBattery, checkGatewayOffline } from './device-health.ts';
import type { DeviceState, GatewayState, ScheduledInput } from './inputs.ts';
import { clearOf, defaultRule, hoursAgo, NOW, onlyCandidate, outcome, triggeredOf } from './test-support.ts';

const battery = defaultRule('device_battery', 'device-battery');
const gatewayRule = defaultRule('gateway_offline', 'gateway-offline');
const withDevices = (devices: DeviceState[]): ScheduledInput => ({ lastReadingAt: {}, gateways: [], devices });
const withGateways = (gateways: GatewayState[]): ScheduledInput => ({ lastReadingAt: {}, gateways, devices: [] });

describe('device-battery rule', () => {
  it.each([
    [21, 'clear'],
    [20, 'low'],
    [11, 'low'],
    [10, 'high'],
    [0, 'high'],
  ])('battery %s%% → %s', (percent, expected) => {
    expect(outcome(checkDeviceBattery(battery, withDevices([{ id: 'bp-1', battery: percent }]), NOW))).toBe(expected);
  });

  it('keeps one alert per device, keyed by its id, in id order', () => {
    const checks = checkDeviceBattery(battery, withDevices([{ id: 'scale-2', battery: 5 }, { id: 'bp-1', battery: 15 }, { id: 'cgm-3', battery: 80 }]), NOW);
    expect(triggeredOf(checks).map((c) => [c.dedupeKey, c.subject, c.severity])).toEqual([
      ['device-battery:bp-1', 'bp-1', 'low'],
      ['device-battery:scale-2', 'scale-2', 'high'],
    ]);
    expect(clearOf(checks).map((c) => c.dedupeKey)).toEqual(['device-battery:cgm-3']);
  });

  it('skips devices that report no battery', () => {
    expect(checkDeviceBattery(battery, withDevices([{ id: 'a', battery: null }, { id: 'b' }]), NOW)).toEqual([]);
  });

  it('keeps the device id out of the message', () => {
    const c = onlyCandidate(checkDeviceBattery(battery, withDevices([{ id: 'SN-0042', battery: 9 }]), NOW));
    expect(c.message).toBe('Device battery at 9% (at or below 10%)');
  });
});

describe('gateway-offline rule', () => {
  const offlineFor = (h: number): GatewayState => ({ id: 'gw-1', lastSeenAt: hoursAgo(h), online: false });

  it('triggers at exactly 24 h offline, not before', () => {
    expect(outcome(checkGatewayOffline(gatewayRule, withGateways([offlineFor(24)]), NOW))).toBe('low');
    expect(outcome(checkGatewayOffline(gatewayRule, withGateways([offlineFor(23.99)]), NOW))).toBe('clear');
  });

  it('trusts an online status, and does not judge a gateway never seen', () => {
    expect(outcome(checkGatewayOffline(gatewayRule, withGateways([{ id: 'gw-1', lastSeenAt: hoursAgo(100), online: true }]), NOW))).toBe('clear');
    expect(outcome(checkGatewayOffline(gatewayRule, withGateways([{ id: 'gw-1', lastSeenAt: null, online: false }]), NOW))).toBe('none');
  });

  it('has one alert per gateway and no gateway id in the message', () => {
    const c = onlyCandidate(checkGatewayOffline(gatewayRule, withGateways([{ ...offlineFor(30), id: 'home-7' }]), NOW));
    expect(c).toMatchObject({ dedupeKey: 'gateway-offline:home-7', subject: 'home-7', value: 30, unit: 'h', threshold: 24 });
    expect(c.message).toBe('Home gateway offline for 30 h (limit 24 h)');
  });
});
