/**
 * `npm run token -- --persona <name> [--purpose P] [--hours N]`: prints a development token (development mode
 * only). `--purpose` declares another purpose the persona's roles may declare (e.g. a team manager's
 * STATUTORY_RETURN for the returns); the access policy decides which.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { loadDevSigningKey, signDevToken } from '../server/auth';
import { findPersona, PERSONAS } from '../server/personas';
import { Purpose } from '../access/principal';
import { purposesFor } from '../access/policy';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { persona: { type: 'string', short: 'p' }, hours: { type: 'string', default: '8' }, purpose: { type: 'string' } } });
  const config = loadConfig();
  if (!config.developmentAuth) throw new Error('Development tokens do not exist in production (NODE_ENV=production).');
  const persona = values.persona ? findPersona(values.persona) : undefined;
  if (!persona) {
    console.error(`Name a persona with --persona. Known personas:\n${PERSONAS.map((p) => `  ${p.name.padEnd(20)} ${p.title}`).join('\n')}`);
    process.exit(2);
  }
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24) throw new Error('--hours must be a number between 0 and 24.');
  const allowed = purposesFor(persona.claims.roles);
  const purpose = (values.purpose ?? persona.claims.purpose) as Purpose;
  if (!Object.values(Purpose).includes(purpose) || !allowed.includes(purpose)) throw new Error(`${persona.name} may declare the purposes ${allowed.join(', ')}.`);
  const { privateJwk } = await loadDevSigningKey(config.DATA_DIR);
  console.log(await signDevToken(privateJwk, config.AUTH_AUDIENCE, { ...persona.claims, purpose }, Math.round(hours * 3600)));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
});
