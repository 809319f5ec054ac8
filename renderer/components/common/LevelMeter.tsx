/** A horizontal level meter (0–1) exposed to assistive technology as a meter. */
export function LevelMeter({ value, label, threshold }: { value: number; label: string; threshold: number }) {
  const percent = Math.round(value * 100);
  return (
    <div
      className="meter"
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="meter__fill" style={{ width: `${percent}%` }} />
      <div className="meter__threshold" style={{ left: `${Math.round(threshold * 100)}%` }} aria-hidden="true" />
    </div>
  );
}
