import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config.js';
import { gatewayUrl } from './gateway.js';

describe('HOST', () => {
  it('is loopback unless set', () => {
    expect(parseConfig({}).HOST).toBe('127.0.0.1');
    expect(parseConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('prints localhost for loopback and wildcard addresses, else the address', () => {
    expect(gatewayUrl('127.0.0.1', 8080)).toBe('http://localhost:8080');
    expect(gatewayUrl('0.0.0.0', 8080)).toBe('http://localhost:8080');
    expect(gatewayUrl('::', 81)).toBe('http://localhost:81');
    expect(gatewayUrl('10.0.0.5', 8080)).toBe('http://10.0.0.5:8080');
    expect(gatewayUrl('fd00::5', 8080)).toBe('http://[fd00::5]:8080');
  });
});
