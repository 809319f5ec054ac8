import type { CheckFlow, CheckStep } from '../../../shared/steps';
import { t } from '../../i18n/messages';
import { useChecksStore } from '../../stores/checks-store';
import { StepProgress } from '../common/StepProgress';
import { StartStep } from '../steps/StartStep';
import { IdentityStartStep } from '../steps/IdentityStartStep';
import { MicrophoneStep } from '../steps/MicrophoneStep';
import { SpeakersStep } from '../steps/SpeakersStep';
import { OtherAppsStep } from '../steps/OtherAppsStep';
import { ScreenShareStep } from '../steps/ScreenShareStep';
import { WebcamStep } from '../steps/WebcamStep';
import { RoomCheckStep } from '../steps/RoomCheckStep';
import { FacePhotoStep } from '../steps/FacePhotoStep';
import { IdCardStep } from '../steps/IdCardStep';
import { FinishStep } from '../steps/FinishStep';

function StepView({ flow, step }: { flow: CheckFlow; step: CheckStep }) {
  switch (step) {
    case 'START':
      return flow === 'system' ? <StartStep /> : <IdentityStartStep />;
    case 'MICROPHONE':
      return <MicrophoneStep />;
    case 'SPEAKERS':
      return <SpeakersStep />;
    case 'BROWSER_TABS':
      return <OtherAppsStep />;
    case 'SCREENSHARE':
      return <ScreenShareStep />;
    case 'WEB_CAM':
      return <WebcamStep />;
    case 'ROOM_CHECK':
      return <RoomCheckStep />;
    case 'FACE_PHOTO':
      return <FacePhotoStep />;
    case 'ID_CARD':
      return <IdCardStep />;
    case 'FINISH':
      return <FinishStep flow={flow} />;
    default:
      return null;
  }
}

export function CheckFlowScreen({ flow }: { flow: CheckFlow }) {
  const state = useChecksStore((s) => s.flows[flow]);
  if (!state) return null;
  const step = state.plan[state.index];
  if (!step) return null;
  return (
    <div className="flow">
      <nav className="flow__progress" aria-label={t('app.progressLabel')}>
        <p className="flow__title">{t(flow === 'system' ? 'flow.system' : 'flow.identity')}</p>
        <p className="flow__counter">{t('app.stepOf', { current: state.index + 1, total: state.plan.length })}</p>
        <StepProgress plan={state.plan} index={state.index} outcomes={state.outcomes} />
      </nav>
      <div className="flow__panel">
        {/* key: a step opened again (after "run the checks again") starts from scratch. */}
        <StepView key={`${flow}-${step}-${state.visits[step] ?? 0}`} flow={flow} step={step} />
      </div>
    </div>
  );
}
