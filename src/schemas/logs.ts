import { z } from 'zod';
import { timestamp } from './common';

export const logsFlushed = z.object({
  flushed: z.array(z.string()).meta({ description: 'The files written out, in LOG_DIR' }),
  at: timestamp,
});
