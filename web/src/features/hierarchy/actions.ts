import type { FlatEntity } from './model.js';
import type { Rule } from './rule-preview.js';

/** What the page opens: an entity, import or rule dialog. */
export type Open =
  | { kind: 'create'; parent?: FlatEntity }
  | { kind: 'edit' | 'move' | 'delete'; entity: FlatEntity }
  | { kind: 'import' }
  | { kind: 'rule'; rule?: Rule; fromUnallocated?: boolean }
  | { kind: 'delete-rule'; rule: Rule };
