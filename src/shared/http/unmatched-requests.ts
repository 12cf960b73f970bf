import { MethodNotAllowedException, NotFoundException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replyWithProblem } from './problem-details.filter';

/** The methods a route of this service may serve; OPTIONS is CORS's, handled apart. */
const ROUTE_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * The methods the router serves at `url`, in ROUTE_METHODS order (HEAD wherever Fastify exposes
 * it with GET), and OPTIONS when CORS answers it there; empty when no route matches the path.
 */
export function servedMethods(fastify: FastifyInstance, url: string): string[] {
  const served: string[] = ROUTE_METHODS.filter(
    (method) => fastify.findRoute({ method, url }) !== null,
  );
  // CORS's preflight route matches every path: it makes OPTIONS allowed, not the path known.
  if (served.length > 0 && fastify.findRoute({ method: 'OPTIONS', url }) !== null) {
    served.push('OPTIONS');
  }
  return served;
}

/**
 * Answers a request no route took: 405 with `Allow` when the path is served with other methods,
 * otherwise 404. Neither echoes the path beyond `instance`. A route that matched but found nothing
 * to serve (a static file, through `reply.callNotFound()`) still gets its 404.
 */
export function answerUnmatchedRequest(
  fastify: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const served = servedMethods(fastify, request.url);
  if (served.length === 0 || served.includes(request.method)) {
    replyWithProblem(reply, request, new NotFoundException('Nothing is served at this path.'));
    return;
  }
  const allow = served.join(', ');
  void reply.header('allow', allow);
  replyWithProblem(
    reply,
    request,
    new MethodNotAllowedException(
      `This path does not serve ${request.method}; it serves ${allow}.`,
    ),
  );
}

/**
 * Nest's adapter, with unmatched requests answered by answerUnmatchedRequest instead of Nest's
 * handler, which answers 404 even where another method is served and names the whole URL, query
 * included, in `detail`. Nest installs its handler in `init()`; Fastify takes only one.
 */
export class ProblemFastifyAdapter extends FastifyAdapter {
  override setNotFoundHandler(): ReturnType<FastifyAdapter['setNotFoundHandler']> {
    const fastify = this.getInstance();
    return fastify.setNotFoundHandler((request, reply) =>
      answerUnmatchedRequest(fastify, request, reply),
    );
  }
}
