/** Who is acting on a checkout, as proven by the caller's token. */
export type Role = 'guest' | 'customer' | 'merchant';

export interface Viewer {
  readonly role: Role;
  /** The token's `sub`: the shopper id for guests and customers. */
  readonly subject: string;
  /** Merchants only: the channel whose checkouts they manage. */
  readonly channelId?: number;
  /** Customers only: the signed-in shopper's email. */
  readonly email?: string;
}
