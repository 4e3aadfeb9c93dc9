import { onReady } from '../lib/page.ts';

onReady(() => undefined);
