/** Local calendar date and minute of the day of an instant in a given IANA zone. */
export interface LocalMoment {
  date: string;
  minute: number;
}

/** Cached per call site: building an Intl formatter costs far more than using one. */
export function localMomentIn(timeZone: string): (t: number) => LocalMoment {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (t) => {
    const parts = Object.fromEntries(fmt.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
  };
}
