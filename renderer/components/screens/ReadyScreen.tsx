import { t } from '../../i18n/messages';
import { StepLayout } from '../common/StepLayout';

export function ReadyScreen() {
  return (
    <div className="single-panel">
      <StepLayout title={t('app.readyTitle')} instructions={t('app.readyBody')} />
    </div>
  );
}
