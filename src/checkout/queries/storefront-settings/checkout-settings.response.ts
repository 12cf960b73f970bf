import { CheckoutState } from '../../domain/checkout';
import { Currency } from '../../domain/money';
import { FormFieldsResponse } from './form-fields.response';

/** BigCommerce's defaults; this service formats no dates, so they only keep the SDK's shape. */
const DATE_FORMAT = 'dd/MM/yyyy';

interface StoreCurrency {
  code: string;
  /** A string, as BigCommerce sends it. */
  decimalPlaces: string;
  decimalSeparator: string;
  isTransactional: boolean;
  symbolLocation: string;
  symbol: string;
  thousandsSeparator: string;
}

const currencies = new Map<string, StoreCurrency>();

/**
 * The checkout's currency as the storefront shows amounts. This service formats amounts in English
 * only, where the symbol goes first and the separators are `.` and `,` for every currency.
 */
function storeCurrency(currency: Currency): StoreCurrency {
  let known = currencies.get(currency.code);
  if (!known) {
    const parts = new Intl.NumberFormat('en', {
      style: 'currency',
      currency: currency.code,
    }).formatToParts(0);
    known = Object.freeze({
      code: currency.code,
      decimalPlaces: String(currency.decimalPlaces),
      decimalSeparator: '.',
      isTransactional: true,
      symbolLocation: 'left',
      symbol: parts.find((part) => part.type === 'currency')?.value ?? currency.code,
      thousandsSeparator: ',',
    });
    currencies.set(currency.code, known);
  }
  return known;
}

/**
 * The SDK's `Config` for one checkout (`GET /api/storefront/checkout-settings`), answering only
 * with what this service knows: its currency, its form fields, and a checkout setting set to true
 * only where the service does the thing (guests may check out). The store's profile, links,
 * payment and account settings are not known here: empty strings, false, empty lists.
 */
export function toCheckoutSettingsResponse(
  checkout: CheckoutState,
  formFields: FormFieldsResponse,
) {
  const currency = storeCurrency(checkout.currency);
  return {
    context: {
      checkoutId: checkout.id,
      geoCountryCode: '',
      flashMessages: [],
      payment: {},
    },
    customization: { languageData: [] },
    storeConfig: {
      cdnPath: '',
      checkoutSettings: {
        features: {},
        checkoutBillingSameAsShippingEnabled: false,
        checkoutUserExperienceSettings: {
          enhancedCheckoutThemeV1: false,
          walletButtonsOnTop: false,
          floatingLabelEnabled: false,
        },
        enableOrderComments: false,
        enableTermsAndConditions: false,
        googleMapsApiKey: '',
        googleRecaptchaSitekey: '',
        guestCheckoutEnabled: true,
        hasMultiShippingEnabled: false,
        isAccountCreationEnabled: false,
        isAnalyticsEnabled: false,
        isCardVaultingEnabled: false,
        isCouponCodeCollapsed: false,
        isExpressPrivacyPolicy: false,
        isPaymentRequestCanMakePaymentEnabled: false,
        isPaymentRequestEnabled: false,
        isPhoneNumberValidationEnabled: false,
        isSignInEmailEnabled: false,
        isSpamProtectionEnabled: false,
        isStorefrontSpamProtectionEnabled: false,
        isTrustedShippingAddressEnabled: false,
        orderTermsAndConditions: '',
        orderTermsAndConditionsLink: '',
        orderTermsAndConditionsLocation: '',
        orderTermsAndConditionsType: '',
        privacyPolicyUrl: '',
        providerWithCustomCheckout: null,
        realtimeShippingProviders: [],
        remoteCheckoutProviders: [],
        requiresMarketingConsent: false,
        shippingQuoteFailedMessage: '',
        shouldRedirectToStorefrontForAuth: false,
      },
      currency,
      displayDateFormat: DATE_FORMAT,
      displaySettings: { hidePriceFromGuests: false },
      // The SDK's FormFields only: the countries list (most of /form-fields' size) is not read
      // from here, and this answer is not cached.
      formFields: {
        customerAccount: formFields.customerAccount,
        shippingAddress: formFields.shippingAddress,
        billingAddress: formFields.billingAddress,
      },
      imageDirectory: '',
      inputDateFormat: DATE_FORMAT,
      isAngularDebuggingEnabled: false,
      links: {
        cartLink: '',
        checkoutLink: '',
        createAccountLink: '',
        forgotPasswordLink: '',
        loginLink: '',
        logoutLink: '',
        orderConfirmationLink: '',
        siteLink: '',
      },
      paymentSettings: { bigpayBaseUrl: '', clientSidePaymentProviders: [] },
      shopperConfig: {
        defaultNewsletterSignup: false,
        passwordRequirements: { alpha: '', numeric: '', minlength: 0, error: '' },
        showNewsletterSignup: false,
      },
      shopperCurrency: { ...currency, exchangeRate: 1, isTransactional: true },
      storeProfile: {
        orderEmail: '',
        shopPath: '',
        storeCountry: '',
        storeCountryCode: '',
        storeHash: '',
        storeId: '',
        storeLanguage: '',
        storeName: '',
        storePhoneNumber: '',
      },
    },
  };
}

export type CheckoutSettingsResponse = ReturnType<typeof toCheckoutSettingsResponse>;
