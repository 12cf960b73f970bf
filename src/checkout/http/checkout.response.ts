import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { placeNames } from '../countries/countries';
import { cartAmountMinor, CheckoutState } from '../domain/checkout';
import { BillingAddress, Contact } from '../domain/checkout-parts';
import { Viewer } from '../../shared/domain/viewer';

export class CustomFieldResponse {
  @ApiProperty({ example: 'field_25' }) fieldId!: string;
  @ApiProperty({ example: 'Leave at the door' }) fieldValue!: string;
}

export class BillingAddressResponse {
  @ApiProperty({
    example: '5f3b1c2e-8a4d-4f7e-9b6a-2c1d0e9f8a7b',
    description: 'Opaque id; send it back verbatim in PUT.',
  })
  id!: string;
  @ApiProperty({ example: 'Jane' }) firstName!: string;
  @ApiProperty({ example: 'Doe' }) lastName!: string;
  @ApiProperty({ example: 'jane.doe@example.com' }) email!: string;
  @ApiProperty({ example: '' }) company!: string;
  @ApiProperty({ example: '123 Main Street' }) address1!: string;
  @ApiProperty({ example: 'Suite 400' }) address2!: string;
  @ApiProperty({ example: 'Austin' }) city!: string;
  @ApiProperty({ example: 'Texas' }) stateOrProvince!: string;
  @ApiProperty({ example: 'TX' }) stateOrProvinceCode!: string;
  @ApiProperty({ example: 'United States' }) country!: string;
  @ApiProperty({
    example: 'US',
    description: 'Empty while the address is an email alone (the guest e-mail step).',
  })
  countryCode!: string;
  @ApiProperty({ example: '78701' }) postalCode!: string;
  @ApiProperty({ example: '+1 512 555 0100' }) phone!: string;
  @ApiProperty({ type: [CustomFieldResponse] }) customFields!: CustomFieldResponse[];
}

export class ContactResponse {
  @ApiProperty({ example: 'Jane' }) firstName!: string;
  @ApiProperty({ example: 'Doe' }) lastName!: string;
  @ApiProperty({ example: 'jane.doe@example.com' }) email!: string;
  @ApiPropertyOptional({ example: '+1 512 555 0100' }) phone?: string;
  @ApiPropertyOptional({ example: '123 Main Street' }) addressLine1?: string;
  @ApiPropertyOptional({ example: 'Suite 400' }) addressLine2?: string;
  @ApiPropertyOptional({ example: 'Austin' }) city?: string;
  @ApiPropertyOptional({ example: 'TX' }) state?: string;
  @ApiPropertyOptional({ example: '78701' }) postCode?: string;
  @ApiPropertyOptional({ example: 'US' }) country?: string;
}

export class CurrencyResponse {
  @ApiProperty({ example: 'USD' }) code!: string;
  @ApiProperty({ example: 2 }) decimalPlaces!: number;
}

export class PhysicalItemResponse {
  @ApiProperty({ example: '0b3e3f5c-1a2b-4c3d-8e9f-0a1b2c3d4e5f' }) id!: string;
  @ApiProperty({ example: 'sku-espresso-1kg' }) productId!: string;
  @ApiProperty({ example: 'Espresso beans, 1 kg' }) name!: string;
  @ApiProperty({ example: 2 }) quantity!: number;
  @ApiProperty({ example: 24.5 }) listPrice!: number;
  @ApiProperty({ example: 24.5 }) salePrice!: number;
  @ApiProperty({ example: 49 }) extendedListPrice!: number;
  @ApiProperty({ example: 49 }) extendedSalePrice!: number;
  @ApiProperty({ example: true }) isShippingRequired!: boolean;
}

export class LineItemsResponse {
  @ApiProperty({ type: [PhysicalItemResponse] }) physicalItems!: PhysicalItemResponse[];
  @ApiProperty({ type: [Object], example: [] }) digitalItems!: unknown[];
  @ApiProperty({ type: [Object], example: [] }) giftCertificates!: unknown[];
  @ApiProperty({ type: [Object], example: [] }) customItems!: unknown[];
}

export class CartResponse {
  @ApiProperty({ example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) id!: string;
  @ApiProperty({ type: CurrencyResponse }) currency!: CurrencyResponse;
  @ApiProperty({ example: false }) isTaxIncluded!: boolean;
  @ApiProperty({ example: 49 }) baseAmount!: number;
  @ApiProperty({ example: 0 }) discountAmount!: number;
  @ApiProperty({ example: 49 }) cartAmount!: number;
  @ApiProperty({ type: [Object], example: [] }) coupons!: unknown[];
  @ApiProperty({ type: [Object], example: [] }) discounts!: unknown[];
  @ApiProperty({ type: LineItemsResponse }) lineItems!: LineItemsResponse;
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) createdTime!: string;
  @ApiProperty({ example: '2026-11-23T09:05:00.000Z' }) updatedTime!: string;
}

/** What BigCommerce's checkout SDK reads of the shopper; this service keeps no customer accounts. */
export class CustomerResponse {
  @ApiProperty({
    example: 0,
    description: "BigCommerce's numeric customer id: always 0 here (no customer accounts).",
  })
  id!: number;
  @ApiProperty({
    example: true,
    description: 'false only when the caller is a signed-in shopper (a `customer` token).',
  })
  isGuest!: boolean;
  @ApiProperty({ type: [Object], example: [], description: 'Saved addresses: none here.' })
  addresses!: unknown[];
  @ApiProperty({ example: 0 }) storeCredit!: number;
  @ApiProperty({ example: false }) shouldEncourageSignIn!: boolean;
  @ApiProperty({
    example: 'shopper-1',
    description: 'The shopper the checkout belongs to (token `sub`).',
  })
  shopperId!: string;
  @ApiProperty({ example: 'jane.doe@example.com', nullable: true, type: String }) email!:
    string | null;
  @ApiProperty({ example: 'Jane', nullable: true, type: String }) firstName!: string | null;
  @ApiProperty({ example: 'Doe', nullable: true, type: String }) lastName!: string | null;
  @ApiProperty({ example: 'Jane Doe', nullable: true, type: String }) fullName!: string | null;
}

/** BigCommerce's Checkout object, plus `version` and the payment page's `contact`. */
export class CheckoutResponse {
  @ApiProperty({ example: '7c9e6679-7425-40de-944b-e07fc1f90ae7', format: 'uuid' }) id!: string;
  @ApiProperty({ example: 3, description: 'Increases by exactly 1 with every change.' })
  version!: number;
  @ApiProperty({ type: BillingAddressResponse, nullable: true })
  billingAddress!: BillingAddressResponse | null;
  @ApiProperty({ type: CartResponse }) cart!: CartResponse;
  @ApiProperty({ example: 1 }) channelId!: number;
  @ApiProperty({ type: [Object], example: [] }) consignments!: unknown[];
  @ApiProperty({ type: [Object], example: [] }) coupons!: unknown[];
  @ApiProperty({ type: [Object], example: [] }) fees!: unknown[];
  @ApiProperty({ example: '2026-11-23T09:00:00.000Z' }) createdTime!: string;
  @ApiProperty({ example: '2026-11-23T09:05:00.000Z' }) updatedTime!: string;
  @ApiProperty({ type: CustomerResponse }) customer!: CustomerResponse;
  @ApiProperty({ example: '' }) customerMessage!: string;
  @ApiProperty({ type: [Object], example: [] }) giftCertificates!: unknown[];
  @ApiProperty({ example: 0 }) giftWrappingCostTotal!: number;
  @ApiProperty({ example: 49 }) grandTotal!: number;
  @ApiProperty({ example: 0 }) handlingCostTotal!: number;
  @ApiProperty({ example: false }) isStoreCreditApplied!: boolean;
  @ApiProperty({
    example: null,
    nullable: true,
    type: Number,
    description: 'Set once the order is placed.',
  })
  orderId!: number | null;
  @ApiProperty({ example: 49 }) outstandingBalance!: number;
  @ApiProperty({ type: [Object], example: [] }) payments!: unknown[];
  @ApiProperty({ type: [Object], example: [] }) promotions!: unknown[];
  @ApiProperty({ example: 0 }) shippingCostBeforeDiscount!: number;
  @ApiProperty({ example: 0 }) shippingCostTotal!: number;
  @ApiProperty({ example: false }) shouldExecuteSpamCheck!: boolean;
  @ApiProperty({ example: 49 }) subtotal!: number;
  @ApiProperty({ type: [Object], example: [] }) taxes!: unknown[];
  @ApiProperty({ example: 0 }) taxTotal!: number;
  @ApiProperty({ type: ContactResponse, nullable: true }) contact!: ContactResponse | null;
}

/**
 * The address as stored; a country or state sent as a code alone shows its ISO name too, as
 * BigCommerce's does (its checkout SDK drops `country` when it sends an address back).
 */
function billingAddressResponse(address: BillingAddress): BillingAddressResponse {
  const names =
    address.country === undefined || address.stateOrProvince === undefined
      ? placeNames(address.countryCode, address.stateOrProvinceCode)
      : {};
  return {
    id: address.id,
    firstName: address.firstName ?? '',
    lastName: address.lastName ?? '',
    email: address.email ?? '',
    company: address.company ?? '',
    address1: address.address1 ?? '',
    address2: address.address2 ?? '',
    city: address.city ?? '',
    stateOrProvince: address.stateOrProvince ?? names.subdivision ?? '',
    stateOrProvinceCode: address.stateOrProvinceCode ?? '',
    country: address.country ?? names.country ?? '',
    countryCode: address.countryCode ?? '',
    postalCode: address.postalCode ?? '',
    phone: address.phone ?? '',
    customFields: (address.customFields ?? []).map(({ fieldId, fieldValue }) => ({
      fieldId,
      fieldValue,
    })),
  };
}

function customerResponse(
  shopperId: string,
  contact: Contact | null,
  billing: BillingAddress | null,
  viewer: Viewer,
): CustomerResponse {
  const firstName = contact?.firstName ?? billing?.firstName ?? null;
  const lastName = contact?.lastName ?? billing?.lastName ?? null;
  const fullName = [firstName, lastName].filter(Boolean).join(' ') || null;
  return {
    id: 0,
    isGuest: viewer.role !== 'customer',
    addresses: [],
    storeCredit: 0,
    shouldEncourageSignIn: false,
    shopperId,
    email: contact?.email ?? billing?.email ?? null,
    firstName,
    lastName,
    fullName,
  };
}

/**
 * Maps a checkout's state to BigCommerce's Checkout shape, as `viewer` sees it; every amount comes
 * from integer minor units.
 */
export function toCheckoutResponse(state: CheckoutState, viewer: Viewer): CheckoutResponse {
  const money = (minor: number): number => state.currency.fromMinor(minor);
  const cartAmount = money(cartAmountMinor(state));
  const createdTime = state.createdAt.toISOString();
  const updatedTime = state.updatedAt.toISOString();
  const outstanding = state.status === 'completed' ? 0 : cartAmount;
  return {
    id: state.id,
    version: state.version,
    billingAddress: state.billingAddress && billingAddressResponse(state.billingAddress),
    cart: {
      id: state.id,
      currency: { code: state.currency.code, decimalPlaces: state.currency.decimalPlaces },
      isTaxIncluded: false,
      baseAmount: cartAmount,
      discountAmount: 0,
      cartAmount,
      coupons: [],
      discounts: [],
      lineItems: {
        physicalItems: state.lineItems.map((item) => ({
          id: item.id,
          productId: item.productId,
          name: item.name,
          quantity: item.quantity,
          listPrice: money(item.unitPriceMinor),
          salePrice: money(item.unitPriceMinor),
          extendedListPrice: money(item.unitPriceMinor * item.quantity),
          extendedSalePrice: money(item.unitPriceMinor * item.quantity),
          isShippingRequired: true,
        })),
        digitalItems: [],
        giftCertificates: [],
        customItems: [],
      },
      createdTime,
      updatedTime,
    },
    channelId: state.channelId,
    consignments: [],
    coupons: [],
    fees: [],
    createdTime,
    updatedTime,
    customer: customerResponse(state.shopperId, state.contact, state.billingAddress, viewer),
    customerMessage: '',
    giftCertificates: [],
    giftWrappingCostTotal: 0,
    grandTotal: cartAmount,
    handlingCostTotal: 0,
    isStoreCreditApplied: false,
    orderId: state.orderId,
    outstandingBalance: outstanding,
    payments: [],
    promotions: [],
    shippingCostBeforeDiscount: 0,
    shippingCostTotal: 0,
    shouldExecuteSpamCheck: false,
    subtotal: cartAmount,
    taxes: [],
    taxTotal: 0,
    contact: state.contact && { ...state.contact },
  };
}
