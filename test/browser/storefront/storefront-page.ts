import { SDK_GLOBAL } from './checkout-sdk-bundle';

/** What the page's script shows of the SDK's state: the selectors a checkout page reads. */
export interface SdkSnapshot {
  checkout: any;
  customer: any;
  billingAddress: any;
  config: any;
  billingAddressFields: any[];
}

/** An error the SDK threw, as far as a page can tell: RequestError's own members. */
export interface SdkError {
  name: string;
  type?: string;
  status?: number;
  message: string;
  body?: unknown;
}

export type SdkOutcome =
  { ok: true; state: SdkSnapshot } | { ok: false; error: SdkError; state: SdkSnapshot };

/** The page's script, reached through `page.evaluate`: one SDK method call, then the state. */
export interface StorefrontGlobal {
  storefront: { call(step: string, method: string, args: unknown[]): Promise<SdkOutcome> };
}

/**
 * The storefront's checkout page: the SDK bundle, then a script that creates the checkout service
 * against the service's origin and renders the state after every call, so screenshots show it.
 * The page knows only the service's origin: the shopper's credential is the cookie the storefront
 * set with this very page, which the page's script cannot read (HttpOnly).
 */
export function checkoutPage(serviceOrigin: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Storefront checkout</title>
<style>
  body { font: 13px/1.4 system-ui, sans-serif; margin: 16px; }
  h1 { font-size: 16px; margin: 0 0 4px; }
  #outcome.failed { color: #b00020; }
  pre { background: #f5f5f5; padding: 8px; white-space: pre-wrap; word-break: break-all; }
</style>
<script src="/checkout-sdk.js"></script>
</head>
<body>
<h1 id="step">Storefront checkout: nothing called yet</h1>
<div id="outcome"></div>
<pre id="state"></pre>
<script>
${storefrontScript(serviceOrigin)}
</script>
</body>
</html>
`;
}

function storefrontScript(serviceOrigin: string): string {
  return `(function () {
  var service = window.${SDK_GLOBAL}.createCheckoutService({ host: ${JSON.stringify(serviceOrigin)} });

  function snapshot() {
    var data = service.getState().data;
    return {
      checkout: data.getCheckout() || null,
      customer: data.getCustomer() || null,
      billingAddress: data.getBillingAddress() || null,
      config: data.getConfig() || null,
      billingAddressFields: data.getBillingAddressFields('US') || [],
    };
  }

  function errorOf(error) {
    return {
      name: error && error.name,
      type: error && error.type,
      status: error && error.status,
      message: String(error && error.message),
      body: error && error.body,
    };
  }

  function render(step, outcome) {
    document.getElementById('step').textContent = step;
    var line = document.getElementById('outcome');
    line.className = outcome.ok ? 'ok' : 'failed';
    line.textContent = outcome.ok
      ? 'resolved'
      : 'rejected: ' + outcome.error.name + ' ' + outcome.error.status + ': ' + outcome.error.message;
    var state = outcome.state;
    document.getElementById('state').textContent = JSON.stringify(
      {
        checkout: state.checkout && {
          id: state.checkout.id,
          version: state.checkout.version,
          grandTotal: state.checkout.grandTotal,
        },
        customer: state.customer,
        billingAddress: state.billingAddress,
        config: state.config ? 'loaded' : null,
        billingAddressFields: state.billingAddressFields.map(function (field) { return field.name; }),
        error: outcome.ok ? undefined : outcome.error.body,
      },
      null,
      2,
    );
  }

  window.storefront = {
    call: function (step, method, args) {
      return Promise.resolve()
        .then(function () { return service[method].apply(service, args); })
        .then(
        function () { return { ok: true, state: snapshot() }; },
        function (error) { return { ok: false, error: errorOf(error), state: snapshot() }; },
      ).then(function (outcome) {
        render(step, outcome);
        return outcome;
      });
    },
  };
})();`;
}
