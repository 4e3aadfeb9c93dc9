import { z } from '@hono/zod-openapi';

/** E.164, the form SMS providers take: `+`, country code, number, at most 15 digits. */
export const Phone = z.string().regex(/^\+[1-9]\d{7,14}$/, 'an international number such as +15550100001').openapi({ example: '+15550100001' });
export const Email = z.email().max(254).openapi({ example: 'maria.garcia@example.org' });

export const Address = z
  .object({
    line1: z.string().trim().min(1).max(200),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().min(1).max(100),
    state: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().min(1).max(20),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 code, e.g. US').default('US'),
  })
  .openapi('Address');

/** BCP 47 language tag (`en`, `es`, `pt-BR`, `zh-Hant`). */
export const Language = z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, 'a language tag such as en, es or pt-BR').openapi({ example: 'es' });

export const EmergencyContact = z
  .object({ name: z.string().trim().min(1).max(200), relationship: z.string().trim().min(1).max(100), phone: Phone })
  .openapi('EmergencyContact');

export const NOTIFICATION_TOPICS = ['appointments', 'messages', 'results', 'medications', 'billing', 'forms'] as const;
export const NotificationPreferences = z
  .object({
    channels: z.array(z.enum(['email', 'sms'])).max(2).describe('how to be told; the portal always shows everything'),
    topics: z.array(z.enum(NOTIFICATION_TOPICS)).describe('what to be told about'),
  })
  .openapi('NotificationPreferences', { description: 'Portal updates. Alerts on readings have their own preferences.' });
export const DEFAULT_NOTIFICATION_PREFERENCES: z.infer<typeof NotificationPreferences> = { channels: ['email'], topics: [...NOTIFICATION_TOPICS] };

export const ContactChannel = z.enum(['email', 'sms']);
export type ContactChannel = z.infer<typeof ContactChannel>;

export const ProfileUpdate = z
  .object({
    email: Email.optional().describe('takes effect once the code sent to it is confirmed'),
    phone: Phone.optional().describe('takes effect once the code sent to it by SMS is confirmed'),
    address: Address.nullable().optional(),
    language: Language.optional(),
    preferredPharmacyId: z.uuid().nullable().optional(),
    emergencyContact: EmergencyContact.nullable().optional(),
    notificationPreferences: NotificationPreferences.optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'change at least one field' })
  .openapi('ProfileUpdate');
export type ProfileUpdate = z.infer<typeof ProfileUpdate>;

export const Profile = z
  .object({
    patientId: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: Address.nullable(),
    language: z.string(),
    preferredPharmacy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    emergencyContact: EmergencyContact.nullable(),
    notificationPreferences: NotificationPreferences,
    pendingVerifications: z.array(z.object({ channel: ContactChannel, value: z.string(), expiresAt: z.string() })).describe('new email or phone waiting for its code'),
  })
  .openapi('Profile');

export const VerifyContact = z.object({ channel: ContactChannel, code: z.string().regex(/^\d{6}$/, 'the six digits from the message') }).openapi('VerifyContact');
