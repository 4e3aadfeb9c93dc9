/** @jsxImportSource hono/jsx/dom */
import { api, type ApiResult } from './api.ts';
import { formatDateTime } from './format.ts';

export interface Appointment {
  id: string;
  status: 'booked' | 'cancelled' | 'completed' | 'no_show';
  startsAt: string;
  endsAt: string;
  provider: { displayName: string };
  location: { name: string; phone: string | null };
  visitType: { id: string; name: string; modality: 'in_person' | 'video' };
  videoUrl: string | null;
  changeableOnlineUntil: string;
}

export interface Slot {
  id: string;
  startsAt: string;
  provider: { displayName: string };
  location: { name: string };
  visitType: { id: string; name: string };
}

export interface Catalog {
  visitTypes: Array<{ id: string; name: string; modality: string }>;
}

/** The appointments API (api/src/appointments), in one place. */
export const appointmentsApi = {
  list: (patientId: string, when: 'upcoming' | 'past' = 'upcoming') => api<{ appointments: Appointment[] }>('GET', `/v1/patients/${patientId}/appointments?when=${when}`),
  catalog: () => api<Catalog>('GET', '/v1/scheduling/catalog'),
  slots: (patientId: string, q: { from: string; to: string; visitTypeId?: string }): Promise<ApiResult<{ slots: Slot[] }>> =>
    api('GET', `/v1/patients/${patientId}/appointment-slots?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => Boolean(e[1])))}`),
  book: (patientId: string, slotId: string) => api<Appointment>('POST', `/v1/patients/${patientId}/appointments`, { slotId }),
  cancel: (patientId: string, id: string) => api<Appointment>('POST', `/v1/patients/${patientId}/appointments/${id}/cancel`, {}),
  reschedule: (patientId: string, id: string, slotId: string) => api<Appointment>('POST', `/v1/patients/${patientId}/appointments/${id}/reschedule`, { slotId }),
};

/** One visit, as a line people can read aloud: when, what, with whom, where. */
export function VisitSummary(props: { a: Appointment }) {
  const a = props.a;
  return (
    <>
      <span class="item-title">{formatDateTime(a.startsAt)}</span>
      <br />
      <span class="item-meta">{`${a.visitType.name} with ${a.provider.displayName} · ${a.visitType.modality === 'video' ? 'Video visit' : a.location.name}`}</span>
    </>
  );
}
