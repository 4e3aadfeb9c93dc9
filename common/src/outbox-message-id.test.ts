import { describe, expect, it } from 'vitest';
import { outboxMessageId } from './outbox-message-id.ts';

describe('outboxMessageId', () => {
  it("puts the row id at the From address's domain, whatever the mailbox", () => {
    const id = '0b7f5d4e-3f44-4a8e-9a57-0e8c2f1d9b10';
    expect(outboxMessageId(id, 'Vitals <alerts@clinic.example.org>')).toBe(`<${id}@clinic.example.org>`);
    expect(outboxMessageId(id, 'no-reply@clinic.example.org')).toBe(`<${id}@clinic.example.org>`);
    expect(outboxMessageId(id, 'Vitals')).toBe(`<${id}@localhost>`);
  });
});
