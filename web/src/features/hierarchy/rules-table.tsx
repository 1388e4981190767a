import { useQuery } from '@tanstack/react-query';
import { Pencil, Trash2 } from 'lucide-react';
import { integrationsQuery } from '../../app/queries.js';
import { useServices } from '../../app/services.js';
import { Button } from '../../components/ui/button.js';
import { RequireRole } from '../org/use-role.js';
import type { Open } from './actions.js';
import { describeMatch, kindLabel } from './model.js';
import { RulePreviewCell, type Rule } from './rule-preview.js';

/** A rule's edit and delete buttons; disabled below member. */
function RuleActions(props: { rule: Rule; onAction: (open: Open) => void }) {
  const r = props.rule;
  return (
    <RequireRole min="member">
      {(disabled) => (
        <>
          <Button
            size="sm"
            variant="ghost"
            disabled={disabled}
            aria-label={`Edit the rule ${describeMatch(r.match)}`}
            onClick={() => props.onAction({ kind: 'rule', rule: r })}
          >
            <Pencil aria-hidden="true" className="size-4" />
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={disabled}
            aria-label={`Delete the rule ${describeMatch(r.match)}`}
            onClick={() => props.onAction({ kind: 'delete-rule', rule: r })}
          >
            <Trash2 aria-hidden="true" className="size-4" />
          </Button>
        </>
      )}
    </RequireRole>
  );
}

const th = 'py-2 pr-3 font-medium';

/** The rules in evaluation order, each with its last 30 days (would move, allocates). */
export function RulesTable(props: { org: string; rules: Rule[]; onAction: (open: Open) => void }) {
  const { api } = useServices();
  const hasCredentialRule = props.rules.some((r) => r.match.kind === 'credential');
  const integrations = useQuery({ ...integrationsQuery(api, props.org), enabled: hasCredentialRule });
  const credentialName = (id: string) => integrations.data?.items.find((c) => c.credential_id === id)?.name;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="rules-table">
        <caption className="sr-only">Allocation rules in evaluation order</caption>
        <thead className="text-left text-xs text-muted">
          <tr>
            <th scope="col" className={th}>
              Priority
            </th>
            <th scope="col" className={th}>
              Matches
            </th>
            <th scope="col" className={th}>
              Allocates to
            </th>
            <th scope="col" className={`${th} text-right`}>
              Would move (30 days)
            </th>
            <th scope="col" className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rules.map((r) => (
            <tr key={r.rule_id} className="border-t border-line" data-testid={`rule-${r.rule_id}`}>
              <td className="py-2 pr-3 tabular-nums">{r.priority}</td>
              <td className="py-2 pr-3">
                <span className="text-xs text-muted">{kindLabel(r.match.kind)}: </span>
                {describeMatch(r.match, credentialName)}
                {r.name ? <span className="block text-xs text-muted">{r.name}</span> : null}
              </td>
              <td className="py-2 pr-3">
                {r.entity_name} <span className="font-mono text-xs text-muted">{r.entity_id}</span>
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">
                <RulePreviewCell org={props.org} rule={r} />
              </td>
              <td className="py-2">
                <span className="flex justify-end gap-1">
                  <RuleActions rule={r} onAction={props.onAction} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
