import { describe, expect, it } from 'vitest';
import {
  MONTHS,
  ProfileFormSchema,
  byRole,
  daysUntil,
  formatBytes,
  grantableRoles,
  localeChanges,
  mayManage,
  profileChanges,
  profileFormValues,
  seatFree,
  seatsText,
  withCurrent,
  type Member,
  type Profile,
} from './model.js';

const profile: Profile = {
  org_slug: 'acme',
  org_name: 'Acme',
  admin_email: 'ops@acme.test',
  contact_name: null,
  contact_phone: '+1 555 0100',
  billing_email: null,
  plan: 'STARTER',
  status: 'TRIAL',
  currency: 'USD',
  timezone: 'UTC',
  api_key_fingerprint: 'abcd',
  created_at: '2026-01-01T00:00:00.000Z',
};

describe('profile form', () => {
  it('starts from the profile with empty text for missing optional fields', () => {
    expect(profileFormValues(profile)).toEqual({
      org_name: 'Acme',
      admin_email: 'ops@acme.test',
      contact_name: '',
      contact_phone: '+1 555 0100',
      billing_email: '',
    });
  });

  it('checks the emails; an empty billing email is allowed', () => {
    const base = profileFormValues(profile);
    const error = (v: typeof base) =>
      ProfileFormSchema.safeParse(v).error?.issues.map((i) => [i.path[0], i.message]);
    expect(error({ ...base, billing_email: 'nope' })).toEqual([
      ['billing_email', 'Enter an email address or leave it empty'],
    ]);
    expect(error({ ...base, admin_email: 'nope' })).toEqual([['admin_email', 'Enter an email address']]);
    expect(error({ ...base, org_name: '  ' })).toEqual([['org_name', 'Enter a name']]);
    expect(error({ ...base, billing_email: '' })).toBeUndefined();
  });

  it('sends only what changed; an emptied optional field is null, untouched empties are not sent', () => {
    const values = { ...profileFormValues(profile), org_name: ' Acme Corp ', contact_phone: '' };
    expect(profileChanges(profile, values)).toEqual({ org_name: 'Acme Corp', contact_phone: null });
    expect(profileChanges(profile, profileFormValues(profile))).toEqual({});
    expect(profileChanges(profile, { ...profileFormValues(profile), billing_email: 'ap@acme.test' })).toEqual(
      {
        billing_email: 'ap@acme.test',
      },
    );
  });
});

describe('locale form', () => {
  it('sends only the changed fields', () => {
    const l = { currency: 'USD', timezone: 'UTC', fiscal_year_start_month: 1 };
    expect(localeChanges(l, { ...l })).toEqual({});
    expect(localeChanges(l, { ...l, currency: 'EUR', fiscal_year_start_month: 4 })).toEqual({
      currency: 'EUR',
      fiscal_year_start_month: 4,
    });
  });

  it('names the twelve months and always offers the current value', () => {
    expect(MONTHS.map((m) => m.value)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(MONTHS[0]!.label).toBe('January');
    expect(MONTHS[3]!.label).toBe('April');
    expect(withCurrent(['USD', 'EUR'], 'NOK')).toEqual(['NOK', 'USD', 'EUR']);
    expect(withCurrent(['USD', 'EUR'], 'EUR')).toEqual(['USD', 'EUR']);
  });
});

describe('members', () => {
  const m = (email: string, role: Member['role']): Member => ({
    email,
    role,
    user_id: null,
    created_at: '2026-01-01T00:00:00.000Z',
  });

  it('only owners grant owner; members and viewers grant nothing', () => {
    expect(grantableRoles('owner')).toEqual(['owner', 'admin', 'member', 'viewer']);
    expect(grantableRoles('admin')).toEqual(['admin', 'member', 'viewer']);
    expect(grantableRoles('member')).toEqual([]);
    expect(grantableRoles('viewer')).toEqual([]);
    expect(grantableRoles(undefined)).toEqual([]);
  });

  it("an owner's membership is managed only by an owner", () => {
    expect(mayManage('owner', m('a@x.test', 'owner'))).toBe(true);
    expect(mayManage('admin', m('a@x.test', 'owner'))).toBe(false);
    expect(mayManage('admin', m('a@x.test', 'viewer'))).toBe(true);
    expect(mayManage('viewer', m('a@x.test', 'viewer'))).toBe(false);
  });

  it('lists owners first, then by email', () => {
    const list = [
      m('c@x.test', 'viewer'),
      m('b@x.test', 'owner'),
      m('a@x.test', 'viewer'),
      m('d@x.test', 'admin'),
    ];
    expect(byRole(list).map((x) => x.email)).toEqual(['b@x.test', 'd@x.test', 'a@x.test', 'c@x.test']);
  });

  it('counts seats', () => {
    expect(seatsText({ used: 2, limit: 3 })).toBe('2 of 3 seats used');
    expect(seatFree({ used: 2, limit: 3 })).toBe(true);
    expect(seatFree({ used: 3, limit: 3 })).toBe(false);
  });
});

describe('figures', () => {
  it('formats bytes 1,024-based', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1023)).toBe('1,023 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MB');
  });

  it('counts whole days left, never below 0', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(daysUntil('2026-01-15T12:00:00Z', now)).toBe(14);
    expect(daysUntil('2026-01-15T13:00:00Z', now)).toBe(15);
    expect(daysUntil('2025-12-31T00:00:00Z', now)).toBe(0);
  });
});
