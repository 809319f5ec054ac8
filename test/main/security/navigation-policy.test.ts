import { describe, expect, it } from 'vitest';
import { examOriginOf, NavigationPolicy } from '../../../main/security/navigation-policy';

describe('navigation policy', () => {
  const exam = 42;
  const shell = 1;
  const policy = new NavigationPolicy();
  policy.registerExamContents(exam);
  policy.allowExam('https://exam.example.edu/start', ['https://cdn.example.edu:8443/x', 'javascript:alert(1)']);

  it('keeps the shell on the app origin', () => {
    expect(policy.isAllowed(shell, 'app://vigil/index.html#/checks')).toBe(true);
    expect(policy.isAllowed(shell, 'app://other/index.html')).toBe(false);
    expect(policy.isAllowed(shell, 'file:///etc/passwd')).toBe(false);
    expect(policy.isAllowed(shell, 'https://exam.example.edu/')).toBe(false);
  });

  it('compares parsed origins, never string prefixes', () => {
    expect(policy.isAllowed(exam, 'https://exam.example.edu/q/3?x=1')).toBe(true);
    expect(policy.isAllowed(exam, 'https://exam.example.edu.evil.test/')).toBe(false);
    expect(policy.isAllowed(exam, 'https://exam.example.edu@evil.test/')).toBe(false);
    expect(policy.isAllowed(exam, 'http://exam.example.edu/')).toBe(false); // scheme is part of the origin
    expect(policy.isAllowed(exam, 'https://exam.example.edu:444/')).toBe(false); // so is the port
    expect(policy.isAllowed(exam, 'https://cdn.example.edu:8443/other')).toBe(true);
    expect(policy.isAllowed(exam, 'https://cdn.example.edu/other')).toBe(false);
    expect(policy.isAllowed(exam, 'HTTPS://EXAM.EXAMPLE.EDU/upper')).toBe(true);
  });

  it('never lets javascript:, data: or file: URLs count as exam origins', () => {
    expect(examOriginOf('javascript:alert(1)')).toBeNull();
    expect(examOriginOf('data:text/html,hi')).toBeNull();
    expect(examOriginOf('file:///tmp/x.html')).toBeNull();
    expect(policy.isAllowed(exam, 'javascript:alert(1)')).toBe(false);
    expect(policy.isAllowed(exam, 'app://vigil/index.html')).toBe(false);
  });
});
