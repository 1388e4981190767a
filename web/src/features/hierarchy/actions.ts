import type { FlatEntity, Level } from './model.js';
import type { Rule } from './rule-preview.js';

/** What the page opens: an entity, level, import or rule dialog. */
export type Open =
  | { kind: 'create'; parent?: FlatEntity }
  | { kind: 'edit' | 'move' | 'delete'; entity: FlatEntity }
  | { kind: 'create-level' }
  | { kind: 'edit-level' | 'delete-level'; level: Level }
  | { kind: 'import' }
  | { kind: 'rule'; rule?: Rule; fromUnallocated?: boolean }
  | { kind: 'delete-rule'; rule: Rule };
