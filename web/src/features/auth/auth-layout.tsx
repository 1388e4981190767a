import type { ReactNode } from 'react';
import { Logo } from '../../components/logo.js';
import { ThemeToggle } from '../../components/theme-toggle.js';

/** The frame of the signed-out pages: a centred card under the logo. */
export function AuthLayout(props: { title: string; children: ReactNode; wide?: boolean }) {
  const { title, children } = props;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex items-center justify-between px-6 py-4">
        <Logo />
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-10 pb-16">
        <div className={props.wide ? 'w-full max-w-2xl' : 'w-full max-w-sm'}>
          <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
          {children}
        </div>
      </main>
    </div>
  );
}
