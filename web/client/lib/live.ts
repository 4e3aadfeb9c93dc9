/**
 * Live updates from `GET /v1/patients/{id}/live` (server-sent events). The event says only which
 * metrics changed; the page refetches them through the API.
 *
 * EventSource reconnects by itself after a dropped connection or the server's end of the stream
 * (`maxSeconds`). Any answer that is not the stream — 401 when the session has ended, 403 when the
 * record's owner has not shared home readings with a proxy — makes the browser give up ("fail the
 * connection", https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model):
 * `readyState` is then CLOSED. The watch ends there for good and says so on `statusEl`; it never
 * opens a new EventSource, so a refusal is asked once and not again.
 *
 * @returns a function that stops watching
 */
export function watchReadings(patientId: string, onReadings: (metrics: string[]) => void, statusEl?: HTMLElement | null): () => void {
  const source = new EventSource(`/v1/patients/${patientId}/live`);
  source.addEventListener('ready', () => {
    if (statusEl) statusEl.textContent = 'New readings will appear here by themselves.';
  });
  source.addEventListener('readings', (e) => {
    const data = JSON.parse((e as MessageEvent<string>).data) as { metrics: string[] };
    onReadings(data.metrics);
  });
  source.addEventListener('error', () => {
    // CONNECTING: the browser is retrying a dropped stream by itself, which is what we want
    if (source.readyState !== EventSource.CLOSED) return;
    source.close();
    if (statusEl) statusEl.textContent = 'Live updates are off. Reload the page to see new readings.';
  });
  return () => source.close();
}
