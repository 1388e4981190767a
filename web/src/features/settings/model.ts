import { z } from 'zod';
import type {
  OrgProfileSchema,
  LocaleSchema,
  UpdateProfileBodySchema,
} from '../../../../shared/contracts/organizations.js';
import type { MemberSchema } from '../../../../shared/contracts/members.js';
import { ROLE_RANK, type Role } from '../../../../shared/contracts/roles.js';

export type Profile = z.output<typeof OrgProfileSchema>;
export type Locale = z.output<typeof LocaleSchema>;
export type Member = z.output<typeof MemberSchema>;

/** The settings pages in the order of the side nav (each is `/$org/settings/<path>`). */
export const SETTINGS_PAGES = [
  { path: 'organization', label: 'Organization' },
  { path: 'members', label: 'Members' },
  { path: 'api-key', label: 'API key' },
  { path: 'usage', label: 'Usage' },
  { path: 'billing', label: 'Billing' },
  { path: 'data', label: 'Data' },
] as const;

// --- organization profile ---

/** The profile form: every field a text box; an empty optional field means "none" (null). */
export const ProfileFormSchema = z.object({
  org_name: z.string().trim().min(1, 'Enter a name').max(200),
  admin_email: z.email('Enter an email address').max(254),
  contact_name: z.string().trim().max(200),
  contact_phone: z.string().trim().max(50),
  billing_email: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || z.email().max(254).safeParse(v).success,
      'Enter an email address or leave it empty',
    ),
});
export type ProfileFormValues = z.input<typeof ProfileFormSchema>;

export const profileFormValues = (p: Profile): ProfileFormValues => ({
  org_name: p.org_name,
  admin_email: p.admin_email,
  contact_name: p.contact_name ?? '',
  contact_phone: p.contact_phone ?? '',
  billing_email: p.billing_email ?? '',
});

type ProfileBody = z.input<typeof UpdateProfileBodySchema>;

/** The PUT body of what the form changed (an emptied optional field becomes null); empty: nothing changed. */
export function profileChanges(p: Profile, values: ProfileFormValues): ProfileBody {
  const v = ProfileFormSchema.parse(values);
  const body: ProfileBody = {};
  if (v.org_name !== p.org_name) body.org_name = v.org_name;
  if (v.admin_email !== p.admin_email) body.admin_email = v.admin_email;
  const optional = ['contact_name', 'contact_phone', 'billing_email'] as const;
  for (const k of optional) {
    const next = v[k] === '' ? null : v[k];
    if (next !== p[k]) body[k] = next;
  }
  return body;
}

// --- locale ---

export interface LocaleFormValues {
  currency: string;
  timezone: string;
  fiscal_year_start_month: number;
}

/** The PUT body of the locale fields that changed; empty: nothing changed. */
export function localeChanges(l: Locale, v: LocaleFormValues): Partial<LocaleFormValues> {
  const body: Partial<LocaleFormValues> = {};
  if (v.currency !== l.currency) body.currency = v.currency;
  if (v.timezone !== l.timezone) body.timezone = v.timezone;
  if (v.fiscal_year_start_month !== l.fiscal_year_start_month)
    body.fiscal_year_start_month = v.fiscal_year_start_month;
  return body;
}

/** January..December as `{ value: 1..12, label }`. */
export const MONTHS = Array.from({ length: 12 }, (_, i) => ({
  value: i + 1,
  label: new Intl.DateTimeFormat('en-US', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, i, 1)),
  ),
}));

/** `options` with `current` first when the list lacks it (an org's value is always offered). */
export const withCurrent = (options: readonly string[], current: string): string[] =>
  options.includes(current) ? [...options] : [current, ...options];

// --- members ---

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};

export const ROLE_HINTS: Record<Role, string> = {
  owner: 'everything an admin does, plus the API key and other owners',
  admin: 'manages members, settings, integrations, alerts and billing',
  member: 'runs pipelines and refreshes data',
  viewer: 'reads everything, changes nothing',
};

/** The roles `me` may give: admins and owners manage members; only owners grant owner. */
export function grantableRoles(me: Role | undefined): Role[] {
  if (!me || ROLE_RANK[me] < ROLE_RANK.admin) return [];
  return (['owner', 'admin', 'member', 'viewer'] as const).filter((r) => r !== 'owner' || me === 'owner');
}

/** Whether `me` may change or remove `member` (an owner's membership only by an owner). */
export const mayManage = (me: Role | undefined, member: Pick<Member, 'role'>): boolean =>
  grantableRoles(me).length > 0 && (member.role !== 'owner' || me === 'owner');

/** Members in the order of their role (owners first), then by email. */
export const byRole = (members: readonly Member[]): Member[] =>
  [...members].sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.email.localeCompare(b.email));

export interface Seats {
  used: number;
  limit: number;
}
/** "3 of 5 seats used" and whether one more member fits. */
export const seatsText = (s: Seats) => `${s.used} of ${s.limit} seats used`;
export const seatFree = (s: Seats) => s.used < s.limit;

// --- billing and data ---

export const PLAN_STATUS_LABELS = {
  TRIAL: 'Trial',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  CANCELLED: 'Cancelled',
  EXPIRED: 'Expired',
} as const;

/** Whole days from `now` until `iso` (0 when it has passed). */
export function daysUntil(iso: string, now: Date = new Date()): number {
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now.getTime()) / 86_400_000));
}

/** A byte count as a person reads it (1,024-based: `1.5 MB`). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  const digits = i === 0 ? 0 : v < 10 ? 1 : 0;
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(v)} ${units[i]}`;
}

export const formatPercent = (share: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(share);
