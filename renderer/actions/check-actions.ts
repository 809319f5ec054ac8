/**
 * Moving through a check flow and telling the service about it (`checks:report-step`, recorded as
 * SYSTEM_CHECK_STEP_CHANGED / IDENTITY_CHECK_STEP_CHANGED). Each status goes out once per step visit.
 */
import { recordsMedia } from '../../shared/policy';
import type { SessionSummary } from '../../shared/ipc/contract';
import type { CheckFlow, CheckStep, StepStatus } from '../../shared/steps';
import { bridge } from '../bridge/bridge-access';
import type { CheckOutcome } from '../checks/check-result';
import { evaluateComputer } from '../checks/computer-rules';
import { summarise } from '../checks/finish-summary';
import { nextStep, planSteps, skippedSteps } from '../checks/step-plan';
import { t } from '../i18n/messages';
import { announce } from '../stores/announcer-store';
import { useAppStore } from '../stores/app-store';
import {
  beginFlow,
  markReported,
  moveTo,
  retryFailed,
  setOutcome,
  setSystemReport,
  statusToReport,
  useChecksStore,
} from '../stores/checks-store';
import { resetFacePhoto } from '../stores/identity-store';
import { showCallError } from './ui-errors';

async function report(
  flow: CheckFlow,
  step: CheckStep,
  status: StepStatus,
  details: CheckOutcome['details'] = {},
): Promise<void> {
  if (!statusToReport(flow, step, status)) return;
  markReported(flow, step, status);
  try {
    await bridge().invoke('checks:report-step', { flow, step, status, details });
  } catch (error) {
    await showCallError(error);
  }
}

export async function enterStep(flow: CheckFlow, step: CheckStep): Promise<void> {
  moveTo(flow, step);
  const plan = useChecksStore.getState().flows[flow]?.plan ?? [];
  announce(
    `${t(flow === 'system' ? 'flow.system' : 'flow.identity')}. ${t('app.stepOf', { current: plan.indexOf(step) + 1, total: plan.length })}: ${t(`step.${step}`)}`,
  );
  await report(flow, step, 'started');
}

/** Records a step's outcome; a decided verdict (passed or failed) is reported to the service. */
export async function settleStep(flow: CheckFlow, step: CheckStep, outcome: CheckOutcome): Promise<void> {
  setOutcome(flow, step, outcome);
  if (outcome.verdict === 'pending') return;
  if (outcome.verdict === 'failed' && outcome.reason) announce(t(outcome.reason), 'alert');
  // A failure carries its reason (a catalog key), so the institution sees why without the candidate's screen.
  const details =
    outcome.verdict === 'failed' && outcome.reason ? { ...outcome.details, reason: outcome.reason } : outcome.details;
  await report(flow, step, outcome.verdict, details);
}

/**
 * Starts a flow at its first step; steps the policy asks for but the exam's mode rules out are
 * reported as skipped with the reason, so the institution sees why they are missing.
 */
export async function beginCheckFlow(flow: CheckFlow, session: SessionSummary): Promise<void> {
  beginFlow(flow, planSteps(flow, session.policy, session.exam.mode));
  await enterStep(flow, 'START');
  for (const { step, reason } of skippedSteps(flow, session.policy, session.exam.mode)) {
    await report(flow, step, 'skipped', { reason });
  }
}

export async function continueFlow(flow: CheckFlow): Promise<void> {
  const state = useChecksStore.getState().flows[flow];
  const step = state?.plan[state.index];
  if (!state || !step) return;
  const next = nextStep(state.plan, step);
  if (next) await enterStep(flow, next);
}

export async function loadSystemReport(): Promise<void> {
  setSystemReport(useChecksStore.getState().systemReport, true);
  try {
    setSystemReport(await bridge().invoke('system:check'), false);
  } catch (error) {
    setSystemReport(null, false);
    await showCallError(error);
  }
}

/** FINISH: reports the flow's result, then moves on when everything passed. */
export async function finishFlow(flow: CheckFlow): Promise<void> {
  const state = useChecksStore.getState();
  const flowState = state.flows[flow];
  const session = useAppStore.getState().session;
  if (!flowState || !session) return;
  const computer =
    flow === 'system' && state.systemReport
      ? evaluateComputer(state.systemReport, recordsMedia(session.exam.mode))
      : [];
  const summary = summarise(flow, flowState.plan, flowState.outcomes, computer);
  const failedChecks = summary.rows.filter((row) => row.verdict !== 'passed').map((row) => row.id);
  await settleStep(flow, 'FINISH', {
    verdict: summary.allPassed ? 'passed' : 'failed',
    reason: null,
    fix: null,
    details: { failed: failedChecks.join(', '), failedCount: failedChecks.length },
  });
}

export async function proceedAfterFinish(flow: CheckFlow): Promise<void> {
  const session = useAppStore.getState().session;
  if (!session) return;
  if (flow === 'system') {
    useAppStore.setState({ phase: 'identity' });
    await beginCheckFlow('identity', session);
  } else {
    useAppStore.setState({ phase: 'ready' });
    announce(t('app.readyTitle'));
  }
}

export async function retryFlow(flow: CheckFlow): Promise<void> {
  const first = retryFailed(flow);
  if (flow === 'identity') resetFacePhoto();
  if (first) await enterStep(flow, first);
}
