import type { Request, RequestHandler, Response } from 'express';

const UNMATCHED = '(unmatched)';

/**
 * The route template that handled a request (`/v1/accounts/users/:user_id`), never the raw path, so
 * that logs and metrics do not explode with ids. Express's `req.route` covers routes; mounted
 * middleware such as static assets tag themselves with {@link tagRoute}. Routers are mounted at the
 * root with full paths, so the template needs no `baseUrl`.
 */
export function routeTemplateOf(req: Request, res: Response): string {
  const route: unknown = req.route;
  if (typeof route === 'object' && route !== null && typeof (route as { path?: unknown }).path === 'string') {
    return (route as { path: string }).path;
  }
  const tagged: unknown = res.locals['routeTemplate'];
  return typeof tagged === 'string' ? tagged : UNMATCHED;
}

/** Middleware that names the template of requests it sees, for mounts that are not routes. */
export function tagRoute(template: string): RequestHandler {
  return function tagRouteTemplate(_req, res, next) {
    res.locals['routeTemplate'] = template;
    next();
  };
}
