import { useCallback, useState } from 'react';

// Light or dark, kept in localStorage and applied as a class on <html> (public/theme-init.js applies it first).
const KEY = 'cloudact-theme';
export type Theme = 'light' | 'dark';

const current = (): Theme => (document.documentElement.classList.contains('dark') ? 'dark' : 'light');

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(current);
  const toggle = useCallback(() => {
    const next: Theme = current() === 'dark' ? 'light' : 'dark';
    document.documentElement.classList.toggle('dark', next === 'dark');
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // storage blocked: the theme lasts this page
    }
    setTheme(next);
  }, []);
  return [theme, toggle];
}
