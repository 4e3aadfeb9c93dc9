import { describe, expect, it } from 'vitest';
import { urgentAlertsFlag, weightGainFlag, type OpenAlert } from './alert-flags.ts';

const P = '00000000-0000-4000-8000-000000000102';
const NOW = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const alert = (id: string, over: Partial<OpenAlert> = {}): OpenAlert => ({ id, ruleKind: 'threshold', severity: 'urgent', state: 'open', message: 'Glucose 50 mg/dL is below 54 mg/dL', ...over });
const weight = (hoursAgo: number, value: number) => ({ at: new Date(NOW.getTime() - hoursAgo * HOUR), value });

describe('urgent_alerts', () => {
  it('counts unresolved urgent alerts, acknowledged ones too, and links the single alert', () => {
    expect(urgentAlertsFlag(P, [alert('a', { severity: 'high' })])).toBeNull();
    const one = urgentAlertsFlag(P, [alert('a', { state: 'acknowledged' })])!;
    expect(one).toMatchObject({ figures: { urgentAlerts: 1, unacknowledged: 0 }, evidence: `/v1/patients/${P}/alerts/a` });
    const two = urgentAlertsFlag(P, [alert('a'), alert('b', { state: 'snoozed' })])!;
    expect(two.reason).toBe('2 urgent alerts unresolved, 1 not acknowledged: Glucose 50 mg/dL is below 54 mg/dL');
    expect(two.evidence).toBe(`/v1/patients/${P}/alerts?severity=urgent`);
  });
});

describe('weight_gain', () => {
  it('takes an open weight-gain alert first', () => {
    const f = weightGainFlag(P, [alert('w', { ruleKind: 'weight_gain', severity: 'high', message: 'Weight up 2.2 kg in 24 h' })], [], NOW)!;
    expect(f).toEqual({ code: 'weight_gain', reason: 'Weight up 2.2 kg in 24 h', figures: {}, evidence: `/v1/patients/${P}/alerts/w` });
  });

  it('otherwise runs the alert rule on the weights: 1.9 kg in a day is not flagged, 2.0 kg is', () => {
    expect(weightGainFlag(P, [], [weight(25, 80), weight(0, 81.9)], NOW)).toBeNull();
    const f = weightGainFlag(P, [], [weight(25, 80), weight(0, 82)], NOW)!;
    expect(f.figures).toEqual({ gainKg: 2, limitKg: 2 });
    expect(f.evidence).toBe(`/v1/patients/${P}/readings?metric=body_weight&from=2026-05-25T10%3A00%3A00.000Z`);
  });

  it('2.5 kg over the week is flagged, 2.4 kg is not', () => {
    expect(weightGainFlag(P, [], [weight(6 * 24, 80), weight(3 * 24, 81.2), weight(0, 82.4)], NOW)).toBeNull();
    expect(weightGainFlag(P, [], [weight(6 * 24, 80), weight(3 * 24, 81.2), weight(0, 82.5)], NOW)?.code).toBe('weight_gain');
  });
});
