// The org the user last opened (its slug only; nothing secret is kept in the browser), for `/`.
const KEY = 'cloudact-last-org';

export function rememberOrg(org: string) {
  try {
    localStorage.setItem(KEY, org);
  } catch {
    // storage blocked: `/` then opens the first org
  }
}

export function lastOrg(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}
