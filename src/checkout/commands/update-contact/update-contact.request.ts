import { Email, Text } from '../../../shared/http/fields';
import { CheckoutId } from '../../http/params';
import { ExpectedVersion } from '../../http/versioning';

/** The source API's body, as it is, plus the optional `version` for optimistic concurrency. */
export class UpdateContactRequest {
  @CheckoutId({
    example: '2489E9AD-2EE2-8E00-8EC9-32D5F69181C0',
    description: 'The checkout session id (the checkout id).',
  })
  sessionId!: string;

  @Text({ maxLength: 255, required: true, example: 'Jane' })
  firstName!: string;

  @Text({ maxLength: 255, required: true, example: 'Doe' })
  lastName!: string;

  @Email({ required: true, example: 'jane.doe@example.com' })
  email!: string;

  @Text({ maxLength: 50, example: '+1 512 555 0100' })
  phone?: string;

  @Text({ maxLength: 255, example: '123 Main Street' })
  addressLine1?: string;

  @Text({ maxLength: 255, example: 'Suite 400' })
  addressLine2?: string;

  @Text({ maxLength: 255, example: 'Austin' })
  city?: string;

  @Text({ maxLength: 255, example: 'TX' })
  state?: string;

  @Text({ maxLength: 30, example: '78701' })
  postCode?: string;

  @Text({ maxLength: 255, example: 'US' })
  country?: string;

  @ExpectedVersion(1)
  version?: number;
}
