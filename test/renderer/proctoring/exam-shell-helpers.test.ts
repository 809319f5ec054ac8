/** The exam shell's small pure parts: the countdown and which frame messages count as "submitted". */
import { describe, expect, it } from 'vitest';
import { examOrigins, readExamStatusMessage } from '../../../renderer/exam/exam-page-message';
import { formatCountdown, secondsLeft } from '../../../renderer/exam/time-left';

describe('countdown', () => {
  it('rounds up to whole seconds and stops at zero', () => {
    expect(secondsLeft(null, 0)).toBeNull();
    expect(secondsLeft(10_500, 0)).toBe(11);
    expect(secondsLeft(1000, 5000)).toBe(0);
  });
  it('prints m:ss, and h:mm:ss from an hour', () => {
    expect(formatCountdown(0)).toBe('0:00');
    expect(formatCountdown(65)).toBe('1:05');
    expect(formatCountdown(3600 + 9 * 60 + 7)).toBe('1:09:07');
  });
});

describe('exam page messages', () => {
  const frame = { name: 'the exam frame' };
  const origins = examOrigins('http://127.0.0.1:8080/demo-exam', ['https://exam.example.org/path', 'not a url']);
  const submitted = { type: 'vigil:exam-status', status: 'submitted' };

  it('collects the origins of the start URL and the allowed URLs', () => {
    expect([...origins]).toEqual(['http://127.0.0.1:8080', 'https://exam.example.org']);
  });

  it('accepts the status from the exam frame on an exam origin only', () => {
    expect(
      readExamStatusMessage({ origin: 'http://127.0.0.1:8080', data: submitted, source: frame }, frame, origins),
    ).toBe('submitted');
    expect(
      readExamStatusMessage({ origin: 'https://evil.example', data: submitted, source: frame }, frame, origins),
    ).toBeNull();
    expect(
      readExamStatusMessage({ origin: 'http://127.0.0.1:8080', data: submitted, source: {} }, frame, origins),
    ).toBeNull();
    expect(
      readExamStatusMessage({ origin: 'http://127.0.0.1:8080', data: submitted, source: null }, null, origins),
    ).toBeNull();
  });

  it('ignores anything that is not a status message', () => {
    for (const data of [
      null,
      'submitted',
      { type: 'other', status: 'submitted' },
      { type: 'vigil:exam-status', status: 'done' },
    ]) {
      expect(
        readExamStatusMessage({ origin: 'http://127.0.0.1:8080', data, source: frame }, frame, origins),
      ).toBeNull();
    }
  });
});
