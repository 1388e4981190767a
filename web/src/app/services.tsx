import { createContext, useContext, type ReactNode } from 'react';
import type { Api } from '../api/client.js';
import type { Auth } from './auth.js';
import type { AppConfig } from './config.js';

/** What every page reaches: the typed API client, the auth client and the runtime config. */
export interface Services {
  api: Api;
  auth: Auth;
  config: AppConfig;
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
