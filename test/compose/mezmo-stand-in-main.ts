import { MezmoStandIn } from '../helpers/mezmo-stand-in';

/**
 * The Mezmo stand-in as a service on the compose network (test/compose/stand-in.yml runs it with
 * tsx): the pipeline sources and Log Analysis keys come from the same variables the collector
 * reads; the test reads what arrived from `GET /received` on the published port.
 */
const env = process.env;
const sources = Object.fromEntries(
  (['logs', 'metrics', 'traces'] as const).flatMap((signal) => {
    const id = env[`MEZMO_${signal.toUpperCase()}_PIPELINE_ID`];
    const key = env[`MEZMO_${signal.toUpperCase()}_INGESTION_KEY`];
    return id && key ? [[id, { signal, key }]] : [];
  }),
);
void MezmoStandIn.start(sources, env.MEZMO_LEGACY_INGESTION_KEY || undefined, {
  host: '0.0.0.0',
  port: 4800,
}).then(() => process.stdout.write('mezmo stand-in listening on 4800\n'));
process.on('SIGTERM', () => process.exit(0));
