// Whether this event runs the agent, decided before anything is created, in this order: whether the
// agent is enabled at all (scale 0 is upstream's "disabled"), the agent's
// own trigger filters (project/triggers.ts), then who caused the event (github/authorisation.ts),
// then the credentials' values (checkCredentials). The values come last because GitHub gives a
// fork's pull request and Dependabot no secrets: an event the agent would skip anyway is skipped,
// not failed for its empty credentials.
import { whoMayStart } from '../github/authorisation.ts';
import { log } from '../output/log.ts';
import { decideTrigger } from '../project/triggers.ts';
import { disabledMessage } from '../scale/slots.ts';
import { checkCredentials, type Inputs } from './inputs.ts';

/** 'skip' says why in the log; a refusal and a credential problem throw. */
export async function decide(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<'run' | 'skip'> {
  if (inputs.scale?.agent === 0) {
    log.info(disabledMessage(inputs.agent, inputs.scale.agentSource));
    return 'skip';
  }
  if (!acceptsEvent(inputs, env)) return 'skip';
  if (!(await authorise(inputs, env))) return 'skip';
  checkCredentials(inputs);
  return 'run';
}

/**
 * Triggers first: an event the agent would never take is skipped quietly, without asking GitHub
 * who caused it or failing the step for someone who could not have started it anyway. Only with
 * `respect_triggers`.
 */
function acceptsEvent(inputs: Inputs, env: NodeJS.ProcessEnv): boolean {
  if (!inputs.respectTriggers) return true;
  const decision = decideTrigger(inputs.agent, inputs.triggers, env);
  if (decision.verdict === 'skip') {
    log.info(decision.why);
    return false;
  }
  log.debug(`Triggers: ${decision.why}`);
  return true;
}

/** Whoever caused the event may start a run: a refusal throws, a skip returns false. */
async function authorise(inputs: Inputs, env: NodeJS.ProcessEnv): Promise<boolean> {
  const decision = await whoMayStart(inputs, env);
  if (decision.verdict === 'refuse') throw new Error(decision.why);
  if (decision.verdict === 'skip') {
    log.info(`Skipped. ${decision.why}`);
    return false;
  }
  if (decision.verdict === 'run') log.debug(`May start a run: ${decision.why}`);
  return true;
}
