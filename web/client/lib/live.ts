/**
 * Live updates from `GET /v1/patients/{id}/live` (server-sent events). The event says only which
 * metrics changed; the page refetches them through the API. EventSource reconnects by itself.
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
  return () => source.close();
}
