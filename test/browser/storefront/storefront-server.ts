import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkoutPage } from './storefront-page';

export interface StorefrontOptions {
  /** The browser bundle of the checkout SDK, served as /checkout-sdk.js. */
  sdkScript: string;
  /** The name of the cookie the checkout service reads its token from. */
  cookieName: string;
  /** The parent domain shared with the checkout service; undefined: a host-only cookie. */
  cookieDomain?: string;
}

/**
 * A storefront's web server, on an origin of its own: it "signs the shopper in" by setting the
 * checkout service's token as an HttpOnly cookie with the checkout page, and serves the SDK.
 */
export class Storefront {
  /** Where the page's SDK sends its requests; set once the service listens. */
  serviceOrigin = '';
  /** The token the next page load sets as the cookie: the shopper's session. */
  token = '';

  private constructor(
    private readonly server: Server,
    private readonly options: StorefrontOptions,
  ) {}

  static async start(options: StorefrontOptions): Promise<Storefront> {
    const server = createServer();
    const storefront = new Storefront(server, options);
    server.on('request', (request, response) => storefront.answer(request, response));
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(0, '127.0.0.1', done);
    });
    return storefront;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://storefront').pathname;
    if (request.method === 'GET' && path === '/checkout-sdk.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(this.options.sdkScript);
    } else if (request.method === 'GET' && path === '/checkout') {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'set-cookie': this.sessionCookie(),
      });
      response.end(checkoutPage(this.serviceOrigin));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  }

  private sessionCookie(): string {
    const { cookieName, cookieDomain } = this.options;
    const domain = cookieDomain === undefined ? '' : `; Domain=${cookieDomain}`;
    return `${cookieName}=${this.token}${domain}; Path=/; HttpOnly; SameSite=Lax`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}
