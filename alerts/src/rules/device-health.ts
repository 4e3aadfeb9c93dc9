import { clear, triggered, type RuleCheck } from './candidate.ts';
import { hours, num } from './format.ts';
import type { ScheduledInput } from './inputs.ts';
import { crossedLevel, HOUR_MS, round } from './points.ts';
import type { RuleOf } from './rule-config.ts';

/** Sorted by id so that the result does not depend on the order the caller listed them in. */
const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Device-battery rule: one check per device that reports a battery level, its id as subject, so
 * each device has its own alert. Levels compare as "at or below".
 */
export function checkDeviceBattery(rule: RuleOf<'device_battery'>, input: ScheduledInput, now: Date): RuleCheck[] {
  return byId(input.devices).flatMap((device): RuleCheck[] => {
    const battery = device.battery;
    if (battery === null || battery === undefined || !Number.isFinite(battery)) return [];
    const level = crossedLevel(battery, 'lte', rule.levels);
    if (level === undefined) return [clear(rule, now, device.id)];
    return [
      triggered(rule, {
        severity: level.severity,
        subject: device.id,
        value: battery,
        unit: '%',
        threshold: level.limit,
        observedAt: now,
        message: `Device battery at ${num(battery, 0)}% (at or below ${num(level.limit, 0)}%)`,
        evidence: { points: [], stats: { batteryPercent: battery } },
      }),
    ];
  });
}

/**
 * Gateway-offline rule: a gateway whose status is offline and that has not been heard from for
 * `hours` or more. A gateway reported online is trusted: MQTT keep-alive makes the broker publish
 * its last will within 1.5 keep-alive periods of the link dying. A gateway never seen is not judged.
 */
export function checkGatewayOffline(rule: RuleOf<'gateway_offline'>, input: ScheduledInput, now: Date): RuleCheck[] {
  return byId(input.gateways).flatMap((gateway): RuleCheck[] => {
    if (gateway.online) return [clear(rule, now, gateway.id)];
    if (gateway.lastSeenAt === null) return [];
    const offlineMs = now.getTime() - gateway.lastSeenAt.getTime();
    if (offlineMs < rule.hours * HOUR_MS) return [clear(rule, now, gateway.id)];
    const offlineHours = round(offlineMs / HOUR_MS, 2);
    return [
      triggered(rule, {
        severity: rule.severity,
        subject: gateway.id,
        value: offlineHours,
        unit: 'h',
        threshold: rule.hours,
        observedAt: now,
        message: `Home gateway offline for ${hours(offlineHours)} (limit ${hours(rule.hours)})`,
        evidence: { points: [], window: { from: gateway.lastSeenAt, to: now }, stats: { hoursOffline: offlineHours } },
      }),
    ];
  });
}
