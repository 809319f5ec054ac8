import { describe, expect, it } from 'vitest';
import { createNavigationStep } from '../../../../main/lockdown/steps/navigation-step';
import { NavigationPolicy } from '../../../../main/security/navigation-policy';

describe('navigation step', () => {
  it("opens the exam's origins to the exam view for the exam only", async () => {
    const navigation = new NavigationPolicy();
    navigation.registerExamContents(7);
    const step = createNavigationStep({
      navigation,
      startUrl: 'https://exam.example.edu/start?x=1',
      allowedUrls: ['https://cdn.example.edu/lib.js'],
    });
    expect(navigation.isAllowed(7, 'https://exam.example.edu/q/2')).toBe(false);
    await step.apply();
    expect(navigation.isAllowed(7, 'https://exam.example.edu/q/2')).toBe(true);
    expect(navigation.isAllowed(7, 'https://cdn.example.edu/other')).toBe(true);
    expect(navigation.isAllowed(7, 'https://search.example.com/')).toBe(false);
    // The shell never navigates to the exam.
    expect(navigation.isAllowed(1, 'https://exam.example.edu/q/2')).toBe(false);
    await step.revert();
    expect(navigation.isAllowed(7, 'https://exam.example.edu/q/2')).toBe(false);
  });
});
