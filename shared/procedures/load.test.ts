import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPermanent } from '../errors/index.js';
import { listFragments, listProcedures, loadProcedure, readProcedure } from './load.js';

function folder(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'procedures-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const caught = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
};

describe('procedure loader', () => {
  const dir = folder({
    'd/sp_one.sql': 'SELECT\n  a,\n  {both}\nFROM `{dataset}.t`\nWHERE {filter};\n',
    '_fragments/both.sql': '-- why both\n{first},\nc\n',
    '_fragments/first.sql': 'b',
    '_fragments/filter.sql': 'x = 1\n  AND y = 2\n',
    'd/sp_unknown.sql': 'SELECT {nope}',
    'd/sp_loop.sql': 'SELECT {loop}',
    '_fragments/loop.sql': '{loop}',
  });

  it('expands fragments (nested, indented like the placeholder, comments dropped) and puts the dataset in', () => {
    expect(loadProcedure(dir, 'd/sp_one', 'acme_prod')).toBe(
      'SELECT\n  a,\n  b,\n  c\nFROM `acme_prod.t`\nWHERE x = 1\n  AND y = 2',
    );
    expect(readProcedure(dir, 'd/sp_one')).toContain('`{dataset}.t`');
  });

  it('refuses an unknown or self-including fragment, a path outside the folder and a fragment as a procedure', () => {
    for (const procedure of ['d/sp_unknown', 'd/sp_loop', '../sp_one', '_fragments/first', 'd/sp_missing']) {
      expect(isPermanent(caught(() => loadProcedure(dir, procedure, 'acme_prod'))), procedure).toBe(true);
    }
  });

  it('lists procedures only, expanded', () => {
    const listed = listProcedures(folder({ 'd/sp_one.sql': 'SELECT {x}', '_fragments/x.sql': '1' }));
    expect(listed).toEqual([{ path: 'd/sp_one', name: 'sp_one', sql: 'SELECT 1' }]);
  });

  it('every fragment in procedures/ is used', () => {
    const texts = [
      ...listProcedures('procedures').map((p) => readFileSync(`procedures/${p.path}.sql`, 'utf8')),
      ...listFragments('procedures').map((f) => readFileSync(`procedures/_fragments/${f}.sql`, 'utf8')),
    ];
    const code = texts.flatMap((t) => t.split('\n').filter((line) => !line.trim().startsWith('--')));
    const unused = listFragments('procedures').filter((f) => !code.some((line) => line.includes(`{${f}}`)));
    expect(unused).toEqual([]);
  });
});
