// The clock a test controls: `now` is what the chat layer, the jobs runtime, the adapters and the
// services are given (`now: () => Date`), so a test fixes the date — or moves it — instead of
// reading the real one (issue 14).
import { zonedInstant } from '../../src/domain/calendar.js';

export class Clock {
  constructor(public current: Date) {}
  readonly now = () => this.current;
  /** Sets the clock to `date` at HH:MM in `tz`. */
  at(tz: string, date: string, hhmm: string): this {
    const [h, m] = hhmm.split(':').map(Number);
    this.current = zonedInstant(tz, date, h! * 60 + m!);
    return this;
  }
}
