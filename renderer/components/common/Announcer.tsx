import { useAnnouncerStore } from '../../stores/announcer-store';

/** Screen-reader-only live regions: step changes and progress (polite), failures (assertive). */
export function Announcer() {
  const status = useAnnouncerStore((state) => state.status);
  const alert = useAnnouncerStore((state) => state.alert);
  return (
    <>
      <div className="sr-only" role="status" aria-live="polite" aria-atomic="true">
        {status}
      </div>
      <div className="sr-only" aria-live="assertive" aria-atomic="true">
        {alert}
      </div>
    </>
  );
}
