/** @jsxImportSource hono/jsx/dom */
import { api } from '../lib/api.ts';
import type { Alert } from '../lib/alerts.tsx';
import { clinicCompliance, complianceText, missedDays, type ComplianceRow } from '../lib/compliance.ts';
import { formatNumber, lastDays } from '../lib/format.ts';
import { onReady } from '../lib/page.ts';
import { fill, show } from '../lib/ui.tsx';

interface PanelRow {
  row: ComplianceRow;
  urgent: number;
  open: number;
  /** % of glucose readings outside the target range in the last 14 days (null: no glucose data). */
  outOfRange: number | null;
  missed: number;
}

/** Most need first: urgent alerts, then any open alert, then time out of range, then missed days. */
function byNeed(a: PanelRow, b: PanelRow): number {
  return b.urgent - a.urgent || b.open - a.open || (b.outOfRange ?? -1) - (a.outOfRange ?? -1) || b.missed - a.missed || a.row.familyName.localeCompare(b.row.familyName);
}

async function outOfRange(patientId: string): Promise<number | null> {
  const r = await api<{ count: number; ranges: { inRange: { percent: number | null } } }>('GET', `/v1/patients/${patientId}/reports/glucose?${new URLSearchParams({ ...lastDays(14), source: 'all' })}`);
  if (!r.ok || !r.data.count || r.data.ranges.inRange.percent === null) return null;
  return 100 - r.data.ranges.inRange.percent;
}

onReady(async () => {
  const [compliance, alerts] = await Promise.all([clinicCompliance(), api<{ alerts: Alert[] }>('GET', '/v1/alerts?state=open,acknowledged,snoozed')]);
  if (!compliance.ok) return fill('panel', compliance, 'Your patient panel', () => null);
  const alertList = alerts.ok ? alerts.data.alerts : [];
  const rows: PanelRow[] = await Promise.all(
    compliance.data.patients.map(async (row) => {
      const mine = alertList.filter((a) => a.patientId === row.patientId);
      return { row, urgent: mine.filter((a) => a.severity === 'urgent').length, open: mine.length, outOfRange: await outOfRange(row.patientId), missed: missedDays(row.current) };
    }),
  );
  rows.sort(byNeed);
  const required = compliance.data.requiredDays;
  show(
    'panel',
    rows.length ? (
      <div class="table-wrap">
        <table data-testid="panel-table">
          <caption class="visually-hidden">Your patients, most need first</caption>
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Open alerts</th>
              <th scope="col">Glucose out of range (14 days)</th>
              <th scope="col">Days missed this period</th>
              <th scope="col">Reading days (RPM)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr>
                <td>
                  <a href={`/app/clinic/patients/${p.row.patientId}`}>{`${p.row.familyName}, ${p.row.givenName}`}</a>
                  <br />
                  <span class="item-meta">{p.row.mrn}</span>
                </td>
                <td>
                  {p.urgent ? <span class="badge badge-urgent">{`${p.urgent} urgent`}</span> : null} {p.open ? `${p.open} open` : 'None'}
                </td>
                <td>{p.outOfRange === null ? 'No data' : `${formatNumber(p.outOfRange)}%`}</td>
                <td>{formatNumber(p.missed)}</td>
                <td>
                  {complianceText(p.row.current, required)}
                  {p.row.current.outlook.atRisk ? (
                    <>
                      <br />
                      <span class="badge badge-flag">At risk</span>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    ) : (
      <p class="muted">No patients under remote monitoring in your care teams.</p>
    ),
  );
});
