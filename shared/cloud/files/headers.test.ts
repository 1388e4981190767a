import { describe, expect, it } from 'vitest';
import { labelledName } from './headers.js';
import { collect, cost, readError, tempDir } from './testing.js';

const tmp = tempDir();
const put = tmp.put;

const columns = [
  cost,
  { name: 'Quantity', type: 'decimal' as const, aliases: ['UsageQuantity'] },
  { name: 'MeterId', type: 'string' as const },
];

describe('header matching: `Label (Name)` headers (localized Azure exports)', () => {
  it('takes the name in parentheses of a `Label (Name)` header, else null', () => {
    expect(labelledName('Ressourcensatz (ResourceRate)')).toBe('ResourceRate');
    expect(labelledName('ID der Verbrauchseinheit ( MeterId )')).toBe('MeterId');
    expect(labelledName('UsageQuantity (UsageQuantity)')).toBe('UsageQuantity');
    for (const plain of ['MeterId', '(MeterId)', ' (MeterId)', 'Cost ()', 'a (b) (c)', 'a (b) c'])
      expect(labelledName(plain)).toBeNull();
  });

  it('reads a spec no header names from the `Label (Name)` header naming it or an alias (any case); the header is not repeated among the others', async () => {
    const path = await put(
      'labelled/de.csv',
      'Kosten (line_item_unblended_cost),Menge (usagequantity),ID der Verbrauchseinheit (MeterId),Notiz (Sonstiges)\n1.5,24,m-1,x\n',
    );
    expect(await collect(path, { columns, keepOther: true })).toEqual([
      { cost: '1.5', Quantity: '24', MeterId: 'm-1', 'Notiz (Sonstiges)': 'x' },
    ]);
  });

  it('prefers a header with the plain name; that header stays the spec’s, the labelled one is another column', async () => {
    const path = await put(
      'labelled/both.csv',
      'cost,MeterId,Verbrauch (MeterId),Kosten (cost)\n1.5,m-1,m-2,9\n',
    );
    expect(await collect(path, { columns, keepOther: true })).toEqual([
      { cost: '1.5', Quantity: null, MeterId: 'm-1', 'Verbrauch (MeterId)': 'm-2', 'Kosten (cost)': '9' },
    ]);
  });

  it('refuses two labelled headers for one spec', async () => {
    const path = await put('labelled/twice.csv', 'cost,A (MeterId),B (MeterId)\n1.5,m-1,m-2\n');
    expect((await readError(path, { columns })).problem).toBe(
      'duplicate column MeterId in the header (A (MeterId), B (MeterId))',
    );
  });

  it('refuses two headers naming one spec only ignoring case (no longer read as absent)', async () => {
    const path = await put('labelled/case.csv', 'cost,meterid,METERID\n1.5,m-1,m-2\n');
    expect((await readError(path, { columns })).problem).toBe(
      'duplicate column MeterId in the header (meterid, METERID)',
    );
  });

  it('a header with no known name at all says so and lists the required columns with their other names', async () => {
    const path = await put('labelled/none.csv', 'Kosten,Menge\n1.5,24\n');
    const error = await readError(path, { columns });
    expect(error.problem).toBe(
      'none of the header\'s 2 columns is a column name this format knows (a localized header? keep the English column names, alone or as "Label (Name)"); expected cost (or lineItem/UnblendedCost, line_item_unblended_cost)',
    );
    expect(error.columns).toEqual(['cost']);
    // One known column is enough for the plain message.
    const some = await put('labelled/some.csv', 'Kosten,MeterId\n1.5,m-1\n');
    expect((await readError(some, { columns })).problem).toBe('missing required columns: cost');
  });
});
