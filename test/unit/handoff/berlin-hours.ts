import { supportConfigSchema } from '../../../src/handoff';

/**
 * Berlin hours with a lunch break on Mondays and a night range on Sundays (it spans both DST
 * changes), shared by the working-hours and working-minutes tests.
 */
export const BERLIN = supportConfigSchema.parse({
  timeZone: 'Europe/Berlin',
  hours: {
    mon: ['08:00-12:00', '13:00-18:00'],
    tue: ['08:00-18:00'],
    wed: ['08:00-18:00'],
    thu: ['08:00-18:00'],
    fri: ['08:00-16:00'],
    sun: ['01:00-04:00'],
  },
  holidays: ['2026-12-24', '2026-12-25', '2027-01-01'],
});
