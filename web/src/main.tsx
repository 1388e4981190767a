import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import './styles.css';
import { loadConfig } from './app/config.js';
import { createAuth, currentSession } from './app/auth.js';
import { createApi } from './api/client.js';
import { createQueryClient } from './app/query-client.js';
import { createAppRouter } from './app/router.js';
import { ServicesProvider } from './app/services.js';
import { z } from 'zod';

// zod compiles object parsers with `new Function` when it may; the CSP allows no eval, so never try.
z.config({ jitless: true });

async function start() {
  const root = createRoot(document.getElementById('root')!);
  let config;
  try {
    config = await loadConfig();
  } catch (err) {
    root.render(
      <main className="p-8 text-sm">
        <h1 className="text-lg font-semibold">CloudAct could not start</h1>
        <p>{err instanceof Error ? err.message : String(err)}</p>
      </main>,
    );
    return;
  }
  const auth = createAuth(config);
  const api = createApi(config.api_base || window.location.origin, async () => {
    return (await currentSession(auth))?.access_token;
  });
  const services = { api, auth, config };
  const queryClient = createQueryClient(() => {
    // The API no longer takes this session: sign out here too and start again at sign-in.
    void auth.auth.signOut({ scope: 'local' }).then(() => {
      queryClient.clear();
      void router.navigate({ to: '/signin', search: { redirect: window.location.pathname } });
    });
  });
  const router = createAppRouter({ queryClient, services });
  root.render(
    <StrictMode>
      <ServicesProvider services={services}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ServicesProvider>
    </StrictMode>,
  );
}

void start();
