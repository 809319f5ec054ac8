import { t } from '../../i18n/messages';

/** Always visible in the browser preview: this window is not the locked-down exam client. */
export function PreviewBanner() {
  return (
    <div className="preview-banner" role="note">
      {t('app.previewBanner')}
    </div>
  );
}
