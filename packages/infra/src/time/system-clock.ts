import type { Clock } from '@proj/application';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
