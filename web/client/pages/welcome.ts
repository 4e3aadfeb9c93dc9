import { onReady } from '../lib/page.ts';

onReady(() => {
  // Having read the guide counts as having been offered it: the home page stops suggesting it.
  document.querySelector('[data-action="finish-guide"]')?.addEventListener('click', () => localStorage.setItem('vitals.guide.dismissed', '1'));
});
