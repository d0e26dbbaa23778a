// Dates and instants relative to the demo's as-of date, in the org's time zone, so the demo
// always looks fresh: "130 days overdue", "called yesterday at 10:20".
import { addDays, zonedInstant, type IsoDate } from '../../domain/calendar.js';

export class DemoClock {
  private readonly midnights = new Map<number, number>();

  constructor(readonly asOf: IsoDate, readonly timezone: string) {}

  /** The date `offset` days from as-of (negative: in the past). */
  day(offset: number): IsoDate {
    return addDays(this.asOf, offset);
  }

  /** The instant at `hour:minute` local time on the day `offset` days from as-of. */
  at(offset: number, hour: number, minute = 0): Date {
    let midnight = this.midnights.get(offset);
    if (midnight === undefined) {
      midnight = zonedInstant(this.timezone, this.day(offset), 0).getTime();
      this.midnights.set(offset, midnight);
    }
    return new Date(midnight + (hour * 60 + minute) * 60_000);
  }
}
