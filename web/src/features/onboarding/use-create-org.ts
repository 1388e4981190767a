import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { z } from 'zod';
import type { CreateOrgBodySchema } from '../../../../shared/contracts/organizations.js';
import { useServices } from '../../app/services.js';
import { rememberOrg } from '../../app/last-org.js';

export type CreateOrgBody = z.input<typeof CreateOrgBodySchema>;
type Created = { org_slug: string; api_key: string; plan: CreateOrgBody['plan'] };

/**
 * Creating an org: POST /organizations (an Idempotency-Key per distinct submission, so a retry after a lost answer
 * creates it once), then, once the user has stored the key, Stripe Checkout when payments are on or the new org.
 */
export function useCreateOrg() {
  const { api, config } = useServices();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [created, setCreated] = useState<Created>();
  const [failure, setFailure] = useState<unknown>();
  const [leaving, setLeaving] = useState(false);
  const attempt = useRef<{ body: string; key: string }>(undefined);

  const submit = async (body: CreateOrgBody) => {
    setFailure(undefined);
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { body: text, key: crypto.randomUUID() };
    try {
      const { data } = await api.POST('/api/v1/organizations', {
        body,
        headers: { 'Idempotency-Key': attempt.current.key },
      });
      rememberOrg(data!.org_slug);
      setCreated({ org_slug: data!.org_slug, api_key: data!.api_key, plan: data!.plan });
    } catch (err) {
      setFailure(err);
    }
  };

  const checkout = async (org: string, plan: CreateOrgBody['plan']): Promise<boolean> => {
    try {
      const back = `${window.location.origin}/${org}/dashboard`;
      const { data } = await api.POST('/api/v1/billing/{org}/checkout', {
        params: { path: { org } },
        body: { plan, success_url: back, cancel_url: back },
      });
      window.location.assign(data!.url);
      return true;
    } catch (err) {
      setFailure(err);
      return false;
    }
  };

  /** After "I have stored it": the key leaves memory with the dialog. */
  const proceed = async () => {
    if (!created) return;
    setLeaving(true);
    await queryClient.invalidateQueries({ queryKey: ['me'] });
    const { org_slug: org, plan } = created;
    setCreated(undefined);
    if (config.stripe_enabled && (await checkout(org, plan))) return;
    await navigate({ to: '/$org/dashboard', params: { org } });
  };

  return { created, failure, leaving, submit, proceed };
}
