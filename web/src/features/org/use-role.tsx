import type { ReactElement } from 'react';
import { getRouteApi } from '@tanstack/react-router';
import { ROLE_RANK, type Role } from '../../../../shared/contracts/roles.js';
import { Tooltip } from '../../components/ui/tooltip.js';

const orgRoute = getRouteApi('/$org');

/** The org of the page and the signed-in user's membership in it (undefined: not a member). */
export function useMembership() {
  const { me } = orgRoute.useRouteContext();
  const { org } = orgRoute.useParams();
  return { org, me, membership: me.memberships.find((m) => m.org_slug === org) };
}

/** The user's role in this org and whether it reaches `min` (the operation's `x-min-role`). */
export function useRole() {
  const role = useMembership().membership?.role;
  return {
    role,
    can: (min: Role) => role !== undefined && ROLE_RANK[role] >= ROLE_RANK[min],
  };
}

/**
 * A write control for roles of `min` and above. Below it the control is shown DISABLED (never hidden) with a
 * tooltip saying which role it needs, reachable by keyboard through a focusable wrapper.
 */
export function RequireRole(props: { min: Role; children: (disabled: boolean) => ReactElement }) {
  const { can } = useRole();
  if (can(props.min)) return props.children(false);
  return (
    <Tooltip label={`needs ${props.min}`}>
      <span tabIndex={0} aria-label={`needs ${props.min}`} className="inline-flex">
        {props.children(true)}
      </span>
    </Tooltip>
  );
}
