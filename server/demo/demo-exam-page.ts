/**
 * The demo exam: a few questions and a Submit button, plain HTML with no script and no external
 * resource. The one inline stylesheet is allowed by its hash, so the page's CSP can forbid everything else.
 */
import { createHash } from 'node:crypto';

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1d2330; }
  h1 { font-size: 1.5rem; }
  fieldset { border: 1px solid #c9cfdb; border-radius: 8px; margin: 0 0 1rem; padding: 0.75rem 1rem; }
  legend { font-weight: 600; padding: 0 0.25rem; }
  label { display: block; margin: 0.25rem 0; }
  button { font: inherit; padding: 0.5rem 1.5rem; border: 0; border-radius: 6px; background: #2450a6; color: #fff; cursor: pointer; }
  .done { padding: 1rem; border-radius: 8px; background: #e6f4ea; }
`;

/**
 * The submitted page tells a shell that frames it (the browser preview) that the exam is over; the
 * desktop client reads the `vigil-exam-status` meta tag instead. Allowed by its hash, like the style.
 */
const SUBMITTED_SCRIPT = `if (window.parent !== window) window.parent.postMessage({ type: 'vigil:exam-status', status: 'submitted' }, '*');`;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

export const DEMO_EXAM_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${sha256(STYLE)}'`,
  `script-src 'sha256-${sha256(SUBMITTED_SCRIPT)}'`,
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

interface Question {
  name: string;
  text: string;
  choices: string[];
}

export const DEMO_QUESTIONS: readonly Question[] = [
  { name: 'q1', text: 'What is 7 × 8?', choices: ['54', '56', '64'] },
  {
    name: 'q2',
    text: 'Which gas do plants take in for photosynthesis?',
    choices: ['Oxygen', 'Nitrogen', 'Carbon dioxide'],
  },
  { name: 'q3', text: 'Which planet is closest to the Sun?', choices: ['Mercury', 'Venus', 'Mars'] },
];

function page(title: string, status: 'in-progress' | 'submitted', content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="vigil-exam-status" content="${status}">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body data-vigil-exam-status="${status}">
${content}
${status === 'submitted' ? `<script>${SUBMITTED_SCRIPT}</script>` : ''}
</body>
</html>
`;
}

export function renderDemoExam(submitPath: string): string {
  const questions = DEMO_QUESTIONS.map(
    (question, index) => `<fieldset>
<legend>${index + 1}. ${question.text}</legend>
${question.choices
  .map((choice) => `<label><input type="radio" name="${question.name}" value="${choice}" required> ${choice}</label>`)
  .join('\n')}
</fieldset>`,
  ).join('\n');
  return page(
    'Vigil demo exam',
    'in-progress',
    `<h1>Vigil demo exam</h1>
<p>Answer the questions, then press Submit.</p>
<form id="exam" method="get" action="${submitPath}">
${questions}
<button type="submit" id="submit">Submit</button>
</form>`,
  );
}

export function renderDemoSubmitted(answered: number): string {
  return page(
    'Vigil demo exam: submitted',
    'submitted',
    `<h1>Vigil demo exam</h1>
<p class="done" id="submitted">Your answers were submitted (${answered} of ${DEMO_QUESTIONS.length} answered). You may finish the exam.</p>`,
  );
}
