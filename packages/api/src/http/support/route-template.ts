import type { IRoute, RequestHandler, Response, Router } from 'express';

const UNMATCHED = '(unmatched)';

/**
 * The route template that handled a request (`/v1/accounts/users/:user_id`), never the raw path, so
 * that logs and metrics do not explode with ids: what {@link tagRoute} recorded, or `(unmatched)`.
 * Routers are mounted at the root with full paths, so a template is the whole path.
 */
export function routeTemplateOf(res: Response): string {
  return res.locals.routeTemplate ?? UNMATCHED;
}

/** Middleware that names the template of the requests it sees. */
export function tagRoute(template: string): RequestHandler {
  return function tagRouteTemplate(_req, res, next) {
    res.locals.routeTemplate = template;
    next();
  };
}

/** `router.route(path)` with its template recorded for every request it sees, whatever the method. */
export function routeOf(router: Router, path: string): IRoute {
  return router.route(path).all(tagRoute(path));
}
