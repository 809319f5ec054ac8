import { describe, expect, it } from 'vitest';
import { camelCaseRow } from '../../../server/db/camel-case-row';

describe('camelCaseRow', () => {
  it('renames every snake_case column and keeps each value as it is', () => {
    const row = { id: 'a', account_id: 7, staff_user_id: null, target_type: 'exam', at: 'now', disabled: 0 };
    expect(camelCaseRow(row)).toStrictEqual({
      id: 'a',
      accountId: 7,
      staffUserId: null,
      targetType: 'exam',
      at: 'now',
      disabled: 0,
    });
  });

  it('capitalises a digit-led part as it stands (a column like part_2 becomes part2)', () => {
    expect(camelCaseRow({ part_2: true })).toStrictEqual({ part2: true });
  });
});
