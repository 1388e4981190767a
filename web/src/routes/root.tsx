import { Link, Outlet } from '@tanstack/react-router';

export function RootLayout() {
  return <Outlet />;
}

export function NotFound() {
  return (
    <main className="mx-auto max-w-md p-10 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-muted">There is no page at this address.</p>
      <Link to="/" className="mt-4 inline-block text-sm font-medium text-accent underline">
        Go to your dashboard
      </Link>
    </main>
  );
}
