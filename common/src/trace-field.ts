import { z } from 'zod';

/**
 * An optional W3C `traceparent` carried in a message or job (docs/api-operations.md#tracing).
 * Only bounded (a version-00 value is 55 characters; later versions may append fields), never
 * pattern-checked: the consumer passes it to continueOrStartTrace, which starts a new trace for
 * a malformed value, so tracing can never cost a reading, an evaluation or a notification.
 */
export const OptionalTraceparent = z.string().max(256).optional().describe('W3C traceparent: 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>');
