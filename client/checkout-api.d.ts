/**
 * Types of the Checkout API, generated from openapi.json by `npm run client:types`.
 * Do not edit: change the API, then run `npm run openapi && npm run client:types`.
 */
export interface paths {
    "/api/Checkout/sessions/me/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Update contact
         * @description Edits the prefill contact details before card capture. Answers 204 with `ETag: "<version>"`.
         */
        post: operations["UpdateContactController_update"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/checkouts/{checkoutId}/billing-address": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add checkout billing address
         * @description Adds the billing address; a checkout has at most one (then use PUT).
         */
        post: operations["AddBillingAddressController_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/checkouts/{checkoutId}/billing-address/{addressId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Update checkout billing address
         * @description Replaces the billing address. An omitted email keeps the one on file (a customer's token email when given).
         */
        put: operations["UpdateBillingAddressController_update"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/checkouts/{checkoutId}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an order
         * @description Places the order. The checkout is then completed and refuses every edit.
         */
        post: operations["CompleteCheckoutController_complete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/form-fields": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the checkout form fields
         * @description The billing address form, generated from the billing address validation rules (required fields, maximum lengths), and every country with its subdivisions for the country and state dropdowns. The SDK's `FormFields`, plus `countries`.
         */
        get: operations["StorefrontSettingsController_formFields"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/checkout-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the checkout settings
         * @description The SDK's `Config` for one checkout: its currency, the form fields, and the settings this service supports; what it does not know about the store is empty or false.
         */
        get: operations["StorefrontSettingsController_checkoutSettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/checkouts/{checkoutId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a checkout
         * @description The checkout in BigCommerce's shape, with `ETag: "<version>"`.
         */
        get: operations["GetCheckoutController_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/storefront/checkout/{checkoutId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a checkout (singular path)
         * @description The same as `GET /api/storefront/checkouts/{checkoutId}`, at the path BigCommerce's checkout SDK calls.
         */
        get: operations["GetCheckoutController_getSingular"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a checkout
         * @description A merchant opens a checkout in its own channel for a shopper's cart. It starts at version 1.
         */
        post: operations["CreateCheckoutController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        UpdateContactRequest: {
            /**
             * Format: uuid
             * @description The checkout session id (the checkout id).
             * @example 2489E9AD-2EE2-8E00-8EC9-32D5F69181C0
             */
            sessionId: string;
            /** @example Jane */
            firstName: string;
            /** @example Doe */
            lastName: string;
            /**
             * Format: email
             * @example jane.doe@example.com
             */
            email: string;
            /** @example +1 512 555 0100 */
            phone?: string;
            /** @example 123 Main Street */
            addressLine1?: string;
            /** @example Suite 400 */
            addressLine2?: string;
            /** @example Austin */
            city?: string;
            /** @example TX */
            state?: string;
            /** @example 78701 */
            postCode?: string;
            /** @example US */
            country?: string;
            /**
             * @description The version you last saw; 409 if the checkout has moved on.
             * @example 1
             */
            version?: number;
        };
        ProblemDetails: {
            /**
             * @description Identifies the problem type; `about:blank` when the HTTP status says it all.
             * @example urn:problem-type:checkout:version-conflict
             */
            type: string;
            /** @example Version conflict */
            title: string;
            /** @example 409 */
            status: number;
            /** @example The checkout is at version 4, not 3. Reload it and retry. */
            detail: string;
            /**
             * @description The request path.
             * @example /api/storefront/checkouts/7c9e6679-7425-40de-944b-e07fc1f90ae7/billing-address
             */
            instance: string;
            /**
             * @description Request id, also sent as X-Request-Id; quote it when reporting a 5xx.
             * @example 01JDQ6R5Z8W4XK3M2N1P0QRSTU
             */
            traceId?: string;
            /**
             * @description On a 400: the failing fields by path, each with its messages. `detail` names them all in one sentence. (Not called `errors`: BigCommerce's checkout SDK reads a problem with `errors` as its internal error format.)
             * @example {
             *       "email": [
             *         "email must be an email address"
             *       ],
             *       "customFields[0].fieldId": [
             *         "fieldId must be a string"
             *       ]
             *     }
             */
            fields?: {
                [key: string]: string[];
            };
            /**
             * @description On a version conflict: the checkout's current version.
             * @example 4
             */
            currentVersion?: number;
        };
        CustomFieldRequest: {
            /** @example field_25 */
            fieldId: string;
            /**
             * @description Free text: may contain tabs and line breaks.
             * @example Leave at the door
             */
            fieldValue: string;
        };
        BillingAddressRequest: {
            /** @example 123 Main Street */
            address1?: string;
            /** @example Suite 400 */
            address2?: string;
            /** @example Austin */
            city?: string;
            /** @example Acme Coffee */
            company?: string;
            /** @example United States */
            country?: string;
            /**
             * @description ISO 3166-1 alpha-2, upper case. Required once any address field is given; a body with an email alone (the guest e-mail step) may omit it or send "".
             * @example US
             */
            countryCode?: string;
            customFields?: components["schemas"]["CustomFieldRequest"][];
            /**
             * Format: email
             * @description Required when a guest adds the address; a customer's token email is used when omitted.
             * @example jane.doe@example.com
             */
            email?: string;
            /** @example Jane */
            firstName?: string;
            /** @example Doe */
            lastName?: string;
            /** @example Texas */
            stateOrProvince?: string;
            /** @example TX */
            stateOrProvinceCode?: string;
            /** @example +1 512 555 0100 */
            phone?: string;
            /** @example 78701 */
            postalCode?: string;
            /**
             * @description The version you last saw; 409 if the checkout has moved on.
             * @example 2
             */
            version?: number;
            /**
             * @description Accepted and ignored: this service keeps no address book. BigCommerce's checkout SDK sends it on every call.
             * @example false
             */
            shouldSaveAddress?: boolean;
            /**
             * @description Accepted and not stored (BigCommerce's checkout SDK may send it with the guest e-mail step); consent is the storefront's to record.
             * @example false
             */
            acceptsMarketingNewsletter?: boolean;
            /**
             * @description Accepted and not stored, like acceptsMarketingNewsletter.
             * @example false
             */
            acceptsAbandonedCartEmails?: boolean;
        };
        CustomFieldResponse: {
            /** @example field_25 */
            fieldId: string;
            /** @example Leave at the door */
            fieldValue: string;
        };
        BillingAddressResponse: {
            /**
             * @description Opaque id; send it back verbatim in PUT.
             * @example 5f3b1c2e-8a4d-4f7e-9b6a-2c1d0e9f8a7b
             */
            id: string;
            /** @example Jane */
            firstName: string;
            /** @example Doe */
            lastName: string;
            /** @example jane.doe@example.com */
            email: string;
            /** @example  */
            company: string;
            /** @example 123 Main Street */
            address1: string;
            /** @example Suite 400 */
            address2: string;
            /** @example Austin */
            city: string;
            /** @example Texas */
            stateOrProvince: string;
            /** @example TX */
            stateOrProvinceCode: string;
            /** @example United States */
            country: string;
            /**
             * @description Empty while the address is an email alone (the guest e-mail step).
             * @example US
             */
            countryCode: string;
            /** @example 78701 */
            postalCode: string;
            /** @example +1 512 555 0100 */
            phone: string;
            customFields: components["schemas"]["CustomFieldResponse"][];
        };
        CurrencyResponse: {
            /** @example USD */
            code: string;
            /** @example 2 */
            decimalPlaces: number;
        };
        PhysicalItemResponse: {
            /** @example 0b3e3f5c-1a2b-4c3d-8e9f-0a1b2c3d4e5f */
            id: string;
            /** @example sku-espresso-1kg */
            productId: string;
            /** @example Espresso beans, 1 kg */
            name: string;
            /** @example 2 */
            quantity: number;
            /** @example 24.5 */
            listPrice: number;
            /** @example 24.5 */
            salePrice: number;
            /** @example 49 */
            extendedListPrice: number;
            /** @example 49 */
            extendedSalePrice: number;
            /** @example true */
            isShippingRequired: boolean;
        };
        LineItemsResponse: {
            physicalItems: components["schemas"]["PhysicalItemResponse"][];
            /** @example [] */
            digitalItems: Record<string, never>[];
            /** @example [] */
            giftCertificates: Record<string, never>[];
            /** @example [] */
            customItems: Record<string, never>[];
        };
        CartResponse: {
            /** @example 7c9e6679-7425-40de-944b-e07fc1f90ae7 */
            id: string;
            currency: components["schemas"]["CurrencyResponse"];
            /** @example false */
            isTaxIncluded: boolean;
            /** @example 49 */
            baseAmount: number;
            /** @example 0 */
            discountAmount: number;
            /** @example 49 */
            cartAmount: number;
            /** @example [] */
            coupons: Record<string, never>[];
            /** @example [] */
            discounts: Record<string, never>[];
            lineItems: components["schemas"]["LineItemsResponse"];
            /** @example 2026-11-23T09:00:00.000Z */
            createdTime: string;
            /** @example 2026-11-23T09:05:00.000Z */
            updatedTime: string;
        };
        CustomerResponse: {
            /**
             * @description BigCommerce's numeric customer id: always 0 here (no customer accounts).
             * @example 0
             */
            id: number;
            /**
             * @description false only when the caller is a signed-in shopper (a `customer` token).
             * @example true
             */
            isGuest: boolean;
            /**
             * @description Saved addresses: none here.
             * @example []
             */
            addresses: Record<string, never>[];
            /** @example 0 */
            storeCredit: number;
            /** @example false */
            shouldEncourageSignIn: boolean;
            /**
             * @description The shopper the checkout belongs to (token `sub`).
             * @example shopper-1
             */
            shopperId: string;
            /** @example jane.doe@example.com */
            email: string | null;
            /** @example Jane */
            firstName: string | null;
            /** @example Doe */
            lastName: string | null;
            /** @example Jane Doe */
            fullName: string | null;
        };
        ContactResponse: {
            /** @example Jane */
            firstName: string;
            /** @example Doe */
            lastName: string;
            /** @example jane.doe@example.com */
            email: string;
            /** @example +1 512 555 0100 */
            phone?: string;
            /** @example 123 Main Street */
            addressLine1?: string;
            /** @example Suite 400 */
            addressLine2?: string;
            /** @example Austin */
            city?: string;
            /** @example TX */
            state?: string;
            /** @example 78701 */
            postCode?: string;
            /** @example US */
            country?: string;
        };
        CheckoutResponse: {
            /**
             * Format: uuid
             * @example 7c9e6679-7425-40de-944b-e07fc1f90ae7
             */
            id: string;
            /**
             * @description Increases by exactly 1 with every change.
             * @example 3
             */
            version: number;
            billingAddress: components["schemas"]["BillingAddressResponse"] | (never | null);
            cart: components["schemas"]["CartResponse"];
            /** @example 1 */
            channelId: number;
            /** @example [] */
            consignments: Record<string, never>[];
            /** @example [] */
            coupons: Record<string, never>[];
            /** @example [] */
            fees: Record<string, never>[];
            /** @example 2026-11-23T09:00:00.000Z */
            createdTime: string;
            /** @example 2026-11-23T09:05:00.000Z */
            updatedTime: string;
            customer: components["schemas"]["CustomerResponse"];
            /** @example  */
            customerMessage: string;
            /** @example [] */
            giftCertificates: Record<string, never>[];
            /** @example 0 */
            giftWrappingCostTotal: number;
            /** @example 49 */
            grandTotal: number;
            /** @example 0 */
            handlingCostTotal: number;
            /** @example false */
            isStoreCreditApplied: boolean;
            /**
             * @description Set once the order is placed.
             * @example null
             */
            orderId: number | null;
            /** @example 49 */
            outstandingBalance: number;
            /** @example [] */
            payments: Record<string, never>[];
            /** @example [] */
            promotions: Record<string, never>[];
            /** @example 0 */
            shippingCostBeforeDiscount: number;
            /** @example 0 */
            shippingCostTotal: number;
            /** @example false */
            shouldExecuteSpamCheck: boolean;
            /** @example 49 */
            subtotal: number;
            /** @example [] */
            taxes: Record<string, never>[];
            /** @example 0 */
            taxTotal: number;
            contact: components["schemas"]["ContactResponse"] | (never | null);
        };
        CompleteCheckoutRequest: {
            /**
             * @description The version you last saw; 409 if the checkout has moved on.
             * @example 3
             */
            version?: number;
        };
        OrderResponse: {
            /** @example 100001 */
            id: number;
        };
        FormFieldItemResponse: {
            /** @example US */
            value: string;
            /** @example United States of America */
            label: string;
        };
        FormFieldOptionsResponse: {
            items: components["schemas"]["FormFieldItemResponse"][];
        };
        FormFieldResponse: {
            /** @example firstName */
            id: string;
            /**
             * @description The billing address property it fills.
             * @example firstName
             */
            name: string;
            /**
             * @description Always false: this service has no custom fields.
             * @example false
             */
            custom: boolean;
            /** @example First Name */
            label: string;
            /**
             * @description Exactly when validation refuses an address without it.
             * @example false
             */
            required: boolean;
            /** @example  */
            default: string;
            /**
             * @example text
             * @enum {string}
             */
            fieldType: "text" | "dropdown";
            /**
             * @example string
             * @enum {string}
             */
            type: "string" | "array";
            /**
             * @description Dropdowns: the type of their values.
             * @example string
             */
            itemtype?: string;
            /**
             * @description Text fields: the longest value accepted.
             * @example 255
             */
            maxLength?: number;
            /** @description countryCode: every country. */
            options?: components["schemas"]["FormFieldOptionsResponse"];
        };
        SubdivisionResponse: {
            /**
             * @description As `stateOrProvinceCode`.
             * @example TX
             */
            code: string;
            /** @example Texas */
            name: string;
        };
        CountryResponse: {
            /**
             * @description ISO 3166-1 alpha-2.
             * @example US
             */
            code: string;
            /** @example United States of America */
            name: string;
            /**
             * @description Whether this service requires a postal code.
             * @example false
             */
            hasPostalCodes: boolean;
            /**
             * @description Whether this service requires a state.
             * @example false
             */
            requiresState: boolean;
            /** @description ISO 3166-2, top level only. */
            subdivisions: components["schemas"]["SubdivisionResponse"][];
        };
        FormFieldsResponse: {
            /** @example [] */
            customerAccount: components["schemas"]["FormFieldResponse"][];
            /** @example [] */
            shippingAddress: components["schemas"]["FormFieldResponse"][];
            /** @description Generated from the billing address validation rules. */
            billingAddress: components["schemas"]["FormFieldResponse"][];
            /** @description Every country with its subdivisions, for the state dropdown. */
            countries: components["schemas"]["CountryResponse"][];
        };
        SdkFormFieldsResponse: {
            /** @example [] */
            customerAccount: components["schemas"]["FormFieldResponse"][];
            /** @example [] */
            shippingAddress: components["schemas"]["FormFieldResponse"][];
            /** @description Generated from the billing address validation rules. */
            billingAddress: components["schemas"]["FormFieldResponse"][];
        };
        LineItemRequest: {
            /** @example sku-espresso-1kg */
            productId: string;
            /** @example Espresso beans, 1 kg */
            name: string;
            /** @example 2 */
            quantity: number;
            /**
             * @description In the checkout currency, with at most its number of decimals.
             * @example 24.5
             */
            unitPrice: number;
        };
        CreateCheckoutRequest: {
            /**
             * @description The `sub` of the shopper who will own the checkout.
             * @example shopper-1
             */
            shopperId: string;
            /**
             * @description ISO 4217 code.
             * @example USD
             */
            currency: string;
            lineItems: components["schemas"]["LineItemRequest"][];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    UpdateContactController_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description The version you last saw: `"3"` (as the ETag gave it), `3` or `W/"3"`; `*` means any version. 409 if the checkout has moved on. */
                "If-Match"?: string;
                /** @description Makes the request safe to retry for 24 hours. A retry with the same key and the same request gets the first successful response again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first is still running waits for it; the same key with a different request is a 422. A request that failed is not remembered, so it may be retried with its key. Keys belong to the caller (the token); use a new one, such as a UUID, for every new change. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateContactRequest"];
            };
        };
        responses: {
            /** @description Contact updated. */
            204: {
                headers: {
                    /** @description The new version, quoted. */
                    ETag?: string;
                    /** @description `true` when this is the stored response to an earlier request with this Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body; `fields` lists each failing field, `detail` names them. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such session for this caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The checkout is completed, or is not at `version`. Also when the first request with this Idempotency-Key has not finished yet (retry it). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 64 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is not `application/json` in UTF-8, or is compressed (a `Content-Encoding` other than identity). */
            415: {
                headers: {
                    /** @description `identity`, when the body was refused for its content coding. */
                    "Accept-Encoding"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This Idempotency-Key was already used with a different request. Use a new key. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    AddBillingAddressController_add: {
        parameters: {
            query?: {
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: {
                /** @description The version you last saw: `"3"` (as the ETag gave it), `3` or `W/"3"`; `*` means any version. 409 if the checkout has moved on. */
                "If-Match"?: string;
                /** @description Makes the request safe to retry for 24 hours. A retry with the same key and the same request gets the first successful response again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first is still running waits for it; the same key with a different request is a 422. A request that failed is not remembered, so it may be retried with its key. Keys belong to the caller (the token); use a new one, such as a UUID, for every new change. */
                "Idempotency-Key"?: string;
            };
            path: {
                checkoutId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["BillingAddressRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description `true` when this is the stored response to an earlier request with this Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResponse"];
                };
            };
            /** @description Invalid body; `fields` lists each failing field, `detail` names them. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such checkout for this caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Already has a billing address, is completed, or is not at `version`. Also when the first request with this Idempotency-Key has not finished yet (retry it). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 64 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is not `application/json` in UTF-8, or is compressed (a `Content-Encoding` other than identity). */
            415: {
                headers: {
                    /** @description `identity`, when the body was refused for its content coding. */
                    "Accept-Encoding"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This Idempotency-Key was already used with a different request. Use a new key. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    UpdateBillingAddressController_update: {
        parameters: {
            query?: {
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: {
                /** @description The version you last saw: `"3"` (as the ETag gave it), `3` or `W/"3"`; `*` means any version. 409 if the checkout has moved on. */
                "If-Match"?: string;
                /** @description Makes the request safe to retry for 24 hours. A retry with the same key and the same request gets the first successful response again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first is still running waits for it; the same key with a different request is a 422. A request that failed is not remembered, so it may be retried with its key. Keys belong to the caller (the token); use a new one, such as a UUID, for every new change. */
                "Idempotency-Key"?: string;
            };
            path: {
                checkoutId: string;
                /** @description The billing address's opaque id, verbatim. */
                addressId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["BillingAddressRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description `true` when this is the stored response to an earlier request with this Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResponse"];
                };
            };
            /** @description Invalid body; `fields` lists each failing field, `detail` names them. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such checkout for this caller, or addressId is not its billing address. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Completed, or not at `version`. Also when the first request with this Idempotency-Key has not finished yet (retry it). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 64 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is not `application/json` in UTF-8, or is compressed (a `Content-Encoding` other than identity). */
            415: {
                headers: {
                    /** @description `identity`, when the body was refused for its content coding. */
                    "Accept-Encoding"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This Idempotency-Key was already used with a different request. Use a new key. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    CompleteCheckoutController_complete: {
        parameters: {
            query?: {
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: {
                /** @description The version you last saw: `"3"` (as the ETag gave it), `3` or `W/"3"`; `*` means any version. 409 if the checkout has moved on. */
                "If-Match"?: string;
                /** @description Makes the request safe to retry for 24 hours. A retry with the same key and the same request gets the first successful response again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first is still running waits for it; the same key with a different request is a 422. A request that failed is not remembered, so it may be retried with its key. Keys belong to the caller (the token); use a new one, such as a UUID, for every new change. */
                "Idempotency-Key"?: string;
            };
            path: {
                checkoutId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CompleteCheckoutRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    /** @description `true` when this is the stored response to an earlier request with this Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderResponse"];
                };
            };
            /** @description The body is not JSON, or invalid: `fields` lists each failing field, `detail` names them. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such checkout for this caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Already completed, has no billing address yet, or is not at `version`. Also when the first request with this Idempotency-Key has not finished yet (retry it). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 64 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is not `application/json` in UTF-8, or is compressed (a `Content-Encoding` other than identity). */
            415: {
                headers: {
                    /** @description `identity`, when the body was refused for its content coding. */
                    "Accept-Encoding"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This Idempotency-Key was already used with a different request. Use a new key. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    StorefrontSettingsController_formFields: {
        parameters: {
            query?: {
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FormFieldsResponse"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    StorefrontSettingsController_checkoutSettings: {
        parameters: {
            query: {
                checkoutId: string;
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        context: {
                            /** Format: uuid */
                            checkoutId: string;
                            /** @example  */
                            geoCountryCode?: string;
                            /** @example [] */
                            flashMessages?: Record<string, never>[];
                            /** @example {} */
                            payment?: Record<string, never>;
                        };
                        customization: {
                            /** @example [] */
                            languageData?: unknown[];
                        };
                        storeConfig: {
                            /** @description True only where this service does the thing (`guestCheckoutEnabled`); every other setting false, empty or null. */
                            checkoutSettings: {
                                /** @example true */
                                guestCheckoutEnabled?: boolean;
                                /** @example {} */
                                features?: {
                                    [key: string]: boolean;
                                };
                            };
                            currency: {
                                /**
                                 * @description The checkout's currency.
                                 * @example USD
                                 */
                                code: string;
                                /**
                                 * @description A string, as BigCommerce sends it.
                                 * @example 2
                                 */
                                decimalPlaces: string;
                                /** @example . */
                                decimalSeparator: string;
                                /** @example true */
                                isTransactional: boolean;
                                /** @example left */
                                symbolLocation?: string;
                                /** @example $ */
                                symbol: string;
                                /** @example , */
                                thousandsSeparator?: string;
                            };
                            shopperCurrency: {
                                /**
                                 * @description The checkout's currency.
                                 * @example USD
                                 */
                                code: string;
                                /**
                                 * @description A string, as BigCommerce sends it.
                                 * @example 2
                                 */
                                decimalPlaces: string;
                                /** @example . */
                                decimalSeparator: string;
                                /** @example true */
                                isTransactional: boolean;
                                /** @example left */
                                symbolLocation?: string;
                                /** @example $ */
                                symbol: string;
                                /** @example , */
                                thousandsSeparator?: string;
                                /** @example 1 */
                                exchangeRate: number;
                            };
                            formFields: components["schemas"]["SdkFormFieldsResponse"];
                            /** @example  */
                            cdnPath?: string;
                            /** @example  */
                            imageDirectory?: string;
                            /** @example dd/MM/yyyy */
                            inputDateFormat?: string;
                            /** @example dd/MM/yyyy */
                            displayDateFormat?: string;
                            /** @example false */
                            isAngularDebuggingEnabled?: boolean;
                            /** @description Not known to this service: every value empty or false. */
                            displaySettings?: Record<string, never>;
                            /** @description Not known to this service: every value empty or false. */
                            links?: Record<string, never>;
                            /** @description Not known to this service: every value empty or false. */
                            paymentSettings?: Record<string, never>;
                            /** @description Not known to this service: every value empty or false. */
                            shopperConfig?: Record<string, never>;
                            /** @description Not known to this service: every value empty or false. */
                            storeProfile?: Record<string, never>;
                        };
                    };
                };
            };
            /** @description checkoutId is missing or not a UUID, or the query has an unknown parameter. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such checkout for this caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    GetCheckoutController_get: {
        parameters: {
            query?: {
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: never;
            path: {
                checkoutId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResponse"];
                };
            };
            /** @description checkoutId is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such checkout for this caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    GetCheckoutController_getSingular: {
        parameters: {
            query?: {
                /** @description BigCommerce's sub-resources to include, comma-separated. Accepted for compatibility; every answer already includes all this service has. */
                include?: string;
            };
            header?: never;
            path: {
                checkoutId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResponse"];
                };
            };
            /** @description checkoutId is not a UUID. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only guest, customer, merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such checkout for this caller. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
    CreateCheckoutController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes the request safe to retry for 24 hours. A retry with the same key and the same request gets the first successful response again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first is still running waits for it; the same key with a different request is a 422. A request that failed is not remembered, so it may be retried with its key. Keys belong to the caller (the token); use a new one, such as a UUID, for every new change. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCheckoutRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    /** @description `true` when this is the stored response to an earlier request with this Idempotency-Key. */
                    "Idempotent-Replayed"?: "true";
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutResponse"];
                };
            };
            /** @description Invalid body; `fields` lists each failing field, `detail` names them. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Missing, expired or invalid bearer token. */
            401: {
                headers: {
                    /** @description `Bearer`; `Bearer error="invalid_token"` when a token was sent. */
                    "WWW-Authenticate"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Only merchant tokens may call this. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description When the first request with this Idempotency-Key has not finished yet (retry it). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is larger than 64 KiB. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description The request body is not `application/json` in UTF-8, or is compressed (a `Content-Encoding` other than identity). */
            415: {
                headers: {
                    /** @description `identity`, when the body was refused for its content coding. */
                    "Accept-Encoding"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description This Idempotency-Key was already used with a different request. Use a new key. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Too many requests from this token (or IP, without one); see `Retry-After`. */
            429: {
                headers: {
                    /** @description Seconds to wait. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Something went wrong on our side. `traceId` (also sent as `X-Request-Id`) finds the request in the logs: quote it when reporting. */
            500: {
                headers: {
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
            /** @description The database is not answering, or this instance is shutting down (`Connection: close`), so the request was not acknowledged. Retry after `Retry-After` seconds; repeat a write with the same `Idempotency-Key`, so that it applies at most once. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    /** @description The request id, the same as `traceId`. */
                    "X-Request-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"] & {
                        traceId: string;
                    };
                };
            };
        };
    };
}
