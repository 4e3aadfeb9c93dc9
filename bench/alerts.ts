/**
 * Alert latency and alert-queue growth (issue #6). Ingest, alerts and api run as separate processes
 * on Redis; the load generator publishes glucose readings over MQTT QoS 1 (JSON batches, one
 * connection per gateway) and holds an SSE connection to the API's alert stream as a clinician's
 * browser would, stamping each event on arrival.
 *
 * 1. `--rate` readings/s for `--seconds`, 1 % of them a glucose below 54 mg/dL, each for a patient
 *    who had none yet, so each opens an alert of its own. Prints p50/p99 from the reading's
 *    `received_at` (stamped by ingest when the message arrives, before its batch commits) to the
 *    alert row's `created_at`, and to the SSE event's arrival.
 * 2. `--flood-rate` normal readings/s for `--flood-seconds`: the alert-evaluation queue's waiting,
 *    active and delayed counts every second, and whether they stay bounded.
 * 3. The same flood written with ingest's own commit and enqueue code, without MQTT: on a small
 *    machine the whole MQTT path cannot offer 10,000 readings/s beside the services it measures.
 *
 *   npx tsx bench/alerts.ts [--patients 1000] [--gateways 20] [--rate 1000] [--seconds 20] [--flood-rate 10000] [--flood-seconds 30] [--parts 1,2,3]
 */
import { parseArgs } from 'node:util';
import type { MqttClient } from 'mqtt';
import { ALERT_EVALUATION_QUEUE, type AlertEvaluationJob } from '../common/src/jobs/alert-evaluation.ts';
import { createQueueFactory } from '../common/src/queue.ts';
import { readingId } from '../common/src/reading-id.ts';
import type { ReadingsBatch } from '../common/src/wire/readings.ts';
import { enqueueAlertEvaluations } from '../ingest/src/pipeline/alert-jobs.ts';
import { commitSubmissions, type Submission } from '../ingest/src/pipeline/reading-store.ts';
import { seedDemo } from '../db/src/seed.ts';
import { clinicianHeaders, connectGateways, enrolLoadPatients, fmt, freshDatabase, load, machine, percentile, startServices, type LoadGateway } from './support.ts';

const { values: a } = parseArgs({
  options: {
    patients: { type: 'string', default: '1000' },
    gateways: { type: 'string', default: '20' },
    rate: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '20' },
    'flood-rate': { type: 'string', default: '10000' },
    'flood-seconds': { type: 'string', default: '30' },
    /** Which parts to run, e.g. `3` or `1,2` (all by default). */
    parts: { type: 'string', default: '1,2,3' },
    // a Redis database of its own: services of other runs on the same Redis share the 'vitals'
    // queue prefix and would take this run's jobs (and fail them: their database has no such patient)
    redis: { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/7' },
  },
});
const PATIENTS = Number(a.patients);
const GATEWAYS = Number(a.gateways);
const TICK_MS = 100;
/** One alerting reading in this many. */
const ALERT_EVERY = 100;
/** Messages a gateway may have unacknowledged before it waits (a gateway's outbox window). */
const WINDOW = 20;

console.log(`machine: ${machine()}; ${new Date().toISOString().slice(0, 10)}; load average ${load()} at start`);
const db = await freshDatabase('vitals_bench_alerts');
await seedDemo(db.pool);
const gws = await enrolLoadPatients(db.pool, { tag: 'alerts', patients: PATIENTS, gateways: GATEWAYS, deviceType: 'glucose_meter' });
const services = await startServices(db.url, a.redis!, { ingest: { MQTT_RATE_LIMIT_PER_S: '1000' } });
const clients = await connectGateways(services.ports.mqtt, gws);

// The clinician's alert stream: every `alert` event stamped on arrival.
const arrivals = new Map<string, number>();
const stream = new AbortController();
const streamReady = (async () => {
  const res = await fetch(`${services.apiUrl}/v1/alerts/stream?maxSeconds=3600`, { headers: await clinicianHeaders(db.pool), signal: stream.signal });
  if (!res.ok || !res.body) throw new Error(`alert stream: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((r) => (ready = r));
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }) as const);
      if (done) return;
      const at = Date.now();
      buf += value;
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        if (event === 'ready') ready();
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === 'alert' && data) {
          const { alertId } = JSON.parse(data) as { alertId: string };
          if (!arrivals.has(alertId)) arrivals.set(alertId, at);
        }
      }
    }
  })();
  await isReady;
})();
await streamReady;

interface Alerting {
  patientId: string;
  readingId: string;
  ackedAt?: number;
}

/**
 * Publishes up to `rate` readings/s for `seconds`: every TICK_MS each gateway sends one message
 * with its share, cycling over its patients, unless WINDOW messages are still unacknowledged; with `alerting`, every ALERT_EVERY-th reading of a gateway is
 * a low for the next of its patients who had none. Returns what it sent and what was acknowledged.
 */
async function publishLoad(rate: number, seconds: number, alerting: boolean) {
  const perMessage = Math.max(1, Math.round((rate * TICK_MS) / 1000 / GATEWAYS));
  const lows: Alerting[] = [];
  let sent = 0;
  let acked = 0;
  const t0 = performance.now();
  await Promise.all(
    gws.map((gw, g) => {
      const state = { cursor: 0, nextLow: 0, count: 0 };
      return paced(t0, TICK_MS, seconds, WINDOW, async () => {
        const batch = readingsFor(gw, perMessage, state, alerting);
        lows.push(...batch.lows);
        sent += perMessage;
        await clients[g]!.publishAsync(`rpm/v1/gw/${gw.id}/readings`, batch.payload, { qos: 1 });
        const at = Date.now();
        for (const l of batch.lows) l.ackedAt = at;
        acked += perMessage;
      });
    }),
  );
  return { sent, acked, lows, elapsedS: (performance.now() - t0) / 1000 };
}

/**
 * Calls `send(tick)` every `periodMs` from `t0` for `seconds` (and for at most `ticks` ticks), with
 * at most `window` sends still unfinished (it waits for one before the next). A tick that could not
 * start by the end is not sent: the achieved rate says so. Resolves when every send has finished.
 */
async function paced(t0: number, periodMs: number, seconds: number, window: number, send: (tick: number) => Promise<void>, ticks = Infinity): Promise<void> {
  const inflight = new Set<Promise<void>>();
  for (let tick = 0; tick < ticks; tick++) {
    const due = t0 + tick * periodMs;
    if (Math.max(due, performance.now()) - t0 >= seconds * 1000) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const p: Promise<void> = send(tick).then(() => void inflight.delete(p));
    inflight.add(p);
    while (inflight.size >= window) await Promise.race(inflight);
  }
  await Promise.all(inflight);
}

let sequence = 0;
function readingsFor(gw: LoadGateway, n: number, state: { cursor: number; nextLow: number; count: number }, alerting: boolean, now = Date.now()) {
  const batchLows: Alerting[] = [];
  const readings = Array.from({ length: n }, (_, j) => {
    const seq = sequence++;
    state.count++;
    const low = alerting && state.count % ALERT_EVERY === 0 && state.nextLow < gw.patients.length;
    const p = low ? gw.patients[state.nextLow++]! : gw.patients[state.cursor++ % gw.patients.length]!;
    const id = readingId(p.deviceKey, '2A18', { sequence: seq });
    if (low) batchLows.push({ patientId: p.patientId, readingId: id });
    // distinct instants within a message, so no normal reading shares the low's instant
    const value = low ? 40 + (seq % 13) : 90 + (seq % 90);
    return { id, deviceId: p.deviceKey, characteristic: '2A18', sequence: seq, measuredAt: new Date(now - n + j).toISOString(), values: [{ metric: 'glucose' as const, value, unit: 'mg/dL' }] };
  });
  const batch: ReadingsBatch = { v: 1, gatewayId: gw.id, sentAt: new Date(now).toISOString(), readings };
  return { batch, payload: JSON.stringify(batch), lows: batchLows };
}

const ms = (xs: number[]) => {
  const s = [...xs].sort((x, y) => x - y);
  return `p50 ${fmt(percentile(s, 50), 0)} ms, p99 ${fmt(percentile(s, 99), 0)} ms, max ${fmt(s.at(-1) ?? NaN, 0)} ms (n=${s.length})`;
};

// 1. Alert latency at `rate` readings/s, 1 % alerting.
async function measureLatency() {
  const phase1 = await publishLoad(Number(a.rate), Number(a.seconds), true);
  const settleUntil = Date.now() + 60_000;
  const { rows: opened } = await (async () => {
    for (;;) {
      const r = await db.pool.query<{ alert_id: string; reading_id: string; received_ms: number; created_ms: number }>(
        `SELECT a.id AS alert_id, r.reading_id, extract(epoch FROM r.received_at) * 1000 AS received_ms, extract(epoch FROM a.created_at) * 1000 AS created_ms
           FROM alerts a JOIN readings r ON r.patient_id = a.patient_id AND r.metric = 'glucose' AND r.measured_at = a.first_at
          WHERE a.rule_id = 'glucose-low' AND r.reading_id = ANY($1::uuid[])`,
        [phase1.lows.map((l) => l.readingId)],
      );
      const delivered = r.rows.filter((x) => arrivals.has(x.alert_id)).length;
      if ((r.rows.length === phase1.lows.length && delivered === r.rows.length) || Date.now() > settleUntil) return r;
      await new Promise((res) => setTimeout(res, 250));
    }
  })();
  const loadAfter1 = load();
  const ackedAt = new Map(phase1.lows.map((l) => [l.readingId, l.ackedAt]));
  const toStored = opened.map((r) => Number(r.created_ms) - Number(r.received_ms));
  const delivered = opened.filter((r) => arrivals.has(r.alert_id));
  const toSse = delivered.map((r) => arrivals.get(r.alert_id)! - Number(r.received_ms));
  // PUBACK follows the commit by a few ms: from it, latencies are the pipeline's after the commit
  const ackToStored = opened.filter((r) => ackedAt.get(r.reading_id) !== undefined).map((r) => Number(r.created_ms) - ackedAt.get(r.reading_id)!);
  const ackToSse = delivered.filter((r) => ackedAt.get(r.reading_id) !== undefined).map((r) => arrivals.get(r.alert_id)! - ackedAt.get(r.reading_id)!);

  console.log(`\n1. ${PATIENTS} patients on ${GATEWAYS} gateways, ${fmt(phase1.acked / phase1.elapsedS, 0)} readings/s for ${fmt(phase1.elapsedS, 0)} s (${phase1.sent} sent, ${phase1.acked} acknowledged), ${phase1.lows.length} lows (< 54 mg/dL, one per patient)`);
  console.log(`   alerts opened ${opened.length} / ${phase1.lows.length}, delivered over SSE ${delivered.length}`);
  console.log(`   reading received → alert stored (created_at): ${ms(toStored)}`);
  console.log(`   reading received → SSE event at the clinician: ${ms(toSse)}`);
  console.log(`   PUBACK (after commit) → alert stored: ${ms(ackToStored)}`);
  console.log(`   PUBACK (after commit) → SSE event: ${ms(ackToSse)}`);
  console.log(`   load average after: ${loadAfter1}`);
}

// 2 and 3. Queue growth at `flood-rate` normal readings/s.
const queues = createQueueFactory({ kind: 'redis', url: a.redis! });
const queue = queues.queue<AlertEvaluationJob>(ALERT_EVALUATION_QUEUE);
const evaluations = async () => Number(/^vitals_alerts_evaluations_total (\d+)/m.exec(await (await fetch(`http://127.0.0.1:${services.ports.alerts}/metrics`)).text())?.[1] ?? 0);
const floodSeconds = Number(a['flood-seconds']);
const floodRate = Number(a['flood-rate']);

/**
 * Writes `rate` normal readings/s for `seconds` the way ingest's pipeline does after validation —
 * `commitSubmissions` (one transaction per group, as ingest's group commit) then
 * `enqueueAlertEvaluations` — without MQTT and validation in between, up to 4 groups in flight.
 * On this 2-core box the MQTT path cannot carry 10,000 readings/s with everything else beside it;
 * this path shows what the alert queue does at that rate.
 */
async function prepareDirect(rate: number, seconds: number): Promise<() => Promise<{ sent: number; acked: number; elapsedS: number }>> {
  const groupMs = 20;
  const perGroup = Math.max(1, Math.round((rate * groupMs) / 1000));
  const perGateway = Math.max(1, Math.ceil(perGroup / GATEWAYS));
  const states = gws.map(() => ({ cursor: 0, nextLow: 0, count: 0 }));
  // every group is built before the clock starts (ids, JSON, buffers), so the generator's own CPU
  // goes to what ingest would do — commit and enqueue — not to making up readings
  const ticks = Math.ceil((seconds * 1000) / groupMs);
  // the clock starts once they are built: 2 s plus about 0.05 ms per group of building, so the
  // readings' measuredAt (the send time planned here) is not in the future when they are committed
  const start = Date.now() + 2000 + ticks * 0.05;
  const groups: Submission[][] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const at = start + tick * groupMs;
    const subs: Submission[] = [];
    for (let n = 0, g = tick % GATEWAYS; n < perGroup; n += perGateway, g = (g + 1) % GATEWAYS) {
      const { batch, payload } = readingsFor(gws[g]!, Math.min(perGateway, perGroup - n), states[g]!, false, at);
      subs.push({ gatewayId: batch.gatewayId, topic: `rpm/v1/gw/${batch.gatewayId}/readings`, payload: Buffer.from(payload), receivedAt: new Date(at), verdict: { ok: true, batch, accepted: batch.readings, rejected: [] } });
    }
    groups.push(subs);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, start - Date.now())));
  return async () => {
    let sent = 0;
    let acked = 0;
    const t0 = performance.now();
    await paced(
      t0,
      groupMs,
      seconds,
      4,
      async (tick) => {
        sent += perGroup;
        await enqueueAlertEvaluations(queue, await commitSubmissions(db.pool, groups[tick]!));
        acked += perGroup;
      },
      groups.length,
    );
    return { sent, acked, elapsedS: (performance.now() - t0) / 1000 };
  };
}

/** Runs `flood`, sampling the alert-evaluation queue every second, and prints whether it stayed bounded. */
async function measureFlood(title: string, flood: () => Promise<{ sent: number; acked: number; elapsedS: number }>) {
  const evaluationsBefore = await evaluations();
  const samples: Array<{ t: number; waiting: number; active: number; delayed: number }> = [];
  let flooding = true;
  const sampler = (async () => {
    const t0 = Date.now();
    while (flooding) {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      samples.push({ t: Math.round((Date.now() - t0) / 1000), waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0 });
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const done = await flood();
  flooding = false;
  await sampler;
  const evaluated = (await evaluations()) - evaluationsBefore;
  const drainStart = Date.now();
  let drainedS: number | null = null;
  while (Date.now() - drainStart < 60_000) {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
    if (!((c.waiting ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0) + (c.delayed ?? 0))) {
      drainedS = (Date.now() - drainStart) / 1000;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const waiting = samples.map((x) => x.waiting);
  const tail = samples.slice(-Math.ceil(samples.length / 3)).map((x) => x.waiting);
  // least-squares slope of the waiting count: a queue that keeps up stays level, one that does not
  // grows by about (jobs added − jobs done) per second for as long as the flood lasts. The first
  // 2 s are left out: going from no job to one per patient is the coalescing filling up, not growth.
  const steady = samples.filter((x) => x.t >= 2);
  const slope = (() => {
    const n = steady.length;
    const mt = steady.reduce((acc, x) => acc + x.t, 0) / n;
    const mw = steady.reduce((acc, x) => acc + x.waiting, 0) / n;
    const num = steady.reduce((acc, x) => acc + (x.t - mt) * (x.waiting - mw), 0);
    const den = steady.reduce((acc, x) => acc + (x.t - mt) ** 2, 0);
    return den ? num / den : 0;
  })();
  const bounded = Math.max(...tail) <= 2 * PATIENTS && Math.abs(slope) * done.elapsedS <= PATIENTS;
  const rate = done.acked / done.elapsedS;
  console.log(`\n${title}: ${fmt(rate, 0)} readings/s achieved of ${floodRate} offered for ${fmt(done.elapsedS, 0)} s (${done.sent} sent, ${done.acked} acknowledged), none alerting`);
  console.log(`   evaluations done during the flood: ${evaluated} (${fmt(evaluated / done.elapsedS, 0)}/s, ${fmt(done.acked / Math.max(1, evaluated), 1)} readings each)`);
  console.log(`   queue every second (t: waiting/active/delayed): ${samples.map((x) => `${x.t}:${x.waiting}/${x.active}/${x.delayed}`).join(' ')}`);
  console.log(`   waiting: start ${waiting[0]}, end ${waiting.at(-1)}, max ${Math.max(...waiting)}; active max ${Math.max(...samples.map((x) => x.active))}; delayed max ${Math.max(...samples.map((x) => x.delayed))}`);
  console.log(`   trend (from 2 s on) ${slope >= 0 ? '+' : ''}${fmt(slope, 1)} jobs/s while ${fmt(rate, 0)} readings/s arrived`);
  console.log(`   bounded: ${bounded ? 'yes' : 'NO'} (level, and within 2 jobs per patient: one coalesced live job, plus batches committed out of order); drained ${drainedS === null ? 'not within 60 s' : `${fmt(drainedS, 1)} s after the flood`}`);
  console.log(`   load average after: ${load()}`);
}

const parts = new Set(a.parts!.split(',').map((x) => x.trim()));
if (parts.has('1')) await measureLatency();
if (parts.has('2')) await measureFlood('2. Over MQTT (gateways → ingest → alerts)', () => publishLoad(floodRate, floodSeconds, false));
if (parts.has('3')) await measureFlood("3. Committed directly with ingest's store and enqueue code (no MQTT, no validation)", await prepareDirect(floodRate, floodSeconds));

stream.abort();
await queues.close();
await Promise.all(clients.map((c: MqttClient) => c.endAsync()));
await services.stop();
await db.drop();
process.exit(0);
