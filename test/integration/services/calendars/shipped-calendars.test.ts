import { describe, expect, it } from 'vitest';
import { addOrg } from '../../../../src/services/orgs.js';
import { importFile } from '../../../../src/services/import/index.js';
import { shippedCalendarDays, shippedCalendarFiles } from '../../../../src/services/calendars/shipped-calendars.js';
import { showCalendar } from '../../../../src/services/calendars/show-calendar.js';
import { weekday } from '../../../../src/domain/calendar.js';
import { testDatabase } from '../../../support/db.js';

const t = testDatabase();

// A story: its steps run in order even under `--sequence.shuffle` (issue 14) — the org added again in a later step is the one an earlier step added.
describe("mainland China's shipped calendar", { shuffle: false }, () => {
  it('covers the years the State Council has published, each file naming its notice', async () => {
    const files = shippedCalendarFiles('cn-mainland');
    expect(files.map((f) => f.year)).toEqual([2024, 2025, 2026]);
    const { readFile } = await import('node:fs/promises');
    for (const f of files) {
      const first = (await readFile(f.file, 'utf8')).split('\n')[0]!;
      expect(first).toMatch(new RegExp(`^# 国务院办公厅关于${f.year}年部分节假日安排的通知（国办发明电〔${f.year - 1}〕\\d+号`));
    }
  });

  it('lists make-up workdays only on weekends and holidays only once', () => {
    const days = shippedCalendarDays('cn-mainland');
    for (const d of days.filter((x) => x.kind === 'workday')) expect([6, 7]).toContain(weekday(d.date));
    expect(new Set(days.map((d) => d.date)).size).toBe(days.length);
  });

  it('is loaded for a new org in Asia/Shanghai: 国庆 2026 is Oct 1–7 and Saturday Oct 10 is a workday', async () => {
    const { org } = await addOrg(t.db, { slug: 'shanghai', timezone: 'Asia/Shanghai' });
    const c = await showCalendar(t.db, org.id, 2026);
    const october = c.days.filter((d) => d.date.startsWith('2026-10'));
    expect(october.map((d) => `${d.date} ${d.kind}`)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((d) => `2026-10-0${d} holiday`), '2026-10-10 workday',
    ]);
    expect(c).toMatchObject({ year: 2026, holidays: 33, workdays: 6 });
    // 2025: the Spring Festival from the eve (Jan 28) to Feb 4, make-up Sunday Jan 26 and Saturday Feb 8.
    const y2025 = await showCalendar(t.db, org.id, 2025);
    expect(y2025.days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
  });

  it('is not loaded for an org elsewhere, nor twice for an org added again', async () => {
    const { org } = await addOrg(t.db, { slug: 'newyork', timezone: 'America/New_York' });
    expect((await showCalendar(t.db, org.id, 2026)).days).toEqual([]);
    const again = await addOrg(t.db, { slug: 'shanghai', timezone: 'Asia/Shanghai' });
    expect(again.created).toBe(false);
    const n = await t.db.selectFrom('calendar_days').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', again.org.id).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(shippedCalendarDays('cn-mainland').length);
  });

  it('imports cleanly with `duebot calendar import` (the same files, comments and all)', async () => {
    const { org } = await addOrg(t.db, { slug: 'imported', timezone: 'Europe/London' });
    for (const f of shippedCalendarFiles('cn-mainland')) {
      const r = await importFile(t.db, { orgId: org.id, kind: 'calendar', input: f.file });
      expect(r.errors).toEqual([]);
    }
    expect((await showCalendar(t.db, org.id, 2024)).holidays).toBe(28);
  });
});
