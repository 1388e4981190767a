import { Moon, Sun } from 'lucide-react';
import { useTheme } from '../app/theme.js';
import { Button } from './ui/button.js';

export function ThemeToggle() {
  const [theme, toggle] = useTheme();
  const label = theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme';
  return (
    <Button variant="ghost" size="sm" onClick={toggle} aria-label={label} title={label}>
      {theme === 'dark' ? (
        <Sun aria-hidden="true" className="size-4" />
      ) : (
        <Moon aria-hidden="true" className="size-4" />
      )}
    </Button>
  );
}
