/** @jsxImportSource hono/jsx/dom */
import { api, problemText } from '../lib/api.ts';
import { formatDate, formatMoney } from '../lib/format.ts';
import { onReady, pageData } from '../lib/page.ts';
import { fill, say } from '../lib/ui.tsx';

interface Statement {
  id: string;
  statementDate: string;
  dueDate: string;
  totalCents: number;
  insurancePaidCents: number;
  amountDueCents: number;
}
interface Account {
  balanceCents: number;
  statements: Statement[];
}

/**
 * The card is entered in the payment processor's own form, which hands back a single-use token;
 * card numbers never reach Vitals. The demo clinic's processor is simulated and accepts this token.
 */
const DEMO_PROCESSOR_TOKEN = 'tok_visa';

onReady(async () => {
  const patientId = pageData('patientId');
  const load = async () => {
    const r = await api<Account>('GET', `/v1/patients/${patientId}/billing`);
    fill('balance', r, 'Billing', (b) => (
      <>
        <p>
          You owe <span class="value-big">{formatMoney(b.balanceCents)}</span>
        </p>
        {b.balanceCents > 0 ? (
          <form class="inline-form" onSubmit={(e: Event) => void pay(e)} novalidate>
            <div class="field">
              <label for="pay-amount">Amount to pay (dollars)</label>
              <input id="pay-amount" name="amount" type="number" min="0.01" step="0.01" value={(b.balanceCents / 100).toFixed(2)} />
            </div>
            <button type="submit" class="button">
              Pay by card
            </button>
          </form>
        ) : (
          <p class="muted">Nothing to pay. Thank you.</p>
        )}
      </>
    ));
    fill('statements', r, 'Billing', (b) =>
      b.statements.length ? (
        <ul class="item-list">
          {b.statements.map((s) => (
            <li>
              <span class="item-title">{`Statement of ${formatDate(s.statementDate)}`}</span>
              <br />
              <span class="item-meta">{`Total ${formatMoney(s.totalCents)} · insurance paid ${formatMoney(s.insurancePaidCents)} · you owe ${formatMoney(s.amountDueCents)}${s.amountDueCents > 0 ? ` by ${formatDate(s.dueDate)}` : ''}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No statements yet.</p>
      ),
    );
  };
  const pay = async (e: Event) => {
    e.preventDefault();
    const cents = Math.round(Number(new FormData(e.currentTarget as HTMLFormElement).get('amount')) * 100);
    if (!(cents > 0)) return say('page-status', 'Please type an amount to pay.', 'error');
    // one key per payment: a retry of this request can never charge twice
    const r = await api<{ status: string }>('POST', `/v1/patients/${patientId}/payments`, { amountCents: cents, token: DEMO_PROCESSOR_TOKEN }, { 'idempotency-key': crypto.randomUUID() });
    if (!r.ok) return say('page-status', problemText(r.problem), 'error');
    if (r.data.status === 'declined') return say('page-status', 'The card was declined. Nothing was charged. Please try another card.', 'error');
    say('page-status', `Thank you. We received your payment of ${formatMoney(cents)}.`);
    await load();
  };
  await load();
});
