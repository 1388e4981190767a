import { useEffect } from 'react';
import { Link, Outlet, useNavigate, useRouter } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { LogOut } from 'lucide-react';
import { useServices } from '../app/services.js';
import { rememberOrg } from '../app/last-org.js';
import { ORG_NAV } from '../app/nav.js';
import { useMembership } from '../features/org/use-role.js';
import { Logo } from '../components/logo.js';
import { ThemeToggle } from '../components/theme-toggle.js';
import { Button } from '../components/ui/button.js';
import { Select } from '../components/ui/input.js';
import { Alert } from '../components/ui/alert.js';
import { TooltipProvider } from '../components/ui/tooltip.js';

/** Every org page: the header (org switcher, sections, theme, sign out) over the page. */
export function OrgShell() {
  const { org, me, membership } = useMembership();
  useEffect(() => {
    if (membership) rememberOrg(org);
  }, [org, membership]);
  return (
    <TooltipProvider delay={200}>
      <div className="min-h-screen">
        <header className="border-b border-line bg-surface">
          <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 pt-3 pb-2">
            <Link to="/" aria-label="CloudAct home">
              <Logo />
            </Link>
            <OrgSwitcher org={org} orgs={me.memberships} />
            <div className="ml-auto flex items-center gap-2">
              <span className="hidden text-sm text-muted md:inline">{me.user.email}</span>
              <ThemeToggle />
              <SignOutButton />
            </div>
          </div>
          <div className="mx-auto max-w-7xl overflow-x-auto px-2 pb-2">
            <OrgNav org={org} />
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6">
          {membership ? (
            <Outlet />
          ) : (
            <Alert tone="error" title="Not a member">
              <p>
                You are not a member of <strong>{org}</strong>.{' '}
                <Link to="/" className="font-medium text-accent underline">
                  Go to your organization
                </Link>
              </p>
            </Alert>
          )}
        </main>
      </div>
    </TooltipProvider>
  );
}

function OrgSwitcher(props: { org: string; orgs: readonly { org_slug: string; org_name: string }[] }) {
  const navigate = useNavigate();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="org-switcher" className="sr-only">
        Organization
      </label>
      <Select
        id="org-switcher"
        className="h-9 w-48"
        value={props.org}
        onChange={(e) => {
          if (e.target.value === '__new') return void navigate({ to: '/onboarding' });
          void navigate({ to: '/$org/dashboard', params: { org: e.target.value } });
        }}
      >
        {props.orgs.map((m) => (
          <option key={m.org_slug} value={m.org_slug}>
            {m.org_name}
          </option>
        ))}
        <option value="__new">+ New organization</option>
      </Select>
    </div>
  );
}

function OrgNav({ org }: { org: string }) {
  return (
    <nav aria-label="Sections">
      <ul className="flex items-center gap-1 text-sm whitespace-nowrap">
        {ORG_NAV.map((item) => (
          <li key={item.path}>
            {item.ready ? (
              <Link
                to={`/$org/${item.path}`}
                params={{ org }}
                className="rounded-md px-3 py-1.5 text-muted hover:bg-surface-2 hover:text-text"
                activeProps={{ className: 'bg-surface-2 font-medium !text-text', 'aria-current': 'page' }}
              >
                {item.label}
              </Link>
            ) : (
              <span
                aria-disabled="true"
                title="Coming soon"
                className="cursor-default px-3 py-1.5 text-muted"
              >
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function SignOutButton() {
  const { auth } = useServices();
  const router = useRouter();
  const queryClient = useQueryClient();
  return (
    <Button
      variant="ghost"
      size="sm"
      onClick={async () => {
        await auth.auth.signOut();
        queryClient.clear();
        await router.navigate({ to: '/signin' });
      }}
    >
      <LogOut aria-hidden="true" className="size-4" />
      Sign out
    </Button>
  );
}
