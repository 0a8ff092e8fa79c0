import { AppError } from '../errors';
import { type ClientEventInput, isJourneyEvent, journeyStages } from '../schemas/events';
import type { DomainEventSink } from './events';

/** Client journey events: checked against the documented set, then reported like any other event. */
export class JourneyService {
  constructor(private readonly emit: DomainEventSink) {}

  record(input: ClientEventInput): { event: string; stage: string } {
    if (!isJourneyEvent(input.event)) {
      throw new AppError('unknown_event', `"${input.event}" is not a known journey event`, {
        errors: [
          {
            location: 'body',
            field: 'event',
            message: `must be one of ${Object.keys(journeyStages).join(', ')}`,
          },
        ],
      });
    }
    const stage = journeyStages[input.event];
    this.emit({ type: 'journey_event', event: input.event, stage, properties: input.properties ?? {} });
    return { event: input.event, stage };
  }
}
