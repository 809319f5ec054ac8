/**
 * The system and identity check flows: which steps run (from the policy), where the candidate is,
 * each step's outcome, and which statuses have already gone to the service (each at most once).
 */
import { create } from 'zustand';
import type { SystemReport } from '../../shared/ipc/contract';
import type { CheckFlow, CheckStep, StepStatus } from '../../shared/steps';
import type { CheckOutcome } from '../checks/check-result';

export interface FlowState {
  plan: CheckStep[];
  index: number;
  outcomes: Partial<Record<CheckStep, CheckOutcome>>;
  /** The last status reported to the service per step. */
  reported: Partial<Record<CheckStep, StepStatus>>;
  /** How often each step was opened: a step opened again starts from scratch. */
  visits: Partial<Record<CheckStep, number>>;
}

export interface ChecksState {
  flow: CheckFlow | null;
  flows: Partial<Record<CheckFlow, FlowState>>;
  systemReport: SystemReport | null;
  systemReportLoading: boolean;
  consent: boolean;
}

export const initialChecksState: ChecksState = {
  flow: null,
  flows: {},
  systemReport: null,
  systemReportLoading: false,
  consent: false,
};

export const useChecksStore = create<ChecksState>()(() => ({ ...initialChecksState }));

export function currentFlowState(state: ChecksState = useChecksStore.getState()): FlowState | null {
  return state.flow ? (state.flows[state.flow] ?? null) : null;
}

export function currentStep(state: ChecksState = useChecksStore.getState()): CheckStep | null {
  const flow = currentFlowState(state);
  return flow ? (flow.plan[flow.index] ?? null) : null;
}

export function beginFlow(flow: CheckFlow, plan: CheckStep[]): void {
  useChecksStore.setState((state) => ({
    flow,
    flows: { ...state.flows, [flow]: { plan, index: 0, outcomes: {}, reported: {}, visits: {} } },
  }));
}

function updateFlow(flow: CheckFlow, change: (state: FlowState) => FlowState): void {
  useChecksStore.setState((state) => {
    const current = state.flows[flow];
    return current ? { flows: { ...state.flows, [flow]: change(current) } } : {};
  });
}

export function setOutcome(flow: CheckFlow, step: CheckStep, outcome: CheckOutcome): void {
  updateFlow(flow, (state) => ({ ...state, outcomes: { ...state.outcomes, [step]: outcome } }));
}

/** The status a step should report now, or null when the service already has it. */
export function statusToReport(flow: CheckFlow, step: CheckStep, status: StepStatus): StepStatus | null {
  const state = useChecksStore.getState().flows[flow];
  return state?.reported[step] === status ? null : status;
}

export function markReported(flow: CheckFlow, step: CheckStep, status: StepStatus): void {
  updateFlow(flow, (state) => ({ ...state, reported: { ...state.reported, [step]: status } }));
}

export function moveTo(flow: CheckFlow, step: CheckStep): void {
  updateFlow(flow, (state) => {
    const index = state.plan.indexOf(step);
    return index < 0 ? state : { ...state, index, visits: { ...state.visits, [step]: (state.visits[step] ?? 0) + 1 } };
  });
}

/** Runs the failed and unfinished steps again: back to the first of them, their outcomes cleared. */
export function retryFailed(flow: CheckFlow): CheckStep | null {
  const state = useChecksStore.getState().flows[flow];
  if (!state) return null;
  const again = state.plan.filter(
    (step) => step !== 'START' && step !== 'FINISH' && state.outcomes[step]?.verdict !== 'passed',
  );
  const first = again[0] ?? null;
  updateFlow(flow, (current) => {
    const outcomes = { ...current.outcomes };
    for (const step of again) delete outcomes[step];
    delete outcomes.FINISH;
    return { ...current, outcomes, index: first ? current.plan.indexOf(first) : current.index };
  });
  return first;
}

export function setSystemReport(report: SystemReport | null, loading: boolean): void {
  useChecksStore.setState({ systemReport: report, systemReportLoading: loading });
}

export function setConsent(consent: boolean): void {
  useChecksStore.setState({ consent });
}
