import { createContext, useCallback, useEffect, useRef, type ReactNode } from 'react';

/** Puts the focus back on the step's heading (used when the control that had it goes away). */
export const StepHeadingFocus = createContext<() => void>(() => undefined);

/**
 * A step's frame: its heading (focused when the step opens, so keyboard and screen-reader users
 * start at the top), instructions, body and actions.
 */
export function StepLayout({
  title,
  instructions,
  children,
  actions,
}: {
  title: string;
  instructions?: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const focusHeading = useCallback(() => heading.current?.focus(), []);
  useEffect(() => {
    focusHeading();
  }, [title, focusHeading]);
  return (
    <StepHeadingFocus.Provider value={focusHeading}>
      <section className="step" aria-labelledby="step-title">
        <h1 id="step-title" className="step__title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {instructions && <p className="step__instructions">{instructions}</p>}
        <div className="step__body">{children}</div>
        {actions && <div className="step__actions">{actions}</div>}
      </section>
    </StepHeadingFocus.Provider>
  );
}
