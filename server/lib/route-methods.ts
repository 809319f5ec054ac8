/**
 * Which methods the service answers on a concrete path, from the routes Fastify registered (every
 * route, the table's and the few outside it), so an unsupported method is 405 with `Allow`, not 404.
 */

interface RouteShape {
  pattern: RegExp;
  methods: Set<string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Fastify's template (`/v1/exams/:id`, `/files/*`) as an anchored regular expression over the raw path. */
export function templatePattern(template: string): RegExp {
  const segments = template.split('/').map((segment) => {
    if (segment === '*') return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return escapeRegExp(segment);
  });
  return new RegExp(`^${segments.join('/')}$`);
}

export class RouteMethods {
  private readonly routes = new Map<string, RouteShape>();

  add(methods: string | readonly string[], template: string): void {
    let shape = this.routes.get(template);
    if (!shape) {
      shape = { pattern: templatePattern(template), methods: new Set() };
      this.routes.set(template, shape);
    }
    for (const method of [methods].flat()) {
      shape.methods.add(method.toUpperCase());
      // Fastify answers HEAD wherever it answers GET.
      if (method.toUpperCase() === 'GET') shape.methods.add('HEAD');
    }
  }

  /** The methods some route answers on `path` (no query string), sorted; empty when no route matches it. */
  allowedFor(path: string): string[] {
    const allowed = new Set<string>();
    for (const shape of this.routes.values()) {
      if (shape.pattern.test(path)) for (const method of shape.methods) allowed.add(method);
    }
    return [...allowed].sort();
  }
}
